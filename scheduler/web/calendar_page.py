"""The calendar: the coming slots per account, what fills them, and the gaps and warnings.

It shows views.make_plan, the same plan `scheduler plan` prints and the daemon follows.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from fastapi import APIRouter, Depends, Form
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from scheduler.clock import utc_now
from scheduler.delivery.publish_now import publish_now
from scheduler.errors import InputError, SchedulerError
from scheduler.model.settings import Account
from scheduler.planning.slots import schedule_instants
from scheduler.reports.rows import (
    Row,
    cost_lines,
    dry_dates,
    dry_lines,
    make_plan,
    plan_rows,
    timeline_summary,
)
from scheduler.store.content import Content
from scheduler.store.ledger.claims import Claim
from scheduler.web.auth import allowed, require_staff
from scheduler.web.desk import Desk, desk_of, is_htmx, trail_of
from scheduler.web.refusals import shows_refusal

log = logging.getLogger(__name__)
router = APIRouter(dependencies=[Depends(require_staff)], include_in_schema=False)

DAY_CHOICES = (7, 14, 28)
STAFF_SKIP_REASON = "skipped by staff"


@dataclass
class Day:
    day: date
    slots: list[Row] = field(default_factory=list)
    done: list[Claim] = field(default_factory=list)  # slots the ledger already settled
    blackout: list[str] = field(default_factory=list)  # accounts that rest that day

    @property
    def in_order(self) -> list[tuple[str, Claim | Row]]:
        """Settled and coming slots together, by time: ("done", claim) or ("slot", row)."""
        timed: list[tuple[datetime, str, Claim | Row]] = [
            (claim.slot_at, "done", claim) for claim in self.done
        ]
        timed += [(datetime.fromisoformat(str(row["at"])), "slot", row) for row in self.slots]
        return [(kind, item) for _, kind, item in sorted(timed, key=lambda t: t[0])]


def calendar_days(content: Content, rows: list[Row], done: list[Claim], days: int) -> list[Day]:
    zone = content.config.timezone
    today = datetime.now(zone).date()
    calendar = {today + timedelta(days=n): Day(today + timedelta(days=n)) for n in range(days)}
    for row in rows:
        day = datetime.fromisoformat(str(row["at"])).date()
        if day in calendar:
            calendar[day].slots.append(row)
    for claim in done:
        day = claim.slot_at.astimezone(zone).date()
        if day in calendar:
            calendar[day].done.append(claim)
    for account in content.config.accounts:
        for day in account.schedule.blackout:
            if day in calendar:
                calendar[day].blackout.append(account.key)
    return list(calendar.values())


def render_calendar(
    request: Request,
    desk: Desk,
    days: int,
    *,
    message: str = "",
    error: str = "",
    status_code: int = 200,
) -> Response:
    context: dict[str, object] = {
        "days": days,
        "day_choices": DAY_CHOICES,
        "message": message,
        "error": error,
        "content_error": None,
    }
    try:
        content = desk.content()
    except InputError as exc:
        context["content_error"] = exc.message
    else:
        now = utc_now()
        ledger = desk.ledger()
        result = make_plan(content, ledger, now, days)
        settled = ledger.claims(since=now - timedelta(hours=12)) if ledger else []
        quotes = {s.id: s.quote for s in content.queue.snippets}
        context.update(
            calendar=calendar_days(content, plan_rows(content, result), settled, days),
            warnings=result.warnings,
            timeline=timeline_summary(content),
            cost_lines=cost_lines(result.monthly_cost),
            dry_lines=dry_lines(dry_dates(content, ledger, now)),
            recycling=content.config.rules.recycle,
            quotes=quotes,
            zone=content.config.timezone,
            accounts=[a.key for a in content.config.accounts],
        )
    name = "_calendar.html" if is_htmx(request) else "calendar.html"
    return desk.render(request, name, status_code=status_code, **context)


def chosen_days(request: Request) -> int:
    raw = request.query_params.get("days", "14")
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= 90 else 14


def done(request: Request, message: str = "", error: str = "") -> Response:
    days = chosen_days(request)
    desk = desk_of(request)
    if is_htmx(request) or error:
        status_code = 422 if error else 200
        return render_calendar(
            request, desk, days, message=message, error=error, status_code=status_code
        )
    return RedirectResponse(f"/calendar?days={days}", status_code=303)


def is_slot(account: Account, at: datetime) -> bool:
    """Whether the account's schedule has a slot at exactly this moment."""
    return any(schedule_instants(account.schedule, at, at + timedelta(microseconds=1)))


@router.get("/calendar")
def calendar_page(request: Request) -> Response:
    return render_calendar(request, desk_of(request), chosen_days(request))


@router.post("/calendar/post-now", dependencies=[Depends(allowed("post-now"))])
def post_now(
    request: Request,
    snippet_id: str = Form(...),
    platform: str = Form(...),
    account: str | None = Form(None),
) -> Response:
    desk = desk_of(request)
    try:
        result = publish_now(
            desk.project, snippet_id, platform, dry_run=desk.dry_run, account_key=account or None
        ).as_dict()
    except SchedulerError as exc:
        return done(request, error=getattr(exc, "message", str(exc)))
    desk.changed()
    trail_of(request).record(
        "post-now", snippet_id, {"platform": platform, "account": account, "state": result["state"]}
    )
    comment = result.get("comment") or {}
    if result["state"] == "published" and comment.get("state") not in (None, "done"):
        return done(request, error=f"Posted to {platform}, but its link comment is "
                                   f"{comment['state']}: {comment.get('error') or ''}")  # fmt: skip
    if result["state"] == "published":
        return done(request, message=f"Posted to {platform}: {result['url'] or 'outbox'}")
    return done(request, error=f"Not posted ({result['status']}): {result['error'] or ''}")


@router.post("/calendar/skip", dependencies=[Depends(allowed("skip-slot"))])
def skip_slot(request: Request, account: str = Form(...), at: str = Form(...)) -> Response:
    desk = desk_of(request)
    try:
        slot_at = datetime.fromisoformat(at)
    except ValueError:
        return done(request, error=f"{at!r} is not a slot time")
    if slot_at.tzinfo is None:
        return done(request, error=f"{at!r} has no time zone")
    shows_refusal(request, lambda exc: done(request, error=exc.message))
    found = desk.content().config.account(account)
    if found is None:
        return done(request, error=f"no account {account!r} in the config")
    if not is_slot(found, slot_at):  # a page older than a change of the schedule
        return done(
            request, error=f"{at} is not a slot of {account}; the calendar shows its slots now"
        )
    recorded = desk.writable_ledger().skip(
        account, slot_at, STAFF_SKIP_REASON, desk.owner, utc_now()
    )
    if not recorded:
        return done(request, error="That slot was already taken; the log shows by what.")
    log.info("slot skipped by staff", extra={"account": account, "slot": at})
    trail_of(request).record("skip-slot", None, {"account": account, "at": at})
    return done(request, message="Slot skipped: nothing goes out then.")
