"""`GET /metrics`: what a monitoring system needs, in Prometheus text, read fresh per scrape.

Everything comes from the ledger (counted in SQL, not loaded), the content files and the
credentials, so a scrape says the same as `scheduler status` and `doctor`, and the desk keeps no
counters of its own that a restart would reset. No content and no secrets: counts and ages.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from scheduler.store.content import Content
from scheduler.store.ledger import Ledger
from scheduler.store.ledger.links import clicks_by_platform
from scheduler.store.ledger.schema import FINAL_STATES, OPEN_STATES

MISSED_PREFIX = "missed"  # the daemon's reason for a slot that passed beyond the grace period


@dataclass
class Reading:
    """One scrape's inputs: each may be missing (no ledger yet, content that does not load)."""

    now: datetime
    ledger: Ledger | None
    content: Content | None
    daemon_running: bool
    token_expiry: dict[str, datetime] = field(default_factory=dict)


def exposition(reading: Reading) -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Collector(reading))
    return generate_latest(registry)


class _Collector:
    def __init__(self, reading: Reading) -> None:
        self.reading = reading

    def collect(self) -> Iterator[Metric]:
        reading = self.reading
        up = GaugeMetricFamily("scheduler_daemon_running", "1 when the daemon runs in this process")
        up.add_metric([], 1.0 if reading.daemon_running else 0.0)
        yield up
        if reading.ledger is not None:
            yield from _ledger_metrics(reading.ledger, reading.now)
        if reading.content is not None:
            yield from _queue_metrics(reading.content, reading.ledger, reading.now)
        expiry = GaugeMetricFamily(
            "scheduler_token_expiry_seconds",
            "Seconds until a platform token expires (negative: expired)",
            labels=["platform"],
        )
        for platform, moment in sorted(reading.token_expiry.items()):
            expiry.add_metric([platform], (moment - reading.now).total_seconds())
        yield expiry


def _ledger_metrics(ledger: Ledger, now: datetime) -> Iterator[Metric]:
    by_state = ledger.claims_by_account_and_state()
    missed = ledger.skipped_by_account(MISSED_PREFIX)
    last = ledger.last_due_claim(now)
    clicked = clicks_by_platform(ledger)
    posts = CounterMetricFamily(
        "scheduler_posts",
        "Slots with a final outcome, by platform and outcome (published, failed, skipped)",
        labels=["platform", "account", "outcome"],
    )
    open_claims = GaugeMetricFamily(
        "scheduler_open_claims",
        "Claims not yet final: claimed, sent, unknown or waiting for a retry",
        labels=["state"],
    )
    open_counts = dict.fromkeys(sorted(OPEN_STATES), 0)
    for account, state, count in by_state:
        if state in FINAL_STATES:
            posts.add_metric([_platform(account), account, state], count)
        elif state in open_counts:
            open_counts[state] += count
    for state, count in open_counts.items():
        open_claims.add_metric([state], count)
    yield posts
    yield open_claims
    slots_missed = CounterMetricFamily(
        "scheduler_slots_missed",
        "Slots that passed beyond the grace period without a post",
        labels=["platform", "account"],
    )
    for account, count in missed:
        slots_missed.add_metric([_platform(account), account], count)
    yield slots_missed
    lateness = GaugeMetricFamily(
        "scheduler_last_slot_lateness_seconds",
        "How long after its time the last slot that came due was taken up",
    )
    if last is not None:
        slot_at, claimed_at = last
        lateness.add_metric([], max(0.0, (claimed_at - slot_at).total_seconds()))
    yield lateness
    clicks_total = CounterMetricFamily(
        "scheduler_clicks", "Clicks on short links, by platform", labels=["platform"]
    )
    for platform, count in clicked:
        clicks_total.add_metric([platform], count)
    yield clicks_total


def _queue_metrics(content: Content, ledger: Ledger | None, now: datetime) -> Iterator[Metric]:
    from scheduler.reports.rows import DRY_HORIZON_DAYS, days_until_dry, published_ids, shown_status

    published = published_ids(ledger)
    depth = GaugeMetricFamily(
        "scheduler_queue_snippets", "Snippets in the queue, by status", labels=["status"]
    )
    counts: dict[str, int] = {}
    for snippet in content.queue.snippets:
        status = shown_status(snippet, published)
        counts[status] = counts.get(status, 0) + 1
    for status, count in sorted(counts.items()):
        depth.add_metric([status], count)
    yield depth
    days = days_until_dry(content, ledger, now)
    dry = GaugeMetricFamily(
        "scheduler_queue_days_until_dry",
        f"Days until a slot has nothing to post ({DRY_HORIZON_DAYS}: that many or more)",
    )
    dry.add_metric([], DRY_HORIZON_DAYS if days is None else days)
    yield dry


def _platform(account: str) -> str:
    return account.split(":", 1)[0]
