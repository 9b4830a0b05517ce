"""`scheduler links discover` against a fake WordPress blog on 127.0.0.1, over real HTTP."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from scheduler.discovery.discover import Essay, discover
from scheduler.discovery.fetch import Fetcher
from scheduler.discovery.sources import parse_feed, parse_sitemap
from scheduler.discovery.titles import normalise_title, same_title
from scheduler.errors import SourceError
from scheduler.model.snippets import Queue, QueueEssay, Snippet
from scheduler.planning.plan import HistoryIndex, plan
from scheduler.store.config_file import load_config
from scheduler.store.project import Project
from tests.fakes.blog import POSTS, TIMELINE, FakeBlog

REPO = Path(__file__).resolve().parent.parent


def point_blog_at(project: Project, url: str) -> None:
    path = project.config_path
    lines = path.read_text("utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("  url: "))
    lines[at] = f"  url: {url}  # the blog under test\n"
    path.write_text("".join(lines), "utf-8")


def run_scheduler(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed command line in a process of its own, as a person runs it."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("SCHEDULER_BLOG_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "scheduler.cli", "--root", str(project.root), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def essays_of(project: Project) -> list[Essay]:
    return [Essay(e.slug, e.title) for e in project.queue().essays if e.post]


def post_titled(url: str) -> str:
    """The title the fake blog gives the page at this URL."""
    path = urlsplit(url).path
    return next(p.og_title or p.title for p in POSTS if p.path == path)


@pytest.fixture
def blog():
    with FakeBlog() as server:
        yield server


def test_discover_links_all_eight_bundled_essays_through_the_cli(project, blog):
    point_blog_at(project, blog.url(TIMELINE))
    before = project.config_path.read_text("utf-8")

    done = run_scheduler(project, "links", "discover")

    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "8 of 8 essays link to their own page" in done.stdout
    config = project.config()
    essays = project.queue().essays
    posting = [e for e in essays if e.post]
    assert len(posting) == 8
    assert set(config.essay_urls) == {e.slug for e in posting}
    for essay in posting:
        url = config.essay_urls[essay.slug]
        assert url.startswith(blog.url("/")), url
        assert normalise_title(post_titled(url)) == normalise_title(essay.title), url
    # The decoys were offered (in the feed, the sitemap and the API) and never taken.
    assert not {"/2019/03/decoy-zachtheid/", "/2018/09/gelijk-deel-2/", "/2018/06/de-baas/"} & {
        urlsplit(u).path for u in config.essay_urls.values()
    }
    after = project.config_path.read_text("utf-8")
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert comments and all(line in after.splitlines() for line in comments)
    assert "# the blog under test" in after


def test_every_render_then_carries_the_essays_own_link(project, blog, run_cli):
    point_blog_at(project, blog.url(TIMELINE))
    assert run_scheduler(project, "links", "discover").returncode == 0
    urls = project.config().essay_urls

    rows = json.loads(run_cli("queue", "--json").output)

    posting = [r for r in rows if r["postable"]]
    assert len({r["essay"] for r in posting}) == 8
    for row in posting:
        own = urls[row["essay"]]
        assert row["link"].startswith(own)
        for platform, text in row["render"].items():
            assert own in text, (platform, text)
            assert blog.url(TIMELINE) not in text


def test_json_says_what_matched_and_exit_1_when_an_essay_has_no_page(project):
    # The real "De kracht van zacht" is gone; its decoy "De kracht van zachtheid" remains.
    posts = tuple(p for p in POSTS if p.path != "/2018/08/zacht/")
    with FakeBlog(posts=posts) as blog:
        done = run_scheduler(project, "links", "discover", "--json", "--blog", blog.url(TIMELINE))

    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    states = {e["slug"]: e for e in report["essays"]}
    assert states["de-kracht-van-zacht"]["state"] == "missing"
    assert states["de-kracht-van-zacht"]["url"] is None
    assert report["linked"] == 7 and report["missing"] == 1
    assert "de-kracht-van-zacht" not in project.config().essay_urls


@pytest.mark.parametrize(
    ("without", "sources"),
    [
        ({"feed", "rest"}, {"page"}),  # sitemaps, then each page's <title>/og:title
        ({"robots", "sitemap", "feed"}, {"rest"}),  # WordPress search alone
        (set(), {"feed", "rest"}),  # the titled sources first; no page need be read
    ],
)
def test_each_source_finds_every_essay(project, without, sources):
    with FakeBlog(without=without) as blog:
        result = discover(blog.url(TIMELINE), essays_of(project), Fetcher(timeout_s=5))

    assert not result.missed, result.missed
    assert len(result.found) == 8
    assert {f.source for f in result.found} == sources
    for found in result.found:
        assert same_title(found.title, post_titled(found.url), {"Inspira"})


def test_the_feed_alone_finds_only_the_latest_posts_and_says_so(project):
    with FakeBlog(without={"robots", "sitemap", "rest"}) as blog:
        result = discover(blog.url(TIMELINE), essays_of(project), Fetcher(timeout_s=5))

    assert {f.slug for f in result.found} == {
        "kwaliteit-van-contact",
        "kwetsbaarheid-is-een-senior-capaciteit",
        "de-nieuwe-leider-richt-zijn-kracht-op-het-nu",
    }
    assert {m.reason for m in result.missed} == {"no page with this title"}
    assert any("WordPress API" in note and "404" in note for note in result.notes)


def test_https_is_preferred_where_the_site_declares_it(project):
    with FakeBlog(https_links=True) as blog:
        result = discover(blog.url(TIMELINE), essays_of(project), Fetcher(timeout_s=5))
        https_base = "https://" + blog.url("/").removeprefix("http://")
    assert len(result.found) == 8
    # Even the posts the http feed named come out as https: the site serves it.
    assert all(f.url.startswith(https_base) for f in result.found), result.found
    assert "feed" in {f.source for f in result.found}


def test_http_stays_where_the_site_serves_no_https(project, blog):
    result = discover(blog.url(TIMELINE), essays_of(project), Fetcher(timeout_s=5))
    assert result.found and all(f.url.startswith(blog.url("/")) for f in result.found)


def test_malformed_sources_are_notes_and_the_others_still_answer(project):
    with FakeBlog(broken={"sitemap", "feed"}) as blog:
        result = discover(blog.url(TIMELINE), essays_of(project), Fetcher(timeout_s=5))
    assert len(result.found) == 8
    assert {f.source for f in result.found} == {"rest"}
    assert any("not well-formed XML" in note for note in result.notes)


def test_a_refused_connection_is_a_message_not_a_traceback(project):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done = run_scheduler(project, "links", "discover", "--blog", f"http://127.0.0.1:{port}/")
    assert done.returncode == 1
    assert "connection refused" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_blog_that_never_answers_times_out_with_a_message(project):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    accepting = threading.Thread(
        target=lambda: [held.append(listener.accept()[0]) for _ in range(8)], daemon=True
    )
    accepting.start()
    try:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/"
        done = run_scheduler(project, "links", "discover", "--blog", url, "--timeout", "0.5")
    finally:
        for connection in held:
            connection.close()
        listener.close()
    assert done.returncode == 1
    assert "timed out" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unknown_host_is_a_dns_message(project):
    done = run_scheduler(project, "links", "discover", "--blog", "http://blog.invalid/")
    assert done.returncode == 1
    assert "does not resolve" in done.stderr
    assert "Traceback" not in done.stderr


def test_server_errors_everywhere_are_one_message(project):
    with FakeBlog(without={"robots", "sitemap", "feed", "rest", "pages"}) as blog:
        done = run_scheduler(project, "links", "discover", "--blog", blog.url(TIMELINE))
    assert done.returncode == 1
    assert "answered no request" in done.stderr and "HTTP 404" in done.stderr
    assert "Traceback" not in done.stderr


def test_requests_are_capped(project, blog):
    done = run_scheduler(
        project, "links", "discover", "--json", "--blog", blog.url(TIMELINE), "--max-requests", "4"
    )
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["requests"] == 4
    assert any("cap of 4 requests" in note for note in report["notes"])
    assert len(blog.state.requests) <= 4


def test_an_answer_over_the_byte_cap_is_not_read(project, blog):
    fetcher = Fetcher(timeout_s=5, max_bytes=500)
    result = discover(blog.url(TIMELINE), essays_of(project), fetcher)
    assert any("over the cap of 500 bytes" in note for note in result.notes)


def test_a_sitemap_that_declares_entities_is_refused():
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol2;</loc></url></urlset>"""
    with pytest.raises(SourceError, match="unsafe"):
        parse_sitemap(bomb, "http://blog.test/sitemap.xml")


def test_no_blog_url_is_bad_input_with_the_file(project):
    text = project.config_path.read_text("utf-8")
    project.config_path.write_text(
        text.replace("  url: http://www.inspira.nl/inspiratie/inspiratie-tijdlijn/", "  url: ''")
    )
    done = run_scheduler(project, "links", "discover")
    assert done.returncode == 2
    assert "scheduler.yaml" in done.stderr and "fix:" in done.stderr


def test_a_blog_url_that_is_no_web_address_is_bad_input_with_the_line(project):
    point_blog_at(project, "javascript:alert(1)")  # a bare domain would be completed to https
    done = run_scheduler(project, "links", "discover")
    assert done.returncode == 2
    assert "scheduler.yaml:" in done.stderr and "not a web address" in done.stderr


@pytest.mark.parametrize(
    ("essay", "page"),
    [
        (
            "De kracht van het NU in een op macht georiënteerde organisatie",
            "De kracht van het nu in een op macht georienteerde organisatie – Inspira",
        ),
        ("Kwetsbaarheid is een senior capaciteit", "Kwetsbaarheid is een Senior Capaciteit"),
        (
            "Nieuw leiderschap vraagt een verhoogd bewustzijn",
            "Nieuw leiderschap vraagt een verhoogd bewustzijn! &#8211; Inspira",
        ),
        ("De hoogste baas moet eerlijk zijn", "Inspira | De hoogste baas moet eerlijk zijn"),
        ("Zo’n leider", "Zo'n leider"),
        ("IJsberg", "ijsberg"),
    ],
)
def test_titles_match_whatever_case_accents_punctuation_or_site_name(essay, page):
    assert same_title(essay, page, {"Inspira"})


@pytest.mark.parametrize(
    ("essay", "page"),
    [
        ("De kracht van zacht", "De kracht van zachtheid"),
        ("Gelijkwaardigheid", "Gelijkwaardigheid in teams"),
        ("De hoogste baas moet eerlijk zijn", "De hoogste baas moet eerlijk zijn, of niet?"),
        ("Leiderschap", "Leiderschap – deel 2"),  # only a known site name is cut off
        ("Kwaliteit van contact", "Kwaliteit van contact – Ander blog"),
    ],
)
def test_a_title_that_only_resembles_the_essays_is_never_taken(essay, page):
    assert not same_title(essay, page, {"Inspira"})


PLAN_CONFIG = """\
timezone: UTC
blog:
  url: https://example.org/tijdlijn/
  essay_urls: {linked: https://example.org/linked/, named-timeline: https://example.org/tijdlijn/}
slots: [{days: daily, times: ['09:00']}]
rules: {essay_spacing: 0d, repeat_gap: 1d, recycle: true, require_essay_link: %s}
accounts:
  - {platform: twitter, handle: a}
"""


def _queue() -> Queue:
    essays = tuple(
        QueueEssay(slug, slug, "essay", "x.txt", True, None, (), "")
        for slug in ("linked", "on-timeline", "named-timeline")
    )
    snippets = tuple(
        Snippet(
            id=f"{n:010x}",
            essay=slug,
            essay_title=slug,
            quote=f"Zin {n}.",
            original=f"Zin {n}.",
            status="new",
            position=n,
        )
        for n, slug in enumerate(("linked", "on-timeline", "named-timeline", "linked"))
    )
    return Queue(essays, snippets)


def planned_essays(require_essay_link: str) -> list[str]:
    """The essays six daily slots go to, recycling on, under the given rule."""
    start = datetime(2026, 12, 7, tzinfo=UTC)
    config = load_config(PLAN_CONFIG % require_essay_link)
    result = plan(_queue(), config, HistoryIndex(), start, start + timedelta(days=6))
    return [p.choice.snippet.essay for p in result.posts if p.choice.snippet]


def test_require_essay_link_keeps_essays_on_the_timeline_out_of_the_schedule():
    held = planned_essays("true")
    assert len(held) == 6 and set(held) == {"linked"}  # recycled too, never the held essays
    assert set(planned_essays("false")) == {"linked", "on-timeline", "named-timeline"}


def test_plan_status_and_the_desk_count_the_essays_on_the_timeline(project, run_cli, staff):
    done = run_cli("plan", "--days", "1")
    assert "8 essays still link to the blog timeline" in done.output
    report = json.loads(run_cli("status", "--json").stdout)
    assert report["essays_on_timeline"]["count"] == 8
    assert report["essays_on_timeline"]["held"] is False
    client, _ = staff
    assert 'data-timeline="8"' in client.get("/essays").text
    assert 'data-timeline="8"' in client.get("/calendar", params={"days": 7}).text

    slug = "kwaliteit-van-contact"
    text = (
        project.config_path.read_text("utf-8")
        .replace("  essay_urls: {}", f"  essay_urls: {{{slug}: https://www.inspira.nl/contact/}}")
        .replace("  misfire_grace: 15m", "  misfire_grace: 15m\n  require_essay_link: true")
    )
    project.config_path.write_text(text, "utf-8")
    report = json.loads(run_cli("status", "--json").stdout)
    assert report["essays_on_timeline"]["count"] == 7
    assert report["essays_on_timeline"]["held"] is True
    assert "kept out of the schedule" in client.get("/essays").text
    rows = json.loads(run_cli("plan", "--days", "7", "--json").stdout)
    planned = {r["snippet_id"] for r in rows if r["snippet_id"]}
    queue = project.queue()
    assert planned and {queue.snippet(i).essay for i in planned} == {slug}


def test_an_atom_feed_gives_titles_and_alternate_links():
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Inspira</title>
<entry><title type="html">Gelijkwaardigheid</title>
<link rel="replies" href="/gelijk/#comments"/><link rel="alternate" href="/gelijk/"/></entry>
<entry><title>Zonder link</title></entry></feed>"""
    site, items = parse_feed(atom, "https://blog.test/feed/atom/")
    assert site == "Inspira"
    assert [(i.url, i.title) for i in items] == [("https://blog.test/gelijk/", "Gelijkwaardigheid")]


def test_an_endless_answer_is_cut_off_at_the_byte_cap(project):
    with FakeBlog(endless=True) as blog:
        fetcher = Fetcher(timeout_s=5, max_bytes=200_000)
        result = discover(blog.url(TIMELINE), essays_of(project), fetcher)
    assert any("post-sitemap.xml" in n and "stopped reading" in n for n in result.notes)
    assert len(result.found) == 8  # the feed and the API still answered


def test_addresses_no_client_could_fetch_are_passed_over():
    sitemap = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>http://[::1</loc></url><url><loc>mailto:a@b.nl</loc></url>
<url><loc>/2018/09/gelijk/</loc></url></urlset>"""
    pages = parse_sitemap(sitemap, "https://blog.test/post-sitemap.xml").pages
    assert [p.url for p in pages] == ["https://blog.test/2018/09/gelijk/"]
