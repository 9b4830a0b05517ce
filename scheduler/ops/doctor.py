"""`scheduler doctor`: is this installation ready to publish unattended? One check per concern.

Each check says what it saw and, when it fails, the fix. A check never raises: whatever goes
wrong inside it is its finding. Checks that need the content or the ledger fail with the reason
when those could not be read, so the list is always the same length and order.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

from scheduler.store.project import Project

if TYPE_CHECKING:
    from scheduler.store.content import Content
    from scheduler.store.ledger import Ledger

QUEUE_WARNING_DAYS = 7  # fewer days of posts left than this is "running dry"
CLOCK_TOLERANCE = timedelta(seconds=30)
MIN_FREE_BYTES = 500 * 1024 * 1024
T = TypeVar("T")


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str | None = None


@dataclass
class Findings:
    """What one check learns and a later one needs: the content and the ledger."""

    project: Project
    now: datetime
    content: Content | None = None
    content_problem: str = "not read"
    ledger: Ledger | None = None
    ledger_problem: str = "not opened"
    checks: list[Check] = field(default_factory=list)


class Failed(Exception):
    """A check's negative finding, with its fix."""

    def __init__(self, detail: str, fix: str | None = None) -> None:
        super().__init__(detail)
        self.detail, self.fix = detail, fix


def _earlier(finding: T | None, problem: str, check: str) -> T:
    """What an earlier check found and this one needs; without it, this one fails too."""
    if finding is None:
        raise Failed(problem, f"fix the {check} check first")
    return finding


def diagnose(project: Project, now: datetime, *, check_platforms: bool = True) -> list[Check]:
    found = Findings(project, now)
    steps: list[tuple[str, Callable[[Findings], str]]] = [
        ("config", _config),
        ("essays", _essays),
        ("ledger", _ledger),  # before the queue: its plan leaves out what was published
        ("queue", _queue),
        ("essay-links", _essay_links),
        ("credentials", _credentials if check_platforms else _credentials_present),
        ("token-expiry", _token_expiry),
        ("secrets-file", _secrets_mode),
        ("clock", _clock),
        ("disk", _disk),
        ("daemon", _daemon),
        ("last-outcome", _last_outcome),
    ]
    try:
        for name, step in steps:
            try:
                found.checks.append(Check(name, True, step(found)))
            except Failed as failed:
                found.checks.append(Check(name, False, failed.detail, failed.fix))
            except Exception as exc:  # a check that breaks is a finding, never a traceback
                found.checks.append(Check(name, False, f"{type(exc).__name__}: {exc}"))
    finally:
        if found.ledger is not None:
            found.ledger.close()
    return found.checks


def as_rows(checks: list[Check]) -> list[dict[str, object]]:
    return [asdict(c) for c in checks]


# ---- content ------------------------------------------------------------------------------


def _config(found: Findings) -> str:
    from scheduler.errors import InputError
    from scheduler.store.content import load_content

    try:
        found.content = load_content(found.project)
    except InputError as exc:
        found.content_problem = f"the content does not load: {exc.problem}"
        where = f"{exc.path}:{exc.line}" if exc.line else exc.path
        raise Failed(f"{where}: {exc.problem}" if where else exc.problem, exc.hint) from exc
    config = found.content.config
    return f"{found.project.config_path}: {len(config.accounts)} account(s)"


def _essays(found: Findings) -> str:
    files = found.project.essay_files()
    unreadable = [f.name for f in files if not os.access(f, os.R_OK)]
    if not files:
        raise Failed(
            f"no essays in {found.project.essays_dir}",
            "put .txt, .md, .html or .pdf essays there and run `scheduler ingest`",
        )
    if unreadable:
        raise Failed(f"cannot read {', '.join(unreadable)}", "chmod a+r those files")
    return f"{len(files)} essay file(s) in {found.project.essays_dir}"


def _content(found: Findings) -> Content:
    return _earlier(found.content, found.content_problem, "config")


def _queue(found: Findings) -> str:
    from scheduler.reports.rows import days_until_dry

    content = _content(found)
    postable = [s for s in content.queue.snippets if s.postable and s.status != "skipped"]
    if not postable:
        raise Failed("the queue has no snippet to post", "run `scheduler ingest`")
    days = days_until_dry(content, found.ledger, found.now)
    if days is not None and days < QUEUE_WARNING_DAYS:
        raise Failed(
            f"the queue runs dry in {days:.1f} days: a slot after that has nothing to post",
            "approve more snippets, add essays, or set rules.recycle: true",
        )
    ahead = "beyond the next 60 days" if days is None else f"for {days:.0f} days"
    return f"{len(postable)} snippet(s) to post; slots are filled {ahead}"


def _essay_links(found: Findings) -> str:
    from scheduler.reports.rows import essay_rows

    rows = [r for r in essay_rows(_content(found)) if r["post"]]
    missing = [str(r["slug"]) for r in rows if not r["has_own_url"]]
    if missing:
        raise Failed(
            f"{len(missing)} posting essay(s) link to the blog's front page: {', '.join(missing)}",
            "add each one's address under blog.essay_urls in config/scheduler.yaml",
        )
    return f"all {len(rows)} posting essay(s) have their own link"


# ---- the ledger ---------------------------------------------------------------------------


def _ledger(found: Findings) -> str:
    from scheduler.store.ledger import Ledger
    from scheduler.store.ledger.connection import safe_url
    from scheduler.store.ledger.migrate import current_revision
    from scheduler.store.ledger.migrations import HEAD

    project = found.project
    name = safe_url(project.ledger_url)
    path = project.sqlite_ledger_path
    if path is not None and not path.exists():
        found.ledger_problem = f"there is no ledger at {path} yet"
        raise Failed(found.ledger_problem, "start the daemon: `scheduler run` or the service")
    try:
        ledger = Ledger(project.ledger_url, migrate=False)
        ledger.ping()
    except Exception as exc:
        found.ledger_problem = f"the ledger {name} does not answer"
        raise Failed(
            f"{found.ledger_problem}: {_first_line(exc)}",
            "start the database, or correct SCHEDULER_DATABASE_URL",
        ) from exc
    found.ledger = ledger
    revision = current_revision(ledger.engine)
    if revision != HEAD:
        raise Failed(
            f"the ledger {name} is at schema revision {revision or 'none'}, not {HEAD}",
            "start the daemon or run `scheduler status`: opening the ledger migrates it",
        )
    return f"{name} at schema revision {HEAD}"


def _opened(found: Findings) -> Ledger:
    return _earlier(found.ledger, found.ledger_problem, "ledger")


def _clock(found: Findings) -> str:
    ledger = _opened(found)
    theirs = ledger.server_clock()
    if theirs is None:
        return f"not checked on {ledger.dialect}"
    skew = abs(time.time() - theirs)  # the real clock, not the one the checks were given
    if skew > CLOCK_TOLERANCE.total_seconds():
        raise Failed(
            f"this machine's clock is {skew:.0f} s away from the ledger's",
            "run NTP on both (timedatectl set-ntp true): slots are times",
        )
    return f"within {skew:.1f} s of the ledger's"


def _daemon(found: Findings) -> str:
    from scheduler.delivery.timing import heartbeat_window

    ledger = _opened(found)
    window = heartbeat_window()
    alive = ledger.live_owners(found.now, window)
    if not alive:
        seen = ledger.last_seen()
        raise Failed(
            "no daemon is running" + (f" (last seen {seen.isoformat()})" if seen else ""),
            "start it: `scheduler service install --user`, or `scheduler run`",
        )
    return f"alive within the last {window:.0f} s: {', '.join(sorted(alive))}"


def _last_outcome(found: Findings) -> str:
    from scheduler.store.ledger.schema import FAILED, FINAL_STATES

    ledger = _opened(found)
    last = ledger.claims(states=FINAL_STATES, newest_first=True, limit=1)
    if not last:
        return "nothing published yet"
    claim = last[0]
    said = f"{claim.state} on {claim.account} for {claim.slot_at.isoformat()}"
    if claim.state == FAILED:
        raise Failed(
            f"{said}: {claim.error}", "see `scheduler status`, then `scheduler accounts --check`"
        )
    return said


# ---- credentials and the machine ----------------------------------------------------------


def _credentials(found: Findings) -> str:
    from scheduler.reports.account_checks import account_report

    rows = account_report(_content(found), check=True, now=found.now)
    return _judge_accounts(rows)


def _credentials_present(found: Findings) -> str:
    from scheduler.reports.account_checks import account_report

    return _judge_accounts(account_report(_content(found), check=False, now=found.now))


def _judge_accounts(rows: list[dict[str, object]]) -> str:
    dry = [str(r["key"]) for r in rows if r["mode"] != "live"]
    refused = [f"{r['key']}: {r['problem']}" for r in rows if r.get("problem")]
    if refused:
        raise Failed("; ".join(refused), "renew the credentials: `scheduler auth PLATFORM`")
    if dry:
        raise Failed(
            f"no credentials for {', '.join(dry)}: they post to var/outbox/ only",
            "`scheduler auth linkedin|x|facebook`, or set them in the secrets file",
        )
    return f"{len(rows)} account(s) live" + (" and accepted" if rows and "check" in rows[0] else "")


def _token_expiry(found: Findings) -> str:
    from scheduler.publishers.factory import wire_publishers
    from scheduler.publishers.platform_access import token_warning

    credentials = wire_publishers(_content(found).config, None).credentials
    linkedin = credentials.linkedin
    if linkedin is None or linkedin.token_expires is None:
        return "no token with a known expiry (X and Facebook page tokens do not expire)"
    warning = token_warning(linkedin.token_expires, found.now)
    if warning:
        raise Failed(warning, "`scheduler auth linkedin`")
    return f"LinkedIn token valid until {linkedin.token_expires}"


def _secrets_mode(found: Findings) -> str:
    from scheduler.publishers.platform_access import GROUP_OTHER_BITS, secrets_file

    path = secrets_file(os.environ)
    if not path.exists():
        return f"no secrets file at {path} (credentials come from the environment, if any)"
    mode = path.stat().st_mode & 0o777
    if mode & GROUP_OTHER_BITS:
        raise Failed(f"{path} has mode {mode:04o}: others may read it", f"chmod 600 {path}")
    return f"{path} has mode {mode:04o}"


def _disk(found: Findings) -> str:
    where = found.project.var_dir if found.project.var_dir.exists() else found.project.root
    free = shutil.disk_usage(where).free
    if free < MIN_FREE_BYTES:
        raise Failed(
            f"{free / 2**20:.0f} MiB free under {where}", "free some space: the ledger grows"
        )
    return f"{free / 2**30:.1f} GiB free under {where}"


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
