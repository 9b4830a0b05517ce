"""Schema migrations: a ledger of the release of 2026-11-27 keeps every row; replicas migrate
once; a failed revision changes nothing; the migrated schema is the metadata."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from scheduler.errors import LedgerError
from scheduler.model.post import Outcome, Result
from scheduler.store.ledger import Ledger
from scheduler.store.ledger.links import click_counts
from scheduler.store.ledger.migrate import MIGRATIONS, bring_up_to_date, current_revision
from scheduler.store.ledger.migrations import HEAD
from scheduler.store.ledger.schema import PUBLISHED, metadata
from tests.old_release.fill_ledger import dump

REPO = Path(__file__).resolve().parent.parent
RELEASE = "14c73af"  # the release of 2026-11-27
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def schema_differences(ledger: Ledger) -> list[object]:
    with ledger.engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), metadata)


def test_head_names_the_newest_revision():
    assert ScriptDirectory(str(MIGRATIONS)).get_current_head() == HEAD


def test_the_migrated_schema_is_the_metadata(ledger_url):
    """A table or column added to ledger.py without a revision fails here: every revision,
    run by Alembic on an empty database, builds what the metadata describes."""
    engine = create_engine(ledger_url)
    with engine.begin() as conn:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    ledger = Ledger(ledger_url)
    assert current_revision(ledger.engine) == HEAD
    assert schema_differences(ledger) == []


def test_a_new_ledger_is_made_at_the_newest_revision_as_the_revisions_would_make_it(ledger_url):
    ledger = Ledger(ledger_url)
    assert current_revision(ledger.engine) == HEAD
    assert schema_differences(ledger) == []
    with ledger.engine.connect() as conn:
        assert conn.execute(text("SELECT version FROM schema_info")).scalars().all() == [1]


def old_release_ledger(url: str, tmp_path: Path) -> dict[str, list[list[object]]]:
    """A ledger written by the release's own code (from git), and every row it holds."""
    if subprocess.run(["git", "-C", str(REPO), "cat-file", "-e", RELEASE], check=False).returncode:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs the git history to build a ledger with {RELEASE}")
        pytest.skip(f"no git history with {RELEASE} in this checkout")
    old = tmp_path / "release"
    old.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", RELEASE, "scheduler"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
    script = REPO / "tests" / "old_release" / "fill_ledger.py"
    env = {**os.environ, "PYTHONPATH": str(old)}
    out = subprocess.run(
        [sys.executable, str(script), url], env=env, cwd=old, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    written = json.loads(out.stdout)
    assert written["code"].startswith(str(old))  # the release's code wrote it, not ours
    return written["rows"]


def test_a_ledger_of_the_release_of_2026_11_27_keeps_every_row(ledger_url, tmp_path):
    before = old_release_ledger(ledger_url, tmp_path)
    assert len(before["claims"]) == 60 and len(before["clicks"]) == 18

    ledger = Ledger(ledger_url)

    assert current_revision(ledger.engine) == HEAD
    after = dump(ledger)
    assert {name: after[name] for name in before} == before
    assert schema_differences(ledger) == []
    # and the new release reads and writes it
    assert sum(row["clicks"] for row in click_counts(ledger)) == 18
    states = {c.state for c in ledger.claims()}
    assert {"published", "failed", "retry", "unknown", "claimed", "skipped"} <= states
    claim = ledger.claim("twitter:a", NOW, "essay-1-0", "nieuw", "new-release", NOW)
    assert claim is not None and ledger.mark_sent(claim, "new-release", NOW)
    published = Result(Outcome.PUBLISHED, remote_id="99")
    assert ledger.record_result(ledger.get(claim.id), published, NOW)
    assert (
        len(ledger.claims(states={PUBLISHED}))
        == len([r for r in before["claims"] if r[4] == PUBLISHED]) + 1
    )


def test_a_ledger_of_an_unknown_later_revision_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'ledger.sqlite3'}"
    Ledger(url).close()
    with create_engine(url).begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(LedgerError, match="9999.*newer release"):
        Ledger(url)


FAILING_REVISION = """
import sqlalchemy as sa
from alembic import op

revision = "0999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    notes = op.create_table("notes", sa.Column("id", sa.Integer, primary_key=True))
    op.bulk_insert(notes, [{{"id": 1}}])
    op.execute("DELETE FROM events")
    op.execute("DELETE FROM claims")
    op.execute("SELECT no_such_column FROM heartbeats")


def downgrade():
    pass
"""


def test_a_failed_revision_leaves_the_ledger_as_it_was(ledger_url, tmp_path):
    ledger = Ledger(ledger_url)
    ledger.claim("twitter:a", NOW, "s1", "tekst", "one", NOW)
    migrations = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    (migrations / "versions" / "0999_fails.py").write_text(FAILING_REVISION.format(head=HEAD))
    backup = tmp_path / "before.sqlite3"

    with pytest.raises(LedgerError) as raised:
        bring_up_to_date(ledger.engine, migrations=migrations, backup_to=backup)

    assert f"from revision {HEAD} to 0999 failed, and nothing was changed" in str(raised.value)
    assert "no_such_column" in str(raised.value)  # says why
    assert "notes" not in inspect(ledger.engine).get_table_names()
    assert current_revision(ledger.engine) == HEAD
    assert [c.snippet_id for c in ledger.claims()] == ["s1"]
    if ledger.engine.dialect.name == "sqlite":
        assert [c.snippet_id for c in Ledger(f"sqlite:///{backup}").claims()] == ["s1"]


@pytest.mark.slow
def test_two_replicas_starting_at_once_migrate_once(ledger_url):
    context = multiprocessing.get_context("spawn")
    start, queue = context.Barrier(2), context.Queue()
    racers = [context.Process(target=_race, args=(ledger_url, start, queue)) for _ in range(2)]
    for racer in racers:
        racer.start()
    done = sorted(str(queue.get(timeout=120)) for _ in racers)
    for racer in racers:
        racer.join(timeout=60)
    assert done == ["None", f"created the ledger at revision {HEAD}"]
    ledger = Ledger(ledger_url)
    with ledger.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
        assert conn.execute(text("SELECT count(*) FROM schema_info")).scalar() == 1


def _race(url: str, start: object, queue: multiprocessing.Queue) -> None:
    from sqlalchemy import create_engine

    from scheduler.store.ledger.connection import _engine_options, database_url
    from scheduler.store.ledger.migrate import bring_up_to_date

    engine = create_engine(database_url(url), **_engine_options(database_url(url)))
    start.wait(timeout=60)  # type: ignore[attr-defined]
    try:
        queue.put(bring_up_to_date(engine))
    except Exception as exc:  # the test shows it, rather than waiting for a silent racer
        queue.put(f"error: {exc}")
