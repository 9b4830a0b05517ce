"""Choose the quotes worth sharing from an essay: verbatim, self-contained, the author's own.

A candidate is one sentence, or up to ``MAX_SENTENCES`` consecutive sentences of a single
paragraph. Candidates that cannot stand alone (``quote_rules.rejection``) or that hold
someone else's words are never offered; the rest are scored by the rules in
``quote_rules`` and the best distinct ones kept.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from . import quote_rules
from .model import Essay, Quote
from .sentences import split_sentences

MAX_SENTENCES = 3
# Below this a candidate is only taken to reach ``min_count``.
GOOD_SCORE = 3.0
# Two quotes sharing this share (Jaccard) of their content words say the same thing.
NEAR_DUPLICATE_OVERLAP = 0.5
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
class _Candidate:
    text: str
    paragraph_index: int
    sentences: range
    score: float
    reasons: tuple[str, ...]


def choose_quotes(
    essay: Essay,
    *,
    max_chars: int = 240,
    min_count: int = 3,
    max_count: int = 15,
    target: int = 10,
    exclude: Iterable[str] = (),
) -> list[Quote]:
    """The best distinct quotes of an essay, best first.

    ``exclude`` holds quotes already taken from other essays, so none is repeated.
    """
    terms = key_terms(essay)
    candidates = sorted(
        _candidates(essay, terms, max_chars), key=lambda c: (-c.score, c.paragraph_index)
    )
    taken: list[_Candidate] = []
    seen = [_vocabulary(text) for text in exclude]
    wanted = max(min_count, min(target, max_count))
    for candidate in candidates:
        if len(taken) >= wanted or (candidate.score < GOOD_SCORE and len(taken) >= min_count):
            break
        words = _vocabulary(candidate.text)
        if any(_overlaps(candidate, other) for other in taken) or any(
            _similar(words, other) for other in seen
        ):
            continue
        taken.append(candidate)
        seen.append(words)
    return [
        Quote(text=c.text, paragraph_index=c.paragraph_index, score=c.score, reasons=c.reasons)
        for c in taken
    ]


def choose_document_quotes(essays: Iterable[Essay], **options: int) -> dict[str, list[Quote]]:
    """Quotes per essay slug, with no quote repeating (or nearly) one from an earlier essay."""
    chosen: dict[str, list[Quote]] = {}
    for essay in essays:
        earlier = [q.text for quotes in chosen.values() for q in quotes]
        chosen[essay.slug] = choose_quotes(essay, exclude=earlier, **options)
    return chosen


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


def _candidates(essay: Essay, terms: list[str], max_chars: int) -> list[_Candidate]:
    cited = {index for index, _ in essay.cited}
    found = []
    for index, paragraph in enumerate(essay.paragraphs):
        if index in cited or _is_quotation(paragraph):
            continue
        sentences = split_sentences(paragraph)
        usable = _authors_own(paragraph, sentences)
        for start in range(len(sentences)):
            for end in range(start + 1, min(start + MAX_SENTENCES, len(sentences)) + 1):
                if not all(usable[start:end]):
                    break
                text = " ".join(sentences[start:end])
                if len(text) > max_chars:
                    break
                if quote_rules.rejection(text, sentences[start]) is None:
                    points, reasons = quote_rules.score(sentences[start:end], terms)
                    found.append(_Candidate(text, index, range(start, end), points, reasons))
    return found


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


def _overlaps(a: _Candidate, b: _Candidate) -> bool:
    return a.paragraph_index == b.paragraph_index and bool(set(a.sentences) & set(b.sentences))


def _vocabulary(text: str) -> frozenset[str]:
    return frozenset(_content_words(text))


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b) and len(a & b) / len(a | b) >= NEAR_DUPLICATE_OVERLAP
