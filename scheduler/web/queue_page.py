"""The queue: every snippet in the order it will go out, and the staff's changes to it.

Each change goes through scheduler.team.queue_edits (validated, written to
posts/queue/*.yaml) and then to the running daemon. htmx requests get the queue section
back; plain form posts a redirect.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from scheduler.errors import InputError
from scheduler.model.snippets import normalise_quote
from scheduler.planning.plan import account_order, eligible_fresh
from scheduler.reports.rows import Row, queue_rows, snippet_row
from scheduler.store.content import Content, find_snippet
from scheduler.store.project import Project
from scheduler.team import queue_edits
from scheduler.web.auth import allowed, require_staff
from scheduler.web.desk import PLATFORM_NAMES, Desk, desk_of, is_htmx, trail_of
from scheduler.web.refusals import as_text, shows_refusal

router = APIRouter(dependencies=[Depends(require_staff)], include_in_schema=False)

STATUS_FILTERS = ("new", "approved", "skipped", "published", "orphaned")


def shown_status(row: Row) -> str:
    return "orphaned" if row["orphaned"] else str(row["status"])


@dataclass(frozen=True)
class Filters:
    status: str = ""
    essay: str = ""
    platform: str = ""

    @classmethod
    def of(cls, params: Mapping[str, str]) -> Filters:
        status = params.get("status", "")
        platform = params.get("platform", "")
        return cls(
            status=status if status in STATUS_FILTERS else "",
            essay=params.get("essay", ""),
            platform=platform if platform in PLATFORM_NAMES else "",
        )

    @property
    def query(self) -> str:
        return urlencode({k: v for k, v in self.__dict__.items() if v})

    @property
    def platforms(self) -> list[str]:
        return [self.platform] if self.platform else list(PLATFORM_NAMES)

    def keep(self, row: Row) -> bool:
        lengths: dict[str, dict[str, object]] = row["lengths"]  # type: ignore[assignment]
        return (
            (not self.status or shown_status(row) == self.status)
            and (not self.essay or row["essay"] == self.essay)
            and (not self.platform or bool(lengths[self.platform]["fits"]))
        )


@dataclass
class QueueView:
    """Up next (approved, then new, in posting order) and the snippets that rest."""

    approved: list[Row] = field(default_factory=list)
    new: list[Row] = field(default_factory=list)
    resting: list[Row] = field(default_factory=list)
    total: int = 0

    @property
    def going_ids(self) -> list[str]:
        return [str(r["id"]) for r in self.approved + self.new]


def queue_view(
    content: Content, published: set[str], filters: Filters, clicks: dict[str, int]
) -> QueueView:
    rows = {str(r["id"]): r for r in queue_rows(content, published, clicks)}
    fresh = eligible_fresh(content.queue.snippets, require_approval=False)
    # The first account's order; the others start at another essay but honour the same ranks.
    going = [rows[s.id] for s in account_order(fresh, 0) if rows[s.id]["status"] != "published"]
    going_ids = {r["id"] for r in going}
    view = QueueView(total=len(rows))
    for row in going:
        if filters.keep(row):
            (view.approved if row["status"] == "approved" else view.new).append(row)
    view.resting = [r for r in rows.values() if r["id"] not in going_ids and filters.keep(r)]
    return view


def moved(view: QueueView, snippet_id: str, step: int) -> list[str]:
    """The visible order with one snippet moved a place up (-1) or down (+1) in its group."""
    for group in (view.approved, view.new):
        ids = [str(r["id"]) for r in group]
        if snippet_id in ids:
            at = ids.index(snippet_id)
            to = min(max(at + step, 0), len(ids) - 1)
            ids.insert(to, ids.pop(at))
            others = [str(r["id"]) for r in (view.new if group is view.approved else view.approved)]
            return ids + others if group is view.approved else others + ids
    raise InputError(f"snippet {snippet_id} is not in the visible queue", hint="reload the page")


# ---- rendering -------------------------------------------------------------------------------


def render_queue(
    request: Request,
    desk: Desk,
    filters: Filters,
    *,
    message: str = "",
    error: str = "",
    editing: str = "",
    draft: str | None = None,
    status_code: int = 200,
) -> Response:
    """The queue section for htmx, the whole page otherwise."""
    context: dict[str, object] = {
        "filters": filters,
        "statuses": STATUS_FILTERS,
        "message": message,
        "error": error,
        "editing": editing,
        "draft": draft,
        "shown_status": shown_status,
        "content_error": None,
    }
    try:
        content = desk.content()
        context["view"] = queue_view(content, desk.published(), filters, desk.clicks())
        context["essays"] = [(e.slug, e.title) for e in content.queue.essays]
        context["require_approval"] = content.config.rules.require_approval
        context["first_account"] = next(iter(content.config.accounts), None)
    except InputError as exc:
        context["content_error"] = exc.message
    name = "_queue.html" if is_htmx(request) else "queue.html"
    return desk.render(request, name, status_code=status_code, **context)


def apply(
    request: Request, change: Callable[[Project], object], message: str, **on_error: str
) -> Response:
    """Make one change; a refused one re-renders the queue with the reason (422)."""
    desk = desk_of(request)
    filters = Filters.of(request.query_params)
    shows_refusal(
        request,
        lambda exc: render_queue(
            request, desk, filters, error=exc.message, status_code=422, **on_error
        ),
    )
    change(desk.project)
    desk.changed()
    if is_htmx(request):
        return render_queue(request, desk, filters, message=message)
    return RedirectResponse("/?" + filters.query, status_code=303)


def parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise InputError(f"{text!r} is not a date", hint="pick a day in the calendar") from None


# ---- pages -----------------------------------------------------------------------------------


@router.get("/")
def queue_page(request: Request) -> Response:
    return render_queue(request, desk_of(request), Filters.of(request.query_params))


@router.get("/queue/{snippet_id}/edit")
def edit_form(snippet_id: str, request: Request) -> Response:
    return render_queue(
        request, desk_of(request), Filters.of(request.query_params), editing=snippet_id
    )


@router.get("/queue/{snippet_id}/count")
def count(snippet_id: str, request: Request, quote: str = "", intro: str | None = None) -> Response:
    """The edit's live length on every platform, computed exactly as the publisher will."""
    desk = desk_of(request)
    shows_refusal(request, as_text)
    content = desk.content()
    snippet = find_snippet(content, snippet_id)
    draft = replace(snippet, quote=normalise_quote(quote) or snippet.quote)
    if intro is not None:
        draft = replace(draft, intro=" ".join(intro.split()) or None)
    row = snippet_row(draft, content, set())
    return desk.render(request, "_lengths.html", row=row, platforms=list(PLATFORM_NAMES))


# ---- changes ---------------------------------------------------------------------------------


@router.post("/queue/{snippet_id}/approve", dependencies=[Depends(allowed("approve"))])
def approve(snippet_id: str, request: Request) -> Response:
    trail = trail_of(request)
    return apply(request, lambda p: queue_edits.approve(p, [snippet_id], trail), "Approved.")


@router.post("/queue/{snippet_id}/skip", dependencies=[Depends(allowed("skip"))])
def skip(snippet_id: str, request: Request) -> Response:
    trail = trail_of(request)
    message = "Skipped: it will not be posted."
    return apply(request, lambda p: queue_edits.skip(p, [snippet_id], trail), message)


@router.post("/queue/{snippet_id}/restore", dependencies=[Depends(allowed("restore"))])
def restore(snippet_id: str, request: Request) -> Response:
    trail = trail_of(request)
    return apply(
        request, lambda p: queue_edits.restore(p, snippet_id, trail), "Restored to the queue."
    )


@router.post("/queue/{snippet_id}/pin", dependencies=[Depends(allowed("pin"))])
def pin(snippet_id: str, request: Request, pin: str = Form("")) -> Response:
    message = "Pinned: it goes out on that day." if pin else "Pin removed."
    trail = trail_of(request)
    return apply(request, lambda p: queue_edits.pin(p, snippet_id, parse_day(pin), trail), message)


@router.post("/queue/{snippet_id}/move", dependencies=[Depends(allowed("reorder"))])
def move(snippet_id: str, request: Request, direction: str = Form("up")) -> Response:
    desk = desk_of(request)
    step = -1 if direction == "up" else 1

    def change(project: Project) -> object:
        view = queue_view(
            desk.content(), desk.published(), Filters.of(request.query_params), desk.clicks()
        )
        return queue_edits.reorder(project, moved(view, snippet_id, step), trail_of(request))

    return apply(request, change, "Moved.")


@router.post("/queue/reorder", dependencies=[Depends(allowed("reorder"))])
def reorder(request: Request, ids: str = Form("")) -> Response:
    order = [i for i in ids.replace(",", " ").split() if i]
    trail = trail_of(request)
    return apply(request, lambda p: queue_edits.reorder(p, order, trail), "New order saved.")


@router.post("/queue/{snippet_id}/edit", dependencies=[Depends(allowed("edit"))])
def save_edit(
    snippet_id: str, request: Request, quote: str = Form(""), intro: str | None = Form(None)
) -> Response:
    trail = trail_of(request)
    return apply(
        request,
        lambda p: queue_edits.edit_quote(p, snippet_id, quote, intro=intro, trail=trail),
        "Quote saved.",
        editing=snippet_id,
        draft=quote,
    )


@router.post("/queue/{snippet_id}/intro", dependencies=[Depends(allowed("intro"))])
def save_intro(snippet_id: str, request: Request, intro: str = Form("")) -> Response:
    """From the preview: the opening line, then back to the preview to read the result."""
    desk = desk_of(request)
    shows_refusal(request, as_text)
    queue_edits.edit_intro(desk.project, snippet_id, intro, trail_of(request))
    desk.changed()
    return RedirectResponse(f"/snippets/{snippet_id}", status_code=303)
