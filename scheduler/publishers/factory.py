"""Build the live publisher for one account, or None when its platform has no credentials."""

from __future__ import annotations

from scheduler.publishers.base import Publisher
from scheduler.publishers.credentials import Credentials, PlatformSettings

# Post.platform says "twitter"; people (and the X docs) say "x".
PLATFORM_ALIASES = {
    "x": "twitter",
    "twitter": "twitter",
    "linkedin": "linkedin",
    "facebook": "facebook",
}


def make_publisher(
    platform: str, handle: str, credentials: Credentials, settings: PlatformSettings
) -> Publisher | None:
    """The publisher for ``platform``; None means "no credentials: use the dry-run outbox"."""
    name = PLATFORM_ALIASES.get(platform.strip().lower())
    if name is None:
        raise ValueError(f"unknown platform {platform!r}; expected x, linkedin or facebook")
    timeout = settings.timeout_s
    # Each client is imported only when an account needs it: a dry-run daemon never pays for
    # tweepy and requests (about 8 MB and a tenth of a second).
    if name == "twitter" and credentials.x:
        from scheduler.publishers.x import XPublisher

        return XPublisher(handle, credentials.x, api_base=settings.x_api_base, timeout_s=timeout)
    if name == "linkedin" and credentials.linkedin:
        from scheduler.publishers.linkedin import LinkedInPublisher

        return LinkedInPublisher.configured(handle, credentials.linkedin, settings)
    if name == "facebook" and credentials.facebook:
        from scheduler.publishers.facebook import FacebookPublisher

        return FacebookPublisher.configured(handle, credentials.facebook, settings)
    return None
