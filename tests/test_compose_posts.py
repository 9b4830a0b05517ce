"""A post made for each platform: context, intro, title and link, Dutch marks, frame variants."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.essays.context import CONTEXT_MAX_CHARS, context_around
from scheduler.essays.sentences import split_sentences
from scheduler.posting.build import post_link, render_for
from scheduler.posting.compose import (
    DUTCH_CLOSE,
    DUTCH_OPEN,
    LINKEDIN_MAX_COMMENTARY,
    Piece,
    in_dutch_quotes,
    render,
)
from scheduler.posting.x_length import X_MAX_WEIGHTED_LENGTH, weighted_length
from scheduler.publishers.http import comparable_text
from scheduler.store.content import load_content

LINK = "https://www.inspira.nl/blog/kwaliteit-van-contact?utm_source=linkedin"
QUOTE = "Kwaliteit van contact ontstaat als zowel jij als de ander zichzelf kan zijn."
BEFORE = "Contact is meer dan praten. Je ziet de ander echt."
AFTER = "Dat vraagt moed. Je laat je zien, ook als je twijfelt."
TITLE = "Kwaliteit van contact"


def piece(**changes: object) -> Piece:
    fields: dict[str, object] = {
        "quote": QUOTE,
        "essay_title": TITLE,
        "link": LINK,
        "hashtags": ("Verbinding", "Authenticiteit", "Communicatie"),
        "context_before": BEFORE,
        "context_after": AFTER,
    }
    fields.update(changes)
    return Piece(**fields)  # type: ignore[arg-type]


# ---- the layout of LinkedIn and Facebook -----------------------------------------------------


@pytest.mark.parametrize("platform", ["linkedin", "facebook"])
def test_linkedin_and_facebook_read_intro_quote_context_title_link_tags(platform: str) -> None:
    text = render(platform, piece(intro="Hier denk ik vaak aan."), max_hashtags=2).text
    parts = text.split("\n\n")
    assert parts[0] == "Hier denk ik vaak aan."
    assert parts[1] == f"{DUTCH_OPEN}{QUOTE}{DUTCH_CLOSE}"
    assert parts[2] == AFTER
    assert parts[3] == f"Uit mijn blog {DUTCH_OPEN}{TITLE}{DUTCH_CLOSE}:\n{LINK}"
    assert parts[4] == "#Verbinding #Authenticiteit"


def test_without_an_intro_the_quote_goes_first() -> None:
    text = render("linkedin", piece(), max_hashtags=1).text
    assert text.startswith(f"{DUTCH_OPEN}{QUOTE}{DUTCH_CLOSE}\n\n{AFTER}")


def test_the_title_is_not_repeated_when_the_quote_is_the_title() -> None:
    quote = "De hoogste baas moet eerlijk zijn."
    text = render(
        "linkedin",
        piece(quote=quote, essay_title="De hoogste baas moet eerlijk zijn"),
        max_hashtags=0,
    ).text
    assert text.count("hoogste baas") == 1
    assert f"Uit mijn blog:\n{LINK}" in text


def test_a_page_names_the_author_after_the_quote_a_person_does_not() -> None:
    page = render("facebook", piece(author="Annemarie Baltus"), max_hashtags=0, own_voice=False)
    person = render("linkedin", piece(author="Annemarie Baltus"), max_hashtags=0)
    assert f"{QUOTE}{DUTCH_CLOSE} — Annemarie Baltus" in page.text
    assert "Uit het blog" in page.text
    assert "Annemarie Baltus" not in person.text


def test_x_gets_the_quote_the_tags_and_the_link_without_context_or_intro() -> None:
    rendered = render("twitter", piece(intro="Mijn inleiding."), max_hashtags=2)
    assert (
        rendered.text == f"{DUTCH_OPEN}{QUOTE}{DUTCH_CLOSE}\n\n#Verbinding #Authenticiteit\n{LINK}"
    )
    assert not rendered.has_context


def test_context_marks_in_running_text_become_dutch_too() -> None:
    text = render(
        "linkedin", piece(context_after="Hij noemt het „ruimte“ maken."), max_hashtags=0
    ).text
    assert "„ruimte”" in text and "“" not in text


# ---- Dutch quotation marks --------------------------------------------------------------------


def test_posts_and_cards_use_one_function_for_their_marks() -> None:
    from scheduler.posting import cards, compose

    assert cards.in_dutch_quotes is compose.in_dutch_quotes


# ---- fitting ----------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(["kracht", "contact", "leider", "zijn", "ruimte", "🌱"]),
        min_size=3,
        max_size=45,
    ),
    variant=st.integers(0, 7),
    tags=st.integers(0, 5),
)
def test_x_stays_within_280_weighted_whenever_the_bare_quote_and_link_fit(
    words: list[str], variant: int, tags: int
) -> None:
    quote = " ".join(words).capitalize() + "."
    bare = weighted_length(f"{in_dutch_quotes(quote)}\n\n{LINK}")
    rendered = render("twitter", piece(quote=quote), max_hashtags=tags, variant=variant)
    assert quote in rendered.text
    if bare <= X_MAX_WEIGHTED_LENGTH:
        assert rendered.fits and weighted_length(rendered.text) <= X_MAX_WEIGHTED_LENGTH


def test_a_linkedin_post_too_long_sheds_tags_then_context_never_the_quote() -> None:
    long_after = " ".join(["Dit is een lange zin over contact en kracht."] * 80)
    rendered = render("linkedin", piece(context_after=long_after, intro="x" * 2500), max_hashtags=3)
    assert rendered.fits and rendered.length <= LINKEDIN_MAX_COMMENTARY
    assert QUOTE in rendered.text


# ---- frame variants for repeats --------------------------------------------------------------


@pytest.mark.parametrize("platform", ["twitter", "linkedin", "facebook"])
@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"intro": "Een eigen regel."},
        {"context_before": "", "context_after": ""},
        {"hashtags": ()},
        {"hashtags": ("Verbinding",)},
    ],
)
def test_variants_zero_to_three_differ_pairwise_and_keep_the_quote(
    platform: str, changes: dict[str, object]
) -> None:
    texts = [render(platform, piece(**changes), max_hashtags=2, variant=v).text for v in range(4)]
    # Different even as a platform compares them: links and spacing left out.
    assert len({comparable_text(t) for t in texts}) == 4, texts
    assert all(f"{DUTCH_OPEN}{QUOTE}{DUTCH_CLOSE}" in t for t in texts)


def test_variant_one_leads_up_to_the_quote_and_two_shows_both_sides() -> None:
    one = render("linkedin", piece(), max_hashtags=0, variant=1).text
    two = render("linkedin", piece(), max_hashtags=0, variant=2).text
    assert BEFORE in one and AFTER not in one
    assert f"{BEFORE} […] {AFTER}" in two


# ---- context, cut at ingest ---------------------------------------------------------------------


def test_context_is_whole_sentences_from_the_same_paragraph_nearest_first() -> None:
    paragraph = f"{BEFORE} {QUOTE} {AFTER}"
    context = context_around(paragraph, QUOTE)
    assert (context.before, context.after) == (BEFORE, AFTER)


def test_context_stops_at_a_whole_sentence_within_the_limit() -> None:
    after = " ".join(f"Zin nummer {n} gaat over wat contact met je doet." for n in range(40))
    context = context_around(f"{QUOTE} {after}", QUOTE)
    assert 0 < len(context.after) <= CONTEXT_MAX_CHARS
    assert after.startswith(context.after)
    assert split_sentences(context.after)[-1].endswith(".")
    assert context.before == ""


def test_a_quote_not_in_its_paragraph_has_no_context() -> None:
    assert not context_around("Een heel andere alinea.", QUOTE)


# ---- the bundled essays, as the command line shows them ----------------------------------------


def test_queue_json_shows_linkedin_context_for_most_quotes_and_no_german_marks(run_cli) -> None:
    result = run_cli("queue", "--json")
    assert result.exit_code == 0, result.output
    rows = [r for r in json.loads(result.output) if r["postable"] and not r["orphaned"]]
    with_context = [r for r in rows if r["lengths"]["linkedin"]["context"]]
    assert len(rows) >= 40
    assert len(with_context) >= 0.8 * len(rows)
    for row in rows:
        for platform, text in row["render"].items():
            assert not re.search("„[^”]*“", text), (row["id"], platform, text)
            assert row["lengths"][platform]["fits"], (row["id"], platform)


def test_every_bundled_quote_renders_four_different_frames_that_fit(project) -> None:
    content = load_content(project)
    for snippet in content.queue.snippets:
        for account in content.config.accounts:
            link = post_link(snippet, account, content.queue, content.config)
            renders = [
                render_for(snippet, account, link, content.config, variant=v) for v in range(4)
            ]
            assert len({comparable_text(r.text) for r in renders}) == 4, (snippet.id, account)
            assert all(r.fits for r in renders), (snippet.id, account.platform)
            assert all(in_dutch_quotes(snippet.quote) in r.text for r in renders)
