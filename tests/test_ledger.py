"""The ledger's unique claim: two processes, a restart or a retry never take a slot twice."""

from __future__ import annotations

import multiprocessing
import threading
from datetime import UTC, datetime, timedelta

import pytest

from scheduler.errors import SnippetTaken
from scheduler.model.post import Outcome, Result
from scheduler.store.ledger import Ledger
from scheduler.store.ledger.schema import PUBLISHED, RETRY, SENT, UNKNOWN

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_a_slot_can_be_claimed_once(ledger_url):
    ledger = Ledger(ledger_url)
    first = ledger.claim("twitter:a", NOW, "s1", "tekst", "one", NOW)
    assert first is not None and first.state == "claimed"
    assert ledger.claim("twitter:a", NOW, "s2", "andere", "two", NOW) is None
    assert ledger.claim("linkedin:b", NOW, "s1", "tekst", "two", NOW) is not None
    assert not ledger.skip("twitter:a", NOW, "nothing eligible", "two", NOW)


def test_state_moves_are_compare_and_set(ledger_url):
    ledger = Ledger(ledger_url)
    claim = ledger.claim("twitter:a", NOW, "s1", "tekst", "one", NOW)
    assert ledger.mark_sent(claim, "one", NOW)
    assert not ledger.mark_sent(claim, "two", NOW)  # already sent: nobody sends it again
    sent = ledger.get(claim.id)
    assert sent.state == SENT and sent.attempts == 1
    ledger.record_result(sent, Result(Outcome.UNKNOWN, error="no answer"), NOW)
    assert ledger.get(claim.id).state == UNKNOWN
    ledger.record_result(ledger.get(claim.id), Result(Outcome.PUBLISHED, remote_id="42"), NOW)
    assert ledger.get(claim.id).state == PUBLISHED


def test_transient_failures_wait_for_a_retry(ledger_url):
    ledger = Ledger(ledger_url)
    claim = ledger.claim("twitter:a", NOW, "s1", "tekst", "one", NOW)
    ledger.mark_sent(claim, "one", NOW)
    later = NOW + timedelta(minutes=1)
    ledger.record_result(ledger.get(claim.id), Result(Outcome.TRANSIENT, retry_at=later), NOW)
    retry = ledger.get(claim.id)
    assert retry.state == RETRY and retry.retry_at == later


def _claim_many(url: str, owner: str, queue) -> None:
    ledger = Ledger(url)
    won = [
        n
        for n in range(60)
        if ledger.claim("twitter:a", NOW + timedelta(minutes=n), "s", "t", owner, NOW)
    ]
    queue.put(won)


def test_two_processes_racing_for_the_same_slots_never_both_win(ledger_url):
    Ledger(ledger_url).close()  # create the schema first
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    racers = [
        context.Process(target=_claim_many, args=(ledger_url, f"p{i}", queue)) for i in range(2)
    ]
    for racer in racers:
        racer.start()
    results = [queue.get(timeout=120) for _ in racers]
    for racer in racers:
        racer.join(timeout=60)
    assert sorted(results[0] + results[1]) == list(range(60))


def test_a_snippet_generation_is_claimed_once_whatever_the_slot(ledger_url):
    first, second = Ledger(ledger_url), Ledger(ledger_url)  # two replicas
    claim = first.claim("linkedin:a", NOW, "s1", "tekst", "one", NOW, generation=0)
    assert claim is not None
    with pytest.raises(SnippetTaken) as taken:
        second.claim("linkedin:a", NOW + timedelta(seconds=7), "s1", "tekst", "two", NOW,
                     generation=0)  # fmt: skip
    assert taken.value.claim_id == claim.id
    # The next generation (a --force, or a recycle after the repeat gap) is a new key.
    assert second.claim_count("linkedin:a", "s1") == 1
    assert second.claim("linkedin:a", NOW + timedelta(seconds=9), "s1", "t", "two", NOW,
                        generation=1) is not None  # fmt: skip
    # Another account, or another snippet, is another key.
    assert second.claim("facebook:a", NOW, "s1", "t", "two", NOW, generation=0) is not None
    assert second.claim("linkedin:a", NOW + timedelta(1), "s2", "t", "two", NOW, generation=0)


def test_two_replicas_claiming_at_once_make_one_claim(ledger_url):
    replicas = [Ledger(ledger_url) for _ in range(2)]
    replicas[0].claim_count("linkedin:a", "s1")  # schema ready before the race
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def claim(n: int) -> None:
        barrier.wait()
        try:
            at = NOW + timedelta(seconds=n)  # each replica its own slot: only the key can stop it
            outcomes.append(replicas[n].claim("linkedin:a", at, "s1", "t", f"r{n}", NOW,
                                              generation=0))  # fmt: skip
        except SnippetTaken as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(type(o).__name__ for o in outcomes) == ["Claim", "SnippetTaken"]
    assert len(replicas[0].claims(account="linkedin:a")) == 1
