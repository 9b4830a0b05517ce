"""Which publisher each account gets: live with credentials, the dry-run outbox without.

The one place publishers are built: the daemon, `scheduler publish`, the reports and
`scheduler auth` (which checks new tokens the way the daemon will use them) all come here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from scheduler.model.platforms import PLATFORMS
from scheduler.model.settings import Config
from scheduler.publishers.base import Publisher
from scheduler.publishers.dry_run import Outbox
from scheduler.publishers.platform_access import (
    Credentials,
    PlatformSettings,
    load_credentials,
    settings_from,
)

# Post.platform says "twitter"; people (and the X docs) say "x".
PLATFORM_ALIASES = {"x": "twitter", **{platform: platform for platform in PLATFORMS}}


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


@dataclass(frozen=True)
class Wiring:
    publishers: dict[str, Publisher]
    dry_run: tuple[str, ...]  # accounts that post to the outbox
    credentials: Credentials
    timeout_s: float  # the longest a platform request may take


def wire_publishers(
    config: Config,
    outbox_dir: Path | None,
    *,
    dry_run: bool = False,
    environ: Mapping[str, str] | None = None,
) -> Wiring:
    """Every account's publisher: live where it has credentials, else the dry-run outbox."""
    environ = os.environ if environ is None else environ
    credentials = load_credentials(environ, None)
    settings = settings_from(environ, config.platform_settings)
    publishers: dict[str, Publisher] = {}
    outboxed = []
    for account in config.accounts:
        live = (
            None
            if dry_run
            else make_publisher(account.platform, account.handle, credentials, settings)
        )
        if live is None:
            publishers[account.key] = Outbox(account.platform, account.handle, outbox_dir)
            outboxed.append(account.key)
        else:
            publishers[account.key] = live
    return Wiring(publishers, tuple(outboxed), credentials, settings.timeout_s)
