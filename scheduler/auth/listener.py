"""A one-shot HTTP listener on 127.0.0.1 that receives an OAuth redirect at /callback."""

from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from scheduler.errors import AuthFlowError, UsageError

CALLBACK_PATH = "/callback"
HOST = "127.0.0.1"
WAITING = "waiting for the browser to come back (Ctrl-C to give up)…"
DONE_PAGE = (
    "<!doctype html><meta charset=utf-8><title>essay-scheduler</title>"
    "<p>Done. You can close this tab and return to the terminal.</p>"
)


class _Server(HTTPServer):
    answer: dict[str, str] | None = None


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        parts = urlsplit(self.path)
        if parts.path != CALLBACK_PATH:
            self.send_error(404)  # a favicon, say: keep waiting for the redirect
            return
        self.server.answer = dict(parse_qsl(parts.query, keep_blank_values=True))
        body = DONE_PAGE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # the request line holds the one-time code: never on the terminal


class CallbackListener:
    """Bound on creation, before the authorization address is shown, so no redirect is missed."""

    def __init__(self, port: int) -> None:
        try:
            self._server = _Server((HOST, port), _Handler)
        except OSError as exc:
            raise UsageError(
                f"cannot listen on {HOST}:{port} ({exc.strerror})",
                hint="choose another --port, and register that callback address with the app",
            ) from exc

    @property
    def redirect_uri(self) -> str:
        return f"http://{HOST}:{self._server.server_address[1]}{CALLBACK_PATH}"

    def wait(self, timeout_s: float) -> dict[str, str]:
        """The redirect's query parameters, once the browser arrives."""
        deadline = time.monotonic() + timeout_s
        while self._server.answer is None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AuthFlowError(
                    f"no browser reached {self.redirect_uri} within {timeout_s:.0f} seconds; "
                    "run the command again"
                )
            self._server.timeout = left
            self._server.handle_request()
        return self._server.answer

    def close(self) -> None:
        self._server.server_close()

    def __enter__(self) -> CallbackListener:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
