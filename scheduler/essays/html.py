"""Essays from HTML pages: one per <article>, else one per <h1>, else the page itself."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from .joining import VERSE_BREAK, build_vocabulary, join_paragraph
from .model import Document, Essay
from .slugs import essay_slug

_NOT_CONTENT = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_TEXT_BLOCKS = ("p", "li", "blockquote")


def parse_html(text: str, source: str) -> Document:
    soup = BeautifulSoup(text, "html.parser")
    for tag in soup.find_all(_NOT_CONTENT):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with(VERSE_BREAK)  # the author's own line break: verse, when lines are short
    page_title = soup.title.get_text(" ", strip=True) if soup.title else None
    articles = soup.find_all("article")
    if articles:
        essays = [_essay(_blocks(a), source, page_title) for a in articles]
    else:
        essays = _essays_by_h1(_blocks(soup), source, page_title)
    return Document(source=source, essays=tuple(e for e in essays if e is not None))


def _blocks(root: Tag) -> list[Tag]:
    """Headings and text blocks in document order, a block nested in another counted once."""
    return [
        tag
        for tag in root.find_all((*_HEADINGS, *_TEXT_BLOCKS))
        if tag.name in _HEADINGS or tag.find_parent(_TEXT_BLOCKS) is None
    ]


def _essays_by_h1(blocks: list[Tag], source: str, page_title: str | None) -> list[Essay | None]:
    starts = [i for i, tag in enumerate(blocks) if tag.name == "h1"]
    if len(starts) < 2:
        return [_essay(blocks, source, page_title)]
    groups = [blocks[a:b] for a, b in zip(starts, [*starts[1:], len(blocks)], strict=True)]
    return [_essay(group, source, page_title) for group in groups]


def _essay(blocks: list[Tag], source: str, page_title: str | None) -> Essay | None:
    headings = [tag for tag in blocks if tag.name in _HEADINGS]
    title = _text(headings[0]) if headings else page_title
    texts = [_text(tag) for tag in blocks if tag.name in _TEXT_BLOCKS]
    vocabulary = build_vocabulary(texts)
    paragraphs: list[str] = []
    cited: list[tuple[int, str]] = []
    apart: list[int] = []
    for tag, raw in zip([t for t in blocks if t.name in _TEXT_BLOCKS], texts, strict=True):
        paragraph = join_paragraph(raw, vocabulary)
        if not paragraph:
            continue
        if tag.name == "blockquote":
            cited.append((len(paragraphs), _cite(tag)))
        if tag.name == "li":
            apart.append(len(paragraphs))
        paragraphs.append(paragraph)
    if not title or not paragraphs:
        return None
    return Essay(
        slug=essay_slug(title),
        title=title,
        kind="essay",
        paragraphs=tuple(paragraphs),
        source=source,
        cited=tuple(cited),
        apart=tuple(apart),
    )


def _text(tag: Tag) -> str:
    return re.sub(r"[ \t\r\f\v]+", " ", tag.get_text("")).strip()


def _cite(blockquote: Tag) -> str:
    """The quoted author, when the markup names one (<cite>, or a cite attribute)."""
    cite = blockquote.find("cite")
    return cite.get_text(" ", strip=True) if cite else str(blockquote.get("cite", ""))
