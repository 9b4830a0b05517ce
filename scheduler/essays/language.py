"""Is a sentence Dutch? A function-word count, enough to keep English quotes out."""

from __future__ import annotations

import re

# Frequent function words of one language that are rare in the other ("in", "is" are both).
DUTCH_FUNCTION_WORDS = frozenset(
    "de het een en van je jij dat die niet op te met voor zijn er ook als maar om aan naar "
    "wat bij of dan wordt ik we wij ze hij zij mij mijn jouw onze deze dit geen wel nog "
    "al heel zich hun kan kun moet mag".split()
)
ENGLISH_FUNCTION_WORDS = frozenset(
    "the a an and of you that with to your are not be being for on it this yourself if "
    "was were will would can should have has do does what who which they we my our their "
    "from by at".split()
)
_WORD = re.compile(r"[^\W\d_]+")


def is_english(text: str) -> bool:
    """True when English function words outnumber Dutch ones (and there are at least two)."""
    words = [w.lower() for w in _WORD.findall(text)]
    english = sum(w in ENGLISH_FUNCTION_WORDS for w in words)
    dutch = sum(w in DUTCH_FUNCTION_WORDS for w in words)
    return english >= 2 and english > dutch
