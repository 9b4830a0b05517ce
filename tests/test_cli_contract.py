"""The command-line contract other tools rely on: names, fields, exit codes, help."""

from __future__ import annotations

import json
import re
import shutil

import click
import pytest
from click.testing import CliRunner

from scheduler.cli import cli
from tests.projects import BUNDLED_ESSAYS

SNIPPET_FIELDS = {"id", "essay", "essay_title", "quote", "status", "link", "hashtags", "render"}
SLOT_FIELDS = {"at", "platform", "handle", "snippet_id", "text"}


def _walk(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from _walk(command, f"{prefix}{name} ")


def test_every_command_has_help_text():
    for name, command in _walk(cli):
        assert command.help and len(command.help) > 10, f"'{name}' has no help"


@pytest.mark.parametrize("name", [n for n, _ in _walk(cli)])
def test_every_command_answers_help(run_cli, name):
    result = run_cli(*name.split(), "--help")
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_essays_lists_eight_essays_and_the_foreword(run_cli):
    rows = json.loads(run_cli("essays", "--json").output)
    kinds = sorted(r["kind"] for r in rows)
    assert kinds.count("essay") == 8 and kinds.count("foreword") == 1
    assert all({"slug", "title", "kind", "snippets"} <= r.keys() for r in rows)
    foreword = next(r for r in rows if r["kind"] == "foreword")
    assert foreword["post"] is False


def test_accounts_lists_the_three_footer_accounts_with_their_kinds(run_cli):
    rows = json.loads(run_cli("accounts", "--json").output)
    found = {(r["platform"], r["handle"], r["kind"], r["mode"]) for r in rows}
    assert found == {
        ("twitter", "BaltusAnnemarie", "person", "dry-run"),
        ("linkedin", "annemariebaltus", "person", "dry-run"),
        ("facebook", "AnnemarieBaltusInspira", "page", "dry-run"),
    }


def test_queue_json_has_the_contract_fields_and_renders_for_each_platform(run_cli):
    rows = json.loads(run_cli("queue", "--json").output)
    assert len(rows) > 40
    for row in rows:
        assert SNIPPET_FIELDS <= row.keys()
        assert set(row["render"]) == {"twitter", "linkedin", "facebook"}
        assert row["status"] in {"new", "approved", "skipped", "published"}
        for platform, text in row["render"].items():
            assert "utm_source=" + platform in text  # every render carries its tagged link


def test_plan_json_reads_state_and_changes_none(run_cli, project):
    # Notes (the month's cost, the day the queue runs dry) go to stderr; stdout is the JSON.
    rows = json.loads(run_cli("plan", "--days", "7", "--json").stdout)
    assert rows and all(SLOT_FIELDS <= r.keys() for r in rows)
    assert not (project.var_dir / "ledger.sqlite3").exists()


def test_simulate_covers_all_three_platforms_and_touches_no_state(run_cli, project):
    result = run_cli("simulate", "--days", "14", "--start", "2026-12-01T00:00:00+01:00", "--json")
    rows = json.loads(result.output)
    assert {r["platform"] for r in rows} == {"twitter", "linkedin", "facebook"}
    assert all(SLOT_FIELDS <= r.keys() for r in rows)
    assert not (project.var_dir / "ledger.sqlite3").exists()
    assert not project.outbox_dir.exists()
    # Never the same snippet twice on one account.
    per_account = [(r["platform"], r["snippet_id"]) for r in rows]
    assert len(per_account) == len(set(per_account))


def test_an_unknown_snippet_id_is_bad_usage(run_cli):
    result = run_cli("preview", "ffffffffff")
    assert result.exit_code == 2
    assert "no snippet" in result.output


def test_approve_writes_the_queue_file(run_cli, project):
    rows = json.loads(run_cli("queue", "--json").output)
    target = rows[3]["id"]
    assert run_cli("approve", target).exit_code == 0
    texts = "".join(p.read_text() for p in project.queue_dir.glob("*.yaml"))
    assert re.search(rf"id: '?{target}'?\n    status: approved", texts)


def test_accounts_check_says_plainly_when_facebook_is_a_personal_profile(run_cli, project):
    config = project.config_path
    config.write_text(
        config.read_text().replace(
            "http://www.facebook.com/AnnemarieBaltusInspira",
            "https://www.facebook.com/profile.php?id=100001234567890",
        )
    )
    result = run_cli("accounts", "--check", "--json")
    assert result.exit_code == 1
    facebook = next(r for r in json.loads(result.output) if r["platform"] == "facebook")
    assert "Page" in facebook["problem"] and "profile" in facebook["problem"]
    others = [r for r in json.loads(result.output) if r["platform"] != "facebook"]
    assert all(r["problem"] is None and r["check"].startswith("dry-run") for r in others)


def test_listings_read_the_ledger_named_by_scheduler_database_url(
    run_cli, project, tmp_path, monkeypatch
):
    from datetime import UTC, datetime

    from scheduler.model.post import Outcome, Result
    from scheduler.store.ledger import Ledger

    url = f"sqlite:///{tmp_path / 'elsewhere' / 'ledger.sqlite3'}"
    monkeypatch.setenv("SCHEDULER_DATABASE_URL", url)
    snippet_id = json.loads(run_cli("queue", "--json").output)[0]["id"]
    (tmp_path / "elsewhere").mkdir()
    ledger, now = Ledger(url), datetime.now(UTC)
    claim = ledger.claim("twitter:BaltusAnnemarie", now, snippet_id, "tekst", "test", now)
    ledger.mark_sent(claim, "test", now)
    ledger.record_result(ledger.get(claim.id), Result(Outcome.PUBLISHED, remote_id="1"), now)
    row = next(r for r in json.loads(run_cli("queue", "--json").output) if r["id"] == snippet_id)
    assert row["status"] == "published"
    assert not (project.var_dir / "ledger.sqlite3").exists()


def test_square_brackets_in_an_essay_are_shown_as_text_not_taken_for_markup(run_cli, project):
    essay = project.root / "posts" / "essays" / "haken.md"
    essay.write_text(
        "---\ntitle: Over [sic] moed [/i]\n---\n"
        "Moed is geen afwezigheid van angst [sic], maar handelen terwijl je bang bent [/b]. "
        "Wie nooit twijfelt, leert nooit iets nieuws.\n",
        encoding="utf-8",
    )
    ingested = run_cli("ingest", str(essay))
    assert ingested.exit_code == 0 and "Over [sic] moed [/i]" in ingested.output
    rows = json.loads(run_cli("queue", "--json").output)
    quote = next(r for r in rows if "[sic]" in r["quote"])
    for args in (("queue",), ("essays",), ("preview", quote["id"])):
        result = run_cli(*args)
        assert result.exit_code == 0, args
        assert "[sic]" in result.output, args
    assert "[/b]" in run_cli("preview", quote["id"]).output


def test_queue_and_preview_show_the_first_comment_that_carries_the_link(run_cli, project):
    config = project.config_path.read_text(encoding="utf-8")
    marker = "  - platform: linkedin\n"
    assert marker in config
    project.config_path.write_text(
        config.replace(marker, marker + "    link: comment\n"), encoding="utf-8"
    )
    rows = json.loads(run_cli("queue", "--json").output)
    row = next(r for r in rows if r["postable"])
    assert "utm_source=linkedin" not in row["render"]["linkedin"]  # not in the post …
    comment = row["comments"]["linkedin"]
    assert comment.startswith(row["essay_title"] + "\n") and "utm_source=linkedin" in comment
    assert set(row["comments"]) == {"linkedin"}  # … X and Facebook carry it in the post
    preview = run_cli("preview", row["id"]).output
    assert "first comment: " + row["essay_title"] in preview


def test_an_ingest_that_finds_no_essays_fails_and_writes_no_empty_config(tmp_path, monkeypatch):
    monkeypatch.setenv("SCHEDULER_SECRETS_FILE", str(tmp_path / "absent-secrets.env"))
    root = tmp_path / "fresh"

    def ingest(*args: str):
        return CliRunner().invoke(cli, ["--root", str(root), "ingest", *args])

    empty = ingest()
    assert empty.exit_code == 2 and "no essay files in" in empty.output
    assert not (root / "config" / "scheduler.yaml").exists()
    # the essays arrive: the first config is written from their footer, accounts and all
    shutil.copytree(BUNDLED_ESSAYS, root / "posts" / "essays")
    assert ingest().exit_code == 0
    accounts = json.loads(
        CliRunner().invoke(cli, ["--root", str(root), "accounts", "--json"]).output
    )
    assert {a["platform"] for a in accounts} == {"twitter", "linkedin", "facebook"}


@pytest.mark.parametrize(
    "args",
    [
        ("plan", "--days", "1e9"),
        ("plan", "--days", "nan"),
        ("plan", "--days", "inf"),
        ("audit", "--days", "nan"),
        ("audit", "--days", "1e12"),
        ("clicks", "--days", "99999999999"),
        ("simulate", "--days", "5", "--start", "9999-12-31T00:00:00"),
        ("simulate", "--days", "5", "--start", "0001-01-01T00:00:00"),
    ],
)
def test_days_and_moments_off_the_calendar_are_bad_usage_not_a_traceback(run_cli, args):
    result = run_cli(*args)  # an OverflowError or ValueError would escape here
    assert result.exit_code == 2
    assert "--days" in result.output or "--start" in result.output
