"""Walk a blog for the pages of given essays: robots.txt and its sitemaps, the feed, the
WordPress REST search, and the pages' own titles for what no source names.

The cheap, titled sources go first; reading page titles one by one comes last and stops as
soon as every essay has its page or the request cap is spent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

from scheduler.discovery.fetch import Answer, Fetcher
from scheduler.discovery.sources import (
    Listing,
    Page,
    parse_feed,
    parse_page,
    parse_rest_posts,
    parse_sitemap,
    robots_sitemaps,
    same_site,
)
from scheduler.discovery.titles import host_names, normalise_title, title_variants
from scheduler.errors import BlogUnreachable, BudgetSpent, FetchError, SourceError

FALLBACK_SITEMAPS = ("/sitemap_index.xml", "/wp-sitemap.xml", "/sitemap.xml")
FALLBACK_FEED = "/feed/"
FALLBACK_REST_ROOT = "/wp-json/"
MAX_SITEMAPS = 20
# Sitemaps of archives, not posts: their pages carry a tag's or an author's name as title.
_ARCHIVE_SITEMAP = re.compile(r"(category|tag|author|attachment|format|taxonom)", re.I)
_POST_SITEMAP = re.compile(r"post", re.I)


@dataclass(frozen=True)
class Essay:
    """An essay to look for: its slug and the title its page should carry."""

    slug: str
    title: str


@dataclass(frozen=True)
class Found(Essay):
    """An essay with its own page: the one page whose title matched, and the source that
    named it."""

    url: str
    source: str  # feed | rest | sitemap | page
    page_title: str


@dataclass(frozen=True)
class Missed(Essay):
    """An essay without a page: none carried its title, or more than one did."""

    reason: str


@dataclass
class Discovery:
    """What one walk of the blog found, essay by essay, and what it cost in requests."""

    found: list[Found] = field(default_factory=list)
    missed: list[Missed] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # sources that failed, and why
    requests: int = 0


@dataclass
class _Walk:
    """What one run has learnt so far."""

    essays: Sequence[Essay]
    fetcher: Fetcher
    host: str
    site_names: set[str]
    matches: dict[str, dict[str, Found]] = field(default_factory=dict)  # slug → page key → hit
    titled: set[str] = field(default_factory=set)  # page keys whose title we know
    untitled: list[str] = field(default_factory=list)  # sitemap pages, in order
    notes: list[str] = field(default_factory=list)
    answered: int = 0
    https_listed: set[str] = field(default_factory=set)
    last_error: FetchError | None = None
    no_tls: set[str] = field(default_factory=set)  # hosts whose https failed: read over http

    def fetch(self, url: str, what: str) -> Answer | None:
        """One GET; a failure becomes a note. An https URL of the blog's own host that cannot
        be reached over TLS is read over http instead: the site named it, so it is its page."""
        parts = urlsplit(url)
        if parts.scheme == "https" and parts.netloc.lower() in self.no_tls:
            url = urlunsplit(parts._replace(scheme="http"))
        try:
            answer = self.fetcher.get(url)
        except BudgetSpent:
            raise
        except FetchError as exc:
            if exc.status is None and parts.scheme == "https" and same_site(url, self.host):
                self.no_tls.add(parts.netloc.lower())
                return self.fetch(urlunsplit(parts._replace(scheme="http")), what)
            self.notes.append(f"{what}: {exc}")
            self.last_error = exc
            return None
        self.answered += 1
        return answer

    def unmatched(self) -> list[Essay]:
        return [e for e in self.essays if not self.matches.get(e.slug)]

    def offer(self, listing: Listing, title: str, site_names: Iterable[str] = ()) -> None:
        """Take a titled page for every essay whose title it carries exactly."""
        if not same_site(listing.url, self.host):
            return
        if urlsplit(listing.url).scheme == "https":
            self.https_listed.add(urlsplit(listing.url).netloc.lower())
        self.titled.add(_page_key(listing.url))
        variants = title_variants(title, self.site_names | set(site_names))
        for essay in self.essays:
            if normalise_title(essay.title) in variants:
                hit = Found(essay.slug, essay.title, listing.url, listing.source, title)
                self.matches.setdefault(essay.slug, {}).setdefault(_page_key(listing.url), hit)


def discover(blog_url: str, essays: Sequence[Essay], fetcher: Fetcher) -> Discovery:
    """Find each essay's own page on the site of ``blog_url``; never raises for one bad source."""
    parts = urlsplit(blog_url)
    origin = urlunsplit((parts.scheme, parts.netloc, "/", "", ""))
    walk = _Walk(essays, fetcher, parts.netloc.lower(), host_names(parts.netloc))
    try:
        if parts.scheme == "http":
            _probe_https(walk, parts.netloc)
        page = _read_blog_page(walk, blog_url)
        if page is None and walk.last_error is not None and walk.last_error.status is None:
            # Refused, unknown host, timed out: every other request would fail the same way.
            raise BlogUnreachable(f"the blog did not answer: {walk.last_error}")
        _read_sitemaps(walk, origin)
        _read_feeds(walk, origin, page.feeds if page else ())
        if walk.unmatched():
            _search_rest(
                walk, (page.rest_root if page else None) or urljoin(origin, FALLBACK_REST_ROOT)
            )
        if walk.unmatched():
            _read_page_titles(walk)
    except BudgetSpent as exc:
        walk.notes.append(f"stopped before {exc.url}: the cap of {fetcher.max_requests} requests")
    if walk.answered == 0:
        raise BlogUnreachable(
            f"the blog at {blog_url} answered no request", detail="; ".join(walk.notes)
        )
    return _result(walk, fetcher)


def _probe_https(walk: _Walk, netloc: str) -> None:
    """Does the site serve https too? One cheap look; any answer over TLS, even a 404, says yes."""
    try:
        walk.fetcher.get(urlunsplit(("https", netloc, "/robots.txt", "", "")))
        walk.answered += 1
    except BudgetSpent:
        raise
    except FetchError:
        pass  # the Fetcher has noted the host if TLS worked; a refusal just means http only


def _read_blog_page(walk: _Walk, blog_url: str) -> Page | None:
    answer = walk.fetch(blog_url, "the blog page")
    if answer is None:
        return None
    page = parse_page(answer.text(), answer.url)
    if page.site_name:
        walk.site_names.add(page.site_name)
    return page


def _read_sitemaps(walk: _Walk, origin: str) -> None:
    robots = walk.fetch(urljoin(origin, "/robots.txt"), "robots.txt")
    queue = robots_sitemaps(robots.text(), robots.url) if robots else []
    if not queue:  # no robots.txt, or it names none: try the usual WordPress places
        for path in FALLBACK_SITEMAPS:
            if _read_sitemap(walk, urljoin(origin, path), queue):
                break
        return
    seen: set[str] = set()
    while queue and len(seen) < MAX_SITEMAPS:
        url = queue.pop(0)
        if url not in seen:
            seen.add(url)
            _read_sitemap(walk, url, queue)


def _read_sitemap(walk: _Walk, url: str, queue: list[str]) -> bool:
    answer = walk.fetch(url, "sitemap")
    if answer is None:
        return False
    try:
        sitemap = parse_sitemap(answer.body, answer.url)
    except SourceError as exc:
        walk.notes.append(str(exc))
        return False
    children = [c for c in sitemap.sitemaps if not _ARCHIVE_SITEMAP.search(urlsplit(c).path)]
    # Post sitemaps first: that is where essays live, and the request cap may not reach the rest.
    queue.extend(sorted(children, key=lambda c: not _POST_SITEMAP.search(urlsplit(c).path)))
    for listing in sitemap.pages:
        if listing.title:
            walk.offer(listing, listing.title)
        elif same_site(listing.url, walk.host):
            if urlsplit(listing.url).scheme == "https":
                walk.https_listed.add(urlsplit(listing.url).netloc.lower())
            walk.untitled.append(listing.url)
    return True


def _read_feeds(walk: _Walk, origin: str, advertised: Sequence[str]) -> None:
    for url in list(advertised)[:2] or [urljoin(origin, FALLBACK_FEED)]:
        answer = walk.fetch(url, "feed")
        if answer is None:
            continue
        try:
            site_title, items = parse_feed(answer.body, answer.url)
        except SourceError as exc:
            walk.notes.append(str(exc))
            continue
        if site_title:
            walk.site_names.add(site_title)
        for item in items:
            if item.title:
                walk.offer(item, item.title)


def _search_rest(walk: _Walk, rest_root: str) -> None:
    endpoint = urljoin(rest_root if rest_root.endswith("/") else rest_root + "/", "wp/v2/posts")
    for essay in walk.unmatched():
        params = {"search": essay.title, "_fields": "link,title", "per_page": "20"}
        try:
            answer = walk.fetcher.get(endpoint, params=params)
        except BudgetSpent:
            raise
        except FetchError as exc:
            # A site without WordPress answers 404 for every search: say so once, not per essay.
            walk.notes.append(f"WordPress API: {exc}")
            return
        walk.answered += 1
        try:
            posts = parse_rest_posts(answer.body, answer.url)
        except SourceError as exc:
            walk.notes.append(str(exc))
            return
        for post in posts:
            if post.title:
                walk.offer(post, post.title)


def _read_page_titles(walk: _Walk) -> None:
    for url in walk.untitled:
        if not walk.unmatched():
            return
        if _page_key(url) in walk.titled:
            continue
        answer = walk.fetch(url, "page")
        walk.titled.add(_page_key(url))
        if answer is None:
            continue
        page = parse_page(answer.text(), answer.url)
        if page.canonical and same_site(page.canonical, walk.host):
            if urlsplit(page.canonical).scheme == "https":  # the page names its https self
                walk.https_listed.add(urlsplit(page.canonical).netloc.lower())
        names = {page.site_name} if page.site_name else set()
        for title in page.titles:
            walk.offer(Listing(url, title, "page"), title, names)


def _result(walk: _Walk, fetcher: Fetcher) -> Discovery:
    https_hosts = fetcher.https_hosts | walk.https_listed
    result = Discovery(notes=walk.notes, requests=fetcher.requests_made)
    for essay in walk.essays:
        hits = list(walk.matches.get(essay.slug, {}).values())
        if len(hits) == 1:
            hit = hits[0]
            result.found.append(
                Found(
                    hit.slug,
                    hit.title,
                    prefer_https(hit.url, https_hosts),
                    hit.source,
                    hit.page_title,
                )
            )
        elif hits:
            urls = ", ".join(sorted(h.url for h in hits))
            result.missed.append(
                Missed(essay.slug, essay.title, f"{len(hits)} pages carry this title: {urls}")
            )
        else:
            result.missed.append(Missed(essay.slug, essay.title, "no page with this title"))
    return result


def prefer_https(url: str, https_hosts: set[str]) -> str:
    """The https form of an http URL whose host is known to serve https."""
    parts = urlsplit(url)
    if parts.scheme == "http" and parts.netloc.lower() in https_hosts:
        return urlunsplit(parts._replace(scheme="https"))
    return url


def _page_key(url: str) -> str:
    """One page whatever its scheme or trailing slash: http://x/a/ and https://x/a are one."""
    parts = urlsplit(url)
    return f"{parts.netloc.lower()}{parts.path.rstrip('/')}?{parts.query}"
