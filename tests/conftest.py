"""Shared fixtures: a project folder made from the bundled essays, the way a user makes one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli import cli
from scheduler.ingest import ingest
from scheduler.project import Project

REPO = Path(__file__).resolve().parent.parent
BUNDLED_ESSAYS = REPO / "posts" / "essays"


def make_project(root: Path) -> Project:
    (root / "posts").mkdir(parents=True, exist_ok=True)
    shutil.copytree(BUNDLED_ESSAYS, root / "posts" / "essays")
    project = Project(root)
    report = ingest(project)
    assert not report.errors
    return project


@pytest.fixture(scope="session")
def ingested_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One ingest per test session; each test gets its own copy."""
    root = tmp_path_factory.mktemp("template")
    make_project(root)
    return root


@pytest.fixture
def project(ingested_template: Path, tmp_path: Path) -> Project:
    root = tmp_path / "project"
    shutil.copytree(ingested_template, root)
    return Project(root)


@pytest.fixture
def run_cli(project: Project, monkeypatch: pytest.MonkeyPatch):
    """Invoke the real command line on the project; returns click's Result."""
    for name in (
        "X_API_KEY",
        "LINKEDIN_ACCESS_TOKEN",
        "FACEBOOK_PAGE_TOKEN",
        "SCHEDULER_DATABASE_URL",
        "SCHEDULER_PUBLIC_BASE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SCHEDULER_SECRETS_FILE", str(project.root / "no-secrets.env"))

    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(
            cli, ["--root", str(project.root), *args], input=input, catch_exceptions=False
        )

    return invoke
