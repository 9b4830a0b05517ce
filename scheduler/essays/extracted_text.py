"""Parse text as PDF extraction leaves it: one essay after another, each closed by a signature.

The shape (see posts/essays/blogs-annemarie-baltus.txt): wrapped lines separated by empty
lines; a line holding only spaces marks a paragraph break, or a page break when the text
runs on across it; "~ Author" closes each essay and the next essay's title follows it
(after page furniture such as "-8-"); a title block runs until the first break, its
lowercase-led lines continuing the title and an uppercase-led line being a subtitle; a
"Bron: …" line names the source of a quoted passage; after the last signature comes the
footer with links and a phone number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .footer import PHONE, URL, parse_footer
from .joining import Vocabulary, build_vocabulary, join_lines
from .model import Document, Essay, EssayKind
from .slugs import essay_slug

SIGNATURE = re.compile(r"^\s*~\s*\S")
PAGE_NUMBER = re.compile(r"^\s*[-–]?\s*\d{1,4}\s*[-–]?\s*$")
SOURCE_LINE = re.compile(r"^\s*Bron\s*:\s*(?P<source>.+?)\s*$", re.IGNORECASE)
BARE_URL = re.compile(rf"^\s*(?:{URL.pattern})\s*$")
# How a foreword opens: a salutation ("Beste lezer,") or a heading that says so.
FOREWORD_OPENING = re.compile(
    r"^(?:(?:Beste|Lieve|Geachte|Dag|Hallo)\b[^.!?]*,|Voorwoord|Woord vooraf|Inleiding)$",
    re.IGNORECASE,
)
# A line ending with one of these may end a paragraph; otherwise a break is a page break.
_SENTENCE_END = tuple('.!?…:;”’")')
# PDF extraction keeps two or more trailing spaces where a short paragraph ended.
_PARAGRAPH_END = re.compile(r"[.!?…]\S?\s{2,}$")
_MAX_TITLE_LINES = 3
# PDF extraction puts an empty line after (nearly) every line; then only space-only lines
# are breaks. Plain text files use empty lines as breaks.
_DOUBLE_SPACED_SHARE = 0.8


@dataclass(frozen=True)
class _Body:
    paragraphs: tuple[str, ...]
    cited: tuple[tuple[int, str], ...]


def parse_extracted_text(text: str, source: str) -> Document:
    """All essays, the foreword and the footer of an extracted-text document."""
    lines = _breaks_as_space_lines(text.split("\n"))
    vocabulary = build_vocabulary(lines)
    sections = _split_at_signatures(lines)
    footer_lines: list[str] = []
    if len(sections) > 1 and _is_footer(sections[-1]):
        footer_lines = sections.pop()
    essays = []
    for number, section in enumerate(sections):
        essay = _section_to_essay(section, source, vocabulary, first=number == 0)
        if essay is not None:
            essays.append(essay)
    return Document(
        source=source,
        essays=tuple(essays),
        footer=parse_footer(footer_lines),
        author=_signed_by(lines),
    )


def _breaks_as_space_lines(lines: list[str]) -> list[str]:
    """Plain text marks breaks with empty lines; rewrite them as the extraction does (" ")."""
    text_lines = [i for i, line in enumerate(lines[:-1]) if line.strip()]
    followed_by_empty = sum(lines[i + 1] == "" for i in text_lines)
    if text_lines and followed_by_empty >= _DOUBLE_SPACED_SHARE * len(text_lines):
        return lines
    return [" " if line == "" else line for line in lines]


def _split_at_signatures(lines: Sequence[str]) -> list[list[str]]:
    sections: list[list[str]] = [[]]
    for line in lines:
        if SIGNATURE.match(line):
            sections.append([])
        else:
            sections[-1].append(line)
    return sections


def _signed_by(lines: Sequence[str]) -> str | None:
    """The name in the signatures, when every essay is signed by the same person."""
    names = {line.strip().lstrip("~").strip() for line in lines if SIGNATURE.match(line)}
    return names.pop() if len(names) == 1 else None


def _is_footer(section: Sequence[str]) -> bool:
    text = "\n".join(section)
    return not text.strip() or bool(URL.search(text) or PHONE.search(text))


def _is_break(line: str) -> bool:
    return not line.strip()


def _section_to_essay(
    section: Sequence[str], source: str, vocabulary: Vocabulary, *, first: bool
) -> Essay | None:
    # Empty lines only separate wrapped lines; space-only lines are the breaks.
    items = [line for line in section if line != "" and not PAGE_NUMBER.match(line)]
    while items and _is_break(items[0]):
        items.pop(0)
    if not any(item.strip() for item in items):
        return None
    kind: EssayKind = "essay"
    if first and FOREWORD_OPENING.match(items[0].strip()):
        kind = "foreword"
        title, subtitle, body = items[0].strip().rstrip(",:"), None, items[1:]
    else:
        title, subtitle, body = _title_block(items, vocabulary)
    parsed = _paragraphs(body, vocabulary)
    return Essay(
        slug=essay_slug(title),
        title=title,
        kind=kind,
        paragraphs=parsed.paragraphs,
        source=source,
        subtitle=subtitle,
        cited=parsed.cited,
    )


def _title_block(items: list[str], vocabulary: Vocabulary) -> tuple[str, str | None, list[str]]:
    """Title lines, then lowercase-led lines continuing it, then an optional subtitle line."""
    block_end = next((i for i, item in enumerate(items) if _is_break(item)), len(items))
    block = items[: min(block_end, _MAX_TITLE_LINES)]
    title_lines = [block[0]]
    rest = block[1:]
    while rest and rest[0].strip()[:1].islower():
        title_lines.append(rest.pop(0))
    subtitle_lines = rest[:1] if rest and not rest[0].rstrip().endswith(_SENTENCE_END) else []
    used = len(title_lines) + len(subtitle_lines)
    subtitle = join_lines(subtitle_lines, vocabulary) or None
    return join_lines(title_lines, vocabulary), subtitle, items[used:]


def _paragraphs(body: Sequence[str], vocabulary: Vocabulary) -> _Body:
    groups: list[list[str]] = []
    cited: list[tuple[int, str]] = []
    current: list[str] = []
    pending_break = False
    for line in body:
        if _is_break(line):
            pending_break = True
            continue
        source_line = SOURCE_LINE.match(line)
        if source_line:
            if current:
                groups.append(current)
                current = []
            if groups:
                cited.append((len(groups) - 1, _cited_name(source_line["source"])))
            continue
        if BARE_URL.match(line):
            continue
        if current and _starts_new_paragraph(current[-1], line, pending_break):
            groups.append(current)
            current = []
        current.append(line)
        pending_break = False
    if current:
        groups.append(current)
    paragraphs = tuple(join_lines(group, vocabulary) for group in groups)
    return _Body(paragraphs=paragraphs, cited=tuple(cited))


def _starts_new_paragraph(previous: str, line: str, after_break: bool) -> bool:
    if _PARAGRAPH_END.search(previous):
        return True
    if not after_break:
        return False
    # A break inside a sentence that runs on in lowercase is a page break, not a paragraph.
    runs_on = not previous.rstrip().endswith(_SENTENCE_END) and line.strip()[:1].islower()
    return not runs_on


def _cited_name(source: str) -> str:
    """ "Paul Ferrini, Stilte van het hart" -> "Paul Ferrini"."""
    return source.split(",")[0].strip()
