"""choose_quotes on small essays: verbatim, single paragraph, never someone else's words."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.essays.model import Essay
from scheduler.essays.quotes import choose_document_quotes, choose_quotes, key_terms


def essay(*paragraphs: str, title: str = "Kwetsbaarheid", cited=()) -> Essay:
    return Essay(
        slug="e", title=title, kind="essay", paragraphs=paragraphs, source="t.txt", cited=cited
    )


STRONG = (
    "Kwetsbaarheid is een senior capaciteit. Echte kwetsbaarheid creëert openheid. "
    "Daar waar zwakheid is, ben je niet vrij. Door kwetsbaar te zijn, kom je in je kracht."
)


def test_quotes_are_the_best_sentences_verbatim_with_reasons():
    quotes = choose_quotes(essay(STRONG, "Vorige week was ik met Hans in Portugal."))
    assert "Kwetsbaarheid is een senior capaciteit." in [q.text for q in quotes]
    assert all(q.text in STRONG and q.paragraph_index == 0 for q in quotes)
    assert all("+aphorism" in q.reasons for q in quotes)
    assert [q.score for q in quotes] == sorted((q.score for q in quotes), reverse=True)


def test_a_cited_paragraph_and_a_quoted_passage_are_never_chosen():
    passage = "“Leer luisteren naar je eigen innerlijke stem. Wees meedogend met jezelf.”"
    quotes = choose_quotes(
        essay(STRONG, passage, "Leer luisteren naar je stem.", cited=((2, "X"),))
    )
    assert not any("luisteren" in q.text or "meedogend" in q.text for q in quotes)


def test_speech_and_named_sources_are_not_the_authors_voice():
    paragraph = (
        "Het creëert een dialoog, zoals Brené Brown zo mooi zegt: ‘het is de geboorteplaats "
        "van innovatie.’ “De ontwikkeldichtheid was weer hoog!” zei Hans aan het eind. "
        "Alice Bailey noemt dat Goddelijke onverschilligheid. "
        "Geestelijk onthechting is een diepe, onveranderlijke liefde voor jezelf. "
        "Eckhart Tolle zegt hierover: ‘If you are content with being nobody, you align yourself.’ "
        "Kwetsbaarheid is een senior capaciteit."
    )
    texts = [q.text for q in choose_quotes(essay(paragraph))]
    assert texts == ["Kwetsbaarheid is een senior capaciteit."]


def test_english_sentences_are_never_offered_as_the_authors_dutch():
    quotes = choose_quotes(essay("You align yourself with the power of the universe. " + STRONG))
    assert not any("universe" in q.text for q in quotes)


def test_quotes_respect_max_chars_and_counts():
    quotes = choose_quotes(essay(STRONG), max_chars=45, max_count=2)
    assert 1 <= len(quotes) <= 2
    assert all(len(q.text) <= 45 for q in quotes)


def test_a_quality_floor_not_a_quota_weak_lines_are_never_taken_to_fill_up():
    weak = "Ik ging naar huis en at een boterham met kaas. Ik keek daarna nog tv met mijn buren."
    assert choose_quotes(essay(weak)) == []


def test_a_near_duplicate_of_an_earlier_essays_quote_is_skipped():
    first = essay(STRONG)
    second = Essay(
        slug="twee",
        title="Kracht",
        kind="essay",
        source="t.txt",
        paragraphs=("Kwetsbaarheid is een echte senior capaciteit.", STRONG.split(". ", 3)[3]),
    )
    chosen = choose_document_quotes([first, second])
    assert "Kwetsbaarheid is een echte senior capaciteit." not in [q.text for q in chosen["twee"]]


def test_key_terms_favour_frequent_content_words_and_the_title():
    terms = key_terms(essay(STRONG, "Kwetsbaarheid en openheid, openheid en kracht."))
    assert terms[0] == "kwetsbaarheid"
    assert "openheid" in terms
    assert "zijn" not in terms


_SENTENCES = st.sampled_from(
    [
        "Kwetsbaarheid is een senior capaciteit.",
        "Dat is een kracht.",
        "Met K. had ik een gesprek over haar team.",
        "Wie kan dansen komt je halverwege tegemoet.",
        "Je bent precies waar je moet zijn.",
        "“Mooi!” zei Hans tegen de groep.",
        "Alleen als je alles geeft, kun je alles krijgen.",
        "Ten eerste: Je hebt alleen het NU.",
    ]
)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(_SENTENCES, min_size=1, max_size=5), min_size=1, max_size=4))
def test_every_quote_is_a_verbatim_slice_of_one_paragraph(paragraphs):
    text = tuple(" ".join(p) for p in paragraphs)
    for quote in choose_quotes(essay(*text)):
        assert quote.text in text[quote.paragraph_index]
        assert not quote.text.startswith(("Dat ", "Ten eerste"))
