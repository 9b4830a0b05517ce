"""What the command line and the web desk show: plain dicts with stable field names.

Both call these same functions, so a listing never differs between the page and `--json`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from scheduler.model.settings import Account
from scheduler.model.snippets import Snippet
from scheduler.planning.dry import days_until_empty, runs_dry
from scheduler.planning.plan import HistoryIndex, Plan, plan, timeline_essays
from scheduler.posting.build import (
    carries_link,
    essay_url,
    link_comment,
    placed_link,
    platform_accounts,
    post_link,
    quote_hashtags,
    render_for,
)
from scheduler.store.content import Content
from scheduler.store.project import Project

if TYPE_CHECKING:
    from scheduler.store.ledger import Ledger

Row = dict[str, object]


def existing_ledger(project: Project) -> Ledger | None:
    """The ledger when there is one: reading commands never create state."""
    return project.ledger() if project.has_ledger() else None


def published_ids(ledger: Ledger | None) -> set[str]:
    if ledger is None:
        return set()
    from scheduler.store.ledger.schema import PUBLISHED

    return {c.snippet_id for c in ledger.claims(states={PUBLISHED}) if c.snippet_id}


def shown_status(snippet: Snippet, published: set[str]) -> str:
    """The status staff see: the queue's, or published once the ledger says so."""
    if snippet.id in published and snippet.status != "skipped":
        return "published"
    return snippet.status


def snippet_row(
    snippet: Snippet, content: Content, published: set[str], clicks: Mapping[str, int] | None = None
) -> Row:
    accounts = platform_accounts(content.config)
    renders, lengths, comments = {}, {}, {}
    for platform, account in accounts.items():
        if account.link == "comment":  # the link goes out in the post's first comment: show it
            link = post_link(snippet, account, content.queue, content.config, content.short_code)
            comments[platform] = link_comment(snippet.essay_title, link)
        rendered = render_for(snippet, account, _in_post(snippet, account, content), content.config)
        renders[platform] = rendered.text
        lengths[platform] = {
            "length": rendered.length,
            "limit": rendered.limit,
            "fits": rendered.fits,
            "hashtags": list(rendered.hashtags),
            "context": rendered.has_context,
        }
    status = shown_status(snippet, published)
    return {
        "id": snippet.id,
        "essay": snippet.essay,
        "essay_title": snippet.essay_title,
        "quote": snippet.quote,
        "status": status,
        "link": essay_url(snippet, content.queue, content.config),
        "hashtags": list(quote_hashtags(snippet, content.config)),
        "intro": snippet.intro,
        "context": {"before": snippet.context_before, "after": snippet.context_after},
        "render": renders,
        "comments": comments,
        "lengths": lengths,
        "attribution": snippet.attribution,
        "score": snippet.score,
        "why": snippet.why,
        "rank": snippet.rank,
        "pin": snippet.pin.isoformat() if snippet.pin else None,
        "orphaned": snippet.orphaned,
        "edited": snippet.edited,
        "edited_by": snippet.edited_by,
        "approved_by": snippet.approved_by,
        "postable": snippet.postable,
        "clicks": (clicks or {}).get(snippet.id, 0),
        "paragraph": snippet.paragraph,
    }


def _in_post(snippet: Snippet, account: Account, content: Content) -> str | None:
    return placed_link(
        snippet, account, content.queue, content.config, content.short_code, place="post"
    )


def queue_rows(
    content: Content, published: set[str], clicks: Mapping[str, int] | None = None
) -> list[Row]:
    return [snippet_row(s, content, published, clicks) for s in content.queue.snippets]


def essay_rows(content: Content) -> list[Row]:
    counts: dict[str, int] = {}
    for snippet in content.queue.snippets:
        if not snippet.orphaned:
            counts[snippet.essay] = counts.get(snippet.essay, 0) + 1
    rows = []
    for essay in content.queue.essays:
        own_url = essay.url or content.config.essay_urls.get(essay.slug)
        if own_url == content.config.blog_url:
            own_url = None  # an entry that names the timeline is no link of its own
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


def timeline_summary(content: Content) -> Row:
    """How many posting essays still link to the blog timeline; `plan`, `status`, the desk."""
    slugs = timeline_essays(content.queue, content.config)
    held = content.config.rules.require_essay_link
    sentence = None
    if slugs:
        sentence = (
            (f"{len(slugs)} essays still link" if len(slugs) != 1 else "1 essay still links")
            + " to the blog timeline"
            + (", kept out of the schedule (require_essay_link)" if held else "")
            + ": 'scheduler links discover' finds their own pages"
        )
    return {"count": len(slugs), "essays": slugs, "held": held and bool(slugs), "message": sentence}


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


def _history(content: Content, ledger: Ledger | None) -> HistoryIndex:
    """What the ledger says went out, as the planner reads it (nothing without a ledger)."""
    from scheduler.store.plan_history import history_from

    return history_from(ledger, content.queue) if ledger else HistoryIndex()


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
    history = _history(content, ledger)
    until = now + timedelta(days=days if preview else max(days, 30))
    taken = ledger.claimed_slots(now, until) if ledger else frozenset()
    full = plan(
        content.queue,
        content.config,
        history,
        now,
        until,
        fits=content.fits,
        taken=taken,
        limit=preview,
        linked=lambda s, a: carries_link(s, a, content.queue, content.config),
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
            link = _in_post(snippet, account, content)
            text = render_for(
                snippet, account, link, content.config, variant=post.choice.variant
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


def dry_dates(content: Content, ledger: Ledger | None, now: datetime) -> dict[str, str | None]:
    """Per account, the day its queue would run dry if recycling were off (ISO date), or
    None when it still posts three years from now."""
    dry = runs_dry(content.queue, content.config, _history(content, ledger), now, fits=content.fits)
    return {key: day.isoformat() if day else None for key, day in dry.items()}


def cost_lines(monthly_cost: Mapping[str, float]) -> list[str]:
    """The month's expected spend, per account and in total, as `plan` and the desk say it."""
    lines = [
        f"expected cost over the next 30 days for {k}: {v:.2f}" for k, v in monthly_cost.items()
    ]
    if len(monthly_cost) > 1:
        lines.append(
            f"expected cost over the next 30 days in total: {sum(monthly_cost.values()):.2f}"
        )
    return lines


def dry_lines(dry: Mapping[str, str | None]) -> list[str]:
    return [
        f"without recycling, the queue of {key} runs dry on {day}"
        for key, day in dry.items()
        if day is not None
    ]


DRY_HORIZON_DAYS = 60


def days_until_dry(
    content: Content, ledger: Ledger | None, now: datetime, horizon_days: int = DRY_HORIZON_DAYS
) -> float | None:
    """Days until the first slot the plan cannot fill; None when every slot in the horizon
    has a snippet (or there are no slots)."""
    return days_until_empty(make_plan(content, ledger, now, horizon_days).posts, now)
