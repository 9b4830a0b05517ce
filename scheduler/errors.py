"""One exception tree for the whole product.

Publisher outcomes are values (see ``model.post.Result``), not exceptions: a 429 is an
expected answer. Exceptions are for input a person must fix and for failures of our own.
"""

from __future__ import annotations

from pathlib import Path


class SchedulerError(Exception):
    """Base of every error the scheduler raises on purpose."""

    exit_code = 1


class InputError(SchedulerError):
    """Bad input in a file people edit: names the file, the line and the fix."""

    exit_code = 2

    def __init__(
        self,
        problem: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.problem = problem
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = ""
        if self.path:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        text = f"{where}{self.problem}"
        if self.hint:
            text += f"\n  fix: {self.hint}"
        return text


class ConfigError(InputError):
    """config/scheduler.yaml (or another config file) is invalid."""


class QueueError(InputError):
    """A file under posts/queue/ is invalid."""


class EssayFileError(InputError):
    """An essay file could not be read or understood."""


class UsageError(InputError):
    """The command line asked for something that does not exist (an unknown id, say)."""


class NotPermitted(InputError):
    """A rule of the team forbids this change (four eyes: the last editor may not approve)."""


class CredentialError(SchedulerError):
    """Credentials are missing, unreadable or unsafe (a secrets file others can read)."""

    exit_code = 2


class LedgerError(SchedulerError):
    """The ledger could not be opened or written."""


class BlogUnreachable(SchedulerError):
    """The blog did not answer any request `links discover` made (refused, DNS, timeout…)."""

    def __init__(self, problem: str, *, detail: str = "") -> None:
        self.problem = problem
        self.detail = detail
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return f"{self.problem}: {self.detail}" if self.detail else self.problem


class ServerLedger(LedgerError):
    """The ledger lives on a database server: backing it up is that server's tools' work."""
