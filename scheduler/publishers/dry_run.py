"""The dry-run publisher: every post goes to a file in var/outbox/ instead of a platform.

An account without credentials publishes here, so the whole path (claim, render, publish,
record) runs for real on a fresh machine. With no folder it keeps posts in memory, for
`simulate`.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from scheduler.clock import utc_now
from scheduler.files import write_atomically
from scheduler.model.post import Outcome, Post, Result

log = logging.getLogger(__name__)


class Outbox:
    live = False

    def __init__(self, platform: str, handle: str, folder: Path | None) -> None:
        self.platform = platform
        self.handle = handle
        self.folder = folder
        self.sent: list[Post] = []  # what this process published, for simulate and tests
        self.comments: list[tuple[str, str]] = []  # (post id, text), likewise

    def publish(self, post: Post) -> Result:
        remote_id = _remote_id(post)
        self.sent.append(post)
        if self.folder is None:
            return Result(Outcome.PUBLISHED, remote_id=remote_id)
        sent_at = utc_now().strftime("%Y%m%dT%H%M%SZ")
        path = self.folder / f"{sent_at}-{self.platform}-{self.handle}-{post.snippet_id}.json"
        record = {
            "platform": self.platform,
            "handle": self.handle,
            "snippet_id": post.snippet_id,
            "remote_id": remote_id,
            "text": post.text,
            "link": post.link,
            "image": bool(post.image),
            "alt_text": post.alt_text,
        }
        write_atomically(path, json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        log.info(
            "dry-run: wrote %s",
            path.name,
            extra={"account": f"{self.platform}:{self.handle}", "snippet": post.snippet_id},
        )
        return Result(Outcome.PUBLISHED, remote_id=remote_id, url=path.resolve().as_uri())

    def find(self, post: Post) -> Result | None:
        remote_id = _remote_id(post)
        if self.folder is None:
            found = any(_remote_id(p) == remote_id for p in self.sent)
            return Result(Outcome.PUBLISHED, remote_id=remote_id) if found else None
        for path in sorted(
            self.folder.glob(f"*-{self.platform}-{self.handle}-{post.snippet_id}.json")
        ):
            if json.loads(path.read_text(encoding="utf-8")).get("remote_id") == remote_id:
                return Result(Outcome.PUBLISHED, remote_id=remote_id, url=path.resolve().as_uri())
        return None

    def comment(self, post_id: str, text: str) -> Result:
        remote_id = "dry-comment-" + hashlib.sha256(f"{post_id}\n{text}".encode()).hexdigest()[:12]
        self.comments.append((post_id, text))
        if self.folder is None:
            return Result(Outcome.PUBLISHED, remote_id=remote_id)
        record = {"platform": self.platform, "handle": self.handle, "post_id": post_id,
                  "remote_id": remote_id, "comment": text}  # fmt: skip
        path = self.folder / f"{self.platform}-{self.handle}-{post_id}-comment.json"
        write_atomically(path, json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        log.info(
            "dry-run: wrote %s", path.name, extra={"account": f"{self.platform}:{self.handle}"}
        )
        return Result(Outcome.PUBLISHED, remote_id=remote_id, url=path.resolve().as_uri())

    def find_comment(self, post_id: str, text: str) -> Result | None:
        if self.folder is None:
            return next(
                (Result(Outcome.PUBLISHED, remote_id=post_id) for p, t in self.comments
                 if (p, t) == (post_id, text)),
                None,
            )  # fmt: skip
        path = self.folder / f"{self.platform}-{self.handle}-{post_id}-comment.json"
        if path.is_file() and json.loads(path.read_text(encoding="utf-8")).get("comment") == text:
            return Result(Outcome.PUBLISHED, remote_id=post_id, url=path.resolve().as_uri())
        return None

    def check(self) -> Result:
        return Result(Outcome.PUBLISHED, error=None)


def _remote_id(post: Post) -> str:
    """Derived from the post, so a re-run of the same post finds its file again."""
    return "dry-" + hashlib.sha256(f"{post.snippet_id}\n{post.text}".encode()).hexdigest()[:12]
