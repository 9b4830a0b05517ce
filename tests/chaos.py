"""Chaos: kill the real daemon with SIGKILL at random moments, and prove nothing went twice
and nothing was lost.

Fake platform servers (some of which commit a post and then drop the connection) receive
what the daemon publishes; at the end, what they received is compared with the ledger.
    python -m tests.chaos [--kills 100] [--replicas 2 --database postgresql://…] [--link-comment]
The last line printed is JSON: {"kills", "slots", "published", "duplicates", "lost"}; with
--link-comment (the LinkedIn account posts its link in the first comment) also "comments",
"comment_duplicates" and "comments_lost", which count in "duplicates" and "lost" too.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from scheduler.store.ingest import ingest
from scheduler.store.ledger import Ledger
from scheduler.store.ledger.comments import open_comments
from scheduler.store.ledger.schema import FINAL_STATES, PUBLISHED
from scheduler.store.project import Project
from tests.daemon_harness import REPO, daemon_env, set_slots, wait_for
from tests.fakes import accounts as fake
from tests.postgres import fresh_database

SLOT_SPACING_S = 3.0  # per account; the three accounts are staggered by a second


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_fakes(port: int, drop_rate: float) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.fakes",
            "--port",
            str(port),
            "--drop-after-commit",
            str(drop_rate),
        ],
        cwd=REPO,
        env=daemon_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    if not wait_for(lambda: _answers(url), timeout=20):
        raise RuntimeError("the fake platforms did not start")
    return process


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(f"{url}/_fake/posts", timeout=1).read()
        return True
    except OSError:
        return False


def received_comments(url: str) -> list[dict]:
    with urllib.request.urlopen(f"{url}/_fake/comments", timeout=10) as answer:
        return json.load(answer)


def random_faults(url: str) -> dict[str, int]:
    with urllib.request.urlopen(f"{url}/_fake/random-faults", timeout=10) as answer:
        return json.load(answer)


def received(url: str) -> list[dict]:
    """What the platforms committed; the fake calls X "x", our ledger "twitter"."""
    with urllib.request.urlopen(f"{url}/_fake/posts", timeout=10) as answer:
        posts = json.load(answer)
    for post in posts:
        post["platform"] = {"x": "twitter"}.get(post["platform"], post["platform"])
    return posts


def live_env(url: str, database: str) -> dict[str, str]:
    return daemon_env(
        SCHEDULER_TICK_SECONDS="0.5",
        SCHEDULER_REQUEST_TIMEOUT="2",
        SCHEDULER_DATABASE_URL=database,
        **fake.live_env(url),
    )


def prepare(
    root: Path, slots_per_account: int, start: datetime, link_comment: bool = False
) -> tuple[Project, int]:
    (root / "posts").mkdir(parents=True)
    shutil.copytree(REPO / "posts" / "essays", root / "posts" / "essays")
    project = Project(root)
    ingest(project)
    lines = ["slots:\n"]
    for n in range(slots_per_account):
        lines.append(f"  - at: '{(start + timedelta(seconds=n * SLOT_SPACING_S)).isoformat()}'\n")
    set_slots(project, "".join(lines))
    text = project.config_path.read_text()
    text = text.replace("essay_spacing: 2d", "essay_spacing: 0d")
    # Every slot publishes: no stagger between networks (it would leave most slots empty), and
    # no recycling, so a snippet posted in two slots of one account is a duplicate.
    text = text.replace("stagger: 3d", "stagger: 0s").replace("recycle: true", "recycle: false")
    text = text.replace("misfire_grace: 15m", "misfire_grace: 1h\n  catch_up_spacing: 0s")
    # Stagger the accounts by a second each, so slots are a second apart overall.
    for offset, platform in enumerate(("linkedin", "facebook")):
        moments = (
            start + timedelta(seconds=n * SLOT_SPACING_S + offset + 1)
            for n in range(slots_per_account)
        )
        shifted = "".join(f"      - at: '{m.isoformat()}'\n" for m in moments)
        text = text.replace(
            f"  - platform: {platform}\n", f"  - platform: {platform}\n    slots:\n{shifted}", 1
        )
    if link_comment:
        text = text.replace(
            "  - platform: linkedin\n", "  - platform: linkedin\n    link: comment\n"
        )
    project.config_path.write_text(text)
    return project, 3 * slots_per_account


def spawn(project: Project, env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "scheduler.cli", "--root", str(project.root), "run"],
        env=env,
        stdout=open(log, "ab"),
        stderr=subprocess.STDOUT,
        cwd=project.root,
    )


def audit(project: Project, database: str, fake_url: str, last_slot: datetime) -> dict:
    ledger = Ledger(database)
    every = ledger.claims()
    posts = received(fake_url)
    by_text = Counter((p["platform"], p["text"]) for p in posts)
    duplicates = sum(n - 1 for n in by_text.values() if n > 1)
    per_slot = Counter((c.account, c.slot_at) for c in every)
    duplicates += sum(n - 1 for n in per_slot.values() if n > 1)
    published = [c for c in every if c.state == PUBLISHED]
    # Recycling is off (prepare): a snippet published in two slots of one account went twice.
    repeats = Counter((c.account, c.snippet_id) for c in published)
    duplicates += sum(n - 1 for n in repeats.values() if n > 1)
    known_texts = {(c.account.split(":")[0], c.text) for c in published}
    unknown_to_ledger = [p for p in posts if (p["platform"], p["text"]) not in known_texts]
    config = project.config()
    from scheduler.planning.slots import schedule_instants

    expected = {
        (a.key, at)
        for a in config.accounts
        for at in schedule_instants(
            a.schedule, datetime(2000, 1, 1, tzinfo=UTC), last_slot + timedelta(seconds=1)
        )
    }
    finished = {(c.account, c.slot_at) for c in every if c.state in FINAL_STATES}
    unfinished = expected - finished
    comment_audit = audit_comments(ledger, published, received_comments(fake_url))
    duplicates += comment_audit.get("comment_duplicates", 0)
    ledger.close()
    status = status_as_told(project, database)
    truthful = status["totals"].get("published", 0) == len(published) and len(
        status["open_claims"]
    ) == sum(c.state not in FINAL_STATES for c in every)
    return {
        "published": len(published),
        "duplicates": duplicates,
        "status_truthful": truthful,
        "lost": len(unfinished) + len(unknown_to_ledger) + comment_audit.get("comments_lost", 0),
        **comment_audit,
        "detail": {
            "unfinished_slots": len(unfinished),
            "posts_unknown_to_ledger": len(unknown_to_ledger),
            "received": len(posts),
            "states": dict(Counter(c.state for c in every)),
            "answers_dropped": random_faults(fake_url),
        },
    }


def audit_comments(ledger: Ledger, published: list, comments: list[dict]) -> dict:
    """Each published post that owes a link comment has exactly one, and the ledger knows it."""
    from scheduler.store.ledger.comments import all_comments
    from scheduler.store.ledger.schema import DONE

    owed = {c.claim_id: c for c in all_comments(ledger)}
    if not owed and not comments:
        return {}
    by_post = Counter((c["post_id"], c["text"]) for c in comments)
    duplicates = sum(n - 1 for n in by_post.values() if n > 1)
    lost = 0
    for claim in published:
        comment = owed.get(claim.id)
        if comment is None:
            continue
        there = by_post.get((claim.remote_id, comment.text), 0)
        lost += there == 0 or comment.state != DONE  # missing, or the ledger does not know it
    posts_with_comment = {c.remote_id for c in published if c.id in owed}
    stray = sum(n for (post, _), n in by_post.items() if post not in posts_with_comment)
    return {
        "comments": len(comments),
        "comment_duplicates": duplicates,
        "comments_lost": lost + stray,
        "comment_states": dict(Counter(c.state for c in owed.values())),
    }


def status_as_told(project: Project, database: str) -> dict:
    """What `scheduler status --json` says, to hold it against the ledger."""
    answer = subprocess.run(
        [sys.executable, "-m", "scheduler.cli", "--root", str(project.root), "status", "--json"],
        env=daemon_env(SCHEDULER_DATABASE_URL=database),
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    return json.loads(answer.stdout)


def run(
    kills: int,
    replicas: int,
    database: str | None,
    drop_rate: float,
    seed: int,
    keep: bool,
    link_comment: bool = False,
) -> dict:
    rng = random.Random(seed)
    workdir = Path(tempfile.mkdtemp(prefix="chaos-"))
    port = free_port()
    fakes = start_fakes(port, drop_rate)
    url = f"http://127.0.0.1:{port}"
    database = database or f"sqlite:///{workdir / 'project' / 'var' / 'ledger.sqlite3'}"
    # Enough slots to outlast the kills: about 2 s of life per kill, plus start-up.
    slots_per_account = max(6, int(kills * 2.2 / replicas / SLOT_SPACING_S) + 4)
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=4)
    project, slot_count = prepare(workdir / "project", slots_per_account, start, link_comment)
    (project.var_dir).mkdir(exist_ok=True)
    last_slot = start + timedelta(seconds=(slots_per_account - 1) * SLOT_SPACING_S + 2)
    env = live_env(url, database)
    logs = [workdir / f"daemon-{n}.log" for n in range(replicas)]
    daemons = [spawn(project, env, logs[n]) for n in range(replicas)]
    done = 0
    try:
        while done < kills:
            time.sleep(rng.uniform(0.3, 2.5))
            victim = rng.randrange(replicas)
            daemons[victim].send_signal(signal.SIGKILL)
            daemons[victim].wait()
            done += 1
            daemons[victim] = spawn(project, env, logs[victim])
            if done % 10 == 0:
                print(f"chaos: {done}/{kills} kills", file=sys.stderr, flush=True)
        settle_until = max(datetime.now(UTC), last_slot) + timedelta(seconds=30)
        ledger = Ledger(database)
        while datetime.now(UTC) < settle_until:
            if (
                datetime.now(UTC) > last_slot
                and not ledger.claims(states={"claimed", "sent", "unknown", "retry"})
                and not open_comments(ledger)
            ):
                break
            time.sleep(1)
        ledger.close()
    finally:
        for daemon in daemons:
            if daemon.poll() is None:
                daemon.send_signal(signal.SIGTERM)
        for daemon in daemons:
            try:
                daemon.wait(timeout=60)
            except subprocess.TimeoutExpired:
                daemon.kill()
    result = {"kills": done, "slots": slot_count, **audit(project, database, url, last_slot)}
    fakes.terminate()
    fakes.wait()
    result["workdir"] = str(workdir) if keep else None
    if not keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def server_of(url: str) -> str:
    """postgresql://user@host:port/db → postgresql://user@host:port"""
    head, _, _ = url.rpartition("/")
    return head if "://" in head and head.count("/") >= 2 else url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.chaos", description=__doc__)
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument(
        "--database",
        help="SQLite in a temp dir by default; a postgresql:// "
        "URL names the server, on which a fresh database is made and dropped",
    )
    parser.add_argument(
        "--drop-rate",
        type=float,
        default=0.15,
        help="share of posts committed and then answered with a dropped line",
    )
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--keep", action="store_true", help="keep the work folder and logs")
    parser.add_argument(
        "--link-comment",
        action="store_true",
        help="LinkedIn posts its link in the first comment; comments are audited too",
    )
    args = parser.parse_args(argv)
    if args.database and args.database.startswith("postgres"):
        # A database of our own on that server, so no ledger of anyone's is touched.
        with fresh_database(server_of(args.database)) as url:
            result = run(args.kills, args.replicas, url, args.drop_rate, args.seed, args.keep,
                         args.link_comment)  # fmt: skip
    else:
        result = run(args.kills, args.replicas, args.database, args.drop_rate, args.seed,
                     args.keep, args.link_comment)  # fmt: skip
    detail = result.pop("detail")
    workdir = result.pop("workdir")
    print(
        f"chaos detail: {json.dumps(detail)}" + (f" (kept in {workdir})" if workdir else ""),
        file=sys.stderr,
    )
    print(json.dumps(result))
    return 0 if result["duplicates"] == 0 and result["lost"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
