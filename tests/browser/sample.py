"""A sample project for the desk's tests: the repository's essays, ingested into a temp root."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from starlette.testclient import TestClient

from scheduler.ingest import ingest
from scheduler.project import Project

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"


def make_project(root: Path) -> Project:
    (root / "posts").mkdir(parents=True)
    shutil.copytree(REPO / "posts" / "essays", root / "posts" / "essays")
    project = Project.locate(root)
    ingest(project)
    return project


def queue_file(project: Project, snippet_id: str) -> Path:
    """The queue file that holds a snippet."""
    return next(p for p in project.queue_dir.glob("*.yaml") if f"id: {snippet_id}" in p.read_text())


def login_token(client: TestClient) -> str:
    """The CSRF token the login form carries (and sets its pre-login cookie)."""
    page = client.get("/login")
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match, page.text
    return match[1]


def log_in(client: TestClient, password: str = PASSWORD) -> str:
    """Log in and return the session's CSRF token."""
    answer = client.post("/login", data={"password": password, "csrf_token": login_token(client)})
    assert answer.status_code == 303, answer.text
    return client.get("/api/session").json()["csrf_token"]


def first_new_ids(client: TestClient, count: int = 3) -> list[str]:
    """The first postable new snippets, in queue order as the API lists them."""
    rows = client.get("/api/snippets").json()
    return [r["id"] for r in rows if r["status"] == "new" and r["postable"]][:count]
