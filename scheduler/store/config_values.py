"""Values in the config file: a section that names the line of every error, and the parsers
for durations, times of day, time zones, sizes, web addresses, lists and the hashtag vocabulary.
"""

from __future__ import annotations

import ipaddress
import math
import re
from datetime import time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ruamel.yaml.comments import CommentedMap

from scheduler.errors import ConfigError
from scheduler.posting.hashtags import camel_case, is_tag
from scheduler.urls import URL_HINT, web_url
from scheduler.yamlsource import key_line, node_line, refuse_unknown_keys, value_line

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$", re.IGNORECASE)
_SIZE_UNITS = {"b": 1, "kb": 1_000, "mb": 1_000_000, "gb": 1_000_000_000}

_DURATION = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(s|m|h|d|w)\s*$")
_DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_LONGEST_DURATION = timedelta(days=3660)  # ten years; far beyond it, dates stop adding up
_MAX_SECONDS = timedelta.max.total_seconds() // 2  # a longer text is still a duration, too long
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


class Section:
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
        refuse_unknown_keys(node, allowed, path, where, ConfigError)

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
        return checked_url(self.text(key), self.path, value_line(self.node, key), key)

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


def read_timezone(section: Section, key: str, default: str) -> ZoneInfo:
    name = section.text(key, default) or default
    zone = parse_timezone(name)
    if zone is None:
        raise section.fail(
            key, f"timezone '{name}' does not exist", "use an IANA name such as Europe/Amsterdam"
        )
    return zone


def read_optional_number(section: Section, key: str, kind: type) -> Any:
    value = section.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < math.inf:
        raise section.fail(
            key, f"'{key}' must be a number of 0 or more, not {value!r}", f"write {key}: 17"
        )
    return kind(value)


def read_string_map(section: Section, key: str | None) -> dict[str, str]:
    node = section.node if key is None else (section.get(key) or {})
    if not isinstance(node, dict):
        raise section.fail(key or "", f"'{key}' must be a mapping", "write slug: https://…")
    return {str(k): str(v) for k, v in node.items() if v is not None}


def read_url_map(section: Section, key: str) -> dict[str, str]:
    node = section.get(key) or {}
    urls = read_string_map(section, key)
    return {
        slug: checked_url(url, section.path, value_line(node, slug), f"{key}.{slug}") or ""
        for slug, url in urls.items()
    }


def checked_url(value: str | None, path: str, line: int | None, key: str) -> str | None:
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


def read_size(section: Section, key: str, default: int) -> int:
    value = section.get(key)
    match = _SIZE.match(str(value)) if value is not None and not isinstance(value, bool) else None
    if value is None:
        return default
    if match is None or float(match.group(1)) <= 0:
        raise section.fail(key, f"'{key}' is not a size: {value!r}", f"write {key}: 5MB")
    return int(float(match.group(1)) * _SIZE_UNITS[(match.group(2) or "b").lower()])


def read_string_list(section: Section, key: str) -> list[str]:
    value = section.get(key) or []
    if isinstance(value, str) or not isinstance(value, list):
        raise section.fail(key, f"'{key}' must be a list", f"write {key}: ['…']")
    return [str(v) for v in value]


def read_proxies(section: Section) -> tuple[str, ...]:
    """Addresses or networks (10.0.0.0/8) of the reverse proxies in front of the desk."""
    proxies = read_string_list(section, "trusted_proxies")
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


def read_vocabulary(section: Section) -> tuple[dict[str, tuple[str, ...]], dict[str, float]]:
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


def read_tag_list(section: Section, key: str) -> tuple[str, ...]:
    tags = tuple(camel_case(t) for t in read_string_list(section, key))
    for tag in tags:
        if not is_tag(tag):
            raise section.fail(
                key, f"hashtag {tag!r} is not a single word", f"write {key}: [leadership]"
            )
    return tags
