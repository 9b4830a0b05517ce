"""The daemon runs unattended: catch-up after downtime, reloads, retries, token expiry."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta

import pytest

from scheduler.delivery.daemon import Daemon
from scheduler.model.post import Outcome
from scheduler.planning.plan import HistoryIndex
from scheduler.store.ledger import Ledger
from scheduler.store.ledger.schema import PUBLISHED, RETRY, SKIPPED
from tests.daemon_harness import one_off_slots, set_slots, soon, start_daemon, stop, wait_for
from tests.fakes import accounts as fake


def test_after_downtime_slots_within_grace_are_caught_up_and_older_ones_recorded(project):
    now = datetime.now(UTC).replace(microsecond=0)
    set_slots(project, one_off_slots([now - timedelta(minutes=40), now - timedelta(minutes=5)]))
    ledger = project.ledger()
    ledger.heartbeat("a daemon that died", now - timedelta(hours=1))
    Daemon(project, dry_run=True, clock=lambda: now).run_once()
    claims = ledger.claims()
    late = [c for c in claims if c.slot_at == now - timedelta(minutes=40)]
    recent = [c for c in claims if c.slot_at == now - timedelta(minutes=5)]
    assert {c.state for c in late} == {SKIPPED} and len(late) == 3
    assert all("grace period" in c.reason for c in late)
    assert {c.state for c in recent} == {PUBLISHED} and len(recent) == 3


def test_a_second_run_after_the_catch_up_posts_nothing_again(project):
    now = datetime.now(UTC).replace(microsecond=0)
    set_slots(project, one_off_slots([now - timedelta(minutes=5)]))
    Daemon(project, dry_run=True, clock=lambda: now).run_once()
    Daemon(project, dry_run=True, clock=lambda: now + timedelta(seconds=5)).run_once()
    assert len(list(project.outbox_dir.glob("*.json"))) == 3
    assert len(project.ledger().claims(states={PUBLISHED})) == 3


@pytest.mark.slow
def test_an_invalid_edit_is_refused_and_a_valid_one_is_picked_up_without_restart(project):
    set_slots(project, one_off_slots(soon([3600])))
    process = start_daemon(project, "--dry-run")
    log = project.root / "daemon.log"
    try:
        assert wait_for(lambda: "daemon running" in log.read_text(), timeout=30)
        good = project.config_path.read_text()
        project.config_path.write_text(
            good.replace("timezone: Europe/Amsterdam", "timezone: Europe/Amsterdamm")
        )
        assert wait_for(lambda: "content refused" in log.read_text(), timeout=20)
        assert "scheduler.yaml:8: timezone 'Europe/Amsterdamm' does not exist" in log.read_text()
        assert process.poll() is None  # still running, on the last good version
        project.config_path.write_text(good)
        set_slots(project, one_off_slots(soon([3])))
        assert wait_for(lambda: len(list(project.outbox_dir.glob("*.json"))) == 3, timeout=30), (
            log.read_text()
        )
    finally:
        assert stop(process) == 0
    assert "content reloaded" in log.read_text()


@pytest.fixture
def live(monkeypatch, fakes):
    """Only LinkedIn is live (at the fakes); X and Facebook stay dry-run."""
    for variable in fake.BASE_VARIABLES:
        monkeypatch.setenv(variable, fakes.url)
    monkeypatch.setenv("LINKEDIN_ACCESS_TOKEN", fake.LINKEDIN_TOKEN)
    return fakes


def _linkedin_only(project):
    now = datetime.now(UTC).replace(microsecond=0)
    set_slots(project, one_off_slots([now - timedelta(minutes=1)]))
    return now


def test_a_transient_error_waits_for_a_backed_off_retry_then_publishes(project, live):
    now = _linkedin_only(project)
    live.inject("error_503", "linkedin")
    Daemon(project, clock=lambda: now).run_once()
    claim = next(c for c in project.ledger().claims() if c.account.startswith("linkedin"))
    assert claim.state == RETRY and claim.outcome == str(Outcome.TRANSIENT)
    assert timedelta(seconds=40) <= claim.retry_at - now <= timedelta(seconds=80)
    Daemon(project, clock=lambda: now + timedelta(minutes=2)).run_once()
    claim = project.ledger().get(claim.id)
    assert claim.state == PUBLISHED and claim.attempts == 2
    assert len(live.posts("linkedin")) == 1


def test_rate_limited_waits_until_the_reset_time(project, live):
    now = _linkedin_only(project)
    live.inject("rate_limit", "linkedin", retry_after=600)
    Daemon(project, clock=lambda: now).run_once()
    claim = next(c for c in project.ledger().claims() if c.account.startswith("linkedin"))
    assert claim.state == RETRY and claim.outcome == str(Outcome.RATE_LIMITED)
    Daemon(project, clock=lambda: now + timedelta(minutes=5)).run_once()
    assert project.ledger().get(claim.id).state == RETRY  # not before the reset


def test_an_expired_token_stops_that_account_and_the_others_go_on(project, live, caplog):
    now = _linkedin_only(project)
    live.inject("expired_token", "linkedin")
    with caplog.at_level(logging.ERROR, logger="scheduler.alert"):
        Daemon(project, clock=lambda: now).run_once()
    ledger = project.ledger()
    assert "linkedin:annemariebaltus" in ledger.stopped_accounts()
    assert any("stopped" in r.getMessage() for r in caplog.records)
    states = {c.account.split(":")[0]: c.state for c in ledger.claims()}
    assert states == {"linkedin": "failed", "twitter": PUBLISHED, "facebook": PUBLISHED}


def test_the_linkedin_token_is_warned_about_14_and_3_days_ahead(project, monkeypatch, caplog):
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    monkeypatch.setenv("LINKEDIN_ACCESS_TOKEN", fake.LINKEDIN_TOKEN)
    monkeypatch.setenv("LINKEDIN_TOKEN_EXPIRES", "2026-12-13")
    daemon = Daemon(project, clock=lambda: now)
    with caplog.at_level(logging.ERROR, logger="scheduler.alert"):
        daemon.check_tokens(now)
        daemon.check_tokens(now + timedelta(hours=1))  # the same stage: said once
        daemon.check_tokens(now + timedelta(days=10))
    alerts = [r.getMessage() for r in caplog.records]
    assert len(alerts) == 2
    assert "expires in 12 days" in alerts[0] and "renew it now" in alerts[1]


def test_status_tells_the_truth_after_a_run(project, run_cli):
    now = datetime.now(UTC).replace(microsecond=0)
    set_slots(project, one_off_slots([now - timedelta(minutes=40), now - timedelta(minutes=5)]))
    project.ledger().heartbeat("gone", now - timedelta(hours=1))
    Daemon(project, dry_run=True, clock=lambda: now).run_once()
    report = json.loads(run_cli("status", "--json").output)
    assert report["totals"] == {"published": 3, "skipped": 3}
    assert report["open_claims"] == [] and report["failed"] == []
    assert all(a["last_result"].startswith("published") for a in report["accounts"])
    assert isinstance(Ledger(project.ledger_url).last_seen(), datetime)


def test_a_slot_fired_beyond_the_grace_period_is_recorded_as_missed(project):
    now = datetime.now(UTC).replace(microsecond=0)
    missed_at = now - timedelta(hours=1)
    set_slots(project, one_off_slots([missed_at, now + timedelta(hours=2)]))
    daemon = Daemon(project, dry_run=True, clock=lambda: now)
    for account in daemon.content.config.accounts:
        daemon.fire(account.key, missed_at)  # a timer that went off an hour late
    daemon._schedule_all(now)
    assert daemon.timetable.next_at() == now + timedelta(hours=2)
    skipped = project.ledger().claims()
    assert {c.state for c in skipped} == {SKIPPED} and len(skipped) == 3
    assert all("beyond the grace period" in c.reason for c in skipped)


def test_the_timetable_hands_out_each_accounts_slots_in_order():
    from scheduler.delivery.timetable import Timetable

    t0 = datetime(2026, 12, 1, 9, tzinfo=UTC)
    table = Timetable()
    table.set("a", t0 + timedelta(minutes=5))
    table.set("b", t0)
    table.set("a", t0 + timedelta(minutes=1))  # moved: the old entry no longer counts
    table.set("c", None)
    assert table.next_at() == t0 and len(table) == 2
    assert table.due(t0 + timedelta(minutes=2)) == [(t0, "b"), (t0 + timedelta(minutes=1), "a")]
    assert table.next_at() is None and table.due(t0 + timedelta(days=1)) == []


def test_a_snippet_whose_post_may_be_out_is_not_chosen_for_the_next_slot(project):
    from scheduler.model.post import Result

    now = datetime.now(UTC).replace(microsecond=0)
    first, second = now - timedelta(minutes=10), now - timedelta(minutes=2)
    set_slots(project, one_off_slots([first, second]))
    ledger = project.ledger()
    daemon = Daemon(project, dry_run=True, clock=lambda: now)
    account = daemon.content.config.accounts[0]
    snippet = daemon.content.choose(account, first, HistoryIndex())
    claim = ledger.claim(account.key, first, snippet.snippet.id, "tekst", "a dead daemon", first)
    ledger.mark_sent(claim, "a dead daemon", first)
    ledger.record_result(ledger.get(claim.id), Result(Outcome.UNKNOWN, error="no answer"), first)
    daemon.fire(account.key, second)
    later = next(c for c in ledger.claims(account=account.key) if c.slot_at == second)
    assert later.state == PUBLISHED and later.snippet_id != snippet.snippet.id


def test_the_sweep_does_not_take_a_slot_fired_on_time_for_one_it_missed(project, caplog):
    """The ledger keeps slots to the second; a sweep window ending within a slot's second
    still finds its claim, so no false 'not fired on time' and no second decision."""
    at = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=5)
    set_slots(project, one_off_slots([at]))
    clock = [at - timedelta(minutes=1)]
    daemon = Daemon(project, dry_run=True, clock=lambda: clock[0])
    clock[0] = at + timedelta(milliseconds=20)
    for account in daemon.content.config.accounts:
        daemon.fire(account.key, at)  # each slot's own timer, on time
    taken = project.ledger().claims()
    # the tick's sweep looks up to 2 ticks + 1 s back: its window ends half a second past the slot
    clock[0] = at + timedelta(seconds=2 * daemon.tick_seconds + 1.5)
    with caplog.at_level(logging.INFO):
        daemon.sweep(clock[0])
    assert len(taken) == 3
    assert "not fired on time" not in caplog.text and "already claimed" not in caplog.text
    assert project.ledger().claims() == taken
