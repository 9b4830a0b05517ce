"""Links people write (essay URLs, the blog, a public base): checked where they are read.

A post links to a reader's browser, so only http(s) will do: ``javascript:``, ``ftp://`` or
a mistyped scheme would otherwise reach ``tag_url`` long after loading and take down every
command that renders a post. A bare domain ("www.inspira.nl/blog/x") is what people paste
from an address bar, so it is completed to https rather than refused.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")
URL_HINT = "write a full web address, e.g. https://www.inspira.nl/blog/"
# A host name with at least one dot and a letter-only top-level label, maybe a port, a path.
_BARE_DOMAIN = re.compile(
    r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}\.?(?::\d{1,5})?(?:[/?#].*)?",
    re.IGNORECASE,
)
_HOST = re.compile(r"[\w.\-]+|\[[0-9a-f:.]+\]", re.IGNORECASE)


def web_url(text: str) -> str | None:
    """The http(s) URL ``text`` names, a bare domain completed to https; None if it is not one."""
    url = text.strip()
    if not url or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return None
    if "://" not in url and _BARE_DOMAIN.fullmatch(url):
        url = "https://" + url
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018  (raises ValueError for a port out of range)
    except ValueError:
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or not host or not _HOST.fullmatch(host):
        return None
    return url
