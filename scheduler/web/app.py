"""The desk's application: routers, static files, and what a refused request gets back."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from scheduler.errors import BadCsrf, Forbidden, InputError, NotLoggedIn
from scheduler.web import (
    api,
    calendar_page,
    login,
    pages,
    preview_page,
    public,
    queue_page,
    staff_page,
)
from scheduler.web.auth import Auth
from scheduler.web.desk import STATIC, Desk, is_htmx
from scheduler.web.metrics_page import router as metrics_router
from scheduler.web.refusals import input_refused

ROUTERS = tuple(
    m.router
    for m in (public, login, queue_page, preview_page, calendar_page, pages, staff_page, api)
) + (metrics_router,)


def create_app(desk: Desk, auth: Auth, hosts: Sequence[str]) -> FastAPI:
    """The desk, answering only to the Host names in ``hosts`` (400 otherwise), so a page on
    another site that rebinds its DNS name to this machine cannot talk to it."""
    app = FastAPI(
        title="Essay scheduler desk",
        summary="The staff desk's JSON API: the queue and the plan, behind the desk login.",
        docs_url=None,  # the Swagger page loads its script from a CDN; /openapi.json suffices
        redoc_url=None,
    )
    app.state.desk = desk
    app.state.auth = auth
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in ROUTERS:
        app.include_router(router)
    app.add_exception_handler(NotLoggedIn, not_logged_in)
    app.add_exception_handler(BadCsrf, bad_csrf)
    app.add_exception_handler(Forbidden, forbidden)
    app.add_exception_handler(InputError, input_refused)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(hosts), www_redirect=False)
    return app


def wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


async def not_logged_in(request: Request, _exc: Exception) -> Response:
    login_url = "/login?next=" + quote(request.url.path, safe="/")
    if is_htmx(request):  # htmx would swap a login form into a list: send the page there
        return Response(status_code=401, headers={"HX-Redirect": login_url})
    if request.method == "GET" and wants_html(request):
        return RedirectResponse(login_url, status_code=302)
    return JSONResponse({"detail": "login required"}, status_code=401)


async def bad_csrf(_request: Request, _exc: Exception) -> Response:
    return JSONResponse({"detail": "missing or wrong CSRF token"}, status_code=403)


async def forbidden(_request: Request, exc: Exception) -> Response:
    return JSONResponse({"detail": str(exc)}, status_code=403)
