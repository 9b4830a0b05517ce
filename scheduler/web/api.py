"""The JSON API: the same rows as `scheduler queue --json` and `scheduler plan --json`.

Same login and CSRF rules as the pages: log in with POST /login, read the token from
GET /api/session, and send it as X-CSRF-Token with every POST and PATCH.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, Field
from starlette.requests import Request

from scheduler import staff
from scheduler.content import Content
from scheduler.errors import InputError, UsageError
from scheduler.project import Project
from scheduler.views import Row, make_plan, plan_rows, queue_rows, snippet_row
from scheduler.web.auth import Session, require_staff
from scheduler.web.desk import Desk, desk_of

router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(require_staff)])


class QuoteEdit(BaseModel):
    quote: str = Field(description="The new quote text; checked against every platform's limit.")
    intro: str | None = Field(
        None, description="The opening line for LinkedIn and Facebook; '' removes it."
    )


class Order(BaseModel):
    ids: list[str] = Field(description="Snippet ids, first to go out first: they get rank 1…n.")


def refused(exc: InputError) -> HTTPException:
    return HTTPException(404 if isinstance(exc, UsageError) else 422, exc.message)


def current(desk: Desk) -> Content:
    try:
        return desk.content()
    except InputError as exc:  # an invalid file on disk: the staff must fix it first
        raise HTTPException(409, exc.message) from exc


def changed(request: Request, change: Callable[[Project], Content], snippet_id: str) -> Row:
    desk = desk_of(request)
    try:
        content = change(desk.project)
        snippet = staff.find_snippet(content, snippet_id)
    except InputError as exc:
        raise refused(exc) from exc
    desk.changed()
    return snippet_row(snippet, content, desk.published())


@router.get("/session")
def session(request: Request) -> dict[str, str]:
    """The CSRF token of this session, for clients that log in without a page."""
    current_session: Session = request.state.session
    return {"csrf_token": current_session.csrf}


@router.get("/snippets")
def snippets(request: Request) -> list[Row]:
    """Every snippet, as `scheduler queue --json` lists it."""
    desk = desk_of(request)
    return queue_rows(current(desk), desk.published())


@router.post("/snippets/{snippet_id}/approve")
def approve(snippet_id: str, request: Request) -> Row:
    return changed(request, lambda p: staff.approve(p, [snippet_id]), snippet_id)


@router.post("/snippets/{snippet_id}/skip")
def skip(snippet_id: str, request: Request) -> Row:
    return changed(request, lambda p: staff.skip(p, [snippet_id]), snippet_id)


@router.patch(
    "/snippets/{snippet_id}",
    responses={422: {"description": "The quote is empty or too long for a platform."}},
)
def edit(snippet_id: str, body: QuoteEdit, request: Request) -> Row:
    return changed(
        request, lambda p: staff.edit_quote(p, snippet_id, body.quote, body.intro), snippet_id
    )


@router.post("/snippets/reorder")
def reorder(body: Order, request: Request) -> list[Row]:
    desk = desk_of(request)
    try:
        content = staff.reorder(desk.project, body.ids)
    except InputError as exc:
        raise refused(exc) from exc
    desk.changed()
    return queue_rows(content, desk.published())


@router.get("/plan")
def plan(request: Request, days: float = Query(7, gt=0, le=366)) -> list[Row]:
    """The coming slots, as `scheduler plan --json` lists them."""
    desk = desk_of(request)
    content = current(desk)
    return plan_rows(content, make_plan(content, desk.ledger(), datetime.now(UTC), days))
