"""Shared fixtures: a project folder made from the bundled essays, the way a user makes one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli import cli
from scheduler.store.project import Project
from tests.browser.sample import PASSWORD
from tests.fakes.fixtures import fresh_fakes, point_at_fakes
from tests.postgres import fresh_database
from tests.projects import make_project

pytest_plugins = ["tests.browser.desk_client"]


@pytest.fixture(scope="session")
def ingested_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One ingest per test session; each test gets its own copy."""
    root = tmp_path_factory.mktemp("template")
    make_project(root)
    return root


@pytest.fixture
def project(ingested_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """A fresh copy of the ingested project, with no credentials and a known desk password."""
    root = tmp_path / "project"
    shutil.copytree(ingested_template, root)
    monkeypatch.setenv("SCHEDULER_DESK_PASSWORD", PASSWORD)
    monkeypatch.setenv("SCHEDULER_DESK_SECRET", "a test signing key")
    monkeypatch.setenv("SCHEDULER_SECRETS_FILE", str(tmp_path / "absent-secrets.env"))
    for name in (
        "SCHEDULER_DATABASE_URL",
        "SCHEDULER_PUBLIC_BASE",
        "X_API_KEY",
        "X_ACCESS_TOKEN",
        "LINKEDIN_ACCESS_TOKEN",
        "FACEBOOK_PAGE_TOKEN",
    ):
        monkeypatch.delenv(name, raising=False)
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


@pytest.fixture
def fakes():
    """The fake X, LinkedIn and Graph servers, emptied before and after the test."""
    yield from fresh_fakes()


@pytest.fixture
def secrets_path(run_cli, fakes, monkeypatch, tmp_path):
    """Every platform and OAuth host at the fakes, and a secrets file of the test's own."""
    path = tmp_path / "secrets.env"
    point_at_fakes(monkeypatch, fakes.url, path)
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def ledger_url(request, tmp_path):
    """A new ledger's URL: a SQLite file, and a PostgreSQL database of its own."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.sqlite3'}"
    else:
        with fresh_database() as url:
            yield url
