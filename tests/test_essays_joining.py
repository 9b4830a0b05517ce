"""Rejoining wrapped lines, and the Dutch line-end hyphen rules."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scheduler.essays.joining import SOFT_HYPHEN, build_vocabulary, join_lines


@pytest.mark.parametrize(
    ("lines", "vocabulary_text", "joined"),
    [
        (["hun bazen en collega’s ja-", "knikkers."], "", "hun bazen en collega’s jaknikkers."),
        (["“De ontwikkel-", "dichtheid was hoog!”"], "", "“De ontwikkeldichtheid was hoog!”"),
        (["de invloed van goed- ", "en afkeuring."], "", "de invloed van goed- en afkeuring."),
        (["geen voor-", "of afkeuring"], "", "geen voor- of afkeuring"),
        (["over een collega-", "directeur"], "een collega-directeur", "over een collega-directeur"),
        (["een top-", "down structuur"], "top-down", "een top-down structuur"),
        (["een Calimero-", "groepje"], "", "een Calimero-groepje"),
        (["de Portugal-", "training"], "", "de Portugal-training"),
        (["lekker mee-", "afzeiken"], "", "lekker mee-afzeiken"),
        (["een zee-", "egel"], "", "een zee-egel"),
        (["Noord-", "Holland"], "", "Noord-Holland"),
        (["bel 0341-", "353 466"], "", "bel 0341-353 466"),
        (["een team-", "lid"], "teamlid", "een teamlid"),
        (["het echte tegen-, of andere", "geluid"], "", "het echte tegen-, of andere geluid"),
        (["dat je geworteld ", "bent."], "", "dat je geworteld bent."),
        (["twee  spaties ", " en meer"], "", "twee spaties en meer"),
        (["zacht" + SOFT_HYPHEN, "moedig"], "", "zachtmoedig"),
        (["we cre-", "ëren ruimte"], "", "we creëren ruimte"),
    ],
)
def test_line_end_hyphens_follow_the_documented_rules(lines, vocabulary_text, joined):
    assert join_lines(lines, build_vocabulary([vocabulary_text])) == joined


def test_a_hyphenated_form_elsewhere_in_the_document_keeps_the_hyphen():
    vocabulary = build_vocabulary(["Een mee-afzeiken is niet fijn."])
    assert join_lines(["lekker mee-", "afzeiken"], vocabulary) == "lekker mee-afzeiken"


def test_an_unhyphenated_form_elsewhere_in_the_document_joins():
    vocabulary = build_vocabulary(["De ontwikkeldichtheid was hoog."])
    assert join_lines(["de ontwik-", "keldichtheid"], vocabulary) == "de ontwikkeldichtheid"


_LINE = st.text(alphabet="abcdeëï -,.’", min_size=1, max_size=30)


@given(st.lists(_LINE, min_size=1, max_size=6))
def test_joining_never_loses_or_adds_characters_except_spaces_and_line_end_hyphens(lines):
    joined = join_lines(lines)
    before = re.sub(r"[\s-]", "", "".join(lines))
    assert re.sub(r"[\s-]", "", joined) == before
    assert "  " not in joined
    assert joined.count("-") <= "".join(lines).count("-")
