"""A fake X API v2: OAuth 1.0a verified, tweets, media upload and metadata, users/me, timeline.

Signature check: the client signs the URL it actually sends (the publisher's session rewrites
api.twitter.com to the base URL *before* requests applies OAuth1), so the fake rebuilds that
URL from its Host header and path and recomputes HMAC-SHA1 with the secrets it knows.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import re
from typing import Any

from oauthlib.oauth1.rfc5849 import signature, utils

from tests.fakes import accounts
from tests.fakes.core import FakeRequest, FakeResponse, FakeState, Fault, now_epoch

NAME = "x"
CONSUMERS = {accounts.X_API_KEY: accounts.X_API_SECRET}
TOKENS = {accounts.X_ACCESS_TOKEN: (accounts.X_ACCESS_TOKEN_SECRET, accounts.X_USER_ID)}
HANDLES = {accounts.X_USER_ID: accounts.X_HANDLE}
MAX_WEIGHTED_LENGTH = 280
URL_WEIGHT = 23  # every URL counts as a t.co link of this length
MAX_ALT_TEXT = 1000  # characters of alt text X keeps on an image
TIMESTAMP_SKEW_S = 300
FIRST_TWEET_ID = 1_800_000_000_000_000_000
_URL = re.compile(r"https?://\S+")
_TIMELINE = re.compile(r"^/2/users/(\d+)/tweets$")


def problem(status: int, title: str, detail: str, kind: str = "about:blank") -> FakeResponse:
    return FakeResponse(status, {"title": title, "detail": detail, "type": kind, "status": status})


def unauthorized() -> FakeResponse:
    return problem(401, "Unauthorized", "Unauthorized")


def invalid(detail: str) -> FakeResponse:
    return FakeResponse(
        400,
        {
            "errors": [{"message": detail}],
            "title": "Invalid Request",
            "detail": "One or more parameters to your request was invalid.",
            "type": "https://api.twitter.com/2/problems/invalid-request",
        },
    )


def matches(path: str) -> bool:
    return path.startswith("/2/")


def operation(req: FakeRequest) -> str:
    if req.method == "POST" and req.path == "/2/tweets":
        return "publish"
    if req.path == "/2/media/metadata":
        return "describe"  # alt text on an uploaded image
    return "upload" if req.path == "/2/media/upload" else "read"


def authenticate(req: FakeRequest, state: FakeState) -> tuple[str | None, FakeResponse | None]:
    """Verify the OAuth 1.0a HMAC-SHA1 signature; return (user id, None) or (None, 401)."""
    oauth = oauth_params(req)
    token = TOKENS.get(oauth.get("oauth_token", ""))
    if token is None or not signed(req, state, oauth, token[0]):
        return None, unauthorized()
    return token[1], None


def oauth_params(req: FakeRequest) -> dict[str, str]:
    """The oauth_* parameters of the Authorization header ({} when there is none)."""
    header = req.headers.get("authorization", "")
    if not header.startswith("OAuth "):
        return {}
    try:
        return {k: utils.unescape(v) for k, v in utils.parse_authorization_header(header)}
    except ValueError:
        return {}


def signed(req: FakeRequest, state: FakeState, oauth: dict[str, str], token_secret: str) -> bool:
    """True when a known consumer signed the request with HMAC-SHA1, fresh and not replayed.

    ``token_secret`` is the secret of the token the request names ("" before there is one).
    """
    consumer_secret = CONSUMERS.get(oauth.get("oauth_consumer_key", ""))
    if consumer_secret is None or oauth.get("oauth_signature_method") != "HMAC-SHA1":
        return False
    if abs(now_epoch() - int(oauth.get("oauth_timestamp", "0"))) > TIMESTAMP_SKEW_S:
        return False
    params = signature.collect_parameters(
        uri_query=req.raw_query,
        body=req.form_pairs(),
        headers={"Authorization": req.headers["authorization"]},
        exclude_oauth_signature=True,
    )
    base = signature.signature_base_string(
        req.method, signature.base_string_uri(req.url), signature.normalize_parameters(params)
    )
    key = f"{utils.escape(consumer_secret)}&{utils.escape(token_secret)}".encode()
    expected = base64.b64encode(hmac.new(key, base.encode(), hashlib.sha1).digest()).decode()
    if not hmac.compare_digest(expected, oauth.get("oauth_signature", "")):
        return False
    return state.use_nonce(oauth.get("oauth_nonce", ""))  # False: a replayed request


def fault_response(fault: Fault, state: FakeState, req: FakeRequest, user: str) -> FakeResponse:
    kind, params = fault.kind, fault.params
    if kind == "rate_limit":
        headers = {
            "x-rate-limit-limit": "100",
            "x-rate-limit-remaining": "0",
            "x-rate-limit-reset": str(now_epoch() + int(params.get("reset_in", 900))),
        }
        if params.get("daily"):
            headers["x-user-limit-24hour-limit"] = "17"
            headers["x-user-limit-24hour-remaining"] = "0"
            daily_in = int(params.get("daily_reset_in", 86_400))
            headers["x-user-limit-24hour-reset"] = str(now_epoch() + daily_in)
        response = problem(429, "Too Many Requests", "Too Many Requests")
        response.headers.update(headers)
        return response
    if kind == "error_500":
        return problem(500, "Internal Server Error", "Internal Server Error")
    if kind == "error_503":
        return FakeResponse(503, "<html><body><h1>503 Service Temporarily Unavailable</h1>")
    if kind == "expired_token":
        return unauthorized()
    if kind == "duplicate":
        return problem(
            403, "Forbidden", "You are not allowed to create a Tweet with duplicate content."
        )
    if kind == "rejected":
        return problem(403, "Forbidden", "You are not permitted to perform this action.")
    raise ValueError(f"x fake cannot answer fault {kind!r} directly")


def handle(req: FakeRequest, state: FakeState, user: str) -> FakeResponse:
    if req.method == "POST" and req.path == "/2/tweets":
        return _create_tweet(req, state, user)
    if req.method == "POST" and req.path == "/2/media/upload":
        return _upload(req, state, user)
    if req.method == "POST" and req.path == "/2/media/metadata":
        return _describe(req, state, user)
    if req.method == "GET" and req.path == "/2/users/me":
        return FakeResponse(
            200, {"data": {"id": user, "name": "Annemarie", "username": HANDLES[user]}}
        )
    timeline = _TIMELINE.match(req.path)
    if req.method == "GET" and timeline:
        return _timeline(req, state, timeline.group(1))
    return problem(404, "Not Found Error", f"Could not find {req.path}")


def _json_object(req: FakeRequest) -> tuple[dict[str, Any], FakeResponse | None]:
    """The request's JSON object, or X's answer to a body that is not one."""
    if req.content_type != "application/json":
        return {}, invalid("Content-Type must be application/json")
    try:
        body: Any = req.json()
    except ValueError:
        return {}, invalid("Request body is not valid JSON")
    return (
        (body, None) if isinstance(body, dict) else ({}, invalid("Request body is not an object"))
    )


def _create_tweet(req: FakeRequest, state: FakeState, user: str) -> FakeResponse:
    body, refusal = _json_object(req)
    if refusal is not None:
        return refusal
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        return invalid("The `text` field is required and must not be empty.")
    if len(_URL.sub("x" * URL_WEIGHT, text)) > MAX_WEIGHTED_LENGTH:
        return problem(403, "Forbidden", "Your Tweet text is too long.")
    media_ids = (body.get("media") or {}).get("media_ids") or []
    if any(state.media.get(str(m)) != user for m in media_ids):
        return invalid("Your media IDs are invalid.")
    if state.find(NAME, HANDLES[user], text):
        return problem(
            403, "Forbidden", "You are not allowed to create a Tweet with duplicate content."
        )
    tweet_id = str(FIRST_TWEET_ID + state.next_id())
    link = next(iter(_URL.findall(text)), None)
    alt = next((state.alt_texts[str(m)] for m in media_ids if str(m) in state.alt_texts), None)
    state.commit(NAME, HANDLES[user], text, link, bool(media_ids), tweet_id, alt)
    return FakeResponse(
        201, {"data": {"id": tweet_id, "text": text, "edit_history_tweet_ids": [tweet_id]}}
    )


def _upload(req: FakeRequest, state: FakeState, user: str) -> FakeResponse:
    parts = req.multipart()
    media = parts.get("media")
    category = parts.get("media_category", (None, b""))[1].decode()
    if not media or not media[1]:
        return invalid("The `media` field is required.")
    if category != "tweet_image":
        return invalid(f"media_category {category!r} is not tweet_image")
    media_id = str(FIRST_TWEET_ID + 500_000 + state.next_id())
    state.media[media_id] = user
    return FakeResponse(
        200,
        {"data": {"id": media_id, "media_key": f"3_{media_id}", "size": len(media[1]),
                  "expires_after_secs": 86400, "image": {"image_type": "image/png"}}},
    )  # fmt: skip


def _describe(req: FakeRequest, state: FakeState, user: str) -> FakeResponse:
    """POST /2/media/metadata: {"id": media id, "metadata": {"alt_text": {"text": …}}}."""
    body, refusal = _json_object(req)
    if refusal is not None:
        return refusal
    media_id = str(body.get("id", ""))
    alt = ((body.get("metadata") or {}).get("alt_text") or {}).get("text") if media_id else None
    if not media_id or state.media.get(media_id) != user:
        return invalid("The `id` query parameter value is not a valid media id.")
    if not isinstance(alt, str) or not alt:
        return invalid("The `metadata.alt_text.text` field is required.")
    if len(alt) > MAX_ALT_TEXT:
        return invalid(f"alt_text.text must be at most {MAX_ALT_TEXT} characters.")
    state.alt_texts[media_id] = alt
    return FakeResponse(
        200, {"data": {"id": media_id, "associated_metadata": {"alt_text": {"text": alt}}}}
    )


def _timeline(req: FakeRequest, state: FakeState, user: str) -> FakeResponse:
    limit = int(req.param("max_results") or 10)
    tweets = state.posts_of(NAME, HANDLES.get(user, ""))[:limit]
    # X hands back text with URLs shortened to t.co and &<> escaped as entities.
    data = [{"id": t.remote_id, "text": _as_served(t.text), "edit_history_tweet_ids": [t.remote_id]}
            for t in tweets]  # fmt: skip
    return FakeResponse(200, {"data": data, "meta": {"result_count": len(data)}})


def _as_served(text: str) -> str:
    def shorten(match: re.Match[str]) -> str:
        return "https://t.co/" + hashlib.sha1(match.group().encode()).hexdigest()[:10]

    return html.escape(_URL.sub(shorten, text), quote=False)
