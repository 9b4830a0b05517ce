"""A fake WordPress blog on 127.0.0.1 carrying the bundled essays, for `links discover`.

It serves what a WordPress site with Yoast SEO serves: robots.txt naming a sitemap index,
post/page/category sitemaps, an RSS feed of the latest posts, the REST API's post search
(`/wp-json/wp/v2/posts?search=`, every word must occur, as WordPress does it), and post pages
with `<title>Titel &#8211; Inspira</title>`, og:title and og:site_name. Slugs are unlike the
titles, a few titles differ in case, accents or punctuation, and decoy posts carry titles
close to an essay's.

https cannot be served honestly without a certificate, so "the site serves https" is modelled
the way a site declares it: with ``https_links`` its sitemaps, API answers and canonical links
name https URLs of the same host and port, while the feed still says http (as a cached feed
does); requests themselves stay plain http.

By hand: ``python -m tests.fakes.blog --port 8780 [--https-links] [--without feed,rest]``,
then ``scheduler links discover --blog http://127.0.0.1:8780/inspiratie/inspiratie-tijdlijn/``.
"""

from __future__ import annotations

import argparse
import html
import json
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

SITE_NAME = "Inspira"
TIMELINE = "/inspiratie/inspiratie-tijdlijn/"
SOURCES = frozenset({"robots", "sitemap", "feed", "rest", "pages"})
FEED_SIZE = 4  # WordPress's feed holds the latest posts only (10 by default; fewer here)


@dataclass(frozen=True)
class BlogPost:
    path: str  # the permalink path: never derived from the title
    title: str  # as WordPress stores it
    html_title: str | None = None  # <title> when it is not "title – site" (a theme's own)
    og_title: str | None = None  # og:title when it differs from the title
    body: str = ""


# The eight bundled essays, as the blog might carry them, plus decoys and other posts.
POSTS: tuple[BlogPost, ...] = (
    BlogPost("/2019/03/decoy-zachtheid/", "De kracht van zachtheid", body="Over zacht zijn."),
    BlogPost("/2019/02/contact-maken/", "Kwaliteit van contact", body="Contact en kwaliteit."),
    BlogPost(
        "/2019/01/blog-17/",
        "Kwetsbaarheid is een Senior Capaciteit",
        html_title="Inspira – inspiratie voor leiders",
        og_title="Kwetsbaarheid is een Senior Capaciteit",
        body="Kwetsbaarheid.",
    ),
    BlogPost("/2018/12/focus-op-nu/", "De nieuwe leider richt zijn kracht op het NU"),
    BlogPost("/2018/11/bewust-leiden/", "Nieuw leiderschap vraagt een verhoogd bewustzijn!"),
    BlogPost(
        "/2018/10/machtscultuur/",
        "De kracht van het NU in een op macht georienteerde organisatie",
        og_title="De kracht van het NU in een op macht georiënteerde organisatie",
    ),
    BlogPost("/2018/09/gelijk/", "Gelijkwaardigheid"),
    BlogPost("/2018/09/gelijk-deel-2/", "Gelijkwaardigheid in teams", body="Decoy."),
    BlogPost("/2018/08/zacht/", "De kracht van zacht"),
    BlogPost("/2018/07/eerlijkheid/", "De hoogste baas moet eerlijk zijn"),
    BlogPost("/2018/06/de-baas/", "De hoogste baas moet eerlijk zijn, of niet?", body="Decoy."),
    BlogPost("/2018/05/zomer/", "Zomerse gedachten over leiderschap"),
)
PAGES: tuple[BlogPost, ...] = (BlogPost("/over-ons/", "Over ons"), BlogPost(TIMELINE, "Inspiratie"))


@dataclass
class BlogState:
    base: str = ""  # http://127.0.0.1:PORT, set when the server starts
    posts: tuple[BlogPost, ...] = POSTS
    without: set[str] = field(default_factory=set)  # sources switched off: answer 404
    https_links: bool = False
    broken: set[str] = field(default_factory=set)  # sources answering malformed XML/JSON
    requests: list[str] = field(default_factory=list)
    endless: bool = False  # the post sitemap streams without end and without Content-Length

    def link(self, path: str, *, in_feed: bool = False) -> str:
        if self.https_links and not in_feed:
            return "https://" + self.base.removeprefix("http://") + path
        return self.base + path


class BlogHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        state = self.server.state
        state.requests.append(self.path)
        parts = urlsplit(self.path)
        if state.endless and parts.path == "/post-sitemap.xml":
            self._stream_endlessly()
            return
        status, content_type, body = route(state, parts.path, parse_qs(parts.query))
        payload = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _stream_endlessly(self) -> None:
        """A sitemap that never ends: only a client that caps what it reads gets past it."""
        self.send_response(200)
        self.send_header("Content-Type", "application/xml; charset=UTF-8")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        entry = b"<url><loc>http://127.0.0.1/endless/</loc></url>" * 1000
        try:
            self.wfile.write(b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
            for _ in range(2000):  # about 100 MB, never reached by a capped client
                self.wfile.write(entry)
        except (BrokenPipeError, ConnectionResetError):
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: BlogState


def route(state: BlogState, path: str, query: dict[str, list[str]]) -> tuple[int, str, str]:
    xml = "application/xml; charset=UTF-8"
    if path == "/robots.txt" and "robots" not in state.without:
        sitemap = (
            f"\nSitemap: {state.link('/sitemap_index.xml')}"
            if "sitemap" not in state.without
            else ""
        )
        return 200, "text/plain", f"User-agent: *\nDisallow: /wp-admin/{sitemap}\n"
    if "sitemap" in path and path.endswith(".xml") and "sitemap" not in state.without:
        if "sitemap" in state.broken:
            return 200, xml, "<urlset><url><loc>unclosed"
        return _sitemap(state, path)
    if path == "/feed/" and "feed" not in state.without:
        return 200, "application/rss+xml; charset=UTF-8", _feed(state)
    if path == "/wp-json/wp/v2/posts" and "rest" not in state.without:
        return 200, "application/json; charset=UTF-8", _rest_search(state, query)
    if path.startswith("/wp-json/"):
        return (
            404,
            "application/json; charset=UTF-8",
            json.dumps(
                {
                    "code": "rest_no_route",
                    "message": "No route was found matching the URL and request method.",
                    "data": {"status": 404},
                }
            ),
        )
    page = next((p for p in (*state.posts, *PAGES) if p.path == path), None)
    if page is not None and "pages" not in state.without:
        return 200, "text/html; charset=UTF-8", _page(state, page)
    return _not_found()


def _not_found() -> tuple[int, str, str]:
    return (
        404,
        "text/html; charset=UTF-8",
        f"<html><head><title>Pagina niet gevonden &#8211; {SITE_NAME}</title></head></html>",
    )


def _sitemap(state: BlogState, path: str) -> tuple[int, str, str]:
    xml = "application/xml; charset=UTF-8"
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    if path == "/sitemap_index.xml":
        children = "".join(
            f"<sitemap><loc>{state.link(name)}</loc><lastmod>2019-03-01T10:00:00+00:00</lastmod></sitemap>"
            for name in ("/post-sitemap.xml", "/page-sitemap.xml", "/category-sitemap.xml")
        )
        return (
            200,
            xml,
            f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex {ns}>{children}</sitemapindex>',
        )
    chosen: Iterable[BlogPost] | None = {
        "/post-sitemap.xml": state.posts,
        "/page-sitemap.xml": PAGES,
        "/category-sitemap.xml": (BlogPost("/category/leiderschap/", "Leiderschap"),),
    }.get(path)
    if chosen is None:
        return _not_found()
    urls = "".join(
        f"<url><loc>{state.link(p.path)}</loc><image:image><image:loc>{state.base}/img{p.path}x.jpg</image:loc>"
        f"<image:title>Foto bij het blog</image:title></image:image></url>"
        for p in chosen
    )
    image_ns = 'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"'
    return (
        200,
        xml,
        f'<?xml version="1.0" encoding="UTF-8"?><urlset {ns} {image_ns}>{urls}</urlset>',
    )


def _feed(state: BlogState) -> str:
    if "feed" in state.broken:
        return "<rss><channel><title>Inspira</channel></rss>"
    items = "".join(
        f"<item><title>{html.escape(p.title)}</title>"
        f"<link>{state.link(p.path, in_feed=True)}</link>"
        f"<description><![CDATA[{p.body}]]></description></item>"
        for p in state.posts[:FEED_SIZE]
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
        f"<title>{SITE_NAME}</title><link>{state.base}</link>{items}</channel></rss>"
    )


def _rest_search(state: BlogState, query: dict[str, list[str]]) -> str:
    """WordPress's search: every word must occur in the title or the content, any case."""
    if "rest" in state.broken:
        return "<html>Fatal error</html>"
    words = _folded((query.get("search") or [""])[0]).split()
    per_page = int((query.get("per_page") or ["10"])[0])
    hits = [p for p in state.posts if all(w in _folded(f"{p.title} {p.body}") for w in words)]
    hits = hits[:per_page]
    fields = set((query.get("_fields") or ["id,link,title,slug"])[0].split(","))
    answer = []
    for n, post in enumerate(hits, start=100):
        full = {
            "id": n,
            "slug": post.path.strip("/").rsplit("/", 1)[-1],
            "link": state.link(post.path),
            "title": {"rendered": html.escape(post.title).replace("–", "&#8211;")},
        }
        answer.append({k: v for k, v in full.items() if k in fields})
    return json.dumps(answer)


def _folded(text: str) -> str:
    """Case and accents ignored, as MySQL's utf8mb4_unicode_ci collation compares for WordPress."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _page(state: BlogState, post: BlogPost) -> str:
    title = post.html_title or f"{post.title} &#8211; {SITE_NAME}"
    og = html.escape(post.og_title or post.title)
    return (
        '<!DOCTYPE html><html lang="nl-NL"><head><meta charset="UTF-8">'
        f"<title>{title}</title>"
        f'<link rel="canonical" href="{state.link(post.path)}">'
        f'<meta property="og:title" content="{og}">'
        f'<meta property="og:site_name" content="{SITE_NAME}">'
        f'<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Feed" '
        f'href="{state.base}/feed/">'
        f'<link rel="https://api.w.org/" href="{state.base}/wp-json/">'
        f"</head><body><h1>{html.escape(post.title)}</h1><p>{post.body}</p></body></html>"
    )


class FakeBlog:
    """The fake blog in a thread: ``with FakeBlog() as blog: blog.url(TIMELINE)``."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, **options: Any) -> None:
        self._server = _Server((host, port), BlogHandler)
        self.state = BlogState(**options)
        self.state.base = f"http://{host}:{self._server.server_address[1]}"
        self._server.state = self.state
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, path: str = TIMELINE) -> str:
        return self.state.base + path

    def start(self) -> FakeBlog:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeBlog:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.fakes.blog", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8780)
    parser.add_argument(
        "--https-links", action="store_true", help="declare https: sitemaps and API name https URLs"
    )
    parser.add_argument(
        "--without", default="", help=f"comma-separated sources to switch off: {sorted(SOURCES)}"
    )
    args = parser.parse_args(argv)
    without = {s for s in args.without.split(",") if s}
    if without - SOURCES:
        parser.error(f"unknown source(s) {sorted(without - SOURCES)}; use {sorted(SOURCES)}")
    blog = FakeBlog(args.host, args.port, without=without, https_links=args.https_links)
    print(
        f"fake blog on {blog.url()} (robots.txt, sitemaps, /feed/, /wp-json/wp/v2/posts)",
        flush=True,
    )
    try:
        blog._server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
