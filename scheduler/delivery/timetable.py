"""The next slot of every account, earliest first.

The daemon keeps one timer for all accounts instead of one APScheduler job each: a job costs
memory (about 17 MB per 5,000 here), a heap entry almost nothing.
"""

from __future__ import annotations

import heapq
from datetime import datetime


class Timetable:
    def __init__(self) -> None:
        self._heap: list[tuple[datetime, str]] = []
        self._next: dict[str, datetime] = {}  # the one entry per account that still counts

    def set(self, account: str, at: datetime | None) -> None:
        """The account's next slot; None when it has no more."""
        if at is None:
            self._next.pop(account, None)
            return
        self._next[account] = at
        heapq.heappush(self._heap, (at, account))

    def next_at(self) -> datetime | None:
        self._drop_stale()
        return self._heap[0][0] if self._heap else None

    def due(self, now: datetime) -> list[tuple[datetime, str]]:
        """Take every slot at or before now, earliest first."""
        taken = []
        while self.next_at() is not None and self._heap[0][0] <= now:
            at, account = heapq.heappop(self._heap)
            del self._next[account]
            taken.append((at, account))
        return taken

    def __len__(self) -> int:
        return len(self._next)

    def _drop_stale(self) -> None:
        # An account whose slot was set again leaves its old entry behind in the heap.
        while self._heap and self._next.get(self._heap[0][1]) != self._heap[0][0]:
            heapq.heappop(self._heap)
