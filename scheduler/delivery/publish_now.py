"""`scheduler publish`: one snippet to one account now, through the same claim path.

A publish killed at any moment and run again neither posts twice nor loses the post: the
rerun finds its earlier claim and reconciles it before anything is sent again.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import timedelta

from scheduler.clock import Clock, utc_now
from scheduler.delivery.alerts import Alerter
from scheduler.delivery.exactly_once import Publishing
from scheduler.delivery.timing import ASSUMED_TICK, Timing, heartbeat_window
from scheduler.errors import (
    AccountStopped,
    AlreadyPublished,
    BeingPublished,
    SchedulerError,
    SnippetTaken,
    UsageError,
)
from scheduler.publishers.factory import wire_publishers
from scheduler.store.content import find_snippet, load_content
from scheduler.store.ledger import Ledger
from scheduler.store.ledger.claims import ANSWERABLE, Claim
from scheduler.store.ledger.comments import Comment, comment_of
from scheduler.store.ledger.schema import (
    DONE,
    OPEN_COMMENT_STATES,
    OPEN_STATES,
    PUBLISHED,
    RETRY,
)
from scheduler.store.project import Project

# The ledger keys claims by account and second; a manual publish tries this many seconds.
SLOT_TRIES = 5


@dataclass(frozen=True)
class ManualResult:
    claim: Claim
    comment: Comment | None = None

    def as_dict(self) -> dict[str, object]:
        c = self.claim
        status = c.outcome or ("published" if c.state == PUBLISHED else c.state)
        comment = self.comment
        return {
            "comment": (
                {"state": comment.state, "remote_id": comment.remote_id, "error": comment.error}
                if comment is not None
                else None
            ),
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
        comment_done = self.comment is None or self.comment.state == DONE
        return self.claim.state == PUBLISHED and comment_done


def publish_now(
    project: Project,
    snippet_id: str,
    platform: str,
    *,
    force: bool = False,
    dry_run: bool = False,
    clock: Clock = utc_now,
    account_key: str | None = None,
) -> ManualResult:
    """Post to the platform's first account, or to the one ``account_key`` names (the desk's
    calendar posts to the account of the slot: a platform may have a person and a page)."""
    content = load_content(project)
    snippet = find_snippet(content, snippet_id)
    account = next(
        (
            a
            for a in content.config.accounts
            if a.platform == platform and account_key in (None, a.key)
        ),
        None,
    )
    if account is None and account_key is not None:
        raise UsageError(
            f"no {platform} account {account_key!r} in {content.config.path}",
            hint="reload the calendar: the accounts in the config have changed",
        )
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
    # One read decides, and the claim names it: its generation (how many claims this snippet
    # has here) is part of the claim's unique key, so two publishes that read the same ledger
    # cannot both claim, whatever the timing; the daemon's claims carry the same key.
    earlier = [c for c in ledger.claims(account=account.key) if c.snippet_id == snippet.id]
    live = ledger.live_owners(clock(), within_seconds=heartbeat_window(ASSUMED_TICK))
    open_claim = next((c for c in earlier if c.state in OPEN_STATES), None)
    if open_claim is not None:  # a run that was interrupted: finish it, never send blindly
        publishing.resume(open_claim, lambda _c: post, live)
        asked = ledger.get(open_claim.id)
        if open_claim.state in ANSWERABLE and asked.state == RETRY:
            # The platform was asked and, after settling, the post is not there: send it now,
            # as asked, rather than leave it for yet another run.
            publishing.resume(asked, lambda _c: post, live)
        return _result(ledger, open_claim.id)
    published = [c for c in earlier if c.state == PUBLISHED]
    if published and not force:
        owed = comment_of(ledger, published[-1].id)
        if (
            owed is not None and owed.state in OPEN_COMMENT_STATES
        ):  # the post is out; only its comment
            publishing.comments.resume_one(owed, live, asked=True)
            return _result(ledger, published[-1].id)
        raise AlreadyPublished(
            f"snippet {snippet.id} is already published to {account.key}; "
            "use --force to post it again"
        )
    # A manual publish needs its moment only as the ledger's key: when that second is taken
    # (a --force right after the first publish, or a daemon slot), the next one will do.
    start = clock().replace(microsecond=0)
    for offset in range(SLOT_TRIES):
        try:
            claim = publishing.claim_and_send(
                account.key, start + timedelta(seconds=offset), post, generation=len(earlier)
            )
        except SnippetTaken as taken:
            raise BeingPublished(str(taken)) from None
        if claim is not None:
            return _result(ledger, claim.id)
    raise SchedulerError("another process claimed this moment; run the command again")


def _result(ledger: Ledger, claim_id: int) -> ManualResult:
    return ManualResult(ledger.get(claim_id), comment_of(ledger, claim_id))
