"""Writing queue documents: ingest's merge on re-ingest and the staff's field changes.

Both edit a parsed ruamel document in place, so comments, key order and the staff's own
lines survive; the caller validates and writes the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from scheduler.model.snippets import snippet_id

QUEUE_HEADER = (
    "Snippets from one essay. Edit 'quote', set 'status' to approved or skipped, give a\n"
    "'rank' (lower goes first) or a 'pin' date, an 'intro' (a first line for LinkedIn and\n"
    "Facebook) or 'hashtags'. Re-ingest keeps every change you make here.\n"
    "'original' is the sentence as the essay has it: leave it, it keeps the id stable.\n"
    "'context' is the quote's paragraph around it, refreshed from the essay at each ingest."
)


@dataclass(frozen=True)
class Candidate:
    """What ingest found for one snippet: the author's words and how they scored."""

    quote: str
    score: float
    paragraph: int
    reasons: tuple[str, ...] = ()
    attribution: str | None = None
    context_before: str = ""  # the sentences around it in its paragraph
    context_after: str = ""
    why: str = ""


@dataclass(frozen=True)
class MergeReport:
    added: int
    kept: int
    orphaned: int
    restored: int


def merge_essay(
    existing: CommentedMap | None,
    *,
    slug: str,
    title: str,
    kind: str,
    source: str,
    url: str | None,
    hashtags: Iterable[str],
    candidates: Iterable[Candidate],
    still_in_essay: Callable[[str], bool] = lambda _quote: False,
) -> tuple[CommentedMap, MergeReport]:
    """Merge freshly chosen candidates into an essay's queue document, in place where it exists.

    Staff-owned fields (quote, status, rank, pin, hashtags, intro, attribution once set) are
    never touched; what follows the essay (score, paragraph, context) is refreshed. A snippet
    no longer chosen is marked orphaned, not deleted, unless the staff made it theirs
    (approved, edited, ranked, pinned, tagged, introduced) and ``still_in_essay`` finds its
    original words there: new rules for choosing never take away what the staff chose.
    """
    doc = (
        existing
        if existing is not None
        else _new_document(slug, title, kind, source, url, hashtags)
    )
    doc["title"] = title  # the essay's title follows the essay
    doc["source"] = source
    entries: CommentedSeq = doc.setdefault("snippets", CommentedSeq())
    by_id = {str(e.get("id")): e for e in entries if isinstance(e, CommentedMap)}
    fresh_ids: set[str] = set()
    added = kept = restored = 0
    for candidate in candidates:
        new_id = snippet_id(slug, candidate.quote)
        fresh_ids.add(new_id)
        entry = by_id.get(new_id)
        if entry is None:
            entries.append(_new_entry(new_id, candidate))
            added += 1
            continue
        kept += 1
        entry["score"] = round(candidate.score, 2)
        entry["paragraph"] = candidate.paragraph
        _set_reasons(entry, candidate)  # ingest's own fields follow the rules; staff's stay
        _set_context(entry, candidate)
        if entry.pop("orphaned", None):
            restored += 1
    orphaned = 0
    for entry_id, entry in by_id.items():
        if entry_id in fresh_ids or entry.get("orphaned"):
            continue
        if _staff_owned(entry) and still_in_essay(str(entry.get("original") or "")):
            continue
        entry["orphaned"] = True
        orphaned += 1
    return doc, MergeReport(added=added, kept=kept, orphaned=orphaned, restored=restored)


def _staff_owned(entry: CommentedMap) -> bool:
    """Has someone on the staff made this snippet theirs?"""
    edited = entry.get("quote") != entry.get("original")
    marks = ("rank", "pin", "hashtags", "intro")
    return entry.get("status") == "approved" or edited or any(entry.get(k) for k in marks)


def _new_document(
    slug: str, title: str, kind: str, source: str, url: str | None, hashtags: Iterable[str]
) -> CommentedMap:
    doc = CommentedMap()
    doc["essay"] = slug
    doc["title"] = title
    doc["kind"] = kind
    doc["source"] = source
    doc["post"] = kind == "essay"
    if url:
        doc["url"] = url
    if hashtags:
        doc["hashtags"] = _flow_list(hashtags)
    doc["snippets"] = CommentedSeq()
    doc.yaml_set_start_comment(QUEUE_HEADER)
    return doc


def _new_entry(new_id: str, candidate: Candidate) -> CommentedMap:
    entry = CommentedMap()
    entry["id"] = new_id
    entry["status"] = "new"
    entry["quote"] = _text_scalar(candidate.quote)
    entry["original"] = _text_scalar(candidate.quote)
    if candidate.attribution:
        entry["attribution"] = candidate.attribution
    entry["score"] = round(candidate.score, 2)
    entry["paragraph"] = candidate.paragraph
    _set_reasons(entry, candidate)
    _set_context(entry, candidate)
    return entry


def _set_context(entry: CommentedMap, candidate: Candidate) -> None:
    if not (candidate.context_before or candidate.context_after):
        entry.pop("context", None)
        return
    context = CommentedMap()
    for side, text in (("before", candidate.context_before), ("after", candidate.context_after)):
        if text:
            context[side] = _text_scalar(text)
    if "context" in entry:
        entry["context"] = context  # replaced in place: the key keeps its position
    else:
        _insert_after(entry, "paragraph", "context", context)


def _insert_after(entry: CommentedMap, anchor: str, key: str, value: Any) -> None:
    keys = list(entry)
    entry.insert(keys.index(anchor) + 1 if anchor in keys else len(keys), key, value)


def _set_reasons(entry: CommentedMap, candidate: Candidate) -> None:
    """``why`` says what ``reasons`` listed, with the points: it replaces it."""
    if candidate.why:
        entry.pop("reasons", None)
        entry["why"] = candidate.why
    elif candidate.reasons:
        entry["reasons"] = _flow_list(candidate.reasons)


def _flow_list(items: Iterable[str]) -> CommentedSeq:
    seq = CommentedSeq(list(items))
    seq.fa.set_flow_style()
    return seq


def _text_scalar(text: str) -> Any:
    # Long quotes read better as block text in a diff than as one folded line.
    return LiteralScalarString(text) if len(text) > 90 else text


def set_fields(doc: CommentedMap, snippet_id_value: str, changes: Mapping[str, Any]) -> bool:
    """Apply staff changes to one snippet of a parsed queue document; False if it isn't there."""
    for entry in doc.get("snippets") or ():
        if isinstance(entry, CommentedMap) and str(entry.get("id")) == snippet_id_value:
            for key, value in changes.items():
                if value is None:
                    entry.pop(key, None)
                else:
                    entry[key] = _text_scalar(value) if key in ("quote", "intro") else value
            return True
    return False
