"""Commands on content: reading essays and steering the queue."""

from __future__ import annotations

import sys

import click

from .base import Context, cli, handles_errors, json_option, load, pass_context


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@json_option
@pass_context
@handles_errors
def ingest(ctx: Context, paths: tuple[str, ...], as_json: bool) -> None:
    """Read essays (files, or the essays in a folder; default: posts/essays/) and merge their
    snippets into posts/queue/."""
    from pathlib import Path

    from scheduler.output import plain, print_json, print_table, say
    from scheduler.store.ingest import ingest as run_ingest

    progress = (
        None
        if as_json or not sys.stderr.isatty()
        else (lambda name: say(f"reading {plain(name)}", err=True))
    )
    report = run_ingest(ctx.project, [Path(p) for p in paths], progress)
    if ctx.project.has_ledger():
        # A new project's first ingest creates the project, not a change anyone answers for:
        # it is left out of the trail rather than making a ledger (and paying its import) here.
        from scheduler.store.ingest import ingest_summary

        ctx.trail().record("ingest", None, ingest_summary(report))
    if as_json:
        print_json(report.as_dict())
    else:
        print_table(
            "Ingested",
            ["essay", "kind", "snippets", "new", "orphaned"],
            [(e.title, e.kind, e.snippets, e.added, e.orphaned) for e in report.essays],
        )
        if report.config_written:
            say(f"wrote {plain(ctx.project.config_path)} from the essays' footer")
        for clash in report.clashes:
            say(f"[yellow]warning:[/yellow] {plain(clash)}", err=True)
        for error in report.errors:
            say(f"[red]error:[/red] {plain(error.message)}", err=True)
    if report.errors:
        sys.exit(2)


@cli.command()
@json_option
@pass_context
@handles_errors
def queue(ctx: Context, as_json: bool) -> None:
    """List the snippets with their status and each platform's text."""
    from scheduler.output import print_rows
    from scheduler.reports.rows import existing_ledger, published_ids, queue_rows
    from scheduler.store.ledger.links import clicks_by_snippet

    content = load(ctx)
    ledger = existing_ledger(ctx.project)
    clicks = clicks_by_snippet(ledger) if ledger is not None else {}
    rows = queue_rows(content, published_ids(ledger), clicks)
    print_rows(
        rows,
        as_json,
        f"Queue: {len(rows)} snippets",
        ["id", "status", "essay", "X", "quote"],
        lambda r: (r["id"], r["status"], r["essay"], r["lengths"]["twitter"]["length"], r["quote"]),
    )


@cli.command()
@json_option
@pass_context
@handles_errors
def essays(ctx: Context, as_json: bool) -> None:
    """List the essays with their snippet counts and links."""
    from scheduler.output import print_json, print_table, say
    from scheduler.reports.rows import essay_rows

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
            f"{len(lacking)} essays link to the blog timeline: 'scheduler links discover' "
            "finds their pages, or add them under blog.essay_urls in config/scheduler.yaml"
        )


@cli.command()
@click.argument("snippet_id")
@json_option
@pass_context
@handles_errors
def preview(ctx: Context, snippet_id: str, as_json: bool) -> None:
    """Show each platform's text for a snippet, with its weighted length."""
    from scheduler.output import plain, print_json, say
    from scheduler.reports.rows import snippet_row
    from scheduler.store.content import find_snippet

    content = load(ctx)
    row = snippet_row(find_snippet(content, snippet_id), content, set())
    if as_json:
        print_json(row)
        return
    say(f"[bold]{row['id']}[/bold] · {plain(row['essay_title'])} · {row['status']}")
    if row["why"]:
        say(f"why: {plain(row['why'])}")
    for platform, text in row["render"].items():
        length = row["lengths"][platform]
        mark = "ok" if length["fits"] else "[red]too long[/red]"
        say(f"\n[bold]{platform}[/bold] ({length['length']}/{length['limit']}, {mark})")
        say(text, markup=False)
        if row["comments"].get(platform):
            say(f"[dim]first comment:[/dim] {plain(row['comments'][platform])}")


def _status_command(name: str, status_help: str) -> None:
    @cli.command(name=name, help=status_help)
    @click.argument("snippet_ids", nargs=-1, required=True)
    @pass_context
    @handles_errors
    def command(ctx: Context, snippet_ids: tuple[str, ...]) -> None:
        from scheduler.output import say
        from scheduler.team import queue_edits

        getattr(queue_edits, name)(ctx.project, snippet_ids, ctx.trail())
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
    from scheduler.output import say
    from scheduler.store.content import find_snippet
    from scheduler.team import queue_edits

    snippet = find_snippet(load(ctx), snippet_id)
    edited = click.edit(snippet.quote + "\n", require_save=True)
    if edited is None or edited.strip() == snippet.quote:
        say("no change")
        return
    queue_edits.edit_quote(ctx.project, snippet.id, edited, trail=ctx.trail())
    say(f"saved {snippet.id}")
