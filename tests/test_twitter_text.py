"""Our X length counter agrees with the twitter-text v3 reference implementation."""

from __future__ import annotations

import twitter_text
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.posting.x_length import X_URL_WEIGHT, weighted_length

CASES = [
    "Kwetsbaarheid is een senior capaciteit.",
    "„Wie kan dansen komt je halverwege tegemoet.“ #Leiderschap",
    "Een café, een naïeve coördinator en een ‘enquête’…",
    "Emoji tellen dubbel 😀 en CJK ook: 漢字",
    "e\u0301 wordt NFC",
    "Link: https://www.inspira.nl/inspiratie/inspiratie-tijdlijn/?utm_source=twitter&utm_medium=social&utm_campaign=kwetsbaarheid-is-een-senior-capaciteit&utm_content=fb44b7c567",
    "Twee links http://a.nl/x en https://b.example.org/" + "y" * 80,
    "Kijk op inspira.nl of www.inspira.nl/blog voor meer.",
    "Zie o.a. bijv. d.w.z. de mail@inspira.nl en #inspira.nl",
]


def oracle(text: str) -> int:
    return twitter_text.parse_tweet(text).weightedLength


def test_known_cases_match_the_reference():
    for text in CASES:
        assert weighted_length(text) == oracle(text), text


def test_a_long_url_counts_twenty_three():
    assert weighted_length("https://example.org/" + "a" * 300) == X_URL_WEIGHT


word = st.text(
    alphabet=st.sampled_from(
        list("abcdefghijklmnopqrstuvwxyzëïéèöüáóABCNU") + ["漢", "😀", "\u0301"]
    ),
    min_size=1,
    max_size=12,
)
mark = st.sampled_from(["", ",", ".", "!", "?", ":", "…", "“", "’", ")", " —"])
opening = st.sampled_from(["", "„", "‘", "(", "#", "@"])
dutch_text = st.lists(st.tuples(opening, word, mark), max_size=40).map(
    lambda parts: " ".join(f"{o}{w}{m}" for o, w, m in parts)
)


@settings(max_examples=300, deadline=None)
@given(dutch_text)
def test_any_dutch_like_text_matches_the_reference(text):
    assert weighted_length(text) == oracle(text)
