"""The config's plain data: accounts, their posting slots, rules and the desk's settings.

No YAML and no files here: store.config_file loads and validates config/scheduler.yaml into these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

ACCOUNT_KINDS = ("person", "page", "organization")
LINK_PLACEMENTS = ("post", "comment", "none")
DEFAULT_TIMEZONE = "Europe/Amsterdam"
DEFAULT_HASHTAGS = {"twitter": 2, "linkedin": 3, "facebook": 3}
DEFAULT_MAX_ESSAY_BYTES = 5_000_000  # an essay is tens of KB; 50 MB of text took minutes


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
