"""Decoding essay bytes: UTF-8 with or without BOM, cp1252, latin-1, and refusals."""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from scheduler.errors import EssayFileError
from scheduler.essays.decoding import decode_essay_bytes

DUTCH = "Hij creëert een geïnspireerd „idee“ – zo’n kwestie…\nDe ideeën zijn één.\n"


def test_utf8_is_read_as_is():
    assert decode_essay_bytes(DUTCH.encode("utf-8"), "a.txt") == DUTCH


def test_a_utf8_byte_order_mark_is_dropped():
    assert decode_essay_bytes(codecs.BOM_UTF8 + DUTCH.encode("utf-8"), "a.txt") == DUTCH


def test_cp1252_with_dutch_quotes_and_diacritics_is_read_correctly():
    assert decode_essay_bytes(DUTCH.encode("cp1252"), "a.txt") == DUTCH


def test_latin1_is_read_correctly():
    text = "De ideeën zijn geïnspireerd, café, één.\n"
    assert decode_essay_bytes(text.encode("latin-1"), "a.txt") == text


def test_windows_line_ends_become_newlines_and_text_is_nfc():
    decomposed = unicodedata.normalize("NFD", "creëert\r\nnu")
    assert decode_essay_bytes(decomposed.encode("utf-8"), "a.txt") == "creëert\nnu"


@pytest.mark.parametrize("data", [b"", b"  \n\n"])
def test_an_empty_file_is_refused_with_its_name(data):
    with pytest.raises(EssayFileError, match="empty") as caught:
        decode_essay_bytes(data, "essays/leeg.txt")
    assert caught.value.path == "essays/leeg.txt" and caught.value.hint


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"abc\x01\x02\x03def"])
def test_a_binary_file_is_refused_with_what_to_do(data):
    with pytest.raises(EssayFileError, match="not readable text") as caught:
        decode_essay_bytes(data, "essays/plaatje.txt")
    assert "UTF-8" in caught.value.hint
