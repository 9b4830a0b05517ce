"""Named staff, their sessions and the audit trail: the library and the command line."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest
from ruamel.yaml import YAML

from scheduler.errors import NotPermitted, UsageError
from scheduler.store.audit import Trail, entries, record
from scheduler.store.ledger import Ledger
from scheduler.store.project import Project
from scheduler.team import queue_edits as queue_changes
from scheduler.team.members import ADMIN, APPROVER, EDITOR, PERMISSIONS, Team, may
from tests.browser.sample import queue_file

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
ERIK_PW = "erik-zijn-wachtwoord"
ANNA_PW = "anna-haar-wachtwoord"


@pytest.fixture
def team() -> Team:
    return Team(Ledger("sqlite://"))


def fields(project: Project, snippet_id: str) -> dict[str, object]:
    document = YAML().load(queue_file(project, snippet_id).read_text())
    return next(dict(s) for s in document["snippets"] if s["id"] == snippet_id)


def new_ids(project: Project, count: int) -> list[str]:
    from scheduler.store.content import load_content

    snippets = load_content(project).queue.snippets
    return [s.id for s in snippets if s.status == "new" and s.postable][:count]


# ---- roles -------------------------------------------------------------------------------------


def test_each_role_may_do_what_the_issue_lists_and_no_more() -> None:
    assert PERMISSIONS[EDITOR] == {"edit", "reorder", "skip", "restore", "intro"}
    assert PERMISSIONS[APPROVER] - PERMISSIONS[EDITOR] == {
        "approve",
        "pin",
        "post-now",
        "skip-slot",
    }
    assert PERMISSIONS[ADMIN] - PERMISSIONS[APPROVER] == {"ingest", "staff", "settings"}
    assert not may(None, "edit") and not may("visitor", "edit")
    with pytest.raises(ValueError):
        may(ADMIN, "aprove")  # a typo in a route fails loudly


# ---- members and sessions ---------------------------------------------------------------------


def test_members_are_added_listed_and_never_show_a_hash(team: Team) -> None:
    team.add("erik", EDITOR, ERIK_PW, NOW)
    team.add("anna", APPROVER, ANNA_PW, NOW)
    listed = [m.as_dict() for m in team.members()]
    assert [(m["name"], m["role"]) for m in listed] == [("anna", "approver"), ("erik", "editor")]
    assert "scrypt" not in json.dumps(listed) and ERIK_PW not in json.dumps(listed)


@pytest.mark.parametrize(
    ("name", "role", "password", "problem"),
    [
        ("admin", EDITOR, ERIK_PW, "built-in"),
        ("Erik Jan", EDITOR, ERIK_PW, "not a staff name"),
        ("erik", "boss", ERIK_PW, "unknown role"),
        ("erik", EDITOR, "kort", "shorter than"),
    ],
)
def test_bad_members_are_refused_with_the_fix(
    team: Team, name: str, role: str, password: str, problem: str
) -> None:
    with pytest.raises(UsageError) as refused:
        team.add(name, role, password, NOW)
    assert problem in refused.value.message and "fix:" in refused.value.message


def test_a_name_is_added_once(team: Team) -> None:
    team.add("erik", EDITOR, ERIK_PW, NOW)
    with pytest.raises(UsageError, match="already"):
        team.add("erik", ADMIN, ERIK_PW, NOW)


def test_login_checks_the_password(team: Team) -> None:
    team.add("erik", EDITOR, ERIK_PW, NOW)
    member = team.check_login("erik", ERIK_PW)
    assert member is not None and member.role == EDITOR
    assert team.check_login("erik", ANNA_PW) is None
    assert team.check_login("nobody", ERIK_PW) is None


def test_an_unknown_name_costs_the_same_scrypt_as_a_wrong_password(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    team.add("erik", EDITOR, ERIK_PW, NOW)
    calls: list[dict[str, object]] = []
    real = hashlib.scrypt

    def counted(password: bytes, **params: object) -> bytes:
        calls.append({k: v for k, v in params.items() if k != "salt"})
        return real(password, **params)  # type: ignore[arg-type]

    monkeypatch.setattr(hashlib, "scrypt", counted)
    team.check_login("nobody", "whatever-it-is")
    unknown = list(calls)
    calls.clear()
    team.check_login("erik", "whatever-it-is")
    assert unknown == calls and len(calls) == 1  # one scrypt, same cost parameters


def test_sessions_end_at_logout_new_password_removal_and_expiry(team: Team) -> None:
    erik = team.add("erik", EDITOR, ERIK_PW, NOW)
    first = team.open_session(erik, NOW)
    assert team.session(first.token, NOW) == first
    team.end_session(first.token)
    assert team.session(first.token, NOW) is None

    second = team.open_session(erik, NOW)
    team.set_password("erik", "een-nieuw-wachtwoord", NOW)
    assert team.session(second.token, NOW) is None
    assert team.check_login("erik", "een-nieuw-wachtwoord") is not None

    third = team.open_session(erik, NOW)
    assert team.session(third.token, NOW + timedelta(hours=13)) is None  # expired
    team.remove("erik")
    assert team.session(third.token, NOW) is None
    with pytest.raises(UsageError, match="no staff member"):
        team.remove("erik")


def test_the_ledger_keeps_only_a_digest_of_the_session_token(team: Team) -> None:
    from sqlalchemy import select

    from scheduler.store.ledger.schema import staff_sessions

    session = team.open_session(team.add("erik", EDITOR, ERIK_PW, NOW), NOW)
    with team.ledger.engine.connect() as conn:
        stored = [r.token_hash for r in conn.execute(select(staff_sessions))]
    assert stored == [hashlib.sha256(session.token.encode()).hexdigest()]


# ---- queue changes with a trail ----------------------------------------------------------------


def trail(project: Project, who: str) -> Trail:
    ledger = project.ledger()
    return Trail(who, lambda: ledger, clock=lambda: NOW)


def test_approval_records_who_and_when_in_the_yaml_and_the_trail(project: Project) -> None:
    snippet_id = new_ids(project, 1)[0]
    queue_changes.approve(project, [snippet_id[:8]], trail(project, "anna"))
    written = fields(project, snippet_id)
    assert written["approved_by"] == "anna" and str(written["approved_at"]).startswith("2026-11-30")
    queue_changes.skip(project, [snippet_id], trail(project, "erik"))
    assert "approved_by" not in fields(project, snippet_id)
    trail_rows = [e.as_dict() for e in entries(project.ledger())]
    assert [(r["who"], r["action"], r["snippet_id"]) for r in trail_rows] == [
        ("erik", "skip", snippet_id),
        ("anna", "approve", snippet_id),
    ]


def test_an_edit_keeps_before_and_after(project: Project) -> None:
    snippet_id = new_ids(project, 1)[0]
    before = fields(project, snippet_id)["quote"]
    queue_changes.edit_quote(project, snippet_id, "Een nieuw citaat.", trail=trail(project, "erik"))
    (entry,) = entries(project.ledger())
    assert entry.action == "edit" and json.loads(entry.detail or "") == {
        "before": before,
        "after": "Een nieuw citaat.",
    }
    assert fields(project, snippet_id)["edited_by"] == "erik"


def test_four_eyes_the_last_editor_may_not_approve(project: Project) -> None:
    config = project.config_path
    config.write_text(config.read_text().replace("rules:\n", "rules:\n  four_eyes: true\n", 1))
    first, second = new_ids(project, 2)
    queue_changes.edit_quote(project, first, "Door Anna herschreven.", trail=trail(project, "anna"))
    with pytest.raises(NotPermitted, match="another person must approve"):
        queue_changes.approve(project, [first], trail(project, "anna"))
    assert fields(project, first)["status"] == "new"
    queue_changes.approve(project, [first], trail(project, "erik"))
    assert fields(project, first)["approved_by"] == "erik"
    # an edit after approval needs a new approval
    queue_changes.approve(project, [second], trail(project, "erik"))
    queue_changes.edit_quote(project, second, "Later nog veranderd.", trail=trail(project, "anna"))
    assert fields(project, second)["status"] == "new"
    assert "approved_by" not in fields(project, second)


def test_four_eyes_a_new_opening_line_needs_a_new_approval(project: Project) -> None:
    """The intro goes out on LinkedIn and Facebook: its writer may not approve it, and a line
    written after the approval is not approved by it."""
    config = project.config_path
    config.write_text(config.read_text().replace("rules:\n", "rules:\n  four_eyes: true\n", 1))
    first, second = new_ids(project, 2)
    queue_changes.edit_intro(project, first, "Mijn eigen opening.", trail(project, "anna"))
    with pytest.raises(NotPermitted, match="another person must approve"):
        queue_changes.approve(project, [first], trail(project, "anna"))
    queue_changes.approve(project, [second], trail(project, "anna"))
    queue_changes.edit_intro(project, second, "Na de goedkeuring.", trail(project, "erik"))
    assert fields(project, second)["status"] == "new"
    assert "approved_by" not in fields(project, second)


def test_without_four_eyes_the_editor_may_approve(project: Project) -> None:
    snippet_id = new_ids(project, 1)[0]
    queue_changes.edit_quote(project, snippet_id, "Zelf geschreven.", trail=trail(project, "anna"))
    queue_changes.approve(project, [snippet_id], trail(project, "anna"))
    assert fields(project, snippet_id)["status"] == "approved"


# ---- the command line ----------------------------------------------------------------------


def test_staff_commands_add_list_passwd_remove(run_cli, project: Project) -> None:
    added = run_cli("staff", "add", "erik", "--role", "editor", "--password-stdin", input=ERIK_PW)
    assert added.exit_code == 0, added.output
    listed = json.loads(run_cli("staff", "list", "--json").output)
    assert [(r["name"], r["role"]) for r in listed] == [("admin", "admin"), ("erik", "editor")]
    assert "scrypt" not in json.dumps(listed)
    changed = run_cli("staff", "passwd", "erik", "--password-stdin", input="nog-een-wachtwoord\n")
    assert changed.exit_code == 0
    assert Team(project.ledger()).check_login("erik", "nog-een-wachtwoord") is not None
    assert run_cli("staff", "remove", "erik").exit_code == 0
    gone = run_cli("staff", "remove", "erik")
    assert gone.exit_code == 2 and "no staff member 'erik'" in gone.output
    twice = run_cli("staff", "passwd", "admin", "--password-stdin", input="x" * 12)
    assert twice.exit_code == 2 and "SCHEDULER_DESK_PASSWORD" in twice.output


def test_staff_add_without_a_terminal_or_stdin_flag_is_refused(run_cli) -> None:
    result = run_cli("staff", "add", "erik", "--role", "editor")
    assert result.exit_code == 2 and "--password-stdin" in result.output
    reserved = run_cli("staff", "add", "admin", "--role", "editor", "--password-stdin", input="")
    assert reserved.exit_code == 2 and "built-in login" in reserved.output


def test_the_command_line_records_its_changes_as_user_or_as(
    run_cli, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("USER", "marie")
    first, second = new_ids(project, 2)
    assert run_cli("approve", first).exit_code == 0
    assert run_cli("--as", "anna", "skip", second).exit_code == 0
    run_cli("staff", "add", "erik", "--role", "editor", "--password-stdin", input=ERIK_PW)
    rows = json.loads(run_cli("audit", "--json").output)
    assert [(r["who"], r["action"], r["snippet_id"]) for r in rows] == [
        ("marie", "staff-add", None),
        ("anna", "skip", second),
        ("marie", "approve", first),
    ]
    assert set(rows[0]) == {"at", "who", "action", "snippet_id", "detail"}
    assert fields(project, first)["approved_by"] == "marie"
    record(project.ledger(), "old", "skip", datetime.now(UTC) - timedelta(days=3))
    assert json.loads(run_cli("audit", "--days", "2", "--json").output) == rows
    assert len(json.loads(run_cli("audit", "--days", "4", "--json").output)) == 4


def test_audit_without_a_ledger_is_empty(run_cli) -> None:
    result = run_cli("audit", "--json")
    assert result.exit_code == 0 and json.loads(result.output) == []


@pytest.mark.postgres
def test_staff_sessions_and_the_trail_on_postgresql() -> None:
    from tests.postgres import fresh_database

    with fresh_database() as url:
        ledger = Ledger(url)
        try:
            team = Team(ledger)
            erik = team.add("erik", EDITOR, ERIK_PW, NOW)
            session = team.open_session(erik, NOW)
            assert team.session(session.token, NOW) == session
            record(ledger, "erik", "skip", NOW, snippet_id="7e84246a17", detail={"x": 1})
            assert [e.as_dict() for e in entries(ledger)] == [
                {
                    "at": "2026-11-30T09:00:00Z",
                    "who": "erik",
                    "action": "skip",
                    "snippet_id": "7e84246a17",
                    "detail": '{"x": 1}',
                }
            ]
            team.remove("erik")
            assert team.session(session.token, NOW) is None
        finally:
            ledger.close()


def test_a_reingest_is_in_the_trail_and_a_new_projects_first_ingest_makes_no_ledger(
    run_cli, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("USER", "marie")
    assert project.sqlite_ledger_path is not None and not project.sqlite_ledger_path.exists()
    assert run_cli("ingest").exit_code == 0
    assert not project.sqlite_ledger_path.exists()  # the project's creation: nothing to answer for
    assert run_cli("--as", "anna", "skip", new_ids(project, 1)[0]).exit_code == 0  # now a ledger
    assert run_cli("ingest").exit_code == 0
    rows = json.loads(run_cli("audit", "--json").output)
    assert [(r["who"], r["action"]) for r in rows] == [("marie", "ingest"), ("anna", "skip")]
    assert set(json.loads(rows[0]["detail"])) == {"essays", "new", "orphaned", "errors"}
