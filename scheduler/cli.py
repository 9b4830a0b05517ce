"""The command line: a thin skin over the library. Each command parses, calls, prints.

Imports happen inside the commands, so `scheduler --help` costs little more than click.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

import click

json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")


class Context:
    def __init__(self, root: str | None, debug: bool) -> None:
        self.root = root
        self.debug = debug

    @property
    def project(self) -> Any:
        from scheduler.project import Project

        return Project.locate(self.root)


def handles_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """SchedulerErrors become a message and exit code 2 or 1; tracebacks only with --debug."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from scheduler.errors import SchedulerError

        try:
            return command(*args, **kwargs)
        except SchedulerError as exc:
            if click.get_current_context().find_object(Context).debug:
                raise
            click.echo(f"error: {getattr(exc, 'message', exc)}", err=True)
            sys.exit(exc.exit_code)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--root",
    envvar="SCHEDULER_ROOT",
    type=click.Path(file_okay=False),
    help="Project folder holding config/, posts/ and var/ (default: here).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.version_option(package_name="essay-scheduler")
@click.pass_context
def cli(ctx: click.Context, root: str | None, debug: bool) -> None:
    """Cut essays into quotes that stand on their own and publish them on a schedule
    to X, LinkedIn and Facebook."""
    ctx.obj = Context(root, debug)


pass_context = click.make_pass_decorator(Context)


def load(ctx: Context) -> Any:
    from scheduler.content import load_content

    return load_content(ctx.project)


# ---- content ---------------------------------------------------------------------------


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@json_option
@pass_context
@handles_errors
def ingest(ctx: Context, paths: tuple[str, ...], as_json: bool) -> None:
    """Read essays (default: posts/essays/) and merge their snippets into posts/queue/."""
    from pathlib import Path

    from scheduler.ingest import ingest as run_ingest
    from scheduler.output import print_json, print_table, say

    progress = (
        None
        if as_json or not sys.stderr.isatty()
        else (lambda name: say(f"reading {name}", err=True))
    )
    report = run_ingest(ctx.project, [Path(p) for p in paths], progress)
    if as_json:
        print_json(report.as_dict())
    else:
        print_table(
            "Ingested",
            ["essay", "kind", "snippets", "new", "orphaned"],
            [(e.title, e.kind, e.snippets, e.added, e.orphaned) for e in report.essays],
        )
        if report.config_written:
            say(f"wrote {ctx.project.config_path} from the essays' footer")
        for error in report.errors:
            say(f"[red]error:[/red] {error.message}", err=True)
    if report.errors:
        sys.exit(2)


@cli.command()
@json_option
@pass_context
@handles_errors
def queue(ctx: Context, as_json: bool) -> None:
    """List the snippets with their status and each platform's text."""
    from scheduler.output import print_json, print_table
    from scheduler.views import clicks_by_snippet, existing_ledger, published_ids, queue_rows

    content = load(ctx)
    ledger = existing_ledger(ctx.project)
    rows = queue_rows(content, published_ids(ledger), clicks_by_snippet(ledger))
    if as_json:
        print_json(rows)
        return
    print_table(
        f"Queue: {len(rows)} snippets",
        ["id", "status", "essay", "X", "quote"],
        [
            (r["id"], r["status"], r["essay"], r["lengths"]["twitter"]["length"], r["quote"])
            for r in rows
        ],
    )


@cli.command()
@json_option
@pass_context
@handles_errors
def essays(ctx: Context, as_json: bool) -> None:
    """List the essays with their snippet counts and links."""
    from scheduler.output import print_json, print_table, say
    from scheduler.views import essay_rows

    rows = essay_rows(load(ctx))
    if as_json:
        print_json(rows)
        return
    print_table(
        "Essays",
        ["slug", "title", "kind", "snippets", "own link"],
        [
            (
                r["slug"],
                r["title"],
                r["kind"],
                r["snippets"],
                "yes" if r["has_own_url"] else "no: blog timeline",
            )
            for r in rows
        ],
    )
    lacking = [r["slug"] for r in rows if not r["has_own_url"] and r["kind"] == "essay"]
    if lacking:
        say(
            f"{len(lacking)} essays link to the blog timeline: add their own URLs under "
            "blog.essay_urls in config/scheduler.yaml"
        )


@cli.command()
@click.argument("snippet_id")
@json_option
@pass_context
@handles_errors
def preview(ctx: Context, snippet_id: str, as_json: bool) -> None:
    """Show each platform's text for a snippet, with its weighted length."""
    from scheduler.output import print_json, say
    from scheduler.staff import find_snippet
    from scheduler.views import snippet_row

    content = load(ctx)
    row = snippet_row(find_snippet(content, snippet_id), content, set())
    if as_json:
        print_json(row)
        return
    say(f"[bold]{row['id']}[/bold] · {row['essay_title']} · {row['status']}")
    for platform, text in row["render"].items():
        length = row["lengths"][platform]
        mark = "ok" if length["fits"] else "[red]too long[/red]"
        say(f"\n[bold]{platform}[/bold] ({length['length']}/{length['limit']}, {mark})")
        say(text, err=False)


def _status_command(name: str, status_help: str) -> None:
    @cli.command(name=name, help=status_help)
    @click.argument("snippet_ids", nargs=-1, required=True)
    @pass_context
    @handles_errors
    def command(ctx: Context, snippet_ids: tuple[str, ...]) -> None:
        from scheduler import staff
        from scheduler.output import say

        getattr(staff, name)(ctx.project, snippet_ids)
        say(
            f"{name}d {len(snippet_ids)} snippet(s)"
            if name == "approve"
            else f"skipped {len(snippet_ids)} snippet(s)"
        )


_status_command("approve", "Mark snippets approved: they go out first, in the staff's order.")
_status_command("skip", "Mark snippets skipped: they are never posted.")


@cli.command()
@click.argument("snippet_id")
@pass_context
@handles_errors
def edit(ctx: Context, snippet_id: str) -> None:
    """Edit a snippet's quote in $EDITOR; it is checked against every platform on save."""
    from scheduler import staff
    from scheduler.output import say

    snippet = staff.find_snippet(load(ctx), snippet_id)
    edited = click.edit(snippet.quote + "\n", require_save=True)
    if edited is None or edited.strip() == snippet.quote:
        say("no change")
        return
    staff.edit_quote(ctx.project, snippet.id, edited)
    say(f"saved {snippet.id}")


# ---- planning --------------------------------------------------------------------------


@cli.command()
@click.option("--days", default=7.0, show_default=True, type=click.FloatRange(min=0))
@json_option
@pass_context
@handles_errors
def plan(ctx: Context, days: float, as_json: bool) -> None:
    """Show the coming slots and what fills them. Reads state, changes none."""
    from datetime import UTC, datetime

    from scheduler.output import print_json, say
    from scheduler.views import existing_ledger, make_plan, plan_rows

    content = load(ctx)
    result = make_plan(content, existing_ledger(ctx.project), datetime.now(UTC), days)
    rows = plan_rows(content, result)
    for warning in result.warnings:
        say(f"[yellow]warning:[/yellow] {warning}", err=True)
    for account, cost in result.monthly_cost.items():
        say(f"expected cost over the next 30 days for {account}: {cost:.2f}", err=True)
    if as_json:
        print_json(rows)
        return
    print_slots(f"Plan: next {days:g} days", rows)


@cli.command()
@click.option("--days", required=True, type=click.IntRange(min=1, max=3660))
@click.option("--start", help="ISO 8601 start (default: now).")
@json_option
@pass_context
@handles_errors
def simulate(ctx: Context, days: int, start: str | None, as_json: bool) -> None:
    """Run the planner and the daemon's slot logic on a virtual clock; touches nothing."""
    from datetime import UTC, datetime

    from scheduler.errors import UsageError
    from scheduler.output import print_json
    from scheduler.simulate import simulate as run_simulation

    content = load(ctx)
    try:
        begin = datetime.fromisoformat(start) if start else datetime.now(UTC)
    except ValueError as exc:
        raise UsageError(
            f"--start {start!r} is not an ISO 8601 moment",
            hint="write e.g. 2026-12-01T00:00:00+01:00",
        ) from exc
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


# ---- running ---------------------------------------------------------------------------


@cli.command()
@click.option("--dry-run", is_flag=True, help="Post every account to var/outbox/.")
@click.option("--once", is_flag=True, help="Publish what is due now, then exit.")
@pass_context
@handles_errors
def run(ctx: Context, dry_run: bool, once: bool) -> None:
    """Run the daemon: publish at every slot until Ctrl-C or SIGTERM."""
    from scheduler.daemon import Daemon
    from scheduler.logs import setup_logging

    setup_logging()
    daemon = Daemon(ctx.project, dry_run=dry_run)
    if once:
        daemon.run_once()
        return
    show_next_slots(daemon)
    daemon.run_forever()


@cli.command()
@click.option("--check", is_flag=True, help="Ask each live platform who we are.")
@json_option
@pass_context
@handles_errors
def accounts(ctx: Context, check: bool, as_json: bool) -> None:
    """List the accounts posts go to, live or dry-run; --check calls each platform."""
    from scheduler.account_checks import account_report
    from scheduler.output import print_json, print_table

    rows = account_report(load(ctx), check=check)
    if as_json:
        print_json(rows)
    else:
        print_table(
            "Accounts",
            ["platform", "handle", "kind", "mode", "check", "url"],
            [
                (r["platform"], r["handle"], r["kind"], r["mode"], r.get("check", ""), r["url"])
                for r in rows
            ],
        )
    if check and any(r.get("problem") for r in rows):
        sys.exit(1)


@cli.command()
@json_option
@pass_context
@handles_errors
def status(ctx: Context, as_json: bool) -> None:
    """Next slots, last results, open claims and accounts in trouble."""
    from datetime import UTC, datetime

    from scheduler.output import print_json, print_table, say
    from scheduler.status import status_report

    report = status_report(ctx.project, load(ctx), datetime.now(UTC))
    if as_json:
        print_json(report)
        return
    print_table(
        "Accounts",
        ["account", "mode", "next slot", "last result", "trouble"],
        [
            (a["account"], a["mode"], a["next_slot"], a["last_result"], a["trouble"])
            for a in report["accounts"]
        ],
    )
    if report["open_claims"]:
        print_table(
            "Open claims",
            ["account", "slot", "state", "error"],
            [(c["account"], c["slot"], c["state"], c["error"]) for c in report["open_claims"]],
        )
    say(f"ledger: {report['totals']}")


@cli.command()
@click.argument("snippet_id")
@click.option(
    "--to", "platform", required=True, type=click.Choice(["twitter", "linkedin", "facebook"])
)
@click.option("--force", is_flag=True, help="Post again even if already published there.")
@json_option
@pass_context
@handles_errors
def publish(ctx: Context, snippet_id: str, platform: str, force: bool, as_json: bool) -> None:
    """Publish one snippet now, through the ledger like the daemon."""
    from scheduler.manual import publish_now
    from scheduler.output import print_json, say

    result = publish_now(ctx.project, snippet_id, platform, force=force)
    if as_json:
        print_json(result.as_dict())
    else:
        row = result.as_dict()
        say(f"{row['status']}: {row['remote_id'] or ''} {row['url'] or ''} {row['error'] or ''}")
    if row_status_ok(result.as_dict()):
        return
    sys.exit(1)


def row_status_ok(row: dict[str, Any]) -> bool:
    return row["status"] in ("published", "duplicate")


@cli.command()
@click.argument("platform", type=click.Choice(["linkedin", "x", "facebook"]))
@click.option(
    "--port",
    default=8765,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port of the local listener for the redirect: http://127.0.0.1:PORT/callback.",
)
@click.option("--no-browser", is_flag=True, help="Only print the address to open.")
@click.option("--listen", is_flag=True, help="X: take the callback on the port, not a PIN.")
@click.option("--page", help="Facebook: the Page to post as (id or name).")
@pass_context
@handles_errors
def auth(
    ctx: Context, platform: str, port: int, no_browser: bool, listen: bool, page: str | None
) -> None:
    """Get a platform's tokens through its sign-in and store them in the secrets file."""
    from scheduler.auth import AuthOptions, authorize
    from scheduler.auth.terminal import TerminalGuide

    options = AuthOptions(port=port, listen=listen, page=page)
    report = authorize(ctx.project, platform, TerminalGuide(open_browser=not no_browser), options)
    # Plain echo, not rich: a wrapped path cannot be copied.
    click.echo(f"{report.account}: authorised as {report.identity}")
    click.echo(f"stored {', '.join(report.stored)} in {report.path} (mode 0600)")
    if report.expires:
        click.echo(f"the token expires on {report.expires}; run this command again before then")
    if report.resumed:
        click.echo(f"{report.account} was stopped ({report.resumed}); it posts again")
    for name in report.shadowed:
        click.echo(f"warning: {name} is set in the environment and wins over the file", err=True)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--no-daemon", is_flag=True, help="Serve the desk without publishing.")
@click.option("--dry-run", is_flag=True, help="The daemon posts every account to var/outbox/.")
@pass_context
@handles_errors
def serve(ctx: Context, host: str, port: int, no_daemon: bool, dry_run: bool) -> None:
    """Serve the staff desk (and run the daemon in the same process)."""
    from scheduler.logs import setup_logging
    from scheduler.web.server import serve as serve_desk

    setup_logging()
    serve_desk(
        ctx.project,
        host=host,
        port=port,
        with_daemon=not no_daemon,
        dry_run=dry_run,
        announce=show_next_slots,
    )


@cli.command()
@click.argument("snippet_ids", nargs=-1)
@click.option("--all", "every", is_flag=True, help="Cards for every snippet in the queue.")
@click.option(
    "--platform",
    "platforms",
    multiple=True,
    type=click.Choice(["twitter", "linkedin", "facebook"]),
    help="Card size (default: all three).",
)
@click.option("-o", "--output", type=click.Path(), help="A PNG file, or a folder.")
@pass_context
@handles_errors
def card(
    ctx: Context,
    snippet_ids: tuple[str, ...],
    every: bool,
    platforms: tuple[str, ...],
    output: str | None,
) -> None:
    """Render quote cards (PNG) for X, LinkedIn and Facebook."""
    from pathlib import Path

    from scheduler.errors import UsageError
    from scheduler.output import say
    from scheduler.quote_cards import write_cards

    content = load(ctx)
    if not snippet_ids and not every:
        raise UsageError("name a snippet id, or --all", hint="scheduler card ID [-o card.png]")
    written = write_cards(
        content,
        list(snippet_ids),
        every=every,
        platforms=list(platforms) or ["twitter", "linkedin", "facebook"],
        output=Path(output) if output else None,
    )
    say(
        f"wrote {len(written)} card(s)"
        + (
            f": {written[0]}"
            if len(written) == 1
            else f" in {written[0].parent}"
            if written
            else ""
        )
    )


@cli.command()
@click.option("--days", type=click.IntRange(min=1), help="Only the last N days.")
@json_option
@pass_context
@handles_errors
def clicks(ctx: Context, days: int | None, as_json: bool) -> None:
    """Clicks on short links, per snippet, essay and platform."""
    from datetime import UTC, datetime, timedelta

    from scheduler.output import print_json, print_table
    from scheduler.shortlinks import click_counts
    from scheduler.views import existing_ledger

    ledger = existing_ledger(ctx.project)
    since = datetime.now(UTC) - timedelta(days=days) if days else None
    rows = click_counts(ledger, since) if ledger else []
    if as_json:
        print_json(rows)
        return
    print_table(
        "Clicks",
        ["snippet", "essay", "platform", "clicks"],
        [(r["snippet_id"], r["essay"], r["platform"], r["clicks"]) for r in rows],
    )


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
    from datetime import UTC, datetime

    from scheduler.views import make_plan, plan_rows

    result = make_plan(daemon.content, daemon.ledger, datetime.now(UTC), 3, preview=12)
    print_slots("Next slots", plan_rows(daemon.content, result)[:12])
    sys.stdout.flush()


def main() -> None:
    cli(prog_name="scheduler")


if __name__ == "__main__":
    main()
