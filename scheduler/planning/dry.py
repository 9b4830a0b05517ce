"""When a queue runs dry: the first slot a plan leaves empty, per account.

`plan`, `status` and the desk say the day each account's queue runs dry without recycling;
`doctor` and the metrics say how many days until the first empty slot of the plan as it is.
Both read the plan the same way, here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, timedelta

from scheduler.model.settings import Config
from scheduler.model.snippets import Queue
from scheduler.planning.plan import Fits, HistoryIndex, PlannedPost, plan


def empty_slots(posts: Iterable[PlannedPost], *, for_good: bool = False) -> dict[str, PlannedPost]:
    """Per account with one, the first slot the plan leaves empty. `for_good`: the first
    after which the account posts nothing more, not a gap it comes back from."""
    empty: dict[str, PlannedPost] = {}
    for post in posts:  # in time order: a later post means the queue was not dry yet
        key = post.account.key
        if post.choice.snippet is not None:
            if for_good:
                empty.pop(key, None)
        elif key not in empty:
            empty[key] = post
    return empty


def days_until_empty(posts: Iterable[PlannedPost], now: datetime) -> float | None:
    """Days from now to the first slot the plan leaves empty; None when it fills them all."""
    first = min((post.slot.at for post in empty_slots(posts).values()), default=None)
    return None if first is None else max(0.0, (first - now).total_seconds() / 86400)


def runs_dry(
    queue: Queue,
    config: Config,
    history: HistoryIndex,
    now: datetime,
    *,
    fits: Fits = lambda s, a: True,
    horizon: timedelta = timedelta(days=3 * 365),
) -> dict[str, date | None]:
    """Per account, the local day of the first slot that would stay empty for good if
    recycling were off: the day the queue runs dry. None: still posting at the horizon."""
    rules = replace(config.rules, recycle=False)
    result = plan(
        queue, replace(config, rules=rules), history.copy(), now, now + horizon, fits=fits
    )
    dry = empty_slots(result.posts, for_good=True)
    return {a.key: _local_day(dry[a.key]) if a.key in dry else None for a in config.accounts}


def _local_day(post: PlannedPost) -> date:
    return post.slot.at.astimezone(post.account.schedule.timezone).date()
