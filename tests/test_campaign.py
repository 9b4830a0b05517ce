"""A campaign that lasts: pace, stagger, recycled frames, the dry date, and link-aware cost."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from scheduler.delivery.slot_choice import choose_post
from scheduler.errors import ConfigError
from scheduler.model.snippets import Queue, Snippet
from scheduler.planning.dry import runs_dry
from scheduler.planning.plan import HistoryIndex, Published, plan
from scheduler.planning.slots import paced_slots, schedule_instants
from scheduler.posting.build import build_post
from scheduler.posting.compose import Piece, render
from scheduler.store.config_file import load_config
from scheduler.store.content import Content
from scheduler.store.ledger import Ledger
from scheduler.store.plan_history import history_from

START = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)  # a Monday

CONFIG = """\
timezone: UTC
blog: {url: https://example.org/blog/}
slots: [{days: weekdays, times: ['09:00', '16:30']}]
rules: {essay_spacing: 0d, repeat_gap: 10d, stagger: 3d}
accounts:
  - {platform: twitter, handle: a, pace: 3}
  - {platform: linkedin, handle: b, pace: 3}
  - {platform: facebook, handle: c, kind: page, pace: 3}
"""


def snippet(n: int, essay: str = "e1") -> Snippet:
    return Snippet(
        id=f"{n:010x}",
        essay=essay,
        essay_title=f"Essay {essay}",
        quote=f"Zin {n} over leiderschap.",
        original=f"Zin {n} over leiderschap.",
        status="new",
        position=n,
    )


def week_of(account_schedule) -> list[datetime]:
    return list(schedule_instants(account_schedule, START, START + timedelta(days=7)))


def test_a_pace_uses_that_many_slots_a_week_spread_over_it():
    config = load_config(CONFIG)
    twitter = config.accounts[0]
    instants = week_of(twitter.schedule)
    assert len(instants) == 3
    # Spread over the week, not the first three slots (Monday twice, then Tuesday).
    assert len({i.date() for i in instants}) == 3
    assert max(b - a for a, b in zip(instants, instants[1:], strict=False)) <= timedelta(days=3)


def test_accounts_sharing_a_schedule_take_different_slots():
    config = load_config(CONFIG)
    weeks = [set(week_of(a.schedule)) for a in config.accounts]
    assert all(len(w) == 3 for w in weeks)
    assert not (weeks[0] & weeks[1]) and not (weeks[1] & weeks[2]) and not (weeks[0] & weeks[2])


def test_without_a_pace_every_slot_is_used_and_a_pace_over_the_slots_uses_them_all():
    config = load_config(CONFIG.replace(", pace: 3}", "}"))
    assert len(week_of(config.accounts[0].schedule)) == 10
    fast = load_config(CONFIG.replace("handle: a, pace: 3", "handle: a, pace: 40"))
    assert len(paced_slots(fast.accounts[0].schedule)) == 10


def test_a_paced_slot_on_a_blackout_day_is_not_moved_elsewhere():
    config = load_config(CONFIG.replace("rules:", "blackout: ['2026-12-07']\nrules:"))
    days = {i.date() for i in week_of(config.accounts[0].schedule)}
    assert date(2026, 12, 7) not in days and len(days) == 2


@pytest.mark.parametrize("value", ["0", "2.5", "'drie'", "true"])
def test_a_bad_pace_names_the_line_and_the_fix(value: str):
    with pytest.raises(ConfigError) as caught:
        load_config(CONFIG.replace("handle: b, pace: 3", f"handle: b, pace: {value}"))
    assert caught.value.line == 7
    assert "pace: 3" in caught.value.message


def test_recycling_is_on_by_default_with_a_120_day_repeat_gap():
    rules = load_config("accounts: []\n").rules
    assert rules.recycle and rules.repeat_gap == timedelta(days=120)
    assert rules.stagger == timedelta(days=3)


def test_one_quote_never_reaches_two_networks_within_the_stagger():
    queue = Queue((), tuple(snippet(n, f"e{n % 3}") for n in range(6)))
    config = load_config(CONFIG)
    result = plan(queue, config, HistoryIndex(), START, START + timedelta(days=60))
    seen: dict[str, list[tuple[datetime, str]]] = {}
    for post in result.posts:
        if post.choice.snippet:
            seen.setdefault(post.choice.snippet.id, []).append((post.slot.at, post.account.key))
    pairs = [
        abs(a - b)
        for posts in seen.values()
        for i, (a, x) in enumerate(posts)
        for b, y in posts[i + 1 :]
        if x != y
    ]
    assert pairs and min(pairs) >= timedelta(days=3)


def test_the_stagger_holds_a_fresh_quote_back_rather_than_doubling_it():
    queue = Queue((), (snippet(1),))
    history = HistoryIndex.build([Published("twitter:a", f"{1:010x}", "e1", START)])
    config = load_config(CONFIG)
    result = plan(queue, config, history, START + timedelta(hours=1), START + timedelta(days=5))
    linkedin = [p for p in result.posts if p.account.key == "linkedin:b" and p.choice.snippet]
    assert linkedin and linkedin[0].slot.at - START >= timedelta(days=3)


def test_a_recycled_choice_carries_how_often_the_account_posted_it():
    queue = Queue((), (snippet(1), snippet(2)))
    long_ago = START - timedelta(days=40)
    history = HistoryIndex.build(
        [
            Published("twitter:a", f"{1:010x}", "e1", long_ago - timedelta(days=30)),
            Published("twitter:a", f"{1:010x}", "e1", long_ago),
            Published("twitter:a", f"{2:010x}", "e1", START - timedelta(days=1)),
        ]
    )
    config = load_config(CONFIG)
    only_x = replace(config, accounts=config.accounts[:1])
    result = plan(queue, only_x, history, START, START + timedelta(days=3))
    first = result.posts[0].choice
    assert first.recycled and first.snippet.id == f"{1:010x}" and first.variant == 2


@pytest.mark.parametrize("platform", ["twitter", "linkedin", "facebook"])
def test_each_repeat_has_another_text_around_the_same_quote(platform: str):
    piece = Piece(
        quote="Kwaliteit van contact ontstaat als zowel jij als de ander zichzelf kan zijn.",
        essay_title="Gelijkwaardigheid",
        link="https://example.org/gelijkwaardigheid",
        hashtags=("Gelijkwaardigheid",),
    )
    texts = [render(platform, piece, max_hashtags=2, variant=n).text for n in range(4)]
    assert len(set(texts)) == 4
    assert all("„Kwaliteit van contact ontstaat als zowel jij" in t for t in texts)
    assert all(render(platform, piece, max_hashtags=2, variant=n).fits for n in range(4))


def test_a_render_identical_to_an_earlier_post_is_passed_over():
    config = load_config(CONFIG)
    twitter = config.accounts[0]
    queue = Queue((), (snippet(1), snippet(2)))
    content = Content(config, queue)
    first = build_post(snippet(1), twitter, queue, config)
    # The account posted snippet 1's first text under another id (a re-ingested quote).
    history = HistoryIndex.build(
        [Published("twitter:a", "ffffffffff", "e1", START - timedelta(days=5), first.text)]
    )
    post = choose_post(content, twitter, START + timedelta(hours=9), history)
    assert not isinstance(post, str) and post.snippet_id == f"{2:010x}"
    history.add(Published("twitter:a", "eeeeeeeeee", "e1", START, post.text))
    refused = choose_post(content, twitter, START + timedelta(days=1, hours=9), history)
    assert isinstance(refused, str) and "repeat an earlier text" in refused


def test_the_daemon_history_knows_other_networks_recent_posts_and_its_own_texts():
    ledger = Ledger("sqlite://")
    queue = Queue((), (snippet(1),))
    ledger.claim("twitter:a", START - timedelta(days=1), f"{1:010x}", "x-tekst", "o", START)
    ledger.claim("linkedin:b", START - timedelta(days=10), f"{1:010x}", "li-oud", "o", START)
    ledger.claim("linkedin:b", START - timedelta(hours=5), f"{1:010x}", "li-tekst", "o", START)
    history = history_from(ledger, queue, "twitter:a", others_since=START - timedelta(days=3))
    assert history.texts["twitter:a"] == {"x-tekst"}
    assert history.networks[f"{1:010x}"] == {
        "twitter:a": START - timedelta(days=1),
        "linkedin:b": START - timedelta(hours=5),
    }
    ledger.close()


def test_the_queue_runs_dry_on_the_first_slot_left_empty_for_good():
    queue = Queue((), tuple(snippet(n, f"e{n}") for n in range(4)))
    config = load_config(CONFIG.replace("pace: 3}", "pace: 2}"))
    dry = runs_dry(queue, config, HistoryIndex(), START)
    # Four fresh quotes, two a week: each account's third week starts empty.
    assert set(dry) == {"twitter:a", "linkedin:b", "facebook:c"}
    for key, day in dry.items():
        assert day is not None and START.date() + timedelta(
            days=14
        ) <= day < START.date() + timedelta(days=21), key
    # Recycling in the config changes nothing: the question is what happens without it.
    off = load_config(
        CONFIG.replace("pace: 3}", "pace: 2}").replace("stagger: 3d", "stagger: 3d, recycle: false")
    )
    assert runs_dry(queue, off, HistoryIndex(), START) == dry


def test_a_queue_that_lasts_past_the_horizon_has_no_dry_date():
    queue = Queue((), tuple(snippet(n, f"e{n % 5}") for n in range(40)))
    config = load_config(CONFIG)
    dry = runs_dry(queue, config, HistoryIndex(), START, horizon=timedelta(days=60))
    assert dry == {"twitter:a": None, "linkedin:b": None, "facebook:c": None}


def test_a_post_with_a_link_costs_the_link_price():
    config = load_config(
        CONFIG.replace(
            "handle: a, pace: 3}",
            "handle: a, pace: 3, cost_per_post: 0.015, cost_per_link_post: 0.2}",
        ).replace("handle: b, pace: 3}", "handle: b, pace: 3, cost_per_post: 0.5}")
    )
    queue = Queue((), tuple(snippet(n, f"e{n % 4}") for n in range(40)))
    linked_ids = {f"{n:010x}" for n in range(0, 40, 2)}
    result = plan(
        queue,
        config,
        HistoryIndex(),
        START,
        START + timedelta(days=28),
        linked=lambda s, a: s.id in linked_ids,
    )
    x_posts = [p.choice.snippet.id for p in result.posts if p.account.key == "twitter:a"]
    with_link = sum(1 for sid in x_posts if sid in linked_ids)
    expected = with_link * 0.2 + (len(x_posts) - with_link) * 0.015
    assert 0 < with_link < len(x_posts)
    assert result.monthly_cost["twitter:a"] == pytest.approx(expected, abs=0.006)  # to the cent
    # Without a link price, a post with a link costs the post price.
    linkedin = [p for p in result.posts if p.account.key == "linkedin:b"]
    assert result.monthly_cost["linkedin:b"] == round(0.5 * len(linkedin), 2)
    assert "facebook:c" not in result.monthly_cost


def test_the_pace_slots_are_the_same_every_week():
    config = load_config(CONFIG)
    schedule = config.accounts[1].schedule
    weeks = [
        {
            (i.weekday(), i.time())
            for i in schedule_instants(
                schedule, START + timedelta(weeks=w), START + timedelta(weeks=w + 1)
            )
        }
        for w in range(4)
    ]
    assert all(w == weeks[0] for w in weeks)
    assert all(t in (time(9), time(16, 30)) for _, t in weeks[0])


def pinned(n: int, day: date, essay: str = "e1") -> Snippet:
    return replace(snippet(n, essay), pin=day)


def test_a_pin_on_a_day_without_a_paced_slot_goes_out_at_the_next_slot_on_every_network():
    monday = date(2026, 12, 7)
    queue = Queue((), (*(snippet(n, f"e{n}") for n in range(1, 6)), pinned(9, monday)))
    config = load_config(CONFIG)
    result = plan(queue, config, HistoryIndex(), START, START + timedelta(days=7))
    firsts = {}
    for post in result.posts:
        if post.choice.snippet and post.account.key not in firsts:
            firsts[post.account.key] = post
    # Every account's first post is the pin, whatever day its first paced slot falls on,
    # and the stagger between networks gives way to the staff's chosen day.
    assert {p.choice.snippet.id for p in firsts.values()} == {f"{9:010x}"}
    assert all(p.choice.reason == "pinned" for p in firsts.values())
    days = {p.slot.at.date() for p in firsts.values()}
    assert monday in days and max(days) - monday < timedelta(days=3)


def test_plan_warns_when_a_pace_outruns_the_repeat_gap():
    queue = Queue((), tuple(snippet(n, f"e{n % 4}") for n in range(8)))
    config = load_config(CONFIG.replace("repeat_gap: 10d", "repeat_gap: 28d"))
    result = plan(queue, config, HistoryIndex(), START, START + timedelta(days=1))
    # 8 quotes at 3 a week last 2.7 weeks; the gap is 4: each account would fall silent.
    assert len(result.warnings) == 3
    assert "twitter:a posts 3 times a week, but its 8 quotes last 2.7 weeks" in result.warnings[0]
    assert "set its pace to 2 or less" in result.warnings[0]
    slower = load_config(
        CONFIG.replace("repeat_gap: 10d", "repeat_gap: 28d").replace("pace: 3", "pace: 2")
    )
    assert not plan(queue, slower, HistoryIndex(), START, START + timedelta(days=1)).warnings


def test_a_new_essay_goes_first_and_each_essay_comes_back_only_after_the_others():
    old = [snippet(n, f"e{n % 3}") for n in range(9)]  # three essays, three quotes each
    config = load_config(CONFIG)
    only_x = replace(config, accounts=config.accounts[:1])
    first_round = [
        Published("twitter:a", s.id, s.essay, START - timedelta(days=30 - n))
        for n, s in enumerate(old[:3])
    ]
    fresh_essay = snippet(20, "nieuw")
    queue = Queue((), (*old, fresh_essay))
    result = plan(queue, only_x, HistoryIndex.build(first_round), START, START + timedelta(days=21))
    essays = [p.choice.snippet.essay for p in result.posts if p.choice.snippet]
    assert essays[0] == "nieuw"
    # The old essays' second quotes, then their third: never one essay twice in a row.
    assert sorted(essays[1:4]) == ["e0", "e1", "e2"] and sorted(essays[4:7]) == ["e0", "e1", "e2"]
