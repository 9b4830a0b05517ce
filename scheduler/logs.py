"""Structured logs: one line per event, key=value (or JSON for log shippers), with the account
and snippet, no tokens."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable

# Record attributes that are not event fields; uvicorn adds an ANSI-coloured twin message.
_RESERVED = set(vars(logging.makeLogRecord({}))) | {"color_message"}


class KeyValueFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = (
            f"{self.formatTime(record, '%Y-%m-%dT%H:%M:%S%z')} {record.levelname.lower()} "
            f"{record.getMessage()}"
        )
        fields = _fields(record)
        if fields:
            line += " " + " ".join(f"{k}={_quoted(v)}" for k, v in fields.items())
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the event's fields, any error."""

    def format(self, record: logging.LogRecord) -> str:
        event: dict[str, object] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        event.update({k: v for k, v in _fields(record).items() if k not in event})
        if record.exc_info or record.exc_text:
            # The redacting filter leaves a scrubbed exc_text: prefer it to the raw exception.
            event["exception"] = record.exc_text or self.formatException(record.exc_info)
        return json.dumps(event, ensure_ascii=False, default=str)


FORMATTERS = {"text": KeyValueFormatter, "json": JsonFormatter}


def _fields(record: logging.LogRecord) -> dict[str, object]:
    return {k: v for k, v in vars(record).items() if k not in _RESERVED and k != "message"}


def _quoted(value: object) -> str:
    text = str(value)
    return f'"{text}"' if (" " in text or not text) else text


def setup_logging(
    level: int = logging.INFO, secrets: Iterable[str] = (), log_format: str = "text"
) -> None:
    """Log to stderr, one line per event, with every known secret value redacted."""
    from scheduler.redact import install_redaction

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(FORMATTERS[log_format]())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("apscheduler", "urllib3", "tweepy", "requests_oauthlib", "oauthlib", "alembic"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
    install_redaction(secrets)
