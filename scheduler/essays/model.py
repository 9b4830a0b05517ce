"""Records for what the essay readers find. Pure data; no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from scheduler.model.platforms import Platform

EssayKind = Literal["essay", "foreword"]
AccountKind = Literal["person", "page"]


@dataclass(frozen=True)
class Essay:
    slug: str  # stable, url-safe, derived from the title: "kwaliteit-van-contact"
    title: str  # the full title, wrapped title lines rejoined
    kind: EssayKind
    paragraphs: tuple[str, ...]  # repaired text: lines joined, hyphenation resolved, no furniture
    source: str  # the file name it came from
    subtitle: str | None = None
    url: str | None = None  # from front matter, when the source names one
    date: str | None = None  # ISO date from front matter, when known
    # (paragraph index, name) for paragraphs that quote someone else ("Bron: Paul Ferrini").
    cited: tuple[tuple[int, str], ...] = ()
    # Paragraphs that are never a quote alone: list items (one item of a list is half a
    # thought) and code.
    apart: tuple[int, ...] = ()


@dataclass(frozen=True)
class FooterAccount:
    platform: Platform
    handle: str  # "BaltusAnnemarie", "annemariebaltus", "AnnemarieBaltusInspira"
    url: str
    kind: AccountKind  # LinkedIn /in/ is a person; a Facebook vanity URL is taken as a page


@dataclass(frozen=True)
class Footer:
    blog_url: str | None = None  # the blog timeline
    newsletter_url: str | None = None
    contact_url: str | None = None
    phone: str | None = None
    accounts: tuple[FooterAccount, ...] = ()


@dataclass(frozen=True)
class Document:
    source: str
    essays: tuple[Essay, ...]
    footer: Footer = field(default_factory=Footer)
    author: str | None = None  # from the essays' signature ("~ Annemarie Baltus") or front matter


@dataclass(frozen=True)
class Quote:
    """A snippet candidate: the author's words, verbatim after line-joining repairs."""

    text: str
    paragraph_index: int
    score: float
    reasons: tuple[str, ...] = ()  # every scoring rule that fired, e.g. "+aphorism", "-narrative"
    attribution: str | None = None  # a third party's name, when the words are not the author's
    why: str = ""  # the parts of the score and any trim, as staff read it
