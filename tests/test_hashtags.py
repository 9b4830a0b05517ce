"""Hashtags come from the quote's own words, weighted by the staff's vocabulary in the config."""

from __future__ import annotations

import pytest

from scheduler.errors import ConfigError
from scheduler.model.snippets import Snippet
from scheduler.posting.build import render_for
from scheduler.posting.hashtags import camel_case, ranked_tags, tags_for_post
from scheduler.store.config_file import load_config
from scheduler.store.config_template import DEFAULT_VOCABULARY

CONTACT = "Kwaliteit van contact ontstaat als zowel jij als de ander zichzelf kan zijn."
VOCABULARY = {
    "Dominantie": ("dominant", "overheersing"),
    "Verbinding": ("contact", "verbind"),
    "Authenticiteit": ("zichzelf kan zijn", "jezelf zijn"),
    "Leiderschap": ("leider",),
}


def test_a_quote_about_contact_gets_no_dominantie_from_its_paragraph_or_title() -> None:
    tags = ranked_tags(
        CONTACT,
        paragraph="Dominantie en overheersing maken contact onmogelijk. Dominant gedrag.",
        title="Dominantie of kwaliteit van contact",
        vocabulary=VOCABULARY,
    )
    assert tags == ["Verbinding", "Authenticiteit"]


def test_the_paragraph_and_title_weigh_the_quotes_tags() -> None:
    quote = "Een leider maakt contact."
    plain = ranked_tags(quote, paragraph="", title="", vocabulary=VOCABULARY)
    weighed = ranked_tags(
        quote, paragraph="Leiders, leiders.", title="Leider", vocabulary=VOCABULARY
    )
    assert plain == ["Verbinding", "Leiderschap"]  # a tie goes to the vocabulary's order
    assert weighed == ["Leiderschap", "Verbinding"]


def test_a_staff_weight_lifts_a_tag_and_zero_keeps_it_off() -> None:
    quote = "Een leider maakt contact."
    lifted = ranked_tags(
        quote, paragraph="", title="", vocabulary=VOCABULARY, weights={"Leiderschap": 2}
    )
    off = ranked_tags(
        quote, paragraph="", title="", vocabulary=VOCABULARY, weights={"Verbinding": 0}
    )
    assert lifted[0] == "Leiderschap"
    assert off == ["Leiderschap"]


def test_the_accounts_fixed_tags_stay_within_its_count() -> None:
    assert tags_for_post(["Verbinding", "Authenticiteit"], fixed=["leadership"], limit=2) == [
        "Verbinding",
        "leadership",
    ]
    assert tags_for_post(["Verbinding"], fixed=["leadership"], limit=0) == []


def test_later_variants_rotate_the_quotes_tags() -> None:
    ranked = ["A", "B", "C"]
    assert [tags_for_post(ranked, limit=2, variant=v) for v in range(4)] == [
        ["A", "B"],
        ["B", "C"],
        ["C", "A"],
        ["A", "B"],
    ]


@pytest.mark.parametrize(
    ("phrase", "tag"),
    [
        ("zachte kracht", "ZachteKracht"),
        ("ZachteKracht", "ZachteKracht"),
        ("persoonlijke ontwikkeling", "PersoonlijkeOntwikkeling"),
        ("#leadership", "leadership"),
    ],
)
def test_compounds_and_phrases_become_camel_case(phrase: str, tag: str) -> None:
    assert camel_case(phrase) == tag


CONFIG = """\
author: Annemarie Baltus
hashtags:
  vocabulary:
    zachte kracht: [zachte kracht]
    Verbinding: {words: [contact], weight: 2}
accounts:
  - platform: linkedin
    handle: annemarie
    hashtags: 2
    fixed_hashtags: [leadership]
"""


def test_the_config_vocabulary_takes_weights_phrases_and_fixed_account_tags() -> None:
    config = load_config(CONFIG)
    assert config.hashtag_vocabulary == {
        "ZachteKracht": ("zachte kracht",),
        "Verbinding": ("contact",),
    }
    assert config.hashtag_weights == {"ZachteKracht": 1.0, "Verbinding": 2.0}
    [account] = config.accounts
    assert account.fixed_hashtags == ("leadership",)
    snippet = Snippet(
        id="abcdef1234",
        essay="e",
        essay_title="Titel",
        quote=CONTACT,
        original=CONTACT,
        status="new",
    )
    rendered = render_for(snippet, account, "https://example.org/", config)
    assert rendered.hashtags == ("Verbinding", "leadership")
    assert rendered.text.endswith("#Verbinding #leadership")


@pytest.mark.parametrize(
    ("entry", "line"),
    [("Verbinding: {words: [contact], weight: -1}", 4), ("'twee woorden!': [x]", 4)],
)
def test_a_bad_vocabulary_entry_names_its_line(entry: str, line: int) -> None:
    text = f"author: A\nhashtags:\n  vocabulary:\n    {entry}\n"
    with pytest.raises(ConfigError) as caught:
        load_config(text)
    assert caught.value.line == line


def test_the_default_vocabulary_loads_and_keeps_zachte_kracht_light() -> None:
    from scheduler.yamlsource import dump_yaml

    config = load_config(dump_yaml({"hashtags": {"vocabulary": DEFAULT_VOCABULARY}}))
    assert config.hashtag_weights["ZachteKracht"] < 1
    assert "Verbinding" in config.hashtag_vocabulary
