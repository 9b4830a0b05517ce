"""Test clients for the desk, anonymous and logged in, on the suite's `project` fixture."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from scheduler.store.project import Project
from scheduler.web.server import build
from tests.browser.sample import log_in

DESK_URL = "http://127.0.0.1"  # a Host the desk answers to; "testserver" gets 400


@pytest.fixture
def anonymous(project: Project) -> Iterator[TestClient]:
    with TestClient(build(project), base_url=DESK_URL, follow_redirects=False) as client:
        yield client


@pytest.fixture
def staff(anonymous: TestClient) -> tuple[TestClient, str]:
    return anonymous, log_in(anonymous)
