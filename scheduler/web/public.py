"""The two routes anyone may reach: the health check and the short links in posts."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse

from scheduler import __version__
from scheduler.clock import utc_now
from scheduler.posting.tracking import SHORT_LINK_PATH
from scheduler.store.shortlinks import follow
from scheduler.web.auth import Auth
from scheduler.web.desk import desk_of

router = APIRouter()


@router.get("/healthz", tags=["health"])
def healthz(request: Request) -> dict[str, object]:
    """Is the desk up, and which version? The daemon's detail (accounts, host, process) only
    for logged-in staff: the public answer names nothing."""
    desk = desk_of(request)
    daemon = desk.daemon_state()
    answer: dict[str, object] = {
        "ok": desk.daemon is None or daemon["running"] is True,
        "version": __version__,
    }
    auth: Auth = request.app.state.auth
    session = auth.session(request) if request.cookies else None
    if session is not None and session.staff:
        answer["daemon"] = daemon
    return answer


# Uptime monitors check with HEAD: the same answer without its body.
router.add_api_route("/healthz", healthz, methods=["HEAD"], include_in_schema=False)


@router.api_route(SHORT_LINK_PATH + "{code}", methods=["GET", "HEAD"], include_in_schema=False)
def short_link(code: str, request: Request) -> RedirectResponse:
    """A follower's click on a short link: counted (no IP kept), then on to the essay.

    HEAD (link previewers ask it first) answers like GET and counts nothing; neither do bots,
    previewers, nor a client's repeat clicks within half an hour.
    """
    desk = desk_of(request)
    ledger = desk.ledger()
    target = None
    if ledger is not None:
        now = utc_now()
        address = request.client.host if request.client else None
        count = request.method == "GET" and desk.click_filter.counts(
            code, address, request.headers.get("user-agent"), now
        )
        target = follow(ledger, code, request.headers.get("referer"), now, count=count)
    if target is None:
        raise HTTPException(status_code=404, detail="unknown link")
    return RedirectResponse(target, status_code=302)
