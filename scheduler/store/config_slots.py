"""Posting slots in the config: weekly times, one-off moments and blackout dates."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from ruamel.yaml.comments import CommentedSeq

from scheduler.model.settings import Schedule, WeeklySlot
from scheduler.store.config_values import Section, parse_time_of_day

_WEEKDAYS = {
    **{name: i for i, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    **{name: i for i, name in enumerate(("ma", "di", "wo", "do", "vr", "za", "zo"))},
}
_DAY_GROUPS = {
    "daily": frozenset(range(7)),
    "weekdays": frozenset(range(5)),
    "weekend": frozenset({5, 6}),
}


def read_schedule(section: Section, zone: ZoneInfo, slots: Any, blackout: Any) -> Schedule:
    """The slots and blackout dates of the whole config or of one account, in ``zone``."""
    weekly: list[WeeklySlot] = []
    once: list[datetime] = []
    if slots is not None and not isinstance(slots, CommentedSeq):
        raise section.fail(
            "slots", "'slots' must be a list", "write - {days: weekdays, times: ['09:00']}"
        )
    for index, item in enumerate(slots or ()):
        entry = Section(item, section.path, f"slots[{index}]", ("days", "times", "at"))
        if entry.get("at") is not None:
            once.append(_one_off(entry, zone))
        else:
            days = _days(entry)
            weekly.extend(WeeklySlot(days, at) for at in _times(entry))
    return Schedule(
        timezone=zone,
        weekly=tuple(weekly),
        once=tuple(sorted(once)),
        blackout=frozenset(_blackout(section, blackout)),
    )


def _days(entry: Section) -> frozenset[int]:
    value = entry.get("days", "daily")
    names = [value] if isinstance(value, str) else list(value or ())
    days: set[int] = set()
    for name in names:
        numbers = _day_numbers(str(name))
        if numbers is None:
            raise entry.fail(
                "days", f"unknown day {name!r}", "use mon…sun, ma…zo, weekdays, weekend or daily"
            )
        days |= numbers
    return frozenset(days)


def _day_numbers(name: str) -> frozenset[int] | None:
    """English or Dutch day names, abbreviated or not: 'mon', 'maandag', 'do'."""
    key = name.strip().lower()
    if key in _DAY_GROUPS:
        return _DAY_GROUPS[key]
    for length in (3, 2):
        if key[:length] in _WEEKDAYS:
            return frozenset({_WEEKDAYS[key[:length]]})
    return None


def _times(entry: Section) -> list[time]:
    value = entry.get("times")
    if value is None:
        raise entry.fail("times", "a weekly slot needs 'times'", "write times: ['09:00', '17:30']")
    items = [value] if isinstance(value, str | int) else list(value)
    times = []
    for item in items:
        parsed = parse_time_of_day(str(item))
        if parsed is None:
            raise entry.fail(
                "times",
                f"{item!r} is not a time of day",
                "write 24-hour times as HH:MM or HH:MM:SS, in quotes: '09:00'",
            )
        times.append(parsed)
    return times


def _one_off(entry: Section, zone: ZoneInfo) -> datetime:
    raw = entry.get("at")
    try:
        moment = raw if isinstance(raw, datetime) else datetime.fromisoformat(str(raw))
    except ValueError as exc:
        raise entry.fail(
            "at", f"{raw!r} is not a date and time", "write at: '2026-12-24T10:15:30'"
        ) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _blackout(section: Section, value: Any) -> list[date]:
    days = []
    for item in value or ():
        try:
            days.append(item if isinstance(item, date) else date.fromisoformat(str(item)))
        except ValueError as exc:
            raise section.fail(
                "blackout", f"{item!r} is not a date", "write blackout dates as 'YYYY-MM-DD'"
            ) from exc
    return days
