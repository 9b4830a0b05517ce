"""A year of the planner and the daemon's slot logic on a virtual clock, 3 accounts."""

from __future__ import annotations

import json

from tests.benchmarks.common import (
    Figure,
    Workspace,
    check,
    median,
    run_timed,
    say,
    scheduler_command,
)

ROUNDS = 3
START = "2026-01-05T00:00:00+01:00"  # fixed, so every run simulates the same year


def run(ws: Workspace) -> list[Figure]:
    root = ws.ingested_root("simulate")
    cmd = [*scheduler_command(), "--root", str(root), "simulate", "--days", "365"]
    cmd += ["--start", START, "--json"]
    times, posts = [], 0
    for n in range(ROUNDS):
        say(f"simulate --days 365, round {n + 1}/{ROUNDS}")
        result = check(run_timed(cmd), "simulate")
        times.append(result.seconds)
        posts = len(json.loads(result.stdout))
    return [
        Figure(
            "simulate_365d_s",
            round(median(times), 2),
            "s",
            note=f"median of {ROUNDS} processes; bundled 3 accounts, {posts} posts planned",
            extra={"posts": posts},
        )
    ]
