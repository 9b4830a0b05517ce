"""Logging in and out. The login form carries a CSRF token of its own (a pre-login session)."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends, Form
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from scheduler.web.auth import COOKIE, Auth, Session, check_csrf, require_staff
from scheduler.web.desk import desk_of

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Only paths on this desk: never a redirect to another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _form(
    request: Request, auth: Auth, session: Session, *, error: str = "", status_code: int = 200
) -> Response:
    request.state.session = session
    response = desk_of(request).render(
        request,
        "login.html",
        error=error,
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
    return _form(request, auth, session or auth.new_session(staff=False))


@router.post("/login")
async def login(request: Request, password: str = Form(""), next: str = Form("/")) -> Response:
    auth: Auth = request.app.state.auth
    client = request.client.host if request.client else "unknown"
    if auth.throttle.blocked(client):
        return Response("Too many attempts; wait a minute.", status_code=429)
    session = auth.session(request)
    if session is None:
        return _form(
            request,
            auth,
            auth.new_session(staff=False),
            error="Your session expired; please try again.",
            status_code=403,
        )
    await check_csrf(request, session)
    if not auth.password.matches(password):
        auth.throttle.failed(client)
        log.warning("desk login failed", extra={"client": client})
        return _form(request, auth, session, error="That password is not right.", status_code=401)
    response = RedirectResponse(safe_next(next), status_code=303)
    auth.set_cookie(response, auth.new_session(staff=True), request)
    return response


@router.post("/logout", dependencies=[Depends(require_staff)])
def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
