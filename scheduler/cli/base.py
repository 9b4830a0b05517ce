"""The command group and what every command shares: the project context and error handling.

Imports happen inside the commands, so `scheduler --help` costs little more than click.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

import click

json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
log_format_option = click.option(
    "--log-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    envvar="SCHEDULER_LOG_FORMAT",
    help="Log lines on stderr: key=value text, or one JSON object each for log shippers.",
)


LONGEST_DAYS = 3660  # ten years: --days beyond it would only overflow the calendar


class Days(click.FloatRange):
    """A number of days up to ten years; nan, which every comparison lets through, is refused."""

    name = "days"

    def __init__(self, *, min_open: bool = False) -> None:
        super().__init__(min=0, max=LONGEST_DAYS, min_open=min_open)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        days = super().convert(value, param, ctx)
        if days != days:
            self.fail(f"{value!r} is not a number of days", param, ctx)
        return days


class Context:
    def __init__(self, root: str | None, debug: bool, acting_as: str | None = None) -> None:
        self.root = root
        self.debug = debug
        self.acting_as = acting_as
        self._ledger: Any = None

    @property
    def project(self) -> Any:
        from scheduler.store.project import Project

        return Project.locate(self.root)

    @property
    def who(self) -> str:
        """The name changes are recorded under: --as, else the user running the command."""
        import getpass

        return self.acting_as or os.environ.get("USER") or getpass.getuser()

    def ledger(self) -> Any:
        if self._ledger is None:
            self._ledger = self.project.ledger()
        return self._ledger

    def trail(self) -> Any:
        """The audit trail, written as ``who``."""
        from scheduler.store.audit import Trail

        return Trail(self.who, self.ledger)


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
@click.option(
    "--as",
    "acting_as",
    metavar="NAME",
    help="Record changes in the audit trail under this name (default: $USER).",
)
@click.version_option(package_name="essay-scheduler")
@click.pass_context
def cli(ctx: click.Context, root: str | None, debug: bool, acting_as: str | None) -> None:
    """Cut essays into quotes that stand on their own and publish them on a schedule
    to X, LinkedIn and Facebook."""
    ctx.obj = Context(root, debug, acting_as)


pass_context = click.make_pass_decorator(Context)


def load(ctx: Context) -> Any:
    from scheduler.store.content import load_content

    return load_content(ctx.project)
