"""What happened where and when: the claims read back for the planner, the desk and metrics."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from scheduler.store.ledger.claims import Claim, States
from scheduler.store.ledger.connection import Connected
from scheduler.store.ledger.schema import SKIPPED, claims, instant, stamp, unstamp


class History(Connected):
    def claims(
        self,
        *,
        states: States | None = None,
        account: str | None = None,
        since: datetime | None = None,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> list[Claim]:
        query = select(claims)
        if states is not None:
            query = query.where(claims.c.state.in_(states))
        if account is not None:
            query = query.where(claims.c.account == account)
        if since is not None:
            query = query.where(claims.c.slot_at >= stamp(since))
        order = claims.c.slot_at.desc() if newest_first else claims.c.slot_at
        query = query.order_by(order, claims.c.id)
        if limit:
            query = query.limit(limit)
        with self._read() as conn:
            return [Claim.from_row(r) for r in conn.execute(query)]

    def posts_of_others(
        self, account: str, since: datetime, states: States
    ) -> list[tuple[str, str, datetime]]:
        """(account, snippet, slot) of the other accounts' claims since then: what the stagger
        between networks needs, read without the texts (a burst of slots reads it per slot)."""
        query = select(claims.c.account, claims.c.snippet_id, claims.c.slot_at).where(
            claims.c.state.in_(states),
            claims.c.slot_at >= stamp(since),
            claims.c.account != account,
            claims.c.snippet_id.is_not(None),
        )
        with self._read() as conn:
            return [(a, s, instant(at)) for a, s, at in conn.execute(query)]

    def claimed_slots(self, since: datetime, until: datetime) -> set[tuple[str, datetime]]:
        """Every (account, slot) in [since, until) that has a claim or an outcome: one query,
        however many accounts there are."""
        # Stamps keep whole seconds: a slot at 09:00:09 is before an `until` of 09:00:09.5,
        # though its stamp is not before that moment's stamp; so compare with the next second.
        if until.microsecond:
            until = until.replace(microsecond=0) + timedelta(seconds=1)
        with self._read() as conn:
            rows = conn.execute(
                select(claims.c.account, claims.c.slot_at).where(
                    claims.c.slot_at >= stamp(since), claims.c.slot_at < stamp(until)
                )
            )
            return {(r[0], unstamp(r[1])) for r in rows}  # type: ignore[misc]

    # ---- counted in SQL, for /metrics ------------------------------------------------------

    def claims_by_account_and_state(self) -> list[tuple[str, str, int]]:
        with self._read() as conn:
            rows = conn.execute(
                select(claims.c.account, claims.c.state, func.count()).group_by(
                    claims.c.account, claims.c.state
                )
            )
            return [(account, state, count) for account, state, count in rows]

    def skipped_by_account(self, reason_prefix: str) -> list[tuple[str, int]]:
        """Skipped slots per account whose reason starts with ``reason_prefix``."""
        with self._read() as conn:
            rows = conn.execute(
                select(claims.c.account, func.count())
                .where(claims.c.state == SKIPPED, claims.c.reason.like(reason_prefix + "%"))
                .group_by(claims.c.account)
            )
            return [(account, count) for account, count in rows]

    def last_due_claim(self, now: datetime) -> tuple[datetime, datetime] | None:
        """(slot, when it was claimed) of the last slot that came due by now."""
        with self._read() as conn:
            last = conn.execute(
                select(claims.c.slot_at, claims.c.created_at)
                .where(claims.c.slot_at <= stamp(now))
                .order_by(claims.c.slot_at.desc(), claims.c.id.desc())
                .limit(1)
            ).first()
        return (instant(last.slot_at), instant(last.created_at)) if last is not None else None
