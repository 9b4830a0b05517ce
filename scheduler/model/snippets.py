"""The snippet queue's plain data: essays, their snippets and the ids that keep them stable.

No YAML and no files here: store.queue_files reads the queue files into these.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

STATUSES = ("new", "approved", "skipped")
ESSAY_KINDS = ("essay", "foreword")


@dataclass(frozen=True)
class Snippet:
    id: str
    essay: str
    essay_title: str
    quote: str
    original: str
    status: str
    score: float = 0.0
    paragraph: int = 0
    attribution: str | None = None
    why: str = ""  # why ingest chose it: the parts of its score and any trim
    hashtags: tuple[str, ...] = ()  # the staff's own choice; otherwise they come from the quote
    intro: str | None = None  # the staff's opening line for LinkedIn and Facebook
    context_before: str = ""  # whole sentences around the quote in its paragraph, verbatim
    context_after: str = ""
    rank: int | None = None
    pin: date | None = None
    orphaned: bool = False
    position: int = 0  # place within its essay file: the staff's order there
    postable: bool = True  # False for a foreword, or an essay switched off
    file: str = ""
    line: int | None = None
    edited_by: str | None = None  # the staff member who last changed the quote
    approved_by: str | None = None

    @property
    def edited(self) -> bool:
        return normalise_quote(self.quote) != normalise_quote(self.original)


@dataclass(frozen=True)
class QueueEssay:
    slug: str
    title: str
    kind: str
    source: str
    post: bool
    url: str | None
    hashtags: tuple[str, ...]
    file: str


@dataclass(frozen=True)
class Queue:
    essays: tuple[QueueEssay, ...]
    snippets: tuple[Snippet, ...]

    def snippet(self, snippet_id: str) -> Snippet | None:
        return next((s for s in self.snippets if s.id == snippet_id), None)

    def essay(self, slug: str) -> QueueEssay | None:
        return next((e for e in self.essays if e.slug == slug), None)


def normalise_quote(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def snippet_id(essay_slug: str, quote: str) -> str:
    """Stable across re-ingests: the same essay sentence always gets the same id."""
    digest = hashlib.sha256(f"{essay_slug}\n{normalise_quote(quote)}".encode()).hexdigest()
    return digest[:10]
