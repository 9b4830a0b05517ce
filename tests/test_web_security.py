"""Login, sessions, CSRF and the login rate limit: every route, checked."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from starlette.testclient import TestClient

from scheduler import __version__
from scheduler.store.project import Project
from scheduler.team.passwords import hash_password, verify_password
from scheduler.web import server
from scheduler.web.app import ROUTERS
from scheduler.web.auth import COOKIE, LoginThrottle, password_check, signing_key
from tests.browser.sample import PASSWORD, first_new_ids, log_in, login_token

ID = "7e84246a17"  # any id: refusals come before the id is looked up
MUTATING = [
    ("POST", f"/queue/{ID}/approve"),
    ("POST", f"/queue/{ID}/skip"),
    ("POST", f"/queue/{ID}/restore"),
    ("POST", f"/queue/{ID}/pin"),
    ("POST", f"/queue/{ID}/move"),
    ("POST", f"/queue/{ID}/edit"),
    ("POST", f"/queue/{ID}/intro"),
    ("POST", "/queue/reorder"),
    ("POST", "/calendar/post-now"),
    ("POST", "/calendar/skip"),
    ("POST", "/essays/ingest"),
    ("POST", "/logout"),
    ("POST", f"/api/snippets/{ID}/approve"),
    ("POST", f"/api/snippets/{ID}/skip"),
    ("PATCH", f"/api/snippets/{ID}"),
    ("POST", "/api/snippets/reorder"),
    ("POST", "/staff/add"),
    ("POST", "/staff/erik/remove"),
]
PAGES = ["/", "/calendar", "/log", "/essays", f"/snippets/{ID}", f"/queue/{ID}/edit"]
READS = [
    *PAGES,
    f"/queue/{ID}/count",
    "/essays/ingest",
    f"/cards/{ID}/twitter.png",
    "/api/session",
    "/api/snippets",
    "/api/plan",
    "/api/audit",
    "/staff",
]
PUBLIC = {
    ("GET", "/healthz"),
    ("HEAD", "/healthz"),
    ("GET", "/l/{code}"),
    ("HEAD", "/l/{code}"),
    ("GET", "/login"),
    ("POST", "/login"),
}
PUBLIC |= {("GET", "/metrics"), ("HEAD", "/metrics")}  # Prometheus scrapes without a login


def template_path(path: str) -> str:
    path = path.replace(ID, "{snippet_id}").replace("twitter.png", "{platform}.png")
    return path.replace("/staff/erik/", "/staff/{name}/")


def test_the_lists_here_cover_every_route() -> None:
    routes = {
        (method, route.path)
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    covered = {(m, template_path(p)) for m, p in MUTATING}
    covered |= {("GET", template_path(p)) for p in READS} | PUBLIC
    assert routes == covered


@pytest.mark.parametrize(("method", "path"), MUTATING)
def test_changes_without_a_session_get_401(anonymous: TestClient, method: str, path: str) -> None:
    assert anonymous.request(method, path).status_code == 401


@pytest.mark.parametrize("path", READS)
def test_reads_without_a_session_get_401(anonymous: TestClient, path: str) -> None:
    answer = anonymous.get(path, headers={"Accept": "application/json"})
    assert answer.status_code == 401


@pytest.mark.parametrize("path", PAGES)
def test_a_browser_without_a_session_is_sent_to_login(anonymous: TestClient, path: str) -> None:
    answer = anonymous.get(path, headers={"Accept": "text/html,application/xhtml+xml"})
    assert answer.status_code == 302
    assert answer.headers["location"].startswith("/login?next=/")


def test_htmx_without_a_session_is_redirected_by_header(anonymous: TestClient) -> None:
    answer = anonymous.post(f"/queue/{ID}/approve", headers={"HX-Request": "true"})
    assert answer.status_code == 401 and answer.headers["HX-Redirect"].startswith("/login")


@pytest.mark.parametrize(("method", "path"), MUTATING)
def test_changes_without_the_csrf_token_get_403(
    project: Project, staff: tuple[TestClient, str], method: str, path: str
) -> None:
    client, _ = staff
    before = {p.name: p.read_text() for p in project.queue_dir.glob("*.yaml")}
    assert client.request(method, path, data={"quote": "x"}).status_code == 403
    wrong = client.request(method, path, headers={"X-CSRF-Token": "not-the-token"})
    assert wrong.status_code == 403
    assert {p.name: p.read_text() for p in project.queue_dir.glob("*.yaml")} == before


def test_the_csrf_token_in_a_form_field_or_header_is_accepted(
    project: Project, staff: tuple[TestClient, str]
) -> None:
    client, csrf = staff
    first, second = first_new_ids(client, 2)
    assert client.post(f"/queue/{first}/approve", data={"csrf_token": csrf}).status_code == 303
    answer = client.post(f"/api/snippets/{second}/approve", headers={"X-CSRF-Token": csrf})
    assert answer.status_code == 200 and answer.json()["status"] == "approved"


def test_login_without_the_csrf_token_is_refused(anonymous: TestClient) -> None:
    login_token(anonymous)
    answer = anonymous.post("/login", data={"username": "admin", "password": PASSWORD})
    assert answer.status_code == 403


def test_the_session_cookie_is_httponly_and_samesite_lax(anonymous: TestClient) -> None:
    answer = anonymous.post(
        "/login",
        data={"username": "admin", "password": PASSWORD, "csrf_token": login_token(anonymous)},
    )
    cookie = answer.headers["set-cookie"].lower()
    assert cookie.startswith(COOKIE) and "httponly" in cookie and "samesite=lax" in cookie


def test_a_tampered_cookie_is_no_session(anonymous: TestClient) -> None:
    log_in(anonymous)
    value = anonymous.cookies.get(COOKIE)
    anonymous.cookies.set(COOKIE, value[:-3] + ("aaa" if not value.endswith("aaa") else "bbb"))
    assert anonymous.get("/api/snippets").status_code == 401


def test_a_wrong_password_is_refused_and_logging_out_ends_the_session(
    anonymous: TestClient,
) -> None:
    token = login_token(anonymous)
    wrong = anonymous.post(
        "/login", data={"username": "admin", "password": "nope", "csrf_token": token}
    )
    assert wrong.status_code == 401 and "not right" in wrong.text
    csrf = log_in(anonymous)
    assert anonymous.post("/logout", data={"csrf_token": csrf}).status_code == 303
    assert anonymous.get("/api/snippets").status_code == 401


def test_login_is_rate_limited_per_client(anonymous: TestClient) -> None:
    token = login_token(anonymous)
    for _ in range(5):
        wrong = {"username": "admin", "password": "x", "csrf_token": token}
        assert anonymous.post("/login", data=wrong).status_code == 401
    right = anonymous.post(
        "/login", data={"username": "admin", "password": PASSWORD, "csrf_token": token}
    )
    assert right.status_code == 429


def test_the_throttle_forgets_after_its_window() -> None:
    throttle = LoginThrottle(limit=2, window=60)
    throttle.failed("a", now=0)
    throttle.failed("a", now=1)
    assert throttle.blocked("a", now=2) and not throttle.blocked("b", now=2)
    assert not throttle.blocked("a", now=62)


def test_login_only_redirects_within_the_desk(anonymous: TestClient) -> None:
    for target, expected in (("/calendar", "/calendar"), ("//evil.example/", "/")):
        anonymous.cookies.clear()
        answer = anonymous.post(
            "/login",
            data={
                "username": "admin",
                "password": PASSWORD,
                "csrf_token": login_token(anonymous),
                "next": target,
            },
        )
        assert answer.headers["location"] == expected


def test_healthz_answers_without_login_and_names_nothing(anonymous: TestClient) -> None:
    answer = anonymous.get("/healthz")
    assert answer.status_code == 200
    assert answer.json() == {"ok": True, "version": __version__}
    log_in(anonymous)
    assert anonymous.get("/healthz").json()["daemon"] == {"running": False}


def test_healthz_and_metrics_answer_head_as_monitors_ask(anonymous: TestClient) -> None:
    """Uptime monitors check with HEAD by default: a 405 there reads as the desk being down."""
    for path in ("/healthz", "/metrics"):
        answer = anonymous.head(path)
        assert answer.status_code == 200, path
        assert answer.content == b""


# ---- passwords and keys ------------------------------------------------------------------------


def test_password_hashes_verify_and_are_salted() -> None:
    stored = hash_password("geheim")
    assert verify_password("geheim", stored) and not verify_password("Geheim", stored)
    assert hash_password("geheim") != stored
    assert not verify_password("geheim", "garbage")


def test_the_hash_in_the_secrets_file_is_used(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.env"
    secrets.write_text(f"SCHEDULER_DESK_PASSWORD_HASH={hash_password('uit-het-bestand')}\n")
    secrets.chmod(0o600)
    check = password_check(Project(tmp_path), {"SCHEDULER_SECRETS_FILE": str(secrets)})
    assert check.matches("uit-het-bestand") and not check.matches("iets anders")


def test_a_generated_password_is_printed_once_and_only_its_hash_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    environ = {"SCHEDULER_SECRETS_FILE": str(tmp_path / "none.env")}
    check = password_check(Project(tmp_path), environ)
    printed = capsys.readouterr().out
    password = printed.strip().rsplit(" ", 1)[-1]
    stored = tmp_path / "var" / "desk-password.hash"
    assert check.matches(password) and password not in stored.read_text()
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert password_check(Project(tmp_path), environ).matches(password)
    assert capsys.readouterr().out == ""


def test_the_signing_key_is_made_once_and_private(tmp_path: Path) -> None:
    key = signing_key(Project(tmp_path), {})
    assert key == signing_key(Project(tmp_path), {}) and len(key) >= 32
    assert stat.S_IMODE((tmp_path / "var" / "desk-secret").stat().st_mode) == 0o600
    assert signing_key(Project(tmp_path), {"SCHEDULER_DESK_SECRET": "given"}) == "given"


def test_serve_prints_the_address_and_warns_off_localhost(
    project: Project,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    ran: dict[str, object] = {}
    monkeypatch.setattr(server.DeskServer, "run", lambda self: ran.update(port=self.config.port))
    with caplog.at_level(logging.WARNING):
        server.serve(project, host="0.0.0.0", port=8123, with_daemon=False)
    assert "Desk: http://0.0.0.0:8123/" in capsys.readouterr().out
    assert "TLS" in caplog.text and ran["port"] == 8123
    caplog.clear()
    server.serve(project, with_daemon=False)
    assert "TLS" not in caplog.text
