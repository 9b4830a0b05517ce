"""The command line: a thin skin over the library. Each command parses, calls, prints.

Imports happen inside the commands, so `scheduler --help` costs little more than click.
Each module below adds its commands to the one group in ``base``.
"""

from __future__ import annotations

from . import content, links, ops, planning, running, team  # noqa: F401  (they register commands)
from .base import cli

__all__ = ["cli", "main"]


def main() -> None:
    cli(prog_name="scheduler")
