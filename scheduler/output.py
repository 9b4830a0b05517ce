"""Printing for the command line: one JSON document on stdout, or rich tables for people."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from typing import Any


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def print_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Titles and cells are shown as they are: an essay's "[sic]" is text, never markup."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(title), title_justify="left", show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(Text("" if v is None else str(v)) for v in row))
    Console().print(table)


def print_rows(
    rows: Sequence[Any],
    as_json: bool,
    title: str,
    columns: Sequence[str],
    cells: Callable[[Any], Sequence[Any]],
) -> None:
    """A listing as `--json` has it (the rows as they are) or as people read it: a table of
    the columns, with `cells` picking each row's values."""
    if as_json:
        print_json(rows)
    else:
        print_table(title, columns, [cells(row) for row in rows])


def say(message: str, *, err: bool = False, markup: bool = True) -> None:
    """A line for people; with markup, every value from a file or a user goes through plain()."""
    from rich.console import Console

    Console(stderr=err, highlight=False).print(message, markup=markup)


def plain(value: object) -> str:
    """A value shown inside a marked-up line as it is, brackets and all."""
    from rich.markup import escape

    return escape(str(value))
