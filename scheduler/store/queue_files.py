"""The snippet store: one human-readable YAML file per essay under posts/queue/.

The files are content, written by ingest and then owned by the staff: re-ingest merges into
them (store.queue_merge) and never loses an edit, a status, a rank or a pin. Loading takes
texts, not paths. The records it builds are in scheduler.model.snippets.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from scheduler.errors import QueueError
from scheduler.model.snippets import (
    ESSAY_KINDS,
    STATUSES,
    Queue,
    QueueEssay,
    Snippet,
    normalise_quote,
)
from scheduler.urls import URL_HINT, web_url
from scheduler.yamlsource import (
    key_line,
    node_line,
    parse_yaml,
    refuse_unknown_keys,
    value_line,
)

log = logging.getLogger(__name__)
_ESSAY_KEYS = ("essay", "title", "kind", "source", "post", "url", "hashtags", "snippets")
_SNIPPET_KEYS = (
    "id",
    "status",
    "quote",
    "original",
    "attribution",
    "score",
    "paragraph",
    "reasons",
    "why",
    "hashtags",
    "intro",
    "context",
    "rank",
    "pin",
    "orphaned",
    "edited_by",
    "approved_by",
    "approved_at",
)


def parse_queue_file(text: str, path: str) -> tuple[QueueEssay, list[Snippet]]:
    """Validate one queue file completely."""
    root = parse_yaml(text, path, QueueError)
    if not isinstance(root, CommentedMap):
        raise QueueError(
            "a queue file must be a mapping with 'essay' and 'snippets'",
            path=path,
            line=1,
            hint="restore it from git, or delete it and run ingest again",
        )
    refuse_unknown_keys(root, _ESSAY_KEYS, path, "the file", QueueError)
    essay = _essay_header(root, path)
    items = root.get("snippets") or CommentedSeq()
    if not isinstance(items, CommentedSeq):
        raise QueueError(
            "'snippets' must be a list",
            path=path,
            line=key_line(root, "snippets"),
            hint="start each snippet with '- id: …'",
        )
    snippets = [_snippet(item, index, essay, path) for index, item in enumerate(items)]
    return essay, snippets


def load_queue(files: Mapping[str, str]) -> Queue:
    """Every queue file, by path; duplicate ids across files are refused too."""
    essays: list[QueueEssay] = []
    snippets: list[Snippet] = []
    seen: dict[str, Snippet] = {}
    for path in sorted(files):
        essay, found = parse_queue_file(files[path], path)
        essays.append(essay)
        for snippet in found:
            if snippet.id in seen:
                raise QueueError(
                    f"snippet id {snippet.id} is used twice (also {seen[snippet.id].file}:"
                    f"{seen[snippet.id].line})",
                    path=path,
                    line=snippet.line,
                    hint="ids are made by ingest; remove the copy you pasted",
                )
            seen[snippet.id] = snippet
            snippets.append(snippet)
    return Queue(tuple(essays), tuple(snippets))


def read_queue(queue_dir: Path) -> Queue:
    return load_queue(read_queue_texts(queue_dir))


def read_queue_texts(queue_dir: Path) -> dict[str, str]:
    return {str(path): read_queue_file(path) for path in queue_files(queue_dir)}


def queue_files(queue_dir: Path) -> list[Path]:
    """The queue files; a folder that happens to be named *.yaml holds none and is passed by."""
    if not queue_dir.is_dir():
        return []
    files = []
    for path in sorted(queue_dir.glob("*.yaml")):
        if path.is_dir():
            log.warning("%s is a folder, not a queue file: passed by", path)
        else:
            files.append(path)
    return files


def read_queue_file(path: Path) -> str:
    """One queue file's text; a file that cannot be read is refused by name, with the fix."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise QueueError(
            "the file is not UTF-8 text (a binary file?)",
            path=path,
            hint="restore it from git, or move it out of posts/queue/",
        ) from exc
    except OSError as exc:
        problem = exc.strerror or str(exc)
        if path.is_symlink():
            problem = f"the link cannot be followed ({problem}): it points to {os.readlink(path)}"
        raise QueueError(
            f"the file cannot be read: {problem}",
            path=path,
            hint="remove it from posts/queue/, or restore what it should hold from git",
        ) from exc


def _fail(node: Any, key: str, path: str, problem: str, hint: str) -> QueueError:
    """An error at the line of ``key``'s value in ``node``."""
    return QueueError(problem, path=path, line=value_line(node, key), hint=hint)


def _essay_header(root: CommentedMap, path: str) -> QueueEssay:
    slug, title = root.get("essay"), root.get("title")
    if not slug or not title:
        raise QueueError(
            "a queue file needs 'essay' (the slug) and 'title'",
            path=path,
            line=1,
            hint="restore the header from git, or run ingest again",
        )
    kind = root.get("kind", "essay")
    if kind not in ESSAY_KINDS:
        raise _fail(root, "kind", path, f"unknown essay kind {kind!r}", "use essay or foreword")
    return QueueEssay(
        slug=str(slug),
        title=str(title),
        kind=kind,
        source=str(root.get("source", "")),
        post=_flag(root, "post", kind == "essay", path),
        url=_url(root, path),
        hashtags=_hashtags(root.get("hashtags"), path, key_line(root, "hashtags")),
        file=path,
    )


def _url(root: CommentedMap, path: str) -> str | None:
    value = root.get("url")
    if value is None or value == "":
        return None
    url = web_url(value) if isinstance(value, str) else None
    if url is None:
        raise _fail(
            root, "url", path, f"'url' is not a web address (http or https): {value!r}", URL_HINT
        )
    return url


def _snippet(item: Any, index: int, essay: QueueEssay, path: str) -> Snippet:
    line = node_line(item)
    if not isinstance(item, CommentedMap):
        raise QueueError(
            f"snippet {index + 1} must be a mapping",
            path=path,
            line=line,
            hint="each snippet starts with '- id: …' followed by its keys",
        )
    where = f"snippet {item.get('id', index + 1)}"
    refuse_unknown_keys(item, _SNIPPET_KEYS, path, where, QueueError)
    quote = item.get("quote")
    if not isinstance(quote, str) or not quote.strip():
        raise QueueError(
            "a snippet needs a non-empty 'quote'",
            path=path,
            line=value_line(item, "quote") or line,
            hint="write the quote's text",
        )
    status = item.get("status", "new")
    if status not in STATUSES:
        raise _fail(
            item, "status", path, f"unknown status {status!r}", f"use one of: {', '.join(STATUSES)}"
        )
    snippet_id_value = str(item.get("id") or "")
    if not re.fullmatch(r"[0-9a-f]{6,40}", snippet_id_value):
        raise QueueError(
            f"snippet id {snippet_id_value!r} is not an id",
            path=path,
            line=line,
            hint="ids are made by ingest: restore it from git",
        )
    return Snippet(
        id=snippet_id_value,
        essay=essay.slug,
        essay_title=essay.title,
        quote=normalise_quote(quote),
        original=normalise_quote(str(item.get("original") or quote)),
        status=status,
        score=_score(item, path),
        paragraph=_paragraph(item, path),
        attribution=item.get("attribution"),
        why=str(item.get("why") or ""),
        hashtags=_hashtags(item.get("hashtags"), path, value_line(item, "hashtags")),
        intro=_intro(item, path),
        context_before=_context(item, "before", path),
        context_after=_context(item, "after", path),
        rank=_rank(item, path),
        pin=_pin(item, path),
        orphaned=_flag(item, "orphaned", False, path),
        position=index,
        postable=essay.post,
        file=path,
        line=line,
        edited_by=_optional_text(item.get("edited_by")),
        approved_by=_optional_text(item.get("approved_by")),
    )


def _optional_text(value: Any) -> str | None:
    return None if value is None else str(value)


def _hashtags(value: Any, path: str, line: int | None) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    tags = []
    for tag in items:
        text = str(tag).lstrip("#")
        if not re.fullmatch(r"[^\W\d_][\w]*", text):
            raise QueueError(
                f"hashtag {tag!r} is not a single word",
                path=path,
                line=line,
                hint="write hashtags in CamelCase without spaces: ZachteKracht",
            )
        tags.append(text)
    return tuple(tags)


def _intro(item: CommentedMap, path: str) -> str | None:
    value = item.get("intro")
    if value is None:
        return None
    if not isinstance(value, str):
        raise _fail(
            item,
            "intro",
            path,
            f"intro {value!r} is not text",
            "write intro: 'Een zin die de quote inleidt.' (quoted when it holds a colon)",
        )
    return " ".join(value.split()) or None


def _context(item: CommentedMap, side: str, path: str) -> str:
    node = item.get("context")
    if node is None:
        return ""
    if not isinstance(node, CommentedMap) or not set(node) <= {"before", "after"}:
        raise _fail(
            item,
            "context",
            path,
            "'context' must be a mapping with 'before' and 'after'",
            "delete the 'context' key; the next ingest writes it again from the essay",
        )
    value = node.get(side) or ""
    if not isinstance(value, str):
        raise _fail(
            node,
            side,
            path,
            f"context {side} is not text",
            "delete the 'context' key; the next ingest writes it again from the essay",
        )
    return " ".join(value.split())


def _flag(node: CommentedMap, key: str, default: bool, path: str) -> bool:
    """true or false, nothing else: `post: no` is the text 'no' in YAML 1.2, not false."""
    value = node.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise _fail(
            node,
            key,
            path,
            f"'{key}' must be true or false, not {value!r}",
            f"write {key}: false (or {key}: true)",
        )
    return value


def _score(item: CommentedMap, path: str) -> float:
    hint = "ingest writes the score; restore it from git or remove the line"
    return float(
        _number(item, "score", path, 0.0, lambda v: isinstance(v, int | float), "a number", hint)
    )


def _paragraph(item: CommentedMap, path: str) -> int:
    hint = "ingest writes the paragraph; restore it from git or remove the line"
    problem = "a paragraph number (0 or more)"
    return _number(
        item, "paragraph", path, 0, lambda v: isinstance(v, int) and v >= 0, problem, hint
    )


def _rank(item: CommentedMap, path: str) -> int | None:
    hint = "write rank: 1 (lower goes first)"
    return _number(item, "rank", path, None, lambda v: isinstance(v, int), "a whole number", hint)


def _number(
    item: CommentedMap,
    key: str,
    path: str,
    default: Any,
    fits: Callable[[Any], bool],
    problem: str,
    hint: str,
) -> Any:
    """A number ingest or the staff may leave out; YAML's true and false are not numbers."""
    value = item.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not fits(value):
        raise _fail(item, key, path, f"{key} {value!r} is not {problem}", hint)
    return value


def _pin(item: CommentedMap, path: str) -> date | None:
    value = item.get("pin")
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise _fail(
            item, "pin", path, f"pin {value!r} is not a date", "write pin: 2026-12-24"
        ) from exc
