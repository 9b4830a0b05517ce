"""The link's first comment (``link: comment``): sent once its post is out, exactly once.

The comment is written to the ledger with its claim, so a post can never go out without its
comment being owed. It is reconciled like the post itself: a comment whose request may have
reached the platform is looked for among the post's comments before it is ever sent again.
A post whose comment failed is never re-posted; the comment is retried on its own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from scheduler.clock import Clock
from scheduler.delivery.timing import Timing
from scheduler.model.post import Outcome, Result
from scheduler.store.ledger import Ledger
from scheduler.store.ledger.claims import RECONCILE, SEND, Claim, next_step
from scheduler.store.ledger.comments import (
    SENDABLE_COMMENT,
    Comment,
    comment_of,
    mark_comment_sent,
    mark_comment_unknown,
    open_comments,
    record_comment_found,
    record_comment_result,
    refuse_comment,
    release_comment_for_retry,
)
from scheduler.store.ledger.schema import FAILED, PUBLISHED

log = logging.getLogger(__name__)


@runtime_checkable
class Commenting(Protocol):
    """A publisher that can put a comment under one of its posts (LinkedIn, Facebook)."""

    def comment(self, post_id: str, text: str) -> Result:
        """Send the comment; never raises for an answer the platform gives."""

    def find_comment(self, post_id: str, text: str) -> Result | None:
        """PUBLISHED when the post has this comment, None when it has not, UNKNOWN when the
        platform could not be asked."""


@dataclass
class Comments:
    """Sends, retries and reconciles the comments the ledger owes."""

    ledger: Ledger
    publishers: Mapping[str, object]
    owner: str
    clock: Clock
    alert: Callable[[str], None]
    timing: Timing

    def after_publish(self, claim: Claim) -> Comment | None:
        """The post is out: send its comment now, if it owes one nothing has sent yet."""
        comment = comment_of(self.ledger, claim.id)
        if comment is None or claim.state != PUBLISHED or not claim.remote_id:
            return comment
        if comment.state in SENDABLE_COMMENT:
            return self._send(comment, claim)
        return comment

    def resume(self, live_owners: set[str]) -> None:
        """Finish what is owed: unsent comments of dead senders, due retries, unknowns."""
        for comment in open_comments(self.ledger):
            try:
                self.resume_one(comment, live_owners)
            except Exception:  # one comment must not stop the others
                log.exception("comment housekeeping failed", extra={"account": comment.account})

    def resume_one(self, comment: Comment, live_owners: set[str], *, asked: bool = False) -> None:
        """Move one owed comment on; ``asked`` (staff asked for it now) skips a retry's wait."""
        claim = self.ledger.get(comment.claim_id)
        if claim.state != PUBLISHED or not claim.remote_id:
            return
        step = next_step(
            comment.state,
            comment.retry_at,
            self.clock(),
            sender_alive=comment.owner in live_owners,
            unsent_is_ours=comment.owner == self.owner,
            asked=asked,
        )
        if step == SEND:
            self._send(comment, claim)  # the move to sent is a compare-and-set: one sender
        elif step == RECONCILE:
            self.reconcile(comment, claim)

    # ---- sending -------------------------------------------------------------------------

    def _send(self, comment: Comment, claim: Claim) -> Comment:
        publisher = self.publishers.get(comment.account)
        now = self.clock()
        if not isinstance(publisher, Commenting):
            refuse_comment(
                self.ledger, comment.claim_id, now, f"{comment.account} cannot take comments"
            )
            return comment_of(self.ledger, comment.claim_id) or comment
        if not mark_comment_sent(self.ledger, comment, self.owner, now):
            # another process took it first
            return comment_of(self.ledger, comment.claim_id) or comment
        try:
            result = publisher.comment(str(claim.remote_id), comment.text)
        except Exception as exc:  # a bug in a publisher must not lose the comment's outcome
            log.exception("publisher raised on a comment", extra={"account": comment.account})
            result = Result(Outcome.UNKNOWN, error=f"publisher raised {type(exc).__name__}")
        return self._record(comment.claim_id, comment.attempts + 1, result, claim)

    def _record(self, claim_id: int, attempts: int, result: Result, claim: Claim) -> Comment:
        now = self.clock()
        final = attempts > len(self.timing.backoff) and not result.ok
        state = record_comment_result(
            self.ledger,
            claim_id,
            result,
            now,
            final=final,
            retry_at=self.timing.retry_at(attempts, now),
        )
        extra = {"account": claim.account, "snippet": claim.snippet_id, "post": claim.remote_id}
        if result.ok:
            log.info("link comment published", extra={**extra, "remote_id": result.remote_id})
        else:
            log.warning("link comment not published", extra={**extra, "error": result.error or ""})
        if state == FAILED:
            self.alert(
                f"{claim.account}: the link comment under {claim.remote_id} (snippet "
                f"{claim.snippet_id}) failed: {result.error}; the post stays up"
            )
        return comment_of(self.ledger, claim_id)  # type: ignore[return-value]

    # ---- reconciling ---------------------------------------------------------------------

    def reconcile(self, comment: Comment, claim: Claim) -> None:
        """Ask the platform whether a maybe-sent comment is under the post before any resend."""
        publisher = self.publishers.get(comment.account)
        if not isinstance(publisher, Commenting):
            return
        now = self.clock()
        found = publisher.find_comment(str(claim.remote_id), comment.text)
        if found is not None and found.ok:
            record_comment_found(self.ledger, comment.claim_id, found, now)
            log.info("reconciled: the link comment is there", extra={"account": claim.account})
        elif found is not None:
            mark_comment_unknown(self.ledger, comment.claim_id, now, found.error)
        elif now - comment.updated_at >= self.timing.settle:
            release_comment_for_retry(
                self.ledger,
                comment.claim_id,
                now,
                "comment not found under the post after settling",
            )
        else:
            mark_comment_unknown(self.ledger, comment.claim_id, now, "outcome unknown")
