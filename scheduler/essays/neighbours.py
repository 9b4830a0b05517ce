"""A span read without its neighbours: it may say what its author does not, or leave out
its other half (a refuted view, half a list, a question without its answer)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .dutch_words import CLOSING_MARKS, PAY_OFF

# The next sentence rejects what was just said: the span reports a view to refute it.
_REFUTATION = re.compile(
    r"^(?:Niet dus|Niets is minder waar|Dat klopt (?:\w+ )?niet|Onzin|Fout|Nee[,.!]"
    r"|Het (?:tegendeel|omgekeerde) is waar|Helaas niet|Echt niet|Dat is (?:een )?(?:mythe|"
    r"misverstand|fabel|niet waar))",
    re.IGNORECASE,
)
# Words that frame a sentence as a view, a pitfall or a pattern the author warns about.
_FRAMING = re.compile(
    r"\b(?:valkuil\w*|mythe|misverstand|misvatting|denkfout|veelgehoorde|patroon|"
    r"de gedachte is|je zou denken|volgens(?! mij\b)|geloven dat|denken er)\b",
    re.IGNORECASE,
)
_SAYS = re.compile(r"(?<!wil )\b(?:zegt|zei|zeggen|schrijft|schreef|noemt|stelt)\b", re.IGNORECASE)
# "Twee valkuilen zie je vaak", "Er zijn drie soorten": what follows is one item of a list.
_ANNOUNCES_LIST = re.compile(
    r"\b(?:twee|drie|vier|vijf|zes|zeven|een paar|enkele|meerdere|volgende)\s+\w+",
    re.IGNORECASE,
)


def context_rejection(
    sentences: Sequence[str], before: Sequence[str], after: Sequence[str]
) -> str | None:
    """Why a span read without its neighbours says something its author does not, or leaves
    out its other half; ``before``/``after`` are the paragraph's sentences around it."""
    first, last = sentences[0], sentences[-1]
    previous = before[-1] if before else ""
    following = after[0] if after else ""
    checks: list[tuple[bool, str]] = [
        (bool(following and _REFUTATION.match(following)), "a view refuted next"),
        (bool(_FRAMING.search(first)), "a reported view"),
        (any(_FRAMING.search(b) for b in before[-2:]), "a reported view"),
        (bool(_SAYS.search(previous)) and not _has_quote_marks(previous), "a reported view"),
        (previous.rstrip().endswith(":"), "half a list"),
        (bool(previous and _ANNOUNCES_LIST.search(previous)), "half a list"),
        (_parallel(first, previous) or _parallel(last, following), "half a pair"),
        (previous.rstrip(CLOSING_MARKS).endswith("?"), "an answer without its question"),
        (last.rstrip(CLOSING_MARKS).endswith("?") and bool(following), "a question unanswered"),
        (bool(following and PAY_OFF.match(following)), "a set-up without its pay-off"),
    ]
    return next((reason for failed, reason in checks if failed), None)


def _has_quote_marks(text: str) -> bool:
    return any(mark in text for mark in '„“”"‘')


def _parallel(a: str, b: str) -> bool:
    """Two sentences opening alike ("Het doen vraagt …" / "Het doen vraagt …") are a list."""
    first, second = a.lower().split()[:2], b.lower().split()[:2]
    return len(first) == 2 and first == second
