"""Hashtags from the quote: the staff's vocabulary, matched against the quote's own words.

A tag is offered only when a word of the quote calls for it; the quote's paragraph and the
essay's title then weigh it up among the others. So a quote about contact never carries
#Dominantie just because its essay is about dominance. Pure: text in, tags out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

# A word in the quote says more about the quote than the same word around it.
QUOTE_WEIGHT, PARAGRAPH_WEIGHT, TITLE_WEIGHT = 3.0, 1.0, 1.0
_TAG = re.compile(r"[^\W\d_][\w]*")


def camel_case(phrase: str) -> str:
    """A tag from a phrase or a written-out compound: 'zachte kracht' → 'ZachteKracht'.

    Each part keeps its own letters after the first, so 'ZachteKracht' stays as it is, and a
    single word stays exactly as the staff wrote it ('leadership').
    """
    parts = [p for p in re.split(r"[\s\-_/]+", phrase.strip().lstrip("#")) if p]
    if len(parts) == 1:
        return parts[0]
    return "".join(part[:1].upper() + part[1:] for part in parts)


def is_tag(text: str) -> bool:
    return bool(_TAG.fullmatch(text))


def hits(words: Sequence[str], text: str) -> int:
    """How often the vocabulary's words (stems: 'kwetsba' finds 'kwetsbaar') occur in text."""
    lowered = text.lower()
    return sum(len(re.findall(rf"\b{re.escape(word)}", lowered)) for word in words)


def ranked_tags(
    quote: str,
    *,
    paragraph: str,
    title: str,
    vocabulary: Mapping[str, Sequence[str]],
    weights: Mapping[str, float] | None = None,
) -> list[str]:
    """The vocabulary's tags that the quote's words call for, best first.

    Score: the staff's weight for the tag times its hits (the quote's counting triple). Ties
    go to the vocabulary's order, which is the staff's.
    """
    scored = []
    for order, (tag, words) in enumerate(vocabulary.items()):
        in_quote = hits(words, quote)
        weight = (weights or {}).get(tag, 1.0)
        if not in_quote or weight <= 0:
            continue
        score = weight * (
            QUOTE_WEIGHT * in_quote
            + PARAGRAPH_WEIGHT * hits(words, paragraph)
            + TITLE_WEIGHT * hits(words, title)
        )
        scored.append((-score, order, tag))
    return [tag for _, _, tag in sorted(scored)]


def tags_for_post(
    ranked: Sequence[str], *, fixed: Sequence[str] = (), limit: int, variant: int = 0
) -> list[str]:
    """At most `limit` tags: the account's fixed tags last, the quote's best before them.

    A later variant (a recycled post) takes the quote's tags in another order or another
    choice, so a repeat reads differently without changing what it is about.
    """
    if limit <= 0:
        return []
    own = list(dict.fromkeys(fixed))[:limit]
    room = limit - len(own)
    pool = [t for t in dict.fromkeys(ranked) if t not in own]
    if pool and variant:  # rotate: the next tag leads, and a tag left out before comes in
        shift = variant % len(pool)
        pool = pool[shift:] + pool[:shift]
    return pool[:room] + own
