"""LinkedIn: the 3-legged OAuth 2.0 code flow, with a local listener for the redirect."""

from __future__ import annotations

import secrets
from datetime import timedelta
from urllib.parse import urlencode

import requests

from scheduler.auth.base import Flow, Obtained, refused, unreachable
from scheduler.auth.listener import WAITING, CallbackListener
from scheduler.clock import utc_now
from scheduler.errors import AuthFlowError
from scheduler.publishers.http import json_body
from scheduler.publishers.platform_access import Credentials, LinkedInCredentials

PLATFORM = "linkedin"
OAUTH_BASE_VAR = "SCHEDULER_LINKEDIN_OAUTH_BASE"
DEFAULT_OAUTH_BASE = "https://www.linkedin.com"
# Sign In with LinkedIn (OpenID: /v2/userinfo gives the member id) and Share on LinkedIn.
SCOPES = ("openid", "profile", "w_member_social")


def obtain(flow: Flow) -> Obtained:
    client_id = flow.value("LINKEDIN_CLIENT_ID", "LinkedIn app Client ID")
    client_secret = flow.value(
        "LINKEDIN_CLIENT_SECRET", "LinkedIn app Primary Client Secret", secret=True
    )
    base = flow.base(OAUTH_BASE_VAR, DEFAULT_OAUTH_BASE)
    state = secrets.token_urlsafe(24)
    with CallbackListener(flow.options.port) as listener:
        redirect_uri = listener.redirect_uri
        flow.guide.say(
            f"The app must list {redirect_uri} under Authorized redirect URLs "
            "(developer portal, the app's Auth tab)."
        )
        query = {
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "state": state,
            "scope": " ".join(SCOPES),
        }
        flow.guide.visit(f"{base}/oauth/v2/authorization?{urlencode(query)}")
        flow.guide.say(WAITING)
        answer = listener.wait(flow.options.wait_s)
    code = _code(answer, state)
    issued_at = utc_now()
    token, lifetime = _exchange(flow, base, code, redirect_uri, client_id, client_secret)
    flow.secret(token)
    author = _author_urn(flow, token)
    expires = (issued_at + lifetime).date().isoformat()
    values = {
        "LINKEDIN_CLIENT_ID": client_id,
        "LINKEDIN_CLIENT_SECRET": client_secret,  # kept so renewing is one command
        "LINKEDIN_ACCESS_TOKEN": token,
        "LINKEDIN_AUTHOR_URN": author,
        "LINKEDIN_TOKEN_EXPIRES": expires,
    }
    return Obtained(values, identity=author, expires=expires)


def _code(answer: dict[str, str], state: str) -> str:
    if not secrets.compare_digest(answer.get("state", ""), state):
        raise AuthFlowError(
            "the redirect's state does not match this run (a stale or forged redirect); "
            "nothing was stored. Run the command again."
        )
    if answer.get("error"):
        description = answer.get("error_description") or "no reason given"
        raise AuthFlowError(
            f"LinkedIn did not authorise the app: {answer['error']} ({description})"
        )
    if not answer.get("code"):
        raise AuthFlowError("LinkedIn's redirect carried no authorization code")
    return answer["code"]


def _exchange(
    flow: Flow, base: str, code: str, redirect_uri: str, client_id: str, client_secret: str
) -> tuple[str, timedelta]:
    """Trade the one-time code for a member token; the form body keeps secrets out of URLs."""
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "client_id": client_id,
        "client_secret": client_secret,
    }
    try:
        response = flow.session().post(f"{base}/oauth/v2/accessToken", data=form)
    except requests.RequestException as exc:
        raise unreachable(PLATFORM, "the token exchange", exc) from exc
    body = json_body(response)
    if not response.ok or not body.get("access_token"):
        message = " ".join(str(body.get(k, "")) for k in ("error", "error_description")).strip()
        raise refused(PLATFORM, "the token exchange", response, message, client_secret, code)
    return str(body["access_token"]), timedelta(seconds=int(body.get("expires_in") or 0))


def _author_urn(flow: Flow, token: str) -> str:
    """The member behind the token, asked the way the publisher asks (/v2/userinfo)."""
    credentials = Credentials(linkedin=LinkedInCredentials(token))
    return flow.check(credentials, "the new token does not work")
