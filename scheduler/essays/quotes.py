"""Choose the quotes worth sharing from an essay: verbatim, self-contained, the author's own.

A candidate is one sentence, or up to ``MAX_SENTENCES`` consecutive sentences of a single
paragraph. Candidates that cannot stand alone (``standalone.rejection``) or that hold
someone else's words are never offered; the rest are scored by the rules in
``scoring`` and the best distinct ones kept.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from . import neighbours, scoring, standalone
from .model import Essay, Quote
from .sentences import split_sentences

MAX_SENTENCES = 3
# The quality floor: a candidate below it is never chosen, whatever the count.
QUALITY_FLOOR = 3.0
MAX_PER_ESSAY = 8  # config: quotes.max_per_essay
# Two quotes sharing this share (Jaccard) of their content words say the same thing.
NEAR_DUPLICATE_OVERLAP = 0.5
MIN_SHARED_WORDS = 3
TITLE_WEIGHT = 3
MIN_TERM_LENGTH = 5
DUTCH_STOPWORDS = frozenset(
    """
    omdat zodat terwijl alleen andere anderen altijd achter bijna beide daarom daarmee
    daarna daarbij daarvoor dezelfde doordat echter eigen eigenlijk elkaar enkel erbij
    gewoon geven hebben hoewel iedereen iemand steeds kunnen kunt maken meer misschien
    moeten namelijk niets nooit onder over samen staat staan tegen tijdens tussen vaak
    veel vanuit vanaf verder vooral waardoor waarin waarom wanneer welke worden wordt
    zelfs zichzelf zonder zullen zouden gaat gaan komen komt willen zitten laten
    jezelf mezelf wezen echte echt heeft moment mensen ander tijd niveau manier wilt
    """.split()
)
_WORD = re.compile(r"[^\W\d_]+")
# Speech in quote marks: a whole utterance, not a scare-quoted word like ‘oude’.
_QUOTED = re.compile(r"[„“\"](?P<a>[^”\"]+)[”\"]|(?<!\w)‘(?P<b>[^’]+?)’(?!\w)")
_SPEECH_MIN_WORDS = 3
# "Eckhart Tolle zegt", "zoals Brené Brown zo mooi zegt", "Alice Bailey noemt", "zei Hans".
_CITING_VERBS = r"(?:zegt|zei|noemt|noemde|schrijft|schreef|stelt|citeert|vroeg)"
_NAME = r"[A-ZÀ-Ý][\wà-ÿ]+(?: [A-ZÀ-Ý][\wà-ÿ]+)*"
_CITATION = re.compile(rf"{_NAME} (?:\w+ ){{0,3}}{_CITING_VERBS}\b|\b{_CITING_VERBS} {_NAME}")


@dataclass(frozen=True)
class Candidate:
    """A span of one to three sentences of one paragraph, possibly without its lead-in."""

    essay: str
    text: str  # as it would be posted
    original: str  # the span as the essay has it, lead-in included
    paragraph_index: int
    sentences: range
    score: float
    reasons: tuple[str, ...]
    parts: tuple[tuple[str, float], ...]
    lead_in: str = ""

    @property
    def why(self) -> str:
        shown = ", ".join(f"{name.lstrip('+-')} {points:+g}" for name, points in self.parts)
        text = f"score {self.score:g}: {shown}" if shown else f"score {self.score:g}"
        if self.lead_in:
            text += f"; lead-in “{self.lead_in}” left out"
        return text

    def quote(self) -> Quote:
        return Quote(
            text=self.text,
            paragraph_index=self.paragraph_index,
            score=self.score,
            reasons=self.reasons,
            why=self.why,
        )


def choose_quotes(
    essay: Essay,
    *,
    max_chars: int = 240,
    max_count: int = MAX_PER_ESSAY,
    exclude: Iterable[str] = (),
) -> list[Quote]:
    """The quotes of an essay that pass the floor, at most ``max_count``, best first.

    ``exclude`` holds quotes already taken from other essays, so none is repeated.
    """
    taken = _select(candidates(essay, max_chars), max_count, [_vocabulary(t) for t in exclude])
    return [c.quote() for c in taken]


def choose_document_quotes(
    essays: Iterable[Essay], *, max_per_essay: int = MAX_PER_ESSAY, max_chars: int = 240
) -> dict[str, list[Quote]]:
    """Quotes per essay slug. Near-repeats are judged among the quotes that will be posted:
    the better of two wins, wherever it stands; a foreword (never posted) blocks nothing."""
    essays = list(essays)
    chosen: dict[str, list[Quote]] = {e.slug: [] for e in essays}
    posted = [e for e in essays if e.kind == "essay"]
    # Only what passes the floor is kept for the global choice: 1,000 essays stay small.
    pool = [c for e in posted for c in candidates(e, max_chars) if c.score >= QUALITY_FLOOR]
    seen: list[frozenset[str]] = []
    for candidate in _select(pool, max_per_essay, seen):
        chosen[candidate.essay].append(candidate.quote())
    for essay in essays:
        if essay.kind != "essay":
            for candidate in _select(candidates(essay, max_chars), max_per_essay, list(seen)):
                chosen[essay.slug].append(candidate.quote())
    return chosen


def _select(pool: list[Candidate], max_count: int, seen: list[frozenset[str]]) -> list[Candidate]:
    """Best first, above the floor, at most ``max_count`` per essay, no two overlapping
    spans and no two quotes saying the same thing (``seen`` grows with each one taken)."""
    taken: list[Candidate] = []
    per_essay: Counter[str] = Counter()
    for candidate in sorted(pool, key=lambda c: (-c.score, c.paragraph_index, c.sentences.start)):
        if candidate.score < QUALITY_FLOOR:
            break
        if per_essay[candidate.essay] >= max_count:
            continue
        words = _vocabulary(candidate.text)
        if any(_overlaps(candidate, other) for other in taken) or any(
            _similar(words, other) for other in seen
        ):
            continue
        taken.append(candidate)
        seen.append(words)
        per_essay[candidate.essay] += 1
    return taken


def key_terms(essay: Essay, limit: int = 8) -> list[str]:
    """The essay's most frequent content words, title words counting extra."""
    counts: Counter[str] = Counter()
    for paragraph in essay.paragraphs:
        counts.update(_content_words(paragraph))
    for word in _content_words(essay.title):
        counts[word] += TITLE_WEIGHT
    return [word for word, count in counts.most_common(limit) if count > 1]


def _content_words(text: str) -> list[str]:
    words = (w.lower() for w in _WORD.findall(text))
    return [w for w in words if len(w) >= MIN_TERM_LENGTH and w not in DUTCH_STOPWORDS]


def candidates(essay: Essay, max_chars: int = 240) -> list[Candidate]:
    """Every span of the essay that stands on its own, scored; verbatim by construction and
    checked again (its words a run of the paragraph's words) before it is offered."""
    reading = _Reading(essay, max_chars)
    found: list[Candidate] = []
    for index, paragraph in enumerate(essay.paragraphs):
        if index not in reading.cited and not _is_quotation(paragraph):
            found.extend(reading.spans(index))
    return found


class _Reading:
    """One essay, split and tidied once: every span of it reads the same sentences."""

    def __init__(self, essay: Essay, max_chars: int) -> None:
        self.essay = essay
        self.max_chars = max_chars
        self.terms = key_terms(essay)
        self.split = [split_sentences(p) for p in essay.paragraphs]
        self.openings = _repeated_openings(self.split)
        self.title_words = set(_content_words(essay.title))
        self.cited = {index for index, _ in essay.cited} | set(essay.apart)
        self.last = len(essay.paragraphs) - 1

    def spans(self, index: int) -> list[Candidate]:
        paragraph, sentences = self.essay.paragraphs[index], self.split[index]
        tidied = [tidy(s) for s in sentences]
        pool = _VERBATIM_WORD.findall(paragraph)
        usable = _authors_own(paragraph, sentences)
        found = []
        for start in range(len(sentences)):
            first, dropped = standalone.drop_lead_in(tidied[start])
            if not usable[start] or standalone.rejection(first, first):
                continue  # every span from here leans on what came before
            if start:
                before = sentences[:start]
            else:
                before = self.split[index - 1][-2:] if index else []
            for end in range(start + 1, min(start + MAX_SENTENCES, len(sentences)) + 1):
                if not usable[end - 1]:
                    break
                shown = [first, *tidied[start + 1 : end]]
                text = " ".join(shown)
                if len(text) > self.max_chars:
                    break
                if end > start + 1 and standalone.rejection(text, first):
                    continue
                after = sentences[end:] or (self.split[index + 1][:1] if index < self.last else [])
                if neighbours.context_rejection(sentences[start:end], before, after):
                    continue
                if _opening(text) in self.openings:
                    continue  # one item of a list whose items open alike ("Het doen vraagt …")
                if not _is_run(_VERBATIM_WORD.findall(text), pool):
                    continue  # never offer words the author did not write in this order
                found.append(self._candidate(index, start, end, shown, dropped))
        return found

    def _candidate(
        self, index: int, start: int, end: int, shown: list[str], dropped: str
    ) -> Candidate:
        text = " ".join(shown)
        last_sentence = end == len(self.split[index])
        parts = scoring.score_parts(shown, self.terms)
        parts += _place_parts(text, self.title_words, index == self.last and last_sentence)
        reasons = tuple(dict.fromkeys(name for name, _ in parts))
        return Candidate(
            essay=self.essay.slug,
            text=text,
            original=" ".join(self.split[index][start:end]),
            paragraph_index=index,
            sentences=range(start, end),
            score=round(sum(p for _, p in parts), 2),
            reasons=reasons + (("trimmed-lead-in",) if dropped else ()),
            parts=tuple(parts),
            lead_in=dropped,
        )


def _opening(sentence: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in sentence.split()[:3])


def _repeated_openings(split: list[list[str]]) -> set[tuple[str, ...]]:
    """Three-word openings that start three or more sentences of the essay: a list."""
    counts = Counter(_opening(s) for p in split for s in p if len(s.split()) > 3)
    return {opening for opening, count in counts.items() if count >= 3}


def _place_parts(text: str, title_words: set[str], closing: bool) -> list[tuple[str, float]]:
    """A closing line ends the essay; a thesis says what the title says."""
    parts = []
    if closing:
        parts.append(("+closing", 1.0))
    shared = title_words & set(_content_words(text))
    if title_words and len(shared) >= max(1, min(2, len(title_words))):
        parts.append(("+thesis", 1.0))
    return parts


_DOUBLE_HYPHEN = re.compile(r"\s*--\s*|\s+-\s+")
_SPACE_BEFORE_MARK = re.compile(r"\s+(?=[.,!?;:…])")


def tidy(text: str) -> str:
    """Typography a post needs and the essay's source may lack: Markdown's "--" and a lone
    hyphen between words become an en dash; a space before a full stop (where a link was
    removed) goes. Words are never touched."""
    text = _DOUBLE_HYPHEN.sub(" – ", text)
    return _SPACE_BEFORE_MARK.sub("", text)


_VERBATIM_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def is_verbatim(quote: str, source: str) -> bool:
    """The quote's words are a run of the source's words, in order, with only the case of the
    quote's first letter free (a dropped lead-in capitalises what follows)."""
    return _is_run(_VERBATIM_WORD.findall(quote), _VERBATIM_WORD.findall(source))


def _is_run(words: list[str], pool: list[str]) -> bool:
    if not words:
        return False
    first, rest = words[0], words[1:]
    for at in range(len(pool) - len(words) + 1):
        if pool[at].lower() == first.lower() and pool[at][1:] == first[1:]:
            if pool[at + 1 : at + len(words)] == rest:
                return True
    return False


def _authors_own(paragraph: str, sentences: list[str]) -> list[bool]:
    """False for sentences touching speech, citations, and the sentence elaborating an
    indirect citation ("Alice Bailey noemt dat … . Geestelijk onthechting, …")."""
    speech = [m.span() for m in _QUOTED.finditer(paragraph) if _is_speech(m)]
    usable = []
    previous_cites_indirectly = False
    cursor = 0
    for sentence in sentences:
        start = paragraph.index(sentence, cursor)
        cursor = start + len(sentence)
        quoted = any(a < cursor and start < b for a, b in speech)
        cites = bool(_CITATION.search(sentence))
        usable.append(not (quoted or cites or previous_cites_indirectly))
        previous_cites_indirectly = cites and not quoted
    return usable


def _is_speech(match: re.Match[str]) -> bool:
    quoted = match["a"] or match["b"]
    return len(quoted.split()) >= _SPEECH_MIN_WORDS or quoted.rstrip().endswith(("!", "?", "."))


def _is_quotation(paragraph: str) -> bool:
    """A paragraph that is one long quotation ("“Als je met een ander wilt dansen, … ”")."""
    return paragraph[:1] in '„“"‘' and paragraph.rstrip()[-1:] in '”"’'


def _overlaps(a: Candidate, b: Candidate) -> bool:
    same_paragraph = a.essay == b.essay and a.paragraph_index == b.paragraph_index
    return same_paragraph and bool(set(a.sentences) & set(b.sentences))


def _vocabulary(text: str) -> frozenset[str]:
    return frozenset(_content_words(text))


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    """Near-repeats share most of their content words, and at least three of them: two
    short lines sharing "leiderschap" and "kracht" still say different things."""
    shared = len(a & b)
    return shared >= MIN_SHARED_WORDS and shared / len(a | b) >= NEAR_DUPLICATE_OVERLAP
