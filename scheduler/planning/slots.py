"""When an account posts: wall-clock slots in an IANA zone, made into exact instants.

We compute every instant ourselves instead of trusting a cron trigger, because a cron trigger
fires twice in the repeated autumn hour and skips the spring gap. Here a slot in the spring
gap moves to the first valid time after it, and a slot in the repeated hour happens once
(its first occurrence).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from scheduler.model.settings import Account, Schedule

_GAP_STEP = timedelta(minutes=1)


@dataclass(frozen=True, order=True)
class Slot:
    at: datetime  # aware, UTC
    account: str  # Account.key


def wall_time_to_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The instant a wall-clock time means on a day, DST-safe, in UTC."""
    naive = datetime.combine(day, at)
    while not _exists(naive, zone):
        # Spring forward: walk to the first wall time that exists (02:30 → 03:00).
        naive = (naive + _GAP_STEP).replace(second=0, microsecond=0)
    return naive.replace(tzinfo=zone, fold=0).astimezone(UTC)


def _exists(naive: datetime, zone: ZoneInfo) -> bool:
    aware = naive.replace(tzinfo=zone)
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == naive


def schedule_instants(schedule: Schedule, start: datetime, end: datetime) -> Iterator[datetime]:
    """Every slot instant in [start, end), in order."""
    zone = schedule.timezone
    day, last_day = start.astimezone(zone).date(), end.astimezone(zone).date()
    found: list[datetime] = []
    while day <= last_day:
        found.extend(day_instants(schedule, day))
        day += timedelta(days=1)
    found.extend(moment.astimezone(UTC) for moment in schedule.once)
    yield from sorted({moment for moment in found if start <= moment < end})


@lru_cache(maxsize=1 << 16)
def day_instants(schedule: Schedule, day: date) -> tuple[datetime, ...]:
    """The weekly slots of one local day. Cached: a daemon with many accounts asks about the
    same few schedules and days at every tick, and most accounts share one schedule."""
    if day in schedule.blackout:
        return ()
    times = [weekly.at for weekly in schedule.weekly if day.weekday() in weekly.days]
    if schedule.pace is not None:
        times = [t for t in times if (day.weekday(), t) in paced_slots(schedule)]
    return tuple(wall_time_to_instant(day, at, schedule.timezone) for at in sorted(times))


@lru_cache(maxsize=1 << 10)
def paced_slots(schedule: Schedule) -> frozenset[tuple[int, time]]:
    """The (weekday, time) slots a paced schedule uses: `pace` of the week's slots, evenly
    spread over the week, so 3 of 10 weekday slots become Monday, Tuesday and Thursday rather
    than Monday morning, Monday afternoon and Tuesday. The phase moves each account along, so
    that accounts sharing one schedule post on different days."""
    week = sorted({(d, w.at) for w in schedule.weekly for d in w.days})
    if schedule.pace is None or schedule.pace >= len(week):
        return frozenset(week)
    step = len(week) / schedule.pace
    return frozenset(
        week[int((i + schedule.phase) * step) % len(week)] for i in range(schedule.pace)
    )


def slots_between(accounts: Iterable[Account], start: datetime, end: datetime) -> list[Slot]:
    """All accounts' slots in [start, end), in time order."""
    return sorted(
        Slot(at, account.key)
        for account in accounts
        for at in schedule_instants(account.schedule, start, end)
    )


def next_slot(
    account: Account, after: datetime, horizon: timedelta = timedelta(days=400)
) -> datetime | None:
    """The first slot strictly after a moment, or None when the schedule has no more."""
    # Search in growing windows: most schedules have a slot within the week.
    window = timedelta(days=8)
    start = after + timedelta(microseconds=1)
    while window <= horizon * 2:
        for moment in schedule_instants(account.schedule, start, after + window):
            return moment
        window *= 4
    return None
