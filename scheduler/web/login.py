"""Logging in and out by name. The login form carries a CSRF token of its own (a pre-login
session); a wrong password and an unknown name get the same answer in the same time."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends, Form
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from scheduler.web.auth import COOKIE, Auth, Session, check_csrf, require_staff
from scheduler.web.desk import desk_of, trail_of

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)

WRONG = "That name or password is not right."
UNKNOWN_NAME = "(unknown)"  # a failed login's trail never keeps a mistyped password as a name


def safe_next(target: str | None) -> str:
    """Only paths on this desk: never a redirect to another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _form(
    request: Request,
    auth: Auth,
    session: Session,
    *,
    error: str = "",
    username: str = "",
    status_code: int = 200,
) -> Response:
    request.state.session = session
    response = desk_of(request).render(
        request,
        "login.html",
        error=error,
        username=username,
        next=safe_next(request.query_params.get("next")),
        status_code=status_code,
    )
    auth.set_cookie(response, session, request)
    return response


@router.get("/login")
def login_form(request: Request) -> Response:
    auth: Auth = request.app.state.auth
    session = auth.session(request)
    if session is not None and session.staff:
        return RedirectResponse("/", status_code=302)
    return _form(request, auth, session or auth.new_session())


@router.post("/login")
async def login(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    next: str = Form("/"),
) -> Response:
    auth: Auth = request.app.state.auth
    client = request.client.host if request.client else "unknown"
    if auth.throttle.blocked(client):
        return Response("Too many attempts; wait a minute.", status_code=429)
    session = auth.session(request)
    if session is None:
        return _form(
            request,
            auth,
            auth.new_session(),
            error="Your session expired; please try again.",
            status_code=403,
        )
    await check_csrf(request, session)
    name = username.strip().lower()
    member = auth.check_login(name, password)
    if member is None:
        auth.throttle.failed(client)
        log.warning("desk login failed", extra={"client": client})
        known = auth.team().member(name) is not None  # asked for every failure alike
        trail_of(request, name if known else UNKNOWN_NAME).record("login-failed", None, client)
        return _form(request, auth, session, error=WRONG, username=username, status_code=401)
    staff_session = auth.log_in(member)
    trail_of(request, member.name).record("login", None, client)
    response = RedirectResponse(safe_next(next), status_code=303)
    auth.set_cookie(response, staff_session, request)
    return response


@router.post("/logout", dependencies=[Depends(require_staff)])
def logout(request: Request) -> Response:
    auth: Auth = request.app.state.auth
    auth.log_out(request.state.session)
    trail_of(request).record("logout")
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
