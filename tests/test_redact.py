from __future__ import annotations

import logging

from scheduler.redact import REDACTED, RedactingFilter, install_redaction, scrub


def test_scrub_known_values_and_credential_shapes():
    text = (
        "token sekret-value-123 then Authorization: Bearer AQVabc.def-ghi "
        "url https://graph.facebook.com/v25.0/1/feed?fields=id&access_token=EAAxyz&x=1 "
        'OAuth oauth_consumer_key="ck123456", oauth_token="tok-987654", oauth_signature="s%3D" '
        "[('oauth_token', 'tok-987654'), ('oauth_nonce', '1')]"
    )
    clean = scrub(text, ["sekret-value-123"])
    for secret in ("sekret-value-123", "AQVabc", "EAAxyz", "tok-987654", "s%3D", "ck123456"):
        assert secret not in clean
    assert "oauth_nonce" in clean and "fields=id" in clean and REDACTED in clean


def test_short_values_are_not_treated_as_secrets():
    assert scrub("id 42 is fine", ["42"]) == "id 42 is fine"


def test_filter_rewrites_args_and_tracebacks(caplog):
    caplog.set_level(logging.DEBUG)
    install_redaction(["hush-hush-secret"])
    log = logging.getLogger("test.redact")
    log.debug("sending %s", "hush-hush-secret")
    try:
        raise ValueError("url?access_token=hush-hush-secret")
    except ValueError:
        log.exception("failed")
    assert "hush-hush-secret" not in caplog.text
    assert caplog.text.count(REDACTED) >= 2


def test_install_replaces_rather_than_stacks_filters():
    handler = logging.NullHandler()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        install_redaction(["aaaaaaa"])
        install_redaction(["bbbbbbb"])
        filters = [f for f in handler.filters if isinstance(f, RedactingFilter)]
        assert len(filters) == 1 and filters[0].secrets == ("bbbbbbb",)
    finally:
        root.removeHandler(handler)
