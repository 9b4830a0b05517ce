"""Deciding one slot: the post it gets, or why it gets none, and sending it exactly once."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from scheduler.delivery.exactly_once import Publishing
from scheduler.model.post import Post
from scheduler.model.settings import Account
from scheduler.planning.plan import HistoryIndex
from scheduler.posting.build import post_fits
from scheduler.store.content import Content
from scheduler.store.ledger.claims import Claim


def publish_slot(
    content: Content,
    account: Account,
    slot_at: datetime,
    history: HistoryIndex,
    publishing: Publishing,
    generations: Mapping[str, int] | None = None,
) -> Claim | None:
    """Decide and publish one slot; every path ends in a recorded outcome.

    ``generations`` (each snippet's claims on this account, read before ``history``) makes the
    claim unique per snippet as well as per slot: SnippetTaken when a manual publish or another
    replica claimed the chosen snippet after our read.
    """
    stopped = publishing.ledger.stopped_accounts()
    if account.key in stopped:
        publishing.skip(account.key, slot_at, f"account stopped: {stopped[account.key]}")
        return None
    post = choose_post(content, account, slot_at, history)
    if isinstance(post, str):
        publishing.skip(account.key, slot_at, post)
        return None
    generation = generations.get(post.snippet_id, 0) if generations is not None else None
    return publishing.claim_and_send(account.key, slot_at, post, generation)


def choose_post(
    content: Content, account: Account, slot_at: datetime, history: HistoryIndex
) -> Post | str:
    """The post for a slot, or why there is none. A render that repeats a text the account
    posted before (X and LinkedIn refuse those) or that outgrew the platform's limit with
    its repeat frame is passed over for the next choice."""
    refused: set[str] = set()
    while True:
        choice = content.choose(account, slot_at, history, refused)
        if choice.snippet is None:
            return choice.reason + (" (others would repeat an earlier text)" if refused else "")
        post = content.post(choice.snippet, account, variant=choice.variant)
        if post_fits(post) and post.text not in history.texts.get(account.key, ()):
            return post
        refused.add(choice.snippet.id)
