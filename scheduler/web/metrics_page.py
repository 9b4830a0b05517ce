"""GET /metrics: Prometheus text, without login like /healthz; `metrics: false` in the config
switches it off. Counts and ages only: no content and no secrets."""

from __future__ import annotations

import os

from fastapi import APIRouter, HTTPException
from starlette.requests import Request
from starlette.responses import Response

from scheduler.clock import utc_now
from scheduler.errors import SchedulerError
from scheduler.web.desk import desk_of

router = APIRouter()


@router.get("/metrics", tags=["health"])
def metrics(request: Request) -> Response:
    """The scheduler's metrics in Prometheus text format (prefix scheduler_)."""
    from prometheus_client import CONTENT_TYPE_LATEST

    from scheduler.ops.metrics import Reading, exposition
    from scheduler.publishers.platform_access import expiry_instant, load_credentials

    desk = desk_of(request)
    try:
        content = desk.content()
    except SchedulerError:  # a bad edit on disk: the daemon runs on with the last good one
        content = desk.daemon.content if desk.daemon is not None else None
    if content is not None and not content.config.metrics:
        raise HTTPException(status_code=404, detail="metrics are switched off in the config")
    try:
        linkedin = load_credentials(os.environ).linkedin
    except SchedulerError:
        linkedin = None
    expiry = (
        {"linkedin": expiry_instant(linkedin.token_expires)}
        if linkedin is not None and linkedin.token_expires is not None
        else {}
    )
    reading = Reading(
        now=utc_now(),
        ledger=desk.ledger(),
        content=content,
        daemon_running=bool(desk.daemon_state().get("running")),
        token_expiry=expiry,
    )
    return Response(exposition(reading), media_type=CONTENT_TYPE_LATEST)


# Uptime monitors check with HEAD: the same answer without its body.
router.add_api_route("/metrics", metrics, methods=["HEAD"], include_in_schema=False)
