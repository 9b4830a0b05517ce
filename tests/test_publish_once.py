"""One snippet, one account, one post: the claim itself carries the uniqueness, whatever the
timing of two manual publishes, a publish and the daemon, or two replicas."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest

import scheduler.delivery.daemon
from scheduler.delivery.daemon import Daemon
from scheduler.delivery.publish_now import publish_now
from scheduler.store.ledger.schema import PUBLISHED
from tests.daemon_harness import REPO, daemon_env, one_off_slots, set_slots
from tests.fakes import accounts


@pytest.fixture
def live_env(project, fakes):
    env = daemon_env(SCHEDULER_REQUEST_TIMEOUT="10", **accounts.live_env(fakes.url))
    return env


def test_two_publishes_started_together_make_one_post(project, fakes, live_env):
    rows = json.loads(
        subprocess.run(
            [sys.executable, "-m", "scheduler.cli", "--root", str(project.root), "queue", "--json"],
            env=live_env, capture_output=True, text=True, check=True, cwd=REPO,
        ).stdout
    )  # fmt: skip
    snippet = next(r["id"] for r in rows if r["status"] == "new")
    project.ledger().close()  # the schema exists before the race
    fakes.state.latency = 1.5  # a slow LinkedIn: the first post is still in flight
    command = [sys.executable, "-m", "scheduler.cli", "--root", str(project.root), "publish",
               snippet, "--to", "linkedin", "--json"]  # fmt: skip
    # Hold the ledger's write lock while both start: each reads the ledger (WAL readers never
    # wait) and then queues at its claim, so both claim having read the same, empty history.
    lock = sqlite3.connect(project.sqlite_ledger_path, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")
    both = [
        subprocess.Popen(command, env=live_env, cwd=REPO, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]  # fmt: skip
    time.sleep(4)  # let both reach their claim (if one is late, it only reads more)
    lock.execute("ROLLBACK")
    lock.close()
    answers = [p.communicate(timeout=60) for p in both]
    codes = sorted(p.returncode for p in both)
    assert len(fakes.posts("linkedin")) == 1, answers
    published = [c for c in project.ledger().claims(states={PUBLISHED}) if c.snippet_id == snippet]
    assert len(published) == 1, answers
    # The later one was refused at its claim, or found the first one's claim open and asked
    # LinkedIn (reconciled) instead of sending: both honest, neither posts.
    assert set(codes) <= {0, 1} and 0 in codes, answers
    assert not any("Traceback" in err for _, err in answers), answers


def test_force_still_posts_again(project, fakes, live_env, run_cli):
    rows = json.loads(run_cli("queue", "--json").output)
    snippet = next(r["id"] for r in rows if r["status"] == "new")
    base = [sys.executable, "-m", "scheduler.cli", "--root", str(project.root), "publish",
            snippet, "--to", "facebook", "--json"]  # fmt: skip
    for extra in ([], ["--force"]):
        done = subprocess.run([*base, *extra], env=live_env, cwd=REPO, capture_output=True)
        assert done.returncode in (0,), done.stderr
    # The second post is the same text: Facebook calls it a duplicate, and the ledger keeps
    # both claims, generations 0 and 1.
    claims = [c for c in project.ledger().claims() if c.snippet_id == snippet]
    assert len(claims) == 2 and {c.state for c in claims} == {PUBLISHED}


def test_a_manual_publish_between_the_daemons_choice_and_its_claim_wins_alone(project, monkeypatch):
    at = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=30)
    set_slots(project, one_off_slots([at]))
    daemon = Daemon(project, dry_run=True, clock=lambda: at + timedelta(seconds=30))
    account = next(a for a in daemon.content.config.accounts if a.platform == "linkedin")
    real_history = scheduler.delivery.daemon.history_from
    chosen = daemon.content.choose(
        account, at, real_history(daemon.ledger, daemon.content.queue, account.key)
    ).snippet
    calls = []

    def history_then_manual_publish(ledger, queue, key, **options):
        history = real_history(ledger, queue, key, **options)
        if not calls:  # the staff's "post now" lands right after the daemon read the ledger
            publish_now(project, chosen.id, "linkedin", dry_run=True)
        calls.append(key)
        return history

    monkeypatch.setattr(scheduler.delivery.daemon, "history_from", history_then_manual_publish)
    daemon._publish_slot(daemon.content, account, at)
    claims = daemon.ledger.claims(account=account.key)
    assert [c.snippet_id for c in claims].count(chosen.id) == 1
    assert len(calls) == 2  # the daemon chose again, with the manual claim in its history
    assert len({c.snippet_id for c in claims}) == 2 and {c.state for c in claims} == {PUBLISHED}
    sent = sorted(p.name for p in project.outbox_dir.glob(f"*-linkedin-*-{chosen.id}.json"))
    assert len(sent) == 1
