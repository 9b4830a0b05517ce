"""One exception tree for the whole product.

Publisher outcomes are values (see ``model.post.Result``), not exceptions: a 429 is an
expected answer. Exceptions are for input a person must fix and for failures of our own.

    SchedulerError
    ├── InputError: ConfigError, QueueError, EssayFileError, UsageError, NotPermitted,
    │               AccountStopped, PostingError: CardError, LinkError
    ├── CredentialError, AuthFlowError
    ├── LedgerError: ServerLedger
    ├── ClaimConflict: AlreadyPublished, BeingPublished, SnippetTaken
    ├── BlogUnreachable, FetchError: BudgetSpent, SourceError
    └── DeskRefusal: NotLoggedIn, BadCsrf, Forbidden
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


class AccountStopped(InputError):
    """Refused with a fix to name, like bad input, but the user must act: exit 1."""

    exit_code = 1


class PostingError(InputError, ValueError):
    """A post, its link or its card cannot be made from this input (an empty quote, say).

    Still a ValueError: the posting functions refuse bad arguments, as Python's own do.
    """


class CardError(PostingError):
    """A quote card cannot be made: no author or title, a quote too long, a bad style."""


class LinkError(PostingError):
    """A post's link cannot be made: not an http(s) URL, an unsafe short code, a missing id."""


class CredentialError(SchedulerError):
    """Credentials are missing, unreadable or unsafe (a secrets file others can read)."""

    exit_code = 2


class AuthFlowError(SchedulerError):
    """The platform refused, or the flow could not finish; nothing was stored."""


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


class ClaimConflict(SchedulerError):
    """Another claim, or an earlier send, already holds this snippet for this account.

    Exit code 1, as SchedulerError: nothing to fix in a file; look, then run again.
    """


class AlreadyPublished(ClaimConflict):
    """The snippet is out on this account already: publishing it again would post twice."""


class BeingPublished(ClaimConflict):
    """Another process claimed this snippet for this account at the same moment."""


class SnippetTaken(ClaimConflict):
    """Another claim took this snippet for this account first (the same generation)."""

    def __init__(self, account: str, snippet_id: str, claim_id: int) -> None:
        self.account, self.snippet_id, self.claim_id = account, snippet_id, claim_id
        super().__init__(
            f"snippet {snippet_id} is being published to {account} by another process "
            f"(claim {claim_id}); nothing was sent"
        )


class FetchError(SchedulerError):
    """A request that gave no usable answer; the message names the URL and the cause."""

    def __init__(self, url: str, cause: str, *, status: int | None = None) -> None:
        self.url = url
        self.cause = cause
        self.status = status
        super().__init__(f"{url}: {cause}")


class BudgetSpent(FetchError):
    """The cap on requests for one run is reached; nothing more is fetched."""


class SourceError(SchedulerError):
    """A source answered, but with something we cannot read (malformed XML or JSON)."""


class DeskRefusal(SchedulerError):
    """The desk refuses a request before its route runs; the app's handlers answer it."""


class NotLoggedIn(DeskRefusal):
    """No valid staff session: a redirect for a browser page, 401 for everything else."""


class BadCsrf(DeskRefusal):
    """A state-changing request without the session's CSRF token."""


class Forbidden(DeskRefusal):
    """The member's role may not do this: 403."""

    def __init__(self, role: str | None, action: str) -> None:
        super().__init__(f"the role {role} may not {action}")
