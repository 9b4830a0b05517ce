"""Split a Dutch paragraph into sentences, each a verbatim slice of the paragraph.

A sentence ends at . ! ? or … (plus closing quotes or brackets) followed by a space and a
sentence opening: a capital, a digit or an opening quote. It does not end:
- after an abbreviation ("o.a.", "bijv.", "dhr.") or an initial ("Met K. had ik");
- when the text runs on in lowercase (“Het was hoog!” zei Hans; "zijn… en dan");
- between two quoted questions joined by "en"/"of" (“Mooi!”  En “Kan dit?”);
- at a colon, even before a capital ("Ten eerste: Je hebt alleen het NU").
"""

from __future__ import annotations

import re

# Abbreviations a Dutch text uses mid-sentence; compared lowercase, without the final dot.
ABBREVIATIONS = frozenset(
    """
    a.s bijv bv ca cf d.d d.i d.m.v d.w.z dhr dr drs e.a e.d e.v enz etc evt fa gem
    i.c i.e i.h.a i.o i.p.v i.s.m i.v.m ing ir jl jhr m.a.w m.b.t m.i m.m.v m.n mevr
    mr mw n.a.v n.b nl nr o.a o.b.v o.i o.m o.m.a p.m prof red resp s.v.p t.a.v t.o.v
    t.b.v t.w tel v.a v.b v.d v.l.n.r vgl vs z.g zgn z.o.z
    """.split()
)
# These may also close a sentence ("boeken, kranten enz. De rest"): end there before a capital.
SENTENCE_FINAL_ABBREVIATIONS = frozenset({"enz", "etc", "e.d", "e.a", "e.v"})
# Words that join a quoted utterance to the next one: “Mooi blog!” En “Kan dit?”
_QUOTE_JOINERS = frozenset({"en", "of"})

_OPENING_QUOTES = "„“‘\"'«‹"
_CLOSERS = "”’\"'»›)]"
_CANDIDATE = re.compile(rf"[.!?…]+[{re.escape(_CLOSERS)}]*(?=\s+(?P<next>\S+))")
_INITIALS = re.compile(r"(?:[A-Z]\.)*[A-Z]")
_WORD_BEFORE = re.compile(r"(?:^|[\s(\[„“‘\"'])([^\s(\[„“‘\"']+)$")


def split_sentences(paragraph: str) -> list[str]:
    """The paragraph's sentences in order; joined with spaces they give the paragraph back."""
    sentences = []
    start = 0
    for match in _CANDIDATE.finditer(paragraph):
        if _ends_sentence(paragraph, match):
            sentences.append(paragraph[start : match.end()].strip())
            start = match.end()
    rest = paragraph[start:].strip()
    if rest:
        sentences.append(rest)
    return [s for s in sentences if s]


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    following = match["next"]
    if not _opens_sentence(following):
        return False
    mark = match.group(0)
    if mark[0] == "." and mark.rstrip(_CLOSERS) == ".":
        word = _word_before(text, match.start())
        if _is_initial(word):
            return False
        if word.lower() in ABBREVIATIONS:
            return word.lower() in SENTENCE_FINAL_ABBREVIATIONS and following[0].isupper()
    if mark[-1] in _CLOSERS and following.lower() in _QUOTE_JOINERS:
        return not _next_word_opens_quote(text, match)
    return True


def _opens_sentence(word: str) -> bool:
    first = word.lstrip(_OPENING_QUOTES + "([")[:1]
    return bool(first) and (first.isupper() or first.isdigit())


def _word_before(text: str, end: int) -> str:
    found = _WORD_BEFORE.search(text, 0, end)
    return found.group(1) if found else ""


def _is_initial(word: str) -> bool:
    """ "K" in "Met K. had ik", "J.K" in "J.K. Rowling": capitals, each but the last dotted."""
    return _INITIALS.fullmatch(word) is not None


def _next_word_opens_quote(text: str, match: re.Match[str]) -> bool:
    after = text[match.end() :].split(None, 2)
    return len(after) >= 2 and after[1][:1] in _OPENING_QUOTES
