"""What the staff change in the queue: approve, skip, edit, rank, pin, restore.

Every change is written to the essay's YAML file (content stays in git-diffable files) and
is validated exactly as a hand edit would be, before the file is replaced.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from scheduler.content import Content, load_content
from scheduler.errors import QueueError, UsageError
from scheduler.files import write_atomically
from scheduler.posts import check_edits_fit
from scheduler.project import Project
from scheduler.queue import Snippet, load_queue, normalise_quote, read_queue_texts, set_fields
from scheduler.yamlsource import dump_yaml, parse_yaml


@contextmanager
def queue_lock(project: Project) -> Iterator[None]:
    """One writer at a time across the desk, the command line and ingest."""
    project.var_dir.mkdir(parents=True, exist_ok=True)
    with open(project.var_dir / "queue.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def change(project: Project, edits: Mapping[str, Mapping[str, Any]]) -> Content:
    """Apply changes per snippet id; all or nothing. Returns the content as written."""
    with queue_lock(project):
        content = load_content(project)
        texts = read_queue_texts(project.queue_dir)
        documents: dict[str, Any] = {}
        for snippet_id, changes in edits.items():
            snippet = find_snippet(content, snippet_id)
            if snippet.file not in documents:
                documents[snippet.file] = parse_yaml(texts[snippet.file], snippet.file, QueueError)
            set_fields(documents[snippet.file], snippet.id, changes)
        for path, document in documents.items():
            texts[path] = dump_yaml(document)
        check_edits_fit(load_queue(texts), content.config)
        for path in documents:
            write_atomically(Path(path), texts[path])
    return load_content(project)


def find_snippet(content: Content, snippet_id: str) -> Snippet:
    snippet = content.queue.snippet(snippet_id)
    if snippet is None:
        matches = [s for s in content.queue.snippets if s.id.startswith(snippet_id)]
        if len(matches) == 1 and len(snippet_id) >= 4:
            return matches[0]
        raise UsageError(
            f"no snippet with id {snippet_id!r}", hint="list the ids with 'scheduler queue'"
        )
    return snippet


def approve(project: Project, ids: Sequence[str]) -> Content:
    return change(project, {i: {"status": "approved"} for i in ids})


def skip(project: Project, ids: Sequence[str]) -> Content:
    return change(project, {i: {"status": "skipped"} for i in ids})


def edit_quote(project: Project, snippet_id: str, quote: str, intro: str | None = None) -> Content:
    """A new quote text and, when given, the opening line with it (empty removes that)."""
    text = normalise_quote(quote)
    if not text:
        raise QueueError("the quote is empty", hint="write the quote, or skip the snippet")
    changes: dict[str, str | None] = {"quote": text}
    if intro is not None:
        changes["intro"] = " ".join(intro.split()) or None
    return change(project, {snippet_id: changes})


def edit_intro(project: Project, snippet_id: str, intro: str) -> Content:
    """The staff's opening line for LinkedIn and Facebook; empty removes it."""
    return change(project, {snippet_id: {"intro": " ".join(intro.split()) or None}})


def pin(project: Project, snippet_id: str, day: date | None) -> Content:
    return change(project, {snippet_id: {"pin": day.isoformat() if day else None}})


def restore(project: Project, snippet_id: str) -> Content:
    return change(project, {snippet_id: {"orphaned": None}})


def reorder(project: Project, ordered_ids: Sequence[str]) -> Content:
    """Give these snippets ranks 1…n in this order (the desk's drag and drop)."""
    return change(project, {i: {"rank": n} for n, i in enumerate(ordered_ids, start=1)})
