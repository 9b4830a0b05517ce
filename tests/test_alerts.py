"""Failure alerts go to the log and through apprise to every configured URL."""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from scheduler.delivery.alerts import Alerter


def test_an_alert_reaches_an_apprise_url_and_the_log(caplog):
    received: list[dict] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (the http.server name)
            length = int(self.headers.get("Content-Length", 0))
            received.append(json.loads(self.rfile.read(length)))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"json://127.0.0.1:{server.server_address[1]}/alerts"
        with caplog.at_level(logging.ERROR, logger="scheduler.alert"):
            Alerter([url]).send("twitter:someone stopped: token rejected")
    finally:
        server.shutdown()
    assert any("token rejected" in r.getMessage() for r in caplog.records)
    assert received and "token rejected" in received[0]["message"]


def test_an_unreachable_alert_channel_never_raises(caplog):
    with caplog.at_level(logging.ERROR):
        Alerter(["json://127.0.0.1:9/nowhere"]).send("still publishing")
    assert any("still publishing" in r.getMessage() for r in caplog.records)
