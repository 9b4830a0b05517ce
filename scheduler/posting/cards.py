"""Quote cards: one quote from an essay, set as a PNG sized for each platform.

``layout_card`` makes every decision (font size, line breaks, positions) and is pure, so
tests can check the geometry without looking at pixels; ``render_card`` only paints it.
The fonts ship with the package and text is shaped by Pillow's built-in engine, so the
same input gives the same bytes on every machine with the same Pillow.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageFont

from scheduler.errors import CardError
from scheduler.posting.compose import in_dutch_quotes

CARD_SIZES: dict[str, tuple[int, int]] = {
    "twitter": (1200, 675),
    "linkedin": (1200, 627),
    "facebook": (1200, 630),
}

Box = tuple[int, int, int, int]  # left, top, right, bottom; right and bottom exclusive
Colour = str | tuple[int, int, int]
Line = tuple[str, int, str]  # font file, size, text

QUOTE_FONT = "DejaVuSerif.ttf"
AUTHOR_FONT = "DejaVuSans.ttf"
TITLE_FONT = "DejaVuSerif-Italic.ttf"

# The quote starts at the largest size and shrinks until it fits. The smallest size still
# reads on a phone and lets quotes of about 300 characters fit the lowest card (LinkedIn).
QUOTE_MAX_SIZE = 64
QUOTE_MIN_SIZE = 32
QUOTE_SIZE_STEP = 2
QUOTE_LEADING = 1.32  # line pitch as a multiple of the font size
AUTHOR_SIZE = 28
TITLE_SIZE = 26
ATTRIBUTION_LEADING = 1.3
TITLE_MAX_LINES = 2

ACCENT_BAND_WIDTH = 14  # the coloured strip along the left edge
RULE_WIDTH, RULE_HEIGHT = 56, 4  # the accent stroke above the attribution
RULE_TO_AUTHOR = 20
MIN_QUOTE_TO_RULE = 36  # the quote never comes closer to the rule than this
LOGO_SLOT_WIDTH, LOGO_SLOT_HEIGHT = 220, 72  # a logo is scaled to fit this, bottom right
LOGO_TO_TEXT = 32

# Widow repair narrows the column in these steps, down to this fraction of its width.
WIDOW_NARROWING_STEP = 8
WIDOW_MIN_WIDTH_FRACTION = 0.6

EM_DASH = "\u2014"
ELLIPSIS = "\u2026"


@dataclass(frozen=True)
class CardStyle:
    """Colours, margins and an optional logo. The defaults are a calm paper-and-ink look."""

    background: Colour = "#F7F3EC"  # warm off-white
    text: Colour = "#1D2B3A"  # ink navy, about 13:1 against the background
    muted: Colour = "#5B6573"  # the essay title: quieter than the quote, still above 5:1
    accent: Colour = "#B4553A"  # terracotta, used sparingly: the edge band and the rule
    logo: Path | None = None  # a PNG, ideally with transparency
    margin_x: int = 96
    margin_y: int = 72

    def __post_init__(self) -> None:
        if self.margin_x <= ACCENT_BAND_WIDTH or self.margin_y < 0:
            raise CardError(
                f"margins must leave room for the accent band: margin_x > {ACCENT_BAND_WIDTH}"
                " and margin_y >= 0"
            )
        for colour in (self.background, self.text, self.muted, self.accent):
            _check_colour(colour)


def _check_colour(colour: Colour) -> None:
    """Refuse a colour Pillow cannot read here, with Pillow's words, not later mid-drawing."""
    if isinstance(colour, str):
        try:
            ImageColor.getrgb(colour)
        except ValueError as exc:
            raise CardError(str(exc)) from exc


DEFAULT_STYLE = CardStyle()


@dataclass(frozen=True)
class PlacedText:
    """One line of text: what Pillow draws where, and the ink it leaves on the card."""

    text: str
    font: str  # a file name under scheduler/fonts/
    size: int
    origin: tuple[int, int]  # Pillow's xy with the default "la" (left, ascender) anchor
    box: Box


@dataclass(frozen=True)
class CardLayout:
    width: int
    height: int
    content: Box  # the area inside the margins; every text box lies within it
    quote_size: int
    quote: tuple[PlacedText, ...]
    author: PlacedText
    title: tuple[PlacedText, ...]
    rule: Box
    logo_slot: Box | None


def layout_card(
    quote: str, *, author: str, title: str, platform: str, style: CardStyle = DEFAULT_STYLE
) -> CardLayout:
    """Decide the whole card: raises CardError when the quote cannot fit even the minimum size."""
    if platform not in CARD_SIZES:
        raise CardError(f"unknown platform {platform!r}; expected one of {sorted(CARD_SIZES)}")
    if not author.strip() or not title.strip():
        raise CardError("a card needs both the author's name and the essay title")
    width, height = CARD_SIZES[platform]
    content = (style.margin_x, style.margin_y, width - style.margin_x, height - style.margin_y)
    left, top, right, bottom = content

    logo_slot = None
    attribution_right = right
    if style.logo is not None:
        logo_slot = (right - LOGO_SLOT_WIDTH, bottom - LOGO_SLOT_HEIGHT, right, bottom)
        attribution_right = logo_slot[0] - LOGO_TO_TEXT

    attribution = _attribution_lines(author, title, attribution_right - left)
    attribution_top = bottom - _stack_height(attribution, ATTRIBUTION_LEADING)
    placed_attribution = _stack(attribution, left, attribution_top, ATTRIBUTION_LEADING)

    rule_top = attribution_top - RULE_TO_AUTHOR - RULE_HEIGHT
    rule = (left, rule_top, left + RULE_WIDTH, rule_top + RULE_HEIGHT)

    quote_bottom = rule_top - MIN_QUOTE_TO_RULE
    size, lines = _fit_quote(in_dutch_quotes(quote), right - left, quote_bottom - top, platform)
    quote_lines = [(QUOTE_FONT, size, line) for line in lines]
    # Centre the quote in the space above the attribution: short quotes float, long ones fill.
    quote_top = top + (quote_bottom - top - _stack_height(quote_lines, QUOTE_LEADING)) // 2

    return CardLayout(
        width=width,
        height=height,
        content=content,
        quote_size=size,
        quote=tuple(_stack(quote_lines, left, quote_top, QUOTE_LEADING)),
        author=placed_attribution[0],
        title=tuple(placed_attribution[1:]),
        rule=rule,
        logo_slot=logo_slot,
    )


def render_card(
    quote: str, *, author: str, title: str, platform: str, style: CardStyle = DEFAULT_STYLE
) -> bytes:
    """The quote card as PNG bytes; identical input gives identical bytes."""
    layout = layout_card(quote, author=author, title=title, platform=platform, style=style)
    card = Image.new("RGB", (layout.width, layout.height), style.background)
    draw = ImageDraw.Draw(card)
    draw.rectangle(_inclusive((0, 0, ACCENT_BAND_WIDTH, layout.height)), fill=style.accent)
    draw.rectangle(_inclusive(layout.rule), fill=style.accent)
    for line, colour in [
        *((line, style.text) for line in layout.quote),
        (layout.author, style.text),
        *((line, style.muted) for line in layout.title),
    ]:
        draw.text(line.origin, line.text, font=_font(line.font, line.size), fill=colour)
    if style.logo is not None and layout.logo_slot is not None:
        _paste_logo(card, style.logo, layout.logo_slot)
    out = io.BytesIO()
    card.save(out, format="PNG")
    return out.getvalue()


@cache
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    data = resources.files("scheduler").joinpath("fonts", name).read_bytes()
    # BASIC, not Raqm: Raqm is present on some machines and not others, and shapes
    # differently, which would change line breaks and bytes from one machine to the next.
    return ImageFont.truetype(io.BytesIO(data), size, layout_engine=ImageFont.Layout.BASIC)


def _ink_width(font: ImageFont.FreeTypeFont, text: str) -> int:
    """Width of the inked area from the pen position, counting a left overhang (italics)."""
    left, _, right, _ = font.getbbox(text)
    return right - min(left, 0)


def _greedy_wrap(words: Sequence[str], font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and _ink_width(font, candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    return lines


def _has_widow(lines: Sequence[str]) -> bool:
    return len(lines) > 1 and " " not in lines[-1]


def _wrap(words: Sequence[str], font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy wrapping, then a narrower column if one word would sit alone on the last line.

    Only wraps with the same number of lines are taken, so the block keeps the height the
    font size was chosen for. When none exists the widow stays: it is unavoidable there.
    """
    lines = _greedy_wrap(words, font, width)
    if not _has_widow(lines):
        return lines
    narrowest = int(width * WIDOW_MIN_WIDTH_FRACTION)
    for trial_width in range(width - WIDOW_NARROWING_STEP, narrowest, -WIDOW_NARROWING_STEP):
        trial = _greedy_wrap(words, font, trial_width)
        if len(trial) > len(lines):
            break  # narrower columns only ever need more lines
        if not _has_widow(trial):
            return trial
    return lines


def _fit_quote(text: str, width: int, height: int, platform: str) -> tuple[int, list[str]]:
    """The largest quote size whose wrapped lines fit the box, with those lines."""
    words = text.split()
    for size in range(QUOTE_MAX_SIZE, QUOTE_MIN_SIZE - 1, -QUOTE_SIZE_STEP):
        font = _font(QUOTE_FONT, size)
        if any(_ink_width(font, word) > width for word in words):
            continue
        lines = _wrap(words, font, width)
        if _stack_height([(QUOTE_FONT, size, line) for line in lines], QUOTE_LEADING) <= height:
            return size, lines
    raise CardError(
        f"the quote ({len(text) - 2} characters) does not fit a {platform} card even at"
        f" {QUOTE_MIN_SIZE}px; choose a shorter quote"
    )


def _attribution_lines(author: str, title: str, width: int) -> list[Line]:
    """The "— Author" line, then the essay title on at most two lines, all within ``width``."""
    author_line = f"{EM_DASH} {' '.join(author.split())}"
    author_text = _ellipsize(author_line, _font(AUTHOR_FONT, AUTHOR_SIZE), width)
    title_lines = _clamp_lines(title, _font(TITLE_FONT, TITLE_SIZE), width, TITLE_MAX_LINES)
    return [
        (AUTHOR_FONT, AUTHOR_SIZE, author_text),
        *((TITLE_FONT, TITLE_SIZE, line) for line in title_lines),
    ]


def _ellipsize(text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """``text`` if it fits, else cut at a word (or, for one long word, a letter) and add …"""
    if _ink_width(font, text) <= width:
        return text
    while " " in text and _ink_width(font, text + ELLIPSIS) > width:
        text = text.rsplit(" ", 1)[0]
    while text and _ink_width(font, text + ELLIPSIS) > width:
        text = text[:-1]
    return text.rstrip(" ,;:") + ELLIPSIS


def _clamp_lines(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """Wrap to at most ``max_lines``; what does not fit ends in an ellipsis."""
    lines = _wrap(text.split(), font, width)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return [_ellipsize(line, font, width) for line in lines]


def _pitch(size: int, leading: float) -> int:
    return round(size * leading)


def _line_height(font_name: str, size: int) -> int:
    ascent, descent = _font(font_name, size).getmetrics()
    return ascent + descent


def _stack_height(lines: Sequence[Line], leading: float) -> int:
    *above, (last_font, last_size, _) = lines
    return sum(_pitch(size, leading) for _, size, _ in above) + _line_height(last_font, last_size)


def _stack(lines: Sequence[Line], left: int, top: int, leading: float) -> list[PlacedText]:
    placed = []
    y = top
    for font_name, size, text in lines:
        font = _font(font_name, size)
        ink_left, ink_top, ink_right, ink_bottom = font.getbbox(text)
        x = left - min(ink_left, 0)  # pull an overhanging glyph back inside the margin
        box = (x + ink_left, y + ink_top, x + ink_right, y + ink_bottom)
        placed.append(PlacedText(text, font_name, size, (x, y), box))
        y += _pitch(size, leading)
    return placed


def _inclusive(box: Box) -> Box:
    """Pillow's rectangle() includes its right and bottom edge; our boxes do not."""
    left, top, right, bottom = box
    return left, top, right - 1, bottom - 1


def _paste_logo(card: Image.Image, path: Path, slot: Box) -> None:
    """Scale the logo to fit the slot, keeping its proportions, and set it bottom right."""
    with Image.open(path) as source:
        try:
            logo = source.convert("RGBA")
        except ValueError as exc:  # a mode Pillow cannot convert: the logo file must change
            raise CardError(str(exc)) from exc
    slot_width, slot_height = slot[2] - slot[0], slot[3] - slot[1]
    scale = min(slot_width / logo.width, slot_height / logo.height)
    size = (max(1, round(logo.width * scale)), max(1, round(logo.height * scale)))
    logo = logo.resize(size, Image.Resampling.LANCZOS)
    card.paste(logo, (slot[2] - size[0], slot[3] - size[1]), logo)
