"""The audit trail: who changed what, when, and to which snippet.

Facts only, written after the change itself succeeded, so the trail never claims a change the
queue files do not have. The desk writes it as the logged-in member, the command line as
``$USER`` (or ``--as NAME``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from scheduler.clock import Clock, utc_now
from scheduler.store.ledger import Ledger
from scheduler.store.ledger.schema import stamp, unstamp

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
    ledger.add_audit_entry(now, who, action, snippet_id, text[:DETAIL_LIMIT] if text else None)


def entries(
    ledger: Ledger, *, since: datetime | None = None, limit: int | None = None
) -> list[Entry]:
    """Newest first."""
    return [
        Entry(
            at=unstamp(r["at"]),  # type: ignore[arg-type]
            who=r["who"],
            action=r["action"],
            snippet_id=r["snippet_id"],
            detail=r["detail"],
        )
        for r in ledger.audit_entries(since=since, limit=limit)
    ]


@dataclass(frozen=True)
class Trail:
    """Who is making changes, and the ledger their changes are written down in."""

    who: str
    ledger: Callable[[], Ledger]
    clock: Clock = field(default=utc_now)

    def stamp(self) -> str:
        """Now, as the ledger and the queue files write a moment."""
        return stamp(self.clock())

    def record(self, action: str, snippet_id: str | None = None, detail: object = None) -> None:
        record(self.ledger(), self.who, action, self.clock(), snippet_id=snippet_id, detail=detail)
