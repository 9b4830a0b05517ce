"""X's weighted length, by the twitter-text v3 configuration.

X does not count characters: it weighs code points, and every URL weighs the same
whatever its length. The rules are small enough to carry ourselves rather than depend on an
unmaintained parser at run time (twitter-text-parser serves as the test oracle).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib.resources import files

X_MAX_WEIGHTED_LENGTH = 280
X_URL_WEIGHT = 23
X_DEFAULT_WEIGHT = 2
X_LIGHT_WEIGHT = 1

# Code point ranges that weigh 1 (Latin and general punctuation); all others weigh 2.
_LIGHT_RANGES = (
    (0x0000, 0x10FF),
    (0x2000, 0x200D),
    (0x2010, 0x201F),
    (0x2032, 0x2037),
)

# Explicit web addresses, as composed links are always written. A trailing full stop or
# closing bracket belongs to the sentence, not to the address.
_URL = re.compile(r"https?://[^\s<>\"“”„‘’]+[^\s<>\"“”„‘’.,;:!?)\]]", re.IGNORECASE)


@cache
def _addresses() -> re.Pattern[str]:
    """Explicit URLs, and bare domains such as inspira.nl, which X counts as links too."""
    lines = (
        files("scheduler.posting").joinpath("x_tlds.txt").read_text(encoding="utf-8").splitlines()
    )
    tlds = sorted((t for t in lines if t and not t.startswith("#")), key=len, reverse=True)
    bare = (
        r"(?<![\w@#$./-])(?:[a-z0-9-]+\.)+(?:" + "|".join(tlds) + r")(?![0-9a-z@+-])"
        r"(?:/[^\s<>\"“”„‘’]*[^\s<>\"“”„‘’.,;:!?)\]])?"
    )
    return re.compile(f"{_URL.pattern}|{bare}", re.IGNORECASE)


def _code_point_weight(code_point: int) -> int:
    for low, high in _LIGHT_RANGES:
        if low <= code_point <= high:
            return X_LIGHT_WEIGHT
    return X_DEFAULT_WEIGHT


def weighted_length(text: str) -> int:
    """The length X counts against its 280 limit."""
    normalised = unicodedata.normalize("NFC", text)
    total = 0
    position = 0
    for match in _addresses().finditer(normalised):
        total += sum(_code_point_weight(ord(c)) for c in normalised[position : match.start()])
        total += X_URL_WEIGHT
        position = match.end()
    total += sum(_code_point_weight(ord(c)) for c in normalised[position:])
    return total
