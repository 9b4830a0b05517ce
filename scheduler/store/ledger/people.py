"""The desk's people in the ledger: staff members, their sessions, and the audit trail rows.

The rules (names, roles, password hashing, what the trail keeps) live in scheduler.team.members
and scheduler.store.audit; this module only stores and reads the rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from scheduler.store.ledger.connection import Connected
from scheduler.store.ledger.schema import audit_log, staff_members, staff_sessions, stamp

Row = dict[str, Any]


class People(Connected):
    # ---- members -------------------------------------------------------------------------

    def staff(self) -> list[Row]:
        with self._read() as conn:
            rows = conn.execute(select(staff_members).order_by(staff_members.c.name))
            return [dict(r._mapping) for r in rows]

    def staff_member(self, name: str) -> Row | None:
        """The member's row, password hash included."""
        with self._read() as conn:
            row = conn.execute(select(staff_members).where(staff_members.c.name == name)).first()
        return dict(row._mapping) if row else None

    def add_staff_member(self, name: str, role: str, password_hash: str, now: datetime) -> bool:
        """False when there is a member of that name already."""
        row = dict(
            name=name,
            role=role,
            password_hash=password_hash,
            created_at=stamp(now),
            updated_at=stamp(now),
        )
        try:
            with self._tx() as conn:
                conn.execute(insert(staff_members).values(**row))
        except IntegrityError:
            return False
        return True

    def set_staff_password(self, name: str, password_hash: str, now: datetime) -> bool:
        """A new password ends every session of the member; False for an unknown name."""
        with self._tx() as conn:
            done = conn.execute(
                update(staff_members)
                .where(staff_members.c.name == name)
                .values(password_hash=password_hash, updated_at=stamp(now))
            ).rowcount
            if done:
                conn.execute(delete(staff_sessions).where(staff_sessions.c.name == name))
        return bool(done)

    def remove_staff_member(self, name: str) -> bool:
        """The member and every session they had; False for an unknown name."""
        with self._tx() as conn:
            done = conn.execute(delete(staff_members).where(staff_members.c.name == name)).rowcount
            if done:
                conn.execute(delete(staff_sessions).where(staff_sessions.c.name == name))
        return bool(done)

    # ---- sessions ------------------------------------------------------------------------

    def open_staff_session(
        self, token_hash: str, name: str, csrf: str, now: datetime, expires_at: datetime
    ) -> None:
        """A new session; the expired ones of everybody are cleared on the way."""
        with self._tx() as conn:
            conn.execute(delete(staff_sessions).where(staff_sessions.c.expires_at < stamp(now)))
            conn.execute(
                insert(staff_sessions).values(
                    token_hash=token_hash,
                    name=name,
                    csrf=csrf,
                    created_at=stamp(now),
                    expires_at=stamp(expires_at),
                )
            )

    def staff_session(self, token_hash: str, now: datetime) -> Row | None:
        """The live session's row with the member's current role (None once removed)."""
        with self._read() as conn:
            row = conn.execute(
                select(staff_sessions, staff_members.c.role)
                .outerjoin(staff_members, staff_members.c.name == staff_sessions.c.name)
                .where(
                    staff_sessions.c.token_hash == token_hash,
                    staff_sessions.c.expires_at > stamp(now),
                )
            ).first()
        return dict(row._mapping) if row is not None else None

    def end_staff_session(self, token_hash: str) -> None:
        with self._tx() as conn:
            conn.execute(delete(staff_sessions).where(staff_sessions.c.token_hash == token_hash))

    # ---- the audit trail -----------------------------------------------------------------

    def add_audit_entry(
        self, now: datetime, who: str, action: str, snippet_id: str | None, detail: str | None
    ) -> None:
        with self._tx() as conn:
            conn.execute(
                insert(audit_log).values(
                    at=stamp(now), who=who, action=action, snippet_id=snippet_id, detail=detail
                )
            )

    def audit_entries(
        self, *, since: datetime | None = None, limit: int | None = None
    ) -> list[Row]:
        """Newest first."""
        query = select(audit_log).order_by(audit_log.c.at.desc(), audit_log.c.id.desc())
        if since is not None:
            query = query.where(audit_log.c.at >= stamp(since))
        if limit:
            query = query.limit(limit)
        with self._read() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]
