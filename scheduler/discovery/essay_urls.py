"""`links discover` for a project: which essays to look for, the walk, and the result written
into `blog.essay_urls` of config/scheduler.yaml with ruamel's round trip, so every comment and
the order of the file stay as the staff left them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ruamel.yaml.comments import CommentedMap

from scheduler.discovery.discover import Discovery, Essay, discover
from scheduler.discovery.fetch import Fetcher
from scheduler.errors import ConfigError, UsageError
from scheduler.files import write_atomically
from scheduler.posting.tracking import has_own_link
from scheduler.store.config_file import load_config
from scheduler.store.project import Project
from scheduler.yamlsource import dump_yaml, parse_yaml, value_line

BLOG_VARIABLE = "SCHEDULER_BLOG_URL"


@dataclass(frozen=True)
class EssayLink:
    slug: str
    title: str
    state: str  # found | kept | front matter | missing
    url: str | None
    detail: str  # the source and the page's title, or why nothing was taken


@dataclass(frozen=True)
class LinkReport:
    blog: str
    essays: tuple[EssayLink, ...]
    notes: tuple[str, ...]
    requests: int
    written: bool  # whether config/scheduler.yaml changed

    @property
    def missing(self) -> list[EssayLink]:
        return [e for e in self.essays if e.state == "missing"]

    def as_dict(self) -> dict[str, object]:
        return {
            "blog": self.blog,
            "essays": [e.__dict__ for e in self.essays],
            "linked": len(self.essays) - len(self.missing),
            "missing": len(self.missing),
            "notes": list(self.notes),
            "requests": self.requests,
            "config_written": self.written,
        }


def discover_links(project: Project, blog: str | None, fetcher: Fetcher) -> LinkReport:
    """Find the posting essays' own pages and write them to the config; staff links found
    nowhere on the blog are kept, never deleted."""
    config, queue = project.config(), project.queue()
    blog_url = blog or os.environ.get(BLOG_VARIABLE) or config.blog_url
    _check_blog_url(blog_url, project.config_path, blog is not None or BLOG_VARIABLE in os.environ)
    assert blog_url is not None
    posting = [e for e in queue.essays if e.post]
    if not posting:
        raise UsageError("the queue holds no essay to post", hint="run 'scheduler ingest' first")
    wanted = [Essay(e.slug, e.title) for e in posting if not e.url]
    result = discover(blog_url, wanted, fetcher) if wanted else Discovery()
    found = {f.slug: f for f in result.found}
    missed = {m.slug: m for m in result.missed}
    rows = []
    for essay in posting:
        kept = config.essay_urls.get(essay.slug)
        if essay.url:
            rows.append(
                EssayLink(
                    essay.slug, essay.title, "front matter", essay.url, "the essay names its URL"
                )
            )
        elif essay.slug in found:
            hit = found[essay.slug]
            rows.append(
                EssayLink(
                    essay.slug, essay.title, "found", hit.url, f"{hit.source}: {hit.page_title}"
                )
            )
        elif kept and has_own_link(
            essay.slug, None, blog_url=config.blog_url, essay_urls=config.essay_urls
        ):
            reason = missed[essay.slug].reason if essay.slug in missed else ""
            rows.append(
                EssayLink(
                    essay.slug,
                    essay.title,
                    "kept",
                    kept,
                    f"not found on the blog ({reason}); your link stays",
                )
            )
        else:
            reason = missed[essay.slug].reason if essay.slug in missed else "not looked for"
            rows.append(EssayLink(essay.slug, essay.title, "missing", None, reason))
    new_urls = {r.slug: r.url for r in rows if r.state == "found" and r.url}
    written = write_essay_urls(project.config_path, new_urls)
    return LinkReport(blog_url, tuple(rows), tuple(result.notes), result.requests, written)


def _check_blog_url(url: str | None, config_path: Path, from_command_line: bool) -> None:
    where = {} if from_command_line else {"path": config_path}
    if not url:
        raise ConfigError(
            "no blog to search: blog.url is empty",
            **where,  # type: ignore[arg-type]
            hint="set blog.url in config/scheduler.yaml, or pass --blog https://…",
        )
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        line = None
        if not from_command_line:
            root = parse_yaml(config_path.read_text("utf-8"), config_path, ConfigError)
            line = value_line(root.get("blog"), "url")
        raise ConfigError(
            f"the blog URL {url!r} is not an http(s) address",
            **where,  # type: ignore[arg-type]
            line=line,
            hint="write it in full, e.g. https://www.example.nl/blog/",
        )


def write_essay_urls(path: Path, urls: Mapping[str, str]) -> bool:
    """Set blog.essay_urls[slug] for each given URL, comments and order kept; False if unchanged."""
    if not urls:
        return False
    text = path.read_text(encoding="utf-8")
    root = parse_yaml(text, path, ConfigError)
    blog = root.get("blog")
    if not isinstance(blog, CommentedMap):
        blog = root["blog"] = CommentedMap()
    current = blog.get("essay_urls")
    if not isinstance(current, CommentedMap):
        current = blog["essay_urls"] = CommentedMap()
    changed = False
    for slug, url in urls.items():
        if current.get(slug) != url:
            current[slug] = url
            changed = True
    if not changed:
        return False
    current.fa.set_block_style()  # `essay_urls: {}` grows into one line per essay, not a flow map
    new_text = dump_yaml(root)
    load_config(new_text, path)  # what we write must load again
    write_atomically(path, new_text)
    return True
