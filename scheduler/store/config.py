"""config/scheduler.yaml: accounts, posting slots, timezone, rules and links, validated on load.

Loading takes text, not a path, so every rule here is testable without files. Every error
names the file, the line and the fix.
"""

from __future__ import annotations

import ipaddress
import math
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from scheduler.errors import ConfigError
from scheduler.posting.hashtags import camel_case, is_tag
from scheduler.store.yamlsource import key_line, node_line, parse_yaml, value_line
from scheduler.urls import URL_HINT, web_url

PLATFORMS = ("twitter", "linkedin", "facebook")
ACCOUNT_KINDS = ("person", "page", "organization")
DEFAULT_TIMEZONE = "Europe/Amsterdam"
DEFAULT_HASHTAGS = {"twitter": 2, "linkedin": 3, "facebook": 3}
DEFAULT_MAX_ESSAY_BYTES = 5_000_000  # an essay is tens of KB; 50 MB of text took minutes
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$", re.IGNORECASE)
_SIZE_UNITS = {"b": 1, "kb": 1_000, "mb": 1_000_000, "gb": 1_000_000_000}

_WEEKDAYS = {
    **{name: i for i, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    **{name: i for i, name in enumerate(("ma", "di", "wo", "do", "vr", "za", "zo"))},
}
_DAY_GROUPS = {
    "daily": frozenset(range(7)),
    "weekdays": frozenset(range(5)),
    "weekend": frozenset({5, 6}),
}
_DURATION = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(s|m|h|d|w)\s*$")
_DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_LONGEST_DURATION = timedelta(days=3660)  # ten years; far beyond it, dates stop adding up
_MAX_SECONDS = timedelta.max.total_seconds() // 2  # a longer text is still a duration, too long
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


@dataclass(frozen=True)
class WeeklySlot:
    days: frozenset[int]  # Monday is 0
    at: time


@dataclass(frozen=True)
class Schedule:
    timezone: ZoneInfo
    weekly: tuple[WeeklySlot, ...] = ()
    once: tuple[datetime, ...] = ()  # aware one-off moments
    blackout: frozenset[date] = frozenset()
    # Posts a week: only that many of the week's weekly slots are used, spread evenly, and
    # shifted by `phase` (a fraction of one step) so that accounts take different slots.
    pace: int | None = None
    phase: float = 0.0


@dataclass(frozen=True)
class Account:
    platform: str
    handle: str
    url: str
    kind: str
    schedule: Schedule
    hashtags: int  # the most hashtags a post carries; 0 switches them off
    daily_quota: int | None = None  # posts a day the platform plan allows
    cost_per_post: float = 0.0
    cost_per_link_post: float | None = None  # a post with a URL (X charges ~13x); None: as above
    utm: bool = True
    cards: bool = False
    fixed_hashtags: tuple[str, ...] = ()  # the account's own tags, on every post it makes
    link: str = "post"  # post | comment (the post's first comment) | none

    @property
    def key(self) -> str:
        """The ledger's name for this account: platform and handle."""
        return f"{self.platform}:{self.handle}"

    def cost(self, with_link: bool) -> float:
        if with_link and self.cost_per_link_post is not None:
            return self.cost_per_link_post
        return self.cost_per_post


@dataclass(frozen=True)
class Rules:
    require_approval: bool = False
    recycle: bool = True
    repeat_gap: timedelta = timedelta(days=120)  # per snippet per account
    stagger: timedelta = timedelta(days=3)  # one quote on two networks at least this far apart
    essay_spacing: timedelta = timedelta(days=2)
    misfire_grace: timedelta = timedelta(minutes=15)
    catch_up_spacing: timedelta = timedelta(seconds=30)
    prefer_clicked: bool = True
    require_essay_link: bool = False  # true: essays that would link to the blog timeline wait
    four_eyes: bool = False  # a quote's last editor may not approve it


@dataclass(frozen=True)
class DeskSettings:
    """Who the desk believes: proxies whose forwarded headers count, and its own host names
    (empty: the bind address, localhost and 127.0.0.1)."""

    trusted_proxies: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    path: str
    timezone: ZoneInfo
    author: str
    blog_url: str | None
    accounts: tuple[Account, ...]
    rules: Rules = field(default_factory=Rules)
    essay_urls: dict[str, str] = field(default_factory=dict)
    hashtag_vocabulary: dict[str, tuple[str, ...]] = field(default_factory=dict)
    hashtag_weights: dict[str, float] = field(default_factory=dict)  # 1 unless staff say
    public_base: str | None = None
    alerts: tuple[str, ...] = ()
    platform_settings: dict[str, str] = field(default_factory=dict)
    card_style: dict[str, str] = field(default_factory=dict)  # colours and logo of quote cards
    metrics: bool = True  # the desk serves GET /metrics
    max_essay_bytes: int = DEFAULT_MAX_ESSAY_BYTES  # ingest refuses larger essay files
    desk: DeskSettings = field(default_factory=DeskSettings)
    quotes_max_per_essay: int = 8  # quotes: {max_per_essay: 8}; a floor, not a quota

    def account(self, key: str) -> Account | None:
        return self._by_key.get(key)

    @cached_property
    def _by_key(self) -> dict[str, Account]:
        # The daemon looks an account up at every slot: with thousands, a scan adds up.
        return {a.key: a for a in self.accounts}


class _Section:
    """A mapping in the file, with the path to it, for precise errors."""

    def __init__(self, node: Any, path: str, where: str, allowed: tuple[str, ...]) -> None:
        if not isinstance(node, CommentedMap):
            raise ConfigError(
                f"{where or 'the file'} must be a mapping of keys to values",
                path=path,
                line=node_line(node),
                hint="write it as 'key: value' lines",
            )
        self.node, self.path, self.where = node, path, where
        for key in node:
            if key not in allowed:
                raise ConfigError(
                    f"unknown key '{key}'{' in ' + where if where else ''}",
                    path=path,
                    line=key_line(node, key),
                    hint=f"use one of: {', '.join(allowed)}",
                )

    def get(self, key: str, default: Any = None) -> Any:
        return self.node.get(key, default)

    def fail(self, key: str, problem: str, hint: str) -> ConfigError:
        return ConfigError(problem, path=self.path, line=value_line(self.node, key), hint=hint)

    def text(self, key: str, default: str | None = None) -> str | None:
        value = self.node.get(key, default)
        if value is not None and not isinstance(value, str):
            raise self.fail(key, f"'{key}' must be text", f'write {key}: "…"')
        return value

    def url(self, key: str) -> str | None:
        """An http(s) address, a bare domain completed to https; anything else is refused."""
        return _checked_url(self.text(key), self.path, value_line(self.node, key), key)

    def boolean(self, key: str, default: bool) -> bool:
        value = self.node.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, f"'{key}' must be true or false", f"write {key}: true")
        return value

    def duration(self, key: str, default: timedelta) -> timedelta:
        value = self.node.get(key)
        if value is None:
            return default
        parsed = parse_duration(str(value))
        if parsed is None:
            raise self.fail(key, f"'{key}' is not a duration: {value!r}", "write e.g. 15m, 2h, 90d")
        if parsed < timedelta(0):
            raise self.fail(key, f"'{key}' is a negative gap: {value!r}", "use 0 or more")
        if parsed > _LONGEST_DURATION:
            raise self.fail(
                key, f"'{key}' is longer than ten years: {value!r}", "use 3660d or less"
            )
        return parsed


def parse_duration(text: str) -> timedelta | None:
    match = _DURATION.match(text)
    if not match:
        return None
    seconds = float(match.group(1)) * _DURATION_UNITS[match.group(2)]
    return timedelta(seconds=min(max(seconds, -_MAX_SECONDS), _MAX_SECONDS))


def parse_time_of_day(text: str) -> time | None:
    match = _TIME.match(text.strip())
    if not match:
        return None
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def parse_timezone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def load_config(text: str, path: Path | str = "config/scheduler.yaml") -> Config:
    """Validate the config text completely; raise ConfigError at the first problem."""
    path = str(path)
    root = parse_yaml(text, path, ConfigError)
    top = _Section(
        root if root is not None else CommentedMap(),
        path,
        "",
        (
            "timezone",
            "author",
            "blog",
            "slots",
            "blackout",
            "accounts",
            "rules",
            "hashtags",
            "links",
            "alerts",
            "platforms",
            "cards",
            "metrics",
            "ingest",
            "desk",
            "quotes",
        ),
    )
    timezone = _timezone(top, "timezone", DEFAULT_TIMEZONE)
    default_schedule = _schedule(top, timezone, top.get("slots"), top.get("blackout"))
    blog = _Section(top.get("blog") or CommentedMap(), path, "blog", ("url", "essay_urls"))
    hashtags = _Section(top.get("hashtags") or CommentedMap(), path, "hashtags", ("vocabulary",))
    links = _Section(top.get("links") or CommentedMap(), path, "links", ("public_base",))
    vocabulary, weights = _vocabulary(hashtags)
    ingest = _Section(top.get("ingest") or CommentedMap(), path, "ingest", ("max_essay_size",))
    desk = _Section(
        top.get("desk") or CommentedMap(), path, "desk", ("trusted_proxies", "allowed_hosts")
    )
    quotes = _Section(top.get("quotes") or CommentedMap(), path, "quotes", ("max_per_essay",))
    return Config(
        path=path,
        timezone=timezone,
        author=top.text("author", "") or "",
        blog_url=blog.url("url"),
        essay_urls=_url_map(blog, "essay_urls"),
        accounts=_accounts(top, timezone, default_schedule),
        rules=_rules(top),
        hashtag_vocabulary=vocabulary,
        hashtag_weights=weights,
        public_base=links.url("public_base"),
        quotes_max_per_essay=_max_per_essay(quotes),
        alerts=tuple(_string_list(top, "alerts")),
        metrics=top.boolean("metrics", True),
        max_essay_bytes=_size(ingest, "max_essay_size", DEFAULT_MAX_ESSAY_BYTES),
        desk=DeskSettings(_proxies(desk), tuple(_string_list(desk, "allowed_hosts"))),
        card_style=_string_map(
            _Section(
                top.get("cards") or CommentedMap(),
                path,
                "cards",
                ("background", "text", "muted", "accent", "logo"),
            ),
            None,
        ),
        platform_settings=_string_map(
            _Section(
                top.get("platforms") or CommentedMap(),
                path,
                "platforms",
                ("linkedin_version", "facebook_graph_version"),
            ),
            None,
        ),
    )


def read_config(path: Path) -> Config:
    if not path.exists():
        raise ConfigError(
            "the config file does not exist",
            path=path,
            hint="run 'scheduler ingest' once: it writes a config from the essays' footer",
        )
    return load_config(path.read_text(encoding="utf-8"), path)


def _timezone(section: _Section, key: str, default: str) -> ZoneInfo:
    name = section.text(key, default) or default
    zone = parse_timezone(name)
    if zone is None:
        raise section.fail(
            key, f"timezone '{name}' does not exist", "use an IANA name such as Europe/Amsterdam"
        )
    return zone


def _rules(top: _Section) -> Rules:
    node = top.get("rules") or CommentedMap()
    rules = _Section(
        node,
        top.path,
        "rules",
        (
            "require_approval",
            "recycle",
            "repeat_gap",
            "essay_spacing",
            "misfire_grace",
            "catch_up_spacing",
            "prefer_clicked",
            "require_essay_link",
            "stagger",
            "four_eyes",
        ),
    )
    defaults = Rules()
    return Rules(
        require_approval=rules.boolean("require_approval", defaults.require_approval),
        recycle=rules.boolean("recycle", defaults.recycle),
        repeat_gap=rules.duration("repeat_gap", defaults.repeat_gap),
        essay_spacing=rules.duration("essay_spacing", defaults.essay_spacing),
        misfire_grace=rules.duration("misfire_grace", defaults.misfire_grace),
        catch_up_spacing=rules.duration("catch_up_spacing", defaults.catch_up_spacing),
        prefer_clicked=rules.boolean("prefer_clicked", defaults.prefer_clicked),
        require_essay_link=rules.boolean("require_essay_link", defaults.require_essay_link),
        stagger=rules.duration("stagger", defaults.stagger),
        four_eyes=rules.boolean("four_eyes", defaults.four_eyes),
    )


def _accounts(top: _Section, timezone: ZoneInfo, default: Schedule) -> tuple[Account, ...]:
    node = top.get("accounts") or CommentedSeq()
    if not isinstance(node, CommentedSeq):
        raise top.fail("accounts", "'accounts' must be a list", "start each account with '- '")
    accounts: list[Account] = []
    seen: set[str] = set()
    for index, item in enumerate(node):
        account = _account(
            _Section(
                item,
                top.path,
                f"accounts[{index}]",
                (
                    "platform",
                    "handle",
                    "url",
                    "kind",
                    "slots",
                    "blackout",
                    "timezone",
                    "hashtags",
                    "daily_quota",
                    "cost_per_post",
                    "cost_per_link_post",
                    "pace",
                    "utm",
                    "cards",
                    "fixed_hashtags",
                    "link",
                ),
            ),
            timezone,
            default,
            phase=index / len(node),
        )
        if account.key in seen:
            raise ConfigError(
                f"account {account.key} is listed twice",
                path=top.path,
                line=node_line(item),
                hint="remove one of the two entries",
            )
        accounts.append(account)
        seen.add(account.key)
    return tuple(accounts)


def _account(
    section: _Section, timezone: ZoneInfo, default: Schedule, phase: float = 0.0
) -> Account:
    platform = section.text("platform")
    if platform not in PLATFORMS:
        raise section.fail(
            "platform", f"unknown platform {platform!r}", f"use one of: {', '.join(PLATFORMS)}"
        )
    handle = section.text("handle")
    if not handle:
        raise section.fail("handle", "an account needs a handle", "write handle: YourName")
    kind = section.text("kind", "person")
    if kind not in ACCOUNT_KINDS:
        raise section.fail(
            "kind", f"unknown kind {kind!r}", f"use one of: {', '.join(ACCOUNT_KINDS)}"
        )
    zone = _timezone(section, "timezone", timezone.key)
    has_own_slots = section.get("slots") is not None or section.get("blackout") is not None
    schedule = (
        _schedule(section, zone, section.get("slots"), section.get("blackout"))
        if has_own_slots or zone != timezone
        else default
    )
    pace = _pace(section)
    if pace is not None:
        schedule = replace(schedule, pace=pace, phase=phase)
    return Account(
        platform=platform,
        handle=handle.lstrip("@"),
        url=section.url("url") or "",
        kind=kind,
        schedule=schedule,
        hashtags=_hashtag_count(section, DEFAULT_HASHTAGS[platform]),
        daily_quota=_optional_number(section, "daily_quota", int),
        cost_per_post=_optional_number(section, "cost_per_post", float) or 0.0,
        cost_per_link_post=_optional_number(section, "cost_per_link_post", float),
        utm=section.boolean("utm", True),
        cards=section.boolean("cards", False),
        fixed_hashtags=_tag_list(section, "fixed_hashtags"),
        link=_link_placement(section, platform),
    )


def _pace(section: _Section) -> int | None:
    value = section.get("pace")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100:
        raise section.fail(
            "pace",
            f"'pace' is posts a week, a whole number from 1 to 100, not {value!r}",
            "write pace: 3 (or leave it out to use every slot)",
        )
    return value


LINK_PLACEMENTS = ("post", "comment", "none")


def _link_placement(section: _Section, platform: str) -> str:
    value = section.get("link", "post")
    if value not in LINK_PLACEMENTS:
        raise section.fail(
            "link", f"'link' must be post, comment or none, not {value!r}", "write link: post"
        )
    # A reply on X is a post of its own, billed as a link post: it saves nothing and
    # clutters the timeline, so X takes the link in the post or not at all.
    if value == "comment" and platform == "twitter":
        raise section.fail(
            "link",
            "X has no first comment: a reply would be a second post, billed as a link post",
            "write link: post or link: none for this X account",
        )
    return str(value)


def _hashtag_count(section: _Section, default: int) -> int:
    value = section.get("hashtags", default)
    if value is False:
        return 0
    if value is True:
        return default
    if isinstance(value, int) and 0 <= value <= 10:
        return value
    raise section.fail(
        "hashtags",
        f"'hashtags' must be false or a count, not {value!r}",
        "write hashtags: 2, or hashtags: false",
    )


def _max_per_essay(section: _Section) -> int:
    value = section.get("max_per_essay", 8)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise section.fail(
            "max_per_essay",
            f"'max_per_essay' must be a whole number of 1 or more, not {value!r}",
            "write max_per_essay: 8",
        )
    return value


def _optional_number(section: _Section, key: str, kind: type) -> Any:
    value = section.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < math.inf:
        raise section.fail(
            key, f"'{key}' must be a number of 0 or more, not {value!r}", f"write {key}: 17"
        )
    return kind(value)


def _schedule(section: _Section, zone: ZoneInfo, slots: Any, blackout: Any) -> Schedule:
    weekly: list[WeeklySlot] = []
    once: list[datetime] = []
    if slots is not None and not isinstance(slots, CommentedSeq):
        raise section.fail(
            "slots", "'slots' must be a list", "write - {days: weekdays, times: ['09:00']}"
        )
    for index, item in enumerate(slots or ()):
        entry = _Section(item, section.path, f"slots[{index}]", ("days", "times", "at"))
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


def _days(entry: _Section) -> frozenset[int]:
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


def _times(entry: _Section) -> list[time]:
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


def _one_off(entry: _Section, zone: ZoneInfo) -> datetime:
    raw = entry.get("at")
    try:
        moment = raw if isinstance(raw, datetime) else datetime.fromisoformat(str(raw))
    except ValueError as exc:
        raise entry.fail(
            "at", f"{raw!r} is not a date and time", "write at: '2026-12-24T10:15:30'"
        ) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _blackout(section: _Section, value: Any) -> list[date]:
    days = []
    for item in value or ():
        try:
            days.append(item if isinstance(item, date) else date.fromisoformat(str(item)))
        except ValueError as exc:
            raise section.fail(
                "blackout", f"{item!r} is not a date", "write blackout dates as 'YYYY-MM-DD'"
            ) from exc
    return days


def _string_map(section: _Section, key: str | None) -> dict[str, str]:
    node = section.node if key is None else (section.get(key) or {})
    if not isinstance(node, dict):
        raise section.fail(key or "", f"'{key}' must be a mapping", "write slug: https://…")
    return {str(k): str(v) for k, v in node.items() if v is not None}


def _url_map(section: _Section, key: str) -> dict[str, str]:
    node = section.get(key) or {}
    urls = _string_map(section, key)
    return {
        slug: _checked_url(url, section.path, value_line(node, slug), f"{key}.{slug}") or ""
        for slug, url in urls.items()
    }


def _checked_url(value: str | None, path: str, line: int | None, key: str) -> str | None:
    if not value:
        return None
    url = web_url(value)
    if url is None:
        raise ConfigError(
            f"'{key}' is not a web address (http or https): {value!r}",
            path=path,
            line=line,
            hint=URL_HINT,
        )
    return url


def _size(section: _Section, key: str, default: int) -> int:
    value = section.get(key)
    match = _SIZE.match(str(value)) if value is not None and not isinstance(value, bool) else None
    if value is None:
        return default
    if match is None or float(match.group(1)) <= 0:
        raise section.fail(key, f"'{key}' is not a size: {value!r}", f"write {key}: 5MB")
    return int(float(match.group(1)) * _SIZE_UNITS[(match.group(2) or "b").lower()])


def _string_list(section: _Section, key: str) -> list[str]:
    value = section.get(key) or []
    if isinstance(value, str) or not isinstance(value, list):
        raise section.fail(key, f"'{key}' must be a list", f"write {key}: ['…']")
    return [str(v) for v in value]


def _proxies(section: _Section) -> tuple[str, ...]:
    """Addresses or networks (10.0.0.0/8) of the reverse proxies in front of the desk."""
    proxies = _string_list(section, "trusted_proxies")
    for proxy in proxies:
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            raise section.fail(
                "trusted_proxies",
                f"{proxy!r} is not an IP address or network",
                "name your reverse proxy's address, e.g. 127.0.0.1 or 10.0.0.0/8",
            ) from None
    return tuple(proxies)


def _vocabulary(section: _Section) -> tuple[dict[str, tuple[str, ...]], dict[str, float]]:
    """Tag → the words that call for it, and the staff's weight per tag (1 unless given):
    `Leiderschap: [leider]` or `Leiderschap: {words: [leider], weight: 2}`."""
    node = section.get("vocabulary") or {}
    if not isinstance(node, dict):
        raise section.fail(
            "vocabulary",
            "'vocabulary' must map a hashtag to its words",
            "write Leiderschap: [leiderschap, leider]",
        )
    vocabulary, weights = {}, {}
    for name, entry in node.items():
        tag = camel_case(str(name))
        if not is_tag(tag):
            raise ConfigError(
                f"hashtag {name!r} is not a single word",
                path=section.path,
                line=key_line(node, name),
                hint="write it in CamelCase: ZachteKracht",
            )
        words, weight = entry, 1.0
        if isinstance(entry, dict):
            words, weight = entry.get("words"), entry.get("weight", 1.0)
            if (
                isinstance(weight, bool)
                or not isinstance(weight, int | float)
                or not 0 <= weight < math.inf  # .nan and .inf are YAML floats too
            ):
                raise ConfigError(
                    f"the weight of {name!r} must be a number of 0 or more, not {weight!r}",
                    path=section.path,
                    line=key_line(node, name),
                    hint="write weight: 2 (0 keeps the tag off every post)",
                )
        items = [words] if isinstance(words, str) else words or [str(name).lower()]
        if not isinstance(items, list) or not all(isinstance(w, str) and w.strip() for w in items):
            raise ConfigError(
                f"the words of {name!r} must be a list of words, not {words!r}",
                path=section.path,
                line=key_line(node, name),
                hint=f"write {name}: [{str(name).lower()}]",
            )
        vocabulary[tag] = tuple(w.lower() for w in items)
        weights[tag] = float(weight)
    return vocabulary, weights


def _tag_list(section: _Section, key: str) -> tuple[str, ...]:
    tags = tuple(camel_case(t) for t in _string_list(section, key))
    for tag in tags:
        if not is_tag(tag):
            raise section.fail(
                key, f"hashtag {tag!r} is not a single word", f"write {key}: [leadership]"
            )
    return tags
