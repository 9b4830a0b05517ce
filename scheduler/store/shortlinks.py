"""Short links that count clicks: one unguessable code per snippet and platform."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from scheduler.model.queue import Snippet
from scheduler.posting.build import ShortCode
from scheduler.posting.tracking import new_short_code, referrer_host
from scheduler.store.ledger import Ledger, clicks, short_links, stamp


def short_code_maker(ledger: Ledger, clock: Callable[[], datetime]) -> ShortCode:
    def code_for(snippet: Snippet, platform: str, target: str) -> str:
        return short_code(ledger, snippet, platform, target, clock())

    return code_for


def short_code(ledger: Ledger, snippet: Snippet, platform: str, target: str, now: datetime) -> str:
    """The code for this snippet on this platform, made once and kept."""
    existing = _code(ledger, snippet.id, platform)
    if existing:
        return existing
    try:
        with ledger.engine.begin() as conn:
            code = new_short_code()
            conn.execute(
                insert(short_links).values(
                    code=code,
                    snippet_id=snippet.id,
                    essay=snippet.essay,
                    platform=platform,
                    target=target,
                    created_at=stamp(now),
                )
            )
            return code
    except IntegrityError:  # another process made it first
        return _code(ledger, snippet.id, platform) or ""


def _code(ledger: Ledger, snippet_id: str, platform: str) -> str | None:
    with ledger.engine.connect() as conn:
        return conn.execute(
            select(short_links.c.code).where(
                short_links.c.snippet_id == snippet_id, short_links.c.platform == platform
            )
        ).scalar()


def follow(
    ledger: Ledger, code: str, referrer: str | None, now: datetime, *, count: bool = True
) -> str | None:
    """Where the code goes, counting the click when ``count``; None for an unknown code.
    Stores no IP."""
    with ledger.engine.begin() as conn:
        target = conn.execute(
            select(short_links.c.target).where(short_links.c.code == code)
        ).scalar()
        if target is None or not count:
            return target
        conn.execute(
            insert(clicks).values(code=code, at=stamp(now), referrer_host=referrer_host(referrer))
        )
    return target


def click_counts(ledger: Ledger, since: datetime | None = None) -> list[dict[str, object]]:
    from sqlalchemy import func

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
