"""The ledger's event log: one line per claim move, stopped account or refused reload."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from scheduler.store.ledger.connection import Connected
from scheduler.store.ledger.schema import events, stamp


def write_event(
    conn: Connection,
    claim_id: int | None,
    account: str | None,
    now: datetime,
    kind: str,
    detail: str | None,
) -> None:
    """An event inside the caller's transaction: it is written with the change it tells of."""
    conn.execute(
        insert(events).values(
            claim_id=claim_id, account=account, at=stamp(now), kind=kind, detail=detail
        )
    )


class Events(Connected):
    def log_event(
        self, kind: str, now: datetime, *, account: str | None = None, detail: str | None = None
    ) -> None:
        with self._tx() as conn:
            write_event(conn, None, account, now, kind, detail)

    def events(self, limit: int = 100) -> list[dict[str, object]]:
        with self._read() as conn:
            rows = conn.execute(select(events).order_by(events.c.id.desc()).limit(limit))
            return [dict(r._mapping) for r in rows]
