"""Platform text: a post made for each platform from the author's own words, within each limit.

X gets the quote, the link and a few hashtags. LinkedIn and Facebook get the staff's opening
line (when written), the quote, its context from the same paragraph, the essay's title with
the link, and the hashtags. A `variant` (the n-th repeat of a snippet on one account) changes
the frame, never the quote, so a recycled post is never the same text twice.

Pure: a piece and a platform in; text out. When a post does not fit, hashtags go first, then
the frame's extras; the quote is never cut (the chooser offers shorter quotes instead).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from scheduler.errors import PostingError
from scheduler.essays.context import leading_sentences
from scheduler.essays.sentences import split_sentences
from scheduler.posting.hashtags import tags_for_post
from scheduler.posting.x_length import X_MAX_WEIGHTED_LENGTH, weighted_length

LINKEDIN_MAX_COMMENTARY = 3000
FACEBOOK_MAX_MESSAGE = 63206
PLATFORM_LIMITS = {
    "twitter": X_MAX_WEIGHTED_LENGTH,
    "linkedin": LINKEDIN_MAX_COMMENTARY,
    "facebook": FACEBOOK_MAX_MESSAGE,
}
DUTCH_OPEN, DUTCH_CLOSE = "\u201e", "\u201d"  # „ and ”: Dutch closes high, unlike German “
NESTED_OPEN, NESTED_CLOSE = "\u2018", "\u2019"  # ‘ and ’
_OPENING_MARKS = '"\u201c\u201d\u201e\u00ab'
_CLOSING_MARKS = '"\u201c\u201d\u00bb'
_DOUBLE_SPAN = re.compile(r"[\"„“«]([^\"„“”«»]*)[\"“”»]")
# The context around a quote shown with both sides: at most this much on each side.
AROUND_SIDE_CHARS = 300
OMITTED = "[…]"  # where the quote stood, between the context before and after it
VARIANTS = 4  # frames that differ from each other; later repeats cycle through them again


@dataclass(frozen=True)
class Rendered:
    platform: str
    text: str
    length: int  # weighted on X, characters elsewhere
    limit: int
    hashtags: tuple[str, ...]
    has_context: bool = False

    @property
    def fits(self) -> bool:
        return self.length <= self.limit


@dataclass(frozen=True)
class Piece:
    """What a post is made of; the account decides the layout."""

    quote: str
    essay_title: str
    link: str | None
    hashtags: Sequence[str] = ()  # the quote's tags, best first
    attribution: str | None = None  # a third party's name; never the author's own words
    intro: str | None = None  # the staff's opening line for LinkedIn and Facebook
    context_before: str = ""  # whole sentences before the quote, same paragraph, verbatim
    context_after: str = ""  # whole sentences after it
    author: str | None = None  # named after the quote when a page (not the author) posts
    fixed_hashtags: Sequence[str] = ()  # the account's own tags, on every post


def in_dutch_quotes(quote: str) -> str:
    """„quote”, normalising whitespace; double marks inside become the nested ‘…’.

    A quote that already carries an outer pair of double marks gets them replaced, not
    doubled. The one function for posts and cards: followers see the same marks on both.
    """
    text = " ".join(quote.split())
    if len(text) >= 2 and text[0] in _OPENING_MARKS and text[-1] in _CLOSING_MARKS:
        inner = text[1:-1].strip()
        if not any(mark in inner for mark in _OPENING_MARKS + _CLOSING_MARKS):
            text = inner
    if not text:
        raise PostingError("the quote is empty")
    text = _DOUBLE_SPAN.sub(rf"{NESTED_OPEN}\1{NESTED_CLOSE}", text)
    return f"{DUTCH_OPEN}{text}{DUTCH_CLOSE}"


def dutch_marks(text: str) -> str:
    """Running text with its double-quoted spans in Dutch marks: „ruimte“ becomes „ruimte”."""
    return _DOUBLE_SPAN.sub(rf"{DUTCH_OPEN}\1{DUTCH_CLOSE}", text)


def alt_text(quote: str, author: str | None, attribution: str | None = None) -> str:
    """What a screen reader says for a quote card: the quote and whose words they are."""
    who = attribution or author
    return f"{in_dutch_quotes(quote)} — {who}" if who else in_dutch_quotes(quote)


def length_on(platform: str, text: str) -> int:
    return weighted_length(text) if platform == "twitter" else len(text)


def render(
    platform: str, piece: Piece, *, max_hashtags: int, own_voice: bool = True, variant: int = 0
) -> Rendered:
    """The full post for one platform in frame `variant`; what does not fit is dropped in
    order (hashtags, then the frame's extras), never the quote."""
    limit = PLATFORM_LIMITS[platform]
    tags = [
        f"#{t.lstrip('#')}"
        for t in tags_for_post(
            [t.lstrip("#") for t in piece.hashtags],
            fixed=[t.lstrip("#") for t in piece.fixed_hashtags],
            limit=max_hashtags,
            variant=variant,
        )
    ]
    frame = _Frame(piece, own_voice, variant % VARIANTS)
    for extras in frame.extras_to_try():
        for count in range(len(tags), -1, -1):
            text = frame.text(platform, tags[:count], extras)
            length = length_on(platform, text)
            if length <= limit:
                return _rendered(platform, text, length, tags[:count], extras)
    return _rendered(platform, text, length, [], extras)  # too long even bare: not cut


def _rendered(
    platform: str, text: str, length: int, tags: Sequence[str], extras: _Extras
) -> Rendered:
    return Rendered(
        platform,
        text,
        length,
        PLATFORM_LIMITS[platform],
        tuple(t.lstrip("#") for t in tags),
        has_context=bool(extras.context) and platform != "twitter",
    )


@dataclass(frozen=True)
class _Extras:
    intro: str = ""
    context: str = ""
    lead: str = ""  # X: a few words before the link


class _Frame:
    """One variant's layout; variants differ in context, intro, wording and tag order."""

    def __init__(self, piece: Piece, own_voice: bool, variant: int) -> None:
        self.piece, self.own_voice, self.variant = piece, own_voice, variant

    def extras_to_try(self) -> list[_Extras]:
        """The richest frame first, then leaner ones for when the post would not fit."""
        piece = self.piece
        intro = "" if self.variant == 3 else (piece.intro or "").strip()
        context = self._context()
        lead = _X_LEADS[self.variant].format(blog=self._blog())
        tried = [
            _Extras(intro, context, lead),
            _Extras(intro, self._shorter(context), lead),
            _Extras(intro, "", lead),
            _Extras("", "", lead),
            _Extras("", "", ""),
        ]
        return list(dict.fromkeys(tried))

    def text(self, platform: str, tags: Sequence[str], extras: _Extras) -> str:
        hashtags = " ".join(tags)
        if platform == "twitter":
            link = f"{extras.lead}{self.piece.link}" if self.piece.link else ""
            lines = [hashtags, link] if self.variant % 2 == 0 else [link, hashtags]
            parts = [self._quote_line(), "\n".join(p for p in lines if p)]
        else:
            parts = [extras.intro, self._quote_line(), extras.context, self._reference(), hashtags]
        return "\n\n".join(p for p in parts if p)

    def _quote_line(self) -> str:
        piece = self.piece
        line = in_dutch_quotes(piece.quote)
        if piece.attribution:
            return f"{line} — {piece.attribution}"
        if not self.own_voice and piece.author:
            return f"{line} — {piece.author}"  # a page quotes its author by name
        return line

    def _blog(self) -> str:
        return "mijn blog" if self.own_voice else "het blog"

    def _reference(self) -> str:
        """The essay's title with the link, worded per variant; no title when it is the quote."""
        piece = self.piece
        title = "" if same_words(piece.quote, piece.essay_title) else piece.essay_title
        named = f" {in_dutch_quotes(title)}" if title else ""
        wording = _REFERENCES[self.variant].format(blog=self._blog(), title=named)
        return f"{wording}:\n{piece.link}" if piece.link else f"{wording}."

    def _context(self) -> str:
        """Variant 0 reads on after the quote, 1 leads up to it, 2 shows both sides, 3 one
        sentence; a side that is missing gives way to the other."""
        before, after = self.piece.context_before.strip(), self.piece.context_after.strip()
        if self.variant == 1:
            chosen = before or after
        elif self.variant == 2 and before and after:
            chosen = (
                f"{_last(before, AROUND_SIDE_CHARS)} {OMITTED} {_first(after, AROUND_SIDE_CHARS)}"
            )
        elif self.variant == 3:
            chosen = _first(after, 0) if after else _last(before, 0)
        else:
            chosen = after or before
        return dutch_marks(chosen)

    def _shorter(self, context: str) -> str:
        return _first(context, 0) if context else ""


# How the essay is named under the post, per variant ({title} starts with a space).
_REFERENCES = (
    "Uit {blog}{title}",
    "Lees het hele blog{title}",
    "Meer hierover in {blog}{title}",
    "Het hele verhaal staat in {blog}{title}",
)
_X_LEADS = ("", "Uit {blog}: ", "Lees verder: ", "Het hele blog: ")


def _first(text: str, limit: int) -> str:
    """The leading whole sentences within `limit` characters; at least the first one."""
    return " ".join(leading_sentences(split_sentences(text), limit, at_least_one=True))


def _last(text: str, limit: int) -> str:
    """The trailing whole sentences within `limit` characters; at least the last one."""
    return " ".join(
        reversed(leading_sentences(list(reversed(split_sentences(text))), limit, at_least_one=True))
    )


def same_words(one: str, other: str) -> bool:
    """Whether two texts say the same words, whatever their case, marks and punctuation."""
    return _words(one) == _words(other)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", text).casefold())
