"""What the command line and the web desk show: plain dicts with stable field names.

Both call these same functions, so a listing never differs between the page and `--json`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from scheduler.content import Content
from scheduler.plan import HistoryIndex, Plan, plan
from scheduler.posts import essay_url, fits, platform_accounts, post_link, render_for
from scheduler.project import Project
from scheduler.queue import Snippet

if TYPE_CHECKING:
    from scheduler.ledger import Ledger

Row = dict[str, object]


def existing_ledger(project: Project) -> Ledger | None:
    """The ledger when there is one: reading commands never create state."""
    path = project.sqlite_ledger_path
    if path is not None and not path.exists():
        return None
    return project.ledger()


def published_ids(ledger: Ledger | None) -> set[str]:
    if ledger is None:
        return set()
    from scheduler.ledger import PUBLISHED

    return {c.snippet_id for c in ledger.claims(states={PUBLISHED}) if c.snippet_id}


def snippet_row(
    snippet: Snippet, content: Content, published: set[str], clicks: Mapping[str, int] | None = None
) -> Row:
    accounts = platform_accounts(content.config)
    renders, lengths = {}, {}
    for platform, account in accounts.items():
        rendered = render_for(
            snippet,
            account,
            post_link(snippet, account, content.queue, content.config, content.short_code),
        )
        renders[platform] = rendered.text
        lengths[platform] = {
            "length": rendered.length,
            "limit": rendered.limit,
            "fits": rendered.fits,
        }
    status = snippet.status
    if snippet.id in published and status != "skipped":
        status = "published"
    return {
        "id": snippet.id,
        "essay": snippet.essay,
        "essay_title": snippet.essay_title,
        "quote": snippet.quote,
        "status": status,
        "link": essay_url(snippet, content.queue, content.config),
        "hashtags": list(snippet.hashtags),
        "render": renders,
        "lengths": lengths,
        "attribution": snippet.attribution,
        "score": snippet.score,
        "why": snippet.why,
        "rank": snippet.rank,
        "pin": snippet.pin.isoformat() if snippet.pin else None,
        "orphaned": snippet.orphaned,
        "edited": snippet.edited,
        "postable": snippet.postable,
        "clicks": (clicks or {}).get(snippet.id, 0),
        "paragraph": snippet.paragraph,
    }


def queue_rows(
    content: Content, published: set[str], clicks: Mapping[str, int] | None = None
) -> list[Row]:
    return [snippet_row(s, content, published, clicks) for s in content.queue.snippets]


def clicks_by_snippet(ledger: Ledger | None) -> dict[str, int]:
    if ledger is None:
        return {}
    from scheduler.history import clicks_by_snippet as count

    return count(ledger)


def essay_rows(content: Content) -> list[Row]:
    counts: dict[str, int] = {}
    for snippet in content.queue.snippets:
        if not snippet.orphaned:
            counts[snippet.essay] = counts.get(snippet.essay, 0) + 1
    rows = []
    for essay in content.queue.essays:
        own_url = essay.url or content.config.essay_urls.get(essay.slug)
        rows.append(
            {
                "slug": essay.slug,
                "title": essay.title,
                "kind": essay.kind,
                "snippets": counts.get(essay.slug, 0),
                "source": essay.source,
                "post": essay.post,
                "url": own_url or content.config.blog_url,
                "has_own_url": bool(own_url),
            }
        )
    return rows


def account_rows(content: Content, live_accounts: Sequence[str]) -> list[Row]:
    return [
        {
            "platform": a.platform,
            "handle": a.handle,
            "url": a.url,
            "kind": a.kind,
            "mode": "live" if a.key in live_accounts else "dry-run",
            "key": a.key,
            "daily_quota": a.daily_quota,
            "hashtags": a.hashtags,
        }
        for a in content.config.accounts
    ]


def make_plan(
    content: Content,
    ledger: Ledger | None,
    now: datetime,
    days: float,
    *,
    preview: int | None = None,
) -> Plan:
    """The plan for the next days; cost and quota look a month ahead, unless this is only a
    preview of the first `preview` slots (the daemon's start-up table)."""
    from scheduler.history import history_from

    history = history_from(ledger, content.queue) if ledger else HistoryIndex()
    until = now + timedelta(days=days if preview else max(days, 30))
    taken = ledger.claimed_slots(now, until) if ledger else frozenset()
    full = plan(
        content.queue, content.config, history, now, until, fits=fits, taken=taken, limit=preview
    )
    horizon = now + timedelta(days=days)
    return Plan(
        tuple(p for p in full.posts if p.slot.at < horizon), full.warnings, full.monthly_cost
    )


def plan_rows(content: Content, result: Plan) -> list[Row]:
    rows = []
    for post in result.posts:
        account, snippet = post.account, post.choice.snippet
        text = None
        if snippet is not None:
            text = render_for(
                snippet,
                account,
                post_link(snippet, account, content.queue, content.config, content.short_code),
            ).text
        rows.append(
            {
                "at": post.slot.at.astimezone(account.schedule.timezone).isoformat(),
                "platform": account.platform,
                "handle": account.handle,
                "snippet_id": snippet.id if snippet else None,
                "text": text,
                "essay": snippet.essay if snippet else None,
                "recycled": post.choice.recycled,
                "note": post.choice.reason or None,
            }
        )
    return rows
