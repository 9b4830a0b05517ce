"""A sample project for the desk's tests: the repository's essays, ingested into a temp root."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from tests.projects import REPO, make_project, queue_file  # noqa: F401  (re-exported)

PASSWORD = "correct horse battery"


def login_token(client: TestClient) -> str:
    """The CSRF token the login form carries (and sets its pre-login cookie)."""
    page = client.get("/login")
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match, page.text
    return match[1]


def log_in(client: TestClient, password: str = PASSWORD, username: str = "admin") -> str:
    """Log in (as the built-in admin, by default) and return the session's CSRF token."""
    answer = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": login_token(client)},
    )
    assert answer.status_code == 303, answer.text
    return client.get("/api/session").json()["csrf_token"]


def first_new_ids(client: TestClient, count: int = 3) -> list[str]:
    """The first postable new snippets, in queue order as the API lists them."""
    rows = client.get("/api/snippets").json()
    return [r["id"] for r in rows if r["status"] == "new" and r["postable"]][:count]
