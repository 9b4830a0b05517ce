"""Essays from Markdown as Hugo and Jekyll write it: YAML front matter, then the text.

One essay per file, titled by the front matter; a file without a front-matter title holds
one essay per top-level ``# `` heading. Markup is stripped: the paragraphs hold the words a
reader sees, with links as their text, images and HTML gone, list items as paragraphs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from markdown_it.token import Token

from scheduler.errors import EssayFileError
from scheduler.urls import URL_HINT, web_url
from scheduler.yamlsource import ALIAS_HINT, charge_alias

from .joining import VERSE_BREAK, build_vocabulary, join_paragraph
from .model import Document, Essay
from .slugs import essay_slug

_ROOT_RELATIVE = re.compile(r"/(?!/)\S*$")
_FRONT_MATTER_KEY = re.compile(r"^(?P<key>[\w-]+)[ \t]*:", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
# Inline tokens whose text a reader sees; everything else (images, html, markers) is dropped.
_VISIBLE_INLINE = frozenset({"text", "code_inline"})
_LINE_BREAKS = frozenset({"softbreak", "hardbreak"})
_PARSER = MarkdownIt("commonmark").enable("table").enable("strikethrough")


@dataclass
class _Draft:
    title: str | None
    paragraphs: list[str] = field(default_factory=list)
    cited: list[tuple[int, str]] = field(default_factory=list)
    apart: list[int] = field(default_factory=list)


def parse_markdown(text: str, source: str) -> Document:
    meta, body = _split_front_matter(text, source)
    if meta:
        meta["url"] = _meta_url(meta, text, source)
    title = _meta_text(meta, "title")
    drafts = _drafts(_PARSER.parse(body), split=title is None)
    if title is not None:
        drafts[0].title = title
    fallback = source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    essays = [_essay(d, meta if len(drafts) == 1 else {}, source, fallback) for d in drafts]
    return Document(source=source, essays=tuple(e for e in essays if e.paragraphs))


def _split_front_matter(text: str, source: str) -> tuple[dict, str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.load(match["yaml"], Loader=_BoundedLoader) or {}
    except _AliasBomb as exc:
        raise EssayFileError(
            f"the front matter is refused: {exc.problem}",
            path=source,
            line=exc.problem_mark.line + 2 if exc.problem_mark else None,
            hint=ALIAS_HINT,
        ) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise EssayFileError(
            "the front matter is not valid YAML",
            path=source,
            line=mark.line + 2 if mark else None,  # +1 for 1-based, +1 for the opening ---
            hint="check the lines between the two --- markers (quote values holding a colon)",
        ) from exc
    if not isinstance(meta, dict):
        raise EssayFileError(
            "the front matter is not a mapping", path=source, hint="write key: value lines"
        )
    return meta, text[match.end() :]


class _AliasBomb(yaml.MarkedYAMLError):
    pass


class _BoundedLoader(yaml.SafeLoader):
    """pyyaml's safe loader, with the same bound on aliases as the files people edit."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            charge_alias(self, self.peek_event(), _AliasBomb)
        return super().compose_node(parent, index)


def _drafts(tokens: list[Token], *, split: bool) -> list[_Draft]:
    """Walk the block tokens; with ``split``, every ``# `` heading starts a new essay."""
    drafts = [_Draft(title=None)]
    in_heading: str | None = None
    blockquote_depth = list_depth = 0
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        if token.type == "heading_open":
            in_heading = token.tag
        elif token.type == "heading_close":
            in_heading = None
        elif token.type == "blockquote_open":
            blockquote_depth += 1
        elif token.type == "blockquote_close":
            blockquote_depth -= 1
        elif token.type == "inline" and in_heading is not None:
            heading = _inline_text(token)
            if in_heading == "h1" and split and (drafts[-1].title or drafts[-1].paragraphs):
                drafts.append(_Draft(title=heading))
            elif drafts[-1].title is None:
                drafts[-1].title = heading
            elif heading.rstrip().endswith((".", "!", "?")) and len(heading.split()) >= 4:
                _add_paragraph(drafts[-1], heading, quoted=False)  # a heading that is a claim
        elif token.type in ("inline", "html_block", "code_block", "fence"):
            before = len(drafts[-1].paragraphs)
            _add_paragraph(drafts[-1], _block_text(token), quoted=blockquote_depth > 0)
            if len(drafts[-1].paragraphs) > before and (
                list_depth or token.type in ("code_block", "fence")
            ):
                drafts[-1].apart.append(before)
    return drafts


def _add_paragraph(draft: _Draft, text: str, *, quoted: bool) -> None:
    paragraph = join_paragraph(text, build_vocabulary(text.split("\n")))
    if not paragraph:
        return
    if quoted:
        draft.cited.append((len(draft.paragraphs), ""))
    draft.paragraphs.append(paragraph)


def _block_text(token: Token) -> str:
    if token.type == "inline":
        return _inline_text(token)
    if token.type == "html_block":
        return BeautifulSoup(token.content, "html.parser").get_text("\n")
    return token.content


def _inline_text(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in _VISIBLE_INLINE:
            parts.append(child.content)
        elif child.type == "hardbreak":
            parts.append(VERSE_BREAK)
        elif child.type in _LINE_BREAKS:
            parts.append("\n")
    return "".join(parts)


def _essay(draft: _Draft, meta: dict, source: str, fallback_title: str) -> Essay:
    title = draft.title or fallback_title
    return Essay(
        # A front-matter slug names a file under posts/queue/: never a path, always a slug.
        slug=essay_slug(_meta_text(meta, "slug"), title),
        title=title,
        kind="essay",
        paragraphs=tuple(draft.paragraphs),
        source=source,
        subtitle=_meta_text(meta, "subtitle"),
        url=meta.get("url"),
        date=_meta_date(meta.get("date")),
        cited=tuple(draft.cited),
        apart=tuple(draft.apart),
    )


def _meta_url(meta: dict, text: str, source: str) -> str | None:
    """The essay's own link (``url`` or Hugo's ``permalink``): http(s), or a path on the blog
    ("/blog/x/", as Hugo writes it) that ingest completes with the blog's address."""
    key = "url" if _meta_text(meta, "url") else "permalink"
    value = _meta_text(meta, key)
    if value is None:
        return None
    url = value if _ROOT_RELATIVE.match(value) else web_url(value)
    if url is None:
        found = (m for m in _FRONT_MATTER_KEY.finditer(text) if m["key"] == key)
        first = next(found, None)
        raise EssayFileError(
            f"the front matter's '{key}' is not a web address (http or https): {value!r}",
            path=source,
            line=text.count("\n", 0, first.start()) + 1 if first else None,
            hint=URL_HINT,
        )
    return url


def _meta_text(meta: dict, key: str) -> str | None:
    value = meta.get(key)
    return str(value).strip() or None if value is not None else None


def _meta_date(value: object) -> str | None:
    """Front matter dates arrive as date, datetime or text; keep the ISO calendar date."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    return None
