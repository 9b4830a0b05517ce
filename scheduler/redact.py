"""Keep tokens out of logs and error strings.

Two layers: publishers build their error strings from status + platform message only (and run
them through ``scrub``), and ``RedactingFilter`` masks whatever a library still logs (oauthlib
logs its signature base string, which holds the access token, at DEBUG).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

REDACTED = "***"

# Shorter strings are too likely to be ordinary words or ids; a real token is never this short.
MIN_SECRET_LENGTH = 6

# Credential-shaped fragments, masked even when we were not told the value:
# "Bearer abc", "access_token=abc", oauth_token="abc", ('oauth_signature', 'abc'),
# "oauth_token": "abc".
_BEARER = re.compile(r"(?i)\b(Bearer|OAuth)\s+(?!oauth_)[A-Za-z0-9\-._~+/=%]+")
_KEYED = re.compile(
    r"(?i)\b(access_token|oauth_token|oauth_token_secret|oauth_signature|oauth_consumer_key"
    r"|client_secret|page_token)"
    r"(['\"]?\s*(?:=|:|,)\s*['\"]?)"
    r"([^'\"&\s,)}\]]+)"
)


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """Return ``text`` with every known secret and credential-shaped fragment masked."""
    for secret in sorted({s for s in secrets if s and len(s) >= MIN_SECRET_LENGTH}, key=len)[::-1]:
        text = text.replace(secret, REDACTED)
    text = _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    return _KEYED.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)


class RedactingFilter(logging.Filter):
    """Rewrites each record's message (and formatted traceback) with secrets masked.

    It never drops a record: a redacted line is more useful than a missing one.
    """

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets: tuple[str, ...] = tuple(secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken %-format must not hide the record; mask what we have
            message = str(record.msg)
        clean = scrub(message, self.secrets)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            # Exceptions from requests carry full URLs; format once here, masked, so the
            # handler's formatter reuses exc_text instead of formatting the raw exception.
            record.exc_text = scrub(
                logging.Formatter().formatException(record.exc_info), self.secrets
            )
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info, self.secrets)
        return True


def install_redaction(secrets: Iterable[str]) -> RedactingFilter:
    """Add (or refresh) a RedactingFilter on every handler of the root logger.

    Handler filters see records propagated from every library logger, which logger filters
    do not. Handlers added to the root later need another call.
    """
    redactor = RedactingFilter(secrets)
    for handler in logging.getLogger().handlers:
        for old in [f for f in handler.filters if isinstance(f, RedactingFilter)]:
            handler.removeFilter(old)
        handler.addFilter(redactor)
    return redactor
