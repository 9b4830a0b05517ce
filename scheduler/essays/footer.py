"""Read a document's footer: blog, newsletter, contact form, phone and social accounts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qs, urlsplit

from .model import AccountKind, Footer, FooterAccount

URL = re.compile(r"https?://[^\s<>\"')\]]+|www\.[^\s<>\"')\]]+")
# Dutch numbers as people print them: "0341-353 466", "020 123 4567", "+31 6 12345678".
PHONE = re.compile(
    r"(?<![\w/])(?:\+31[\s-]?|0)\d{1,3}[\s-]?\d{2,4}[\s-]?\d{2,4}(?:[\s-]?\d{2,4})?\b"
)

_TWITTER_HOSTS = frozenset({"twitter.com", "x.com"})
# Path segments on these platforms that are site sections, not accounts.
_NOT_HANDLES = frozenset({"share", "intent", "home", "hashtag", "sharer", "sharer.php", "search"})
_BLOG_WORDS = ("tijdlijn", "timeline", "blog", "inspiratie")
_NEWSLETTER_WORDS = ("nieuwsbrief", "newsletter", "mail", "subscribe", "aanmelden")
_CONTACT_WORDS = ("contactformulier", "contact-form", "contactform", "contact")


def parse_footer(lines: Iterable[str]) -> Footer:
    """Find the footer's links and phone number in its lines, wherever they stand."""
    text = "\n".join(lines)
    urls = [url.rstrip(".,;") for url in URL.findall(text)]
    accounts = tuple(a for a in map(classify_account_url, urls) if a is not None)
    site_urls = [url for url in urls if classify_account_url(url) is None]
    newsletter = _first_with(site_urls, _NEWSLETTER_WORDS)
    contact = _first_with([u for u in site_urls if u != newsletter], _CONTACT_WORDS)
    blog = _first_with([u for u in site_urls if u not in (newsletter, contact)], _BLOG_WORDS)
    phone = PHONE.search(text)
    return Footer(
        blog_url=blog,
        newsletter_url=newsletter,
        contact_url=contact,
        phone=phone.group(0) if phone else None,
        accounts=accounts,
    )


def classify_account_url(url: str) -> FooterAccount | None:
    """A Twitter/X, LinkedIn or Facebook account URL as an account; anything else ``None``."""
    parts = urlsplit(url if "://" in url else "https://" + url)
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    segments = [s for s in parts.path.split("/") if s]
    if host in _TWITTER_HOSTS:
        return _account("twitter", segments[:1], url, "person")
    if host == "linkedin.com" or host.endswith(".linkedin.com"):
        return _linkedin(segments, url)
    if host in ("facebook.com", "fb.com"):
        return _facebook(segments, parts.query, url)
    return None


def _linkedin(segments: list[str], url: str) -> FooterAccount | None:
    if len(segments) >= 2 and segments[0] == "in":
        return _account("linkedin", segments[1:2], url, "person")
    if len(segments) >= 2 and segments[0] in ("company", "school", "showcase"):
        return _account("linkedin", segments[1:2], url, "page")
    return None


def _facebook(segments: list[str], query: str, url: str) -> FooterAccount | None:
    if segments[:1] == ["profile.php"]:
        return _account("facebook", parse_qs(query).get("id", [])[:1], url, "person")
    if segments[:1] == ["people"] and len(segments) >= 3:
        return _account("facebook", segments[2:3], url, "person")
    if segments[:1] == ["pages"] and len(segments) >= 2:
        return _account("facebook", segments[-1:], url, "page")
    # A vanity name could be either; authors link their public page far more often.
    return _account("facebook", segments[:1], url, "page")


def _account(platform, handle: list[str], url: str, kind: AccountKind) -> FooterAccount | None:
    if not handle or handle[0].lower() in _NOT_HANDLES:
        return None
    return FooterAccount(platform=platform, handle=handle[0].lstrip("@"), url=url, kind=kind)


def _first_with(urls: list[str], words: tuple[str, ...]) -> str | None:
    for word in words:
        for url in urls:
            if word in url.lower():
                return url
    return None
