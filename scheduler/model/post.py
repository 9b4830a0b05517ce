"""A post as one account will publish it, and what the platform answered: one taxonomy."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Outcome(StrEnum):
    PUBLISHED = "published"
    DUPLICATE = "duplicate"  # the platform already has this text: counts as published
    RATE_LIMITED = "rate-limited"  # retry at Result.retry_at
    TRANSIENT = "transient"  # retry with backoff
    AUTH = "auth"  # stop this account and alert
    REJECTED = "rejected"  # permanent: alert, never retry
    UNKNOWN = "unknown"  # sent, no answer: reconcile with the platform before any retry


SUCCESSFUL = frozenset({Outcome.PUBLISHED, Outcome.DUPLICATE})


@dataclass(frozen=True)
class Post:
    """One rendered post, ready for one account on one platform."""

    snippet_id: str
    platform: str  # twitter | linkedin | facebook
    handle: str
    text: str  # the full text as followers will read it, link included
    link: str | None = None
    title: str | None = None  # the essay title, for link cards
    quote: str | None = None  # the bare quote, for link-card descriptions
    image: bytes | None = field(default=None, repr=False)  # a quote card PNG, when enabled
    alt_text: str | None = None  # the card for screen readers: the quote and its author
    comment: str | None = None  # link: comment puts the link here, the post's first comment


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    remote_id: str | None = None
    url: str | None = None
    error: str | None = None
    retry_at: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.outcome in SUCCESSFUL

    def as_dict(self) -> dict[str, object]:
        return {
            "status": str(self.outcome),
            "remote_id": self.remote_id,
            "url": self.url,
            "error": self.error,
            "retry_at": self.retry_at.isoformat() if self.retry_at else None,
        }
