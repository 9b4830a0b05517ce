"""The one clock: a function that tells the time, so tests and simulations can name any moment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The real time, aware and in UTC: the default of every Clock."""
    return datetime.now(UTC)
