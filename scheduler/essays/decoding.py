"""Turn the bytes of an essay file into clean text (NFC, ``\\n`` line ends).

Dutch essays come as UTF-8 (sometimes with a BOM, as Windows editors write it) or in a
Western single-byte code page: cp1252 from Word, latin-1 from older tools. charset-normalizer
guesses Central European or Mac code pages for short Dutch texts ("geďnspireerd"), so its
guess is only taken when cp1252 cannot decode the bytes at all.
"""

from __future__ import annotations

import codecs
import unicodedata

import charset_normalizer

from scheduler.errors import EssayFileError

# Characters that never occur in prose; several of them mean the file is not text.
_CONTROL_CHARS = {chr(c) for c in range(32) if chr(c) not in "\t\n\r\f"} | {"\x7f"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TEXT_HINT = "save the essay as a text file (UTF-8), Markdown, HTML or PDF and try again"


def decode_essay_bytes(data: bytes, source: str) -> str:
    """Decode an essay file's bytes; raise ``EssayFileError`` for empty or binary files."""
    if not data.strip():
        raise EssayFileError(
            "the file is empty", path=source, hint="put the essays in it, or remove it"
        )
    text = _decode(data, source)
    if any(ch in _CONTROL_CHARS for ch in text):
        raise _binary_error(source)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _decode(data: bytes, source: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise _binary_error(source) from exc
    if b"\x00" in data:
        raise _binary_error(source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # cp1252 is latin-1 plus „“”‘’–…€ in 0x80-0x9F, where latin-1 has only controls.
        return data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    guess = charset_normalizer.from_bytes(data).best()
    if guess is None:
        raise _binary_error(source)
    return str(guess)


def _binary_error(source: str) -> EssayFileError:
    return EssayFileError(
        "the file is not readable text (it looks binary or uses an unknown encoding)",
        path=source,
        hint=_TEXT_HINT,
    )
