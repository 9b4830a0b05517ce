"""Writing quote cards to files, for `scheduler card`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scheduler.content import Content
from scheduler.errors import SchedulerError
from scheduler.posts import card_png
from scheduler.staff import find_snippet


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
    single = (
        len(snippets) == 1
        and len(platforms) == 1
        and output is not None
        and output.suffix.lower() == ".png"
    )
    folder = output if output is not None and not single else Path(".")
    written = []
    for snippet in snippets:
        for platform in platforms:
            target = output if single else folder / f"card-{snippet.id}-{platform}.png"
            try:
                png = card_png(snippet, platform, content.config)
            except ValueError as exc:
                raise SchedulerError(f"no card for snippet {snippet.id}: {exc}") from exc
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(png)
            written.append(target)
    return written
