"""The desk's re-ingest, in the background: the request only starts it, the page follows it.

Reading essays can take a while (a big PDF, many files), and ingest holds the queue lock while
it writes: inside the request it kept the browser waiting and every staff edit blocked. One
job runs at a time; a second press joins the running one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from scheduler.errors import InputError
from scheduler.store.ingest import IngestReport, essay_paths, ingest
from scheduler.store.project import Project

log = logging.getLogger(__name__)


@dataclass
class IngestJob:
    total: int  # essay files to read
    done: int = 0
    current: str = ""
    report: IngestReport | None = None
    error: str = ""
    finished: threading.Event = field(default_factory=threading.Event)

    @property
    def running(self) -> bool:
        return not self.finished.is_set()

    def progress(self, name: str) -> None:
        self.current = name
        self.done += 1


@dataclass
class Reingests:
    job: IngestJob | None = None  # the running one, or the last one finished
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self, project: Project, on_done: Callable[[IngestReport], None]) -> IngestJob:
        with self._lock:
            if self.job is not None and self.job.running:
                return self.job
            job = self.job = IngestJob(total=len(essay_paths(project, ())))
        threading.Thread(
            target=_run, args=(job, project, on_done), name="reingest", daemon=True
        ).start()
        return job


def _run(job: IngestJob, project: Project, on_done: Callable[[IngestReport], None]) -> None:
    try:
        job.report = ingest(project, progress=job.progress)
        on_done(job.report)
    except InputError as exc:  # a broken queue or config file: nothing was written
        job.error = exc.message
    except Exception as exc:  # the desk stays up; the log has the traceback
        log.exception("re-ingest failed")
        job.error = f"re-ingest failed: {exc}"
    finally:
        job.finished.set()
