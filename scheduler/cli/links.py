"""Commands about the links posts carry: `links discover` finds each essay's own page."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from .base import Context, cli, handles_errors, json_option, pass_context

Command = Callable[..., Any]


@cli.group()
def links() -> None:
    """The links posts carry to the essays."""


# The fetcher's limits, each with its default and range shown in --help.
_FETCH_LIMITS = (
    ("--max-requests", 200, click.IntRange(1, 5000), "Stop after this many requests to the blog."),
    ("--timeout", 10.0, click.FloatRange(0.1, 120), "Seconds to wait for any one answer."),
)


def _fetch_limits(command: Command) -> Command:
    # click lists the option applied last first: apply them bottom up
    for flag, default, kind, text in reversed(_FETCH_LIMITS):
        option = click.option(flag, default=default, show_default=True, type=kind, help=text)
        command = option(command)
    return command


@links.command()
@click.option(
    "--blog",
    metavar="URL",
    help="Search this site instead of blog.url (also SCHEDULER_BLOG_URL).",
)
@_fetch_limits
@json_option
@pass_context
@handles_errors
def discover(
    ctx: Context, blog: str | None, max_requests: int, timeout: float, as_json: bool
) -> None:
    """Find each essay's own page on the blog (sitemaps, feed, WordPress API, page titles)
    and write it to blog.essay_urls. Exit 1 while some essay still links to the timeline."""
    from scheduler.discovery.essay_urls import discover_links
    from scheduler.discovery.fetch import Fetcher
    from scheduler.output import plain, print_json, print_table, say

    fetcher = Fetcher(timeout_s=timeout, max_requests=max_requests)
    try:
        report = discover_links(ctx.project, blog, fetcher)
    finally:
        fetcher.close()
    if as_json:
        print_json(report.as_dict())
    else:
        print_table(
            f"Essay links on {report.blog}",
            ["essay", "state", "link", "how"],
            [(e.title, e.state, e.url or "—", e.detail) for e in report.essays],
        )
        for note in report.notes:
            say(f"[dim]note:[/dim] {plain(note)}", err=True)
        linked = len(report.essays) - len(report.missing)
        where = "written to blog.essay_urls" if report.written else "config unchanged"
        say(
            f"{linked} of {len(report.essays)} essays link to their own page "
            f"({report.requests} requests; {where})"
        )
        if report.missing:
            say(
                f"{len(report.missing)} still link to the blog timeline: add their URLs under "
                "blog.essay_urls in config/scheduler.yaml",
                err=True,
            )
    if report.missing:
        sys.exit(1)
