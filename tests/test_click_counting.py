"""Short links count readers: one click per client per code per half hour, no bots or link
previewers, HEAD answered like GET without counting, and never a huge referrer stored."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from scheduler.posting.tracking import referrer_host
from scheduler.store.ledger.schema import clicks
from scheduler.web.click_filter import ClickFilter, is_robot

BASE = "https://go.example.nl"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)
LINKEDIN_APP = IPHONE.replace("Safari/604.1", "[LinkedInApp]/9.29.7")
ROBOTS = [
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Twitterbot/1.0",
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    "WhatsApp/2.23.20.0 A",
    "TelegramBot (like TwitterBot)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) SomeNewPreview/1.0",
    "",
]


@pytest.fixture
def code(run_cli, monkeypatch) -> str:
    monkeypatch.setenv("SCHEDULER_PUBLIC_BASE", BASE)
    row = json.loads(run_cli("queue", "--json").output)[0]
    return re.search(r"/l/([A-Za-z0-9]+)", row["render"]["linkedin"])[1]


def stored_clicks(project) -> list[dict]:
    ledger = project.ledger()
    with ledger.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(clicks))]


def test_a_reloading_client_counts_once_and_another_client_counts_again(project, code, anonymous):
    for _ in range(20):
        assert anonymous.get(f"/l/{code}", headers={"User-Agent": FIREFOX}).status_code == 302
    assert len(stored_clicks(project)) == 1
    anonymous.get(f"/l/{code}", headers={"User-Agent": IPHONE})  # another client
    assert len(stored_clicks(project)) == 2


@pytest.mark.parametrize("agent", ROBOTS)
def test_bots_and_link_previewers_are_redirected_but_not_counted(project, code, anonymous, agent):
    answer = anonymous.get(f"/l/{code}", headers={"User-Agent": agent})
    assert answer.status_code == 302 and "utm_source=linkedin" in answer.headers["location"]
    assert stored_clicks(project) == []


def test_in_app_browsers_are_readers(project, code, anonymous):
    anonymous.get(f"/l/{code}", headers={"User-Agent": LINKEDIN_APP})
    assert len(stored_clicks(project)) == 1


def test_head_answers_like_get_and_counts_nothing(project, code, anonymous):
    head = anonymous.head(f"/l/{code}", headers={"User-Agent": FIREFOX})
    get = anonymous.get(f"/l/{code}", headers={"User-Agent": IPHONE})
    assert head.status_code == get.status_code == 302
    assert head.headers["location"] == get.headers["location"]
    assert anonymous.head("/l/notacode00").status_code == 404
    assert len(stored_clicks(project)) == 1  # the GET only


def test_a_huge_referrer_is_not_stored(project, code, anonymous):
    huge = "https://" + "a" * 100_000 + ".example/"
    anonymous.get(f"/l/{code}", headers={"User-Agent": FIREFOX, "Referer": huge})
    [click] = stored_clicks(project)
    assert click["referrer_host"] is None
    assert referrer_host("https://www.linkedin.com/" + "x" * 100_000) == "www.linkedin.com"
    longest = ".".join(["a" * 63] * 3 + ["b" * 61])  # 253 characters: a valid name
    assert referrer_host(f"https://{longest}/") == longest


def test_the_window_is_half_an_hour_per_client_and_code():
    seen = ClickFilter()
    now = datetime(2026, 12, 1, 9, tzinfo=UTC)
    assert seen.counts("abc", "203.0.113.9", FIREFOX, now)
    assert not seen.counts("abc", "203.0.113.9", FIREFOX, now + timedelta(minutes=29))
    assert seen.counts("xyz", "203.0.113.9", FIREFOX, now + timedelta(minutes=29))  # other code
    assert seen.counts("abc", "203.0.113.10", FIREFOX, now + timedelta(minutes=29))
    assert seen.counts("abc", "203.0.113.9", FIREFOX, now + timedelta(minutes=30))


def test_the_memory_of_clients_stays_bounded():
    seen = ClickFilter(max_clients=100)
    now = datetime(2026, 12, 1, 9, tzinfo=UTC)
    for n in range(1_000):
        assert seen.counts("abc", f"10.0.{n // 256}.{n % 256}", FIREFOX, now)
    assert len(seen) == 100


def test_robots_are_known_by_their_user_agent():
    assert all(is_robot(agent) for agent in ROBOTS)
    assert not any(is_robot(agent) for agent in (FIREFOX, IPHONE, LINKEDIN_APP))
