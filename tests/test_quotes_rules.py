"""Each stand-alone filter and scoring rule on its own."""

from __future__ import annotations

import pytest

from scheduler.essays import scoring, standalone
from scheduler.essays.language import is_english


@pytest.mark.parametrize(
    "sentence",
    [
        "Dat is een kracht.",
        "Dat je onderzoekt wat achter irritatie zit.",
        "Daarom moet ik grip op de ander krijgen.",
        "Hij was echter ook briljant op de inhoud.",
        "Zij gaan je volgen, want jij luistert naar hen.",
        "Deze overtuigingen vragen diepgaande reflectie.",
        "Maar wat komt er dan?",
        "En jij kunt de eventuele afwijzing aan.",
        "Ook jouw baas en let op: jij ook!",
        "Dus ben je niet in staat om een ander te laten werken.",
        "Hierdoor ontstaat er ruimte.",
        "Zo draaien zij in een cirkel.",
        "Het creëert een dialoog vanuit gelijkwaardigheid.",
        "Het is als een dans.",
        "Met als valkuil dat je je ruimte laat innemen.",
        "Waarom bedrijven blijven hangen in een structuur.",
    ],
)
def test_openers_that_point_back_are_dangling(sentence):
    assert standalone.opens_with_reference(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Kwetsbaarheid is een senior capaciteit.",
        "Daar waar zwakheid is, ben je niet vrij.",
        "Het is de kunst om kwaliteit in de interactie te realiseren.",
        "Wie kan dansen komt je halverwege tegemoet.",
        "Deze tijd vraagt om nieuw leiderschap.",
        "Het doel van leiderschap is de kracht van anderen vrij maken.",
        "Alleen als je alles geeft, kun je alles krijgen.",
    ],
)
def test_self_contained_openers_are_not_dangling(sentence):
    assert not standalone.opens_with_reference(sentence)


@pytest.mark.parametrize(
    ("snippet", "reason"),
    [
        ("kwetsbaarheid is mooi.", "no capital at the start"),
        ("Er zijn drie mogelijkheden:", "no terminal mark"),
        ("Ten eerste: Je hebt alleen het NU en niets anders.", "half a list"),
        ("Kwetsbaarheid is mooi. Ten tweede: je bent er.", "half a list"),
        ("Open en eerlijk.", "fragment"),
        ("Handelen, wachten, handelen, wachten.", "fragment"),
        ("Kwetsbaarheid voelt soms (vaak hopeloos om te vechten.", "unbalanced marks"),
        ("Kwetsbaarheid moet het zijn…..”", "unbalanced marks"),
        ("If you are content with being nobody in particular, you align yourself.", "English"),
    ],
)
def test_snippets_that_cannot_stand_alone_are_rejected_with_a_reason(snippet, reason):
    assert standalone.rejection(snippet, snippet) == reason


def test_apostrophes_are_not_quote_marks():
    assert standalone.is_balanced("Je bent afhankelijk van je collega’s en zo’n team.")
    assert standalone.is_balanced("De kracht van het ‘oude’ leiderschap.")


def test_english_is_told_from_dutch_by_function_words():
    assert is_english("you align yourself with the power of the universe")
    assert not is_english("Kwetsbaarheid is een senior capaciteit in de organisatie.")
    assert not is_english("De Sense of Urgency is hoog.")


@pytest.mark.parametrize(
    ("rule", "fires_on", "silent_on", "reason"),
    [
        (
            scoring.rule_aphorism,
            "Kwetsbaarheid is een senior capaciteit.",
            "Ik was moe van de dag.",
            "+aphorism",
        ),
        (
            scoring.rule_reader_address,
            "Je bent precies waar je moet zijn.",
            "Ik ben er.",
            "+reader",
        ),
        (
            scoring.rule_imperative,
            "Wees een voorbeeld voor je team.",
            "Een voorbeeld is dit.",
            "+imperative",
        ),
        (
            scoring.rule_question,
            "Wie ben jij als niemand kijkt?",
            "Wie wil dat nou niet?",
            "+question",
        ),
        (
            scoring.rule_narrative,
            "Vorige week waren we in Portugal.",
            "Je leert elke dag.",
            "-narrative",
        ),
        (
            scoring.rule_narrative,
            "Met K. had ik een coaching.",
            "Mensen werken voor mensen.",
            "-narrative",
        ),
        (
            scoring.rule_first_person,
            "Ik vind die blinde vlek vermoeiend.",
            "Mensen werken voor mensen.",
            "-first-person",
        ),
        (scoring.rule_names, "Zo vertelde Hans het mij.", "Het NU is alles wat je hebt.", "-name"),
        (scoring.rule_numbers, "Bel ons via 0341-353 466.", "Bel ons gerust.", "-number"),
        (
            scoring.rule_context,
            "Je voelt je namelijk dicht bij jezelf.",
            "Je voelt je dicht bij jezelf.",
            "-needs-context",
        ),
        (
            scoring.rule_loose_pronoun,
            "Je behandelt ze ook zo!",
            "Je behandelt mensen zo.",
            "-pronoun",
        ),
        (
            scoring.rule_then,
            "Kwetsbaarheid is dan verborgen.",
            "Als je dat kunt, dan heb je impact.",
            "-then",
        ),
        (scoring.rule_filler, "Nou ja, wil, ik eis het.", "Ik eis het.", "-filler"),
    ],
)
def test_each_scoring_rule_fires_with_its_named_reason(rule, fires_on, silent_on, reason):
    fired = rule(fires_on, [])
    assert fired is not None and fired[1] == reason
    assert rule(silent_on, []) is None


def test_key_terms_and_length_rules_reward_the_essays_words_and_a_quotable_length():
    assert scoring.rule_key_terms("Kwetsbaarheid creëert openheid.", ["kwetsbaarheid"]) == (
        0.5,
        "+key-terms",
    )
    assert scoring.rule_length("Kwetsbaarheid is een senior capaciteit.", [])[1] == "+concise"
    assert scoring.rule_length("Te kort.", [])[1] == "-short"
    assert scoring.rule_length("x" * 200, [])[1] == "+length"
    assert scoring.rule_length("x" * 230, []) is None


def test_a_weak_extra_sentence_lowers_the_score_of_a_snippet():
    strong = "Kwetsbaarheid is een senior capaciteit."
    alone, _ = scoring.score([strong], ["kwetsbaarheid"])
    together, reasons = scoring.score(
        [strong, "Vorige week was ik in Portugal met Hans."], ["kwetsbaarheid"]
    )
    assert together < alone
    assert "-2-sentences" in reasons and "-narrative" in reasons


@pytest.mark.parametrize(
    "sentence",
    [
        "Het is gewoon fijn om zo te zijn.",
        "In beide varianten sta je zelf niet in je kracht.",
        "Daar waar bedrijven dat niet realiseren, zullen zij de crisis blijven creëren.",
    ],
)
def test_manner_pair_and_object_references_need_the_sentences_before(sentence):
    assert scoring.rule_context(sentence, ()) == (-1.5, "-needs-context")
