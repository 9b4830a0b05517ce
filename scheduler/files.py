"""Writing files so that a crash never leaves half of one behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# A queue, config or outbox file: what git and the staff see. Secrets use 0o600.
SHARED_MODE = 0o644


def write_atomically(path: Path, text: str, mode: int = SHARED_MODE) -> None:
    """Replace the file in one step (write a sibling, fsync, rename) with the given mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, mode)  # before any byte is written: a secret is never readable by others
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
