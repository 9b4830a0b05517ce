"""Running the real daemon as a process on a project folder, for end-to-end tests."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from scheduler.store.project import Project

REPO = Path(__file__).resolve().parent.parent


def one_off_slots(moments: Sequence[datetime]) -> str:
    return "slots:\n" + "".join(f"  - at: '{m.astimezone(UTC).isoformat()}'\n" for m in moments)


def set_slots(project: Project, slots_yaml: str, extra: str = "") -> None:
    """Replace the config's slots section (and blank any weekly ones)."""
    text = project.config_path.read_text()
    text = re.sub(r"^slots:\n(?:  .*\n)+", slots_yaml, text, flags=re.M)
    text = text.replace("misfire_grace: 15m", "misfire_grace: 15m" + extra)
    project.config_path.write_text(text)


def soon(seconds: Sequence[float]) -> list[datetime]:
    now = datetime.now(UTC).replace(microsecond=0)
    return [now + timedelta(seconds=s) for s in seconds]


def daemon_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("X_", "LINKEDIN_", "FACEBOOK_", "SCHEDULER_"))
    }
    env.update(
        {
            "PYTHONPATH": str(REPO),
            "SCHEDULER_TICK_SECONDS": "1",
            "SCHEDULER_SECRETS_FILE": "/nonexistent/secrets.env",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


def start_daemon(
    project: Project, *args: str, env: dict[str, str] | None = None, log: Path | None = None
) -> subprocess.Popen:
    out = open(log or project.root / "daemon.log", "ab")
    return subprocess.Popen(
        [sys.executable, "-m", "scheduler.cli", "--root", str(project.root), "run", *args],
        env=env or daemon_env(),
        stdout=out,
        stderr=subprocess.STDOUT,
        cwd=project.root,
    )


def wait_for(predicate, timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
    process.send_signal(sig)
    return process.wait(timeout=timeout)
