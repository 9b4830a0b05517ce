"""What goes out when: a pure function of (queue, config, history, now).

No clock and no I/O: the daemon asks it about one slot with the ledger's history; `plan` and
`simulate` ask it about many, feeding each choice back in as history.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from scheduler.model.settings import Account, Config
from scheduler.model.snippets import Queue, Snippet
from scheduler.planning.slots import Slot, paced_slots, slots_between
from scheduler.posting.tracking import has_own_link

Fits = Callable[[Snippet, Account], bool]
_NO_RANK = 1 << 30


@dataclass(frozen=True)
class Published:
    """One post the ledger knows went out."""

    account: str
    snippet_id: str
    essay: str
    at: datetime
    text: str | None = None  # what went out, when known: a repeat must not be identical


@dataclass
class HistoryIndex:
    """Look-ups the planner needs, built once from the ledger's published posts."""

    published: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    last_snippet_at: dict[tuple[str, str], datetime] = field(default_factory=dict)
    last_essay_at: dict[tuple[str, str], datetime] = field(default_factory=dict)
    last_snippet: dict[str, str] = field(default_factory=dict)
    clicks: Mapping[str, int] = field(default_factory=dict)
    times_posted: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    # snippet -> account -> last post: the stagger keeps one quote off two networks at once
    networks: dict[str, dict[str, datetime]] = field(default_factory=lambda: defaultdict(dict))
    texts: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def build(
        cls, posts: Iterable[Published], clicks: Mapping[str, int] | None = None
    ) -> HistoryIndex:
        index = cls(clicks=dict(clicks or {}))
        for post in sorted(posts, key=lambda p: p.at):
            index.add(post)
        return index

    def add(self, post: Published) -> None:
        self.published[post.account].add(post.snippet_id)
        self.last_snippet_at[(post.account, post.snippet_id)] = post.at
        self.last_essay_at[(post.account, post.essay)] = post.at
        self.last_snippet[post.account] = post.snippet_id
        self.times_posted[(post.account, post.snippet_id)] += 1
        self.networks[post.snippet_id][post.account] = post.at
        if post.text:
            self.texts[post.account].add(post.text)

    def copy(self) -> HistoryIndex:
        return copy.deepcopy(self)


@dataclass(frozen=True)
class Choice:
    snippet: Snippet | None
    recycled: bool = False
    reason: str = ""  # why nothing was chosen, or why this one
    variant: int = 0  # earlier posts of this snippet on this account: the render's frame


@dataclass(frozen=True)
class PlannedPost:
    slot: Slot
    account: Account
    choice: Choice


@dataclass(frozen=True)
class Plan:
    posts: tuple[PlannedPost, ...]
    warnings: tuple[str, ...]
    monthly_cost: dict[str, float]


def eligible_fresh(
    snippets: Sequence[Snippet], *, require_approval: bool, held: Collection[str] = ()
) -> list[Snippet]:
    """Snippets that may go out for the first time; `held` names essays kept back."""
    allowed = {"approved"} if require_approval else {"approved", "new"}
    return [
        s
        for s in snippets
        if s.status in allowed and s.postable and not s.orphaned and s.essay not in held
    ]


def timeline_essays(queue: Queue, config: Config) -> list[str]:
    """Posting essays whose posts would link to the blog timeline, not to their own page."""
    return [
        e.slug
        for e in queue.essays
        if e.post
        and not has_own_link(e.slug, e.url, blog_url=config.blog_url, essay_urls=config.essay_urls)
    ]


def held_essays(queue: Queue, config: Config) -> frozenset[str]:
    """Essays the rules keep out of the schedule: with require_essay_link, those on the timeline."""
    return (
        frozenset(timeline_essays(queue, config))
        if config.rules.require_essay_link
        else frozenset()
    )


def account_order(snippets: Sequence[Snippet], account_number: int) -> list[Snippet]:
    """The order an account takes fresh snippets in.

    Approved before new, then the staff's rank, then round-robin over essays (each essay's
    snippets in their file order), with the essays rotated per account so that the platforms
    do not all post the same quote on the same day.
    """
    essays = sorted({s.essay for s in snippets})
    offset = {slug: (i - account_number * 3) % max(len(essays), 1) for i, slug in enumerate(essays)}
    round_of: dict[str, int] = {}
    per_essay: dict[str, int] = defaultdict(int)
    for snippet in sorted(snippets, key=lambda s: (s.essay, s.position)):
        round_of[snippet.id] = per_essay[snippet.essay]
        per_essay[snippet.essay] += 1
    return sorted(
        snippets,
        key=lambda s: (
            s.status != "approved",
            s.rank if s.rank is not None else _NO_RANK,
            round_of[s.id],
            offset[s.essay],
        ),
    )


def choose(
    order: Sequence[Snippet],
    recyclable: Sequence[Snippet],
    account: Account,
    slot: Slot,
    config: Config,
    history: HistoryIndex,
    fits: Fits,
    exclude: Collection[str] = (),
) -> Choice:
    """The snippet for one slot of one account, or None with the reason. `exclude` names
    snippets the caller refused (a render identical to an earlier post)."""
    local_day = slot.at.astimezone(account.schedule.timezone).date()
    published = history.published.get(account.key, set())
    blocked_by_spacing = False
    for snippet in _pinned_first(order, local_day):
        if snippet.id in published or (snippet.pin and snippet.pin > local_day):
            continue
        if snippet.id in exclude:
            continue
        # A pin is the staff's choice of day: the stagger between networks gives way to it.
        pinned = snippet.pin is not None and snippet.pin <= local_day
        if not _spaced(snippet, account, slot.at, config, history, stagger=not pinned):
            blocked_by_spacing = blocked_by_spacing or fits(snippet, account)
            continue
        if not fits(snippet, account):
            continue
        return Choice(snippet, reason="pinned" if pinned else "")
    if config.rules.recycle:
        recycled = _recycle(recyclable, account, slot.at, config, history, fits, exclude)
        if recycled:
            variant = history.times_posted.get((account.key, recycled.id), 0)
            return Choice(recycled, recycled=True, reason="recycled", variant=variant)
    reason = "nothing eligible: essay spacing" if blocked_by_spacing else "nothing eligible"
    return Choice(None, reason=reason)


def _pinned_first(order: Sequence[Snippet], day: date) -> list[Snippet]:
    """Snippets pinned to this day first, then any pinned to an earlier day that this account
    has not posted yet: a paced account may have no slot on the pinned day itself, and then
    the pin goes out at its first slot after it."""
    pinned = sorted((s for s in order if s.pin and s.pin <= day), key=lambda s: s.pin != day)
    return pinned + [s for s in order if not (s.pin and s.pin <= day)] if pinned else list(order)


def _spaced(
    snippet: Snippet,
    account: Account,
    at: datetime,
    config: Config,
    history: HistoryIndex,
    *,
    stagger: bool = True,
) -> bool:
    if history.last_snippet.get(account.key) == snippet.id:
        return False  # never the same text twice in a row
    last = history.last_essay_at.get((account.key, snippet.essay))
    if last is not None and at - last < config.rules.essay_spacing:
        return False
    return not stagger or _staggered(snippet.id, account.key, at, config.rules.stagger, history)


def _staggered(
    snippet_id: str, account: str, at: datetime, stagger: timedelta, history: HistoryIndex
) -> bool:
    """Another network posted this quote no nearer than the stagger (either side of `at`)."""
    return all(
        abs(at - when) >= stagger
        for other, when in history.networks.get(snippet_id, {}).items()
        if other != account
    )


def _recycle(
    snippets: Sequence[Snippet],
    account: Account,
    at: datetime,
    config: Config,
    history: HistoryIndex,
    fits: Fits,
    exclude: Collection[str] = (),
) -> Snippet | None:
    published = history.published.get(account.key, set())
    candidates = []
    for snippet in snippets:
        last = history.last_snippet_at.get((account.key, snippet.id))
        if snippet.id not in published or last is None or at - last < config.rules.repeat_gap:
            continue
        if snippet.id in exclude:
            continue
        if _spaced(snippet, account, at, config, history) and fits(snippet, account):
            clicks = history.clicks.get(snippet.id, 0) if config.rules.prefer_clicked else 0
            candidates.append((-clicks, last, snippet.id, snippet))
    return min(candidates)[3] if candidates else None


def recyclable(queue: Queue, held: Collection[str] = ()) -> list[Snippet]:
    """Published snippets may come back; skipped and orphaned ones never do."""
    return [
        s
        for s in queue.snippets
        if s.status != "skipped" and s.postable and not s.orphaned and s.essay not in held
    ]


def plan(
    queue: Queue,
    config: Config,
    history: HistoryIndex,
    now: datetime,
    until: datetime,
    *,
    fits: Fits = lambda s, a: True,
    taken: Collection[tuple[str, datetime]] = frozenset(),
    limit: int | None = None,
    linked: Fits = lambda s, a: True,
) -> Plan:
    """Every slot in [now, until) with what fills it, as the daemon would decide it.

    `taken` holds slots the ledger already has an outcome for; they are left out. `limit`
    stops after that many slots (a preview needs no more). `linked` says whether a post
    carries a URL, which costs more on some platforms.
    """
    fits = remembered(fits)
    held = held_essays(queue, config)
    fresh = eligible_fresh(
        queue.snippets, require_approval=config.rules.require_approval, held=held
    )
    again = recyclable(queue, held)
    orders = {a.key: account_order(fresh, n) for n, a in enumerate(config.accounts)}
    accounts = {a.key: a for a in config.accounts}
    posts = []
    for slot in slots_between(config.accounts, now, until):
        if (slot.account, slot.at) in taken:
            continue
        account = accounts[slot.account]
        choice = choose(orders[slot.account], again, account, slot, config, history, fits)
        if choice.snippet is not None:
            history.add(Published(account.key, choice.snippet.id, choice.snippet.essay, slot.at))
        posts.append(PlannedPost(slot, account, choice))
        if limit is not None and len(posts) >= limit:
            break
    warnings = quota_warnings(posts, config) + pace_warnings(again, config, fits)
    return Plan(tuple(posts), tuple(warnings), monthly_cost(posts, now, linked))


def pace_warnings(snippets: Sequence[Snippet], config: Config, fits: Fits) -> list[str]:
    """Accounts that post faster than their quotes can come back: when the fresh ones run
    out, the first are not yet past the repeat gap, and the account falls silent a while."""
    if not config.rules.recycle:
        return []
    gap_weeks = config.rules.repeat_gap / timedelta(weeks=1)
    warnings = []
    for account in config.accounts:
        per_week = len(paced_slots(account.schedule))
        quotes = sum(1 for s in snippets if fits(s, account))
        if per_week and gap_weeks and quotes < per_week * gap_weeks:
            warnings.append(
                f"{account.key} posts {per_week} times a week, but its {quotes} quotes last "
                f"{quotes / per_week:.1f} weeks, less than the repeat gap of "
                f"{gap_weeks:.1f}: it will fall silent until they may come back; "
                f"set its pace to {max(1, int(quotes / gap_weeks))} or less"
            )
    return warnings


def _per_account(snippet: Snippet, account: Account) -> Hashable:
    return (snippet.id, snippet.quote, account.key)


def remembered(fits: Fits, key: Callable[[Snippet, Account], Hashable] = _per_account) -> Fits:
    """`fits`, answering each question once: a plan asks it for each slot, and a render is
    not free. `key` says which questions share an answer (by default: per account)."""
    known: dict[Hashable, bool] = {}

    def remembered_fits(snippet: Snippet, account: Account) -> bool:
        asked = key(snippet, account)
        if asked not in known:
            known[asked] = fits(snippet, account)
        return known[asked]

    return remembered_fits


def quota_warnings(posts: Sequence[PlannedPost], config: Config) -> list[str]:
    """Days on which an account would post more than its platform quota allows."""
    per_day: dict[tuple[str, date], int] = defaultdict(int)
    for post in posts:
        if post.choice.snippet is not None and post.account.daily_quota is not None:
            day = post.slot.at.astimezone(post.account.schedule.timezone).date()
            per_day[(post.account.key, day)] += 1
    warnings = []
    for (key, day), count in sorted(per_day.items()):
        quota = config.account(key).daily_quota  # type: ignore[union-attr]
        if quota is not None and count > quota:
            warnings.append(
                f"{key} would post {count} times on {day}, over its daily quota of {quota}"
            )
    return warnings


def monthly_cost(
    posts: Sequence[PlannedPost], now: datetime, linked: Fits = lambda s, a: True
) -> dict[str, float]:
    """Expected spend over the next 30 days, per account with a cost per post: a post with
    a URL at the account's link price."""
    horizon = now + timedelta(days=30)
    cost: dict[str, float] = defaultdict(float)
    for post in posts:
        snippet = post.choice.snippet
        if snippet is not None and post.slot.at < horizon:
            cost[post.account.key] += post.account.cost(linked(snippet, post.account))
    return {k: round(v, 2) for k, v in cost.items() if v}
