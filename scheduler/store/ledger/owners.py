"""Who is alive and who is stopped: daemons' heartbeats and accounts stopped for their tokens."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, insert, select, update

from scheduler.store.ledger.connection import Connected
from scheduler.store.ledger.events import write_event
from scheduler.store.ledger.schema import account_states, heartbeats, stamp, unstamp


class Owners(Connected):
    def heartbeat(self, owner: str, now: datetime) -> None:
        with self._tx() as conn:
            done = conn.execute(
                update(heartbeats).where(heartbeats.c.owner == owner).values(seen_at=stamp(now))
            ).rowcount
            if not done:
                conn.execute(
                    insert(heartbeats).values(
                        owner=owner, seen_at=stamp(now), started_at=stamp(now)
                    )
                )

    def last_seen(self) -> datetime | None:
        """When any daemon last said it was alive: the start of a downtime."""
        with self._read() as conn:
            return unstamp(conn.execute(select(func.max(heartbeats.c.seen_at))).scalar())

    def live_owners(self, now: datetime, within_seconds: float) -> set[str]:
        """Owners whose heartbeat is younger than the window (scheduler.delivery.timing)."""
        cutoff = stamp(datetime.fromtimestamp(now.timestamp() - within_seconds, UTC))
        with self._read() as conn:
            rows = conn.execute(select(heartbeats.c.owner).where(heartbeats.c.seen_at >= cutoff))
            return {r[0] for r in rows}

    def stop_account(self, account: str, reason: str, now: datetime) -> None:
        with self._tx() as conn:
            conn.execute(account_states.delete().where(account_states.c.account == account))
            conn.execute(
                insert(account_states).values(
                    account=account, stopped_reason=reason, stopped_at=stamp(now)
                )
            )
            write_event(conn, None, account, now, "account-stopped", reason)

    def resume_account(self, account: str) -> None:
        with self._tx() as conn:
            conn.execute(account_states.delete().where(account_states.c.account == account))

    def stopped_accounts(self) -> dict[str, str]:
        with self._read() as conn:
            rows = conn.execute(select(account_states.c.account, account_states.c.stopped_reason))
            return {r[0]: r[1] for r in rows}
