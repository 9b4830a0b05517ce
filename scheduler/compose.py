"""Platform text: the quote in Dutch quote marks, the link, the hashtags, within each limit.

Pure: a snippet, an account and a link in; text out. When a post does not fit, hashtags go
first; the quote is never cut (the chooser offers shorter quotes instead).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scheduler.twitter_text import X_MAX_WEIGHTED_LENGTH, weighted_length

LINKEDIN_MAX_COMMENTARY = 3000
FACEBOOK_MAX_MESSAGE = 63206
PLATFORM_LIMITS = {
    "twitter": X_MAX_WEIGHTED_LENGTH,
    "linkedin": LINKEDIN_MAX_COMMENTARY,
    "facebook": FACEBOOK_MAX_MESSAGE,
}
DUTCH_OPEN, DUTCH_CLOSE = "„", "“"
NESTED_OPEN, NESTED_CLOSE = "‘", "’"
_OPENING_MARKS = "„“\"‘'"
_CLOSING_MARKS = "”“\"’'"


@dataclass(frozen=True)
class Rendered:
    platform: str
    text: str
    length: int  # weighted on X, characters elsewhere
    limit: int
    hashtags: tuple[str, ...]

    @property
    def fits(self) -> bool:
        return self.length <= self.limit


@dataclass(frozen=True)
class Piece:
    """What a post is made of; the account decides the layout."""

    quote: str
    essay_title: str
    link: str | None
    hashtags: Sequence[str] = ()
    attribution: str | None = None  # a third party's name; never the author's own words


def in_dutch_quotes(quote: str) -> str:
    """„quote“, with any double marks inside turned to the nested ‘…’ form."""
    text = quote.strip()
    if text[:1] in _OPENING_MARKS and text[-1:] in _CLOSING_MARKS and _balanced_outer(text):
        text = text[1:-1]
    text = re.sub(r"[„“\"]([^„“”\"]*)[”“\"]", rf"{NESTED_OPEN}\1{NESTED_CLOSE}", text)
    return f"{DUTCH_OPEN}{text}{DUTCH_CLOSE}"


def _balanced_outer(text: str) -> bool:
    # Only strip outer marks that enclose the whole text, not '“a” en “b”'.
    inner = text[1:-1]
    return not any(mark in inner for mark in '„“”"')


def length_on(platform: str, text: str) -> int:
    return weighted_length(text) if platform == "twitter" else len(text)


# A snippet posted again on an account gets another frame, because X and LinkedIn refuse a
# text the account posted before. The frame changes, never the quote. Variant n uses entry
# n - 1 (cycling); {blog} is "mijn blog" or "het blog".
REPEAT_LEAD_INS = (
    "Uit {blog}:",
    "Nog eens, uit {blog}:",
    "Om over na te denken:",
    "Herlezen in {blog}:",
    "Nog altijd actueel:",
)
REPEAT_SOURCES = (
    "Eerder verschenen in {blog}",
    "Lees het hele stuk in {blog}",
    "Meer hierover in {blog}",
    "Nog eens, uit {blog}",
    "Herlezen in {blog}",
)


def render(
    platform: str,
    piece: Piece,
    *,
    max_hashtags: int,
    own_voice: bool = True,
    variant: int = 0,
) -> Rendered:
    """The full post for one platform, dropping hashtags until it fits.

    `variant` is how many times the account posted this snippet before: 0 is the first post,
    and every later one gets a different frame around the same quote."""
    tags = [f"#{tag.lstrip('#')}" for tag in piece.hashtags][:max_hashtags]
    while True:
        text = _layout(platform, piece, tags, own_voice, variant)
        length = length_on(platform, text)
        if length <= PLATFORM_LIMITS[platform] or not tags:
            return Rendered(
                platform,
                text,
                length,
                PLATFORM_LIMITS[platform],
                tuple(t.lstrip("#") for t in tags),
            )
        tags = tags[:-1]


def _quote_line(piece: Piece) -> str:
    line = in_dutch_quotes(piece.quote)
    return f"{line} — {piece.attribution}" if piece.attribution else line


def _layout(
    platform: str, piece: Piece, tags: Sequence[str], own_voice: bool, variant: int = 0
) -> str:
    hashtags = " ".join(tags)
    blog = "mijn blog" if own_voice else "het blog"
    if platform == "twitter":
        lead_in = _repeat_frame(REPEAT_LEAD_INS, variant, blog)
        parts = [lead_in, _quote_line(piece), "\n".join(p for p in (hashtags, piece.link) if p)]
    else:
        frame = _repeat_frame(REPEAT_SOURCES, variant, blog) or f"Uit {blog}"
        source = f"{frame} {in_dutch_quotes(piece.essay_title)}"
        reference = f"{source}:\n{piece.link}" if piece.link else f"{source}."
        parts = [_quote_line(piece), reference, hashtags]
    return "\n\n".join(p for p in parts if p)


def _repeat_frame(frames: Sequence[str], variant: int, blog: str) -> str:
    return frames[(variant - 1) % len(frames)].format(blog=blog) if variant > 0 else ""


def choose_hashtags(
    text: str, vocabulary: Mapping[str, Sequence[str]], limit: int = 3
) -> list[str]:
    """The vocabulary's tags whose words occur most in the text (an essay), most frequent first."""
    lowered = text.lower()
    counts = []
    for tag, words in vocabulary.items():
        hits = sum(len(re.findall(rf"\b{re.escape(word)}", lowered)) for word in words)
        if hits:
            counts.append((-hits, tag))
    return [tag for _, tag in sorted(counts)[:limit]]
