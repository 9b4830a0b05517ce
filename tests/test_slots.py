"""Slots are wall-clock times: a DST change neither doubles nor drops one."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from scheduler.model.settings import Schedule, WeeklySlot
from scheduler.planning.slots import schedule_instants, wall_time_to_instant

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
EVERY_DAY = frozenset(range(7))


def daily(*times: time) -> Schedule:
    return Schedule(timezone=AMSTERDAM, weekly=tuple(WeeklySlot(EVERY_DAY, t) for t in times))


def test_a_slot_in_the_spring_gap_moves_to_the_first_valid_time():
    # 2026-03-29 02:00 → 03:00 in Amsterdam: 02:30 does not exist.
    moment = wall_time_to_instant(date(2026, 3, 29), time(2, 30), AMSTERDAM)
    assert moment.astimezone(AMSTERDAM).time() == time(3, 0)
    slots = list(
        schedule_instants(
            daily(time(2, 30)), datetime(2026, 3, 28, tzinfo=UTC), datetime(2026, 3, 31, tzinfo=UTC)
        )
    )
    assert len(slots) == 3  # one on each day, none dropped


def test_a_slot_in_the_repeated_autumn_hour_happens_once():
    # 2026-10-25 03:00 → 02:00 in Amsterdam: 02:30 happens twice on the clock.
    slots = list(
        schedule_instants(
            daily(time(2, 30)),
            datetime(2026, 10, 24, tzinfo=UTC),
            datetime(2026, 10, 27, tzinfo=UTC),
        )
    )
    on_the_day = [s for s in slots if s.astimezone(AMSTERDAM).date() == date(2026, 10, 25)]
    assert len(on_the_day) == 1
    assert on_the_day[0] == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # the first 02:30 (CEST)


def test_wall_times_keep_their_local_hour_across_both_changes():
    slots = list(
        schedule_instants(
            daily(time(9, 0)), datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 11, 30, tzinfo=UTC)
        )
    )
    assert {s.astimezone(AMSTERDAM).time() for s in slots} == {time(9, 0)}
    assert len(slots) == (date(2026, 11, 30) - date(2026, 3, 1)).days


def test_blackout_days_and_one_off_moments():
    once = datetime(2026, 12, 24, 10, 15, 30, tzinfo=AMSTERDAM)
    schedule = Schedule(
        timezone=AMSTERDAM,
        weekly=(WeeklySlot(EVERY_DAY, time(9)),),
        once=(once,),
        blackout=frozenset({date(2026, 12, 25)}),
    )
    start = datetime(2026, 12, 24, tzinfo=AMSTERDAM)
    slots = list(schedule_instants(schedule, start, start + timedelta(days=3)))
    local = [s.astimezone(AMSTERDAM) for s in slots]
    assert once in local
    assert not any(s.date() == date(2026, 12, 25) for s in local)
    assert len(local) == 3  # 24th at 09:00 and 10:15:30, the 26th at 09:00
