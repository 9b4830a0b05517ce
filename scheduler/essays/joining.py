"""Rejoin wrapped lines into paragraphs, resolving line-end hyphens the Dutch way.

A hyphen at the end of a line is either a soft hyphen the typesetter added ("ja-" /
"knikkers" is "jaknikkers") or a real one that happens to fall at the line end
("collega-" / "directeur"). The rule, in order of strength of evidence:

1. "goed- " / "en afkeuring": a space after the hyphen, or the next line opening with
   "en"/"of", is a Dutch elliptical compound ("goed- en afkeuring"): keep hyphen and space.
2. The next fragment starts with a capital or a digit ("Noord-" / "Holland"): keep the hyphen.
3. The hyphenated word occurs elsewhere in the document: keep the hyphen.
4. The joined word occurs elsewhere in the document: join.
5. A vowel meets a vowel ("zee-" / "egel", "mee-" / "afzeiken"): Dutch spelling writes a
   hyphen at such a clash in compounds, so keep it; a trema ("cre-" / "ëren") already marks
   the syllable break, so that hyphen is soft.
6. The part before is capitalised ("Calimero-" / "groepje"): a name in a compound takes a
   hyphen.
7. Otherwise join: PDF extraction mostly leaves soft hyphens. This joins a real hyphen that
   neither the text nor these rules reveal ("grappig-" / "serieus" would become one word).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

SOFT_HYPHEN = "\u00ad"
# Words that continue an elliptical compound: "voor- en nadelen", "in- of uitstappen".
_ELLIPSIS_CONTINUERS = frozenset({"en", "of", "noch", "tot"})
_VOWELS = frozenset("aeiouyáéíóúàèâêôû")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LAST_WORD = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+)*)-$")
_FIRST_WORD = re.compile(r"^([^\W\d_]+)")
_SPACES = re.compile(r"[ \t\u00a0]{2,}")

Vocabulary = frozenset[str]
# A line break the author meant (Markdown's hard break, HTML's <br>): verse, not wrapping.
VERSE_BREAK = "\u2028"
VERSE_SEPARATOR = " / "
# Three or more short broken lines are verse; one break after a sentence is layout.
VERSE_MIN_LINES = 3
VERSE_MAX_LINE = 60


def build_vocabulary(texts: Iterable[str]) -> Vocabulary:
    """Every word (hyphenated words whole) in the texts, lowercased: the evidence for rules 3-4."""
    return frozenset(word.lower() for text in texts for word in _WORD.findall(text))


def join_lines(lines: Sequence[str], vocabulary: Vocabulary = frozenset()) -> str:
    """Join wrapped lines into one paragraph with single spaces and hyphens resolved."""
    text = ""
    for line in lines:
        # Keep trailing spaces: "goed- " differs from "ja-" (rule 1).
        line = line.replace(SOFT_HYPHEN + " ", SOFT_HYPHEN).lstrip(" \t")
        if not line.strip():
            continue
        text = join_two(text, line, vocabulary) if text else line
    return _SPACES.sub(" ", text.replace(SOFT_HYPHEN, "")).strip()


def join_paragraph(text: str, vocabulary: Vocabulary = frozenset()) -> str:
    """A block's text as one paragraph: wrapped lines joined, and the lines of verse (broken
    with ``VERSE_BREAK``) kept apart by " / ", so a poem stays a poem in a post."""
    parts = text.split(VERSE_BREAK)
    lines = [line for line in (join_lines(p.split("\n"), vocabulary) for p in parts) if line]
    if len(lines) >= VERSE_MIN_LINES and all(len(line) <= VERSE_MAX_LINE for line in lines):
        return VERSE_SEPARATOR.join(lines)
    return join_lines(text.replace(VERSE_BREAK, "\n").split("\n"), vocabulary)


def join_two(head: str, tail: str, vocabulary: Vocabulary = frozenset()) -> str:
    """Join one wrapped line (``head``, trailing spaces intact) to the next (``tail``)."""
    stripped = head.rstrip()
    tail = tail.lstrip()
    if stripped.endswith(SOFT_HYPHEN):
        return stripped[:-1] + tail
    if not stripped.endswith("-"):
        return stripped + " " + tail
    first = _FIRST_WORD.match(tail)
    if stripped != head or (first and first.group(1).lower() in _ELLIPSIS_CONTINUERS):
        return stripped + " " + tail  # rule 1
    last = _LAST_WORD.search(stripped)
    if last is None or first is None:
        return stripped + tail  # a dash after a digit or mark: "10-" / "12" stays as written
    if _keeps_hyphen(last.group(1), first.group(1), vocabulary):
        return stripped + tail
    return stripped[:-1] + tail


def _keeps_hyphen(before: str, after: str, vocabulary: Vocabulary) -> bool:
    if after[0].isupper():
        return True  # rule 2
    hyphenated = f"{before}-{after}".lower()
    joined = f"{before}{after}".lower()
    if hyphenated in vocabulary:
        return True  # rule 3
    if joined in vocabulary:
        return False  # rule 4
    if before[-1].lower() in _VOWELS and after[0] in _VOWELS:
        return True  # rule 5 (a trema vowel such as "ë" is not in _VOWELS)
    return before[0].isupper()  # rule 6, else rule 7
