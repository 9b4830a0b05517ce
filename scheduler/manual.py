"""`scheduler publish`: one snippet to one account now, through the same claim path.

A publish killed at any moment and run again neither posts twice nor loses the post: the
rerun finds its earlier claim and reconciles it before anything is sent again.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from scheduler.accounts import wire_publishers
from scheduler.alerts import Alerter
from scheduler.content import load_content
from scheduler.errors import InputError, SchedulerError, UsageError
from scheduler.ledger import OPEN_STATES, PUBLISHED, Claim
from scheduler.project import Project
from scheduler.publishing import Publishing, Timing
from scheduler.staff import find_snippet

# A daemon's heartbeat older than this means its claims in flight were abandoned.
LIVE_WITHIN_SECONDS = 120
# The ledger keys claims by account and second; a manual publish tries this many seconds.
SLOT_TRIES = 5


class AccountStopped(InputError):
    """Refused with a fix to name, like bad input, but the user must act: exit 1."""

    exit_code = 1


class AlreadyPublished(SchedulerError):
    exit_code = 1


@dataclass(frozen=True)
class ManualResult:
    claim: Claim

    def as_dict(self) -> dict[str, object]:
        c = self.claim
        status = c.outcome or ("published" if c.state == PUBLISHED else c.state)
        return {
            "status": status,
            "remote_id": c.remote_id,
            "url": c.url,
            "error": c.error,
            "retry_at": c.retry_at.isoformat() if c.retry_at else None,
            "snippet_id": c.snippet_id,
            "account": c.account,
            "state": c.state,
        }

    @property
    def ok(self) -> bool:
        return self.claim.state == PUBLISHED


def publish_now(
    project: Project,
    snippet_id: str,
    platform: str,
    *,
    force: bool = False,
    dry_run: bool = False,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> ManualResult:
    content = load_content(project)
    snippet = find_snippet(content, snippet_id)
    account = next((a for a in content.config.accounts if a.platform == platform), None)
    if account is None:
        raise UsageError(
            f"no {platform} account in {content.config.path}",
            hint="add it under accounts:, or choose another --to",
        )
    ledger = project.ledger()
    wiring = wire_publishers(content.config, project.outbox_dir, dry_run=dry_run)
    owner = f"publish:{os.getpid()}:{uuid.uuid4().hex[:6]}"
    publishing = Publishing(
        ledger,
        wiring.publishers,
        owner,
        clock,
        Alerter(content.config.alerts).send,
        Timing(settle=Timing().settle),
    )
    post = content.post(snippet, account)
    stopped = ledger.stopped_accounts().get(account.key)
    if stopped:
        raise AccountStopped(
            f"{account.key} is stopped: {stopped}",
            hint=f"renew its credentials with 'scheduler auth {platform}'",
        )
    earlier = [c for c in ledger.claims(account=account.key) if c.snippet_id == snippet.id]
    open_claim = next((c for c in earlier if c.state in OPEN_STATES), None)
    if open_claim is not None:  # a run that was interrupted: finish it, never send blindly
        live = ledger.live_owners(clock(), within_seconds=LIVE_WITHIN_SECONDS)
        publishing.resume(open_claim, lambda _c: post, live)
        return ManualResult(ledger.get(open_claim.id))
    if any(c.state == PUBLISHED for c in earlier) and not force:
        raise AlreadyPublished(
            f"snippet {snippet.id} is already published to {account.key}; "
            "use --force to post it again"
        )
    # A manual publish needs its moment only as the ledger's key: when that second is taken
    # (a --force right after the first publish, or a daemon slot), the next one will do.
    start = clock().replace(microsecond=0)
    for offset in range(SLOT_TRIES):
        claim = publishing.claim_and_send(account.key, start + timedelta(seconds=offset), post)
        if claim is not None:
            return ManualResult(claim)
    raise SchedulerError("another process claimed this moment; run the command again")
