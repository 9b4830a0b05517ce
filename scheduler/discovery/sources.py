"""What a site publishes about its posts, read from text: robots.txt, sitemaps, RSS and Atom
feeds, the WordPress REST API and the pages themselves. Pure functions: bytes in, records out.

XML comes from the network, so it is parsed with defusedxml: a sitemap that declares entities
(a "billion laughs" bomb) or fetches external ones is refused instead of expanded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element

from bs4 import BeautifulSoup
from defusedxml import ElementTree as SafeTree
from defusedxml.common import DefusedXmlException

from scheduler.errors import SourceError


@dataclass(frozen=True)
class Listing:
    """A page a source names, with its title when the source gives one."""

    url: str
    title: str | None
    source: str  # "feed", "rest", "sitemap", "page"


@dataclass(frozen=True)
class Sitemap:
    sitemaps: tuple[str, ...]  # children of a sitemap index
    pages: tuple[Listing, ...]  # <url> entries of a urlset


@dataclass(frozen=True)
class Page:
    titles: tuple[str, ...]  # <title> and og:title, as the page has them
    site_name: str | None  # og:site_name
    canonical: str | None  # <link rel="canonical"> or og:url, absolute
    feeds: tuple[str, ...]  # <link rel="alternate" type="application/rss+xml|atom+xml">
    rest_root: str | None  # <link rel="https://api.w.org/">: WordPress says where its API is


def absolute(base: str, href: str) -> str | None:
    """``href`` made absolute and http(s), or None for what no client could fetch
    ("http://[::1", "mailto:…", "javascript:…"): the site's text is not trusted to be sane."""
    try:
        joined = urljoin(base, href.strip())
        parts = urlsplit(joined)
    except ValueError:
        return None
    return joined if parts.scheme in ("http", "https") and parts.netloc else None


def robots_sitemaps(text: str, base: str) -> list[str]:
    """The `Sitemap:` lines of a robots.txt, made absolute."""
    found = []
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name.strip().lower() == "sitemap" and value.strip():
            if link := absolute(base, value):
                found.append(link)
    return found


def _xml(data: bytes, what: str) -> Element:
    try:
        return SafeTree.fromstring(data)
    except DefusedXmlException as exc:
        raise SourceError(f"{what} declares XML entities; refused as unsafe") from exc
    except SafeTree.ParseError as exc:
        raise SourceError(f"{what} is not well-formed XML ({exc})") from exc


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(node: Element, name: str) -> str | None:
    for child in node:
        if _local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def parse_sitemap(data: bytes, url: str) -> Sitemap:
    """A sitemap index (its child sitemaps) or a urlset (its pages; a Google News title, if any)."""
    root = _xml(data, f"sitemap {url}")
    kind = _local(root.tag)
    if kind == "sitemapindex":
        children = [_child_text(s, "loc") for s in root if _local(s.tag) == "sitemap"]
        found = (absolute(url, c) for c in children if c)
        return Sitemap(tuple(link for link in found if link), ())
    if kind != "urlset":
        raise SourceError(f"sitemap {url} is neither a <sitemapindex> nor a <urlset>")
    pages = []
    for entry in root:
        loc = _child_text(entry, "loc") if _local(entry.tag) == "url" else None
        page_url = absolute(url, loc) if loc else None
        if page_url:
            # Only a Google News <news:title> names the page; an <image:title> names a picture.
            news = next((c for c in entry if _local(c.tag) == "news"), None)
            news_title = _child_text(news, "title") if news is not None else None
            pages.append(Listing(page_url, news_title, "sitemap"))
    return Sitemap((), tuple(pages))


def parse_feed(data: bytes, url: str) -> tuple[str | None, list[Listing]]:
    """An RSS 2.0 or Atom feed: the site's title and each item's title and link."""
    root = _xml(data, f"feed {url}")
    if _local(root.tag) == "rss":
        channel = next((c for c in root if _local(c.tag) == "channel"), None)
        if channel is None:
            raise SourceError(f"feed {url} has no <channel>")
        items = [
            Listing(link, _child_text(item, "title"), "feed")
            for item in channel
            if _local(item.tag) == "item"
            and (link := absolute(url, _child_text(item, "link") or ""))
        ]
        return _child_text(channel, "title"), items
    if _local(root.tag) == "feed":
        items = []
        for entry in root:
            if _local(entry.tag) != "entry":
                continue
            links = [e for e in entry if _local(e.tag) == "link" and e.get("href")]
            chosen = next((e for e in links if e.get("rel", "alternate") == "alternate"), None)
            if chosen is not None:
                href = absolute(url, chosen.get("href", ""))
                if href:
                    items.append(Listing(href, _child_text(entry, "title"), "feed"))
        return _child_text(root, "title"), items
    raise SourceError(f"feed {url} is neither RSS nor Atom")


def parse_rest_posts(data: bytes, url: str) -> list[Listing]:
    """The WordPress REST API's post list: `[{"link": …, "title": {"rendered": …}}, …]`."""
    try:
        posts = json.loads(data)
    except ValueError as exc:
        raise SourceError(f"the WordPress API at {url} did not answer JSON") from exc
    if not isinstance(posts, list):
        raise SourceError(f"the WordPress API at {url} did not answer a list of posts")
    found = []
    for post in posts:
        link = (
            absolute(url, post["link"])
            if isinstance(post, dict) and isinstance(post.get("link"), str)
            else None
        )
        if link is None:
            continue
        title = post.get("title")
        rendered = title.get("rendered") if isinstance(title, dict) else title
        found.append(Listing(link, rendered if isinstance(rendered, str) else None, "rest"))
    return found


def parse_page(text: str, url: str) -> Page:
    """A page's titles (<title>, og:title) and the links it offers to its site's feed and API."""
    soup = BeautifulSoup(text, "html.parser")

    def meta(name: str) -> str | None:
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        content = tag.get("content") if tag else None
        return content.strip() if isinstance(content, str) and content.strip() else None

    def links(rel: str, types: tuple[str, ...] = ()) -> list[str]:
        found = []
        for tag in soup.find_all("link", href=True):
            value: object = tag.get("rel") or []
            rels: list[str] = value if isinstance(value, list) else str(value).split()
            href = absolute(url, str(tag["href"]))
            if href and rel in rels and (not types or tag.get("type") in types):
                found.append(href)
        return found

    titles = []
    if soup.title and soup.title.string and soup.title.string.strip():
        titles.append(soup.title.string.strip())
    if og := meta("og:title"):
        titles.append(og)
    canonical = next(iter(links("canonical")), None) or meta("og:url")
    feed_types = ("application/rss+xml", "application/atom+xml")
    return Page(
        titles=tuple(titles),
        site_name=meta("og:site_name"),
        canonical=absolute(url, canonical) if canonical else None,
        feeds=tuple(links("alternate", feed_types)),
        rest_root=next(iter(links("https://api.w.org/")), None),
    )


def same_site(url: str, host: str) -> bool:
    """Whether a URL lives on the blog's host (www. or not): other hosts are never taken."""
    try:
        other = (urlsplit(url).netloc or "").lower()
    except ValueError:
        return False
    return _bare(other) == _bare(host.lower())


def _bare(netloc: str) -> str:
    return netloc[4:] if netloc.startswith("www.") else netloc
