"""X (Twitter) through tweepy's v2 Client, OAuth 1.0a user context."""

from __future__ import annotations

import logging
from datetime import datetime

import requests
import tweepy
from requests_oauthlib import OAuth1

from scheduler.clock import Clock, utc_now
from scheduler.model.post import Outcome, Post, Result
from scheduler.publishers.http import (
    Halt,
    PlatformSession,
    comparable_text,
    from_epoch,
    json_body,
    outcome_for_status,
    rate_limited,
    safe_error,
    transport_result,
)
from scheduler.publishers.platform_access import DEFAULT_X_API_BASE, XCredentials

log = logging.getLogger(__name__)

PLATFORM = "twitter"
MEDIA_UPLOAD_PATH = "/2/media/upload"
MEDIA_CATEGORY = "tweet_image"
# Alt text goes on the uploaded media before the tweet names it. tweepy's v2 Client has no
# call for it (its v1.1 API.create_media_metadata targets upload.twitter.com), so we post the
# v2 shape ourselves: {"id": media id, "metadata": {"alt_text": {"text": …}}}.
MEDIA_METADATA_PATH = "/2/media/metadata"
MAX_ALT_TEXT = 1000
# The most a single timeline page returns; the post we look for is recent.
TIMELINE_PAGE_SIZE = 100
DUPLICATE_MARKER = "duplicate content"


class XPublisher:
    platform = PLATFORM
    live = True

    def __init__(
        self,
        handle: str,
        credentials: XCredentials,
        *,
        api_base: str = DEFAULT_X_API_BASE,
        timeout_s: float = 30.0,
        clock: Clock = utc_now,
    ) -> None:
        self.handle = handle.lstrip("@")
        self._credentials = credentials
        self._api_base = api_base.rstrip("/")
        self._clock = clock
        self._user_id: str | None = None
        self._session = PlatformSession(
            timeout_s, rewrite_from=DEFAULT_X_API_BASE, rewrite_to=self._api_base
        )
        self._client = tweepy.Client(
            consumer_key=credentials.api_key,
            consumer_secret=credentials.api_secret,
            access_token=credentials.access_token,
            access_token_secret=credentials.access_token_secret,
            return_type=requests.Response,  # raw answers: we read headers and ids ourselves
        )
        self._client.session = self._session

    def __repr__(self) -> str:
        return f"XPublisher(handle={self.handle!r}, api_base={self._api_base!r})"

    # --- the protocol ---------------------------------------------------------------------

    def publish(self, post: Post) -> Result:
        try:
            media_ids = [self._upload(post.image, post.alt_text)] if post.image else None
        except Halt as halt:
            return halt.result
        try:
            response = self._client.create_tweet(text=post.text, media_ids=media_ids)
        except tweepy.HTTPException as exc:
            return self._map_answer(exc.response)
        except requests.RequestException as exc:
            return transport_result(PLATFORM, exc, committing=True)
        tweet_id = str((json_body(response).get("data") or {}).get("id") or "")
        if not tweet_id:
            return Result(
                Outcome.UNKNOWN,
                error=f"{PLATFORM} {response.status_code}: answer carried no tweet id",
            )
        log.info("published tweet %s for @%s", tweet_id, self.handle)
        return Result(Outcome.PUBLISHED, remote_id=tweet_id, url=self._url(tweet_id))

    def find(self, post: Post) -> Result | None:
        wanted = comparable_text(post.text)
        try:
            user_id = self._me()
            response = self._client.get_users_tweets(
                user_id, user_auth=True, max_results=TIMELINE_PAGE_SIZE
            )
        except (tweepy.HTTPException, requests.RequestException, Halt) as exc:
            return Result(Outcome.UNKNOWN, error=self._lookup_error(exc))
        for tweet in json_body(response).get("data") or []:
            if comparable_text(str(tweet.get("text", ""))) == wanted:
                tweet_id = str(tweet.get("id"))
                return Result(Outcome.PUBLISHED, remote_id=tweet_id, url=self._url(tweet_id))
        return None

    def check(self) -> Result:
        try:
            user_id = self._me(refresh=True)
        except Halt as halt:
            return halt.result
        return Result(Outcome.PUBLISHED, remote_id=user_id, url=f"https://x.com/{self.handle}")

    # --- steps -----------------------------------------------------------------------------

    def _me(self, *, refresh: bool = False) -> str:
        """The account's numeric id, cached: the timeline endpoint needs it."""
        if self._user_id and not refresh:
            return self._user_id
        try:
            response = self._client.get_me(user_auth=True)
        except tweepy.HTTPException as exc:
            raise Halt(self._map_answer(exc.response)) from exc
        except requests.RequestException as exc:
            raise Halt(transport_result(PLATFORM, exc, committing=False)) from exc
        user_id = str((json_body(response).get("data") or {}).get("id") or "")
        if not user_id:
            raise Halt(Result(Outcome.TRANSIENT, error=f"{PLATFORM}: users/me gave no id"))
        self._user_id = user_id
        return user_id

    def _upload(self, image: bytes, alt_text: str | None) -> str:
        """Upload a quote card with its alt text; the id goes into create_tweet's media_ids."""
        try:
            response = self._session.post(
                self._api_base + MEDIA_UPLOAD_PATH,
                files={"media": ("quote.png", image, "image/png")},
                data={"media_category": MEDIA_CATEGORY},
                auth=self._oauth1(),
            )
        except requests.RequestException as exc:
            # Nothing is published by an upload: a lost answer only costs a re-upload.
            raise Halt(transport_result(PLATFORM, exc, committing=False)) from exc
        if not response.ok:
            raise Halt(self._map_answer(response))
        body = json_body(response)
        media_id = (body.get("data") or {}).get("id") or body.get("media_id_string")
        if not media_id:
            raise Halt(Result(Outcome.TRANSIENT, error=f"{PLATFORM}: media upload gave no id"))
        if alt_text:
            self._describe(str(media_id), alt_text)
        return str(media_id)

    def _describe(self, media_id: str, alt_text: str) -> None:
        body = {"id": media_id, "metadata": {"alt_text": {"text": alt_text[:MAX_ALT_TEXT]}}}
        try:
            response = self._session.post(
                self._api_base + MEDIA_METADATA_PATH, json=body, auth=self._oauth1()
            )
        except requests.RequestException as exc:
            # Nothing is published yet: a lost answer only costs another upload.
            raise Halt(transport_result(PLATFORM, exc, committing=False)) from exc
        if not response.ok:
            raise Halt(self._map_answer(response))

    def _oauth1(self) -> OAuth1:
        c = self._credentials
        return OAuth1(c.api_key, c.api_secret, c.access_token, c.access_token_secret)

    # --- answers ---------------------------------------------------------------------------

    def _map_answer(self, response: requests.Response) -> Result:
        status = response.status_code
        message = _message(json_body(response)) or response.reason
        error = safe_error(PLATFORM, status, message, *self._credentials.secret_values())
        if status == 403 and DUPLICATE_MARKER in (message or "").lower():
            return Result(Outcome.DUPLICATE, error=error)
        if status == 429:
            return rate_limited(error, _reset_at(response.headers), self._clock())
        return Result(outcome_for_status(status), error=error)

    def _lookup_error(self, exc: Exception) -> str:
        if isinstance(exc, Halt):
            return exc.result.error or f"{PLATFORM}: lookup failed"
        if isinstance(exc, tweepy.HTTPException):
            return self._map_answer(exc.response).error or f"{PLATFORM}: lookup failed"
        return f"{PLATFORM}: lookup failed ({type(exc).__name__})"

    def _url(self, tweet_id: str) -> str:
        return f"https://x.com/{self.handle}/status/{tweet_id}"


def _message(body: dict) -> str:
    """v2 problem details use ``detail``; older shapes use ``errors[0].message``."""
    if body.get("detail"):
        return str(body["detail"])
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("message", ""))
    return str(body.get("title", ""))


def _reset_at(headers: requests.structures.CaseInsensitiveDict) -> datetime | None:
    """When posting may resume: the window reset, or the 24-hour user reset once the daily
    allowance is spent (whichever is later)."""
    window = from_epoch(headers.get("x-rate-limit-reset"))
    daily = from_epoch(headers.get("x-user-limit-24hour-reset"))
    daily_spent = str(headers.get("x-user-limit-24hour-remaining", "")).strip() == "0"
    candidates = [t for t in (window, daily if daily_spent else None) if t is not None]
    return max(candidates) if candidates else None
