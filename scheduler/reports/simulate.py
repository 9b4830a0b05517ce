"""simulate: the real planner and slot logic on a virtual clock, with a throw-away ledger.

Nothing under var/ is touched and nothing is sent: every account gets an in-memory outbox.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from scheduler.delivery.alerts import Alerter
from scheduler.delivery.exactly_once import Publishing
from scheduler.delivery.slot_choice import publish_slot
from scheduler.planning.plan import HistoryIndex, Published
from scheduler.planning.slots import slots_between
from scheduler.publishers.dry_run import Outbox
from scheduler.store.content import Content
from scheduler.store.ledger import Ledger
from scheduler.store.ledger.schema import PUBLISHED
from scheduler.store.shortlinks import short_code_maker

Progress = Callable[[int, int], None]


def simulate(
    content: Content, start: datetime, days: int, progress: Progress | None = None
) -> list[dict[str, object]]:
    ledger = Ledger("sqlite://")
    accounts = {a.key: a for a in content.config.accounts}
    outboxes = {key: Outbox(a.platform, a.handle, None) for key, a in accounts.items()}
    moment = [start]
    publishing = Publishing(ledger, outboxes, "simulate", lambda: moment[0], Alerter(()).send)
    history = HistoryIndex()
    if content.short_code is not None:  # short links, but codes in the throw-away ledger
        content = replace(content, short_code=short_code_maker(lambda: ledger, lambda: moment[0]))
    slots = slots_between(content.config.accounts, start, start + timedelta(days=days))
    published = []
    for n, slot in enumerate(slots):
        moment[0] = slot.at
        claim = publish_slot(content, accounts[slot.account], slot.at, history, publishing)
        if claim is not None and claim.state == PUBLISHED and claim.snippet_id:
            snippet = content.queue.snippet(claim.snippet_id)
            essay = snippet.essay if snippet else ""
            history.add(Published(slot.account, claim.snippet_id, essay, slot.at, claim.text))
            account = accounts[slot.account]
            published.append(
                {
                    "at": slot.at.astimezone(account.schedule.timezone).isoformat(),
                    "platform": account.platform,
                    "handle": account.handle,
                    "snippet_id": claim.snippet_id,
                    "text": claim.text,
                }
            )
        if progress:
            progress(n + 1, len(slots))
    ledger.close()
    return published
