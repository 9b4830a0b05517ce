"""The bundled essays file, end to end: structure, footer, clean paragraphs, good quotes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scheduler.essays.language import is_english
from scheduler.essays.model import Document
from scheduler.essays.quotes import choose_document_quotes
from scheduler.essays.reading import read_document
from scheduler.essays.standalone import is_balanced

BUNDLED = Path(__file__).resolve().parent.parent / "posts" / "essays" / "blogs-annemarie-baltus.txt"
TITLES = [
    "Kwaliteit van contact",
    "Kwetsbaarheid is een senior capaciteit",
    "De nieuwe leider richt zijn kracht op het NU",
    "Nieuw leiderschap vraagt een verhoogd bewustzijn",
    "De kracht van het NU in een op macht georiënteerde organisatie",
    "Gelijkwaardigheid",
    "De kracht van zacht",
    "De hoogste baas moet eerlijk zijn",
]
FURNITURE = re.compile(
    r"-\d+-|~|Annemarie Baltus|0341|https?://|www\.|Meer informatie|Volg Annemarie|"
    r"contactformulier|Bron:|ja- ?knikkers|ontwikkel- ?dichtheid|jaknik kers|  "
)


@pytest.fixture(scope="module")
def document() -> Document:
    return read_document(BUNDLED)


@pytest.fixture(scope="module")
def quotes(document):
    return choose_document_quotes(e for e in document.essays if e.kind == "essay")


def test_the_bundled_file_holds_eight_essays_with_their_full_titles(document):
    essays = [e for e in document.essays if e.kind == "essay"]
    assert [e.title for e in essays] == TITLES


def test_the_opening_letter_is_the_one_foreword(document):
    forewords = [e for e in document.essays if e.kind == "foreword"]
    assert [(f.title, f.paragraphs[-1]) for f in forewords] == [
        ("Beste lezer", "Veel leesplezier!")
    ]


def test_the_subtitle_is_kept_apart_from_the_title(document):
    essay = next(e for e in document.essays if e.title == "Gelijkwaardigheid")
    assert essay.subtitle == "Meesterschap voor groepen 1"
    assert essay.paragraphs[0].startswith("We gaan weer bijna naar Portugal")


def test_slugs_are_ascii_and_unique(document):
    slugs = [e.slug for e in document.essays]
    assert len(set(slugs)) == len(slugs)
    assert "de-kracht-van-het-nu-in-een-op-macht-georienteerde-organisatie" in slugs


def test_the_footer_names_blog_newsletter_contact_phone_and_three_accounts(document):
    footer = document.footer
    assert footer.blog_url == "http://www.inspira.nl/inspiratie/inspiratie-tijdlijn/"
    assert footer.newsletter_url == "http://www.inspira.nl/contact/inspiratiemail/"
    assert footer.contact_url == "http://www.inspira.nl/contact/contactformulier/"
    assert footer.phone == "0341-353 466"
    accounts = {(a.platform, a.handle, a.kind) for a in footer.accounts}
    assert accounts == {
        ("twitter", "BaltusAnnemarie", "person"),
        ("linkedin", "annemariebaltus", "person"),
        ("facebook", "AnnemarieBaltusInspira", "page"),
    }


def test_no_paragraph_holds_furniture_broken_hyphens_or_double_spaces(document):
    for essay in document.essays:
        for paragraph in essay.paragraphs:
            assert not FURNITURE.search(paragraph), paragraph
            assert is_balanced(paragraph), paragraph


def test_hyphens_are_resolved_as_a_dutch_reader_expects(document):
    text = " ".join(p for e in document.essays for p in e.paragraphs)
    for word in ("jaknikkers", "ontwikkeldichtheid", "goed- en afkeuring", "collega-directeur"):
        assert word in text
    for word in ("top-down", "Calimero-groepje", "Portugal-training", "mee-afzeiken"):
        assert word in text
    assert "tegen-, of andere" in text
    assert "geworteld bent" in text


def test_page_breaks_inside_a_sentence_do_not_split_the_paragraph(document):
    essay = next(e for e in document.essays if e.title == "Kwaliteit van contact")
    assert any("In onze maatschappij wordt dat nog niet" in p for p in essay.paragraphs)


def test_the_quoted_passage_is_marked_with_its_source(document):
    essay = next(e for e in document.essays if e.title == "Kwaliteit van contact")
    ((index, name),) = essay.cited
    assert name == "Paul Ferrini"
    assert essay.paragraphs[index].startswith("“Als je met een ander wilt dansen")


def test_every_essay_gets_one_to_eight_distinct_quotes_within_the_limit(document, quotes):
    every = [q for chosen in quotes.values() for q in chosen]
    for chosen in quotes.values():
        assert 1 <= len(chosen) <= 8
    assert all(len(q.text) <= 240 for q in every)
    assert len({q.text for q in every}) == len(every)


def test_every_quote_is_verbatim_clean_and_ends_a_sentence(document, quotes):
    by_slug = {e.slug: e for e in document.essays}
    for slug, chosen in quotes.items():
        for quote in chosen:
            assert quote.text in by_slug[slug].paragraphs[quote.paragraph_index]
            assert not FURNITURE.search(quote.text)
            assert is_balanced(quote.text)
            assert quote.text[0].isupper() and quote.text.endswith((".", "!", "?", "…"))


def test_no_quote_is_english_or_someone_elses_words(quotes):
    others = ("Ferrini", "Brené", "Tolle", "Bailey", "Hans", "geboorteplaats", "dansen", "If you")
    for quote in (q for chosen in quotes.values() for q in chosen):
        assert quote.attribution is not None or not is_english(quote.text)
        assert not any(name in quote.text for name in others), quote.text


def test_the_lines_a_reader_underlines_are_chosen(quotes):
    texts = {q.text for chosen in quotes.values() for q in chosen}
    for line in (
        "Kwetsbaarheid is een senior capaciteit.",
        "Onder dominantie zit kwetsbaarheid verborgen en daarom is dominantie net zo zwak als "
        "passiviteit.",
        "Alleen als je alles geeft, kun je alles krijgen.",
    ):
        assert line in texts
