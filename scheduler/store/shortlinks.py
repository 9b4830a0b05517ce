"""Short links that count clicks: one unguessable code per snippet and platform."""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable
from datetime import datetime

from scheduler.model.snippets import Snippet
from scheduler.posting.build import ShortCode
from scheduler.posting.tracking import referrer_host
from scheduler.store.ledger import Ledger
from scheduler.store.ledger.links import add_short_link, follow_code, short_code_of

SHORT_CODE_LENGTH = 10
# Letters and digits only: a code ending in "_" or "-" gets mangled by some linkifiers and
# Markdown renderers. 62**10 is about 2**59, far beyond guessing.
SHORT_CODE_ALPHABET = string.ascii_letters + string.digits


def new_short_code() -> str:
    """A fresh, unguessable short-link code: from ``secrets``, never ``random``."""
    return "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(SHORT_CODE_LENGTH))


def short_code_maker(ledger: Callable[[], Ledger], clock: Callable[[], datetime]) -> ShortCode:
    """Make each code in the ledger ``ledger()`` gives, when a link is made (not before)."""

    def code_for(snippet: Snippet, platform: str, target: str) -> str:
        return short_code(ledger(), snippet, platform, target, clock())

    return code_for


def short_code(ledger: Ledger, snippet: Snippet, platform: str, target: str, now: datetime) -> str:
    """The code for this snippet on this platform, made once and kept."""
    existing = short_code_of(ledger, snippet.id, platform)
    if existing:
        return existing
    code = new_short_code()
    if add_short_link(ledger, code, snippet.id, snippet.essay, platform, target, now):
        return code
    return short_code_of(ledger, snippet.id, platform) or ""  # another process made it first


def follow(
    ledger: Ledger, code: str, referrer: str | None, now: datetime, *, count: bool = True
) -> str | None:
    """Where the code goes, counting the click when ``count``; None for an unknown code.
    Stores no IP: only the referrer's host."""
    return follow_code(ledger, code, referrer_host(referrer), now, count=count)
