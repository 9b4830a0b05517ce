from __future__ import annotations

import os
import stat
from datetime import UTC, date, datetime

import pytest

from scheduler.errors import ConfigError, CredentialError
from scheduler.publishers.platform_access import (
    PlatformSettings,
    load_credentials,
    save_secrets,
    settings_from,
    token_expired,
    token_warning,
)

X_ENV = {
    "X_API_KEY": "env-key-123456",
    "X_API_SECRET": "env-secret-123456",
    "X_ACCESS_TOKEN": "env-token-123456",
    "X_ACCESS_TOKEN_SECRET": "env-token-secret-123456",
}


def write_secrets(path, text, mode=0o600):
    path.write_text(text)
    path.chmod(mode)
    return path


def test_nothing_configured_means_no_platforms(tmp_path):
    creds = load_credentials({}, tmp_path / "absent.env")
    assert (creds.x, creds.linkedin, creds.facebook) == (None, None, None)
    assert creds.secret_values() == ()


def test_environment_wins_over_the_secrets_file(tmp_path):
    secrets = write_secrets(
        tmp_path / "s.env",
        "# mine\nexport FACEBOOK_PAGE_ID=111\nFACEBOOK_PAGE_TOKEN='file-token-abcdef'\n"
        "LINKEDIN_ACCESS_TOKEN=file-li-token-abcdef\nLINKEDIN_TOKEN_EXPIRES=2030-01-31\n",
    )
    creds = load_credentials({**X_ENV, "FACEBOOK_PAGE_TOKEN": "env-fb-token-abcdef"}, secrets)
    assert creds.facebook.page_id == "111"
    assert creds.facebook.page_token == "env-fb-token-abcdef"
    assert creds.linkedin.access_token == "file-li-token-abcdef"
    assert creds.linkedin.token_expires == date(2030, 1, 31)
    assert creds.x.api_key == "env-key-123456"
    assert set(creds.secret_values()) == {
        *X_ENV.values(), "env-fb-token-abcdef", "file-li-token-abcdef"
    }  # fmt: skip


def test_secrets_file_path_from_environment(tmp_path):
    secrets = write_secrets(
        tmp_path / "s.env", "FACEBOOK_PAGE_ID=1\nFACEBOOK_PAGE_TOKEN=tok-abcdef\n"
    )
    creds = load_credentials({"SCHEDULER_SECRETS_FILE": str(secrets)}, None)
    assert creds.facebook.page_token == "tok-abcdef"


def test_file_readable_by_others_is_refused_with_the_fix(tmp_path):
    secrets = write_secrets(tmp_path / "s.env", "FACEBOOK_PAGE_ID=1\n", mode=0o644)
    with pytest.raises(CredentialError) as caught:
        load_credentials({}, secrets)
    assert f"chmod 600 {secrets}" in str(caught.value)


def test_partial_set_names_the_missing_variable():
    env = {k: v for k, v in X_ENV.items() if k != "X_ACCESS_TOKEN_SECRET"}
    with pytest.raises(CredentialError, match="X_ACCESS_TOKEN_SECRET"):
        load_credentials(env, None)
    with pytest.raises(CredentialError, match="FACEBOOK_PAGE_TOKEN"):
        load_credentials({"FACEBOOK_PAGE_ID": "1"}, None)
    with pytest.raises(CredentialError, match="LINKEDIN_ACCESS_TOKEN"):
        load_credentials({"LINKEDIN_AUTHOR_URN": "urn:li:organization:1"}, None)


def test_bad_expiry_is_a_credential_error():
    with pytest.raises(CredentialError, match="LINKEDIN_TOKEN_EXPIRES"):
        load_credentials(
            {"LINKEDIN_ACCESS_TOKEN": "t" * 10, "LINKEDIN_TOKEN_EXPIRES": "soon"}, None
        )


def test_repr_hides_secrets(tmp_path):
    creds = load_credentials(
        {**X_ENV, "LINKEDIN_ACCESS_TOKEN": "li-secret-abcdef", "FACEBOOK_PAGE_ID": "42",
         "FACEBOOK_PAGE_TOKEN": "fb-secret-abcdef"}, tmp_path / "none",
    )  # fmt: skip
    text = repr(creds) + str(creds)
    for secret in creds.secret_values():
        assert secret not in text
    assert "42" in text  # a page id is not a secret, and helps debugging


def test_save_secrets_writes_0600_atomically_and_merges(tmp_path):
    path = tmp_path / "cfg" / "secrets.env"
    save_secrets(path, {"LINKEDIN_ACCESS_TOKEN": "first-abcdef"})
    save_secrets(path, {"LINKEDIN_TOKEN_EXPIRES": "2031-02-03"})
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    creds = load_credentials({}, path)
    assert creds.linkedin.access_token == "first-abcdef"
    assert creds.linkedin.token_expires == date(2031, 2, 3)
    assert [p.name for p in path.parent.iterdir()] == ["secrets.env"]
    with pytest.raises(CredentialError):
        save_secrets(path, {"X_API_KEY": "two\nlines"})


@pytest.mark.parametrize(
    ("expires", "now", "expected"),
    [
        (date(2030, 1, 31), datetime(2030, 1, 1, tzinfo=UTC), None),
        (date(2030, 1, 31), datetime(2030, 1, 17, tzinfo=UTC), "expires in 14 days; renew it soon"),
        (
            date(2030, 1, 31),
            datetime(2030, 1, 28, 12, tzinfo=UTC),
            "expires in 3 days; renew it now",
        ),
        (
            date(2030, 1, 31),
            datetime(2030, 1, 30, 18, tzinfo=UTC),
            "expires in 1 day; renew it now",
        ),
        (date(2030, 1, 31), datetime(2030, 1, 31, 0, 0, tzinfo=UTC), "expired"),
        (datetime(2030, 1, 31, 12), datetime(2030, 2, 2), "expired"),
    ],
)
def test_token_warning(expires, now, expected):
    warning = token_warning(expires, now)
    if expected is None:
        assert warning is None
    else:
        assert expected in warning


def test_token_expired():
    assert not token_expired(None, datetime.now(UTC))
    assert token_expired(date(2020, 1, 1), datetime.now(UTC))
    assert not token_expired(date(2999, 1, 1), datetime.now(UTC))


def test_settings_env_wins_over_config_and_defaults_hold():
    assert settings_from({}) == PlatformSettings()
    settings = settings_from(
        {"SCHEDULER_X_API_BASE": "http://env:1/", "SCHEDULER_REQUEST_TIMEOUT": "5"},
        {"SCHEDULER_X_API_BASE": "http://config:2", "SCHEDULER_LINKEDIN_VERSION": "202601"},
    )
    assert settings.x_api_base == "http://env:1"
    assert settings.linkedin_version == "202601"
    assert settings.timeout_s == 5.0
    assert settings.facebook_graph_version == "v25.0"
    with pytest.raises(ConfigError):
        settings_from({"SCHEDULER_REQUEST_TIMEOUT": "forever"})
