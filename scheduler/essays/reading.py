"""Read an essay file of any supported format into a ``Document``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from scheduler.errors import EssayFileError

from .decoding import decode_essay_bytes
from .extracted_text import parse_extracted_text
from .model import Document, Essay

Parser = Callable[[str, str], Document]


# The Markdown, HTML and PDF readers import their libraries (markdown-it, BeautifulSoup,
# pypdf: a tenth of a second together) only when an essay of theirs is read.
def parse_markdown(text: str, source: str) -> Document:
    from .markdown import parse_markdown as parse

    return parse(text, source)


def parse_html(text: str, source: str) -> Document:
    from .html import parse_html as parse

    return parse(text, source)


def extract_pdf_text(data: bytes, source: str) -> str:
    from .pdf import extract_pdf_text as extract

    return extract(data, source)


_PARSERS: dict[str, Parser] = {
    "txt": parse_extracted_text,
    "pdf-text": parse_extracted_text,
    "md": parse_markdown,
    "html": parse_html,
}
_FORMAT_BY_SUFFIX = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}


def parse_document(text: str, *, source: str, fmt: str) -> Document:
    """Parse decoded text; ``fmt`` is one of "txt", "md", "html", "pdf-text"."""
    parser = _PARSERS.get(fmt)
    if parser is None:
        raise EssayFileError(
            f"unknown essay format {fmt!r}", path=source, hint=f"use one of {sorted(_PARSERS)}"
        )
    document = parser(text, source)
    return replace(document, essays=_with_unique_slugs(document.essays))


def read_document(path: Path, *, max_bytes: int | None = None) -> Document:
    """Read, decode and parse one essay file, chosen by its suffix; refuse one over max_bytes."""
    fmt = _FORMAT_BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        raise EssayFileError(
            f"unknown essay file type {path.suffix or '(no suffix)'!r}",
            path=path,
            hint=f"name the file with one of {', '.join(sorted(_FORMAT_BY_SUFFIX))}",
        )
    try:
        data = _read_bytes(path, max_bytes)
    except OSError as exc:
        raise EssayFileError(
            f"the file cannot be read ({exc.strerror})",
            path=path,
            hint="check the path and its permissions",
        ) from exc
    if fmt == "pdf":
        return parse_document(extract_pdf_text(data, str(path)), source=path.name, fmt="pdf-text")
    return parse_document(decode_essay_bytes(data, str(path)), source=path.name, fmt=fmt)


def _read_bytes(path: Path, max_bytes: int | None) -> bytes:
    with path.open("rb") as handle:  # read at most one byte past the limit, whatever stat says
        data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:
        raise EssayFileError(
            f"the file is larger than {max_bytes / 1_000_000:g} MB "
            f"({path.stat().st_size / 1_000_000:.1f} MB): too large to be an essay",
            path=path,
            hint="split it into essays of their own, or raise ingest.max_essay_size "
            "in config/scheduler.yaml",
        )
    return data


def _with_unique_slugs(essays: tuple[Essay, ...]) -> tuple[Essay, ...]:
    """Two essays with the same title still get distinct slugs: "titel", "titel-2"."""
    seen: dict[str, int] = {}
    unique = []
    for essay in essays:
        count = seen[essay.slug] = seen.get(essay.slug, 0) + 1
        unique.append(essay if count == 1 else replace(essay, slug=f"{essay.slug}-{count}"))
    return tuple(unique)
