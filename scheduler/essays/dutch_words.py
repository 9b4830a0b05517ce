"""Dutch words and patterns that both the stand-alone test and the score read."""

from __future__ import annotations

import re

WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
CLOSING_MARKS = '”’")'
# The next sentence pays off this one: "Het NU is … . Het goede nieuws is: …".
PAY_OFF = re.compile(
    r"^(?:Het (?:goede|slechte) nieuws|Het antwoord|Maar\b|Alleen\b|Toch\b|Omdat\b|"
    r"Gelukkig\b|Niet dus)"
)
DAN = re.compile(r"\bdan\b")
# "dan" is self-contained after a condition ("Als …, dan") or a comparison ("anders dan").
DAN_LICENSED = re.compile(
    r"\b(?:als|wanneer|zodra|indien|meer|minder|anders|eerder|liever)\b"
    r"|\b\w{2,}er(?:e|s)?(?:\s+\w+){0,3}\s+$|\bal\s+$",
    re.IGNORECASE,
)


def first_word(text: str) -> str:
    return text.split(maxsplit=1)[0].strip(",:;") if text.strip() else ""
