"""A fake LinkedIn OAuth 2.0 server: /oauth/v2/authorization (the browser) and /accessToken.

The authorization page consents at once for the member behind ``accounts.LINKEDIN_TOKEN`` and
redirects to the app's redirect_uri with a one-time code; the token endpoint trades that code
(with the app's client id and secret) for the token the fake LinkedIn API accepts.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlencode, urlsplit

from tests.fakes import accounts, linkedin_api
from tests.fakes.core import FakeRequest, FakeResponse, FakeState, Fault

NAME = "linkedin"
CLIENTS = {accounts.LINKEDIN_CLIENT_ID: accounts.LINKEDIN_CLIENT_SECRET}
REQUIRED_SCOPES = frozenset({"openid", "profile", "w_member_social"})
TOKEN_LIFETIME_S = 5_184_000  # 60 days, as LinkedIn grants
AUTHORIZE_PATH = "/oauth/v2/authorization"
TOKEN_PATH = "/oauth/v2/accessToken"


def matches(path: str) -> bool:
    return path in (AUTHORIZE_PATH, TOKEN_PATH)


def operation(req: FakeRequest) -> str:
    return "consent" if req.path == AUTHORIZE_PATH else "auth"


def authenticate(req: FakeRequest, state: FakeState) -> tuple[str | None, FakeResponse | None]:
    return "", None  # the browser brings no credentials; the app's are in the token request


def oauth_error(status: int, error: str, description: str) -> FakeResponse:
    return FakeResponse(status, {"error": error, "error_description": description})


def fault_response(fault: Fault, state: FakeState, req: FakeRequest, _: str) -> FakeResponse:
    if fault.kind == "rejected" and req.path == AUTHORIZE_PATH:
        # The member pressed Cancel: LinkedIn still sends the browser back, with an error.
        return _redirect(req.param("redirect_uri") or "", {
            "error": "user_cancelled_authorize",
            "error_description": "The user cancelled the authorization",
            "state": req.param("state") or "",
        })  # fmt: skip
    return linkedin_api.fault_response(fault, state, req, "")


def handle(req: FakeRequest, state: FakeState, _: str) -> FakeResponse:
    if req.method == "GET" and req.path == AUTHORIZE_PATH:
        return _authorize(req, state)
    if req.method == "POST" and req.path == TOKEN_PATH:
        return _token(req, state)
    return oauth_error(405, "invalid_request", f"{req.method} is not allowed here")


def _authorize(req: FakeRequest, state: FakeState) -> FakeResponse:
    """LinkedIn shows an error page (no redirect) when the app itself is misconfigured."""
    redirect_uri = req.param("redirect_uri") or ""
    scopes = set((req.param("scope") or "").split())
    problems = [
        (req.param("response_type") != "code", "response_type must be code"),
        (req.param("client_id") not in CLIENTS, "unknown client_id"),
        (not _loopback_callback(redirect_uri), "redirect_uri is not registered for this app"),
        (not REQUIRED_SCOPES <= scopes, f"scope must include {sorted(REQUIRED_SCOPES)}"),
        (not req.param("state"), "state is required"),
    ]
    for failed, message in problems:
        if failed:
            return FakeResponse(400, f"<html><body><h1>Bummer, something went wrong.</h1>{message}")
    code = secrets.token_urlsafe(24)
    state.grants[code] = {"client_id": req.param("client_id") or "", "redirect_uri": redirect_uri}
    return _redirect(redirect_uri, {"code": code, "state": req.param("state") or ""})


def _loopback_callback(uri: str) -> bool:
    """The fake app has http://127.0.0.1:<any port>/callback registered."""
    parts = urlsplit(uri)
    return parts.scheme == "http" and parts.hostname == "127.0.0.1" and parts.path == "/callback"


def _redirect(uri: str, params: dict[str, str]) -> FakeResponse:
    return FakeResponse(302, None, {"Location": f"{uri}?{urlencode(params)}"})


def _token(req: FakeRequest, state: FakeState) -> FakeResponse:
    if req.content_type != "application/x-www-form-urlencoded":
        return oauth_error(400, "invalid_request", "the body must be form-encoded")
    form = req.form()
    if form.get("grant_type") != "authorization_code":
        return oauth_error(400, "unsupported_grant_type", "grant_type must be authorization_code")
    if CLIENTS.get(form.get("client_id", "")) != form.get("client_secret"):
        return oauth_error(401, "invalid_client", "Client authentication failed")
    grant = state.grants.pop(form.get("code", ""), None)  # a code works once
    refused = "Unable to retrieve access token: "
    if grant is None or grant["client_id"] != form["client_id"]:
        return oauth_error(400, "invalid_request", refused + "authorization code not found")
    if grant["redirect_uri"] != form.get("redirect_uri"):
        return oauth_error(400, "invalid_request", refused + "redirect uri does not match")
    return FakeResponse(
        200,
        {
            "access_token": accounts.LINKEDIN_TOKEN,
            "expires_in": TOKEN_LIFETIME_S,
            "scope": "email,openid,profile,w_member_social",
            "token_type": "Bearer",
            "id_token": "eyJfake.id.token",
        },
    )
