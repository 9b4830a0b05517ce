"""make quotes-eval: precision and recall of the quote rules on hand-labelled Dutch.

Two sets: ``tests/data/nl_quotes_eval.txt`` (spans written by hand on many subjects, each with
the sentences around it) and ``tests/data/bundled_quotes_labels.txt`` (an editor's picks in the
bundled essays). A span is *chosen* when it is a candidate above the quality floor; for the
bundled essays, when the whole pipeline (cap and near-repeats included) posts it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from scheduler.essays.model import Essay
from scheduler.essays.quotes import QUALITY_FLOOR, candidates, choose_document_quotes, tidy
from scheduler.essays.reading import read_document

ROOT = Path(__file__).resolve().parent.parent
HAND_SET = ROOT / "tests" / "data" / "nl_quotes_eval.txt"
BUNDLED_LABELS = ROOT / "tests" / "data" / "bundled_quotes_labels.txt"
BUNDLED = ROOT / "posts" / "essays" / "blogs-annemarie-baltus.txt"


LABELS = ("good", "weak", "defect")


@dataclass(frozen=True)
class Labelled:
    label: str  # good | weak | defect
    before: str
    span: str
    after: str
    line: int


def read_hand_set(path: Path = HAND_SET) -> list[Labelled]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, before, span, after = (part.strip() for part in line.split("|"))
        items.append(Labelled(label, before, span, after, number))
    return items


def is_chosen(item: Labelled) -> bool:
    """Does the span (or its trimmed form) pass the floor, read in its paragraph?"""
    paragraph = " ".join(part for part in (item.before, item.span, item.after) if part)
    essay = Essay(slug="eval", title="", kind="essay", paragraphs=(paragraph,), source="eval")
    return any(c.original == item.span and c.score >= QUALITY_FLOOR for c in candidates(essay))


def precision_recall(pairs: list[tuple[bool, bool]]) -> tuple[float, float, int, int]:
    """(precision, recall, chosen, good) over (chosen, good) pairs."""
    chosen = sum(c for c, _ in pairs)
    good = sum(g for _, g in pairs)
    hits = sum(c and g for c, g in pairs)
    return (hits / chosen if chosen else 1.0), (hits / good if good else 1.0), chosen, good


def hand_set_results() -> list[tuple[Labelled, bool]]:
    return [(item, is_chosen(item)) for item in read_hand_set()]


def hand_set_figures(verbose: bool = False) -> tuple[float, float, int, int]:
    results = hand_set_results()
    if verbose:
        for item, chosen in results:
            if chosen != (item.label == "good"):
                verdict = "chosen" if chosen else "left"
                print(f"  line {item.line}: {item.label}, {verdict}: {item.span}")
    return precision_recall([(chosen, item.label == "good") for item, chosen in results])


def bundled_figures(verbose: bool = False) -> tuple[float, float, int, int, list[str]]:
    labels: dict[tuple[str, str], str] = {}
    for line in BUNDLED_LABELS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            slug, label, text = (part.strip() for part in line.split("|"))
            labels[(slug, tidy(text))] = label
    quotes = choose_document_quotes(read_document(BUNDLED).essays)
    chosen = {(slug, q.text) for slug, qs in quotes.items() for q in qs if slug != "beste-lezer"}
    defects = [text for key, text in ((k, k[1]) for k in chosen) if labels.get(key) == "defect"]
    good = {key for key, label in labels.items() if label == "good"}
    if verbose:
        for key in sorted(chosen - good):
            print(f"  chosen, not labelled good: {key[0]}: {key[1]}")
    hits = len(chosen & good)
    precision = hits / len(chosen) if chosen else 1.0
    return precision, hits / len(good), len(chosen), len(good), defects


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    p, r, chosen, good = hand_set_figures(verbose)
    print(f"hand-written set: precision {p:.3f}  recall {r:.3f}  ({chosen} chosen, {good} good)")
    results = hand_set_results()
    shown = ", ".join(
        f"{sum(c for i, c in results if i.label == k)}/{sum(i.label == k for i, _ in results)} {k}"
        for k in LABELS
    )
    print(f"hand-written set: chosen by label: {shown}")
    p, r, chosen, good, defects = bundled_figures(verbose)
    print(f"bundled essays:   precision {p:.3f}  recall {r:.3f}  ({chosen} chosen, {good} good)")
    print(f"bundled essays:   labelled defects chosen: {len(defects)}")
    for text in defects:
        print(f"  defect chosen: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
