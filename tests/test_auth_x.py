"""`scheduler auth x`: OAuth 1.0a with a PIN or a callback, against the fake X over HTTP."""

from __future__ import annotations

import json
import stat
from urllib.parse import parse_qs, urlsplit

import pytest

from scheduler.publishers.platform_access import read_secrets_file
from tests.fakes import accounts, browser
from tests.test_publishers_fake_cli import free_port

FOUR = {
    "X_API_KEY": accounts.X_API_KEY,
    "X_API_SECRET": accounts.X_API_SECRET,
    "X_ACCESS_TOKEN": accounts.X_ACCESS_TOKEN,
    "X_ACCESS_TOKEN_SECRET": accounts.X_ACCESS_TOKEN_SECRET,
}


@pytest.fixture
def app(monkeypatch):
    """The X app's consumer key and secret, from the environment."""
    monkeypatch.setenv("X_API_KEY", accounts.X_API_KEY)
    monkeypatch.setenv("X_API_SECRET", accounts.X_API_SECRET)


@pytest.fixture
def person(monkeypatch) -> browser.FakeBrowser:
    return browser.install(monkeypatch)


@pytest.fixture
def same_handle(project):
    """The config names the account the fake X signs in as."""
    text = project.config_path.read_text()
    project.config_path.write_text(text.replace("BaltusAnnemarie", accounts.X_HANDLE))


def authorise(run_cli, *args: str, input=None):
    result = run_cli("auth", "x", *args, input=input)
    leaked = [s for s in accounts.ALL_SECRETS if s in result.output]
    assert leaked == [], f"leaked: {leaked}"
    return result


def test_pin_flow_stores_the_four_values(run_cli, secrets_path, app, person, same_handle):
    result = authorise(run_cli, input=browser.typed(person.pin))
    assert result.exit_code == 0, result.output
    [visited] = person.visited
    assert urlsplit(visited).path == "/oauth/authorize"
    assert parse_qs(urlsplit(visited).query)["oauth_token"][0]
    assert f"authorised as @{accounts.X_HANDLE} (user id {accounts.X_USER_ID})" in result.output
    assert stat.S_IMODE(secrets_path.stat().st_mode) == 0o600
    assert read_secrets_file(secrets_path) == FOUR

    check = run_cli("accounts", "--check", "--json")
    row = next(r for r in json.loads(check.stdout) if r["platform"] == "twitter")
    assert (row["mode"], row["check"]) == ("live", "ok")


def test_the_app_keys_are_asked_hidden_when_not_set(run_cli, secrets_path, person, same_handle):
    keys = f"{accounts.X_API_KEY}\n{accounts.X_API_SECRET}\n"
    result = authorise(run_cli, input=browser.typed(keys, person.pin))
    assert result.exit_code == 0, result.output
    assert read_secrets_file(secrets_path) == FOUR


def test_no_browser_only_prints_the_address(run_cli, secrets_path, app, person):
    result = authorise(run_cli, "--no-browser", input="1234567\n")
    assert person.visited == []
    assert "/oauth/authorize?oauth_token=" in result.output


def test_callback_flow_with_the_local_listener(run_cli, secrets_path, app, person, same_handle):
    result = authorise(run_cli, "--listen", "--port", str(free_port()))
    assert result.exit_code == 0, result.output
    assert "Callback URI" in result.output
    assert read_secrets_file(secrets_path) == FOUR


def test_cancel_in_the_browser_stores_nothing(run_cli, fakes, secrets_path, app, person):
    fakes.inject("rejected", "x", on="consent")
    result = authorise(run_cli, "--listen", "--port", str(free_port()))
    assert result.exit_code == 1
    assert "not authorised" in result.output
    assert not secrets_path.exists()


def test_a_wrong_pin_is_refused(run_cli, secrets_path, app, person):
    result = authorise(run_cli, input="1234567\n")
    assert result.exit_code == 1
    assert "access token refused: x 401" in result.output
    assert "Invalid oauth_verifier" in result.output
    assert not secrets_path.exists()


def test_a_wrong_consumer_secret_fails_at_the_first_step(run_cli, secrets_path, person):
    keys = f"{accounts.X_API_KEY}\nnot-the-consumer-secret\n"
    result = authorise(run_cli, input=keys)
    assert result.exit_code == 1
    assert "request token refused: x 401" in result.output
    assert person.visited == [] and not secrets_path.exists()


def test_another_account_is_stored_only_when_confirmed(run_cli, secrets_path, app, person):
    # The config says @BaltusAnnemarie; the fake X signs in as @annemariebaltus.
    declined = authorise(run_cli, input=browser.typed(person.pin, "n\n"))
    assert declined.exit_code == 1
    assert f"You authorised @{accounts.X_HANDLE}, but the config names @BaltusAnnemarie" in (
        declined.output
    )
    assert not secrets_path.exists()
    accepted = authorise(run_cli, input=browser.typed(person.pin, "y\n"))
    assert accepted.exit_code == 0, accepted.output
    assert read_secrets_file(secrets_path) == FOUR
