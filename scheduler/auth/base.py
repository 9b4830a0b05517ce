"""What every auth flow shares: the person at the terminal, the options, and what a flow yields."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import requests

from scheduler.errors import AuthFlowError, UsageError
from scheduler.model.settings import Account
from scheduler.publishers.factory import make_publisher
from scheduler.publishers.http import PlatformSession, safe_error
from scheduler.publishers.platform_access import Credentials, PlatformSettings
from scheduler.redact import RedactingFilter

DEFAULT_PORT = 8765
# Long enough to log in, read a consent screen and find a password manager.
DEFAULT_WAIT_S = 300.0


class Guide(Protocol):
    """The person running the command: flows ask and tell through this, never print."""

    def say(self, message: str) -> None: ...

    def ask(self, question: str, *, secret: bool = False) -> str: ...

    def confirm(self, question: str) -> bool: ...

    def choose(self, question: str, options: Sequence[str]) -> int:
        """The index of the chosen option."""
        ...

    def visit(self, url: str) -> None:
        """Show an address the person must open in a browser (and open it, when allowed)."""
        ...


@dataclass(frozen=True)
class AuthOptions:
    port: int = DEFAULT_PORT  # the local redirect listener's port
    listen: bool = False  # X: take the verifier on the listener instead of a PIN
    page: str | None = None  # Facebook: the Page to post as, by id or name
    wait_s: float = DEFAULT_WAIT_S


@dataclass(frozen=True)
class Obtained:
    """What a flow got: secrets-file values, and who they act as (safe to show)."""

    values: dict[str, str] = field(repr=False)
    identity: str
    expires: str | None = None


@dataclass(frozen=True)
class Flow:
    """One run of ``scheduler auth``: the account, the person, and the settings to reach it."""

    account: Account
    guide: Guide
    options: AuthOptions
    settings: PlatformSettings
    environ: Mapping[str, str] = field(repr=False)
    known: Mapping[str, str] = field(repr=False)  # the secrets file overlaid with the env
    redactor: RedactingFilter = field(repr=False)

    def value(self, name: str, question: str, *, secret: bool = False) -> str:
        """A value already set in the environment or the secrets file, else asked for."""
        if self.known.get(name):
            self.guide.say(f"using {name} from the environment or the secrets file")
            answer = self.known[name]
        else:
            answer = self.guide.ask(question, secret=secret).strip()
        if not answer:
            raise UsageError(f"{name} is needed", hint=f"enter it, or set {name}")
        if secret:
            self.secret(answer)
        return answer

    def secret(self, *values: str) -> None:
        """Mask these in every log line from now on: oauthlib logs what it signs at DEBUG."""
        self.redactor.secrets = (*self.redactor.secrets, *values)

    def base(self, variable: str, default: str) -> str:
        return (self.environ.get(variable) or default).strip().rstrip("/")

    def session(self) -> PlatformSession:
        return PlatformSession(self.settings.timeout_s)

    def check(self, credentials: Credentials, failure: str, *, need_id: bool = True) -> str:
        """Try new credentials with the publisher's identity call, on a publisher built as the
        daemon builds it: who they act as, or AuthFlowError starting with ``failure``."""
        account = self.account
        publisher = make_publisher(account.platform, account.handle, credentials, self.settings)
        assert publisher is not None  # the credentials of its platform were just given
        result = publisher.check()
        if not result.ok or (need_id and not result.remote_id):
            raise AuthFlowError(f"{failure}: {result.error or result.outcome}")
        return result.remote_id or ""


def unreachable(platform: str, step: str, exc: requests.RequestException) -> AuthFlowError:
    return AuthFlowError(f"{platform}: {step} failed: no answer ({type(exc).__name__})")


def refused(
    platform: str, step: str, response: requests.Response, message: str, *secrets: str
) -> AuthFlowError:
    detail = safe_error(platform, response.status_code, message or response.reason, *secrets)
    return AuthFlowError(f"{step} refused: {detail}")
