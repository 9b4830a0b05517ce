"""Short links and their clicks: one code per snippet and platform, and who followed it.

Functions of a ledger, as they always were (scheduler.store.shortlinks makes the codes).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from scheduler.store.ledger.connection import Connected
from scheduler.store.ledger.schema import clicks, short_links, stamp


def short_code_of(ledger: Connected, snippet_id: str, platform: str) -> str | None:
    with ledger.engine.connect() as conn:
        return conn.execute(
            select(short_links.c.code).where(
                short_links.c.snippet_id == snippet_id, short_links.c.platform == platform
            )
        ).scalar()


def add_short_link(
    ledger: Connected,
    code: str,
    snippet_id: str,
    essay: str,
    platform: str,
    target: str,
    now: datetime,
) -> bool:
    """Keep a new code; False when the snippet has one on this platform already."""
    try:
        with ledger.engine.begin() as conn:
            conn.execute(
                insert(short_links).values(
                    code=code,
                    snippet_id=snippet_id,
                    essay=essay,
                    platform=platform,
                    target=target,
                    created_at=stamp(now),
                )
            )
    except IntegrityError:  # another process made it first
        return False
    return True


def follow_code(
    ledger: Connected, code: str, referrer_host: str | None, now: datetime, *, count: bool
) -> str | None:
    """Where the code goes, with the click counted when ``count``; None for an unknown code."""
    with ledger.engine.begin() as conn:
        target = conn.execute(
            select(short_links.c.target).where(short_links.c.code == code)
        ).scalar()
        if target is None or not count:
            return target
        conn.execute(insert(clicks).values(code=code, at=stamp(now), referrer_host=referrer_host))
    return target


def click_counts(ledger: Connected, since: datetime | None = None) -> list[dict[str, object]]:
    """Clicks per snippet and platform, most clicked first."""
    query = (
        select(
            short_links.c.snippet_id,
            short_links.c.essay,
            short_links.c.platform,
            func.count(clicks.c.id).label("clicks"),
        )
        .join(clicks, clicks.c.code == short_links.c.code)
        .group_by(short_links.c.snippet_id, short_links.c.essay, short_links.c.platform)
        .order_by(func.count(clicks.c.id).desc(), short_links.c.snippet_id)
    )
    if since is not None:
        query = query.where(clicks.c.at >= stamp(since))
    with ledger.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def clicks_by_snippet(ledger: Connected, since: datetime | None = None) -> dict[str, int]:
    """Clicks per snippet, all platforms together: what the planner and the rows show."""
    query = (
        select(short_links.c.snippet_id, func.count(clicks.c.id))
        .join(clicks, clicks.c.code == short_links.c.code)
        .group_by(short_links.c.snippet_id)
    )
    if since is not None:
        query = query.where(clicks.c.at >= stamp(since))
    counts: dict[str, int] = defaultdict(int)
    with ledger.engine.connect() as conn:
        for snippet_id, count in conn.execute(query):
            counts[snippet_id] += count
    return dict(counts)


def clicks_by_platform(ledger: Connected) -> list[tuple[str, int]]:
    with ledger.engine.connect() as conn:
        return [
            (platform, count)
            for platform, count in conn.execute(
                select(short_links.c.platform, func.count(clicks.c.id))
                .join(short_links, short_links.c.code == clicks.c.code)
                .group_by(short_links.c.platform)
            )
        ]
