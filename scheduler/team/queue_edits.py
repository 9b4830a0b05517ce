"""What the staff change in the queue: approve, skip, edit, rank, pin, restore.

Given a Trail, each change is written to the audit trail too, under the name of its maker.

Every change is written to the essay's YAML file (content stays in git-diffable files) and
is validated exactly as a hand edit would be, before the file is replaced.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scheduler.errors import NotPermitted, QueueError
from scheduler.files import write_atomically
from scheduler.model.snippets import Snippet, normalise_quote
from scheduler.posting.build import check_edits_fit
from scheduler.store.content import Content, find_snippet, load_content
from scheduler.store.project import Project, queue_lock
from scheduler.store.queue_files import load_queue, read_queue_texts
from scheduler.store.queue_merge import set_fields
from scheduler.yamlsource import dump_yaml, parse_yaml

if TYPE_CHECKING:
    from scheduler.store.audit import Trail


Edits = Mapping[str, Mapping[str, Any]]


def change(project: Project, edits: Edits | Callable[[Content], Edits]) -> Content:
    """Apply changes per snippet id; all or nothing. Returns the content as written.

    ``edits`` may be a function of the content as it is under the lock, for changes that
    depend on it (four eyes, an edit's before and after).
    """
    with queue_lock(project):
        content = load_content(project)
        wanted = edits(content) if callable(edits) else edits
        texts = read_queue_texts(project.queue_dir)
        documents: dict[str, Any] = {}
        for snippet_id, changes in wanted.items():
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


def _ids(content: Content, ids: Sequence[str]) -> list[str]:
    """Full ids for the given ones (a unique prefix of four or more is enough)."""
    return [find_snippet(content, i).id for i in ids]


def _record(trail: Trail | None, action: str, ids: Sequence[str], detail: object = None) -> None:
    if trail is not None:
        for snippet_id in ids:
            trail.record(action, snippet_id, detail)


def approve(project: Project, ids: Sequence[str], trail: Trail | None = None) -> Content:
    """Approved, and by whom; with rules.four_eyes, never by the quote's last editor."""

    def edits(content: Content) -> Edits:
        fields: dict[str, Any] = {"status": "approved"}
        if trail is not None:
            fields |= {"approved_by": trail.who, "approved_at": trail.stamp()}
            if content.config.rules.four_eyes:
                for snippet_id in ids:
                    four_eyes(find_snippet(content, snippet_id), trail.who)
        return {i: fields for i in ids}

    content = change(project, edits)
    _record(trail, "approve", _ids(content, ids))
    return content


def four_eyes(snippet: Snippet, who: str) -> None:
    if snippet.edited_by == who:
        raise NotPermitted(
            f"{who} made the last edit of {snippet.id}, so another person must approve it",
            path=snippet.file,
            line=snippet.line,
            hint="ask a colleague with the approver role (rules.four_eyes is on)",
        )


def skip(project: Project, ids: Sequence[str], trail: Trail | None = None) -> Content:
    content = change(
        project, {i: {"status": "skipped", "approved_by": None, "approved_at": None} for i in ids}
    )
    _record(trail, "skip", _ids(content, ids))
    return content


def edit_quote(
    project: Project,
    snippet_id: str,
    quote: str,
    *,
    intro: str | None = None,
    trail: Trail | None = None,
) -> Content:
    """A new quote and, when given, the opening line with it (empty removes that). With
    rules.four_eyes an approved quote goes back to new: the approval was for other words."""
    text = normalise_quote(quote)
    if not text:
        raise QueueError("the quote is empty", hint="write the quote, or skip the snippet")
    before: list[Snippet] = []

    def edits(content: Content) -> Edits:
        snippet = find_snippet(content, snippet_id)
        before.append(snippet)
        fields: dict[str, Any] = {"quote": text}
        if intro is not None:
            fields["intro"] = _one_line(intro)
        return {snippet_id: _as_edited(fields, snippet, content, trail)}

    content = change(project, edits)
    _record(trail, "edit", [before[0].id], {"before": before[0].quote, "after": text})
    return content


def edit_intro(
    project: Project, snippet_id: str, intro: str, trail: Trail | None = None
) -> Content:
    """The staff's opening line for LinkedIn and Facebook; empty removes it. It is part of the
    post, so a new line is an edit: with rules.four_eyes an approved quote goes back to new."""
    line = _one_line(intro)

    def edits(content: Content) -> Edits:
        snippet = find_snippet(content, snippet_id)
        fields: dict[str, Any] = {"intro": line}
        if line == snippet.intro:
            return {snippet_id: fields}
        return {snippet_id: _as_edited(fields, snippet, content, trail)}

    content = change(project, edits)
    _record(trail, "intro", _ids(content, [snippet_id]), {"intro": line})
    return content


def _as_edited(
    fields: dict[str, Any], snippet: Snippet, content: Content, trail: Trail | None
) -> dict[str, Any]:
    """An edit names its writer; with rules.four_eyes it also sends an approved quote back to
    new, since the approval was for other words."""
    if trail is not None:
        fields["edited_by"] = trail.who
    if content.config.rules.four_eyes and snippet.status == "approved":
        fields |= {"status": "new", "approved_by": None, "approved_at": None}
    return fields


def _one_line(text: str) -> str | None:
    return " ".join(text.split()) or None


def pin(project: Project, snippet_id: str, day: date | None, trail: Trail | None = None) -> Content:
    content = change(project, {snippet_id: {"pin": day.isoformat() if day else None}})
    _record(trail, "pin", _ids(content, [snippet_id]), {"pin": day.isoformat() if day else None})
    return content


def restore(project: Project, snippet_id: str, trail: Trail | None = None) -> Content:
    content = change(project, {snippet_id: {"orphaned": None}})
    _record(trail, "restore", _ids(content, [snippet_id]))
    return content


def reorder(project: Project, ordered_ids: Sequence[str], trail: Trail | None = None) -> Content:
    """Give these snippets ranks 1…n in this order (the desk's drag and drop)."""
    content = change(project, {i: {"rank": n} for n, i in enumerate(ordered_ids, start=1)})
    if trail is not None:
        trail.record("reorder", None, {"order": _ids(content, ordered_ids)})
    return content
