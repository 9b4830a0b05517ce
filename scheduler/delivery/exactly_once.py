"""One slot, exactly once: claim in the ledger, render, publish, record, and reconcile.

Every slot ends in exactly one recorded outcome: published, skipped (with the reason) or
failed (with the error). A request that may have reached the platform is never repeated
before the platform has been asked whether the post is already there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from scheduler.clock import Clock
from scheduler.delivery.link_comments import Comments
from scheduler.delivery.timing import MAX_ATTEMPTS, Timing
from scheduler.model.post import Outcome, Post, Result
from scheduler.publishers.base import Publisher
from scheduler.store.ledger import Ledger
from scheduler.store.ledger.claims import RECONCILE, SEND, Claim, next_step
from scheduler.store.ledger.schema import OPEN_STATES, PUBLISHED

log = logging.getLogger(__name__)

Alert = Callable[[str], None]
PostFor = Callable[[Claim], Post | None]  # rebuilds the post a claim was made for


@dataclass
class Publishing:
    """Claims, sends, records and reconciles posts (and their link comments) for one owner."""

    ledger: Ledger
    publishers: Mapping[str, Publisher]
    owner: str
    clock: Clock
    alert: Alert
    timing: Timing = Timing()
    comments: Comments = field(init=False)

    def __post_init__(self) -> None:
        self.comments = Comments(
            self.ledger, self.publishers, self.owner, self.clock, self._alert, self.timing
        )

    def _alert(self, message: str) -> None:
        self.alert(message)  # late-bound: the daemon swaps its alerter on reload

    # ---- a fresh slot --------------------------------------------------------------------

    def claim_and_send(
        self, account: str, slot_at: datetime, post: Post, generation: int | None = None
    ) -> Claim | None:
        """Claim the slot for this post and send it; None when another process has the slot.

        ``generation`` (the snippet's claims on this account when the caller decided) makes
        the claim unique per snippet too: SnippetTaken when another claim got there first.
        """
        claim = self.ledger.claim(
            account,
            slot_at,
            post.snippet_id,
            post.text,
            self.owner,
            self.clock(),
            generation=generation,
            comment=post.comment,
        )
        if claim is None:
            log.info(
                "slot already claimed", extra={"account": account, "slot": slot_at.isoformat()}
            )
            return None
        return self.send(claim, post)

    def skip(self, account: str, slot_at: datetime, reason: str) -> None:
        if self.ledger.skip(account, slot_at, reason, self.owner, self.clock()):
            log.info(
                "slot skipped",
                extra={"account": account, "slot": slot_at.isoformat(), "reason": reason},
            )

    # ---- sending and recording -----------------------------------------------------------

    def send(self, claim: Claim, post: Post) -> Claim:
        publisher = self.publishers[claim.account]
        if not self.ledger.mark_sent(claim, self.owner, self.clock(), text=post.text):
            return self.ledger.get(claim.id)  # another process moved it first
        try:
            result = publisher.publish(post)
        except Exception as exc:  # a bug in a publisher must not lose the slot's outcome
            log.exception("publisher raised", extra={"account": claim.account})
            result = Result(Outcome.UNKNOWN, error=f"publisher raised {type(exc).__name__}")
        return self._record(self.ledger.get(claim.id), result)

    def _record(self, claim: Claim, result: Result) -> Claim:
        now = self.clock()
        if result.outcome == Outcome.TRANSIENT:
            result = self._with_backoff(result, claim.attempts, now)
        final = claim.attempts >= MAX_ATTEMPTS and not result.ok
        self.ledger.record_result(claim, result, now, final_failure=final)
        extra = {
            "account": claim.account,
            "snippet": claim.snippet_id,
            "slot": claim.slot_at.isoformat(),
            "outcome": str(result.outcome),
            "attempt": claim.attempts,
        }
        if result.ok:
            log.info("published", extra={**extra, "remote_id": result.remote_id})
        else:
            log.warning(
                "not published",
                extra={**extra, "error": result.error or "", "retry_at": result.retry_at or ""},
            )
        self._react(claim, result, final)
        return self._after(claim.id)

    def _after(self, claim_id: int) -> Claim:
        """The claim as it stands; a published one sends the link comment it owes."""
        claim = self.ledger.get(claim_id)
        if claim.state == PUBLISHED:
            self.comments.after_publish(claim)
        return claim

    def _with_backoff(self, result: Result, attempts: int, now: datetime) -> Result:
        retry_at = self.timing.retry_at(attempts, now)
        return Result(result.outcome, error=result.error, retry_at=retry_at)

    def _react(self, claim: Claim, result: Result, final: bool) -> None:
        if result.outcome == Outcome.AUTH:
            reason = f"authorisation failed: {result.error or 'token rejected'}"
            self.ledger.stop_account(claim.account, reason, self.clock())
            self.alert(f"{claim.account} stopped: {reason}")
        elif result.outcome == Outcome.REJECTED:
            self.alert(f"{claim.account} rejected snippet {claim.snippet_id}: {result.error}")
        elif final:
            self.alert(
                f"{claim.account} gave up on snippet {claim.snippet_id} after "
                f"{claim.attempts} attempts: {result.error}"
            )

    # ---- retries and reconciliation ------------------------------------------------------

    def resume_open_claims(self, post_for: PostFor, live_owners: set[str]) -> None:
        """Finish what was left open: due retries, unknown outcomes, crashed senders."""
        for claim in self.ledger.claims(states=OPEN_STATES):
            self.resume(claim, post_for, live_owners)
        self.comments.resume(live_owners)

    def resume(self, claim: Claim, post_for: PostFor, live_owners: set[str]) -> None:
        """Move one open claim on; a live owner's claim in flight is left alone."""
        step = next_step(
            claim.state, claim.retry_at, self.clock(), sender_alive=claim.owner in live_owners
        )
        if step == SEND:
            self._retry(claim, post_for)
        elif step == RECONCILE:
            self.reconcile(claim, post_for)

    def _retry(self, claim: Claim, post_for: PostFor) -> None:
        post = post_for(claim)
        if post is None:
            self.ledger.give_up(claim.id, self.clock(), "the snippet is no longer in the queue")
            return
        if claim.account in self.ledger.stopped_accounts():
            return
        self.send(claim, post)

    def reconcile(self, claim: Claim, post_for: PostFor) -> None:
        """Ask the platform whether a maybe-sent post is there before anything is retried."""
        post = post_for(claim)
        publisher = self.publishers.get(claim.account)
        if post is None or publisher is None:
            return
        if claim.text:
            post = Post(**{**post.__dict__, "text": claim.text})  # look for what was sent
        now = self.clock()
        found = publisher.find(post)
        if found is not None and found.ok:
            self.ledger.record_found(claim.id, found, now)
            log.info(
                "reconciled: found on the platform",
                extra={"account": claim.account, "snippet": claim.snippet_id},
            )
            self._after(claim.id)
        elif found is not None:
            self.ledger.mark_unknown(claim.id, now, found.error)
            self.alert(
                f"{claim.account}: cannot tell whether snippet {claim.snippet_id} went "
                f"out ({found.error}); it stays unknown until the platform answers"
            )
        elif now - claim.updated_at >= self.timing.settle:
            self.ledger.release_for_retry(claim.id, now, "not found on the platform after settling")
            log.info(
                "reconciled: not there, will retry",
                extra={"account": claim.account, "snippet": claim.snippet_id},
            )
        else:
            self.ledger.mark_unknown(claim.id, now, "outcome unknown")
