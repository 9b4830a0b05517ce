"""No token or secret of any auth flow reaches a log, even with every library at DEBUG."""

from __future__ import annotations

import logging

from tests.fakes import accounts, browser
from tests.fakes.fixtures import point_at_fakes
from tests.test_publishers_fake_cli import free_port

NOISY_LOGGERS = ("urllib3", "requests", "requests_oauthlib", "oauthlib", "tweepy", "scheduler")


def test_no_secret_of_any_flow_is_logged(run_cli, project, fakes, monkeypatch, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    for name in NOISY_LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    point_at_fakes(monkeypatch, fakes.url, tmp_path / "secrets.env")
    text = project.config_path.read_text()
    project.config_path.write_text(text.replace("BaltusAnnemarie", accounts.X_HANDLE))
    person = browser.install(monkeypatch)
    keys = f"{accounts.X_API_KEY}\n{accounts.X_API_SECRET}\n"
    runs = [
        run_cli("auth", "x", input=browser.typed(keys, person.pin)),
        run_cli(
            "auth", "linkedin", "--port", str(free_port()),
            input=f"{accounts.LINKEDIN_CLIENT_ID}\n{accounts.LINKEDIN_CLIENT_SECRET}\n",
        ),
        run_cli("auth", "facebook", input=f"{accounts.FACEBOOK_USER_TOKEN}\n"),
    ]  # fmt: skip
    assert [r.exit_code for r in runs] == [0, 0, 0], [r.output for r in runs]
    assert len(caplog.records) > 20, "the DEBUG loggers should have said a lot"
    logged = caplog.text
    assert "oauth_consumer_key" in logged, "oauthlib should have logged what it signed"
    # (The PIN is logged as oauth_verifier: it works once, and is spent by then.)
    leaked = [s for s in accounts.ALL_SECRETS if s in logged]
    assert leaked == [], f"leaked: {leaked}"
