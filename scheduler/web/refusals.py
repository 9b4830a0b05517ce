"""How the desk answers refused input: one handler turns every InputError into its answer.

The JSON API answers by the error's kind. A page says how it shows a refusal (its form again
with the message, the htmx fragment, plain text for a small helper) by calling
``shows_refusal`` before it tries the change; routes then just let the InputError rise.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from scheduler.errors import InputError, NotPermitted, UsageError

API_PREFIX = "/api/"

Shown = Callable[[InputError], Response]


def shows_refusal(request: Request, show: Shown) -> None:
    """Name how this request's page answers an InputError; the desk's handler calls ``show``."""
    request.state.show_refusal = show


def as_text(exc: InputError) -> Response:
    """The message alone, 422: for the small htmx helpers that show it in place."""
    return Response(exc.message, status_code=422)


def api_status(exc: InputError) -> int:
    if isinstance(exc, NotPermitted):
        return 403  # four eyes, or another rule of the team
    return 404 if isinstance(exc, UsageError) else 422


def input_refused(request: Request, exc: Exception) -> Response:
    """The app's handler for InputError (sync: pages read files and the ledger to re-render)."""
    if not isinstance(exc, InputError):  # registered for InputError only
        raise exc
    if request.url.path.startswith(API_PREFIX):
        return JSONResponse({"detail": exc.message}, status_code=api_status(exc))
    show: Shown | None = getattr(request.state, "show_refusal", None)
    if show is None:  # no page expected it: a bug, answered like any other (500, logged)
        raise exc
    return show(exc)
