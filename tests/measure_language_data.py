"""How the README's language-data choice was made: wordfreq and simplemma against the rules.

Not part of the suite and not a dependency: `.venv/bin/pip install wordfreq simplemma`, then
`.venv/bin/python -m tests.measure_language_data`. It prints precision and recall of the
hand-written set and the bundled labels with each package in place of our own rule, and the
CPU seconds each package's first lookup costs.
"""

from __future__ import annotations

import re
import time

from scheduler.essays import quotes, scoring
from tests import quotes_eval

_WORD = re.compile(r"[^\W\d_]+")


def _figures(label: str) -> None:
    scoring._sentence_results.cache_clear()
    p, r, _, _ = quotes_eval.hand_set_figures()
    bp, br, chosen, _, defects = quotes_eval.bundled_figures()
    print(f"{label:38} hand {p:.3f} / {r:.3f}   bundled {bp:.3f} / {br:.3f}   ({chosen} chosen)")


def main() -> None:
    started = time.process_time()
    from wordfreq import zipf_frequency

    zipf_frequency("huis", "nl"), zipf_frequency("house", "en")
    print(f"wordfreq first lookups: {time.process_time() - started:.3f} s CPU")
    started = time.process_time()
    import simplemma

    simplemma.lemmatize("kinderen", lang="nl")
    print(f"simplemma first lemma: {time.process_time() - started:.3f} s CPU")

    def jargon_by_frequency(text: str, _terms: object) -> tuple[float, str] | None:
        for word in _WORD.findall(text):
            dutch, english = zipf_frequency(word, "nl"), zipf_frequency(word, "en")
            if english >= 3.0 and english - dutch >= 1.5:
                return -2.0, "-jargon"
        return None

    _figures("our rules")
    ours = scoring.CONTENT_RULES
    scoring.CONTENT_RULES = tuple(
        jargon_by_frequency if rule is scoring.rule_jargon else rule for rule in ours
    )
    _figures("wordfreq as the jargon test")
    scoring.CONTENT_RULES = ours
    plain = quotes._content_words
    quotes._content_words = lambda text: [simplemma.lemmatize(w, lang="nl") for w in plain(text)]
    _figures("simplemma lemmas as content words")
    quotes._content_words = plain


if __name__ == "__main__":
    main()
