"""Claims per second on PostgreSQL with two replicas claiming at once.

Two processes each open `scheduler.store.ledger.Ledger` on a throw-away database and claim their
own (account, slot) keys and a shared set both go for, in the same order, so every shared
key is contended. Counted: successful claims (the real claim path: insert, event, read back).
Checked: no key was claimed twice.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

from tests.benchmarks.common import Figure, child_env, not_measured, say

SERVER = "postgresql://postgres@127.0.0.1:5432"
DATABASE = "bench"  # created here and dropped after; an existing one is never touched
OWN_KEYS = 1500  # per replica
SHARED_KEYS = 1500  # both replicas try every one
BASE = datetime(2030, 1, 1, tzinfo=UTC)


def run(_ws: object) -> list[Figure]:
    try:
        import psycopg
    except ImportError:
        return [not_measured("ledger_pg_claims_per_s", "claims/s", "psycopg is not installed")]
    try:
        admin = psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        reason = f"PostgreSQL at 127.0.0.1:5432 does not answer ({type(exc).__name__})"
        return [not_measured("ledger_pg_claims_per_s", "claims/s", reason)]
    with admin:
        name = DATABASE
        try:
            admin.execute(f"CREATE DATABASE {name}")
        except psycopg.errors.DuplicateDatabase:
            name = f"{DATABASE}_{os.getpid()}"  # someone else's 'bench': leave it alone
            admin.execute(f"CREATE DATABASE {name}")
        try:
            return [_measure(f"{SERVER}/{name}", psycopg)]
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _measure(url: str, psycopg: object) -> Figure:
    say(f"ledger on PostgreSQL: 2 replicas x ({OWN_KEYS} own + {SHARED_KEYS} shared) claims")
    cmd = [sys.executable, "-m", "tests.benchmarks.bench_ledger", url]
    workers = [
        subprocess.Popen(
            [*cmd, str(n)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=child_env(),
            text=True,
        )  # fmt: skip
        for n in (1, 2)
    ]
    for worker in workers:  # both connected and migrated before the clock starts
        if worker.stdout.readline().strip() != "ready":  # type: ignore[union-attr]
            raise RuntimeError("a ledger replica failed to start")
    began = time.perf_counter()
    for worker in workers:
        worker.stdin.write("go\n")  # type: ignore[union-attr]
        worker.stdin.flush()  # type: ignore[union-attr]
    outputs = [json.loads(worker.communicate()[0]) for worker in workers]
    wall = time.perf_counter() - began
    won = [key for out in outputs for key in out["won"]]
    with psycopg.connect(url) as db:  # type: ignore[attr-defined]
        rows, distinct = db.execute(
            "SELECT count(*), count(DISTINCT (account, slot_at)) FROM claims"
        ).fetchone()
    shared_won = sum(1 for key in won if key.startswith("shared:"))
    problems = []
    if len(won) != len(set(won)):
        problems.append(f"{len(won) - len(set(won))} keys claimed twice")
    if rows != distinct or rows != len(won):
        problems.append(f"{rows} rows, {distinct} distinct keys, {len(won)} claims won")
    if shared_won != SHARED_KEYS:
        problems.append(f"{shared_won} of {SHARED_KEYS} shared keys won")
    detail = {
        "claims_won": len(won),
        "attempts": sum(out["attempts"] for out in outputs),
        "shared_won_by_replica": [sum(k.startswith("shared:") for k in o["won"]) for o in outputs],
        "wall_s": round(wall, 2),
        "duplicates": len(won) - len(set(won)),
        "check": "ok" if not problems else "; ".join(problems),
    }
    if problems:
        return not_measured("ledger_pg_claims_per_s", "claims/s", "; ".join(problems))
    return Figure(
        "ledger_pg_claims_per_s",
        round(len(won) / wall),
        "claims/s",
        note=f"2 replicas, {len(won)} claims won of {detail['attempts']} attempts in "
        f"{wall:.1f} s; no key claimed twice",
        extra=detail,
    )


def replica(url: str, number: int) -> None:
    """One replica: connect, say ready, wait for go, claim, print what it won."""
    from scheduler.store.ledger import Ledger

    ledger = Ledger(url)
    print("ready", flush=True)
    sys.stdin.readline()
    won, attempts = [], 0
    owner = f"bench-replica-{number}"
    for n in range(max(OWN_KEYS, SHARED_KEYS)):
        keys = []
        if n < OWN_KEYS:
            keys.append((f"replica{number}:acct{n:05d}", BASE + timedelta(minutes=n)))
        if n < SHARED_KEYS:
            keys.append((f"shared:acct{n:05d}", BASE + timedelta(minutes=n)))
        for account, slot in keys:
            attempts += 1
            now = datetime.now(UTC)
            if ledger.claim(account, slot, "snippet", "text", owner, now) is not None:
                won.append(f"{account}@{slot.isoformat()}")
    ledger.close()
    print(json.dumps({"won": won, "attempts": attempts}), flush=True)


if __name__ == "__main__":
    replica(sys.argv[1], int(sys.argv[2]))
