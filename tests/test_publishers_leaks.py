"""No token value appears in any log line, Result or exception text, across every path."""

from __future__ import annotations

import logging

import pytest

from scheduler.model.post import Outcome
from scheduler.publishers.platform_access import Credentials
from scheduler.redact import install_redaction
from tests.fakes import accounts
from tests.fakes.fixtures import (
    FAKE_NAMES,
    PLATFORMS,
    closed_port_url,
    fresh_fakes,
    publisher,
    sample_post,
)

NOISY_LOGGERS = ("urllib3", "requests", "requests_oauthlib", "oauthlib", "tweepy", "scheduler")
FAULTS = ("duplicate", "error_500", "error_503", "expired_token", "rejected", "rate_limit",
          "drop_after_commit", "missing_id")  # fmt: skip


@pytest.fixture
def fakes():
    yield from fresh_fakes()


def test_no_token_in_logs_results_or_errors(fakes, caplog):
    caplog.set_level(logging.DEBUG)
    for name in NOISY_LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    install_redaction(accounts.fake_credentials().secret_values())
    texts: list[str] = []
    for platform in PLATFORMS:
        pub = publisher(platform, fakes.url, timeout_s=0.5)
        texts.append(repr(pub))
        post = sample_post(platform)
        texts += [repr(pub.check()), repr(pub.publish(post)), repr(pub.find(post))]
        texts.append(repr(pub.publish(sample_post(platform, "with image", image=b"png"))))
        for n, kind in enumerate(FAULTS):
            fakes.inject(kind, FAKE_NAMES[platform])
            texts.append(repr(pub.publish(sample_post(platform, f"fault {n} {kind}"))))
        fakes.inject("timeout", FAKE_NAMES[platform], seconds=0.8)
        texts.append(repr(pub.publish(sample_post(platform, "slow"))))
        texts.append(repr(publisher(platform, closed_port_url()).publish(post)))
        logging.getLogger("scheduler.test").exception("boom", exc_info=RuntimeError(fakes.url))
    bad = Credentials(x=None)
    texts.append(repr(bad))
    texts.append(repr(accounts.fake_credentials()))
    assert len(caplog.records) > 50, "the DEBUG loggers should have said a lot"
    everything = caplog.text + "\n".join(texts)
    leaked = [s for s in accounts.ALL_SECRETS if s in everything]
    assert leaked == [], f"leaked: {leaked}"
    assert "Outcome.UNKNOWN" in everything and "Outcome.PUBLISHED" in everything


def test_wrong_x_signature_is_rejected_with_401(fakes):
    wrong = accounts.fake_credentials(
        x=accounts.XCredentials(
            accounts.X_API_KEY,
            "not-the-secret",
            accounts.X_ACCESS_TOKEN,
            accounts.X_ACCESS_TOKEN_SECRET,
        )
    )
    result = publisher("twitter", fakes.url, credentials=wrong).publish(sample_post("twitter"))
    assert result.outcome is Outcome.AUTH
    assert fakes.posts() == []
