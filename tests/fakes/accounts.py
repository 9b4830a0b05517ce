"""The accounts the fake platforms know, and matching credentials/settings for tests.

Token values are long and distinctive so the leak test can grep for them.
"""

from __future__ import annotations

from scheduler.publishers.platform_access import (
    Credentials,
    FacebookCredentials,
    LinkedInCredentials,
    PlatformSettings,
    XCredentials,
)

X_API_KEY = "fakeXconsumerKey0f3c9a7d"
X_API_SECRET = "fakeXconsumerSecret5be1d02c44a9"
X_ACCESS_TOKEN = "1790000000-fakeXaccessToken7a1e5c"
X_ACCESS_TOKEN_SECRET = "fakeXtokenSecret9d4b2f6e8a"
X_USER_ID = "1790000000"
X_HANDLE = "annemariebaltus"

LINKEDIN_TOKEN = "AQVfakeLinkedInToken3c8e1a9b7d5f"
LINKEDIN_SUB = "fakeSub4Kp9Qz"
LINKEDIN_ORGANIZATION = "urn:li:organization:5550001"
LINKEDIN_CLIENT_ID = "86fakeLinkedInClient"
LINKEDIN_CLIENT_SECRET = "fakeLinkedInClientSecret6b0e2d"

FACEBOOK_PAGE_ID = "104050607080901"
FACEBOOK_PAGE_TOKEN = "EAAGfakePageToken2e7d9c1b5a3f"
FACEBOOK_PAGE_NAME = "Annemarie Baltus"
FACEBOOK_PAGE_USERNAME = "AnnemarieBaltusInspira"
# A second Page the same person manages, so choosing a Page is a real choice.
FACEBOOK_OTHER_PAGE_ID = "104050607080999"
FACEBOOK_OTHER_PAGE_TOKEN = "EAAGfakeOtherPageToken8c4f1e9d"
FACEBOOK_OTHER_PAGE_NAME = "Inspira Teamcoaching"
FACEBOOK_USER_ID = "10150000000000001"
FACEBOOK_USER_TOKEN = "EAAGfakeUserToken5d9b3a7c1e"

ALL_SECRETS = (
    X_API_KEY,
    X_API_SECRET,
    X_ACCESS_TOKEN,
    X_ACCESS_TOKEN_SECRET,
    LINKEDIN_TOKEN,
    FACEBOOK_PAGE_TOKEN,
    LINKEDIN_CLIENT_SECRET,
    FACEBOOK_OTHER_PAGE_TOKEN,
    FACEBOOK_USER_TOKEN,
)


def fake_credentials(**overrides: object) -> Credentials:
    """Credentials the fakes accept; pass x=/linkedin=/facebook= to swap a part."""
    parts: dict[str, object] = {
        "x": XCredentials(X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN, X_ACCESS_TOKEN_SECRET),
        "linkedin": LinkedInCredentials(LINKEDIN_TOKEN),
        "facebook": FacebookCredentials(FACEBOOK_PAGE_ID, FACEBOOK_PAGE_TOKEN),
    }
    parts.update(overrides)
    return Credentials(**parts)  # type: ignore[arg-type]


def fake_settings(base_url: str, timeout_s: float = 2.0) -> PlatformSettings:
    return PlatformSettings(
        x_api_base=base_url,
        linkedin_api_base=base_url,
        facebook_api_base=base_url,
        timeout_s=timeout_s,
    )


# The environment that makes every account live: the fakes' credentials, by variable name.
CREDENTIAL_ENV = {
    "X_API_KEY": X_API_KEY,
    "X_API_SECRET": X_API_SECRET,
    "X_ACCESS_TOKEN": X_ACCESS_TOKEN,
    "X_ACCESS_TOKEN_SECRET": X_ACCESS_TOKEN_SECRET,
    "LINKEDIN_ACCESS_TOKEN": LINKEDIN_TOKEN,
    "FACEBOOK_PAGE_ID": FACEBOOK_PAGE_ID,
    "FACEBOOK_PAGE_TOKEN": FACEBOOK_PAGE_TOKEN,
}
BASE_VARIABLES = (
    "SCHEDULER_X_API_BASE",
    "SCHEDULER_LINKEDIN_API_BASE",
    "SCHEDULER_FACEBOOK_API_BASE",
)


def live_env(base_url: str) -> dict[str, str]:
    """Credentials and base URLs for live publishers that talk to a fake server."""
    return {**CREDENTIAL_ENV, **dict.fromkeys(BASE_VARIABLES, base_url)}
