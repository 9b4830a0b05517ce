"""Which publisher each account gets: live with credentials, the dry-run outbox without."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from scheduler.model.config import Config
from scheduler.publishers.base import Publisher
from scheduler.publishers.credentials import Credentials, load_credentials
from scheduler.publishers.factory import make_publisher
from scheduler.publishers.outbox import Outbox


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
    from scheduler.publishers.credentials import settings_from

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
