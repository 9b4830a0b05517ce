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
