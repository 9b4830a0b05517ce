"""Facebook Pages through the Graph API, over plain requests."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

from scheduler.model.post import Outcome, Post, Result
from scheduler.publishers.http import (
    VersionedPublisher,
    comparable_text,
    json_body,
    lookup_failed,
    outcome_for_status,
    rate_limited,
    safe_error,
    transport_result,
)
from scheduler.publishers.platform_access import (
    DEFAULT_FACEBOOK_API_BASE,
    DEFAULT_FACEBOOK_GRAPH_VERSION,
    FacebookCredentials,
)

log = logging.getLogger(__name__)

PLATFORM = "facebook"

# Graph error codes (error.code in the answer body), by what they mean for us.
RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, 80001})  # app, user, page, custom, page BUC
AUTH_CODES = frozenset({190})  # OAuthException: token expired, revoked or invalid
DUPLICATE_CODES = frozenset({506})  # "Duplicate status message"
TRANSIENT_CODES = frozenset({1, 2})  # unknown error, service temporarily unavailable
BLOCKED_CODES = frozenset({368})  # "temporarily blocked for policies violations": permanent for us

USAGE_HEADERS = ("x-business-use-case-usage", "x-app-usage", "x-page-usage")
FEED_PAGE_SIZE = 100


def facebook_profile_problem(url: str) -> str | None:
    """Explain why ``url`` cannot be posted to when it is a personal profile, else None."""
    parts = urlsplit(url.strip() if "://" in url else "https://" + url.strip())
    host = (parts.hostname or "").lower()
    if not (host in ("facebook.com", "fb.com") or host.endswith((".facebook.com", ".fb.com"))):
        return None
    path = parts.path.rstrip("/").lower()
    personal = (path == "/profile.php" and "id" in parse_qs(parts.query)) or path.startswith(
        "/people/"
    )
    if not personal:
        return None
    return (
        f"{url} is a personal Facebook profile; the Graph API can only publish to Pages. "
        "Create a Page for the author (facebook.com/pages/create) and use the Page's id "
        "with a Page access token."
    )


class FacebookPublisher(VersionedPublisher[FacebookCredentials]):
    platform = PLATFORM
    DEFAULT_API_BASE = DEFAULT_FACEBOOK_API_BASE
    DEFAULT_VERSION = DEFAULT_FACEBOOK_GRAPH_VERSION

    @property
    def _graph(self) -> str:
        return f"{self._api_base}/{self._version}"

    @property
    def _node(self) -> str:
        """The Page itself: its feed, photos and posts hang below it."""
        return f"{self._graph}/{self._credentials.page_id}"

    def __repr__(self) -> str:
        return f"FacebookPublisher(handle={self.handle!r}, page={self._credentials.page_id!r})"

    # --- the protocol ---------------------------------------------------------------------

    def publish(self, post: Post) -> Result:
        # The token goes in the form body, never the URL: URLs end up in logs.
        token = {"access_token": self._credentials.page_token}
        try:
            if post.image:
                response = self._session.post(
                    self._node + "/photos",
                    data={"caption": post.text, **token},
                    files={"source": ("quote.png", post.image, "image/png")},
                )
            else:
                fields = {"message": post.text, **token}
                if post.link:
                    fields["link"] = post.link
                response = self._session.post(self._node + "/feed", data=fields)
        except requests.RequestException as exc:
            return transport_result(PLATFORM, exc, committing=True)
        if not response.ok:
            return self._map_answer(response)
        body = json_body(response)
        # /photos answers {"id": photo id, "post_id": feed post id}; the post is what we want.
        post_id = str(body.get("post_id") or body.get("id") or "")
        if not post_id:
            return Result(
                Outcome.UNKNOWN, error=f"{PLATFORM} {response.status_code}: answer had no id"
            )
        log.info("published Facebook post %s", post_id)
        return Result(
            Outcome.PUBLISHED, remote_id=post_id, url=f"https://www.facebook.com/{post_id}"
        )

    def find(self, post: Post) -> Result | None:
        wanted = comparable_text(post.text)
        try:
            response = self._get("/feed", {"fields": "id,message", "limit": str(FEED_PAGE_SIZE)})
        except requests.RequestException as exc:
            return lookup_failed(PLATFORM, exc)
        if not response.ok:
            return Result(Outcome.UNKNOWN, error=self._map_answer(response).error)
        for item in json_body(response).get("data") or []:
            if comparable_text(str(item.get("message", ""))) == wanted and item.get("id"):
                post_id = str(item["id"])
                return Result(
                    Outcome.PUBLISHED, remote_id=post_id, url=f"https://www.facebook.com/{post_id}"
                )
        return None

    def comment(self, post_id: str, text: str) -> Result:
        """The post's first comment, by the Page (``POST /{post-id}/comments``)."""
        fields = {"message": text, "access_token": self._credentials.page_token}
        try:
            response = self._session.post(f"{self._graph}/{post_id}/comments", data=fields)
        except requests.RequestException as exc:
            return transport_result(PLATFORM, exc, committing=True)
        if not response.ok:
            return self._map_answer(response)
        comment_id = str(json_body(response).get("id") or "")
        if not comment_id:
            return Result(
                Outcome.UNKNOWN, error=f"{PLATFORM} {response.status_code}: comment had no id"
            )
        return Result(
            Outcome.PUBLISHED, remote_id=comment_id, url=f"https://www.facebook.com/{post_id}"
        )

    def find_comment(self, post_id: str, text: str) -> Result | None:
        headers = {"Authorization": f"Bearer {self._credentials.page_token}"}
        params = {"fields": "id,message,from", "filter": "toplevel", "limit": str(FEED_PAGE_SIZE)}
        try:
            response = self._session.get(
                f"{self._graph}/{post_id}/comments", params=params, headers=headers
            )
        except requests.RequestException as exc:
            return lookup_failed(PLATFORM, exc)
        if not response.ok:
            return Result(Outcome.UNKNOWN, error=self._map_answer(response).error)
        page = self._credentials.page_id
        for item in json_body(response).get("data") or []:
            author = (item.get("from") or {}).get("id") if isinstance(item, dict) else None
            if author == page and str(item.get("message", "")).strip() == text.strip():
                return Result(
                    Outcome.PUBLISHED,
                    remote_id=str(item.get("id")),
                    url=f"https://www.facebook.com/{post_id}",
                )
        return None

    def check(self) -> Result:
        try:
            response = self._get("", {"fields": "name"})
        except requests.RequestException as exc:
            return transport_result(PLATFORM, exc, committing=False)
        if not response.ok:
            return self._map_answer(response)
        return Result(Outcome.PUBLISHED, remote_id=self._credentials.page_id)

    def _get(self, edge: str, params: dict[str, str]) -> requests.Response:
        # Graph accepts the token as a bearer header; it keeps the token out of logged URLs.
        headers = {"Authorization": f"Bearer {self._credentials.page_token}"}
        return self._session.get(self._node + edge, params=params, headers=headers)

    # --- answers ---------------------------------------------------------------------------

    def _map_answer(self, response: requests.Response) -> Result:
        status = response.status_code
        graph_error = json_body(response).get("error")
        graph_error = graph_error if isinstance(graph_error, dict) else {}
        code = _int(graph_error.get("code"))
        message = str(graph_error.get("message") or response.reason or "")
        label = f"{status} (#{code})" if code is not None else status
        error = safe_error(PLATFORM, label, message, *self._credentials.secret_values())
        outcome = _outcome_for(code, status, bool(graph_error.get("is_transient")))
        if outcome is Outcome.RATE_LIMITED:
            now = self._clock()
            return rate_limited(error, _regain_access_at(response.headers, now), now)
        return Result(outcome, error=error)


def _outcome_for(code: int | None, status: int, is_transient: bool) -> Outcome:
    if code in RATE_LIMIT_CODES:
        return Outcome.RATE_LIMITED
    if code in AUTH_CODES:
        return Outcome.AUTH
    if code in DUPLICATE_CODES:
        return Outcome.DUPLICATE
    if code in BLOCKED_CODES:
        return Outcome.REJECTED
    if code in TRANSIENT_CODES or is_transient or status >= 500:
        return Outcome.TRANSIENT
    if code is not None:
        return Outcome.REJECTED
    return outcome_for_status(status)


def _regain_access_at(headers: Any, now: datetime) -> datetime | None:
    """Graph reports throttling as JSON in usage headers. The business-use-case shape is
    ``{"<id>": [{"type": "pages", "call_count": 100, ..., "estimated_time_to_regain_access": 7}]}``
    with minutes; take the longest wait any entry names."""
    minutes = 0
    for name in USAGE_HEADERS:
        try:
            usage = json.loads(headers.get(name) or "null")
        except ValueError:
            continue
        for entry in _usage_entries(usage):
            minutes = max(minutes, _int(entry.get("estimated_time_to_regain_access")) or 0)
    return now + timedelta(minutes=minutes) if minutes else None


def _usage_entries(usage: Any) -> list[dict[str, Any]]:
    if isinstance(usage, dict) and "estimated_time_to_regain_access" in usage:
        return [usage]
    if isinstance(usage, dict):
        return [e for v in usage.values() if isinstance(v, list) for e in v if isinstance(e, dict)]
    return []


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
