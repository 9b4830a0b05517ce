"""Bringing a ledger to the current schema with the Alembic revisions in scheduler/migrations.

Opening a ledger that is already at HEAD costs one query and imports no Alembic. Otherwise, in
one transaction under a lock (PostgreSQL: an advisory lock; SQLite: BEGIN IMMEDIATE, the write
lock), so that two replicas starting at once migrate it once:

- an empty database is made from the metadata and stamped with the newest revision, without
  Alembic (tests/test_migrations.py proves the revisions build the same schema);
- a ledger made by the release of 2026-11-27 (tables, no alembic_version) is stamped as the
  first revision, never rebuilt;
- a ledger behind HEAD gets the missing revisions. Both engines run DDL inside the transaction,
  so a failed revision leaves the ledger as it was; on SQLite a copy is also made beforehand.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.pool import NullPool

from scheduler.errors import LedgerError
from scheduler.store.ledger.migrations import FIRST, HEAD

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"
LOCK_KEY = 0x5C4ED01E  # pg_advisory_xact_lock: any constant the other replicas share
# Alembic's own version table, as its upgrade creates it.
VERSION_TABLE = (
    "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
    "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
)
ADOPTED_TABLE = "claims"  # present in every ledger an earlier release made


def current_revision(engine: Engine) -> str | None:
    """The ledger's revision; None when it has no version table (new, or an early release)."""
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except (OperationalError, ProgrammingError):
        return None


def bring_up_to_date(
    engine: Engine, *, backup_to: Path | None = None, migrations: Path = MIGRATIONS
) -> str | None:
    """Migrate the ledger to the newest revision; returns what was done, None when nothing.

    ``backup_to``: where a SQLite ledger is copied before revisions are applied to it."""
    if engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:"):
        # Lives and dies with this process (simulate): no history to keep, nothing to version;
        # the migrated schema equals the metadata (tests/test_migrations.py), so make it whole.
        from scheduler.store.ledger.schema import metadata

        metadata.create_all(engine)
        return None
    if migrations == MIGRATIONS:
        if current_revision(engine) == HEAD:
            return None
        created = _create_if_empty(engine)
        if created is not None:
            return created
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(migrations))
    head = script.get_current_head()
    if head is None:
        raise LedgerError(f"no schema revisions in {migrations}: the installation is broken")
    with _locked_transaction(engine) as conn:
        current = _revision_in(conn)
        if current == head:
            return None  # another replica did it while we waited for the lock
        if current is not None and current not in {r.revision for r in script.walk_revisions()}:
            raise LedgerError(
                f"the ledger is at schema revision {current}, which this release does not know: "
                "a newer release upgraded it; run that release, or restore a backup"
            )
        adopted = current is None and ADOPTED_TABLE in inspect(conn).get_table_names()
        if adopted:
            _alembic(conn, script, "stamp", FIRST)  # rolled back too if an upgrade below fails
            current = FIRST
            log.info("adopting a ledger made before migrations as revision %s", FIRST)
            if current == head:
                return f"adopted an existing ledger as revision {FIRST}"
        copied = current is not None and backup_to is not None and engine.dialect.name == "sqlite"
        if copied:
            from scheduler.store.ledger.files import copy_sqlite

            copy_sqlite(engine.url.database or "", backup_to)  # type: ignore[arg-type]
        try:
            _alembic(conn, script, "upgrade", head)
        except Exception as exc:
            why = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise LedgerError(
                f"upgrading the ledger from revision {current or 'none'} to {head} failed, "
                f"and nothing was changed: {why}"
                + (f" (a copy from before is at {backup_to})" if copied else "")
            ) from exc
    done = f"migrated the ledger from revision {current or 'none'} to {head}"
    log.info(done)
    return done


def _create_if_empty(engine: Engine) -> str | None:
    """An empty database gets the tables as the metadata has them and the newest revision
    stamped, as Alembic would leave it after every revision: a fresh project pays no Alembic
    import. None when the database holds tables (an older ledger, or another replica's)."""
    from scheduler.store.ledger.schema import metadata, schema_info

    with _locked_transaction(engine) as conn:
        if inspect(conn).get_table_names():
            return None
        metadata.create_all(conn)
        conn.execute(schema_info.insert().values(version=1))  # as revision 0001 writes it
        conn.execute(text(VERSION_TABLE))
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": HEAD})
    log.info("created the ledger at revision %s", HEAD)
    return f"created the ledger at revision {HEAD}"


def _revision_in(conn: Connection) -> str | None:
    if "alembic_version" not in inspect(conn).get_table_names():
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _alembic(conn: Connection, script: object, action: str, revision: str) -> None:
    """Run Alembic's upgrade or stamp on our connection, inside our transaction."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script.dir))  # type: ignore[attr-defined]
    config.attributes["connection"] = conn
    getattr(command, action)(config, revision)


@contextmanager
def _locked_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction that holds the ledger's migration lock until it commits or rolls back."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
            yield conn
        return
    if engine.dialect.name == "sqlite":
        # Python's sqlite3 opens no transaction before DDL, so each CREATE would commit alone;
        # we BEGIN ourselves, IMMEDIATE: it takes the write lock, so a second process waits.
        exclusive = create_engine(engine.url, poolclass=NullPool)
        event.listen(exclusive, "connect", _no_implicit_transactions)
        event.listen(exclusive, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
        try:
            with exclusive.begin() as conn:
                yield conn
        finally:
            exclusive.dispose()
        return
    with engine.begin() as conn:
        yield conn


def _no_implicit_transactions(dbapi_connection: object, _record: object) -> None:
    dbapi_connection.isolation_level = None  # type: ignore[attr-defined]
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
