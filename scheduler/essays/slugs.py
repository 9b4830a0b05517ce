"""URL-safe, stable identifiers derived from titles."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(title: str) -> str:
    """ASCII, lowercase, hyphen-separated: "De kracht van het NU" -> "de-kracht-van-het-nu"."""
    # NFKD splits "ë" into "e" plus a combining trema, which the ASCII encode then drops.
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub("-", folded.lower()).strip("-")


def essay_slug(*candidates: str | None) -> str:
    """The first candidate that slugifies to something: a front-matter slug, then the title.

    Whatever a file says ("../../x", "/etc/y", "sub/dir"), the result is one safe file name.
    """
    for candidate in candidates:
        slug = slugify(candidate or "")
        if slug:
            return slug
    return "essay"
