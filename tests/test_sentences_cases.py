"""The Dutch segmenter on the cases that trip segmenters up."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scheduler.essays.sentences import split_sentences


@pytest.mark.parametrize(
    ("paragraph", "sentences"),
    [
        (
            "Met K. had ik een coaching. Het ging goed.",
            ["Met K. had ik een coaching.", "Het ging goed."],
        ),
        ("Ik las J.K. Rowling. Mooi.", ["Ik las J.K. Rowling.", "Mooi."]),
        ("Dit gaat o.a. over bijv. werk, d.w.z. over e.d. zaken.", None),
        ("Het ging m.b.t. de training om dhr. Jansen en mw. De Vries.", None),
        ("Huisnummer nr. 5 kwam ca. Tien minuten later.", None),
        ("Boeken, kranten enz. De rest volgt.", ["Boeken, kranten enz.", "De rest volgt."]),
        ("Zo zou het moeten zijn…..” Nee.", ["Zo zou het moeten zijn…..”", "Nee."]),
        ("Ik wilde iets zeggen… maar ik zweeg.", None),
        ("Het ging voorbij... Niemand merkte het.", ["Het ging voorbij...", "Niemand merkte het."]),
        ("“Het was hoog!” zei Hans. Klopt.", ["“Het was hoog!” zei Hans.", "Klopt."]),
        ("„Waarom?” vroeg zij. Stilte.", ["„Waarom?” vroeg zij.", "Stilte."]),
        (
            "Lezers: “Mooi blog, leuk!”  En “Kan dit?” Goede vraag.",
            ["Lezers: “Mooi blog, leuk!”  En “Kan dit?”", "Goede vraag."],
        ),
        ("Ze zei: ‘Dat is geen leider.’ Zij ging.", ["Ze zei: ‘Dat is geen leider.’", "Zij ging."]),
        (
            "Ten eerste: Je hebt alleen het NU. Dat is alles.",
            ["Ten eerste: Je hebt alleen het NU.", "Dat is alles."],
        ),
        (
            "De training ‘de kracht van het onbewuste.’ Tijdens de training leer je.",
            ["De training ‘de kracht van het onbewuste.’", "Tijdens de training leer je."],
        ),
        ("Het voelt (vaak!) hopeloos. Toch niet.", ["Het voelt (vaak!) hopeloos.", "Toch niet."]),
        ("Van 9.00 tot 17.00 uur. Daarna rust.", ["Van 9.00 tot 17.00 uur.", "Daarna rust."]),
        (
            "Wat maakt een leider sterk? Is het macht? Stop!",
            ["Wat maakt een leider sterk?", "Is het macht?", "Stop!"],
        ),
        ("In 2015 waren het er 12. Dit jaar 20.", ["In 2015 waren het er 12.", "Dit jaar 20."]),
    ],
)
def test_dutch_sentences_end_where_a_reader_expects(paragraph, sentences):
    assert split_sentences(paragraph) == (sentences or [paragraph])


_SENTENCE = st.sampled_from(
    [
        "Met K. had ik een gesprek.",
        "Dat is o.a. mooi.",
        "Wie wil dat niet?",
        "“Ja!” zei hij.",
        "Ga nu…",
    ]
)


@given(st.lists(_SENTENCE, min_size=1, max_size=6))
def test_sentences_are_verbatim_slices_that_rebuild_the_paragraph(sentences):
    paragraph = " ".join(sentences)
    assert split_sentences(paragraph) == sentences
