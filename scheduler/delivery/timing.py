"""Delivery's waits: the daemon's tick, when a daemon counts as alive, settling and backing off.

A daemon writes a heartbeat every tick. Its claims in flight are left alone while it is alive;
once it is not, another process may reconcile them. This module is the one place that decides.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

TICK_VARIABLE = "SCHEDULER_TICK_SECONDS"
DEFAULT_TICK = 30.0
# A heartbeat three ticks old is still alive: one slow tick never declares a live daemon dead.
TICKS_ALIVE = 3
# `scheduler publish` runs no ticks and is often started from another shell or cron, without
# the daemon's environment, so it cannot know the daemon's tick. It assumes one of 40 s (120 s
# in all): longer than the default, so a daemon with a somewhat slower tick is not taken for
# dead and its claim in flight reconciled under it.
ASSUMED_TICK = 40.0


def tick_seconds() -> float:
    """This process's tick: how often the daemon's housekeeping (and heartbeat) runs."""
    return float(os.environ.get(TICK_VARIABLE, DEFAULT_TICK))


def heartbeat_window(tick: float | None = None) -> float:
    """Seconds within which a heartbeat means alive, for daemons with this tick (by default
    the tick this process's environment sets)."""
    return TICKS_ALIVE * (tick_seconds() if tick is None else tick)


# Transient errors back off 1, 5 and 30 minutes (with jitter); then the slot has failed.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30))
MAX_ATTEMPTS = len(BACKOFF) + 1


@dataclass(frozen=True)
class Timing:
    settle: timedelta = timedelta(seconds=60)  # wait before deciding a lost post is not there
    jitter: float = 0.2
    backoff: tuple[timedelta, ...] = BACKOFF

    def retry_at(self, attempts: int, now: datetime) -> datetime:
        """When to try again after this many attempts: the backoff's step, give or take jitter
        (so many posts that failed together do not all come back at once)."""
        delay = self.backoff[min(max(attempts - 1, 0), len(self.backoff) - 1)]
        spread = delay.total_seconds() * self.jitter
        return now + delay + timedelta(seconds=random.uniform(-spread, spread))
