"""What every figure group shares: figures, progress, child processes, project folders."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[2]
BUNDLED_ESSAYS = REPO / "posts" / "essays"
ZONE = ZoneInfo("Europe/Amsterdam")  # the timezone the bundled config is written in
PLATFORMS = ("twitter", "linkedin", "facebook")

# Nothing a benchmark starts may reach a real platform or a real project: these never pass on.
_SCRUBBED = (
    "SCHEDULER_ROOT",
    "SCHEDULER_DATABASE_URL",
    "SCHEDULER_TICK_SECONDS",
    "SCHEDULER_X_API_BASE",
    "SCHEDULER_LINKEDIN_API_BASE",
    "SCHEDULER_FACEBOOK_API_BASE",
    "X_API_KEY",
    "X_API_SECRET",
    "X_ACCESS_TOKEN",
    "X_ACCESS_TOKEN_SECRET",
    "LINKEDIN_ACCESS_TOKEN",
    "FACEBOOK_PAGE_ID",
    "FACEBOOK_PAGE_TOKEN",
)


@dataclass
class Figure:
    name: str
    value: float | int | None  # None: not measured, and `note` says why
    unit: str
    note: str = ""
    target: str = ""  # e.g. "<= 50"; empty when there is no target
    met: bool | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"name": self.name, "value": self.value, "unit": self.unit}
        if self.note:
            out["note"] = self.note
        if self.target:
            out["target"] = self.target
            out["target_met"] = self.met
        if self.extra:
            out["detail"] = self.extra
        return out


def not_measured(name: str, unit: str, reason: str, target: str = "") -> Figure:
    return Figure(name, None, unit, note=f"n/a: {reason}", target=target)


def with_target(figure: Figure, limit: float) -> Figure:
    """Mark a figure against an upper limit (every target here is "at most")."""
    figure.target = f"<= {limit:g}"
    figure.met = None if figure.value is None else figure.value <= limit
    return figure


# ---- progress ------------------------------------------------------------------------------

_STARTED = time.monotonic()


def say(message: str) -> None:
    print(f"[bench {time.monotonic() - _STARTED:6.1f}s] {message}", file=sys.stderr, flush=True)


# ---- child processes -----------------------------------------------------------------------


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED}
    paths = [str(REPO)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


def scheduler_command() -> list[str]:
    """The installed console script next to this interpreter, else `python -m scheduler.cli`."""
    script = Path(sys.executable).parent / "scheduler"
    if script.exists() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "scheduler.cli"]


def describe_scheduler_command() -> str:
    cmd = scheduler_command()
    return "console script" if len(cmd) == 1 else "python -m scheduler.cli (no console script)"


@dataclass(frozen=True)
class Run:
    seconds: float
    max_rss_mb: float  # this child's own peak resident set (wait4 rusage)
    returncode: int
    stdout: bytes


def run_timed(
    cmd: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path | None = None
) -> Run:
    """Wall time and peak RSS of one child process, from fork to exit."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(
            list(cmd),
            stdout=out,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            env=env or child_env(),
            cwd=cwd,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        stdout = out.read()
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode, stdout)


def check(run: Run, what: str) -> Run:
    if run.returncode != 0:
        raise RuntimeError(f"{what} exited with {run.returncode}: {run.stdout[-500:]!r}")
    return run


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile: the smallest value with at least p% of values at or below."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))  # ceil
    return ordered[int(rank) - 1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Background:
    """A long-running child (daemon, fake server) with its stderr in a log file."""

    def __init__(self, cmd: Sequence[str], log: Path, env: dict[str, str]) -> None:
        self.log_path = log
        self._log = open(log, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            list(cmd),
            stdout=subprocess.DEVNULL,
            stderr=self._log,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
        self.started = time.monotonic()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_for_log(self, pattern: str, timeout: float) -> float:
        """Seconds until the pattern appears in the log; raise if the child dies or stalls."""
        regex = re.compile(pattern)
        while time.monotonic() - self.started < timeout:
            if regex.search(self.log_text()):
                return time.monotonic() - self.started
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.proc.args[:4]} exited: {self.log_text()[-800:]}")
            time.sleep(0.05)
        raise RuntimeError(f"no {pattern!r} after {timeout:.0f}s: {self.log_text()[-800:]}")

    def stop(self, grace: float = 15.0) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()

    def __enter__(self) -> Background:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextlib.contextmanager
def fake_platforms(workdir: Path, latency: float = 0.0) -> Iterator[str]:
    """tests.fakes in its own process; yields its base URL."""
    port = free_port()
    cmd = [sys.executable, "-m", "tests.fakes", "--port", str(port), "--latency", str(latency)]
    server = Background(cmd, workdir / f"fakes-{port}.log", child_env())
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            if server.proc.poll() is not None:
                raise RuntimeError(f"the fake server exited: {server.log_text()[-500:]}")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop(grace=5)


def live_env(base_url: str, **extra: str) -> dict[str, str]:
    """Environment for a daemon whose live publishers talk to the fake server."""
    from tests.fakes import accounts as fake

    return child_env(**fake.live_env(base_url), **extra)


def fake_posts(base_url: str) -> list[dict[str, object]]:
    import json
    import urllib.request

    with urllib.request.urlopen(f"{base_url}/_fake/posts", timeout=30) as answer:
        return json.loads(answer.read())


# ---- project folders -----------------------------------------------------------------------


class Workspace:
    """A temporary folder for the whole run, with one ingested project to copy from."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="scheduler-bench-"))
        self._template: Path | None = None

    def fresh_root(self, name: str) -> Path:
        """A project folder holding only the bundled essays, as a new user has it."""
        root = self.dir / name
        if root.exists():
            shutil.rmtree(root)
        (root / "posts").mkdir(parents=True)
        shutil.copytree(BUNDLED_ESSAYS, root / "posts" / "essays")
        return root

    def ingested_root(self, name: str) -> Path:
        """A copy of a project where the bundled essays are already ingested."""
        if self._template is None:
            template = self.fresh_root("template")
            check(run_timed([*scheduler_command(), "--root", str(template), "ingest"]), "ingest")
            self._template = template
        root = self.dir / name
        if root.exists():
            shutil.rmtree(root)
        shutil.copytree(self._template, root, ignore=shutil.ignore_patterns("var"))
        return root

    def cleanup(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def set_accounts(root: Path, accounts_yaml: str, *, rules: dict[str, str] | None = None) -> None:
    """Replace the accounts (the last section ingest writes) and override some rules."""
    path = root / "config" / "scheduler.yaml"
    text = path.read_text(encoding="utf-8")
    head, marker, _ = text.partition("\naccounts:")
    if not marker:
        raise RuntimeError(f"{path} has no accounts section to replace")
    for key, value in (rules or {}).items():
        head, count = re.subn(rf"(?m)^(  {key}:).*$", rf"\1 {value}", head)
        if not count:
            raise RuntimeError(f"{path} has no rules.{key} to override")
    path.write_text(head + "\naccounts:\n" + accounts_yaml, encoding="utf-8")


def handle(n: int, width: int = 4) -> str:
    return f"acct{n:0{width}d}"


def weekly_accounts(count: int, times: Sequence[str]) -> str:
    """`count` accounts, platforms round-robin, each with the same daily slot times."""
    width = max(4, len(str(count)))
    slot = "[{days: daily, times: [" + ", ".join(f"'{t}'" for t in times) + "]}]"
    return "".join(
        f"  - {{platform: {PLATFORMS[n % 3]}, handle: {handle(n + 1, width)}, slots: {slot}}}\n"
        for n in range(count)
    )


def one_off_accounts(moments: Sequence[Sequence[datetime]]) -> str:
    """One account per entry of `moments`, platforms round-robin, each with one-off slots."""
    width = max(4, len(str(len(moments))))
    lines = []
    for n, ats in enumerate(moments):
        slots = ", ".join(f"{{at: '{at.astimezone(ZONE).isoformat()}'}}" for at in ats)
        lines.append(
            f"  - {{platform: {PLATFORMS[n % 3]}, handle: {handle(n + 1, width)}, "
            f"slots: [{slots}]}}\n"
        )
    return "".join(lines)


def times_away_from(now: datetime, count: int, keep_clear: timedelta) -> list[str]:
    """`count` wall-clock times a day, none within `keep_clear` either side of now."""
    local = now.astimezone(ZONE)
    step = timedelta(days=1) / count
    first = keep_clear + timedelta(minutes=1)
    if step < 2 * first:
        raise ValueError("too many slots a day to keep the window clear")
    return sorted((local + first + n * step).strftime("%H:%M") for n in range(count))
