"""The people at the desk: named staff with a role, their passwords and their sessions.

Staff live in the ledger, so every replica of the desk knows the same people and a removed
member is out everywhere at once. The desk password (SCHEDULER_DESK_PASSWORD or its hash) stays
the login of a built-in ``admin``, which is why that name cannot be added.

Sessions are server-side: the cookie holds a random token, the ledger its SHA-256. Logging out,
a new password and a removal delete the rows, and the cookie is worth nothing from then on.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from scheduler.errors import UsageError
from scheduler.store.ledger import Ledger
from scheduler.store.ledger.schema import stamp, unstamp
from scheduler.team.passwords import hash_password, verify_or_waste

BUILTIN_ADMIN = "admin"
EDITOR, APPROVER, ADMIN = "editor", "approver", "admin"
ROLES = (EDITOR, APPROVER, ADMIN)

# What each role may change. Reading the desk (queue, calendar, log, previews) is for everyone.
_EDITING = frozenset({"edit", "reorder", "skip", "restore", "intro"})
_APPROVING = _EDITING | {"approve", "pin", "post-now", "skip-slot"}
PERMISSIONS: dict[str, frozenset[str]] = {
    EDITOR: _EDITING,
    APPROVER: _APPROVING,
    ADMIN: _APPROVING | {"ingest", "staff", "settings"},
}
ACTIONS = PERMISSIONS[ADMIN]

SESSION_LIFETIME = timedelta(hours=12)  # a working day; then log in again
_NAME = re.compile(r"[a-z][a-z0-9._-]{0,31}")
MIN_PASSWORD = 8


def may(role: str | None, action: str) -> bool:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")  # a typo in a route, not user input
    return role is not None and action in PERMISSIONS.get(role, frozenset())


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise UsageError(
            f"{name!r} is not a staff name",
            hint="use lower-case letters, digits, '.', '_' or '-', starting with a letter",
        )
    return name


def check_new_name(name: str) -> str:
    """A name that can be added: well formed, and not the built-in admin's."""
    if check_name(name) == BUILTIN_ADMIN:
        raise UsageError(
            "'admin' is the built-in login of the desk password",
            hint="choose another name; change the desk password with SCHEDULER_DESK_PASSWORD",
        )
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise UsageError(f"unknown role {role!r}", hint=f"use one of: {', '.join(ROLES)}")
    return role


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UsageError(
            f"the password is shorter than {MIN_PASSWORD} characters",
            hint="choose a longer one (a few words make a good password)",
        )
    return password


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Member:
    name: str
    role: str
    created_at: datetime | None = None  # None for the built-in admin

    def as_dict(self) -> dict[str, object]:
        """What `staff list --json` shows: never the hash."""
        return {
            "name": self.name,
            "role": self.role,
            "created_at": stamp(self.created_at) if self.created_at else None,
            "builtin": self.created_at is None,
        }


@dataclass(frozen=True)
class StaffSession:
    """A logged-in member: who, with which role, and the session's CSRF token."""

    token: str
    name: str
    role: str
    csrf: str


class Team:
    """Staff and sessions in one ledger."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    # ---- members -----------------------------------------------------------------------

    def members(self) -> list[Member]:
        return [_member(r) for r in self.ledger.staff()]

    def member(self, name: str) -> Member | None:
        if name == BUILTIN_ADMIN:
            return Member(BUILTIN_ADMIN, ADMIN)
        row = self.ledger.staff_member(name)
        return _member(row) if row else None

    def add(self, name: str, role: str, password: str, now: datetime) -> Member:
        check_new_name(name)
        check_role(role)
        check_password(password)
        if not self.ledger.add_staff_member(name, role, hash_password(password), now):
            raise UsageError(
                f"there is already a staff member {name!r}",
                hint=f"change the password with 'scheduler staff passwd {name}'",
            )
        return Member(name, role, now)

    def set_password(self, name: str, password: str, now: datetime) -> None:
        """A new password ends every session of this member."""
        check_password(password)
        if not self.ledger.set_staff_password(name, hash_password(password), now):
            raise _unknown(name)

    def remove(self, name: str) -> None:
        """Gone at once: the member and every session they had."""
        if not self.ledger.remove_staff_member(name):
            raise _unknown(name)

    def check_login(self, name: str, password: str) -> Member | None:
        """The member if the password is right; one scrypt either way (same time for all)."""
        row = self.ledger.staff_member(name)
        stored = row["password_hash"] if row else None
        if verify_or_waste(password, stored) and row is not None:
            return _member(row)
        return None

    # ---- sessions ----------------------------------------------------------------------

    def open_session(self, member: Member, now: datetime) -> StaffSession:
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        self.ledger.open_staff_session(
            _token_hash(token), member.name, csrf, now, now + SESSION_LIFETIME
        )
        return StaffSession(token, member.name, member.role, csrf)

    def session(self, token: str, now: datetime) -> StaffSession | None:
        """The live session of this token, with the member's role as it is now."""
        m = self.ledger.staff_session(_token_hash(token), now)
        if m is None:
            return None
        role = ADMIN if m["name"] == BUILTIN_ADMIN else m["role"]
        if role is None:  # the member was removed: the session went with them
            return None
        return StaffSession(token, m["name"], role, m["csrf"])

    def end_session(self, token: str) -> None:
        self.ledger.end_staff_session(_token_hash(token))


def _member(row: Mapping[str, Any]) -> Member:
    return Member(row["name"], row["role"], unstamp(row["created_at"]))


def _unknown(name: str) -> UsageError:
    return UsageError(f"no staff member {name!r}", hint="list them with 'scheduler staff list'")
