"""Cold `scheduler --help` against a bare interpreter and against importing click alone."""

from __future__ import annotations

import sys

from tests.benchmarks.common import (
    Figure,
    check,
    describe_scheduler_command,
    median,
    run_timed,
    say,
    scheduler_command,
)

ROUNDS = 15


def run(_ws: object) -> list[Figure]:
    commands = {
        "help": [*scheduler_command(), "--help"],
        "python": [sys.executable, "-c", "pass"],
        "click": [sys.executable, "-c", "import click"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    say(f"scheduler --help, python -c pass, python -c 'import click': {ROUNDS} rounds each")
    for _ in range(ROUNDS + 1):  # interleaved; the first round only warms the page cache
        for name, cmd in commands.items():
            times[name].append(check(run_timed(cmd), name).seconds)
    med = {name: median(values[1:]) for name, values in times.items()}
    detail = {f"{name}_ms": round(value * 1000, 1) for name, value in med.items()}
    how = f"median of {ROUNDS} interleaved runs; scheduler via {describe_scheduler_command()}"
    return [
        Figure(
            "cli_help_vs_python",
            round(med["help"] / med["python"], 2),
            "x",
            note=f"{how}; --help {detail['help_ms']} ms, python -c pass {detail['python_ms']} ms",
            extra=detail,
        ),
        Figure(
            "cli_help_vs_cli_lib",
            round(med["help"] / med["click"], 2),
            "x",
            note=f"python -c 'import click' {detail['click_ms']} ms",
            extra=detail,
        ),
    ]
