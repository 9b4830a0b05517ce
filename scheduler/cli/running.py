"""Commands that run and publish: the daemon, the desk, accounts, tokens, cards, clicks."""

from __future__ import annotations

import sys
from typing import Any

import click

from scheduler.clock import utc_now
from scheduler.model.platforms import PLATFORMS

from .base import (
    LONGEST_DAYS,
    Context,
    cli,
    handles_errors,
    json_option,
    load,
    log_format_option,
    pass_context,
)
from .planning import show_next_slots


@cli.command()
@click.option("--dry-run", is_flag=True, help="Post every account to var/outbox/.")
@click.option("--once", is_flag=True, help="Publish what is due now, then exit.")
@log_format_option
@pass_context
@handles_errors
def run(ctx: Context, dry_run: bool, once: bool, log_format: str) -> None:
    """Run the daemon: publish at every slot until Ctrl-C or SIGTERM."""
    from scheduler.delivery.daemon import Daemon
    from scheduler.logs import setup_logging

    setup_logging(log_format=log_format)
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
    from scheduler.output import print_json, print_table
    from scheduler.reports.account_checks import account_report

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

    from scheduler.output import print_json, print_table, say
    from scheduler.reports.status import status_report

    report = status_report(ctx.project, load(ctx), utc_now())
    if as_json:
        print_json(report)
        return
    print_table(
        "Accounts",
        ["account", "mode", "next slot", "last result", "dry without recycling", "trouble"],
        [
            (
                a["account"],
                a["mode"],
                a["next_slot"],
                a["last_result"],
                a["runs_dry_without_recycling"] or "not within 3 years",
                a["trouble"],
            )
            for a in report["accounts"]
        ],
    )
    if report["open_claims"]:
        print_table(
            "Open claims",
            ["account", "slot", "state", "error"],
            [(c["account"], c["slot"], c["state"], c["error"]) for c in report["open_claims"]],
        )
    if report["open_comments"]:
        print_table(
            "Link comments owed",
            ["account", "claim", "state", "error"],
            [(c["account"], c["claim"], c["state"], c["error"]) for c in report["open_comments"]],
        )
    say(f"ledger: {report['totals']}", markup=False)
    timeline = report["essays_on_timeline"]
    if isinstance(timeline, dict) and timeline["message"]:
        say(timeline["message"], markup=False)


@cli.command()
@click.argument("snippet_id")
@click.option("--to", "platform", required=True, type=click.Choice(PLATFORMS))
@click.option("--force", is_flag=True, help="Post again even if already published there.")
@json_option
@pass_context
@handles_errors
def publish(ctx: Context, snippet_id: str, platform: str, force: bool, as_json: bool) -> None:
    """Publish one snippet now, through the ledger like the daemon."""
    from scheduler.delivery.publish_now import publish_now
    from scheduler.output import print_json, say

    result = publish_now(ctx.project, snippet_id, platform, force=force)
    row = result.as_dict()
    ctx.trail().record(
        "post-now",
        row.get("snippet_id") or snippet_id,
        {"platform": platform, "state": row["state"]},
    )
    if as_json:
        print_json(result.as_dict())
    else:
        row = result.as_dict()
        say(
            f"{row['status']}: {row['remote_id'] or ''} {row['url'] or ''} {row['error'] or ''}",
            markup=False,
        )
    if row_status_ok(result.as_dict()):
        return
    sys.exit(1)


def row_status_ok(row: dict[str, Any]) -> bool:
    comment = row.get("comment") or {}
    return row["status"] in ("published", "duplicate") and comment.get("state") in (None, "done")


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
@log_format_option
@pass_context
@handles_errors
def serve(
    ctx: Context, host: str, port: int, no_daemon: bool, dry_run: bool, log_format: str
) -> None:
    """Serve the staff desk (and run the daemon in the same process)."""
    from scheduler.logs import setup_logging
    from scheduler.web.server import serve as serve_desk

    setup_logging(log_format=log_format)
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
    type=click.Choice(PLATFORMS),
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

    from scheduler.cli.card_files import write_cards
    from scheduler.errors import UsageError
    from scheduler.output import say

    content = load(ctx)
    if not snippet_ids and not every:
        raise UsageError("name a snippet id, or --all", hint="scheduler card ID [-o card.png]")
    written = write_cards(
        content,
        list(snippet_ids),
        every=every,
        platforms=list(platforms or PLATFORMS),
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
        ),
        markup=False,
    )


@cli.command()
@click.option("--days", type=click.IntRange(min=1, max=LONGEST_DAYS), help="Only the last N days.")
@json_option
@pass_context
@handles_errors
def clicks(ctx: Context, days: int | None, as_json: bool) -> None:
    """Clicks on short links, per snippet, essay and platform."""
    from datetime import timedelta

    from scheduler.output import print_json, print_table
    from scheduler.reports.rows import existing_ledger
    from scheduler.store.ledger.links import click_counts

    ledger = existing_ledger(ctx.project)
    since = utc_now() - timedelta(days=days) if days else None
    rows = click_counts(ledger, since) if ledger else []
    if as_json:
        print_json(rows)
        return
    print_table(
        "Clicks",
        ["snippet", "essay", "platform", "clicks"],
        [(r["snippet_id"], r["essay"], r["platform"], r["clicks"]) for r in rows],
    )
