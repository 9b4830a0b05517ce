"""The staff page, for admins: who may use the desk, with which role; add and remove.

The same Team the command line's `scheduler staff` uses; removing a member ends their
sessions at once. Passwords are set here or with `scheduler staff passwd`, never shown.
"""

from __future__ import annotations

from datetime import UTC

from fastapi import APIRouter, Depends, Form
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from scheduler.clock import utc_now
from scheduler.errors import InputError
from scheduler.team.members import BUILTIN_ADMIN, ROLES
from scheduler.web.auth import allowed
from scheduler.web.desk import desk_of, is_htmx, trail_of
from scheduler.web.refusals import Shown, shows_refusal

router = APIRouter(dependencies=[Depends(allowed("staff"))], include_in_schema=False)


def render_staff(
    request: Request, *, error: str = "", message: str = "", status_code: int = 200
) -> Response:
    desk = desk_of(request)
    team = desk.team()
    members = [team.member(BUILTIN_ADMIN), *team.members()]
    try:
        zone = desk.content().config.timezone  # the time every other page shows
    except InputError:
        zone = UTC
    return desk.render(
        request,
        "staff.html",
        members=members,
        zone=zone,
        roles=ROLES,
        error=error,
        message=message,
        status_code=status_code,
    )


def refused(request: Request) -> Shown:
    return lambda exc: render_staff(request, error=exc.message, status_code=422)


def done(request: Request, message: str) -> Response:
    if is_htmx(request):
        return render_staff(request, message=message)
    return RedirectResponse("/staff", status_code=303)


@router.get("/staff")
def staff_page(request: Request) -> Response:
    return render_staff(request)


@router.post("/staff/add")
def add(
    request: Request, name: str = Form(""), role: str = Form(""), password: str = Form("")
) -> Response:
    shows_refusal(request, refused(request))
    member = desk_of(request).team().add(name.strip(), role, password, utc_now())
    trail_of(request).record("staff-add", None, {"name": member.name, "role": member.role})
    return done(request, f"Added {member.name} ({member.role}).")


@router.post("/staff/{name}/remove")
def remove(name: str, request: Request) -> Response:
    shows_refusal(request, refused(request))
    desk_of(request).team().remove(name)
    trail_of(request).record("staff-remove", None, {"name": name})
    return done(request, f"Removed {name}; their sessions have ended.")
