from __future__ import annotations

import io
from dataclasses import replace
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from scheduler.posting.cards import (
    CARD_SIZES,
    QUOTE_MAX_SIZE,
    QUOTE_MIN_SIZE,
    Box,
    CardLayout,
    CardStyle,
    layout_card,
    render_card,
)
from scheduler.posting.compose import DUTCH_CLOSE, DUTCH_OPEN
from scheduler.posting.compose import in_dutch_quotes as with_dutch_quotes

AUTHOR = "Annemarie Baltus"
TITLE = "Kwetsbaarheid is een senior capaciteit"
SHORT = "Kwetsbaarheid is een senior capaciteit."
MEDIUM = (
    "Onder dominantie zit kwetsbaarheid verborgen en daarom is dominantie net zo zwak als "
    "passiviteit."
)
LONG = (
    "Als je effectieve relaties wilt hebben waar het stroomt en werken inspireert, een "
    "omgeving wilt scheppen waar ieder zijn kwaliteit volledig kan geven, dan gaat het erom "
    "dat je de ruis van de lijn kunt halen."
)
TWEET_LENGTH = LONG + " Dat vraagt moed: je eigen ‘ruis’ herkennen en loslaten, elke dag opnieuw."
LONG_WORDS = (
    "Leiderschapskwaliteiten groeien waar ontwikkeldichtheid is: "
    "leiderschapskwaliteiten ontwikkeldichtheid leiderschapskwaliteiten."
)
PLATFORMS = sorted(CARD_SIZES)


@pytest.fixture(scope="module")
def logo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("logo") / "logo.png"
    Image.new("RGBA", (400, 200), (255, 0, 0, 255)).save(path)
    return path


def _layout(quote: str, platform: str, **style: object) -> CardLayout:
    return layout_card(
        quote, author=AUTHOR, title=TITLE, platform=platform, style=CardStyle(**style)
    )


def _inside(box: Box, outer: Box) -> bool:
    return outer[0] <= box[0] and outer[1] <= box[1] and box[2] <= outer[2] and box[3] <= outer[3]


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _assert_well_placed(layout: CardLayout) -> None:
    texts = [*layout.quote, layout.author, *layout.title]
    for line in texts:
        assert _inside(line.box, layout.content), line
    # Reading order, top to bottom, without any two lines touching.
    for upper, lower in zip(texts, texts[1:], strict=False):
        assert upper.box[3] <= lower.box[1], (upper, lower)
    assert layout.quote[-1].box[3] < layout.rule[1] < layout.author.box[1]
    if layout.logo_slot is not None:
        assert _inside(layout.logo_slot, layout.content)
        assert not any(_overlap(line.box, layout.logo_slot) for line in texts)


def test_bundled_fonts_and_their_license_ship_with_the_package() -> None:
    fonts = resources.files("scheduler").joinpath("fonts")
    names = {entry.name for entry in fonts.iterdir()}
    assert {"DejaVuSerif.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSans.ttf", "LICENSE"} <= names
    assert "Bitstream" in fonts.joinpath("LICENSE").read_text(encoding="utf-8")


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_card_has_its_platforms_size(platform: str) -> None:
    png = render_card(SHORT, author=AUTHOR, title=TITLE, platform=platform)
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.size == CARD_SIZES[platform]


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("quote", [SHORT, MEDIUM, LONG, TWEET_LENGTH, LONG_WORDS])
def test_text_stays_inside_the_margins(quote: str, platform: str) -> None:
    _assert_well_placed(_layout(quote, platform))


@pytest.mark.parametrize("platform", PLATFORMS)
def test_text_stays_clear_of_the_logo(platform: str, logo: Path) -> None:
    _assert_well_placed(_layout(TWEET_LENGTH, platform, logo=logo))


def test_the_tweet_length_sample_is_about_280_characters() -> None:
    assert 270 <= len(TWEET_LENGTH) <= 290


def test_short_quotes_are_large_and_long_ones_shrink() -> None:
    assert _layout(SHORT, "linkedin").quote_size == QUOTE_MAX_SIZE
    assert QUOTE_MIN_SIZE <= _layout(TWEET_LENGTH, "linkedin").quote_size < QUOTE_MAX_SIZE


_word = st.text("abcdefghijklmnopqrstuvwxyzéëï", min_size=1, max_size=14)


@settings(max_examples=25, deadline=None)
@given(words=st.lists(_word, min_size=1, max_size=80))
def test_quotes_up_to_300_characters_fit_every_card(words: list[str]) -> None:
    quote = " ".join(words)[:300].strip()
    for platform in PLATFORMS:
        _assert_well_placed(_layout(quote, platform))


@pytest.mark.parametrize(
    "quote",
    [
        " ".join([LONG] * 5),
        "x" * 120,  # one word wider than the card even at the smallest size
    ],
)
def test_quotes_that_cannot_fit_raise_a_clear_error(quote: str) -> None:
    with pytest.raises(ValueError, match="choose a shorter quote"):
        _layout(quote, "linkedin")


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("quote", [SHORT, MEDIUM, LONG, TWEET_LENGTH])
def test_no_single_word_alone_on_the_last_line(quote: str, platform: str) -> None:
    lines = [line.text for line in _layout(quote, platform).quote]
    assert len(lines) == 1 or " " in lines[-1], lines


def test_the_widow_repair_keeps_the_line_count() -> None:
    # Set greedily at full width, the short sample leaves "capaciteit.”" alone.
    lines = [line.text for line in _layout(SHORT, "twitter").quote]
    assert lines == [f"{DUTCH_OPEN}Kwetsbaarheid is een", f"senior capaciteit.{DUTCH_CLOSE}"]


def test_an_unavoidable_widow_is_left_rather_than_failing() -> None:
    pair = "leiderschapskwaliteiten ontwikkeldichtheid"
    lines = [line.text for line in _layout(pair, "twitter").quote]
    assert lines == [f"{DUTCH_OPEN}leiderschapskwaliteiten", f"ontwikkeldichtheid{DUTCH_CLOSE}"]


@pytest.mark.parametrize(
    ("quote", "marked"),
    [
        ("Kwetsbaarheid is kracht.", "„Kwetsbaarheid is kracht.”"),
        ("„Kwetsbaarheid is kracht.“", "„Kwetsbaarheid is kracht.”"),
        ('"Kwetsbaarheid is kracht."', "„Kwetsbaarheid is kracht.”"),
        ("“Kwetsbaarheid is kracht.”", "„Kwetsbaarheid is kracht.”"),
        ("Zij noemt het ‘ruis’ op de lijn.", "„Zij noemt het ‘ruis’ op de lijn.”"),
        ("  Twee\n regels   tekst. ", "„Twee regels tekst.”"),
        ('"Ja," zei ze, "dat is het."', "„‘Ja,’ zei ze, ‘dat is het.’”"),
        ("Hij creëert een „idee“ dat werkt.", "„Hij creëert een ‘idee’ dat werkt.”"),
        ('Zij zei: "ga maar" en ging.', "„Zij zei: ‘ga maar’ en ging.”"),
    ],
)
def test_quotes_get_dutch_marks_once(quote: str, marked: str) -> None:
    assert with_dutch_quotes(quote) == marked


@pytest.mark.parametrize("quote", ["", "   ", "„“", '""'])
def test_an_empty_quote_is_refused(quote: str) -> None:
    with pytest.raises(ValueError, match="empty"):
        with_dutch_quotes(quote)


def test_the_card_text_carries_marks_dash_and_title() -> None:
    layout = _layout(MEDIUM, "facebook")
    assert layout.quote[0].text.startswith(DUTCH_OPEN)
    assert layout.quote[-1].text.endswith(DUTCH_CLOSE)
    assert layout.author.text == f"— {AUTHOR}"
    assert [line.text for line in layout.title] == [TITLE]
    assert layout.title[0].size < layout.author.size <= layout.quote_size


def test_a_long_title_is_cut_to_two_lines_with_an_ellipsis(logo: Path) -> None:
    title = " ".join(["Over kwetsbaarheid, dominantie en de kwaliteit van contact"] * 4)
    layout = layout_card(
        SHORT, author=AUTHOR, title=title, platform="linkedin", style=CardStyle(logo=logo)
    )
    assert len(layout.title) == 2
    assert layout.title[-1].text.endswith("…")
    _assert_well_placed(layout)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_rendering_is_deterministic(platform: str, logo: Path) -> None:
    style = CardStyle(logo=logo)
    first = render_card(LONG, author=AUTHOR, title=TITLE, platform=platform, style=style)
    again = render_card(LONG, author=AUTHOR, title=TITLE, platform=platform, style=style)
    assert first == again


def test_the_logo_is_scaled_into_its_corner(logo: Path) -> None:
    layout = _layout(SHORT, "twitter", logo=logo)
    assert layout.logo_slot is not None
    left, top, right, bottom = layout.logo_slot
    png = render_card(
        SHORT, author=AUTHOR, title=TITLE, platform="twitter", style=CardStyle(logo=logo)
    )
    with Image.open(io.BytesIO(png)) as card:
        # The 2:1 logo fills the slot's height and keeps its proportions, flush right.
        logo_width = 2 * (bottom - top)
        assert card.getpixel((right - 2, bottom - 2)) == (255, 0, 0)
        assert card.getpixel((right - logo_width + 2, top + 2)) == (255, 0, 0)
        assert card.getpixel((right - logo_width - 4, top + 2)) != (255, 0, 0)
        assert card.getpixel((right + 4, bottom - 2)) != (255, 0, 0)


def test_style_colours_are_used() -> None:
    style = replace(CardStyle(), background="#000000", accent="#00ff00")
    png = render_card(SHORT, author=AUTHOR, title=TITLE, platform="twitter", style=style)
    with Image.open(io.BytesIO(png)) as card:
        assert card.getpixel((card.width - 2, 2)) == (0, 0, 0)
        assert card.getpixel((2, card.height // 2)) == (0, 255, 0)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"platform": "instagram"},
        {"author": "  "},
        {"title": ""},
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, str]) -> None:
    args = {"author": AUTHOR, "title": TITLE, "platform": "twitter"} | kwargs
    with pytest.raises(ValueError):
        layout_card(SHORT, **args)


def test_margins_must_leave_room_for_the_accent_band() -> None:
    with pytest.raises(ValueError, match="margin"):
        CardStyle(margin_x=4)
