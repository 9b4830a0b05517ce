"""`scheduler status`: the truth about each account, from the ledger and the config."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from scheduler.planning.slots import next_slot
from scheduler.publishers.factory import wire_publishers
from scheduler.publishers.platform_access import token_warning
from scheduler.reports.rows import dry_dates, existing_ledger, timeline_summary
from scheduler.store.content import Content
from scheduler.store.ledger.comments import open_comments
from scheduler.store.ledger.schema import FINAL_STATES, OPEN_STATES
from scheduler.store.project import Project


def status_report(project: Project, content: Content, now: datetime) -> dict[str, object]:
    ledger = existing_ledger(project)
    wiring = wire_publishers(content.config, None)
    stopped = ledger.stopped_accounts() if ledger else {}
    claims = ledger.claims() if ledger else []
    dry = dry_dates(content, ledger, now)
    accounts = []
    for account in content.config.accounts:
        mine = [c for c in claims if c.account == account.key]
        finished = [c for c in mine if c.state in FINAL_STATES]
        last = max(finished, key=lambda c: (c.slot_at, c.id), default=None)
        settled = {c.slot_at for c in mine}  # skipped by staff, or taken already
        upcoming = next_slot(account, now)
        while upcoming is not None and upcoming in settled:
            upcoming = next_slot(account, upcoming)
        trouble = [stopped[account.key]] if account.key in stopped else []
        if account.platform == "linkedin" and wiring.credentials.linkedin:
            expires = wiring.credentials.linkedin.token_expires
            warning = token_warning(expires, now) if expires else None
            if warning:
                trouble.append(warning)
        accounts.append(
            {
                "account": account.key,
                "mode": "dry-run" if account.key in wiring.dry_run else "live",
                "next_slot": upcoming.astimezone(account.schedule.timezone).isoformat()
                if upcoming
                else None,
                "last_result": f"{last.state} at {last.slot_at.isoformat()}"
                + (f": {last.error or last.reason}" if (last.error or last.reason) else "")
                if last
                else None,
                "stopped": account.key in stopped,
                "runs_dry_without_recycling": dry.get(account.key),
                "trouble": "; ".join(trouble) or None,
            }
        )
    return {
        "accounts": accounts,
        "open_claims": [
            {
                "account": c.account,
                "slot": c.slot_at.isoformat(),
                "state": c.state,
                "snippet_id": c.snippet_id,
                "error": c.error,
                "attempts": c.attempts,
            }
            for c in claims
            if c.state in OPEN_STATES
        ],
        "failed": [
            {
                "account": c.account,
                "slot": c.slot_at.isoformat(),
                "snippet_id": c.snippet_id,
                "error": c.error,
            }
            for c in claims
            if c.state == "failed"
        ],
        "totals": dict(Counter(c.state for c in claims)),
        "essays_on_timeline": timeline_summary(content),
        # link: comment: comments still owed under posts that are out (sent once, reconciled).
        "open_comments": [
            {"account": c.account, "claim": c.claim_id, "state": c.state, "error": c.error}
            for c in (open_comments(ledger) if ledger else [])
        ],
    }
