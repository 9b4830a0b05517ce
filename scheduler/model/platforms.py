"""The networks a post can go to: the one list, in the order users see it."""

from __future__ import annotations

from typing import Literal, get_args

Platform = Literal["twitter", "linkedin", "facebook"]
# Derived from the Literal so that the type and the runtime check never disagree.
PLATFORMS: tuple[Platform, ...] = get_args(Platform)
