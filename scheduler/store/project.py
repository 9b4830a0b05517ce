"""A project folder: config/, posts/ and var/, and the loading every command shares."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from scheduler.model.settings import Config
from scheduler.model.snippets import Queue
from scheduler.store.config_file import read_config
from scheduler.store.queue_files import read_queue

if TYPE_CHECKING:  # the ledger pulls in SQLAlchemy: only commands that need it pay for it
    from scheduler.store.ledger import Ledger

ROOT_VARIABLE = "SCHEDULER_ROOT"
DATABASE_VARIABLE = "SCHEDULER_DATABASE_URL"
ESSAY_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")


def essay_files_in(folder: Path) -> list[Path]:
    """The essay files directly in a folder, by name; other files and folders are left out."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in ESSAY_SUFFIXES and p.is_file())


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def locate(cls, root: str | Path | None = None) -> Project:
        chosen = root or os.environ.get(ROOT_VARIABLE) or "."
        return cls(Path(chosen).resolve())

    @property
    def config_path(self) -> Path:
        return self.root / "config" / "scheduler.yaml"

    @property
    def essays_dir(self) -> Path:
        return self.root / "posts" / "essays"

    @property
    def queue_dir(self) -> Path:
        return self.root / "posts" / "queue"

    @property
    def var_dir(self) -> Path:
        return self.root / "var"

    @property
    def outbox_dir(self) -> Path:
        return self.var_dir / "outbox"

    @property
    def ledger_url(self) -> str:
        return os.environ.get(DATABASE_VARIABLE) or f"sqlite:///{self.var_dir / 'ledger.sqlite3'}"

    @property
    def sqlite_ledger_path(self) -> Path | None:
        """The file behind a SQLite ledger URL; None for a server database."""
        prefix = "sqlite:///"
        url = self.ledger_url
        return (
            Path(url[len(prefix) :]) if url.startswith(prefix) and len(url) > len(prefix) else None
        )

    def essay_files(self) -> list[Path]:
        return essay_files_in(self.essays_dir)

    def config(self) -> Config:
        return read_config(self.config_path)

    def queue(self) -> Queue:
        return read_queue(self.queue_dir)

    def has_ledger(self) -> bool:
        """Is there a ledger yet? A server database always is; a SQLite one once its file is."""
        path = self.sqlite_ledger_path
        return path is None or path.exists()

    def ledger(self) -> Ledger:
        from scheduler.store.ledger import Ledger

        path = self.sqlite_ledger_path
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        return Ledger(self.ledger_url)


@contextmanager
def queue_lock(project: Project) -> Iterator[None]:
    """One writer at a time across the desk, the command line and ingest."""
    project.var_dir.mkdir(parents=True, exist_ok=True)
    with open(project.var_dir / "queue.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
