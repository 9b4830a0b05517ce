"""A SQLite ledger as a file: a consistent copy of it, and the claims a copy holds.

SQLite's online backup API copies page by page under the database's own locks, so the copy is
consistent while the daemon writes. Migrating copies the file first; `scheduler backup` too.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from scheduler.errors import InputError


def copy_sqlite(source: str | Path, target: Path) -> None:
    """Copy a SQLite database consistently, even while others write to it; atomic at target."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(str(source), timeout=30)
    try:
        dst = sqlite3.connect(str(partial))
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        finally:
            dst.close()
    finally:
        src.close()
    os.replace(partial, target)


def claim_counts(path: Path) -> dict[str, int]:
    """Claims by state in a SQLite ledger file: what a backup holds."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT state, count(*) FROM claims GROUP BY state ORDER BY state")
        return {state: count for state, count in rows}
    except sqlite3.DatabaseError as exc:
        raise InputError(
            f"not a ledger: {exc}", path=path, hint="name a file made by `scheduler backup -o`"
        ) from exc
    finally:
        db.close()


def copy_into(source: Path, target: Path) -> None:
    """Write a copy's pages over a ledger file, through SQLite, so a -wal file beside the
    ledger cannot disagree with it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src, dst = sqlite3.connect(str(source)), sqlite3.connect(str(target), timeout=30)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
