"""The pure planner: approval, skips, pins, spacing and recycling gaps, on a clock we name."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from scheduler.model.snippets import Queue, Snippet
from scheduler.planning.plan import HistoryIndex, Published, plan
from scheduler.store.config_file import load_config

START = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)  # a Monday

CONFIG = """\
timezone: UTC
blog: {url: https://example.org/blog/}
slots: [{days: daily, times: ['09:00']}]
rules: {essay_spacing: 0d, repeat_gap: 10d}
accounts:
  - {platform: twitter, handle: a}
"""


def config(extra_rules: str = "", slots: str = "") -> object:
    text = CONFIG
    if extra_rules:
        text = text.replace(
            "rules: {essay_spacing: 0d, repeat_gap: 10d}",
            f"rules: {{essay_spacing: 0d, repeat_gap: 10d, {extra_rules}}}",
        )
    return load_config(text)


def snippet(n: int, essay: str = "e1", status: str = "new", **extra: object) -> Snippet:
    return Snippet(
        id=f"{n:010x}",
        essay=essay,
        essay_title=essay,
        quote=f"Zin {n}.",
        original=f"Zin {n}.",
        status=status,
        position=n,
        **extra,
    )


def chosen(result) -> list[str | None]:
    return [p.choice.snippet.id if p.choice.snippet else None for p in result.posts]


def test_new_snippets_go_out_by_default_and_skipped_ones_never():
    queue = Queue((), (snippet(1), snippet(2, status="skipped"), snippet(3)))
    result = plan(queue, config(), HistoryIndex(), START, START + timedelta(days=3))
    assert chosen(result) == [f"{1:010x}", f"{3:010x}", None]
    assert result.posts[2].choice.reason == "nothing eligible"


def test_require_approval_restricts_to_approved_snippets():
    queue = Queue((), (snippet(1), snippet(2, status="approved")))
    result = plan(
        queue, config("require_approval: true"), HistoryIndex(), START, START + timedelta(days=2)
    )
    assert chosen(result) == [f"{2:010x}", None]


def test_approved_first_then_rank_and_a_pin_takes_its_day():
    queue = Queue(
        (),
        (
            snippet(1),
            snippet(2, status="approved", rank=2),
            snippet(3, status="approved", rank=1),
            snippet(4, pin=date(2026, 12, 8)),
        ),
    )
    result = plan(queue, config(), HistoryIndex(), START, START + timedelta(days=4))
    assert chosen(result) == [f"{3:010x}", f"{4:010x}", f"{2:010x}", f"{1:010x}"]


def test_published_snippets_are_not_chosen_again_without_recycling():
    queue = Queue((), (snippet(1), snippet(2)))
    history = HistoryIndex.build(
        [Published("twitter:a", f"{1:010x}", "e1", START - timedelta(days=1))]
    )
    assert chosen(plan(queue, config(), history, START, START + timedelta(days=2))) == [
        f"{2:010x}",
        None,
    ]


def test_recycling_waits_for_the_repeat_gap():
    queue = Queue((), (snippet(1), snippet(2)))
    history = HistoryIndex.build(
        [
            Published("twitter:a", f"{2:010x}", "e1", START - timedelta(days=9, hours=12)),
            Published("twitter:a", f"{1:010x}", "e1", START - timedelta(days=8)),
        ]
    )
    result = plan(queue, config("recycle: true"), history, START, START + timedelta(days=4))
    # A 10-day gap, and never the same snippet twice in a row.
    assert chosen(result) == [None, f"{2:010x}", f"{1:010x}", None]
    assert result.posts[1].choice.recycled


def test_recycling_prefers_snippets_that_drew_clicks():
    queue = Queue((), (snippet(1), snippet(2), snippet(3)))
    long_ago = START - timedelta(days=30)
    posts = [Published("twitter:a", f"{n:010x}", "e1", long_ago) for n in (1, 2)]
    posts.append(Published("twitter:a", f"{3:010x}", "e1", START - timedelta(days=1)))
    history = HistoryIndex.build(posts, clicks={f"{2:010x}": 5})
    result = plan(queue, config("recycle: true"), history, START, START + timedelta(days=1))
    assert chosen(result) == [f"{2:010x}"]


def test_essay_spacing_keeps_one_essays_snippets_apart_on_an_account():
    queue = Queue((), (snippet(1, "e1"), snippet(2, "e1"), snippet(3, "e2")))
    cfg = load_config(CONFIG.replace("essay_spacing: 0d", "essay_spacing: 2d"))
    result = plan(queue, cfg, HistoryIndex(), START, START + timedelta(days=3))
    assert chosen(result) == [f"{1:010x}", f"{3:010x}", f"{2:010x}"]


def test_platforms_start_with_different_essays():
    snippets = tuple(snippet(n, f"e{n % 4}") for n in range(8))
    cfg = load_config(CONFIG + "  - {platform: linkedin, handle: b}\n")
    result = plan(Queue((), snippets), cfg, HistoryIndex(), START, START + timedelta(days=1))
    first = {p.account.platform: p.choice.snippet.essay for p in result.posts}
    assert first["twitter"] != first["linkedin"]


def test_the_plan_warns_when_the_daily_quota_would_be_exceeded():
    cfg = load_config(
        CONFIG.replace("times: ['09:00']", "times: ['09:00', '12:00', '15:00']").replace(
            "handle: a}", "handle: a, daily_quota: 2, cost_per_post: 0.5}"
        )
    )
    queue = Queue((), tuple(snippet(n) for n in range(10)))
    result = plan(queue, cfg, HistoryIndex(), START, START + timedelta(days=1))
    assert result.warnings and "over its daily quota of 2" in result.warnings[0]
    assert result.monthly_cost == {"twitter:a": 1.5}
