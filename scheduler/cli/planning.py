"""Commands that plan: the coming slots, a simulated year, and the daemon's start-up table."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from scheduler.clock import utc_now

from .base import (
    LONGEST_DAYS,
    Context,
    Days,
    cli,
    handles_errors,
    json_option,
    load,
    pass_context,
)


@cli.command()
@click.option("--days", default=7.0, show_default=True, type=Days())
@json_option
@pass_context
@handles_errors
def plan(ctx: Context, days: float, as_json: bool) -> None:
    """Show the coming slots and what fills them. Reads state, changes none."""

    from scheduler.output import plain, print_json, say
    from scheduler.reports.rows import (
        cost_lines,
        dry_dates,
        dry_lines,
        existing_ledger,
        make_plan,
        plan_rows,
        timeline_summary,
    )

    content = load(ctx)
    timeline = timeline_summary(content)
    if timeline["message"]:
        say(f"[yellow]note:[/yellow] {plain(timeline['message'])}", err=True)
    ledger, now = existing_ledger(ctx.project), utc_now()
    result = make_plan(content, ledger, now, days)
    rows = plan_rows(content, result)
    for warning in result.warnings:
        say(f"[yellow]warning:[/yellow] {plain(warning)}", err=True)
    for line in cost_lines(result.monthly_cost) + dry_lines(dry_dates(content, ledger, now)):
        say(line, err=True, markup=False)
    if as_json:
        print_json(rows)
        return
    print_slots(f"Plan: next {days:g} days", rows)


@cli.command()
@click.option("--days", required=True, type=click.IntRange(min=1, max=LONGEST_DAYS))
@click.option("--start", help="ISO 8601 start (default: now).")
@json_option
@pass_context
@handles_errors
def simulate(ctx: Context, days: int, start: str | None, as_json: bool) -> None:
    """Run the planner and the daemon's slot logic on a virtual clock; touches nothing."""
    from datetime import datetime

    from scheduler.errors import UsageError
    from scheduler.output import print_json
    from scheduler.reports.simulate import simulate as run_simulation

    content = load(ctx)
    try:
        begin = datetime.fromisoformat(start) if start else utc_now()
    except ValueError as exc:
        raise UsageError(
            f"--start {start!r} is not an ISO 8601 moment",
            hint="write e.g. 2026-12-01T00:00:00+01:00",
        ) from exc
    if not 1970 <= begin.year <= 9000:
        raise UsageError(
            f"--start {start!r} is outside the years 1970 to 9000",
            hint="write e.g. 2026-12-01T00:00:00+01:00",
        )
    if begin.tzinfo is None:
        begin = begin.replace(tzinfo=content.config.timezone)
    rows = _with_progress(as_json, days, lambda tick: run_simulation(content, begin, days, tick))
    if as_json:
        print_json(rows)
        return
    print_slots(f"Simulated {days} days: {len(rows)} posts", rows)


def _with_progress(quiet: bool, days: int, work: Callable[[Any], Any]) -> Any:
    if quiet or not sys.stderr.isatty():
        return work(None)
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task(f"simulating {days} days", total=None)
        return work(lambda done, total: progress.update(task, completed=done, total=total))


def print_slots(title: str, rows: list[dict[str, Any]]) -> None:
    """Slots as a table: when, where, which snippet (or why none), and the first line."""
    from scheduler.output import print_table

    print_table(
        title,
        ["at", "account", "snippet", "text"],
        [
            (
                r["at"],
                f"{r['platform']}:{r['handle']}",
                r["snippet_id"] or f"— {r.get('note')}",
                (r["text"] or "").split("\n")[0],
            )
            for r in rows
        ],
    )


def show_next_slots(daemon: Any) -> None:
    """What the daemon will publish next, printed before it starts."""

    from scheduler.reports.rows import make_plan, plan_rows

    result = make_plan(daemon.content, daemon.ledger, utc_now(), 3, preview=12)
    print_slots("Next slots", plan_rows(daemon.content, result)[:12])
    sys.stdout.flush()
