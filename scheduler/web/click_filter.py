"""Which hits on a short link are a reader's click.

Clicks steer recycling, so they must count readers: not bots, not the link-preview fetchers
that every network and chat app sends the moment a link is shared, and one click per client
per code per half hour however often it reloads. The client is known only by a salted hash
of its address and user agent, kept in memory for the half hour and never stored.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections import OrderedDict
from datetime import datetime, timedelta

REPEAT_WINDOW = timedelta(minutes=30)
# Memory stays bounded under a flood of distinct clients: the oldest keys go first.
MAX_CLIENTS = 100_000
# Beyond the maintained list: anything that calls itself a bot, crawler, spider or preview.
GENERIC_ROBOT = re.compile(r"bot|crawler|spider|preview", re.IGNORECASE)


def is_robot(user_agent: str | None) -> bool:
    """A bot or link previewer by its User-Agent; no User-Agent at all is a script."""
    if not user_agent or not user_agent.strip():
        return True
    if GENERIC_ROBOT.search(user_agent):
        return True
    # crawler-user-agents: the community-kept list (facebookexternalhit, Twitterbot,
    # LinkedInBot, Slackbot, Discordbot, WhatsApp, TelegramBot, Googlebot, bingbot, …).
    # Imported on the first click, so the desk's start stays quick.
    import crawleruseragents

    return crawleruseragents.is_crawler(user_agent)


class ClickFilter:
    """Remembers, for half an hour, which client already clicked which code."""

    def __init__(self, window: timedelta = REPEAT_WINDOW, max_clients: int = MAX_CLIENTS) -> None:
        self.window = window
        self.max_clients = max_clients
        self._salt = os.urandom(16)  # per process: the keys mean nothing outside it
        self._seen: OrderedDict[bytes, datetime] = OrderedDict()
        self._lock = threading.Lock()

    def counts(self, code: str, address: str | None, user_agent: str | None, now: datetime) -> bool:
        """True when this hit is a reader's first click on the code within the window."""
        if is_robot(user_agent):
            return False
        key = hashlib.blake2b(
            f"{code}\0{address or ''}\0{user_agent}".encode(), key=self._salt, digest_size=16
        ).digest()
        with self._lock:
            self._forget_before(now - self.window)
            if key in self._seen:
                return False
            self._seen[key] = now
            while len(self._seen) > self.max_clients:
                self._seen.popitem(last=False)
        return True

    def _forget_before(self, cutoff: datetime) -> None:
        # Keys are added in time order, so the expired ones are at the front.
        while self._seen:
            key, at = next(iter(self._seen.items()))
            if at > cutoff:
                return
            del self._seen[key]

    def __len__(self) -> int:
        return len(self._seen)
