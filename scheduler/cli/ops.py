"""Commands for running unattended: doctor, backup and restore, the systemd service."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from scheduler.clock import utc_now

from .base import Context, cli, handles_errors, json_option, pass_context


@cli.command()
@click.option("--no-platforms", is_flag=True, help="Do not call the platforms to check tokens.")
@json_option
@pass_context
@handles_errors
def doctor(ctx: Context, no_platforms: bool, as_json: bool) -> None:
    """Is everything ready to publish unattended? Each check with its fix; exit 1 if one fails."""

    from scheduler.ops.doctor import as_rows, diagnose
    from scheduler.output import print_json, print_table

    checks = diagnose(ctx.project, utc_now(), check_platforms=not no_platforms)
    if as_json:
        print_json(as_rows(checks))
    else:
        print_table(
            "Doctor",
            ["check", "ok", "detail", "fix"],
            [(c.name, "ok" if c.ok else "FAIL", c.detail, c.fix or "") for c in checks],
        )
    if not all(c.ok for c in checks):
        sys.exit(1)


@cli.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The copy.")
@pass_context
@handles_errors
def backup(ctx: Context, output: str) -> None:
    """A consistent copy of the SQLite ledger while the daemon runs (PostgreSQL: pg_dump)."""
    from scheduler.errors import ServerLedger
    from scheduler.store.backup import backup as copy_ledger
    from scheduler.store.backup import server_command

    try:
        counts = copy_ledger(ctx.project, Path(output))
    except ServerLedger as exc:
        _server_tool(exc, server_command(ctx.project, "pg_dump", Path(output)))
    held = ", ".join(f"{n} {state}" for state, n in counts.items()) or "no claims"
    click.echo(f"backed up the ledger to {output}: {sum(counts.values())} claims ({held})")


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@pass_context
@handles_errors
def restore(ctx: Context, file: str) -> None:
    """Put a backup in place of the SQLite ledger; refused while a daemon holds the ledger."""

    from scheduler.delivery.timing import heartbeat_window
    from scheduler.errors import ServerLedger
    from scheduler.store.backup import restore as put_back
    from scheduler.store.backup import server_command
    from scheduler.store.ledger.files import claim_counts

    try:
        kept = put_back(ctx.project, Path(file), utc_now(), heartbeat_window())
    except ServerLedger as exc:
        _server_tool(exc, server_command(ctx.project, "pg_restore", Path(file)))
    ctx.project.ledger().close()  # a backup from an older release is migrated now
    counts = claim_counts(ctx.project.sqlite_ledger_path)  # type: ignore[arg-type]
    click.echo(f"restored {file}: {sum(counts.values())} claims")
    if kept:
        click.echo(f"the ledger it replaced is kept at {kept}")


def _server_tool(exc: Exception, command: str) -> None:
    """No copy was made: say which tool does it, print its command, exit 1."""
    click.echo(f"{exc}; the command (add the password via PGPASSWORD or ~/.pgpass):", err=True)
    click.echo(command)
    sys.exit(1)


@cli.group()
def service() -> None:
    """Run the daemon as a systemd service."""


user_option = click.option("--user", "user_unit", is_flag=True, help="For `systemctl --user`.")
no_desk_option = click.option(
    "--no-desk", is_flag=True, help="Run only the daemon (`scheduler run`), no desk."
)


@service.command()
@user_option
@no_desk_option
@pass_context
@handles_errors
def unit(ctx: Context, user_unit: bool, no_desk: bool) -> None:
    """Print the systemd unit for this project."""
    from scheduler.ops.service import unit_text

    click.echo(unit_text(ctx.project, user=user_unit, desk=not no_desk), nl=False)


@service.command()
@user_option
@no_desk_option
@pass_context
@handles_errors
def install(ctx: Context, user_unit: bool, no_desk: bool) -> None:
    """Write the unit file, reload systemd, enable and start the service."""
    from scheduler.ops.service import install_unit

    for line in install_unit(ctx.project, user=user_unit, desk=not no_desk):
        click.echo(line)
