"""Running unattended: backup and restore, doctor, the systemd unit, /metrics, JSON logs."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta

import pytest
from starlette.testclient import TestClient

from scheduler.delivery.daemon import Daemon
from scheduler.model.post import Outcome, Result
from scheduler.store.ledger import Ledger
from scheduler.store.ledger.schema import PUBLISHED
from scheduler.store.project import Project
from scheduler.web.server import build
from tests.fakes import accounts as fake

NOW = datetime.now(UTC).replace(microsecond=0)


def publish_some(ledger: Ledger, count: int, *, account: str = "twitter:a") -> None:
    """Claims through the daemon's own path: claimed, sent, published."""
    for n in range(count):
        slot = NOW - timedelta(days=30) + timedelta(hours=n)
        claim = ledger.claim(account, slot, f"s{n}", f"tekst {n}", "test", slot)
        assert claim is not None and ledger.mark_sent(claim, "test", slot)
        result = Result(Outcome.PUBLISHED, remote_id=str(n))
        assert ledger.record_result(ledger.get(claim.id), result, slot + timedelta(seconds=7))


# ---- backup and restore -------------------------------------------------------------------


def test_backup_holds_the_publishes_while_the_daemon_writes(run_cli, project, tmp_path):
    ledger = project.ledger()
    publish_some(ledger, 40)
    stop = threading.Event()

    def keep_writing() -> None:  # the daemon's traffic: claims and heartbeats, all the while
        n = 0
        while not stop.is_set():
            n += 1
            ledger.heartbeat("writer", NOW)
            ledger.claim("linkedin:a", NOW + timedelta(minutes=n), None, "x", "writer", NOW)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        result = run_cli("backup", "-o", str(tmp_path / "copy.sqlite3"))
    finally:
        stop.set()
        writer.join()

    assert result.exit_code == 0, result.output
    assert "40 published" in result.output
    copy = tmp_path / "copy.sqlite3"
    with sqlite3.connect(copy) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    published = Ledger(f"sqlite:///{copy}").claims(states={PUBLISHED})
    assert [c.remote_id for c in published] == [str(n) for n in range(40)]


def test_backup_onto_the_ledger_itself_is_refused_and_the_daemon_keeps_its_file(
    run_cli, project, tmp_path
):
    ledger = project.ledger()  # the running daemon's open ledger
    publish_some(ledger, 2)
    live = project.sqlite_ledger_path
    alias = tmp_path / "alias.sqlite3"
    alias.symlink_to(live)
    inode = live.stat().st_ino

    for target in (live, alias, live.with_name(live.name + "-wal")):
        result = run_cli("backup", "-o", str(target))
        assert result.exit_code == 2, result.output
        assert "is the ledger itself" in result.output and "fix:" in result.output

    assert live.stat().st_ino == inode  # not replaced under the daemon
    publish_some(ledger, 1, account="facebook:a")
    assert len(Ledger(project.ledger_url).claims()) == 3  # others read what the daemon writes
    refused = run_cli("restore", str(alias))
    assert refused.exit_code == 2 and "is the ledger itself" in refused.output


def test_restore_refuses_while_a_daemon_holds_the_ledger(run_cli, project, tmp_path):
    ledger = project.ledger()
    publish_some(ledger, 3)
    assert run_cli("backup", "-o", str(tmp_path / "b.sqlite3")).exit_code == 0
    publish_some(ledger, 5, account="facebook:a")  # after the backup
    ledger.heartbeat("vm:123:abc", datetime.now(UTC))

    refused = run_cli("restore", str(tmp_path / "b.sqlite3"))

    assert refused.exit_code == 1
    assert "a daemon holds the ledger (vm:123:abc" in refused.output
    assert len(ledger.claims()) == 8  # untouched


def test_restore_puts_the_backup_back_and_keeps_the_ledger_it_replaced(
    run_cli, project, tmp_path, monkeypatch
):
    ledger = project.ledger()
    publish_some(ledger, 3)
    assert run_cli("backup", "-o", str(tmp_path / "b.sqlite3")).exit_code == 0
    publish_some(ledger, 5, account="facebook:a")
    ledger.heartbeat("vm:123:abc", datetime.now(UTC) - timedelta(minutes=10))  # long gone
    ledger.close()

    result = run_cli("restore", str(tmp_path / "b.sqlite3"))

    assert result.exit_code == 0, result.output
    assert "restored" in result.output and "3 claims" in result.output
    assert len(Ledger(project.ledger_url).claims()) == 3
    kept = project.sqlite_ledger_path.with_name("ledger.sqlite3.before-restore")
    assert len(Ledger(f"sqlite:///{kept}").claims()) == 8


def test_restore_refuses_a_file_that_is_not_a_ledger(run_cli, project, tmp_path):
    project.ledger().close()
    junk = tmp_path / "notes.txt"
    junk.write_text("geen database\n")
    result = run_cli("restore", str(junk))
    assert result.exit_code == 2
    assert f"{junk}: not a ledger" in result.output and "fix:" in result.output


def test_backup_of_a_postgresql_ledger_prints_pg_dump_without_the_password(
    run_cli, monkeypatch, tmp_path
):
    monkeypatch.setenv("SCHEDULER_DATABASE_URL", "postgresql://sched:s3cr3t@db.internal:5433/led")
    result = run_cli("backup", "-o", str(tmp_path / "led.dump"))
    assert result.exit_code == 1
    assert "use pg_dump" in result.output
    assert f"pg_dump --format=custom --file={tmp_path / 'led.dump'} " in result.output
    assert "postgresql://sched@db.internal:5433/led" in result.output
    assert "s3cr3t" not in result.output


# ---- doctor -------------------------------------------------------------------------------

CHECKS = [
    "config",
    "essays",
    "ledger",
    "queue",
    "essay-links",
    "credentials",
    "token-expiry",
    "secrets-file",
    "clock",
    "disk",
    "daemon",
    "last-outcome",
]


def test_doctor_names_a_ledger_that_does_not_answer(run_cli, monkeypatch):
    from tests.fakes.fixtures import closed_port_url

    port = closed_port_url().rsplit(":", 1)[1]
    monkeypatch.setenv("SCHEDULER_DATABASE_URL", f"postgresql://sched:pw@127.0.0.1:{port}/led")

    result = run_cli("doctor", "--json", "--no-platforms")

    assert result.exit_code == 1
    checks = json.loads(result.output)
    assert [c["name"] for c in checks] == CHECKS
    assert all(set(c) == {"name", "ok", "detail", "fix"} for c in checks)
    ledger = next(c for c in checks if c["name"] == "ledger")
    assert ledger["ok"] is False
    assert (
        f"the ledger postgresql://sched:***@127.0.0.1:{port}/led does not answer"
        in (ledger["detail"])
    )
    assert "SCHEDULER_DATABASE_URL" in ledger["fix"]
    assert "pw@" not in result.output


def test_doctor_passes_on_a_ready_installation(run_cli, project, secrets_path, fakes, monkeypatch):
    """Live credentials the platforms accept, a link per essay, a running daemon: exit 0."""
    for name, value in fake.live_env(fakes.url).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("LINKEDIN_TOKEN_EXPIRES", (NOW + timedelta(days=50)).date().isoformat())
    essays = json.loads(run_cli("essays", "--json").output)
    urls = "".join(
        f"    {e['slug']}: https://www.inspira.nl/blog/{e['slug']}\n" for e in essays if e["post"]
    )
    config = project.config_path
    config.write_text(config.read_text().replace("  essay_urls: {}\n", f"  essay_urls:\n{urls}"))
    daemon = Daemon(project, dry_run=False)
    daemon.ledger.heartbeat(daemon.owner, datetime.now(UTC))

    result = run_cli("doctor", "--json")

    checks = {c["name"]: c for c in json.loads(result.output)}
    assert [name for name, c in checks.items() if not c["ok"]] == [], result.output
    assert result.exit_code == 0
    assert "3 account(s) live and accepted" in checks["credentials"]["detail"]
    assert "valid until" in checks["token-expiry"]["detail"]


def test_doctor_fails_on_a_secrets_file_others_can_read_and_a_failed_last_post(
    run_cli, project, secrets_path
):
    secrets_path.write_text("X_API_KEY=k\n")
    secrets_path.chmod(0o644)
    ledger = project.ledger()
    claim = ledger.claim("twitter:a", NOW - timedelta(hours=1), "s1", "t", "test", NOW)
    ledger.mark_sent(claim, "test", NOW)
    ledger.record_result(ledger.get(claim.id), Result(Outcome.REJECTED, error="403 dup"), NOW)

    result = run_cli("doctor", "--json", "--no-platforms")

    checks = {c["name"]: c for c in json.loads(result.output)}
    assert result.exit_code == 1
    assert checks["secrets-file"]["ok"] is False
    assert checks["secrets-file"]["fix"] == f"chmod 600 {secrets_path}"
    assert checks["last-outcome"]["ok"] is False and "403 dup" in checks["last-outcome"]["detail"]
    assert checks["daemon"]["ok"] is False and "no daemon is running" in checks["daemon"]["detail"]


def test_doctor_reports_bad_config_with_file_line_and_fix(run_cli, project):
    project.config_path.write_text(project.config_path.read_text() + "colour: blue\n")
    result = run_cli("doctor", "--json", "--no-platforms")
    checks = {c["name"]: c for c in json.loads(result.output)}
    assert result.exit_code == 1
    assert checks["config"]["ok"] is False
    assert f"{project.config_path}:" in checks["config"]["detail"]
    assert "unknown key 'colour'" in checks["config"]["detail"] and checks["config"]["fix"]
    assert checks["queue"]["ok"] is False and "fix the config check first" in checks["queue"]["fix"]


# ---- the systemd service ------------------------------------------------------------------


@pytest.mark.parametrize("args", [[], ["--user"], ["--no-desk"]])
def test_systemd_accepts_the_unit(run_cli, project, tmp_path, args):
    verify = shutil.which("systemd-analyze")
    if verify is None:
        pytest.skip("systemd-analyze is not installed")
    result = run_cli("service", "unit", *args)
    assert result.exit_code == 0
    unit = tmp_path / "essay-scheduler.service"
    unit.write_text(result.output)
    # System mode verifies a user unit too; a user manager is not there in CI.
    checked = subprocess.run([verify, "verify", str(unit)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert str(unit) not in checked.stderr, checked.stderr  # no warning about our file
    text = result.output
    assert "Restart=on-failure" in text and "NoNewPrivileges=yes" in text
    assert "ProtectSystem=strict" in text and "PrivateTmp=yes" in text
    assert f"ReadWritePaths={project.root / 'var'} {project.root / 'posts'}" in text
    assert f"WorkingDirectory={project.root}" in text
    assert f"EnvironmentFile=-{os.environ['SCHEDULER_SECRETS_FILE']}" in text
    assert text.count("ExecStart=") == 1
    assert ("scheduler run" if "--no-desk" in args else "scheduler serve") in text


def test_a_broken_unit_is_caught_by_the_same_check(tmp_path):
    """The check above can fail: systemd-analyze does speak up about a bad unit."""
    verify = shutil.which("systemd-analyze")
    if verify is None:
        pytest.skip("systemd-analyze is not installed")
    unit = tmp_path / "essay-scheduler.service"
    unit.write_text("[Service]\nExecStart=/nonexistent/scheduler serve\nRestart=sometimes\n")
    checked = subprocess.run([verify, "verify", str(unit)], capture_output=True, text=True)
    assert checked.returncode != 0 and "sometimes" in checked.stderr


def test_service_install_writes_the_user_unit_and_starts_it(run_cli, tmp_path, monkeypatch):
    calls = tmp_path / "calls"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    systemctl = bin_dir / "systemctl"  # records what it was asked, as systemctl would be
    systemctl.write_text(f'#!/bin/sh\necho "$@" >> {calls}\n')
    systemctl.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))

    result = run_cli("service", "install", "--user")

    assert result.exit_code == 0, result.output
    unit = tmp_path / "config" / "systemd" / "user" / "essay-scheduler.service"
    assert unit.read_text() == run_cli("service", "unit", "--user").output
    assert calls.read_text().splitlines() == [
        "--user daemon-reload",
        "--user enable --now essay-scheduler.service",
    ]
    assert "journalctl --user -u essay-scheduler.service -f" in result.output


def test_service_install_says_what_systemctl_said_when_it_fails(run_cli, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    systemctl = bin_dir / "systemctl"
    systemctl.write_text(
        "#!/bin/sh\necho 'Failed to connect to bus: No medium found' >&2\nexit 1\n"
    )
    systemctl.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    result = run_cli("service", "install", "--user")
    assert result.exit_code == 1
    assert "Failed to connect to bus" in result.output


# ---- /metrics ------------------------------------------------------------------------------


def scrape(project: Project, daemon: Daemon | None = None) -> tuple[int, str, dict[str, float]]:
    from prometheus_client.parser import text_string_to_metric_families

    with TestClient(
        build(project, daemon=daemon, dry_run=True), base_url="http://127.0.0.1"
    ) as client:
        answer = client.get("/metrics")
    if answer.status_code != 200:
        return answer.status_code, answer.text, {}
    samples = {}
    for family in text_string_to_metric_families(answer.text):
        for sample in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
            samples[f"{sample.name}{{{labels}}}"] = sample.value
    return answer.status_code, answer.headers["content-type"], samples


def test_metrics_answer_prometheus_text_without_login(project, monkeypatch):
    ledger = project.ledger()
    publish_some(ledger, 4)
    ledger.skip("linkedin:a", NOW - timedelta(hours=2), "missed: the slot passed", "d", NOW)
    ledger.claim("facebook:a", NOW - timedelta(minutes=5), "s9", "t", "d", NOW)
    monkeypatch.setenv("LINKEDIN_ACCESS_TOKEN", "token")
    monkeypatch.setenv("LINKEDIN_TOKEN_EXPIRES", (NOW + timedelta(days=10)).date().isoformat())

    status, content_type, samples = scrape(project)

    assert status == 200 and content_type.startswith("text/plain; version=")
    assert (
        samples["scheduler_posts_total{account=twitter:a,outcome=published,platform=twitter}"] == 4
    )
    assert samples["scheduler_slots_missed_total{account=linkedin:a,platform=linkedin}"] == 1
    assert samples["scheduler_open_claims{state=claimed}"] == 1
    assert samples["scheduler_last_slot_lateness_seconds{}"] == 5 * 60
    assert samples["scheduler_queue_snippets{status=new}"] > 0
    assert 0 < samples["scheduler_queue_days_until_dry{}"] <= 60
    assert 9 * 86400 < samples["scheduler_token_expiry_seconds{platform=linkedin}"] < 10 * 86400
    assert samples["scheduler_daemon_running{}"] == 0
    assert all(name.startswith("scheduler_") for name in samples)


def test_metrics_count_clicks_by_platform(project):
    from scheduler.model.snippets import Snippet
    from scheduler.store.shortlinks import follow, short_code

    ledger = project.ledger()
    snippet = Snippet("s1", "essay", "Essay", "q", "q", "approved")
    code = short_code(ledger, snippet, "linkedin", "https://www.inspira.nl/", NOW)
    for _ in range(3):
        follow(ledger, code, "https://www.linkedin.com/feed", NOW)
    _, _, samples = scrape(project)
    assert samples["scheduler_clicks_total{platform=linkedin}"] == 3


def test_metrics_can_be_switched_off(project):
    project.config_path.write_text(project.config_path.read_text() + "metrics: false\n")
    status, _, _ = scrape(project)
    assert status == 404


# ---- logs ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_log_format_json_writes_one_json_object_per_line(project):
    env = {**os.environ, "SCHEDULER_ROOT": str(project.root)}
    ran = subprocess.run(
        [
            sys.executable,
            "-m",
            "scheduler.cli",
            "run",
            "--once",
            "--dry-run",
            "--log-format",
            "json",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr
    events = [json.loads(line) for line in ran.stderr.splitlines()]
    assert {"time", "level", "logger", "message"} <= set(events[0])
    assert any(e["message"].startswith("created the ledger") for e in events)
    assert any("accounts" in e for e in events)  # the event's fields, as keys
