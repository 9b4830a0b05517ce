"""Run the figure groups, print one table, and write the same figures to var/bench.json."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from tests.benchmarks.common import (
    REPO,
    Figure,
    Workspace,
    describe_scheduler_command,
    not_measured,
    say,
)

# group -> (module, the figures it reports: name, unit, target), in the order they run.
GROUPS: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "ingest": (
        "bench_ingest",
        [
            ("ingest_seed_s", "s", ""),
            ("ingest_vs_pysbd", "x", ""),
            ("ingest_1000_essays_s", "s", ""),
            ("ingest_1000_peak_rss_mb", "MB", ""),
        ],
    ),
    "cli": ("bench_cli", [("cli_help_vs_python", "x", ""), ("cli_help_vs_cli_lib", "x", "")]),
    "simulate": ("bench_simulate", [("simulate_365d_s", "s", "")]),
    "daemon": (
        "bench_daemon",
        [
            ("daemon_rss_mb", "MB", "<= 50"),
            ("daemon_idle_cpu_pct", "%", "<= 0.1"),
            ("daemon_rss_10k_mb", "MB", "<= 60"),
        ],
    ),
    "publish": (
        "bench_publish",
        [
            ("slot_lateness_p99_s", "s", "<= 1"),
            ("burst_1000_s", "s", ""),
            ("burst_vs_ideal", "x", "<= 1.5"),
            ("burst_concurrency", "workers", ""),
        ],
    ),
    "ledger": ("bench_ledger", [("ledger_pg_claims_per_s", "claims/s", "")]),
}
OUTPUT = REPO / "var" / "bench.json"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__)
    parser.add_argument("groups", nargs="*", metavar="group",
                        help=f"run only these ({', '.join(GROUPS)}); default: all")  # fmt: skip
    parser.add_argument("--output", type=Path, default=OUTPUT, help="default: var/bench.json")
    args = parser.parse_args(argv)
    unknown = [g for g in args.groups if g not in GROUPS]
    if unknown:
        parser.error(f"unknown group(s) {', '.join(unknown)}; choose from {', '.join(GROUPS)}")
    chosen = args.groups or list(GROUPS)
    began = time.monotonic()
    ws = Workspace()
    say(f"scheduler via {describe_scheduler_command()}; scratch folder {ws.dir}")
    figures: list[Figure] = []
    try:
        for group in chosen:
            figures += run_group(group, ws)
    finally:
        ws.cleanup()
    total = time.monotonic() - began
    document = {
        "machine": machine(),
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "duration_s": round(total, 1),
        "groups": chosen,
        "figures": [f.as_dict() for f in figures],
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print_table(figures, document["machine"], total)
    say(f"done in {total:.0f}s; wrote {args.output}")
    return 0


def run_group(group: str, ws: Workspace) -> list[Figure]:
    module_name, expected = GROUPS[group]
    say(f"--- {group}")
    try:
        module = importlib.import_module(f"tests.benchmarks.{module_name}")
        return module.run(ws)
    except Exception as exc:  # a broken group is reported, never invented
        say(f"{group} failed: {type(exc).__name__}: {exc}")
        reason = f"{group} benchmark failed: {type(exc).__name__}: {str(exc)[:160]}"
        return [not_measured(name, unit, reason, target) for name, unit, target in expected]


def machine() -> dict[str, object]:
    info: dict[str, object] = {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "os": platform.platform(),
        "date": datetime.now(UTC).date().isoformat(),
    }
    try:
        import psutil

        info["ram_gb"] = round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:
        info["ram_gb"] = _meminfo_gb()
    return info


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _meminfo_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return None


def _value(figure: Figure) -> str:
    if figure.value is None:
        return "n/a"
    if isinstance(figure.value, float):
        return f"{figure.value:g}"
    return str(figure.value)


def print_table(figures: list[Figure], info: dict[str, object], total: float) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title="Benchmarks",
        caption=f"{info['cpu']} · {info['cores']} cores · {info['ram_gb']} GB RAM · "
        f"Python {info['python']} · {info['date']} · {total:.0f} s",
    )
    for column, justify in (("figure", "left"), ("value", "right"), ("unit", "left"),
                            ("target", "left"), ("", "left"), ("how / why", "left")):  # fmt: skip
        table.add_column(column, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for f in figures:
        status = "" if f.met is None else ("[green]met[/green]" if f.met else "[red]missed[/red]")
        table.add_row(f.name, _value(f), f.unit, f.target, status, f.note)
    Console(width=max(120, Console().width)).print(table)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
