"""The real desk (`scheduler serve --dry-run`) in a subprocess, and Debian's Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from scheduler.store.project import Project
from tests.browser.sample import PASSWORD, REPO, make_project

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = REPO / "test-output"
STARTUP_SECONDS = 30


@dataclass(frozen=True)
class Desk:
    url: str
    project: Project
    env: dict[str, str]

    def cli(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        """The real command line on the desk's project, as a separate process."""
        command = [sys.executable, "-m", "scheduler.cli", "--root", str(self.project.root)]
        return subprocess.run(
            [*command, *args], env=self.env, input=stdin, capture_output=True, text=True
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_health(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the desk exited with {process.returncode}")
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the desk did not answer /healthz in time")


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    project = make_project(tmp_path / "project")
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "SCHEDULER_DESK_PASSWORD": PASSWORD,
        "SCHEDULER_SECRETS_FILE": str(tmp_path / "absent-secrets.env"),
    }
    env.pop("SCHEDULER_DATABASE_URL", None)
    log = (tmp_path / "desk.log").open("wb")
    command = [sys.executable, "-m", "scheduler.cli", "--root", str(project.root), "serve"]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--dry-run"], env=env, stdout=log, stderr=log
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(url, process)
        yield Desk(url, project, env)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium (never a downloaded browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object, desk: Desk) -> Iterator[object]:
    """A logged-in page on the queue."""
    context = browser.new_context(viewport={"width": 1360, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(desk.url + "/")
    page.fill("#username", "admin")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(desk.url + "/")
    yield page
    context.close()


def screenshot(page: object, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)  # type: ignore[attr-defined]
    return path
