"""The Dutch segmenter measured against a hand-split reference, and against pySBD.

tests/data/nl_sentences_reference.txt holds every paragraph of the bundled essays and
further sentences written for the hard cases, one sentence a line, a blank line between
paragraphs. A boundary is the offset where one sentence ends and the next begins.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pysbd
import pytest

from scheduler.essays.sentences import split_sentences

REFERENCE = Path(__file__).parent / "data" / "nl_sentences_reference.txt"
Segmenter = Callable[[str], list[str]]


@dataclass(frozen=True)
class Score:
    true_positives: int
    predicted: int
    expected: int
    exact_sentences: int
    reference_sentences: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 1.0

    @property
    def exact_match_rate(self) -> float:
        return self.exact_sentences / self.reference_sentences


def load_reference() -> list[list[str]]:
    paragraphs: list[list[str]] = [[]]
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def spans(paragraph: str, sentences: list[str]) -> list[tuple[int, int]]:
    found, cursor = [], 0
    for sentence in sentences:
        start = paragraph.index(sentence.strip(), cursor)
        cursor = start + len(sentence.strip())
        found.append((start, cursor))
    return found


def score(segment: Segmenter, reference: list[list[str]]) -> Score:
    tp = predicted = expected = exact = total = 0
    for sentences in reference:
        paragraph = " ".join(sentences)
        want = spans(paragraph, sentences)
        got = spans(paragraph, segment(paragraph))
        want_bounds = {end for _, end in want[:-1]}
        got_bounds = {end for _, end in got[:-1]}
        tp += len(want_bounds & got_bounds)
        predicted += len(got_bounds)
        expected += len(want_bounds)
        exact += len(set(want) & set(got))
        total += len(want)
    return Score(tp, predicted, expected, exact, total)


def pysbd_segmenter() -> Segmenter:
    segmenter = pysbd.Segmenter(language="nl", clean=False)
    return lambda text: [s for s in segmenter.segment(text) if s.strip()]


@pytest.fixture(scope="module")
def reference() -> list[list[str]]:
    return load_reference()


def test_the_reference_holds_the_bundled_essays_and_at_least_a_hundred_more_sentences(reference):
    text = REFERENCE.read_text(encoding="utf-8")
    own = text.split("# Part 2")[1]
    own_sentences = [
        line for line in own.splitlines()[1:] if line.strip() and not line.startswith("#")
    ]
    assert len(own_sentences) >= 100
    assert sum(len(p) for p in reference) >= 500


def test_our_segmenter_finds_the_reference_boundaries_almost_perfectly(reference):
    ours = score(split_sentences, reference)
    assert ours.precision >= 0.99
    assert ours.recall >= 0.99
    assert ours.exact_match_rate >= 0.98


def test_our_segmenter_is_at_least_as_good_as_pysbd_on_the_reference(reference):
    """The evidence for choosing our segmenter over pySBD at runtime."""
    ours = score(split_sentences, reference)
    theirs = score(pysbd_segmenter(), reference)
    assert ours.precision >= theirs.precision
    assert ours.recall >= theirs.recall
    assert ours.exact_match_rate >= theirs.exact_match_rate
