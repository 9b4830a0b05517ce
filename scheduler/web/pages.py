"""The log (what the machine did, and the accounts' health) and the essays (with re-ingest)."""

from __future__ import annotations

import threading
from datetime import UTC

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from scheduler.clock import utc_now
from scheduler.errors import InputError, SchedulerError
from scheduler.reports.rows import essay_rows, timeline_summary
from scheduler.reports.status import status_report
from scheduler.store.audit import entries
from scheduler.store.ingest import IngestReport, ingest_summary
from scheduler.store.ledger.links import click_counts
from scheduler.store.ledger.schema import FINAL_STATES, OPEN_STATES
from scheduler.web.auth import allowed, require_staff
from scheduler.web.desk import desk_of, trail_of
from scheduler.web.reingest import Reingests

router = APIRouter(dependencies=[Depends(require_staff)], include_in_schema=False)

LOG_STATES = tuple(sorted(FINAL_STATES | OPEN_STATES))
LOG_LIMIT = 300


@router.get("/log")
def log_page(request: Request) -> Response:
    desk = desk_of(request)
    state = request.query_params.get("state", "")
    state = state if state in LOG_STATES else ""
    ledger = desk.ledger()
    claims = (
        ledger.claims(states={state} if state else None, limit=LOG_LIMIT, newest_first=True)
        if ledger
        else []
    )
    context: dict[str, object] = {
        "claims": claims,
        "state": state,
        "states": LOG_STATES,
        "clicks": click_counts(ledger) if ledger else [],
        "audit": entries(ledger, limit=LOG_LIMIT) if ledger else [],
    }
    try:
        content = desk.content()
        context["quotes"] = {s.id: s.quote for s in content.queue.snippets}
        context["zone"] = content.config.timezone
        context["report"] = status_report(desk.project, content, utc_now())
    except SchedulerError as exc:  # a bad file or an unreadable secrets file: say so
        context.update(quotes={}, zone=UTC, report=None, content_error=getattr(exc, "message", exc))
    return desk.render(request, "log.html", **context)


@router.get("/essays")
def essays_page(request: Request) -> Response:
    return render_essays(request)


def render_essays(request: Request) -> Response:
    desk = desk_of(request)
    context: dict[str, object] = {"job": _reingests(request).job, "content_error": None}
    try:
        content = desk.content()
        context["essays"] = essay_rows(content)
        context["timeline"] = timeline_summary(content)
    except InputError as exc:
        context["content_error"] = exc.message
    return desk.render(request, "essays.html", **context)


@router.post("/essays/ingest", dependencies=[Depends(allowed("ingest"))])
def reingest(request: Request) -> Response:
    """Read the essays again in the background; new quotes join the queue, staff changes stay."""
    desk = desk_of(request)
    trail = trail_of(request)

    def finished(report: IngestReport) -> None:
        desk.changed()
        trail.record("ingest", None, ingest_summary(report))

    _reingests(request).start(desk.project, finished)
    return render_essays(request)


@router.get("/essays/ingest")
def reingest_progress(request: Request) -> Response:
    """How far the re-ingest is: the essays page asks every second until it is done."""
    return desk_of(request).render(request, "_reingest.html", job=_reingests(request).job)


_REINGESTS_LOCK = threading.Lock()


def _reingests(request: Request) -> Reingests:
    state = request.app.state
    with _REINGESTS_LOCK:
        if not hasattr(state, "reingests"):
            state.reingests = Reingests()
    return state.reingests
