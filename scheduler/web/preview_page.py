"""One snippet as followers will see it on each platform, beside its place in the essay."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Depends, HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from scheduler.errors import InputError, PostingError
from scheduler.essays.model import Essay
from scheduler.essays.quotes import tidy
from scheduler.essays.reading import read_document
from scheduler.model.snippets import Snippet, normalise_quote
from scheduler.posting.build import card_png, platform_accounts
from scheduler.reports.rows import snippet_row
from scheduler.store.content import find_snippet
from scheduler.web.auth import require_staff
from scheduler.web.desk import PLATFORM_NAMES, desk_of
from scheduler.web.refusals import shows_refusal

router = APIRouter(dependencies=[Depends(require_staff)], include_in_schema=False)


@dataclass(frozen=True)
class Passage:
    """The quote's paragraph, split around the quote so the page can highlight it."""

    number: int  # 1-based, as a person counts
    of: int
    before: str
    quote: str
    after: str
    previous: str | None
    following: str | None


@lru_cache(maxsize=32)
def _essays(path: Path, _mtime_ns: int) -> tuple[Essay, ...]:
    # Reading a PDF takes a while: keep each file's parse until the file changes.
    return read_document(path).essays


def essay_of(essays_dir: Path, snippet: Snippet, source: str) -> Essay | None:
    path = essays_dir / source
    if not source or not path.is_file():
        return None
    essays = _essays(path, path.stat().st_mtime_ns)
    return next((e for e in essays if e.slug == snippet.essay), None)


def passage(essay: Essay, snippet: Snippet) -> Passage | None:
    index = snippet.paragraph
    if not 0 <= index < len(essay.paragraphs):
        return None
    text = tidy(normalise_quote(essay.paragraphs[index]))  # as the quote was cleaned
    wanted = normalise_quote(snippet.original)
    at = text.find(wanted)
    if at < 0 and wanted:  # a dropped lead-in capitalised the quote's first letter
        at = text.find(wanted[0].lower() + wanted[1:])
    if at < 0:  # the essay changed since ingest: show the paragraph without a highlight
        before, quote, after = text, "", ""
    else:
        before, quote, after = text[:at], wanted, text[at + len(wanted) :]
    return Passage(
        number=index + 1,
        of=len(essay.paragraphs),
        before=before,
        quote=quote,
        after=after,
        previous=essay.paragraphs[index - 1] if index > 0 else None,
        following=essay.paragraphs[index + 1] if index + 1 < len(essay.paragraphs) else None,
    )


@router.get("/snippets/{snippet_id}")
def preview(snippet_id: str, request: Request) -> Response:
    desk = desk_of(request)
    shows_refusal(
        request,
        lambda exc: desk.render(
            request, "preview.html", content_error=exc.message, status_code=404
        ),
    )
    content = desk.content()
    snippet = find_snippet(content, snippet_id)
    essay_record = content.queue.essay(snippet.essay)
    source = essay_record.source if essay_record else ""
    essay_error, found = None, None
    try:
        found = essay_of(desk.project.essays_dir, snippet, source)
    except InputError as exc:
        essay_error = exc.message
    accounts = platform_accounts(content.config)
    return desk.render(
        request,
        "preview.html",
        content_error=None,
        row=snippet_row(snippet, content, desk.published()),
        accounts=accounts,
        author=content.config.author,
        passage=passage(found, snippet) if found else None,
        essay_error=essay_error,
        essay_source=source,
    )


def card_refused(exc: InputError) -> Response:
    """No card for an unknown snippet (404), nor for a quote no card can hold (422)."""
    status = 422 if isinstance(exc, PostingError) else 404  # no author, or a quote too long
    return JSONResponse({"detail": exc.message}, status_code=status)


@router.get("/cards/{snippet_id}/{platform}.png")
def card(snippet_id: str, platform: str, request: Request) -> Response:
    if platform not in PLATFORM_NAMES:
        raise HTTPException(404, "unknown platform")
    shows_refusal(request, card_refused)
    content = desk_of(request).content()
    snippet = find_snippet(content, snippet_id)
    png = card_png(snippet, platform, content.config)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=60"})
