"""The desk with named staff: login by name, roles on every route, sessions that end, the
audit trail on the Log, four eyes, and the Host and proxy checks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime

import pytest
from starlette.testclient import TestClient

from scheduler.model.settings import DeskSettings
from scheduler.store.project import Project
from scheduler.team.members import ADMIN, APPROVER, EDITOR, Team, may
from scheduler.web import server
from scheduler.web.auth import COOKIE, desk_hosts
from scheduler.web.server import build, server_config
from tests.browser.desk_client import DESK_URL
from tests.browser.sample import PASSWORD, first_new_ids, log_in, login_token
from tests.test_web_security import ID, MUTATING

PASSWORDS = {"erik": "erik-zijn-wachtwoord", "anna": "anna-haar-wachtwoord"}
# What each change needs; None: any member (logging out).
NEEDS = {
    f"/queue/{ID}/approve": "approve",
    f"/queue/{ID}/skip": "skip",
    f"/queue/{ID}/restore": "restore",
    f"/queue/{ID}/pin": "pin",
    f"/queue/{ID}/move": "reorder",
    f"/queue/{ID}/edit": "edit",
    f"/queue/{ID}/intro": "intro",
    "/queue/reorder": "reorder",
    "/calendar/post-now": "post-now",
    "/calendar/skip": "skip-slot",
    "/essays/ingest": "ingest",
    "/logout": None,
    f"/api/snippets/{ID}/approve": "approve",
    f"/api/snippets/{ID}/skip": "skip",
    f"/api/snippets/{ID}": "edit",
    "/api/snippets/reorder": "reorder",
    "/staff/add": "staff",
    "/staff/erik/remove": "staff",
}


@pytest.fixture
def members(project: Project) -> Team:
    team = Team(project.ledger())
    now = datetime.now(UTC)
    team.add("erik", EDITOR, PASSWORDS["erik"], now)
    team.add("anna", APPROVER, PASSWORDS["anna"], now)
    return team


class Browsers(dict[str, tuple[TestClient, str]]):
    """A logged-in client per name, made when first asked for (a login costs one scrypt)."""

    def __init__(self, project: Project, stack: ExitStack) -> None:
        super().__init__()
        self.project, self.stack = project, stack

    def __missing__(self, name: str) -> tuple[TestClient, str]:
        client = TestClient(build(self.project), base_url=DESK_URL, follow_redirects=False)
        self.stack.enter_context(client)
        self[name] = (client, log_in(client, PASSWORDS.get(name, PASSWORD), name))
        return self[name]


@pytest.fixture
def clients(project: Project, members: Team) -> Iterator[Browsers]:
    """erik, anna and the built-in admin, each logged in in a browser of their own."""
    with ExitStack() as stack:
        yield Browsers(project, stack)


def unchanged(project: Project) -> dict[str, str]:
    return {p.name: p.read_text() for p in project.queue_dir.glob("*.yaml")}


def test_every_change_names_the_action_it_needs() -> None:
    assert set(NEEDS) == {path for _, path in MUTATING}


@pytest.mark.parametrize("role_name", ["erik", "anna"])
@pytest.mark.parametrize(("method", "path"), MUTATING)
def test_a_role_that_may_not_gets_403_and_changes_nothing(
    project: Project,
    clients: Browsers,
    role_name: str,
    method: str,
    path: str,
) -> None:
    client, csrf = clients[role_name]
    role = {"erik": EDITOR, "anna": APPROVER}[role_name]
    action = NEEDS[path]
    if action is None:
        return  # logging out is for everyone; tested below
    before = unchanged(project)
    answer = client.request(method, path, headers={"X-CSRF-Token": csrf, "Accept": "text/html"})
    if may(role, action):
        assert answer.status_code != 403, answer.text
    else:
        assert answer.status_code == 403 and f"may not {action}" in answer.text
        assert unchanged(project) == before


def test_the_done_when_of_issue_15(project: Project, clients: Browsers, members: Team) -> None:
    erik, erik_csrf = clients["erik"]
    anna, anna_csrf = clients["anna"]
    first, second = first_new_ids(erik, 2)
    assert erik.post(f"/api/snippets/{first}/skip", headers={"X-CSRF-Token": erik_csrf}).is_success
    refused = erik.post(f"/api/snippets/{second}/approve", headers={"X-CSRF-Token": erik_csrf})
    assert refused.status_code == 403
    approved = anna.post(f"/api/snippets/{second}/approve", headers={"X-CSRF-Token": anna_csrf})
    assert approved.status_code == 200 and approved.json()["approved_by"] == "anna"
    trail = anna.get("/api/audit").json()
    assert {(e["who"], e["action"], e["snippet_id"]) for e in trail} >= {
        ("erik", "skip", first),
        ("anna", "approve", second),
        ("erik", "login", None),
        ("anna", "login", None),
    }
    members.remove("erik")
    assert erik.get("/api/snippets").status_code == 401


def test_logout_ends_the_session_even_for_a_copied_cookie(
    clients: Browsers,
) -> None:
    erik, csrf = clients["erik"]
    copied = erik.cookies.get(COOKIE)
    assert erik.post("/logout", data={"csrf_token": csrf}).status_code == 303
    erik.cookies.set(COOKIE, copied)
    assert erik.get("/api/snippets").status_code == 401


def test_a_new_password_ends_the_session(clients: Browsers, members: Team) -> None:
    anna, _ = clients["anna"]
    members.set_password("anna", "een-ander-wachtwoord", datetime.now(UTC))
    assert anna.get("/api/snippets").status_code == 401


def test_an_unknown_name_and_a_wrong_password_get_the_same_answer(
    project: Project, members: Team
) -> None:
    answers = []
    for name in ("erik", "nobody"):
        with TestClient(build(project), base_url=DESK_URL, follow_redirects=False) as client:
            token = login_token(client)
            answer = client.post(
                "/login", data={"username": name, "password": "fout-fout", "csrf_token": token}
            )
            # the page echoes the name typed; with it taken out, the pages are the same
            page = answer.text.replace(f'value="{name}"', "").replace(token, "")
            answers.append((answer.status_code, page))
    assert answers[0] == answers[1] and answers[0][0] == 401
    assert "That name or password is not right." in answers[0][1]


def test_failed_logins_are_in_the_trail_without_the_name_typed_when_unknown(
    project: Project, members: Team, clients: Browsers
) -> None:
    with TestClient(build(project), base_url=DESK_URL, follow_redirects=False) as client:
        for name in ("erik", "mijn-wachtwoord-per-ongeluk"):
            data = {"username": name, "password": "fout-fout", "csrf_token": login_token(client)}
            client.post("/login", data=data)
    admin, _ = clients["admin"]
    failed = [e for e in admin.get("/api/audit").json() if e["action"] == "login-failed"]
    assert sorted(e["who"] for e in failed) == ["(unknown)", "erik"]
    assert "per-ongeluk" not in str(admin.get("/api/audit").json())


def test_the_desk_hides_what_a_role_may_not_do(
    clients: Browsers,
) -> None:
    names = ("erik", "anna", "admin")
    pages = {name: clients[name][0].get("/").text for name in names}
    approve = re.compile(r">Approve</button>")
    assert not approve.search(pages["erik"]) and approve.search(pages["anna"])
    assert ">Skip</button>" in pages["erik"] and ">Edit</a>" in pages["erik"]
    assert ">Pin</button>" not in pages["erik"] and ">Pin</button>" in pages["anna"]
    assert "erik · editor" in pages["erik"]
    calendars = {name: clients[name][0].get("/calendar").text for name in names}
    assert "Post now" not in calendars["erik"] and "Skip slot" not in calendars["erik"]
    assert "Post now" in calendars["anna"]
    essays = {name: clients[name][0].get("/essays").text for name in names}
    assert "Re-ingest essays" not in essays["anna"] and "Re-ingest essays" in essays["admin"]


def test_the_log_shows_staff_changes_by_name(
    clients: Browsers,
) -> None:
    erik, erik_csrf = clients["erik"]
    anna, anna_csrf = clients["anna"]
    first, second = first_new_ids(erik, 2)
    erik.post(f"/queue/{first}/edit", data={"csrf_token": erik_csrf, "quote": "Erik schreef dit."})
    anna.post(f"/queue/{second}/approve", data={"csrf_token": anna_csrf})
    log = anna.get("/log").text
    rows = re.findall(r'<td class="nowrap who">(\w+)</td>\s*<td><span[^>]*>([\w-]+)</span>', log)
    assert ("erik", "edit") in rows and ("anna", "approve") in rows


def test_four_eyes_on_the_api(project: Project, clients: Browsers) -> None:
    config = project.config_path
    config.write_text(config.read_text().replace("rules:\n", "rules:\n  four_eyes: true\n", 1))
    anna, csrf = clients["anna"]
    erik, erik_csrf = clients["erik"]
    first, second = first_new_ids(anna, 2)
    headers = {"X-CSRF-Token": csrf}
    assert anna.patch(f"/api/snippets/{first}", json={"quote": "Anna's versie."}, headers=headers)
    refused = anna.post(f"/api/snippets/{first}/approve", headers=headers)
    assert refused.status_code == 403 and "another person" in refused.json()["detail"]
    erik.patch(
        f"/api/snippets/{second}",
        json={"quote": "Eriks versie."},
        headers={"X-CSRF-Token": erik_csrf},
    )
    assert anna.post(f"/api/snippets/{second}/approve", headers=headers).status_code == 200


# ---- Host names and proxies --------------------------------------------------------------------


def test_a_foreign_host_gets_400(project: Project) -> None:
    with TestClient(build(project), base_url=DESK_URL) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/healthz", headers={"Host": "localhost:8000"}).status_code == 200
        rebound = client.get("/healthz", headers={"Host": "attacker.example"})
        assert rebound.status_code == 400
        assert client.get("/login", headers={"Host": "attacker.example"}).status_code == 400


def test_allowed_hosts_come_from_the_config(project: Project) -> None:
    config = project.config_path
    config.write_text(config.read_text() + "desk:\n  allowed_hosts: [desk.inspira.nl]\n")
    with TestClient(build(project), base_url="http://desk.inspira.nl") as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/healthz", headers={"Host": "127.0.0.1"}).status_code == 400
    assert desk_hosts("0.0.0.0", ()) == ["0.0.0.0", "127.0.0.1", "localhost"]


def test_forwarded_headers_are_trusted_only_from_named_proxies(project: Project) -> None:
    app = build(project)
    default = server_config(app, "127.0.0.1", 8000, DeskSettings())
    assert default.proxy_headers is False  # uvicorn's own default trusts 127.0.0.1
    named = server_config(app, "127.0.0.1", 8000, DeskSettings(trusted_proxies=("10.0.0.2",)))
    assert named.proxy_headers is True and named.forwarded_allow_ips == ["10.0.0.2"]


def test_serve_takes_the_proxies_from_the_config(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = project.config_path
    config.write_text(config.read_text() + "desk:\n  trusted_proxies: [10.1.0.0/16]\n")
    ran: dict[str, object] = {}

    def run(self: server.DeskServer) -> None:
        ran.update(proxy=self.config.proxy_headers, ips=self.config.forwarded_allow_ips)

    monkeypatch.setattr(server.DeskServer, "run", run)
    server.serve(project, with_daemon=False)
    assert ran == {"proxy": True, "ips": ["10.1.0.0/16"]}


def test_a_proxy_that_is_not_an_address_is_refused_with_the_line(run_cli, project: Project) -> None:
    config = project.config_path
    config.write_text(config.read_text() + "desk:\n  trusted_proxies: [my-proxy]\n")
    result = run_cli("plan", "--json")
    assert result.exit_code == 2
    assert "'my-proxy' is not an IP address" in result.output and "scheduler.yaml:" in result.output


def test_the_staff_page_shows_times_in_the_projects_time_zone(
    project: Project, clients: Browsers
) -> None:
    """As the log and the calendar do: 08:00 UTC in winter is 09:00 in Amsterdam."""
    Team(project.ledger()).add(
        "marie", APPROVER, "marie-wachtwoord", datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    )
    admin, _ = clients["admin"]
    row = admin.get("/staff").text.split("<b>marie</b>")[1].split("</tr>")[0]
    assert "Mon 05 Jan, 09:00" in row


def test_admins_manage_the_staff_on_the_desk(project: Project, clients: Browsers) -> None:
    erik, _ = clients["erik"]
    assert erik.get("/staff").status_code == 403
    assert 'href="/staff"' not in erik.get("/").text
    admin, csrf = clients["admin"]
    assert 'href="/staff"' in admin.get("/").text
    page = admin.get("/staff").text
    assert "erik" in page and "anna" in page and "scrypt" not in page
    added = admin.post(
        "/staff/add",
        data={
            "csrf_token": csrf,
            "name": "marie",
            "role": "approver",
            "password": "marie-wachtwoord",
        },
    )
    assert added.status_code == 303
    short = admin.post(
        "/staff/add",
        data={"csrf_token": csrf, "name": "kees", "role": "editor", "password": "kort"},
    )
    assert short.status_code == 422 and "shorter than 8" in short.text
    assert admin.post("/staff/erik/remove", data={"csrf_token": csrf}).status_code == 303
    assert erik.get("/api/snippets").status_code == 401
    team = Team(project.ledger())
    assert [(m.name, m.role) for m in team.members()] == [
        ("anna", "approver"),
        ("marie", "approver"),
    ]
    trail = [(e["who"], e["action"], e["detail"]) for e in admin.get("/api/audit").json()]
    assert ("admin", "staff-remove", '{"name": "erik"}') in trail


def test_admin_is_the_desk_password(clients: Browsers) -> None:
    admin, _ = clients["admin"]
    assert admin.get("/api/session").json()["role"] == ADMIN
