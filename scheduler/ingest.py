"""Ingest: essays in, queue files out, merged so that no staff edit or status is ever lost.

Every file is read and every queue document is built and validated before anything is
written: a refused ingest leaves posts/ and config/ as they were.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from scheduler.compose import choose_hashtags
from scheduler.config import Config, load_config
from scheduler.config_template import DEFAULT_VOCABULARY, config_text
from scheduler.errors import InputError, QueueError
from scheduler.essays.model import Document, Essay, Footer, Quote
from scheduler.essays.quotes import choose_document_quotes
from scheduler.essays.reading import read_document
from scheduler.files import write_atomically
from scheduler.project import Project
from scheduler.queue import Candidate, merge_essay, parse_queue_file
from scheduler.staff import queue_lock
from scheduler.yamlsource import dump_yaml, parse_yaml

log = logging.getLogger(__name__)
Progress = Callable[[str], None]


@dataclass(frozen=True)
class EssayReport:
    slug: str
    title: str
    kind: str
    source: str
    snippets: int
    added: int
    orphaned: int


@dataclass
class IngestReport:
    essays: list[EssayReport] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    config_written: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "essays": [e.__dict__ for e in self.essays],
            "errors": [e.message for e in self.errors],
            "config_written": self.config_written,
        }


def ingest(
    project: Project, paths: Sequence[Path] = (), progress: Progress | None = None
) -> IngestReport:
    with queue_lock(project):  # not while the desk or the command line writes a change
        return _ingest(project, paths, progress)


def _ingest(project: Project, paths: Sequence[Path], progress: Progress | None) -> IngestReport:
    report = IngestReport()
    documents = _read_all(list(paths) or project.essay_files(), report, progress)
    writes: dict[Path, str] = {}
    config_path = project.config_path
    if not config_path.exists():
        writes[config_path] = _first_config(documents)
        report.config_written = True
    config = _config(project, writes.get(config_path))
    vocabulary = config.hashtag_vocabulary or {k: tuple(v) for k, v in DEFAULT_VOCABULARY.items()}
    essays = [essay for document in documents for essay in document.essays]
    # near-repeats are judged among the quotes that will be posted
    quotes = choose_document_quotes(essays, max_per_essay=config.quotes_max_per_essay)
    for essay in essays:
        path = project.queue_dir / f"{essay.slug}.yaml"
        text, essay_report = _merged_queue_text(path, essay, quotes[essay.slug], vocabulary)
        writes[path] = text
        report.essays.append(essay_report)
    for path, text in writes.items():  # everything validated: now write
        write_atomically(path, text)
    return report


def _read_all(
    paths: Sequence[Path], report: IngestReport, progress: Progress | None
) -> list[Document]:
    documents = []
    for path in paths:
        if progress:
            progress(path.name)
        try:
            documents.append(read_document(path))
        except InputError as exc:  # name the file and go on with the others
            log.error("essay file refused: %s", exc.message)
            report.errors.append(exc)
        except OSError as exc:
            report.errors.append(InputError(f"cannot read the file: {exc.strerror}", path=path))
    return documents


def _first_config(documents: Sequence[Document]) -> str:
    footer = next((d.footer for d in documents if d.footer.accounts), Footer())
    return config_text(footer, author=_author(documents), accounts=footer.accounts)


def _author(documents: Sequence[Document]) -> str:
    return next((d.author for d in documents if d.author), "")


def _config(project: Project, fresh_config: str | None) -> Config:
    text = fresh_config if fresh_config is not None else project.config_path.read_text("utf-8")
    return load_config(text, project.config_path)


def _merged_queue_text(
    path: Path, essay: Essay, quotes: Sequence[Quote], vocabulary: dict[str, tuple[str, ...]]
) -> tuple[str, EssayReport]:
    existing = None
    if path.exists():
        current = path.read_text(encoding="utf-8")
        parse_queue_file(current, str(path))  # refuse a broken file before merging into it
        existing = parse_yaml(current, path, QueueError)
    candidates = [
        Candidate(q.text, q.score, q.paragraph_index, q.reasons, q.attribution, q.why)
        for q in quotes
    ]
    document, merge = merge_essay(
        existing,
        slug=essay.slug,
        title=essay.title,
        kind=essay.kind,
        source=essay.source,
        url=essay.url,
        hashtags=choose_hashtags(" ".join(essay.paragraphs), vocabulary),
        candidates=candidates,
    )
    text = dump_yaml(document)
    _, snippets = parse_queue_file(text, str(path))  # what we write must load again
    return text, EssayReport(
        slug=essay.slug,
        title=essay.title,
        kind=essay.kind,
        source=essay.source,
        snippets=len(snippets),
        added=merge.added,
        orphaned=merge.orphaned,
    )
