"""Ingest: the bundled essays against a plain pySBD split, and 1,000 generated essays.

Every timing here is a whole process (start-up, imports, reading, writing), ours and pySBD's
alike, with the same interpreter.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from tests.benchmarks.common import (
    BUNDLED_ESSAYS,
    Figure,
    Workspace,
    check,
    median,
    not_measured,
    run_timed,
    say,
    scheduler_command,
)

ROUNDS = 5
GENERATED_ESSAYS = 1000
GENERATED_BYTES = 1_000_000  # about 1 MB in all
SEED = 20240601

PYSBD_SPLIT = """
import sys, pysbd
text = open(sys.argv[1], encoding="utf-8").read()
pysbd.Segmenter(language="nl", clean=False).segment(text)
"""


def run(ws: Workspace) -> list[Figure]:
    return [*_seed(ws), *_thousand(ws)]


def _seed(ws: Workspace) -> list[Figure]:
    essay = next(iter(sorted(BUNDLED_ESSAYS.iterdir())))
    ours, theirs = [], []
    have_pysbd = _has_pysbd()
    for n in range(ROUNDS):  # interleaved, each ingest into a fresh root
        say(f"ingest of the bundled essays, round {n + 1}/{ROUNDS}")
        root = ws.fresh_root("ingest-seed")
        ingest = run_timed([*scheduler_command(), "--root", str(root), "ingest"])
        ours.append(check(ingest, "ingest").seconds)
        if have_pysbd:
            split = run_timed([sys.executable, "-c", PYSBD_SPLIT, str(essay)])
            theirs.append(check(split, "pySBD split").seconds)
    seed = Figure(
        "ingest_seed_s",
        round(median(ours), 3),
        "s",
        note=f"median of {ROUNDS} processes, fresh root, {essay.stat().st_size // 1024} KB text",
    )
    if not have_pysbd:
        return [seed, not_measured("ingest_vs_pysbd", "x", "pysbd is not installed")]
    ratio = Figure(
        "ingest_vs_pysbd",
        round(median(ours) / median(theirs), 2),
        "x",
        note=f"both as processes; pySBD nl split of the same file: {median(theirs):.3f} s",
        extra={"pysbd_split_s": round(median(theirs), 3)},
    )
    return [seed, ratio]


def _thousand(ws: Workspace) -> list[Figure]:
    root = ws.dir / "ingest-1000"
    size = write_generated_essays(root / "posts" / "essays", GENERATED_ESSAYS)
    say(f"ingest of {GENERATED_ESSAYS} generated essays ({size / 1e6:.2f} MB)")
    result = check(run_timed([*scheduler_command(), "--root", str(root), "ingest"]), "ingest")
    queued = len(list((root / "posts" / "queue").glob("*.yaml")))
    note = f"{GENERATED_ESSAYS} Markdown files, {size / 1e6:.2f} MB, one process"
    return [
        Figure(
            "ingest_1000_essays_s",
            round(result.seconds, 2),
            "s",
            note=note,
            extra={"bytes": size, "queue_files": queued},
        ),
        Figure(
            "ingest_1000_peak_rss_mb",
            round(result.max_rss_mb, 1),
            "MB",
            note="the ingest process's own peak RSS (wait4 ru_maxrss)",
        ),
    ]


def write_generated_essays(folder: Path, count: int) -> int:
    """Dutch essays made from the bundled paragraphs, shuffled with a fixed seed."""
    from scheduler.essays.reading import read_document

    pool = [
        p
        for path in sorted(BUNDLED_ESSAYS.iterdir())
        for essay in read_document(path).essays
        for p in essay.paragraphs
        if len(p) > 80
    ]
    rng = random.Random(SEED)
    folder.mkdir(parents=True, exist_ok=True)
    per_essay = GENERATED_BYTES // count
    total = 0
    for n in range(1, count + 1):
        paragraphs: list[str] = []
        while sum(len(p.encode()) for p in paragraphs) < per_essay - 350:
            paragraphs.append(rng.choice(pool))
        rng.shuffle(paragraphs)
        words = paragraphs[0].split()[:4]
        title = f"Essay {n}: {' '.join(words).rstrip('.,;:')}".replace('"', "'")
        text = f'---\ntitle: "{title}"\n---\n\n' + "\n\n".join(paragraphs) + "\n"
        data = text.encode("utf-8")
        (folder / f"essay-{n:04d}.md").write_bytes(data)
        total += len(data)
    return total


def _has_pysbd() -> bool:
    try:
        import pysbd  # noqa: F401
    except ImportError:
        return False
    return True
