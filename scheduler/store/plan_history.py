"""The planner's view of the ledger: what was published where and when, and what drew clicks."""

from __future__ import annotations

from datetime import datetime

from scheduler.model.snippets import Queue
from scheduler.planning.plan import HistoryIndex, Published
from scheduler.store.ledger import Ledger
from scheduler.store.ledger.links import clicks_by_snippet
from scheduler.store.ledger.schema import OPEN_STATES, PUBLISHED


def history_from(
    ledger: Ledger,
    queue: Queue,
    account: str | None = None,
    *,
    others_since: datetime | None = None,
) -> HistoryIndex:
    """What was published; with `account`, only that account's posts, which is all that one
    of its slots depends on (and far less to read with many accounts), plus the other
    accounts' posts since `others_since`, which the stagger between networks looks at."""
    essays = {s.id: s.essay for s in queue.snippets}
    # A claim still open (sent, unknown, waiting to retry) counts as published: its post
    # may already be out, so its snippet must not be chosen again for another slot.
    states = {PUBLISHED} | OPEN_STATES
    posts = [
        Published(c.account, c.snippet_id, essays.get(c.snippet_id, ""), c.slot_at, c.text)
        for c in ledger.claims(states=states, account=account)
        if c.snippet_id
    ]
    if account is not None and others_since is not None:
        posts += [
            Published(other, snippet, essays.get(snippet, ""), at)
            for other, snippet, at in ledger.posts_of_others(account, others_since, states)
        ]
    return HistoryIndex.build(posts, clicks=clicks_by_snippet(ledger))
