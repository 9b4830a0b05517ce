"""`accounts --check`: ask each live platform who we are, and say plainly what is wrong."""

from __future__ import annotations

from datetime import datetime

from scheduler.clock import utc_now
from scheduler.publishers.facebook import facebook_profile_problem
from scheduler.publishers.factory import wire_publishers
from scheduler.publishers.platform_access import (
    FACEBOOK_VARS,
    LINKEDIN_REQUIRED,
    X_VARS,
    token_warning,
)
from scheduler.reports.rows import Row, account_rows
from scheduler.store.content import Content

CREDENTIAL_NAMES = {"twitter": X_VARS, "linkedin": LINKEDIN_REQUIRED, "facebook": FACEBOOK_VARS}


def account_report(content: Content, *, check: bool, now: datetime | None = None) -> list[Row]:
    wiring = wire_publishers(content.config, None)
    live = [key for key in wiring.publishers if key not in wiring.dry_run]
    rows = account_rows(content, live)
    if not check:
        return rows
    now = now or utc_now()
    for row, account in zip(rows, content.config.accounts, strict=True):
        live = row["mode"] == "live"
        problem = _problem(
            account.platform, account.url, live, wiring.publishers[account.key], wiring, now
        )
        row["check"] = problem or ("ok" if live else _dry_run_note(account.platform))
        row["problem"] = problem
    return rows


def _problem(
    platform: str, url: str, live: bool, publisher: object, wiring: object, now: datetime
) -> str | None:
    if platform == "facebook":
        profile = facebook_profile_problem(url)
        if profile:
            return profile
    if not live:
        return None
    result = publisher.check()  # type: ignore[attr-defined]
    if not result.ok:
        return f"{result.outcome}: {result.error or 'no detail'}"
    if platform == "linkedin":
        expires = wiring.credentials.linkedin.token_expires  # type: ignore[attr-defined]
        if expires is not None:
            return token_warning(expires, now)
    return None


def _dry_run_note(platform: str) -> str:
    names = ", ".join(CREDENTIAL_NAMES[platform])
    return f"dry-run: no credentials (set {names} in the environment or the secrets file)"
