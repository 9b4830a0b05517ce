"""`scheduler service`: a systemd unit that keeps the daemon (and the desk) running.

The unit runs this installation's own `scheduler` with the project folder as working directory,
reads the secrets file as its environment, logs to the journal (stderr, one line per event) and
may write only var/ and posts/ (and the SQLite ledger's folder, when it lives elsewhere).
"""

from __future__ import annotations

import getpass
import os
import shutil
import subprocess
import sys
from pathlib import Path

from scheduler.errors import SchedulerError
from scheduler.publishers.platform_access import secrets_file
from scheduler.store.project import Project

UNIT_NAME = "essay-scheduler.service"


def executable() -> str:
    """This installation's `scheduler`, beside the Python that runs us."""
    beside = Path(sys.executable).parent / "scheduler"
    return str(beside) if beside.exists() else f"{sys.executable} -m scheduler.cli"


def unit_text(project: Project, *, user: bool, desk: bool = True) -> str:
    root = project.root
    writable = _writable(project)
    command = "serve" if desk else "run"
    lines = [
        "[Unit]",
        f"Description=Essay scheduler: publishes the quotes of {root}",
        *(() if user else ("Wants=network-online.target", "After=network-online.target")),
        "",
        "[Service]",
        "Type=simple",
        *(() if user else (f"User={getpass.getuser()}",)),
        f"WorkingDirectory={root}",
        f"Environment=SCHEDULER_ROOT={root}",
        f"EnvironmentFile=-{secrets_file(os.environ)}",
        f"ExecStart={executable()} {command}",
        "Restart=on-failure",
        "RestartSec=10",
        "# SIGTERM lets the publish in flight finish; the daemon exits 0 after it.",
        "KillSignal=SIGTERM",
        "TimeoutStopSec=120",
        "StandardOutput=journal",
        "StandardError=journal",
        "SyslogIdentifier=essay-scheduler",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ReadWritePaths=" + " ".join(str(p) for p in writable),
        "PrivateTmp=yes",
        "",
        "[Install]",
        f"WantedBy={'default.target' if user else 'multi-user.target'}",
        "",
    ]
    return "\n".join(lines)


def unit_path(*, user: bool) -> Path:
    if user:
        config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
        return config / "systemd" / "user" / UNIT_NAME
    return Path("/etc/systemd/system") / UNIT_NAME


def install_unit(project: Project, *, user: bool, desk: bool = True) -> list[str]:
    """Write the unit, then reload systemd and enable and start it; what was done, line by line."""
    path = unit_path(user=user)
    try:
        for folder in _writable(project):  # systemd refuses to start if one is missing
            folder.mkdir(parents=True, exist_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(unit_text(project, user=user, desk=desk), encoding="utf-8")
    except OSError as exc:
        hint = "" if user else " (a system unit needs root: sudo, or --user)"
        raise SchedulerError(f"cannot write {path}: {exc.strerror}{hint}") from exc
    done = [f"wrote {path}"]
    scope = ["--user"] if user else []
    systemctl = shutil.which("systemctl")
    if systemctl is None:
        raise SchedulerError(f"wrote {path}, but systemctl is not here: start it by hand")
    for step in (["daemon-reload"], ["enable", "--now", UNIT_NAME]):
        command = [systemctl, *scope, *step]
        ran = subprocess.run(command, capture_output=True, text=True, check=False)
        if ran.returncode:
            said = (ran.stderr or ran.stdout).strip()
            raise SchedulerError(f"wrote {path}, but `{' '.join(command)}` failed: {said}")
        done.append(f"systemctl {' '.join(scope + step)}")
    where = "journalctl --user" if user else "journalctl"
    done.append(f"logs: {where} -u {UNIT_NAME} -f")
    return done


def _writable(project: Project) -> list[Path]:
    """What the service may write: var/, posts/, and a SQLite ledger's folder elsewhere."""
    writable = [project.var_dir, project.root / "posts"]
    ledger = project.sqlite_ledger_path
    if ledger is not None and not ledger.is_relative_to(project.var_dir):
        writable.append(ledger.parent)
    return writable
