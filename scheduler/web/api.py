"""The JSON API: the same rows as `scheduler queue --json` and `scheduler plan --json`.

Same login and CSRF rules as the pages: log in with POST /login, read the token from
GET /api/session, and send it as X-CSRF-Token with every POST and PATCH.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, Field
from starlette.requests import Request

from scheduler.clock import utc_now
from scheduler.errors import InputError
from scheduler.reports.rows import Row, make_plan, plan_rows, queue_rows, snippet_row
from scheduler.store.audit import entries
from scheduler.store.content import Content, find_snippet
from scheduler.store.project import Project
from scheduler.team import queue_edits
from scheduler.web.auth import Session, allowed, require_staff
from scheduler.web.desk import Desk, desk_of, trail_of

router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(require_staff)])


class QuoteEdit(BaseModel):
    quote: str = Field(description="The new quote text; checked against every platform's limit.")
    intro: str | None = Field(
        None, description="The opening line for LinkedIn and Facebook; '' removes it."
    )


class Order(BaseModel):
    ids: list[str] = Field(description="Snippet ids, first to go out first: they get rank 1…n.")


def current(desk: Desk) -> Content:
    try:
        return desk.content()
    # Not the desk's InputError handler: a file on disk is invalid, not this request's
    # input, so a read answers 409 until the staff fix it.
    except InputError as exc:
        raise HTTPException(409, exc.message) from exc


def changed(request: Request, change: Callable[[Project], Content], snippet_id: str) -> Row:
    """Make one change; a refused one rises to the desk's handler (403, 404 or 422)."""
    desk = desk_of(request)
    content = change(desk.project)
    snippet = find_snippet(content, snippet_id)
    desk.changed()
    return snippet_row(snippet, content, desk.published())


@router.get("/session")
def session(request: Request) -> dict[str, str | None]:
    """The CSRF token of this session, for clients that log in without a page, and who is
    logged in with which role."""
    current_session: Session = request.state.session
    return {
        "csrf_token": current_session.csrf,
        "name": current_session.name,
        "role": current_session.role,
    }


@router.get("/audit")
def audit(request: Request, days: float = Query(30, gt=0, le=3660)) -> list[dict[str, object]]:
    """The audit trail, newest first, as `scheduler audit --json` lists it."""
    since = utc_now() - timedelta(days=days)
    return [e.as_dict() for e in entries(desk_of(request).writable_ledger(), since=since)]


@router.get("/snippets")
def snippets(request: Request) -> list[Row]:
    """Every snippet, as `scheduler queue --json` lists it."""
    desk = desk_of(request)
    return queue_rows(current(desk), desk.published())


FORBIDDEN = {403: {"description": "The member's role may not do this (or four eyes)."}}


@router.post(
    "/snippets/{snippet_id}/approve",
    dependencies=[Depends(allowed("approve"))],
    responses=FORBIDDEN,
)
def approve(snippet_id: str, request: Request) -> Row:
    trail = trail_of(request)
    return changed(request, lambda p: queue_edits.approve(p, [snippet_id], trail), snippet_id)


@router.post(
    "/snippets/{snippet_id}/skip", dependencies=[Depends(allowed("skip"))], responses=FORBIDDEN
)
def skip(snippet_id: str, request: Request) -> Row:
    trail = trail_of(request)
    return changed(request, lambda p: queue_edits.skip(p, [snippet_id], trail), snippet_id)


@router.patch(
    "/snippets/{snippet_id}",
    dependencies=[Depends(allowed("edit"))],
    responses={422: {"description": "The quote is empty or too long for a platform."}},
)
def edit(snippet_id: str, body: QuoteEdit, request: Request) -> Row:
    trail = trail_of(request)
    return changed(
        request,
        lambda p: queue_edits.edit_quote(p, snippet_id, body.quote, intro=body.intro, trail=trail),
        snippet_id,
    )


@router.post("/snippets/reorder", dependencies=[Depends(allowed("reorder"))])
def reorder(body: Order, request: Request) -> list[Row]:
    desk = desk_of(request)
    content = queue_edits.reorder(desk.project, body.ids, trail_of(request))
    desk.changed()
    return queue_rows(content, desk.published())


@router.get("/plan")
def plan(request: Request, days: float = Query(7, gt=0, le=366)) -> list[Row]:
    """The coming slots, as `scheduler plan --json` lists them."""
    desk = desk_of(request)
    content = current(desk)
    return plan_rows(content, make_plan(content, desk.ledger(), utc_now(), days))
