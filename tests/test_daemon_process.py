"""The daemon as a real process: it publishes at its slots and stops cleanly on SIGTERM."""

from __future__ import annotations

import json
import signal

import pytest

from scheduler.store.ledger import Ledger
from scheduler.store.ledger.schema import PUBLISHED
from tests.daemon_harness import one_off_slots, set_slots, soon, start_daemon, stop, wait_for

pytestmark = pytest.mark.slow


def outbox(project):
    folder = project.outbox_dir
    return sorted(folder.glob("*.json")) if folder.exists() else []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_the_daemon_publishes_at_its_slots_and_stops_cleanly(project, sig):
    set_slots(project, one_off_slots(soon([3, 5])))
    process = start_daemon(project, "--dry-run")
    try:
        assert wait_for(lambda: len(outbox(project)) >= 6, timeout=60), (
            project.root / "daemon.log"
        ).read_text()
    finally:
        code = stop(process, sig)
    log = (project.root / "daemon.log").read_text()
    assert code == 0, log
    assert "daemon stopped" in log and "Traceback" not in log
    assert "no credentials: posting to the dry-run outbox" in log

    files = outbox(project)
    assert len(files) == 6
    sent = [json.loads(f.read_text()) for f in files]
    ledger = Ledger(project.ledger_url)
    published = ledger.claims(states={PUBLISHED})
    assert len(published) == 6
    assert {c.remote_id for c in published} == {s["remote_id"] for s in sent}
    assert {(c.account, c.snippet_id) for c in published} == {
        (f"{s['platform']}:{s['handle']}", s["snippet_id"]) for s in sent
    }
    assert all(
        c.text == next(s["text"] for s in sent if s["remote_id"] == c.remote_id) for c in published
    )


def test_once_publishes_what_is_due_and_exits(project):
    set_slots(project, one_off_slots(soon([-60])))  # a minute ago: within the grace period
    import subprocess
    import sys

    from tests.daemon_harness import daemon_env

    result = subprocess.run(
        [sys.executable, "-m", "scheduler.cli", "--root", str(project.root), "run", "--once"],
        env=daemon_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert len(outbox(project)) == 3


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_serve_runs_the_desk_and_the_daemon_and_exits_0_on_a_stop_signal(project, sig):
    import socket
    import subprocess
    import sys
    import urllib.request

    from tests.daemon_harness import daemon_env

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = project.root / "serve.log"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scheduler.cli",
            "--root",
            str(project.root),
            "serve",
            "--port",
            str(port),
            "--dry-run",
        ],
        env=daemon_env(SCHEDULER_DESK_PASSWORD="x"),
        stdout=open(log, "wb"),
        stderr=subprocess.STDOUT,
    )

    def healthy() -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as answer:
                # the public answer: ok means the daemon beside the desk is running
                return json.load(answer)["ok"] is True
        except OSError:
            return False

    try:
        assert wait_for(healthy, timeout=60), log.read_text()
    finally:
        code = stop(process, sig)
    text = log.read_text()
    assert code == 0, text
    assert f"Desk: http://127.0.0.1:{port}/" in text and "Next slots" in text
    assert "daemon stopped" in text and "Traceback" not in text
