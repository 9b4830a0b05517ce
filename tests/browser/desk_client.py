"""A logged-in test client for the desk, shared by the HTTP test modules."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from scheduler.project import Project
from scheduler.web.server import build
from tests.browser.sample import PASSWORD, log_in, make_project


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("desk-template")
    make_project(root)
    return root


@pytest.fixture
def project(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    root = tmp_path / "project"
    shutil.copytree(template, root)
    monkeypatch.setenv("SCHEDULER_DESK_PASSWORD", PASSWORD)
    monkeypatch.setenv("SCHEDULER_DESK_SECRET", "a test signing key")
    monkeypatch.setenv("SCHEDULER_SECRETS_FILE", str(tmp_path / "absent-secrets.env"))
    for name in ("SCHEDULER_DATABASE_URL", "SCHEDULER_PUBLIC_BASE", "X_ACCESS_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    return Project.locate(root)


@pytest.fixture
def anonymous(project: Project) -> Iterator[TestClient]:
    with TestClient(build(project), follow_redirects=False) as client:
        yield client


@pytest.fixture
def staff(anonymous: TestClient) -> tuple[TestClient, str]:
    return anonymous, log_in(anonymous)
