"""Commands on the people at the desk: staff accounts and the audit trail of their changes."""

from __future__ import annotations

import sys
from typing import Any

import click

from scheduler.clock import utc_now

from .base import Context, Days, cli, handles_errors, json_option, pass_context


@cli.group()
def staff() -> None:
    """Named staff of the desk: add, list, change a password, remove."""


def read_password(from_stdin: bool) -> str:
    """From stdin (one line) with --password-stdin, else asked twice without echo."""
    from scheduler.errors import UsageError

    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        raise UsageError(
            "no terminal to ask the password on",
            hint="pipe it in with --password-stdin: printf '%s\\n' \"$PW\" | scheduler staff …",
        )
    return password


def team_of(ctx: Context) -> Any:
    from scheduler.team.members import Team

    return Team(ctx.ledger())


def now() -> Any:

    return utc_now()


@staff.command("add")
@click.argument("name")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["editor", "approver", "admin"]),
    help="What they may do.",
)
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin (one line).")
@pass_context
@handles_errors
def staff_add(ctx: Context, name: str, role: str, password_stdin: bool) -> None:
    """Add a staff member with a role; the password is asked without echo."""
    from scheduler.output import say
    from scheduler.team.members import check_new_name

    team = team_of(ctx)
    check_new_name(name)  # before asking a password for a name that cannot be
    member = team.add(name, role, read_password(password_stdin), now())
    ctx.trail().record("staff-add", None, {"name": member.name, "role": member.role})
    say(f"added {member.name} ({member.role})", markup=False)


@staff.command("list")
@json_option
@pass_context
@handles_errors
def staff_list(ctx: Context, as_json: bool) -> None:
    """List the staff and their roles (never a password hash)."""
    from scheduler.output import print_rows
    from scheduler.team.members import BUILTIN_ADMIN

    team = team_of(ctx)
    rows = [team.member(BUILTIN_ADMIN).as_dict()] + [m.as_dict() for m in team.members()]
    print_rows(
        rows,
        as_json,
        f"Staff: {len(rows)}",
        ["name", "role", "since"],
        lambda r: (r["name"], r["role"], r["created_at"] or "the desk password"),
    )


@staff.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin (one line).")
@pass_context
@handles_errors
def staff_passwd(ctx: Context, name: str, password_stdin: bool) -> None:
    """Set a new password; the member's sessions end at once."""
    from scheduler.errors import UsageError
    from scheduler.output import say
    from scheduler.team.members import BUILTIN_ADMIN

    if name == BUILTIN_ADMIN:
        raise UsageError(
            "the built-in admin logs in with the desk password",
            hint="set SCHEDULER_DESK_PASSWORD, or SCHEDULER_DESK_PASSWORD_HASH in the secrets file",
        )
    team = team_of(ctx)
    if team.member(name) is None:
        raise UsageError(f"no staff member {name!r}", hint="list them with 'scheduler staff list'")
    team.set_password(name, read_password(password_stdin), now())
    ctx.trail().record("staff-passwd", None, {"name": name})
    say(f"new password for {name}; their sessions have ended", markup=False)


@staff.command("remove")
@click.argument("name")
@pass_context
@handles_errors
def staff_remove(ctx: Context, name: str) -> None:
    """Remove a staff member; their sessions end at once."""
    from scheduler.output import say

    team_of(ctx).remove(name)
    ctx.trail().record("staff-remove", None, {"name": name})
    say(f"removed {name}; their sessions have ended", markup=False)


@cli.command()
@click.option("--days", default=30.0, show_default=True, type=Days(min_open=True))
@json_option
@pass_context
@handles_errors
def audit(ctx: Context, days: float, as_json: bool) -> None:
    """The audit trail: who changed what and when, newest first."""
    from datetime import timedelta

    from scheduler.output import print_rows
    from scheduler.reports.rows import existing_ledger
    from scheduler.store.audit import entries

    ledger = existing_ledger(ctx.project)
    rows = (
        [e.as_dict() for e in entries(ledger, since=now() - timedelta(days=days))] if ledger else []
    )
    print_rows(
        rows,
        as_json,
        f"Audit: {len(rows)} changes in {days:g} days",
        ["at", "who", "action", "snippet", "detail"],
        lambda r: (r["at"], r["who"], r["action"], r["snippet_id"] or "", r["detail"] or ""),
    )
