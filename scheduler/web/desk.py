"""The desk's shared state: the project, the daemon beside it, the ledger and the templates.

Content is read from the files on every request, so an edit made outside the desk shows up
on the next page load; a file that does not validate is shown with its error instead.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from scheduler.clock import utc_now
from scheduler.posting.compose import in_dutch_quotes
from scheduler.reports.rows import existing_ledger, published_ids
from scheduler.store.audit import Trail
from scheduler.store.content import Content, load_content
from scheduler.store.ledger.links import clicks_by_snippet
from scheduler.store.project import Project
from scheduler.team.members import Team
from scheduler.web.click_filter import ClickFilter

if TYPE_CHECKING:
    from scheduler.delivery.daemon import Daemon
    from scheduler.store.ledger import Ledger

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
PLATFORM_NAMES = {"twitter": "X", "linkedin": "LinkedIn", "facebook": "Facebook"}
_LINKISH = re.compile(r"(https?://\S+|#\w+)")


def linkify(text: str, *, shorten: bool = False) -> Markup:
    """Post text as followers see it: links and hashtags in the link colour, all escaped.

    ``shorten`` shows links the way X does: without the scheme, cut after 23 characters.
    """
    parts = []
    for piece in _LINKISH.split(text):
        if _LINKISH.fullmatch(piece):
            shown = piece
            if shorten and piece.startswith("http"):
                bare = piece.split("://", 1)[1]
                shown = bare if len(bare) <= 23 else bare[:23] + "…"
            parts.append(Markup('<span class="ln">{}</span>').format(shown))
        else:
            parts.append(escape(piece))
    return Markup("").join(parts)


def domain(url: str | None) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.") if url else ""


def local_time(value: str | datetime, fmt: str = "%a %d %b, %H:%M") -> str:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.strftime(fmt)


def from_now(value: str, now: datetime) -> str:
    """'in 3 h 12 min', 'in 2 days': the sidebar needs no time zone to be right."""
    minutes = max(int((datetime.fromisoformat(value) - now).total_seconds() // 60), 0)
    if minutes >= 48 * 60:
        return f"in {minutes // (24 * 60)} days"
    if minutes >= 60:
        return f"in {minutes // 60} h {minutes % 60} min"
    return f"in {minutes} min"


def make_templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        dutch=in_dutch_quotes,
        linkify=linkify,
        domain=domain,
        local_time=local_time,
        from_now=from_now,
    )
    env.globals["platform_names"] = PLATFORM_NAMES
    return env


@dataclass
class Desk:
    project: Project
    daemon: Daemon | None = None
    dry_run: bool = False
    templates: Environment = field(default_factory=make_templates)
    click_filter: ClickFilter = field(default_factory=ClickFilter)
    _ledger: Ledger | None = None

    @property
    def owner(self) -> str:
        """Who the ledger says did it, for the slots the staff skip."""
        return self.daemon.owner if self.daemon else f"desk:{os.uname().nodename}:{os.getpid()}"

    def content(self) -> Content:
        """Config and queue as they are on disk now; raises the InputError of a bad file."""
        return load_content(self.project)

    def ledger(self) -> Ledger | None:
        """The ledger to read, without creating one where none exists yet."""
        if self.daemon is not None:
            return self.daemon.ledger
        if self._ledger is None:
            self._ledger = existing_ledger(self.project)
        return self._ledger

    def writable_ledger(self) -> Ledger:
        ledger = self.ledger()
        if ledger is None:
            ledger = self._ledger = self.project.ledger()
        return ledger

    def team(self) -> Team:
        return Team(self.writable_ledger())

    def published(self) -> set[str]:
        return published_ids(self.ledger())

    def clicks(self) -> dict[str, int]:
        ledger = self.ledger()
        return clicks_by_snippet(ledger) if ledger is not None else {}

    def changed(self) -> None:
        """After a write: the running daemon takes the new content at once, not at its tick."""
        if self.daemon is not None:
            self.daemon.reload()

    def daemon_state(self) -> dict[str, object]:
        return self.daemon.state() if self.daemon is not None else {"running": False}

    def close(self) -> None:
        if self._ledger is not None:
            self._ledger.close()

    def render(
        self, request: Request, name: str, *, status_code: int = 200, **context: Any
    ) -> HTMLResponse:
        session = getattr(request.state, "session", None)
        html = self.templates.get_template(name).render(
            request=request,
            csrf=session.csrf if session else "",
            me=session if session is not None and session.staff else None,
            may=session.may if session is not None else (lambda _action: False),
            daemon=self.daemon_state(),
            dry_run=self.dry_run,
            with_daemon=self.daemon is not None,
            now=utc_now(),
            **context,
        )
        return HTMLResponse(html, status_code=status_code)


def desk_of(request: Request) -> Desk:
    return request.app.state.desk


def trail_of(request: Request, who: str | None = None) -> Trail:
    """The audit trail, written as ``who`` or as the member logged in on this request."""
    desk = desk_of(request)
    name = who if who is not None else request.state.session.name
    return Trail(name, desk.writable_ledger)


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"
