"""Helpers test modules share (no conftest.py by design: import what you use)."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

from scheduler.model.post import Post
from scheduler.publishers.base import Publisher
from scheduler.publishers.factory import make_publisher
from scheduler.publishers.platform_access import Credentials
from tests.fakes import accounts
from tests.fakes.server import FakePlatforms, shared_server

HANDLES = {"twitter": accounts.X_HANDLE, "linkedin": "annemarie", "facebook": "annemariepage"}
# The platform names the fake uses in faults and recorded posts.
FAKE_NAMES = {"twitter": "x", "linkedin": "linkedin", "facebook": "facebook"}
PLATFORMS = tuple(HANDLES)


def fresh_fakes() -> Iterator[FakePlatforms]:
    """Body of a ``fakes`` fixture: the session's server, emptied before and after."""
    server = shared_server()
    server.reset()
    yield server
    server.reset()


def publisher(
    platform: str,
    base_url: str,
    *,
    timeout_s: float = 2.0,
    credentials: Credentials | None = None,
) -> Publisher:
    made = make_publisher(
        platform,
        HANDLES[platform],
        credentials or accounts.fake_credentials(),
        accounts.fake_settings(base_url, timeout_s),
    )
    assert made is not None
    return made


def sample_post(platform: str, text: str = "", *, image: bytes | None = None) -> Post:
    link = "https://example.org/essays/luisteren?utm_source=scheduler&x=1"
    body = text or f"Wie leidt, luistert eerst (echt) #Leiderschap {link}"
    return Post(
        snippet_id="s-1",
        platform=platform,
        handle=HANDLES[platform],
        text=body,
        link=link,
        title="Over luisteren",
        quote="Wie leidt, luistert eerst",
        image=image,
    )


def go_live(monkeypatch, base_url: str) -> None:
    """Every account live, against the fakes at ``base_url``, with short timeouts."""
    for name, value in accounts.CREDENTIAL_ENV.items():
        monkeypatch.setenv(name, value)
    for name in accounts.BASE_VARIABLES:
        monkeypatch.setenv(name, base_url)
    monkeypatch.setenv("SCHEDULER_REQUEST_TIMEOUT", "2")


def new_snippet(run_cli) -> str:
    """The id of the first snippet the queue has not published yet."""
    rows = json.loads(run_cli("queue", "--json").output)
    return next(r["id"] for r in rows if r["status"] == "new")


def closed_port_url() -> str:
    """A URL nothing listens on: connection refused, before any byte is sent."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# Every variable `scheduler auth` reads a value from, unset so the developer's own never leak in.
AUTH_VARIABLES = (
    "X_API_KEY",
    "X_API_SECRET",
    "X_ACCESS_TOKEN",
    "X_ACCESS_TOKEN_SECRET",
    "LINKEDIN_CLIENT_ID",
    "LINKEDIN_CLIENT_SECRET",
    "LINKEDIN_ACCESS_TOKEN",
    "LINKEDIN_AUTHOR_URN",
    "LINKEDIN_TOKEN_EXPIRES",
    "FACEBOOK_USER_TOKEN",
    "FACEBOOK_PAGE_ID",
    "FACEBOOK_PAGE_TOKEN",
)
BASE_VARIABLES = (
    "SCHEDULER_X_API_BASE",
    "SCHEDULER_X_OAUTH_BASE",
    "SCHEDULER_LINKEDIN_API_BASE",
    "SCHEDULER_LINKEDIN_OAUTH_BASE",
    "SCHEDULER_FACEBOOK_API_BASE",
)


def point_at_fakes(monkeypatch, base_url: str, secrets_path: Path) -> None:
    """Every platform and OAuth host at the fakes, no credentials, secrets at ``secrets_path``."""
    for name in AUTH_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name in BASE_VARIABLES:
        monkeypatch.setenv(name, base_url)
    monkeypatch.setenv("SCHEDULER_REQUEST_TIMEOUT", "2")
    monkeypatch.setenv("SCHEDULER_SECRETS_FILE", str(secrets_path))
