"""The claim state machine: which state may follow which, and the SQL of every move.

A slot is claimed under a unique (account, slot) key before any API call, so two daemons, a
restart or a retry can never post it twice. Every later move is a compare-and-set: an UPDATE
that only happens while the claim is still in a state the move may leave, so two replicas
never both move the same claim. Delivery asks for the moves by name and never writes a state.

    claim             -> claimed          skip -> skipped
    mark_sent         claimed | retry -> sent
    record_result     sent | unknown  -> published | unknown | retry | failed
    record_found      sent | unknown  -> published     (reconciled: the post is there)
    mark_unknown      sent            -> unknown       (the platform cannot tell yet)
    release_for_retry sent | unknown  -> retry         (not there after settling)
    give_up           claimed | retry -> failed        (the snippet left the queue)

next_step says which of sending or reconciling an open claim needs; link comments
(comments.py) follow the same machine with 'pending' for 'claimed' and 'done' for 'published'.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from scheduler.errors import SnippetTaken
from scheduler.model.post import Outcome, Result
from scheduler.store.ledger.connection import Connected
from scheduler.store.ledger.events import write_event
from scheduler.store.ledger.schema import (
    CLAIMED,
    FAILED,
    PENDING,
    PUBLISHED,
    RETRY,
    SENT,
    SKIPPED,
    UNKNOWN,
    claims,
    comments,
    publish_keys,
    stamp,
    unstamp,
)

States = set[str] | frozenset[str]

# The states each move may leave. Only 'claimed' and 'retry' may be sent: nothing of theirs
# reached the platform. A 'sent' or 'unknown' claim takes an answer or a reconciliation first.
SENDABLE = frozenset({CLAIMED, RETRY})
ANSWERABLE = frozenset({SENT, UNKNOWN})
ABANDONABLE = frozenset({RETRY, CLAIMED})  # the snippet is gone before it was sent


def answer_state(result: Result, *, final: bool, done: str = PUBLISHED) -> str:
    """Where a platform's answer moves a sent claim (or comment, whose success is 'done')."""
    if result.ok:
        return done
    if result.outcome == Outcome.UNKNOWN:
        return UNKNOWN
    if final or result.outcome in (Outcome.REJECTED, Outcome.AUTH):
        return FAILED
    return RETRY


SEND, RECONCILE = "send", "reconcile"


def next_step(
    state: str,
    retry_at: datetime | None,
    now: datetime,
    *,
    sender_alive: bool,
    unsent_is_ours: bool = False,
    asked: bool = False,
) -> str | None:
    """What an open claim (or comment) needs: SEND, RECONCILE, or None to leave it alone.

    Nothing of a 'claimed' (or 'pending') one reached the platform: it is sent once its
    sender is dead, or when the sender is us. A 'retry' is sent when due (or ``asked``). One
    that may have reached the platform is reconciled, never sent: at once when 'unknown', and
    when 'sent' only once its sender is dead (a live one is still waiting for the answer).
    """
    if state == RETRY:
        return SEND if asked or retry_at is None or retry_at <= now else None
    if state in (CLAIMED, PENDING):
        return SEND if not sender_alive or unsent_is_ours else None
    if state == UNKNOWN or (state == SENT and not sender_alive):
        return RECONCILE
    return None


def compare_and_set(
    conn: Connection, table: Table, key: int, expected: States, now: datetime, **values: Any
) -> bool:
    """Move one row of ``table`` (claims or comments) only while it is in an expected state."""
    key_column = table.c.id if table is claims else table.c.claim_id
    values = {k: (stamp(v) if isinstance(v, datetime) else v) for k, v in values.items()}
    return bool(
        conn.execute(
            update(table)
            .where(key_column == key, table.c.state.in_(expected))
            .values(updated_at=stamp(now), **values)
        ).rowcount
    )


@dataclass(frozen=True)
class Claim:
    id: int
    account: str
    slot_at: datetime
    snippet_id: str | None
    state: str
    outcome: str | None
    text: str | None
    remote_id: str | None
    url: str | None
    error: str | None
    reason: str | None
    retry_at: datetime | None
    attempts: int
    owner: str | None
    updated_at: datetime

    @classmethod
    def from_row(cls, row: object) -> Claim:
        m = row._mapping  # type: ignore[attr-defined]
        return cls(
            id=m["id"],
            account=m["account"],
            slot_at=unstamp(m["slot_at"]),  # type: ignore[arg-type]
            snippet_id=m["snippet_id"],
            state=m["state"],
            outcome=m["outcome"],
            text=m["text"],
            remote_id=m["remote_id"],
            url=m["url"],
            error=m["error"],
            reason=m["reason"],
            retry_at=unstamp(m["retry_at"]),
            attempts=m["attempts"],
            owner=m["owner"],
            updated_at=unstamp(m["updated_at"]),  # type: ignore[arg-type]
        )


class Claims(Connected):
    # ---- taking a slot -------------------------------------------------------------------

    def claim(
        self,
        account: str,
        slot_at: datetime,
        snippet_id: str | None,
        text: str | None,
        owner: str,
        now: datetime,
        *,
        generation: int | None = None,
        comment: str | None = None,
    ) -> Claim | None:
        """Take the slot for this account, or None when someone already has it.

        With ``generation`` (how many claims of this snippet on this account the caller saw
        when it decided), the claim also takes the key (account, snippet, generation) in the
        same transaction: SnippetTaken when another claim took it first. ``comment`` is the
        link's first comment, recorded with the claim so it is sent once the post is out.
        """
        key = (
            (snippet_id, generation) if snippet_id is not None and generation is not None else None
        )
        claim_id = self._insert(
            account, slot_at, owner, now, CLAIMED, key=key, comment=comment,
            snippet_id=snippet_id, text=text,
        )  # fmt: skip
        return self.get(claim_id) if claim_id is not None else None

    def skip(self, account: str, slot_at: datetime, reason: str, owner: str, now: datetime) -> bool:
        """Record a slot that will not be posted, and why; False if the slot was taken."""
        return self._insert(account, slot_at, owner, now, SKIPPED, reason=reason) is not None

    def claim_count(self, account: str, snippet_id: str) -> int:
        """How many claims this snippet has on this account: the next claim's generation."""
        with self._read() as conn:
            return int(
                conn.execute(
                    select(func.count())
                    .select_from(claims)
                    .where(claims.c.account == account, claims.c.snippet_id == snippet_id)
                ).scalar()
                or 0
            )

    def claim_counts(self, account: str) -> dict[str, int]:
        """claim_count for every snippet of one account, in one query."""
        with self._read() as conn:
            rows = conn.execute(
                select(claims.c.snippet_id, func.count())
                .where(claims.c.account == account, claims.c.snippet_id.is_not(None))
                .group_by(claims.c.snippet_id)
            )
            return {r[0]: int(r[1]) for r in rows}

    def get(self, claim_id: int) -> Claim:
        with self._read() as conn:
            row = conn.execute(select(claims).where(claims.c.id == claim_id)).one()
        return Claim.from_row(row)

    def _key_holder(self, account: str, snippet_id: str, generation: int) -> int | None:
        with self._read() as conn:
            return conn.execute(
                select(publish_keys.c.claim_id).where(
                    publish_keys.c.account == account,
                    publish_keys.c.snippet_id == snippet_id,
                    publish_keys.c.generation == generation,
                )
            ).scalar()

    def _insert(
        self,
        account: str,
        slot_at: datetime,
        owner: str,
        now: datetime,
        state: str,
        *,
        key: tuple[str, int] | None = None,
        comment: str | None = None,
        **values: str | None,
    ) -> int | None:
        """A new row for the slot, with its first event; None when the slot is taken, and
        SnippetTaken when the (account, snippet, generation) key is."""
        row = dict(
            account=account,
            slot_at=stamp(slot_at),
            state=state,
            attempts=0,
            owner=owner,
            created_at=stamp(now),
            updated_at=stamp(now),
            **values,
        )
        try:
            with self._tx() as conn:
                primary = conn.execute(insert(claims).values(**row)).inserted_primary_key
                claim_id = int(primary[0]) if primary else None
                detail = values.get("reason") or values.get("snippet_id")
                write_event(conn, claim_id, account, now, state, detail)
                if key is not None:
                    conn.execute(
                        insert(publish_keys).values(
                            account=account, snippet_id=key[0], generation=key[1], claim_id=claim_id
                        )
                    )
                if comment is not None:
                    conn.execute(
                        insert(comments).values(
                            claim_id=claim_id, account=account, text=comment, state=PENDING,
                            attempts=0, owner=owner, updated_at=stamp(now),
                        )
                    )  # fmt: skip
        except IntegrityError:
            holder = self._key_holder(account, *key) if key is not None else None
            if holder is not None:
                raise SnippetTaken(account, key[0], holder) from None  # type: ignore[index]
            return None
        return claim_id

    # ---- moving a claim on ---------------------------------------------------------------

    def _transition(self, claim_id: int, expected: States, now: datetime, **values: Any) -> bool:
        """Move a claim on only if it is still in an expected state, with its event."""
        with self._tx() as conn:
            done = compare_and_set(conn, claims, claim_id, expected, now, **values)
            if done:
                detail = values.get("error") or values.get("remote_id") or values.get("reason")
                kind = str(values.get("state", "update"))
                write_event(conn, claim_id, None, now, kind, str(detail) if detail else None)
        return done

    def mark_sent(self, claim: Claim, owner: str, now: datetime, text: str | None = None) -> bool:
        """The request is about to leave: from here a crash needs a reconciliation."""
        extra = {"text": text} if text is not None else {}
        return self._transition(
            claim.id, SENDABLE, now, state=SENT, owner=owner, attempts=claim.attempts + 1, **extra
        )

    def record_result(
        self, claim: Claim, result: Result, now: datetime, *, final_failure: bool = False
    ) -> bool:
        """Store a publisher's answer on a sent claim."""
        return self._transition(
            claim.id,
            ANSWERABLE,
            now,
            state=answer_state(result, final=final_failure),
            outcome=str(result.outcome),
            remote_id=result.remote_id,
            url=result.url,
            error=result.error,
            retry_at=result.retry_at,
        )

    def record_found(self, claim_id: int, found: Result, now: datetime) -> bool:
        """Reconciled: the platform has the post."""
        return self._transition(
            claim_id, ANSWERABLE, now, state=PUBLISHED, outcome=str(Outcome.PUBLISHED),
            remote_id=found.remote_id, url=found.url, error=None,
        )  # fmt: skip

    def mark_unknown(self, claim_id: int, now: datetime, error: str | None) -> bool:
        """A sent claim whose outcome the platform could not (yet) tell."""
        return self._transition(
            claim_id, {SENT}, now, state=UNKNOWN, outcome=str(Outcome.UNKNOWN), error=error
        )

    def release_for_retry(self, claim_id: int, now: datetime, error: str) -> bool:
        """Reconciled: the post is not there after settling, so it may be sent again now."""
        return self._transition(claim_id, ANSWERABLE, now, state=RETRY, retry_at=now, error=error)

    def give_up(self, claim_id: int, now: datetime, error: str) -> bool:
        """An unsent claim that can never be sent (its snippet left the queue)."""
        return self._transition(claim_id, ABANDONABLE, now, state=FAILED, error=error)
