"""A fake X OAuth 1.0a server: request_token, authorize (the browser) and access_token.

Both token requests must carry a valid HMAC-SHA1 signature: the first with the consumer secret
alone, the second with the request token's secret too. The authorize page consents at once; for
``oob`` it shows a PIN as X does, otherwise it redirects to the callback with the verifier.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlencode, urlsplit

from tests.fakes import accounts, x_api
from tests.fakes.core import FakeRequest, FakeResponse, FakeState, Fault

NAME = "x"
REQUEST_TOKEN_PATH = "/oauth/request_token"
AUTHORIZE_PATH = "/oauth/authorize"
ACCESS_TOKEN_PATH = "/oauth/access_token"
PIN_MARK = '<code id="oauth_pin">'


def matches(path: str) -> bool:
    return path in (REQUEST_TOKEN_PATH, AUTHORIZE_PATH, ACCESS_TOKEN_PATH)


def operation(req: FakeRequest) -> str:
    return "consent" if req.path == AUTHORIZE_PATH else "auth"


def authenticate(req: FakeRequest, state: FakeState) -> tuple[str | None, FakeResponse | None]:
    """The app's signed requests; the browser's visit to authorize carries no signature."""
    if req.path == AUTHORIZE_PATH:
        return "", None
    oauth = x_api.oauth_params(req)
    token = oauth.get("oauth_token", "")
    grant = state.grants.get(token, {}) if req.path == ACCESS_TOKEN_PATH else {}
    if req.path == ACCESS_TOKEN_PATH and not grant:
        return None, _text(401, "Invalid request token.")
    if not x_api.signed(req, state, oauth, grant.get("secret", "")):
        return None, x_api.unauthorized()
    return token, None


def fault_response(fault: Fault, state: FakeState, req: FakeRequest, _: str) -> FakeResponse:
    if fault.kind == "rejected" and req.path == AUTHORIZE_PATH:
        return _deny(req, state)
    return x_api.fault_response(fault, state, req, "")


def handle(req: FakeRequest, state: FakeState, token: str) -> FakeResponse:
    if req.method == "POST" and req.path == REQUEST_TOKEN_PATH:
        return _request_token(req, state)
    if req.method == "GET" and req.path == AUTHORIZE_PATH:
        return _authorize(req, state)
    if req.method == "POST" and req.path == ACCESS_TOKEN_PATH:
        return _access_token(req, state, token)
    return x_api.problem(404, "Not Found Error", f"Could not find {req.path}")


def _text(status: int, body: str) -> FakeResponse:
    return FakeResponse(status, body)  # X answers the OAuth steps form-encoded, as text


def _request_token(req: FakeRequest, state: FakeState) -> FakeResponse:
    callback = x_api.oauth_params(req).get("oauth_callback", "")
    if callback != "oob" and not _loopback_callback(callback):
        return _text(403, "Callback URL not approved for this client application.")
    token, secret = secrets.token_urlsafe(20), secrets.token_urlsafe(30)
    state.grants[token] = {"secret": secret, "callback": callback}
    return _text(200, urlencode({"oauth_token": token, "oauth_token_secret": secret,
                                 "oauth_callback_confirmed": "true"}))  # fmt: skip


def _loopback_callback(uri: str) -> bool:
    parts = urlsplit(uri)
    return parts.scheme == "http" and parts.hostname == "127.0.0.1" and parts.path == "/callback"


def _authorize(req: FakeRequest, state: FakeState) -> FakeResponse:
    token = req.param("oauth_token") or ""
    grant = state.grants.get(token)
    if grant is None:
        return _text(404, "<html><body>This page is no longer valid.</body></html>")
    oob = grant["callback"] == "oob"
    grant["verifier"] = f"{secrets.randbelow(10**7):07d}" if oob else secrets.token_urlsafe(16)
    if oob:
        return _text(200, f"<html><body><p>Enter this PIN in the app:</p>"
                          f"{PIN_MARK}{grant['verifier']}</code></body></html>")  # fmt: skip
    query = urlencode({"oauth_token": token, "oauth_verifier": grant["verifier"]})
    return FakeResponse(302, None, {"Location": f"{grant['callback']}?{query}"})


def _deny(req: FakeRequest, state: FakeState) -> FakeResponse:
    """The person pressed Cancel: no verifier; a web app gets ?denied=<token>."""
    token = req.param("oauth_token") or ""
    grant = state.grants.get(token) or {"callback": "oob"}
    if grant["callback"] == "oob":
        return _text(200, "<html><body>You did not authorize the app.</body></html>")
    return FakeResponse(302, None, {"Location": f"{grant['callback']}?denied={token}"})


def _access_token(req: FakeRequest, state: FakeState, token: str) -> FakeResponse:
    grant = state.grants[token]
    verifier = x_api.oauth_params(req).get("oauth_verifier")
    if not verifier or verifier != grant.get("verifier"):
        return _text(401, "Error processing your OAuth request: Invalid oauth_verifier parameter")
    del state.grants[token]  # a request token works once
    return _text(200, urlencode({
        "oauth_token": accounts.X_ACCESS_TOKEN,
        "oauth_token_secret": accounts.X_ACCESS_TOKEN_SECRET,
        "user_id": accounts.X_USER_ID,
        "screen_name": accounts.X_HANDLE,
    }))  # fmt: skip
