"""The one HTTP client discovery uses, bounded in every direction a strange site could push:
a timeout per request, a cap on requests per run, a cap on the bytes read from any answer,
and a short redirect chain. Failures become FetchError with a sentence a person can act on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
from urllib3.exceptions import NameResolutionError

from scheduler.errors import BudgetSpent, FetchError

USER_AGENT = "essay-scheduler/0.1 (+links discover; reads titles of the author's own posts)"
DEFAULT_TIMEOUT_S = 10.0
DEFAULT_MAX_REQUESTS = 200  # robots, sitemaps, a feed, API searches and page titles
DEFAULT_MAX_BYTES = 5_000_000  # a post sitemap of 1,000 URLs is about 200 kB
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Answer:
    url: str  # after redirects
    status: int
    content_type: str
    body: bytes

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Fetcher:
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_requests: int = DEFAULT_MAX_REQUESTS
    max_bytes: int = DEFAULT_MAX_BYTES
    requests_made: int = 0
    # Hosts seen answering over https (after a redirect, say): evidence the site serves it.
    https_hosts: set[str] = field(default_factory=set)
    _session: requests.Session = field(default_factory=requests.Session, repr=False)

    def __post_init__(self) -> None:
        self._session.max_redirects = MAX_REDIRECTS
        self._session.headers["User-Agent"] = USER_AGENT

    def get(self, url: str, *, params: dict[str, str] | None = None) -> Answer:
        """GET within the bounds; any status of 400 or more is a FetchError too."""
        if self.requests_made >= self.max_requests:
            raise BudgetSpent(url, f"not fetched: the cap of {self.max_requests} requests is spent")
        self.requests_made += 1
        try:
            with self._session.get(
                url, params=params, timeout=self.timeout_s, stream=True, allow_redirects=True
            ) as response:
                body = self._read(response, url)
                final = response.url or url
                if urlsplit(final).scheme == "https":
                    self.https_hosts.add(urlsplit(final).netloc.lower())
                if response.status_code >= 400:
                    raise FetchError(
                        final,
                        f"HTTP {response.status_code} {response.reason or ''}".strip(),
                        status=response.status_code,
                    )
                return Answer(
                    final, response.status_code, response.headers.get("Content-Type", ""), body
                )
        except requests.RequestException as exc:
            raise FetchError(url, describe(exc, self.timeout_s)) from exc

    def _read(self, response: requests.Response, url: str) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(
                url,
                f"answer of {int(declared)} bytes is over the cap of {self.max_bytes} bytes",
                status=response.status_code,
            )
        chunks, size = [], 0
        for chunk in response.iter_content(_CHUNK):
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(
                    url,
                    f"answer is over the cap of {self.max_bytes} bytes; stopped reading",
                    status=response.status_code,
                )
            chunks.append(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        self._session.close()


def describe(exc: requests.RequestException, timeout_s: float) -> str:
    """The cause of a failed request in words: refused, timed out, unknown host, TLS, redirects."""
    if isinstance(exc, requests.Timeout):
        return f"no answer within {timeout_s:g} s (timed out)"
    if isinstance(exc, requests.TooManyRedirects):
        return f"more than {MAX_REDIRECTS} redirects"
    if isinstance(exc, requests.exceptions.SSLError):
        return "the TLS (https) handshake failed"
    if isinstance(exc, requests.ConnectionError):
        reason = exc.args[0] if exc.args else None
        cause = getattr(reason, "reason", reason)
        if isinstance(cause, NameResolutionError) or "Name or service not known" in str(exc):
            return "the host name does not resolve (DNS)"
        if "refused" in str(exc).lower():
            return "connection refused (is the site up, and the address right?)"
        if "reset" in str(exc).lower() or "aborted" in str(exc).lower():
            return "the connection was closed before an answer came"
        return "could not connect"
    if isinstance(exc, requests.exceptions.InvalidURL | requests.exceptions.MissingSchema):
        return "not a valid URL"
    return type(exc).__name__
