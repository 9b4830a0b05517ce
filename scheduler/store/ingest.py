"""Ingest: essays in, queue files out, merged so that no staff edit or status is ever lost.

Every file is read and every queue document is built and validated before anything is
written: a refused ingest leaves posts/ and config/ as they were.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urljoin

from scheduler.errors import EssayFileError, InputError, QueueError
from scheduler.essays.context import context_around
from scheduler.essays.model import Document, Essay, Footer, Quote
from scheduler.essays.quotes import choose_document_quotes, is_verbatim
from scheduler.essays.reading import read_document
from scheduler.essays.slugs import slugify
from scheduler.files import write_atomically
from scheduler.model.settings import DEFAULT_MAX_ESSAY_BYTES, Config
from scheduler.store.config_file import load_config
from scheduler.store.config_template import config_text
from scheduler.store.project import ESSAY_SUFFIXES, Project, essay_files_in, queue_lock
from scheduler.store.queue_files import parse_queue_file, queue_files, read_queue_file
from scheduler.store.queue_merge import Candidate, merge_essay
from scheduler.yamlsource import dump_yaml, parse_yaml

log = logging.getLogger(__name__)
Progress = Callable[[str], None]
_SAFE_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


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
    clashes: list[str] = field(default_factory=list)  # essays that share a title, told apart

    def as_dict(self) -> dict[str, object]:
        return {
            "essays": [e.__dict__ for e in self.essays],
            "errors": [e.message for e in self.errors],
            "config_written": self.config_written,
            "clashes": self.clashes,
        }


def ingest_summary(report: IngestReport) -> dict[str, int]:
    """What a re-ingest changed, in the few numbers the trail keeps of it."""
    return {
        "essays": len(report.essays),
        "new": sum(e.added for e in report.essays),
        "orphaned": sum(e.orphaned for e in report.essays),
        "errors": len(report.errors),
    }


def ingest(
    project: Project, paths: Sequence[Path] = (), progress: Progress | None = None
) -> IngestReport:
    """Reading the essays and choosing their quotes take the time and write nothing, so the
    desk and the command line go on changing the queue meanwhile; merging into the queue files
    (which keeps those changes) and writing them happen under the queue lock."""
    report = IngestReport()
    prepared = _prepare(project, paths, progress, report)
    if prepared is None:
        return report  # nothing to merge: the reasons are in report.errors
    config, writes, essays, quotes = prepared
    with queue_lock(project):  # not while the desk or the command line writes a change
        for essay in essays:
            essay = replace(essay, url=_absolute_url(essay, config))
            path = queue_path(project, essay.slug)
            text, essay_report = _merged_queue_text(path, essay, quotes[essay.slug])
            writes[path] = text
            report.essays.append(essay_report)
        for path, text in writes.items():  # everything validated: now write
            write_atomically(path, text)
    return report


def _prepare(
    project: Project, paths: Sequence[Path], progress: Progress | None, report: IngestReport
) -> tuple[Config, dict[Path, str], list[Essay], dict[str, list[Quote]]] | None:
    """The config, a first config file to write (if none yet), the essays and their quotes;
    None when there are no essays to merge (no files, or every file refused)."""
    config_path = project.config_path
    config = read_config_if_any(project)
    max_bytes = config.max_essay_bytes if config else DEFAULT_MAX_ESSAY_BYTES
    files = essay_paths(project, paths)
    if not files:
        where = ", ".join(str(p) for p in paths) if paths else str(project.essays_dir)
        report.errors.append(
            EssayFileError(
                f"no essay files in {where}",
                hint=f"put the essays there ({', '.join(ESSAY_SUFFIXES)}), or name them: "
                "scheduler ingest FILE…",
            )
        )
        return None  # and no first config: it is written from the essays' footer
    documents = _read_all(files, report, progress, max_bytes)
    writes: dict[Path, str] = {}
    if config is None and not documents:
        return None  # every file was refused: the first config waits for their footer
    if config is None:
        writes[config_path] = _first_config(documents)
        config = load_config(writes[config_path], config_path)
        report.config_written = True
    essays = [essay for document in documents for essay in document.essays]
    sources = {document.source for document in documents}
    essays = _distinct_slugs(essays, _queue_owners(project, sources), report)
    # near-repeats are judged among the quotes that will be posted
    quotes = choose_document_quotes(essays, max_per_essay=config.quotes_max_per_essay)
    return config, writes, essays, quotes


def _absolute_url(essay: Essay, config: Config) -> str | None:
    """A path on the blog from front matter ("/blog/x/") becomes a full address on it."""
    if not essay.url or not essay.url.startswith("/"):
        return essay.url
    if not config.blog_url:
        raise EssayFileError(
            f"the essay's link {essay.url!r} is a path, and blog.url is not set to complete it",
            path=essay.source,
            hint="write the full address (https://…) in the front matter, or set blog.url "
            "in config/scheduler.yaml",
        )
    return urljoin(config.blog_url, essay.url)


def read_config_if_any(project: Project) -> Config | None:
    """The project's config, validated; None before the first ingest writes one."""
    path = project.config_path
    return load_config(path.read_text("utf-8"), path) if path.exists() else None


def essay_paths(project: Project, paths: Sequence[Path]) -> list[Path]:
    """The files named, a folder standing for the essay files in it; default posts/essays/."""
    if not paths:
        return project.essay_files()
    return [
        found for path in paths for found in (essay_files_in(path) if path.is_dir() else [path])
    ]


def queue_path(project: Project, slug: str) -> Path:
    """The queue file of an essay: always directly under posts/queue/, whatever the slug says."""
    path = project.queue_dir / f"{slug}.yaml"
    if not _SAFE_SLUG.fullmatch(slug) or path.parent.resolve() != project.queue_dir.resolve():
        raise QueueError(
            f"refusing to write the queue file of essay {slug!r} outside posts/queue/",
            path=path,
            hint="give the essay a plain slug of letters, digits and hyphens",
        )
    return path


def _queue_owners(project: Project, sources: set[str]) -> dict[str, str]:
    """Which source file each existing queue file belongs to, by slug.

    A source that is neither read now nor in posts/essays/ any more was renamed or removed:
    its queue file goes to the essay that now carries its slug, as before.
    """
    owners = {}
    for path in queue_files(project.queue_dir):
        try:
            header = parse_yaml(path.read_text("utf-8"), path, QueueError)
        except (InputError, OSError, UnicodeDecodeError):
            continue  # a file that cannot be read is refused where it is merged into
        source = str(header.get("source") or "") if isinstance(header, dict) else ""
        if source in sources or (source and (project.essays_dir / source).is_file()):
            owners[path.stem] = source
    return owners


def _distinct_slugs(
    essays: Sequence[Essay], owners: dict[str, str], report: IngestReport
) -> list[Essay]:
    """One queue file per essay: essays of different files that share a slug are told apart.

    The essay whose file already owns the queue file keeps the slug (else the first source
    by name); the others get the slug with their file's name added, so each keeps the same
    slug, and its staff edits, at every later ingest.
    """
    by_slug: dict[str, list[Essay]] = {}
    for essay in essays:
        by_slug.setdefault(essay.slug, []).append(essay)
    taken = set(owners) | set(by_slug)
    chosen: dict[int, Essay] = {}
    for slug, group in by_slug.items():
        owner = owners.get(slug)
        ordered = sorted(group, key=lambda e: (e.source != owner, e.source))
        if owner is None or ordered[0].source == owner:
            keeper, others = ordered[0], ordered[1:]
        else:
            keeper, others = None, ordered
        if keeper is not None:
            chosen[id(keeper)] = keeper
        for essay in others:
            new_slug = _free_slug(
                f"{slug}-{slugify(Path(essay.source).stem)}", taken, owners, essay
            )
            taken.add(new_slug)
            chosen[id(essay)] = replace(essay, slug=new_slug)
            holder = keeper.source if keeper is not None else owner
            clash = (
                f"{essay.source}: the essay {essay.title!r} has the slug of an essay in "
                f"{holder}; it is queued as {new_slug}"
            )
            log.warning(clash)
            report.clashes.append(clash)
    return [chosen[id(essay)] for essay in essays]


def _free_slug(base: str, taken: set[str], owners: dict[str, str], essay: Essay) -> str:
    slug, count = base.strip("-") or "essay", 1
    while slug in taken and owners.get(slug) != essay.source:
        count += 1
        slug = f"{base}-{count}"
    return slug


def _read_all(
    paths: Sequence[Path], report: IngestReport, progress: Progress | None, max_bytes: int
) -> list[Document]:
    documents = []
    for path in paths:
        if progress:
            progress(path.name)
        try:
            documents.append(read_document(path, max_bytes=max_bytes))
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


def _merged_queue_text(
    path: Path, essay: Essay, quotes: Sequence[Quote]
) -> tuple[str, EssayReport]:
    existing = None
    if path.exists() or path.is_symlink():
        current = read_queue_file(path)
        parse_queue_file(current, str(path))  # refuse a broken file before merging into it
        existing = parse_yaml(current, path, QueueError)
    candidates = [_candidate(essay, q) for q in quotes]
    document, merge = merge_essay(
        existing,
        slug=essay.slug,
        title=essay.title,
        kind=essay.kind,
        source=essay.source,
        url=essay.url,
        hashtags=(),  # tags come from each quote at render time, not one list per essay
        candidates=candidates,
        still_in_essay=lambda quote: any(is_verbatim(quote, p) for p in essay.paragraphs),
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


def _candidate(essay: Essay, quote: Quote) -> Candidate:
    paragraphs = essay.paragraphs
    paragraph = paragraphs[quote.paragraph_index] if quote.paragraph_index < len(paragraphs) else ""
    context = context_around(paragraph, quote.text)
    return Candidate(
        quote.text,
        quote.score,
        quote.paragraph_index,
        quote.reasons,
        quote.attribution,
        why=quote.why,
        context_before=context.before,
        context_after=context.after,
    )
