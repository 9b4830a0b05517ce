"""`scheduler auth`: get a platform's tokens with the person at the terminal and keep them in
the private secrets file: never in the repo, never on screen, never in a log.

Each flow checks its new tokens with the publisher's own identity call before anything is
stored; an account the daemon stopped for a dead token is resumed once the new one works.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from scheduler.auth import facebook, linkedin, x
from scheduler.auth.base import AuthOptions, Flow, Guide, Obtained
from scheduler.clock import utc_now
from scheduler.errors import UsageError
from scheduler.publishers.factory import PLATFORM_ALIASES
from scheduler.publishers.platform_access import (
    DEFAULT_SECRETS_PATH,
    SECRETS_FILE_VAR,
    read_secrets_file,
    save_secrets,
    settings_from,
)
from scheduler.redact import install_redaction
from scheduler.reports.rows import existing_ledger
from scheduler.store.project import Project

__all__ = ["AuthOptions", "AuthReport", "Guide", "authorize"]

_FLOWS: dict[str, Callable[[Flow], Obtained]] = {
    "twitter": x.obtain,
    "linkedin": linkedin.obtain,
    "facebook": facebook.obtain,
}


@dataclass(frozen=True)
class AuthReport:
    """What was stored where, and for whom: names and places, never values."""

    account: str
    path: Path
    stored: tuple[str, ...]
    identity: str
    expires: str | None
    resumed: str | None  # why the account had been stopped, now cleared
    shadowed: tuple[str, ...]  # stored names the environment still overrides


def authorize(
    project: Project,
    platform: str,
    guide: Guide,
    options: AuthOptions | None = None,
    environ: Mapping[str, str] | None = None,
) -> AuthReport:
    environ = os.environ if environ is None else environ
    options = options or AuthOptions()
    name = PLATFORM_ALIASES.get(platform.lower(), "")
    _check_options(name, options)
    config = project.config()
    account = next((a for a in config.accounts if a.platform == name), None)
    if account is None:
        raise UsageError(
            f"no {platform} account in {config.path}", hint="add it under accounts: first"
        )
    path = Path(environ.get(SECRETS_FILE_VAR) or DEFAULT_SECRETS_PATH).expanduser()
    known = {**read_secrets_file(path), **{k: v for k, v in environ.items() if v}}
    settings = settings_from(environ, config.platform_settings)
    redactor = install_redaction(())  # the flow adds each secret as it learns it
    obtained = _FLOWS[name](Flow(account, guide, options, settings, environ, known, redactor))
    save_secrets(path, obtained.values)
    return AuthReport(
        account=account.key,
        path=path,
        stored=tuple(obtained.values),
        identity=obtained.identity,
        expires=obtained.expires,
        resumed=_resume(project, account.key),
        shadowed=tuple(
            k for k, v in obtained.values.items() if environ.get(k) not in (None, "", v)
        ),
    )


def _check_options(platform: str, options: AuthOptions) -> None:
    if platform not in _FLOWS:
        raise UsageError("choose linkedin, x or facebook")
    if options.listen and platform != "twitter":
        raise UsageError("--listen is for x only (LinkedIn always uses the local listener)")
    if options.page and platform != "facebook":
        raise UsageError("--page is for facebook only")


def _resume(project: Project, account: str) -> str | None:
    """The new token works (the flow checked it): let the daemon post to the account again."""
    ledger = existing_ledger(project)
    if ledger is None:
        return None
    reason = ledger.stopped_accounts().get(account)
    if reason is not None:
        ledger.resume_account(account)
        ledger.log_event("account-resumed", utc_now(), account=account, detail="new credentials")
    return reason
