"""The link comments' state machine: the same moves as a claim's, for the comment it owes.

A comment is written with its claim (claims.py) as 'pending'. It is sent, answered and
reconciled like the post: a comment whose request may have reached the platform is looked
for under the post before it is ever sent again. Functions of a ledger, as they always were.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from scheduler.model.post import Result
from scheduler.store.ledger.claims import ANSWERABLE, States, answer_state, compare_and_set
from scheduler.store.ledger.connection import Connected
from scheduler.store.ledger.schema import (
    DONE,
    FAILED,
    OPEN_COMMENT_STATES,
    PENDING,
    PUBLISHED,
    RETRY,
    SENT,
    UNKNOWN,
    claims,
    comments,
    unstamp,
)

SENDABLE_COMMENT = frozenset({PENDING, RETRY})


@dataclass(frozen=True)
class Comment:
    claim_id: int
    account: str
    text: str
    state: str
    remote_id: str | None
    error: str | None
    retry_at: datetime | None
    attempts: int
    owner: str | None
    updated_at: datetime

    @classmethod
    def from_row(cls, row: object) -> Comment:
        values = dict(row._mapping)  # type: ignore[attr-defined]
        for moment in ("retry_at", "updated_at"):
            values[moment] = unstamp(values[moment])
        return cls(**values)


def comment_of(ledger: Connected, claim_id: int) -> Comment | None:
    with ledger.engine.connect() as conn:
        row = conn.execute(select(comments).where(comments.c.claim_id == claim_id)).first()
    return Comment.from_row(row) if row is not None else None


def open_comments(ledger: Connected, account: str | None = None) -> list[Comment]:
    """Comments still owed under posts that are out (a failed post owes no comment)."""
    query = (
        select(comments)
        .join(claims, claims.c.id == comments.c.claim_id)
        .where(comments.c.state.in_(OPEN_COMMENT_STATES), claims.c.state == PUBLISHED)
        .order_by(comments.c.claim_id)
    )
    if account is not None:
        query = query.where(comments.c.account == account)
    with ledger.engine.connect() as conn:
        return [Comment.from_row(r) for r in conn.execute(query)]


def all_comments(ledger: Connected) -> list[Comment]:
    with ledger.engine.connect() as conn:
        return [Comment.from_row(r) for r in conn.execute(select(comments))]


def _move(ledger: Connected, claim_id: int, expected: States, now: datetime, **values: Any) -> bool:
    """Compare-and-set, like the claims: two processes never both move one comment."""
    with ledger.engine.begin() as conn:
        return compare_and_set(conn, comments, claim_id, expected, now, **values)


def mark_comment_sent(ledger: Connected, comment: Comment, owner: str, now: datetime) -> bool:
    """The comment's request is about to leave: from here a crash needs a reconciliation."""
    return _move(
        ledger, comment.claim_id, SENDABLE_COMMENT, now, state=SENT, owner=owner,
        attempts=comment.attempts + 1,
    )  # fmt: skip


def refuse_comment(ledger: Connected, claim_id: int, now: datetime, error: str) -> bool:
    """An unsent comment that cannot be sent (the account takes no comments)."""
    return _move(ledger, claim_id, SENDABLE_COMMENT, now, state=FAILED, error=error)


def record_comment_result(
    ledger: Connected,
    claim_id: int,
    result: Result,
    now: datetime,
    *,
    final: bool,
    retry_at: datetime,
) -> str:
    """Store the platform's answer on a sent comment; the state it moved to. ``retry_at`` is
    when to try again if the answer says so and names no time itself."""
    state = answer_state(result, final=final, done=DONE)
    values: dict[str, Any] = {"state": state, "error": result.error}
    if state == DONE:
        values.update(remote_id=result.remote_id, error=None)
    elif state == RETRY:
        values["retry_at"] = result.retry_at or retry_at
    _move(ledger, claim_id, ANSWERABLE, now, **values)
    return state


def record_comment_found(ledger: Connected, claim_id: int, found: Result, now: datetime) -> bool:
    """Reconciled: the comment is under the post."""
    return _move(
        ledger, claim_id, ANSWERABLE, now, state=DONE, remote_id=found.remote_id, error=None
    )


def mark_comment_unknown(
    ledger: Connected, claim_id: int, now: datetime, error: str | None
) -> bool:
    return _move(ledger, claim_id, {SENT}, now, state=UNKNOWN, error=error)


def release_comment_for_retry(ledger: Connected, claim_id: int, now: datetime, error: str) -> bool:
    """Reconciled: not under the post after settling, so it may be sent again now."""
    return _move(ledger, claim_id, ANSWERABLE, now, state=RETRY, retry_at=now, error=error)
