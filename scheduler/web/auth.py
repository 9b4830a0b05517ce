"""Who may use the desk: one shared staff password, a signed session cookie, CSRF tokens.

The session lives entirely in a signed cookie (no server-side store to lose on restart).
Each session carries its own random CSRF token; every state-changing request must echo it
in the ``X-CSRF-Token`` header or a ``csrf_token`` form field, so another site that makes
a logged-in browser post to the desk is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

from scheduler.files import write_atomically
from scheduler.platform_credentials import (
    DEFAULT_SECRETS_PATH,
    PRIVATE_MODE,
    SECRETS_FILE_VAR,
    read_secrets_file,
)
from scheduler.project import Project

log = logging.getLogger(__name__)

PASSWORD_VARIABLE = "SCHEDULER_DESK_PASSWORD"
PASSWORD_HASH_KEY = "SCHEDULER_DESK_PASSWORD_HASH"
SECRET_VARIABLE = "SCHEDULER_DESK_SECRET"
PASSWORD_HASH_FILE = "desk-password.hash"
SECRET_FILE = "desk-secret"

COOKIE = "desk_session"
SESSION_SECONDS = 12 * 3600  # a working day; then log in again
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"

# scrypt at n=2**14, r=8 costs ~16 MiB and tens of milliseconds: slow for a guesser, fine here.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


# ---- passwords -------------------------------------------------------------------------------


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$hash`` (hex): the form SCHEDULER_DESK_PASSWORD_HASH takes."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, expected = stored.strip().split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(
            password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except ValueError:  # a malformed hash never matches
        return False
    return hmac.compare_digest(digest.hex(), expected)


@dataclass(frozen=True)
class PasswordCheck:
    """The desk's password: given in the environment, or as a stored hash."""

    plain: str | None = None
    hashed: str | None = None

    def matches(self, attempt: str) -> bool:
        if self.plain is not None:
            return hmac.compare_digest(attempt.encode(), self.plain.encode())
        return self.hashed is not None and verify_password(attempt, self.hashed)


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
        print(f"Desk password (shown once, stored as a hash in {path}): {password}", flush=True)
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
    csrf: str
    staff: bool = False


class NotLoggedIn(Exception):
    """No valid staff session: a redirect for a browser page, 401 for everything else."""


class BadCsrf(Exception):
    """A state-changing request without the session's CSRF token."""


@dataclass
class Auth:
    password: PasswordCheck
    key: str
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
        if not isinstance(data, dict) or not isinstance(data.get("csrf"), str):
            return None
        return Session(csrf=data["csrf"], staff=data.get("staff") is True)

    def new_session(self, *, staff: bool) -> Session:
        # A fresh token at login, so a token seen before login is worth nothing after it.
        return Session(csrf=secrets.token_urlsafe(24), staff=staff)

    def set_cookie(self, response: Response, session: Session, request: Request) -> None:
        response.set_cookie(
            COOKIE,
            self.serializer.dumps({"csrf": session.csrf, "staff": session.staff}),
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
    auth: Auth = request.app.state.auth
    session = auth.session(request)
    if session is None or not session.staff:
        raise NotLoggedIn()
    await check_csrf(request, session)
    request.state.session = session
    return session
