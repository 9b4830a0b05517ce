"""Fill a ledger the way the release of 2026-11-27 did, with that release's own code.

Run by tests/test_migrations.py with commit 14c73af's `scheduler` first on sys.path:
    python fill_ledger.py LEDGER_URL
It writes claims in every state, events, a heartbeat, a stopped account, short links and
clicks, then prints every row of every table as JSON: what the upgrade must keep.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import MetaData, select


START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def fill(ledger: Any) -> None:
    # The release's own module paths: this runs with that release's code, not today's.
    from scheduler.publishers.base import Outcome, Result
    from scheduler.queue import Snippet
    from scheduler.shortlinks import follow, short_code

    owner = "old-release:1:abcdef"
    answers = [
        Result(Outcome.PUBLISHED, remote_id="1860000000000000001", url="https://x.com/a/status/1"),
        Result(Outcome.REJECTED, error="duplicate content"),
        Result(Outcome.TRANSIENT, error="503 Service Unavailable", retry_at=START),
        Result(Outcome.UNKNOWN, error="read timeout"),
        Result(Outcome.AUTH, error="401 token expired"),
    ]
    for day in range(20):
        for n, account in enumerate(("twitter:a", "linkedin:a", "facebook:a")):
            slot = START + timedelta(days=day, hours=n)
            if (day + n) % 7 == 6:
                ledger.skip(account, slot, "geen snippet beschikbaar", owner, slot)
                continue
            text = f"‘Kwetsbaarheid is een senior capaciteit’ — dag {day} #leiderschap"
            claim = ledger.claim(account, slot, f"essay-{day % 4}-{n}", text, owner, slot)
            if day == 19:
                continue  # left open: claimed, never sent
            ledger.mark_sent(claim, owner, slot, text)
            ledger.record_result(ledger.get(claim.id), answers[(day + n) % 5], slot)
    ledger.heartbeat(owner, START + timedelta(days=20))
    ledger.stop_account("facebook:a", "401 token expired", START + timedelta(days=10))
    ledger.log_event("reload-refused", START, detail="posts/queue/x.yaml:3: bad status")
    for n in range(4):
        snippet = Snippet(
            id=f"essay-{n}-0",
            essay=f"essay-{n}",
            essay_title="Essay",
            quote="q",
            original="q",
            status="approved",
        )
        code = short_code(ledger, snippet, "twitter", f"https://www.inspira.nl/{n}", START)
        for click in range(n * 3):
            referrer = "https://t.co/x" if click % 2 else None
            follow(ledger, code, referrer, START + timedelta(hours=click))


def dump(ledger: Any) -> dict[str, list[list[object]]]:
    tables = MetaData()
    tables.reflect(ledger.engine)
    with ledger.engine.connect() as conn:
        return {
            name: [list(row) for row in conn.execute(select(table).order_by(*table.primary_key))]
            for name, table in sorted(tables.tables.items())
        }


if __name__ == "__main__":
    import scheduler
    from scheduler.ledger import Ledger

    ledger = Ledger(sys.argv[1])
    fill(ledger)
    print(json.dumps({"code": scheduler.__file__, "rows": dump(ledger)}))
