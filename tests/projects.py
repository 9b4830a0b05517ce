"""Project folders for tests, made the way a user makes one: copy the essays, ingest."""

from __future__ import annotations

import shutil
from pathlib import Path

from scheduler.store.ingest import ingest
from scheduler.store.project import Project

REPO = Path(__file__).resolve().parent.parent
BUNDLED_ESSAYS = REPO / "posts" / "essays"


def make_project(root: Path) -> Project:
    (root / "posts").mkdir(parents=True, exist_ok=True)
    shutil.copytree(BUNDLED_ESSAYS, root / "posts" / "essays")
    project = Project(root)
    report = ingest(project)
    assert not report.errors, report.errors
    return project


def queue_file(project: Project, snippet_id: str) -> Path:
    """The queue file that holds a snippet."""
    snippet = project.queue().snippet(snippet_id)
    assert snippet is not None, snippet_id
    return Path(snippet.file)
