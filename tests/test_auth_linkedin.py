"""`scheduler auth linkedin`: the OAuth code flow end to end, the test acting as the browser."""

from __future__ import annotations

import json
import stat
from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from scheduler.publishers.platform_access import read_secrets_file
from tests.fakes import accounts, browser
from tests.fakes.fixtures import point_at_fakes
from tests.test_publishers_fake_cli import free_port

ACCOUNT = "linkedin:annemariebaltus"


@pytest.fixture
def secrets_path(run_cli, fakes, monkeypatch, tmp_path):
    path = tmp_path / "private" / "secrets.env"
    point_at_fakes(monkeypatch, fakes.url, path)
    monkeypatch.setenv("LINKEDIN_CLIENT_ID", accounts.LINKEDIN_CLIENT_ID)
    return path


def authorise(run_cli, *extra: str, secret: str = accounts.LINKEDIN_CLIENT_SECRET):
    """Run the command; the client secret is typed at its hidden prompt."""
    result = run_cli("auth", "linkedin", "--port", str(free_port()), *extra, input=secret + "\n")
    leaked = [s for s in accounts.ALL_SECRETS if s in result.output]
    assert leaked == [], f"leaked: {leaked}"
    return result


def test_the_flow_stores_a_working_token_privately(run_cli, secrets_path, monkeypatch):
    secrets_path.parent.mkdir()
    secrets_path.write_text("SMTP_PASSWORD=kept\n")
    secrets_path.chmod(0o600)
    person = browser.install(monkeypatch)
    result = authorise(run_cli)
    assert result.exit_code == 0, result.output

    [visited] = person.visited
    query = parse_qs(urlsplit(visited).query)
    assert urlsplit(visited).path == "/oauth/v2/authorization"
    assert query["response_type"] == ["code"]
    assert query["client_id"] == [accounts.LINKEDIN_CLIENT_ID]
    assert query["scope"] == ["openid profile w_member_social"] and query["state"][0]
    assert urlsplit(query["redirect_uri"][0]).netloc.startswith("127.0.0.1:")
    assert "You can close this tab" in person.page()

    assert stat.S_IMODE(secrets_path.stat().st_mode) == 0o600
    stored = read_secrets_file(secrets_path)
    assert stored["SMTP_PASSWORD"] == "kept"  # merged, not replaced
    assert stored["LINKEDIN_ACCESS_TOKEN"] == accounts.LINKEDIN_TOKEN
    assert stored["LINKEDIN_AUTHOR_URN"] == f"urn:li:person:{accounts.LINKEDIN_SUB}"
    assert stored["LINKEDIN_CLIENT_SECRET"] == accounts.LINKEDIN_CLIENT_SECRET
    expires = date.fromisoformat(stored["LINKEDIN_TOKEN_EXPIRES"])
    assert expires - datetime.now(UTC).date() in (timedelta(days=59), timedelta(days=60))
    assert str(secrets_path) in result.output and stored["LINKEDIN_TOKEN_EXPIRES"] in result.output

    check = run_cli("accounts", "--check", "--json")
    row = next(r for r in json.loads(check.stdout) if r["platform"] == "linkedin")
    assert (row["mode"], row["check"]) == ("live", "ok")


def test_renewing_takes_the_app_from_the_secrets_file(run_cli, secrets_path, monkeypatch):
    browser.install(monkeypatch)
    assert authorise(run_cli).exit_code == 0
    monkeypatch.delenv("LINKEDIN_CLIENT_ID")
    renewed = authorise(run_cli, secret="")  # nothing typed: nothing asked
    assert renewed.exit_code == 0, renewed.output
    assert "using LINKEDIN_CLIENT_SECRET from" in renewed.output


def test_a_stopped_account_posts_again_after_a_new_token(
    run_cli, project, secrets_path, monkeypatch
):
    ledger = project.ledger()
    ledger.stop_account(ACCOUNT, "authorisation failed: linkedin 401", datetime.now(UTC))
    browser.install(monkeypatch)
    result = authorise(run_cli)
    assert result.exit_code == 0, result.output
    assert "was stopped (authorisation failed: linkedin 401); it posts again" in result.output
    assert ACCOUNT not in ledger.stopped_accounts()


def test_cancel_on_linkedin_stores_nothing(run_cli, fakes, secrets_path, monkeypatch):
    browser.install(monkeypatch)
    fakes.inject("rejected", "linkedin", on="consent")
    result = authorise(run_cli)
    assert result.exit_code == 1
    assert "did not authorise the app: user_cancelled_authorize" in result.output
    assert not secrets_path.exists()


def test_a_wrong_client_secret_is_refused_at_the_exchange(run_cli, secrets_path, monkeypatch):
    browser.install(monkeypatch)
    result = authorise(run_cli, secret="not-the-client-secret")
    assert result.exit_code == 1
    assert "token exchange refused: linkedin 401: invalid_client" in result.output
    assert "not-the-client-secret" not in result.output
    assert not secrets_path.exists()


def test_a_redirect_with_another_state_is_refused(run_cli, secrets_path, monkeypatch):
    def forge(url: str, *args: object) -> bool:
        callback = parse_qs(urlsplit(url).query)["redirect_uri"][0]
        forged = f"{callback}?{urlencode({'code': 'stolen', 'state': 'not-ours'})}"
        return browser.FakeBrowser().open(forged)

    monkeypatch.setattr("webbrowser.open", forge)
    result = authorise(run_cli)
    assert result.exit_code == 1
    assert "state does not match" in result.output
    assert not secrets_path.exists()


def test_a_busy_port_is_bad_usage(run_cli, secrets_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("auth", "linkedin", "--port", str(port), input="x\n")
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [(("linkedin", "--listen"), "--listen is for x only"), (("x", "--page", "1"), "--page is")],
)
def test_options_for_another_platform_are_bad_usage(run_cli, secrets_path, args, message):
    result = run_cli("auth", *args)
    assert result.exit_code == 2 and message in result.output
