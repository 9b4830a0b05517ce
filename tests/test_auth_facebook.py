"""`scheduler auth facebook`: a User token in, the configured Page's token stored."""

from __future__ import annotations

import json
import stat

import pytest

from scheduler.publishers.platform_access import read_secrets_file
from tests.fakes import accounts

MAIN_PAGE = {
    "FACEBOOK_PAGE_ID": accounts.FACEBOOK_PAGE_ID,
    "FACEBOOK_PAGE_TOKEN": accounts.FACEBOOK_PAGE_TOKEN,
}


def configure_facebook(project, handle: str, url: str) -> None:
    text = project.config_path.read_text()
    text = text.replace("handle: AnnemarieBaltusInspira", f"handle: {handle}")
    project.config_path.write_text(
        text.replace("http://www.facebook.com/AnnemarieBaltusInspira", url)
    )


def authorise(run_cli, *args: str, typed: str = ""):
    """The User token is pasted at its hidden prompt, then ``typed`` follows."""
    result = run_cli("auth", "facebook", *args, input=f"{accounts.FACEBOOK_USER_TOKEN}\n{typed}")
    leaked = [s for s in accounts.ALL_SECRETS if s in result.output]
    assert leaked == [], f"leaked: {leaked}"
    return result


def test_the_configured_page_is_found_and_its_token_stored(run_cli, secrets_path):
    result = authorise(run_cli)
    assert result.exit_code == 0, result.output
    assert "developers.facebook.com/tools/explorer" in result.output
    assert "pages_manage_posts" in result.output and "Extend Access Token" in result.output
    assert f"authorised as {accounts.FACEBOOK_PAGE_NAME} (Page {accounts.FACEBOOK_PAGE_ID})" in (
        result.output
    )
    assert "Which Page" not in result.output  # the config's handle named it
    assert stat.S_IMODE(secrets_path.stat().st_mode) == 0o600
    assert read_secrets_file(secrets_path) == MAIN_PAGE  # the User token is not kept

    check = run_cli("accounts", "--check", "--json")
    row = next(r for r in json.loads(check.stdout) if r["platform"] == "facebook")
    assert (row["mode"], row["check"]) == ("live", "ok")


def test_page_option_chooses_by_name(run_cli, secrets_path):
    result = authorise(run_cli, "--page", "inspira teamcoaching")
    assert result.exit_code == 0, result.output
    assert read_secrets_file(secrets_path) == {
        "FACEBOOK_PAGE_ID": accounts.FACEBOOK_OTHER_PAGE_ID,
        "FACEBOOK_PAGE_TOKEN": accounts.FACEBOOK_OTHER_PAGE_TOKEN,
    }


def test_an_unknown_page_option_is_bad_usage(run_cli, secrets_path):
    result = authorise(run_cli, "--page", "Someone Else")
    assert result.exit_code == 2
    assert "is none of your Pages" in result.output and accounts.FACEBOOK_PAGE_NAME in result.output
    assert not secrets_path.exists()


def test_the_person_picks_when_the_config_names_no_page(run_cli, project, secrets_path):
    configure_facebook(project, "SomeOtherPage", "https://www.facebook.com/SomeOtherPage")
    result = authorise(run_cli, typed="2\n")
    assert result.exit_code == 0, result.output
    assert f"1. {accounts.FACEBOOK_OTHER_PAGE_NAME} (Page {accounts.FACEBOOK_OTHER_PAGE_ID})" in (
        result.output
    )
    assert read_secrets_file(secrets_path) == MAIN_PAGE


def test_a_personal_profile_is_named_as_such(run_cli, project, secrets_path):
    configure_facebook(
        project, "AnnemarieBaltusInspira", "https://www.facebook.com/profile.php?id=100001234"
    )
    result = authorise(run_cli)
    assert result.exit_code == 0, result.output
    assert "is a personal Facebook profile" in result.output
    assert "can only publish to Pages" in result.output
    assert f"url https://www.facebook.com/{accounts.FACEBOOK_PAGE_USERNAME}" in result.output


@pytest.mark.parametrize(
    ("token", "fault", "message"),
    [
        ("EAAGnotAToken", None, "Cannot parse access token"),
        (accounts.FACEBOOK_USER_TOKEN, "expired_token", "Session has expired"),
    ],
)
def test_a_refused_user_token_stores_nothing(run_cli, fakes, secrets_path, token, fault, message):
    if fault:
        fakes.inject(fault, "facebook", on="read")
    result = run_cli("auth", "facebook", input=f"{token}\n")
    assert result.exit_code == 1
    assert "listing your Pages refused: facebook 400" in result.output and message in result.output
    assert token not in result.output
    assert not secrets_path.exists()
