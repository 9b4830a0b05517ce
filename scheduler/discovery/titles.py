"""Titles compared the way a Dutch reader would: same words, whatever the case, accents or
punctuation, and whatever site name the page appends. Pure functions.

A match is equality after normalising, never similarity: "De kracht van zacht" must not take
the page "De kracht van zacht leiden", however close the two look.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

# What sites put between a post's title and their own name: "Titel – Inspira", "Titel | Inspira",
# "Inspira » Titel". Spaces around the mark are required, so "zelf-kennis" is never split.
_SEPARATOR = re.compile(r"\s+[\-–—|·•:»«~]\s+")
# Apostrophes join (zo'n, auto's): dropping them keeps "zo’n" and "zo'n" one word.
_APOSTROPHES = re.compile(r"['’‘`´]")
_NOT_WORD = re.compile(r"[^\w]+")


def normalise_title(text: str) -> str:
    """Lower-case words, no diacritics, no punctuation: 'Georiënteerde  NU!' → 'georienteerde nu'.

    HTML entities are decoded first (feeds and the WordPress API send "&#8211;" and "&amp;").
    The Dutch IJ needs no rule of its own: casefold makes "IJ" and "ij" alike, and the
    one-character "Ĳ" becomes "ij" under NFKC.
    """
    text = unicodedata.normalize("NFKC", html.unescape(text)).casefold()
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text)
    return " ".join(_NOT_WORD.sub(" ", text).replace("_", " ").split())


def title_variants(title: str, site_names: Iterable[str]) -> set[str]:
    """The normalised title, and the title without a site name before or after a separator.

    Only a known site name is cut off (the feed's or page's site name, or a label of the
    host), so "Leiderschap – deel 2" never turns into "Leiderschap".
    """
    names = {normalise_title(n) for n in site_names} - {""}
    variants = {normalise_title(title)}
    parts = _SEPARATOR.split(html.unescape(title).strip())
    if len(parts) > 1:
        if normalise_title(parts[-1]) in names:
            variants.add(normalise_title(" - ".join(parts[:-1])))
        if normalise_title(parts[0]) in names:
            variants.add(normalise_title(" - ".join(parts[1:])))
    return variants - {""}


def same_title(essay_title: str, page_title: str, site_names: Iterable[str] = ()) -> bool:
    return normalise_title(essay_title) in title_variants(page_title, site_names)


def host_names(host: str) -> set[str]:
    """Site names a host implies: www.inspira.nl → {'inspira', 'inspira.nl', 'www.inspira.nl'}."""
    host = host.split(":")[0].lower().strip(".")
    if not host or host.replace(".", "").isdigit():
        return {host} - {""}  # an IPv4 address names no site
    labels = [label for label in host.split(".") if label and label != "www"]
    names = {host, ".".join(labels)}
    if len(labels) >= 2:
        names.add(labels[-2])  # the registered name without its suffix
    return names - {""}
