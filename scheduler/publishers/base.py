"""The one interface every publisher implements."""

from __future__ import annotations

from typing import Protocol

from scheduler.model.post import Post, Result


class Publisher(Protocol):
    """What the daemon holds for each account; it never knows which platform is behind it."""

    platform: str
    live: bool  # False for the dry-run outbox

    def publish(self, post: Post) -> Result:
        """Send the post. Never raises for an answer the platform gives; maps it to a Result."""

    def find(self, post: Post) -> Result | None:
        """Look for an earlier publish of this post's text (reconciliation).

        Returns a PUBLISHED result when found, None when the platform answered and it is not
        there, and an UNKNOWN result when the platform could not be asked.
        """

    def check(self) -> Result:
        """Call the platform's cheapest identity endpoint: PUBLISHED means the account is usable."""
