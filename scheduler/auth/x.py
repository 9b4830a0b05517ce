"""X: 3-legged OAuth 1.0a, PIN-based ("oob") by default or with a local callback listener.

The two token requests are signed with requests-oauthlib's OAuth1 over a PlatformSession, as
the publisher signs. tweepy's OAuth1UserHandler is not used: its host is fixed, its requests
have no timeout, and the OAuth1Session under it logs the access token it obtains at DEBUG.
"""

from __future__ import annotations

import secrets
from typing import NamedTuple
from urllib.parse import parse_qsl, urlencode

import requests
from requests_oauthlib import OAuth1

from scheduler.auth.base import Flow, Obtained, refused, unreachable
from scheduler.auth.listener import WAITING, CallbackListener
from scheduler.errors import AuthFlowError
from scheduler.publishers.http import PlatformSession, json_body
from scheduler.publishers.platform_access import DEFAULT_X_API_BASE, Credentials, XCredentials

PLATFORM = "x"
OAUTH_BASE_VAR = "SCHEDULER_X_OAUTH_BASE"
PIN_CALLBACK = "oob"  # X shows a PIN to type back instead of redirecting


class RequestToken(NamedTuple):
    key: str
    secret: str


def obtain(flow: Flow) -> Obtained:
    api_key = flow.value("X_API_KEY", "X app API Key (consumer key)", secret=True)
    api_secret = flow.value("X_API_SECRET", "X app API Key Secret", secret=True)
    base = flow.base(OAUTH_BASE_VAR, DEFAULT_X_API_BASE)
    session = flow.session()
    signer = _Signer(session, base, api_key, api_secret)
    if flow.options.listen:
        request_token, verifier = _verifier_by_callback(flow, signer)
    else:
        request_token = signer.request_token(PIN_CALLBACK)
        flow.guide.visit(signer.authorize_url(request_token))
        verifier = flow.guide.ask("The PIN X shows after you authorise the app").strip()
    access = signer.access_token(request_token, verifier)
    flow.secret(access["oauth_token"], access["oauth_token_secret"])
    credentials = XCredentials(
        api_key, api_secret, access["oauth_token"], access["oauth_token_secret"]
    )
    screen_name = _confirm_account(flow, access.get("screen_name", ""))
    user_id = _user_id(flow, credentials)
    values = {
        "X_API_KEY": api_key,
        "X_API_SECRET": api_secret,
        "X_ACCESS_TOKEN": credentials.access_token,
        "X_ACCESS_TOKEN_SECRET": credentials.access_token_secret,
    }
    return Obtained(values, identity=f"@{screen_name} (user id {user_id})")


def _verifier_by_callback(flow: Flow, signer: _Signer) -> tuple[RequestToken, str]:
    with CallbackListener(flow.options.port) as listener:
        flow.guide.say(
            f"The app must list {listener.redirect_uri} as a Callback URI "
            "(developer portal, the app's User authentication settings)."
        )
        request_token = signer.request_token(listener.redirect_uri)
        flow.guide.visit(signer.authorize_url(request_token))
        flow.guide.say(WAITING)
        answer = listener.wait(flow.options.wait_s)
    if answer.get("denied"):
        raise AuthFlowError("X: the app was not authorised (Cancel was pressed); nothing stored")
    if not secrets.compare_digest(answer.get("oauth_token", ""), request_token.key):
        raise AuthFlowError("the callback is for another authorisation; run the command again")
    if not answer.get("oauth_verifier"):
        raise AuthFlowError("X's callback carried no oauth_verifier")
    return request_token, answer["oauth_verifier"]


class _Signer:
    """The app's side of the three OAuth 1.0a steps."""

    def __init__(self, session: PlatformSession, base: str, key: str, secret: str) -> None:
        self._session = session
        self._base = base
        self._key = key
        self._secret = secret

    def request_token(self, callback: str) -> RequestToken:
        auth = OAuth1(self._key, client_secret=self._secret, callback_uri=callback)
        values = self._post("/oauth/request_token", auth, "the request token")
        if values.get("oauth_callback_confirmed") != "true":
            raise AuthFlowError("X did not confirm the callback (not an OAuth 1.0a answer)")
        return RequestToken(values["oauth_token"], values["oauth_token_secret"])

    def authorize_url(self, token: RequestToken) -> str:
        return f"{self._base}/oauth/authorize?{urlencode({'oauth_token': token.key})}"

    def access_token(self, token: RequestToken, verifier: str) -> dict[str, str]:
        auth = OAuth1(
            self._key,
            client_secret=self._secret,
            resource_owner_key=token.key,
            resource_owner_secret=token.secret,
            verifier=verifier,
        )
        return self._post("/oauth/access_token", auth, "the access token", token.secret)

    def _post(self, path: str, auth: OAuth1, step: str, *secrets: str) -> dict[str, str]:
        try:
            response = self._session.post(self._base + path, auth=auth)
        except requests.RequestException as exc:
            raise unreachable(PLATFORM, f"asking for {step}", exc) from exc
        values = dict(parse_qsl(response.text.strip())) if response.ok else {}
        if values.get("oauth_token") and values.get("oauth_token_secret"):
            return values
        # Never quote a 2xx body: it may hold half a token.
        message = "the answer carried no token" if response.ok else _message(response)
        raise refused(PLATFORM, f"asking for {step}", response, message, self._secret, *secrets)


def _message(response: requests.Response) -> str:
    """X's OAuth errors come as JSON (``errors`` or a problem's ``detail``), as a line of
    text, or as an HTML page (then the status says it all)."""
    body = json_body(response)
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("message", ""))
    if body:
        return str(body.get("detail") or body.get("title") or "")
    text = response.text.strip()
    return "" if text.startswith("<") else text


def _confirm_account(flow: Flow, screen_name: str) -> str:
    """Tokens for another account than the configured one would post there: ask first."""
    wanted = flow.account.handle
    if screen_name and screen_name.lower() != wanted.lower():
        if not flow.guide.confirm(
            f"You authorised @{screen_name}, but the config names @{wanted} for X. "
            f"Store @{screen_name}'s tokens anyway?"
        ):
            raise AuthFlowError(
                f"nothing stored: sign in to X as @{wanted} (or fix the handle in the config) "
                "and run the command again"
            )
    return screen_name or wanted


def _user_id(flow: Flow, credentials: XCredentials) -> str:
    """Ask X who the new tokens act as, through the publisher's own call."""
    return flow.check(Credentials(x=credentials), "the new tokens do not work")
