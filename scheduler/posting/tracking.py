"""Tracked links: UTM tagging, short link URLs and referrer hosts.

Everything here is pure (no I/O, no clock); short codes are made and kept by
scheduler.store.shortlinks.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from scheduler.errors import LinkError
from scheduler.model.platforms import PLATFORMS

UTM_MEDIUM = "social"

# Accept any URL-safe code, so codes minted under an older alphabet keep resolving.
_VALID_SHORT_CODE = re.compile(r"[A-Za-z0-9_-]+")
SHORT_LINK_PATH = "/l/"


def tag_url(url: str, *, platform: str, essay_slug: str, snippet_id: str) -> str:
    """Return ``url`` with utm_source/medium/campaign/content added for one social post.

    The existing query string is kept byte for byte and the UTM parameters are appended
    after it in a fixed order; the fragment is kept. A utm_* parameter the URL already
    carries wins: the author put it there on purpose (a campaign URL in the essay map, say),
    so it is neither overwritten nor repeated.
    """
    if platform not in PLATFORMS:
        raise LinkError(f"unknown platform {platform!r}; expected one of {sorted(PLATFORMS)}")
    if not essay_slug or not snippet_id:
        raise LinkError("essay_slug and snippet_id must not be empty")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise LinkError(f"not an absolute http(s) URL: {url!r}")

    present = {key for key, _ in parse_qsl(parts.query, keep_blank_values=True)}
    wanted = (
        ("utm_source", platform),
        ("utm_medium", UTM_MEDIUM),
        ("utm_campaign", essay_slug),
        ("utm_content", snippet_id),
    )
    # quote (not quote_plus): spaces become %20, which every analytics tool decodes alike.
    added = urlencode([kv for kv in wanted if kv[0] not in present], quote_via=quote)
    query = "&".join(part for part in (parts.query.rstrip("&"), added) if part)
    return urlunsplit(parts._replace(query=query))


def short_url(public_base: str, code: str) -> str:
    """The public short link for ``code``: ``{public_base}/l/{code}``."""
    if not _VALID_SHORT_CODE.fullmatch(code):
        raise LinkError(f"not a URL-safe short code: {code!r}")
    return f"{public_base.rstrip('/')}{SHORT_LINK_PATH}{code}"


def link_for_essay(essay_slug: str, *, blog_url: str, essay_urls: Mapping[str, str]) -> str:
    """The essay's own page when we know it, else the blog timeline."""
    return essay_urls.get(essay_slug) or blog_url


def has_own_link(
    essay_slug: str,
    front_matter_url: str | None,
    *,
    blog_url: str | None,
    essay_urls: Mapping[str, str],
) -> bool:
    """Whether an essay's posts would link to its own page rather than to the blog timeline."""
    own = front_matter_url or essay_urls.get(essay_slug)
    return bool(own) and own != blog_url


MAX_HOST_LENGTH = 253  # the longest DNS name (RFC 1035, in text form)


def referrer_host(referrer: str | None) -> str | None:
    """Only the host of a Referer header, lower-cased, for counting clicks per site.

    Paths and queries can carry personal data and an IP literal can point at someone's
    network, so neither is ever returned; unparseable input gives None.
    """
    if not referrer:
        return None
    try:
        host = urlsplit(referrer.strip()).hostname
    except ValueError:  # e.g. an unbalanced "[" in an IPv6 literal
        return None
    if not host:
        return None
    host = host.rstrip(".")
    if len(host) > MAX_HOST_LENGTH:  # no DNS name is longer: a made-up header, not a site
        return None
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host or None
    return None
