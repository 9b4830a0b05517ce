"""Punctuality and throughput against the fake platforms (tests.fakes), live publishers.

The daemon runs as `scheduler run` with credentials the fake accepts and every API base URL
pointed at the fake, so each post is a real signed HTTP request through the real publishers.
"""

from __future__ import annotations

import inspect
import json
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.benchmarks.common import (
    Background,
    Figure,
    Workspace,
    fake_platforms,
    fake_posts,
    live_env,
    not_measured,
    one_off_accounts,
    percentile,
    say,
    scheduler_command,
    set_accounts,
    with_target,
)

LATENESS_SLOTS = 60  # one a second, over 3 accounts (one per platform)
LATENESS_ACCOUNTS = 3
BURST_ACCOUNTS = 1000
FAKE_LATENCY_S = 0.2
FINAL = ("published", "failed", "skipped")


def run(ws: Workspace) -> list[Figure]:
    figures = []
    try:
        figures += lateness(ws)
    except Exception as exc:  # one broken group must not hide the others
        say(f"slot lateness not measured: {exc}")
        figures.append(not_measured("slot_lateness_p99_s", "s", str(exc)[:200], "<= 1"))
    try:
        figures += burst(ws)
    except Exception as exc:
        say(f"burst not measured: {exc}")
        figures += [
            not_measured("burst_1000_s", "s", str(exc)[:200]),
            not_measured("burst_vs_ideal", "x", str(exc)[:200], "<= 1.5"),
            Figure("burst_concurrency", executor_workers(), "workers"),
        ]
    return figures


def next_second(lead_s: float) -> datetime:
    return (datetime.now(UTC) + timedelta(seconds=lead_s + 1)).replace(microsecond=0)


def lateness(ws: Workspace) -> list[Figure]:
    root = ws.ingested_root("lateness")
    start = next_second(20)
    per_account: list[list[datetime]] = [[] for _ in range(LATENESS_ACCOUNTS)]
    for n in range(LATENESS_SLOTS):
        per_account[n % LATENESS_ACCOUNTS].append(start + timedelta(seconds=n))
    # One account per platform, each posting every 3 s: no essay spacing, so every slot posts.
    set_accounts(root, one_off_accounts(per_account), rules={"essay_spacing": "0s"})
    with fake_platforms(ws.dir, latency=0.0) as url:
        cmd = [*scheduler_command(), "--root", str(root), "run"]
        say(f"slot lateness: {LATENESS_SLOTS} one-off slots, 1 s apart, against the fake API")
        with Background(cmd, ws.dir / "lateness.log", live_env(url)) as daemon:
            daemon.wait_for_log(r"daemon running", 60)
            if datetime.now(UTC) >= start:
                raise RuntimeError("the daemon started after the first slot")
            last = start + timedelta(seconds=LATENESS_SLOTS)
            wait_until_final(root, LATENESS_SLOTS, last + timedelta(seconds=30))
        posts = fake_posts(url)
    claims = read_claims(root)
    received = {str(p["remote_id"]): datetime.fromisoformat(str(p["time"])) for p in posts}
    delays = [
        (received[c["remote_id"]] - c["slot_at"]).total_seconds()
        for c in claims
        if c["state"] == "published" and c["remote_id"] in received
    ]
    if len(delays) < 50:
        states = sorted({c["state"] for c in claims})
        raise RuntimeError(f"only {len(delays)} of {LATENESS_SLOTS} slots reached the fake "
                           f"({len(claims)} claims, states {states})")  # fmt: skip
    detail = {
        "slots": len(delays),
        "p50_s": round(percentile(delays, 50), 3),
        "p99_s": round(percentile(delays, 99), 3),
        "max_s": round(max(delays), 3),
        "min_s": round(min(delays), 3),
    }
    note = (f"{len(delays)} slots; slot time to the fake's receipt of the publish request "
            f"(p50 {detail['p50_s']} s, max {detail['max_s']} s)")  # fmt: skip
    return [with_target(Figure("slot_lateness_p99_s", detail["p99_s"], "s", note=note,
                               extra=detail), 1.0)]  # fmt: skip


def burst(ws: Workspace) -> list[Figure]:
    root = ws.ingested_root("burst")
    workers = executor_workers()
    ideal = BURST_ACCOUNTS * FAKE_LATENCY_S / workers
    write_distinct_queue(root, BURST_ACCOUNTS)
    start = next_second(45)
    set_accounts(root, one_off_accounts([[start]] * BURST_ACCOUNTS))
    with fake_platforms(ws.dir, latency=FAKE_LATENCY_S) as url:
        cmd = [*scheduler_command(), "--root", str(root), "run"]
        say(f"burst: {BURST_ACCOUNTS} posts due at once, fake API answering in "
            f"{FAKE_LATENCY_S} s, {workers} workers; ideal {ideal:.0f} s")  # fmt: skip
        with Background(cmd, ws.dir / "burst.log", live_env(url)) as daemon:
            daemon.wait_for_log(r"daemon running", 120)
            if datetime.now(UTC) >= start:
                raise RuntimeError("the daemon started after the burst's slot")
            done_at = wait_until_final(root, BURST_ACCOUNTS, start + timedelta(seconds=20 * ideal))
        posts = fake_posts(url)
    claims = read_claims(root)
    took = (done_at - start).total_seconds()
    states: dict[str, int] = {}
    for claim in claims:
        states[claim["state"]] = states.get(claim["state"], 0) + 1
    last_receipt = max(datetime.fromisoformat(str(p["time"])) for p in posts) if posts else None
    detail = {
        "posts_recorded_by_fake": len(posts),
        "claim_states": states,
        "ideal_s": round(ideal, 1),
        "last_fake_receipt_s": round((last_receipt - start).total_seconds(), 2)
        if last_receipt
        else None,
    }
    note = (f"slot time to the last of {BURST_ACCOUNTS} claims recorded as final; "
            f"{len(posts)} posts received by the fake")  # fmt: skip
    return [
        Figure("burst_1000_s", round(took, 1), "s", note=note, extra=detail),
        with_target(
            Figure(
                "burst_vs_ideal",
                round(took / ideal, 2),
                "x",
                note=f"ideal = {BURST_ACCOUNTS} x {FAKE_LATENCY_S} s / {workers} workers "
                f"= {ideal:.0f} s",
                extra=detail,
            ),
            1.5,
        ),  # fmt: skip
        Figure(
            "burst_concurrency",
            workers,
            "workers",
            note="APScheduler's default thread pool (the daemon sets no executor); "
            "platform limits are per day/15 min, not on parallel requests",
        ),
    ]


def write_distinct_queue(root: Path, count: int) -> None:
    """`count` one-snippet essays with distinct texts, in place of the ingested queue.

    The fake knows one identity per platform and refuses a text it already has (as X, LinkedIn
    and Facebook do), while 1,000 real accounts are 1,000 identities. So every account gets its
    own text: the bundled quotes, numbered. With 1,000 essays the planner's per-account essay
    rotation (3 * account number, mod 1,000) gives every account a different first snippet.
    """
    from scheduler.model.snippets import snippet_id
    from scheduler.store.queue_files import read_queue

    queue_dir = root / "posts" / "queue"
    quotes = [s.quote for s in read_queue(queue_dir).snippets if len(s.quote) < 200]
    for old in queue_dir.glob("*.yaml"):
        old.unlink()
    for n in range(count):
        slug = f"burst-{n:04d}"
        quote = f"{quotes[n % len(quotes)]} ({n + 1})"
        document = {
            "essay": slug,
            "title": f"Burst {n + 1}",
            "kind": "essay",
            "source": "bench",
            "post": True,
            "hashtags": [],
            "snippets": [
                {"id": snippet_id(slug, quote), "status": "new", "quote": quote,
                 "original": quote, "score": 5.0, "paragraph": 0, "reasons": []}
            ],
        }  # fmt: skip
        text = json.dumps(document, ensure_ascii=False, indent=1)  # JSON is YAML, ids quoted
        (queue_dir / f"{slug}.yaml").write_text(text, encoding="utf-8")


def executor_workers() -> int:
    """The daemon's concurrency: the default max_workers of APScheduler's thread pool, which
    BackgroundScheduler uses because scheduler/delivery/daemon.py configures no executor."""
    from apscheduler.executors.pool import ThreadPoolExecutor

    return int(inspect.signature(ThreadPoolExecutor.__init__).parameters["max_workers"].default)


def ledger_path(root: Path) -> Path:
    return root / "var" / "ledger.sqlite3"


def read_claims(root: Path) -> list[dict]:
    with sqlite3.connect(f"file:{ledger_path(root)}?mode=ro", uri=True, timeout=30) as db:
        rows = db.execute("SELECT account, slot_at, state, remote_id FROM claims").fetchall()
    return [
        {
            "account": account,
            "slot_at": datetime.strptime(slot_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC),
            "state": state,
            "remote_id": remote_id,
        }
        for account, slot_at, state, remote_id in rows
    ]


def wait_until_final(root: Path, count: int, deadline: datetime) -> datetime:
    """Poll the daemon's ledger until `count` claims are final; return when that happened."""
    query = f"SELECT count(*) FROM claims WHERE state IN {FINAL!r}"
    final = 0
    while datetime.now(UTC) < deadline:
        if ledger_path(root).exists():
            try:
                with sqlite3.connect(f"file:{ledger_path(root)}?mode=ro", uri=True) as db:
                    final = db.execute(query).fetchone()[0]
            except sqlite3.OperationalError:
                final = final  # the daemon is creating the schema
            if final >= count:
                return datetime.now(UTC)
        time.sleep(0.1)
    raise RuntimeError(f"only {final} of {count} slots final by {deadline:%H:%M:%S}")
