"""One threaded HTTP server that speaks X, LinkedIn and Graph (and their OAuth) by path, plus a
control API.

Control API: GET /_fake/posts, GET /_fake/comments, GET /_fake/random-faults (what the fault
rates injected), POST /_fake/faults, POST /_fake/reset (see FakePlatforms).
"""

from __future__ import annotations

import atexit
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fakes import graph_api, linkedin_api, linkedin_oauth, x_api, x_oauth
from tests.fakes.core import FakeRequest, FakeResponse, FakeState, Fault

PLATFORMS = (x_api, linkedin_api, graph_api, linkedin_oauth, x_oauth)
# Faults the server applies around a platform's normal handling rather than instead of it.
WRAPPING_FAULTS = frozenset({"timeout", "drop_after_commit", "missing_id"})
DEFAULT_TIMEOUT_FAULT_S = 3.0


class _Drop(Exception):
    """Close the connection without any answer."""


class FakeHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like the real APIs; requests pools connections
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # tests read recorded posts, not access logs

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self._serve()

    do_POST = do_PUT = do_DELETE = do_GET  # noqa: N815

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        req = FakeRequest.build(self.command, self.path, dict(self.headers.items()), body)
        state = self.server.state
        try:
            if req.path.startswith("/_fake/"):
                response = _control(req, state)
            else:
                with state.in_flight():
                    response = _platform(req, state)
        except _Drop:
            self.close_connection = True
            return
        self._write(response)

    def _write(self, response: FakeResponse) -> None:
        payload, content_type = response.encoded()
        try:
            self.send_response(response.status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (a timeout fault): fine


def _platform(req: FakeRequest, state: FakeState) -> FakeResponse:
    if state.latency:
        time.sleep(state.latency)
    module = next((m for m in PLATFORMS if m.matches(req.path)), None)
    if module is None:
        return FakeResponse(404, {"error": f"no fake platform serves {req.path}"})
    fault = state.take_fault(module.NAME, module.operation(req))
    if fault and fault.kind == "timeout":
        time.sleep(float(fault.params.get("seconds", DEFAULT_TIMEOUT_FAULT_S)))
    account, refusal = module.authenticate(req, state)
    if fault and fault.kind == "expired_token":
        return module.fault_response(fault, state, req, account or "")
    if refusal is not None:
        return refusal
    if fault and fault.kind not in WRAPPING_FAULTS:
        return module.fault_response(fault, state, req, account)
    response = module.handle(req, state, account)
    if fault and 200 <= response.status < 300:
        if fault.kind == "drop_after_commit":
            raise _Drop()
        if fault.kind == "missing_id":
            response.headers.pop("x-restli-id", None)
            if isinstance(response.body, dict):
                dropped = ("id", "data", "commentUrn")
                response.body = {k: v for k, v in response.body.items() if k not in dropped}
    return response


def _control(req: FakeRequest, state: FakeState) -> FakeResponse:
    if req.method == "GET" and req.path == "/_fake/posts":
        return FakeResponse(200, state.snapshot())
    if req.method == "GET" and req.path == "/_fake/comments":
        return FakeResponse(200, state.comment_snapshot())
    if req.method == "GET" and req.path == "/_fake/random-faults":
        return FakeResponse(200, dict(state.random_faults))
    if req.method == "POST" and req.path == "/_fake/reset":
        state.reset()
        return FakeResponse(200, {"ok": True})
    if req.method == "POST" and req.path == "/_fake/faults":
        try:
            payload = req.json() if req.body else {}
            _configure(state, payload)
        except (ValueError, KeyError, TypeError) as exc:
            return FakeResponse(400, {"error": str(exc)})
        return FakeResponse(200, {"queued": len(state.faults)})
    return FakeResponse(404, {"error": f"unknown control path {req.path}"})


def _configure(state: FakeState, payload: Any) -> None:
    """Accepts a fault object, a list of them, or {"faults": [...], "latency": s,
    "probabilities": {"drop_after_commit": 0.2}}."""
    if isinstance(payload, list):
        payload = {"faults": payload}
    elif "kind" in payload:
        payload = {"faults": [payload]}
    for raw in payload.get("faults", []):
        state.add_fault(Fault.from_json(raw))
    if "latency" in payload:
        state.latency = float(payload["latency"])
    for kind, chance in (payload.get("probabilities") or {}).items():
        Fault.from_json({"kind": kind})  # validates the name
        state.probabilities[kind] = float(chance)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: FakeState


class FakePlatforms:
    """The fake server, in-process. ``with FakePlatforms() as fakes: fakes.url ...``"""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        latency: float = 0.0,
        probabilities: dict[str, float] | None = None,
    ) -> None:
        self._server = _Server((host, port), FakeHandler)
        self.state = FakeState(latency=latency, probabilities=probabilities)
        self._server.state = self.state
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakePlatforms:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakePlatforms:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def inject(self, kind: str, platform: str | None = None, *, on: str = "publish",
               count: int = 1, **params: Any) -> None:  # fmt: skip
        """Queue a fault for the next matching request(s)."""
        self.state.add_fault(Fault.from_json({"kind": kind, "platform": platform, "on": on,
                                              "count": count, **params}))  # fmt: skip

    def posts(self, platform: str | None = None) -> list[dict[str, Any]]:
        return [p for p in self.state.snapshot() if platform in (None, p["platform"])]

    def comments(self, platform: str | None = None) -> list[dict[str, Any]]:
        return [c for c in self.state.comment_snapshot() if platform in (None, c["platform"])]

    def reset(self, settle_s: float = 5.0) -> None:
        """Forget everything, after letting slow requests (timeout faults) finish, so one
        test's late commit never lands in the next test's posts."""
        self.state.wait_idle(settle_s)
        self.state.reset()


_shared: FakePlatforms | None = None
_shared_lock = threading.Lock()


def shared_server() -> FakePlatforms:
    """One server for the whole test session (started on first use, stopped at exit)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = FakePlatforms().start()
            atexit.register(_shared.stop)
        return _shared


def dumps(posts: list[dict[str, Any]]) -> str:
    return json.dumps(posts, indent=2)
