"""A quote's context: the whole sentences around it in its own paragraph, verbatim.

LinkedIn and Facebook posts show a little more of the essay than the quote. That context is
cut here, at ingest, and written into the queue, so a render needs no essay file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sentences import split_sentences

# About what a reader takes in before "…meer weergeven" folds the LinkedIn post.
CONTEXT_MAX_CHARS = 600


@dataclass(frozen=True)
class Context:
    before: str = ""  # the sentences right before the quote, in order
    after: str = ""  # the sentences right after it

    def __bool__(self) -> bool:
        return bool(self.before or self.after)


def context_around(paragraph: str, quote: str, limit: int = CONTEXT_MAX_CHARS) -> Context:
    """The sentences before and after the quote in its paragraph, each side at most `limit`
    characters of whole sentences, nearest first; empty when the quote is not found there."""
    text, wanted = _plain(paragraph), _plain(quote)
    at = text.find(wanted) if wanted else -1
    if at < 0:
        return Context()
    before = split_sentences(text[:at].strip())
    after = split_sentences(text[at + len(wanted) :].strip())
    return Context(
        before=" ".join(reversed(leading_sentences(list(reversed(before)), limit))),
        after=" ".join(leading_sentences(after, limit)),
    )


def leading_sentences(sentences: list[str], limit: int, *, at_least_one: bool = False) -> list[str]:
    """The leading sentences whose joined length stays within the limit (whole ones only);
    with `at_least_one`, the first sentence even when it alone is longer."""
    taken: list[str] = []
    used = 0
    for sentence in sentences:
        used += len(sentence) + (1 if taken else 0)
        if used > limit and (taken or not at_least_one):
            break
        taken.append(sentence)
    return taken


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
