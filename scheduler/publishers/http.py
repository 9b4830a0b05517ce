"""What the three publishers share: a session with a timeout (and an optional host rewrite),
the line between "never sent" and "sent, no answer", retry times, and safe error strings."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar, Generic, Self, TypeVar
from urllib.parse import urlsplit, urlunsplit

import requests
from urllib3.exceptions import (
    ConnectTimeoutError,
    NameResolutionError,
    NewConnectionError,
    ProxyError,
)

from scheduler.clock import Clock, utc_now
from scheduler.model.post import Outcome, Result
from scheduler.publishers.platform_access import PlatformSettings
from scheduler.redact import scrub

log = logging.getLogger(__name__)

Creds = TypeVar("Creds")

# A platform's own message can be long (HTML error pages); keep the ledger readable.
MAX_ERROR_CHARS = 300
DEFAULT_RATE_LIMIT_WAIT = timedelta(hours=1)


class VersionedPublisher(Generic[Creds]):
    """The one constructor of the publishers of a versioned REST API (LinkedIn, Facebook).

    Each names its own default base URL and version; tests and proxies pass others.
    """

    platform: ClassVar[str]
    live = True
    DEFAULT_API_BASE: ClassVar[str]
    DEFAULT_VERSION: ClassVar[str]

    @classmethod
    def configured(cls, handle: str, credentials: Creds, settings: PlatformSettings) -> Self:
        """As the settings say: the platform's base URL, its API version and the timeout."""
        api_base, version = settings.endpoint(cls.platform)
        return cls(
            handle, credentials, api_base=api_base, version=version, timeout_s=settings.timeout_s
        )

    def __init__(
        self,
        handle: str,
        credentials: Creds,
        *,
        api_base: str | None = None,
        version: str | None = None,
        timeout_s: float = 30.0,
        clock: Clock = utc_now,
    ) -> None:
        self.handle = handle
        self._credentials = credentials
        self._api_base = (self.DEFAULT_API_BASE if api_base is None else api_base).rstrip("/")
        self._version = self.DEFAULT_VERSION if version is None else version
        self._clock = clock
        self._session = PlatformSession(timeout_s)


class PlatformSession(requests.Session):
    """A requests session that always has a timeout and may send to another origin.

    ``rewrite_from`` -> ``rewrite_to`` swaps scheme/host/port (keeping path and query) in
    ``prepare_request``, that is BEFORE auth runs, so an OAuth 1.0a signature is computed over
    the URL actually sent. tweepy hard-codes https://api.twitter.com; this is how it reaches
    a proxy or a fake server and still signs correctly.
    """

    def __init__(
        self, timeout_s: float, *, rewrite_from: str | None = None, rewrite_to: str | None = None
    ) -> None:
        super().__init__()
        self.timeout_s = timeout_s
        self._from = _origin(rewrite_from) if rewrite_from else None
        self._to = urlsplit(rewrite_to) if rewrite_to else None

    def prepare_request(self, request: requests.Request) -> requests.PreparedRequest:
        if self._from and self._to and request.url:
            parts = urlsplit(str(request.url))
            if _origin(str(request.url)) == self._from:
                base_path = self._to.path.rstrip("/")
                request.url = urlunsplit(
                    (self._to.scheme, self._to.netloc, base_path + parts.path, parts.query, "")
                )
        return super().prepare_request(request)

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any):  # type: ignore[override]
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout_s
        return super().request(method, url, *args, **kwargs)


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


# --- transport failures -----------------------------------------------------------------------

_NEVER_CONNECTED = (NewConnectionError, ConnectTimeoutError, NameResolutionError, ProxyError)


def request_was_sent(exc: requests.RequestException) -> bool:
    """False only when we are sure no byte of the request reached the platform.

    Connect refused / DNS / connect timeout happen before sending. Everything else (read
    timeout, connection reset or closed mid-answer) may follow a committed post, so it
    counts as sent: the safe side for "publish exactly once".
    """
    if isinstance(exc, requests.ConnectTimeout | requests.exceptions.SSLError):
        return False
    if isinstance(exc, requests.exceptions.InvalidURL | requests.exceptions.MissingSchema):
        return False
    if isinstance(exc, requests.ConnectionError) and not isinstance(exc, requests.ReadTimeout):
        return not any(isinstance(cause, _NEVER_CONNECTED) for cause in _causes(exc))
    return True


def _causes(exc: BaseException) -> Iterable[BaseException]:
    """The exception, its args that are exceptions (urllib3 wraps that way), and its chain."""
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack.extend(arg for arg in current.args if isinstance(arg, BaseException))
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException):
            stack.append(reason)
        for linked in (current.__cause__, current.__context__):
            if linked is not None:
                stack.append(linked)


def transport_result(platform: str, exc: requests.RequestException, *, committing: bool) -> Result:
    """Map a request that got no HTTP answer.

    ``committing`` is True for the request that creates the post; for uploads and lookups a
    lost answer changes nothing on the platform, so those are plain TRANSIENT.
    """
    sent = request_was_sent(exc)
    kind = type(exc).__name__
    if committing and sent:
        return Result(
            Outcome.UNKNOWN,
            error=f"{platform}: request sent but no answer ({kind}); check before retrying",
        )
    where = "no connection" if not sent else "no answer"
    return Result(Outcome.TRANSIENT, error=f"{platform}: {where} ({kind})")


def lookup_failed(platform: str, exc: requests.RequestException) -> Result:
    """find() could not ask the platform: the protocol's UNKNOWN."""
    return Result(Outcome.UNKNOWN, error=f"{platform}: lookup failed ({type(exc).__name__})")


# --- answers -------------------------------------------------------------------------------


def outcome_for_status(status: int) -> Outcome:
    """The default reading of an HTTP status; platforms refine it with their bodies."""
    if status == 401:
        return Outcome.AUTH
    if status == 429:
        return Outcome.RATE_LIMITED
    if status >= 500 or status == 408:
        return Outcome.TRANSIENT
    return Outcome.REJECTED


def json_body(response: requests.Response) -> dict[str, Any]:
    """The answer's JSON object, or {} for HTML error pages, empty bodies and lists."""
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def safe_error(platform: str, status: int | str, message: str | None, *secrets: str) -> str:
    """``platform status: message`` with URLs' query strings and token shapes removed."""
    text = " ".join((message or "").split())
    text = _QUERY.sub("", text)
    text = scrub(text, secrets)
    if len(text) > MAX_ERROR_CHARS:
        text = text[: MAX_ERROR_CHARS - 1] + "…"
    return f"{platform} {status}: {text}" if text else f"{platform} {status}"


_QUERY = re.compile(r"(https?://[^\s?#\"']+)\?[^\s\"']*")


def retry_after(value: str | None, now: datetime) -> datetime | None:
    """Parse a Retry-After header: delta seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return now + timedelta(seconds=int(value))
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def from_epoch(value: str | None) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(str(value).strip()), tz=UTC) if value else None
    except (ValueError, OverflowError, OSError):
        return None


def rate_limited(error: str, retry_at: datetime | None, now: datetime) -> Result:
    return Result(
        Outcome.RATE_LIMITED, error=error, retry_at=retry_at or now + DEFAULT_RATE_LIMIT_WAIT
    )


# --- finding earlier posts ---------------------------------------------------------------

_URL = re.compile(r"https?://\S+")


def comparable_text(text: str) -> str:
    """Text as platforms hand it back: URLs shortened (t.co), entities escaped, spaces folded.

    Drop URLs, unescape entities, fold whitespace: two posts of the same quote compare equal.
    """
    return " ".join(_URL.sub(" ", html.unescape(text)).split())


class Halt(Exception):
    """Raised by a step before the post request to end publish() with a ready Result."""

    def __init__(self, result: Result) -> None:
        super().__init__(result.error)
        self.result = result
