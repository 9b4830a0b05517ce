"""The audit trail: who changed what, when, and to which snippet.

Facts only, written after the change itself succeeded, so the trail never claims a change the
queue files do not have. The desk writes it as the logged-in member, the command line as
``$USER`` (or ``--as NAME``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import insert, select

from scheduler.store.ledger import Ledger, audit_log, stamp, unstamp

if TYPE_CHECKING:
    from scheduler.store.ingest import IngestReport

DETAIL_LIMIT = 4000  # an edit's before and after fit; a pasted novel does not fill the ledger


@dataclass(frozen=True)
class Entry:
    at: datetime
    who: str
    action: str
    snippet_id: str | None
    detail: str | None

    def as_dict(self) -> dict[str, object]:
        """The fields of `scheduler audit --json`."""
        return {
            "at": stamp(self.at),
            "who": self.who,
            "action": self.action,
            "snippet_id": self.snippet_id,
            "detail": self.detail,
        }


def record(
    ledger: Ledger,
    who: str,
    action: str,
    now: datetime,
    *,
    snippet_id: str | None = None,
    detail: object = None,
) -> None:
    """One line of the trail; a detail that is not text is stored as JSON."""
    text = detail if detail is None or isinstance(detail, str) else json.dumps(detail)
    with ledger.engine.begin() as conn:
        conn.execute(
            insert(audit_log).values(
                at=stamp(now),
                who=who,
                action=action,
                snippet_id=snippet_id,
                detail=text[:DETAIL_LIMIT] if text else None,
            )
        )


def entries(
    ledger: Ledger, *, since: datetime | None = None, limit: int | None = None
) -> list[Entry]:
    """Newest first."""
    query = select(audit_log).order_by(audit_log.c.at.desc(), audit_log.c.id.desc())
    if since is not None:
        query = query.where(audit_log.c.at >= stamp(since))
    if limit:
        query = query.limit(limit)
    with ledger.engine.connect() as conn:
        return [
            Entry(
                at=unstamp(r.at),  # type: ignore[arg-type]
                who=r.who,
                action=r.action,
                snippet_id=r.snippet_id,
                detail=r.detail,
            )
            for r in conn.execute(query)
        ]


@dataclass(frozen=True)
class Trail:
    """Who is making changes, and the ledger their changes are written down in."""

    who: str
    ledger: Callable[[], Ledger]
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def stamp(self) -> str:
        """Now, as the ledger and the queue files write a moment."""
        return stamp(self.clock())

    def record(self, action: str, snippet_id: str | None = None, detail: object = None) -> None:
        record(self.ledger(), self.who, action, self.clock(), snippet_id=snippet_id, detail=detail)


def ingest_summary(report: IngestReport) -> dict[str, int]:
    """What a re-ingest changed, in the few numbers the trail keeps of it."""
    return {
        "essays": len(report.essays),
        "new": sum(e.added for e in report.essays),
        "orphaned": sum(e.orphaned for e in report.essays),
        "errors": len(report.errors),
    }
