"""Writing quote cards to files, for `scheduler card`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scheduler.errors import PostingError, SchedulerError, UsageError
from scheduler.posting.build import card_png
from scheduler.store.content import Content, find_snippet


def write_cards(
    content: Content,
    snippet_ids: Sequence[str],
    *,
    every: bool,
    platforms: Sequence[str],
    output: Path | None,
) -> list[Path]:
    snippets = (
        [s for s in content.queue.snippets if not s.orphaned]
        if every
        else [find_snippet(content, i) for i in snippet_ids]
    )
    count = len(snippets) * len(platforms)
    single = output is not None and _names_one_png(output, count)
    folder = output if output is not None and not single else Path(".")
    written = []
    for snippet in snippets:
        for platform in platforms:
            target = output if single else folder / f"card-{snippet.id}-{platform}.png"
            try:
                png = card_png(snippet, platform, content.config)
            except PostingError as exc:
                raise SchedulerError(f"no card for snippet {snippet.id}: {exc}") from exc
            _write(target, png)
            written.append(target)
    return written


def _names_one_png(output: Path, count: int) -> bool:
    """-o names one .png file (for exactly one card) or a folder; anything else is refused."""
    if output.suffix.lower() == ".png" and not output.is_dir():
        if count != 1:
            raise UsageError(
                f"-o names one PNG file, but {count} cards are made",
                path=output,
                hint="name a folder with -o, or pick one snippet and one --platform",
            )
        return True
    if not output.is_dir() and (output.exists() or output.suffix):
        raise UsageError(
            "-o must name a .png file or a folder",
            path=output,
            hint="write -o card.png for one card, or -o cards/ for a folder of them",
        )
    return False


def _write(target: Path, png: bytes) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png)
    except OSError as exc:
        raise UsageError(
            f"cannot write the card: {exc.strerror}",
            path=target,
            hint="name a folder you can write to with -o",
        ) from exc
