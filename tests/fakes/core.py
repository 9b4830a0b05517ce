"""Requests, responses, recorded posts and queued faults: what every fake platform shares."""

from __future__ import annotations

import contextlib
import json
import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlsplit

FAULT_KINDS = frozenset(
    {
        "rate_limit",  # reset_in (s), daily (bool), retry_after (s, LinkedIn), regain_minutes
        "error_500",
        "error_503",
        "timeout",  # seconds: sleep, then answer normally (the post still commits)
        "expired_token",
        "duplicate",
        "rejected",
        "drop_after_commit",  # commit, then close the socket without an answer
        "missing_id",  # commit, answer 2xx without the post id
    }
)
# consent: the OAuth page a person's browser visits; auth: the app's token requests.
# comment: a comment under a post (LinkedIn socialActions, Graph /{post-id}/comments).
OPERATIONS = frozenset(
    {"publish", "comment", "upload", "describe", "read", "consent", "auth", "any"}
)
# Random faults (a chaos run's drop rate) hit what commits something on the platform.
COMMITTING = frozenset({"publish", "comment"})


@dataclass
class FakeRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    raw_query: str
    headers: dict[str, str]  # lower-cased names
    body: bytes
    url: str  # as the client addressed it: http://host:port/path (no query)

    @classmethod
    def build(cls, method: str, target: str, headers: dict[str, str], body: bytes) -> FakeRequest:
        parts = urlsplit(target)
        lower = {k.lower(): v for k, v in headers.items()}
        url = f"http://{lower.get('host', 'localhost')}{parts.path}"
        return cls(method, parts.path, parse_qs(parts.query), parts.query, lower, body, url)

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    def form(self) -> dict[str, str]:
        if self.content_type == "application/x-www-form-urlencoded":
            return dict(parse_qsl(self.body.decode("utf-8"), keep_blank_values=True))
        return {
            name: data.decode("utf-8")
            for name, (filename, data) in self.multipart().items()
            if filename is None
        }

    def form_pairs(self) -> list[tuple[str, str]]:
        """Body parameters that take part in an OAuth 1.0a signature (urlencoded only)."""
        if self.content_type == "application/x-www-form-urlencoded":
            return parse_qsl(self.body.decode("utf-8"), keep_blank_values=True)
        return []

    def multipart(self) -> dict[str, tuple[str | None, bytes]]:
        """name -> (filename or None, bytes) for a multipart/form-data body."""
        if self.content_type != "multipart/form-data":
            return {}
        head = f"Content-Type: {self.headers['content-type']}\r\n\r\n".encode()
        message = BytesParser(policy=HTTP).parsebytes(head + self.body)
        parts: dict[str, tuple[str | None, bytes]] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if name:
                payload = part.get_payload(decode=True) or b""
                parts[str(name)] = (part.get_filename(), payload)
        return parts


@dataclass
class FakeResponse:
    status: int
    body: Any = None  # dict/list -> JSON, str -> text/html, None -> empty
    headers: dict[str, str] = field(default_factory=dict)

    def encoded(self) -> tuple[bytes, str]:
        if self.body is None:
            return b"", "application/json"
        if isinstance(self.body, str):
            return self.body.encode("utf-8"), "text/html; charset=utf-8"
        return json.dumps(self.body).encode("utf-8"), "application/json"


@dataclass(frozen=True)
class RecordedPost:
    platform: str
    account: str
    text: str
    link: str | None
    has_image: bool
    remote_id: str
    time: str
    alt_text: str | None = None  # what the platform keeps for screen readers on the image


@dataclass(frozen=True)
class RecordedComment:
    platform: str
    post_id: str  # the post it sits under
    actor: str
    text: str
    remote_id: str
    time: str


@dataclass
class Fault:
    kind: str
    platform: str | None = None  # None: any platform
    on: str = "publish"
    count: int = 1
    params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Fault:
        raw = dict(raw)
        kind = raw.pop("kind")
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; known: {sorted(FAULT_KINDS)}")
        on = raw.pop("on", "publish")
        if on not in OPERATIONS:
            raise ValueError(f"unknown operation {on!r}; known: {sorted(OPERATIONS)}")
        return cls(kind, raw.pop("platform", None), on, int(raw.pop("count", 1)), raw)

    def applies(self, platform: str, operation: str) -> bool:
        return self.platform in (None, platform) and self.on in ("any", operation)


class FakeState:
    """Everything the fakes remember; one lock, since the server is threaded."""

    def __init__(self, *, latency: float = 0.0, probabilities: dict[str, float] | None = None):
        self._lock = threading.Lock()
        self._defaults = (latency, dict(probabilities or {}))
        self._ids = 0
        self._idle = threading.Condition()
        self._busy = 0
        self.reset()

    @contextlib.contextmanager
    def in_flight(self) -> Iterator[None]:
        with self._idle:
            self._busy += 1
        try:
            yield
        finally:
            with self._idle:
                self._busy -= 1
                self._idle.notify_all()

    def wait_idle(self, timeout_s: float) -> bool:
        with self._idle:
            return self._idle.wait_for(lambda: self._busy == 0, timeout_s)

    def reset(self) -> None:
        with self._lock:
            self.posts: list[RecordedPost] = []
            self.comments: list[RecordedComment] = []
            self.random_faults: Counter[str] = Counter()  # what the chaos rates injected
            self.faults: list[Fault] = []
            self.latency, probabilities = self._defaults
            self.probabilities = dict(probabilities)
            self.media: dict[str, str] = {}  # media id / image urn -> account, once uploaded
            self.alt_texts: dict[str, str] = {}  # media id -> alt text set on it
            self.nonces: set[str] = set()
            self.grants: dict[str, dict[str, str]] = {}  # OAuth codes and request tokens
            self._random = random.Random(20240601)

    def next_id(self) -> int:
        with self._lock:
            self._ids += 1
            return self._ids

    def add_fault(self, fault: Fault) -> None:
        with self._lock:
            self.faults.append(fault)

    def take_fault(self, platform: str, operation: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.applies(platform, operation):
                    fault.count -= 1
                    if fault.count <= 0:
                        self.faults.remove(fault)
                    return fault
            for kind, chance in self.probabilities.items():
                if operation in COMMITTING and self._random.random() < chance:
                    self.random_faults[f"{platform} {operation} {kind}"] += 1
                    return Fault(kind, platform)
        return None

    def commit(self, platform: str, account: str, text: str, link: str | None, has_image: bool,
               remote_id: str, alt_text: str | None = None) -> RecordedPost:  # fmt: skip
        stamp = datetime.now(UTC).isoformat(timespec="milliseconds")
        post = RecordedPost(platform, account, text, link, has_image, remote_id, stamp, alt_text)
        with self._lock:
            self.posts.append(post)
        return post

    def find(self, platform: str, account: str, text: str) -> RecordedPost | None:
        with self._lock:
            return next(
                (
                    p
                    for p in self.posts
                    if (p.platform, p.account, p.text) == (platform, account, text)
                ),
                None,
            )

    def posts_of(self, platform: str, account: str) -> list[RecordedPost]:
        with self._lock:
            return [
                p for p in reversed(self.posts) if (p.platform, p.account) == (platform, account)
            ]

    def post_by_id(self, platform: str, remote_id: str) -> RecordedPost | None:
        with self._lock:
            return next(
                (p for p in self.posts if (p.platform, p.remote_id) == (platform, remote_id)), None
            )

    def add_comment(self, platform: str, post_id: str, actor: str, text: str,
                    remote_id: str) -> RecordedComment:  # fmt: skip
        stamp = datetime.now(UTC).isoformat(timespec="milliseconds")
        comment = RecordedComment(platform, post_id, actor, text, remote_id, stamp)
        with self._lock:
            self.comments.append(comment)
        return comment

    def comments_on(self, platform: str, post_id: str) -> list[RecordedComment]:
        with self._lock:
            return [c for c in self.comments if (c.platform, c.post_id) == (platform, post_id)]

    def comment_snapshot(self) -> list[dict[str, Any]]:
        with self._lock:
            return [asdict(c) for c in self.comments]

    def use_nonce(self, nonce: str) -> bool:
        with self._lock:
            if nonce in self.nonces:
                return False
            self.nonces.add(nonce)
            return True

    def snapshot(self) -> list[dict[str, Any]]:
        with self._lock:
            return [asdict(p) for p in self.posts]


def now_epoch() -> int:
    return int(time.time())
