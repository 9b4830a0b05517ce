"""Who may use the desk: named staff (scheduler.team.members), server-side sessions, roles, CSRF.

The signed cookie holds either a pre-login CSRF token (for the login form) or the token of a
session stored in the ledger, so logging out, a new password or a removed member ends it at
once. Each session carries its own random CSRF token; every state-changing request must echo it
in the ``X-CSRF-Token`` header or a ``csrf_token`` form field, so another site that makes a
logged-in browser post to the desk is refused. Each route names the action it performs, and a
role that may not perform it gets 403.
"""

from __future__ import annotations

import hmac
import logging
import os
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

from scheduler.clock import utc_now
from scheduler.errors import BadCsrf, Forbidden, NotLoggedIn
from scheduler.files import write_atomically
from scheduler.publishers.platform_access import (
    DEFAULT_SECRETS_PATH,
    PRIVATE_MODE,
    SECRETS_FILE_VAR,
    read_secrets_file,
)
from scheduler.store.project import Project
from scheduler.team.members import BUILTIN_ADMIN, SESSION_LIFETIME, Member, Team, may
from scheduler.team.passwords import hash_password, verify_or_waste

log = logging.getLogger(__name__)

PASSWORD_VARIABLE = "SCHEDULER_DESK_PASSWORD"
PASSWORD_HASH_KEY = "SCHEDULER_DESK_PASSWORD_HASH"
SECRET_VARIABLE = "SCHEDULER_DESK_SECRET"
PASSWORD_HASH_FILE = "desk-password.hash"
SECRET_FILE = "desk-secret"

COOKIE = "desk_session"
SESSION_SECONDS = int(SESSION_LIFETIME.total_seconds())
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"


@dataclass(frozen=True)
class PasswordCheck:
    """The desk's password: given in the environment, or as a stored hash."""

    plain: str | None = None
    hashed: str | None = None

    def matches(self, attempt: str) -> bool:
        """One scrypt in every case, so this takes as long as a staff member's check."""
        if self.plain is not None:
            verify_or_waste(attempt, None)
            return hmac.compare_digest(attempt.encode(), self.plain.encode())
        return verify_or_waste(attempt, self.hashed)


def password_check(project: Project, environ: dict[str, str] | None = None) -> PasswordCheck:
    """Environment first, then the secrets file, then var/desk-password.hash (made if absent)."""
    environ = dict(os.environ) if environ is None else environ
    if environ.get(PASSWORD_VARIABLE):
        return PasswordCheck(plain=environ[PASSWORD_VARIABLE])
    secrets_path = Path(environ.get(SECRETS_FILE_VAR) or DEFAULT_SECRETS_PATH).expanduser()
    stored = read_secrets_file(secrets_path).get(PASSWORD_HASH_KEY)
    if stored:
        return PasswordCheck(hashed=stored)
    path = project.var_dir / PASSWORD_HASH_FILE
    if not path.exists():
        password = secrets.token_urlsafe(12)
        write_atomically(path, hash_password(password) + "\n", mode=PRIVATE_MODE)
        # Shown once, on the terminal that started the desk; only the hash is kept.
        print(
            f"Desk password of '{BUILTIN_ADMIN}' (shown once, stored as a hash in {path}): "
            f"{password}",
            flush=True,
        )
    return PasswordCheck(hashed=path.read_text().strip())


def signing_key(project: Project, environ: dict[str, str] | None = None) -> str:
    environ = dict(os.environ) if environ is None else environ
    if environ.get(SECRET_VARIABLE):
        return environ[SECRET_VARIABLE]
    path = project.var_dir / SECRET_FILE
    if not path.exists():
        write_atomically(path, secrets.token_urlsafe(32) + "\n", mode=PRIVATE_MODE)
    return path.read_text().strip()


# ---- login throttling ------------------------------------------------------------------------


@dataclass
class LoginThrottle:
    """At most ``limit`` failed logins per ``window`` seconds per client address."""

    limit: int = 5
    window: float = 60.0
    failures: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def blocked(self, client: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self.lock:
            recent = self.failures[client]
            while recent and now - recent[0] > self.window:
                recent.popleft()
            return len(recent) >= self.limit

    def failed(self, client: str, now: float | None = None) -> None:
        with self.lock:
            self.failures[client].append(time.monotonic() if now is None else now)


# ---- sessions and CSRF -----------------------------------------------------------------------


@dataclass(frozen=True)
class Session:
    """A browser's session: before login only a CSRF token; after it, a member and a role."""

    csrf: str
    name: str | None = None
    role: str | None = None
    token: str | None = None  # the ledger's session, for staff

    @property
    def staff(self) -> bool:
        return self.name is not None

    def may(self, action: str) -> bool:
        return may(self.role, action)


@dataclass
class Auth:
    password: PasswordCheck
    key: str
    team: Callable[[], Team]
    throttle: LoginThrottle = field(default_factory=LoginThrottle)

    @property
    def serializer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.key, salt="desk-session")

    def session(self, request: Request) -> Session | None:
        raw = request.cookies.get(COOKIE)
        if not raw:
            return None
        try:
            data = self.serializer.loads(raw, max_age=SESSION_SECONDS)
        except BadSignature:
            return None
        if not isinstance(data, dict):
            return None
        if isinstance(data.get("sid"), str):
            found = self.team().session(data["sid"], utc_now())
            if found is None:  # logged out, a new password, removed, or expired
                return None
            return Session(csrf=found.csrf, name=found.name, role=found.role, token=found.token)
        return Session(csrf=data["csrf"]) if isinstance(data.get("csrf"), str) else None

    def new_session(self) -> Session:
        """A pre-login session: a CSRF token for the login form, nobody logged in."""
        return Session(csrf=secrets.token_urlsafe(24))

    def check_login(self, name: str, password: str) -> Member | None:
        """The member, or None; an unknown name costs the same scrypt as a wrong password."""
        if name == BUILTIN_ADMIN:
            return self.team().member(BUILTIN_ADMIN) if self.password.matches(password) else None
        return self.team().check_login(name, password)

    def log_in(self, member: Member) -> Session:
        # A fresh token at login, so a token seen before login is worth nothing after it.
        opened = self.team().open_session(member, utc_now())
        return Session(csrf=opened.csrf, name=opened.name, role=opened.role, token=opened.token)

    def log_out(self, session: Session) -> None:
        if session.token is not None:
            self.team().end_session(session.token)

    def set_cookie(self, response: Response, session: Session, request: Request) -> None:
        data = {"sid": session.token} if session.token else {"csrf": session.csrf}
        response.set_cookie(
            COOKIE,
            self.serializer.dumps(data),
            max_age=SESSION_SECONDS,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
            path="/",
        )


async def sent_csrf_token(request: Request) -> str:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    if request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


async def check_csrf(request: Request, session: Session) -> None:
    if request.method in SAFE_METHODS:
        return
    if not hmac.compare_digest((await sent_csrf_token(request)).encode(), session.csrf.encode()):
        raise BadCsrf()


async def require_staff(request: Request) -> Session:
    """The dependency every desk route but login and health has."""
    known = getattr(request.state, "session", None)
    if isinstance(known, Session) and known.staff:
        return known  # checked already by the router's dependency
    auth: Auth = request.app.state.auth
    session = auth.session(request)
    if session is None or not session.staff:
        raise NotLoggedIn()
    await check_csrf(request, session)
    request.state.session = session
    return session


def allowed(action: str) -> Callable[[Request], object]:
    """A route's dependency: a logged-in member whose role may perform ``action``."""
    may(None, action)  # an unknown action fails when the route is made, not when it is used

    async def dependency(request: Request) -> Session:
        session = await require_staff(request)
        if not session.may(action):
            raise Forbidden(session.role, action)
        return session

    return dependency


def desk_hosts(bind: str, configured: Sequence[str]) -> list[str]:
    """The Host names the desk answers to: the configured ones, or its own address."""
    return list(configured) or sorted({bind, "localhost", "127.0.0.1"})
