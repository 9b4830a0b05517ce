"""`scheduler backup` and `scheduler restore`: a consistent copy of a SQLite ledger, and back.

The copying itself is the ledger's (scheduler.store.ledger.files). A PostgreSQL ledger is the
server's business: pg_dump.
"""

from __future__ import annotations

import shlex
from datetime import datetime
from pathlib import Path

from scheduler.errors import InputError, LedgerError, ServerLedger
from scheduler.store.ledger import Ledger
from scheduler.store.ledger.connection import tool_url
from scheduler.store.ledger.files import claim_counts, copy_into, copy_sqlite
from scheduler.store.project import Project


def backup(project: Project, target: Path) -> dict[str, int]:
    """Copy the project's SQLite ledger to target; the claims it holds, by state."""
    source = _sqlite_path(project, "pg_dump")
    if not source.exists():
        raise LedgerError(f"there is no ledger at {source} yet: nothing to back up")
    if _is_the_ledger(target, source):
        # The copy replaces its target by rename: onto the ledger, a running daemon would go
        # on writing to the old, unlinked file while every other command read the copy.
        raise InputError(
            "is the ledger itself", path=target, hint="name a file outside the ledger's own"
        )
    copy_sqlite(source, target)
    return claim_counts(target)


def restore(project: Project, source: Path, now: datetime, within_seconds: float) -> Path | None:
    """Put a backup in place of the ledger; the previous ledger is kept beside it (returned).

    Refused while a daemon's heartbeat is recent: it would go on writing to the old one."""
    target = _sqlite_path(project, "pg_restore")
    if not source.is_file():
        raise InputError("no such file", path=source, hint="name a file made by `scheduler backup`")
    if _is_the_ledger(source, target):
        raise InputError(
            "is the ledger itself, not a backup",
            path=source,
            hint="name a file made by `scheduler backup -o`",
        )
    claim_counts(source)  # refuses a file that is not a ledger before anything is touched
    kept = None
    if target.exists():
        ledger = Ledger(f"sqlite:///{target}")
        try:
            alive = ledger.live_owners(now, within_seconds)
        finally:
            ledger.close()
        if alive:
            raise LedgerError(
                f"a daemon holds the ledger ({', '.join(sorted(alive))} said it was alive in the "
                f"last {within_seconds:.0f} s): stop it first (systemctl stop essay-scheduler), "
                "then restore"
            )
        kept = target.with_name(target.name + ".before-restore")
        copy_sqlite(target, kept)
    copy_into(source, target)
    return kept


def _is_the_ledger(path: Path, ledger: Path) -> bool:
    """The ledger's file or one of SQLite's files beside it (-wal, -shm, -journal), by any name."""
    files = [ledger] + [ledger.with_name(ledger.name + s) for s in ("-wal", "-shm", "-journal")]
    found = path.resolve()
    return any(found == f.resolve() or (f.exists() and path.exists() and path.samefile(f))
               for f in files)  # fmt: skip


def server_command(project: Project, tool: str, file: Path) -> str:
    """The pg_dump or pg_restore command for a PostgreSQL ledger (without its password)."""
    plain = tool_url(project.ledger_url)
    if tool == "pg_dump":
        return f"pg_dump --format=custom --file={shlex.quote(str(file))} {shlex.quote(plain)}"
    return f"pg_restore --clean --if-exists --dbname={shlex.quote(plain)} {shlex.quote(str(file))}"


def _sqlite_path(project: Project, tool: str) -> Path:
    path = project.sqlite_ledger_path
    if path is None:
        raise ServerLedger(f"the ledger is a PostgreSQL database: use {tool}")
    return path
