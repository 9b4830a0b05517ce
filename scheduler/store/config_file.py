"""config/scheduler.yaml: accounts, posting slots, timezone, rules and links, validated on load.

Loading takes text, not a path, so every rule here is testable without files. Every error
names the file, the line and the fix. The records it builds are in scheduler.model.settings.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from scheduler.errors import ConfigError
from scheduler.model.platforms import PLATFORMS
from scheduler.model.settings import (
    ACCOUNT_KINDS,
    DEFAULT_HASHTAGS,
    DEFAULT_MAX_ESSAY_BYTES,
    DEFAULT_TIMEZONE,
    LINK_PLACEMENTS,
    Account,
    Config,
    DeskSettings,
    Rules,
    Schedule,
)
from scheduler.store.config_slots import read_schedule
from scheduler.store.config_values import (
    Section,
    read_optional_number,
    read_proxies,
    read_size,
    read_string_list,
    read_string_map,
    read_tag_list,
    read_timezone,
    read_url_map,
    read_vocabulary,
)
from scheduler.yamlsource import node_line, parse_yaml


def load_config(text: str, path: Path | str = "config/scheduler.yaml") -> Config:
    """Validate the config text completely; raise ConfigError at the first problem."""
    path = str(path)
    root = parse_yaml(text, path, ConfigError)
    top = Section(
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
    timezone = read_timezone(top, "timezone", DEFAULT_TIMEZONE)
    default_schedule = read_schedule(top, timezone, top.get("slots"), top.get("blackout"))
    blog = Section(top.get("blog") or CommentedMap(), path, "blog", ("url", "essay_urls"))
    hashtags = Section(top.get("hashtags") or CommentedMap(), path, "hashtags", ("vocabulary",))
    links = Section(top.get("links") or CommentedMap(), path, "links", ("public_base",))
    vocabulary, weights = read_vocabulary(hashtags)
    ingest = Section(top.get("ingest") or CommentedMap(), path, "ingest", ("max_essay_size",))
    desk = Section(
        top.get("desk") or CommentedMap(), path, "desk", ("trusted_proxies", "allowed_hosts")
    )
    quotes = Section(top.get("quotes") or CommentedMap(), path, "quotes", ("max_per_essay",))
    return Config(
        path=path,
        timezone=timezone,
        author=top.text("author", "") or "",
        blog_url=blog.url("url"),
        essay_urls=read_url_map(blog, "essay_urls"),
        accounts=_accounts(top, timezone, default_schedule),
        rules=_rules(top),
        hashtag_vocabulary=vocabulary,
        hashtag_weights=weights,
        public_base=links.url("public_base"),
        quotes_max_per_essay=_max_per_essay(quotes),
        alerts=tuple(read_string_list(top, "alerts")),
        metrics=top.boolean("metrics", True),
        max_essay_bytes=read_size(ingest, "max_essay_size", DEFAULT_MAX_ESSAY_BYTES),
        desk=DeskSettings(read_proxies(desk), tuple(read_string_list(desk, "allowed_hosts"))),
        card_style=read_string_map(
            Section(
                top.get("cards") or CommentedMap(),
                path,
                "cards",
                ("background", "text", "muted", "accent", "logo"),
            ),
            None,
        ),
        platform_settings=read_string_map(
            Section(
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


def _rules(top: Section) -> Rules:
    node = top.get("rules") or CommentedMap()
    rules = Section(
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


def _accounts(top: Section, timezone: ZoneInfo, default: Schedule) -> tuple[Account, ...]:
    node = top.get("accounts") or CommentedSeq()
    if not isinstance(node, CommentedSeq):
        raise top.fail("accounts", "'accounts' must be a list", "start each account with '- '")
    accounts: list[Account] = []
    seen: set[str] = set()
    for index, item in enumerate(node):
        account = _account(
            Section(
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
    section: Section, timezone: ZoneInfo, default: Schedule, phase: float = 0.0
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
    zone = read_timezone(section, "timezone", timezone.key)
    has_own_slots = section.get("slots") is not None or section.get("blackout") is not None
    schedule = (
        read_schedule(section, zone, section.get("slots"), section.get("blackout"))
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
        daily_quota=read_optional_number(section, "daily_quota", int),
        cost_per_post=read_optional_number(section, "cost_per_post", float) or 0.0,
        cost_per_link_post=read_optional_number(section, "cost_per_link_post", float),
        utm=section.boolean("utm", True),
        cards=section.boolean("cards", False),
        fixed_hashtags=read_tag_list(section, "fixed_hashtags"),
        link=_link_placement(section, platform),
    )


def _pace(section: Section) -> int | None:
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


def _link_placement(section: Section, platform: str) -> str:
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


def _hashtag_count(section: Section, default: int) -> int:
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


def _max_per_essay(section: Section) -> int:
    value = section.get("max_per_essay", 8)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise section.fail(
            "max_per_essay",
            f"'max_per_essay' must be a whole number of 1 or more, not {value!r}",
            "write max_per_essay: 8",
        )
    return value
