"""LinkedIn through the versioned REST Posts API (/rest/posts), over plain requests."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any
from urllib.parse import quote, urlsplit

import requests

from scheduler.model.post import Outcome, Post, Result
from scheduler.publishers.http import (
    Halt,
    VersionedPublisher,
    comparable_text,
    json_body,
    lookup_failed,
    outcome_for_status,
    rate_limited,
    retry_after,
    safe_error,
    transport_result,
)
from scheduler.publishers.platform_access import (
    DEFAULT_LINKEDIN_API_BASE,
    DEFAULT_LINKEDIN_VERSION,
    LinkedInCredentials,
    token_expired,
)

log = logging.getLogger(__name__)

PLATFORM = "linkedin"
RESTLI_PROTOCOL_VERSION = "2.0.0"
POST_ID_HEADER = "x-restli-id"
# How many recent posts find() reads; the post it looks for is recent (finder max is 100).
FIND_PAGE_SIZE = 50
# LinkedIn caps alt text at 4086 characters.
MAX_ALT_TEXT = 4086
_DUPLICATE_OF = re.compile(r"urn:li:(?:share|ugcPost|activity):\d+")

# "Little text" reserves these; each must be backslash-escaped to be shown literally.
LITTLE_TEXT_RESERVED = frozenset("\\|{}@[]()<>#*_~")
# A '#' that starts a word containing a letter is a hashtag we mean; leave the whole tag alone.
_HASHTAG = re.compile(r"(?<![\w#])#(?=\w*[^\W\d_])\w+")
_ESCAPED = re.compile(r"\\([\\|{}@\[\]()<>#*_~])")


def escape_little_text(text: str) -> str:
    """Escape LinkedIn's reserved characters, keeping ``#Hashtag`` as a hashtag."""
    out: list[str] = []
    position = 0
    for tag in _HASHTAG.finditer(text):
        out.append(_escape_plain(text[position : tag.start()]))
        out.append(tag.group())
        position = tag.end()
    out.append(_escape_plain(text[position:]))
    return "".join(out)


def _escape_plain(text: str) -> str:
    return "".join("\\" + ch if ch in LITTLE_TEXT_RESERVED else ch for ch in text)


def unescape_little_text(text: str) -> str:
    return _ESCAPED.sub(r"\1", text)


# The member behind each token (by its hash), asked once per process: many accounts share one.
_MEMBERS: dict[str, str] = {}


class LinkedInPublisher(VersionedPublisher[LinkedInCredentials]):
    platform = PLATFORM
    DEFAULT_API_BASE = DEFAULT_LINKEDIN_API_BASE
    DEFAULT_VERSION = DEFAULT_LINKEDIN_VERSION
    _author_urn: str | None = None  # the member behind the token, once asked

    def __repr__(self) -> str:
        return f"LinkedInPublisher(handle={self.handle!r}, api_base={self._api_base!r})"

    # --- the protocol ---------------------------------------------------------------------

    def publish(self, post: Post) -> Result:
        try:
            self._refuse_expired_token()
            author = self._author()
            content = self._content(post, author)
        except Halt as halt:
            return halt.result
        body = {
            "author": author,
            "commentary": escape_little_text(post.text),
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        if content:
            body["content"] = content
        try:
            response = self._session.post(
                self._api_base + "/rest/posts", json=body, headers=self._headers()
            )
        except requests.RequestException as exc:
            return transport_result(PLATFORM, exc, committing=True)
        return self._map_post_answer(response)

    def find(self, post: Post) -> Result | None:
        wanted = comparable_text(post.text)
        listed = self._list("/rest/posts", lambda author: {"author": author, "q": "author"})
        if isinstance(listed, Result):
            return listed
        for element in listed[1]:
            commentary = unescape_little_text(str(element.get("commentary", "")))
            if comparable_text(commentary) == wanted and element.get("id"):
                urn = str(element["id"])
                return Result(Outcome.PUBLISHED, remote_id=urn, url=_post_url(urn))
        return None

    def _list(
        self, path: str, params: Callable[[str], dict[str, str]]
    ) -> tuple[str, list[dict[str, Any]]] | Result:
        """The author and one page of a collection (recent first); UNKNOWN when LinkedIn
        could not be asked. Reconciliation reads this way: what it looks for is recent."""
        try:
            self._refuse_expired_token()
            author = self._author()
            response = self._session.get(
                self._api_base + path,
                params={**params(author), "count": str(FIND_PAGE_SIZE)},
                headers=self._headers(),
            )
        except Halt as halt:
            return Result(Outcome.UNKNOWN, error=halt.result.error)
        except requests.RequestException as exc:
            return lookup_failed(PLATFORM, exc)
        if not response.ok:
            return Result(Outcome.UNKNOWN, error=self._map_answer(response).error)
        elements = json_body(response).get("elements") or []
        return author, [e for e in elements if isinstance(e, dict)]

    def comment(self, post_id: str, text: str) -> Result:
        """The post's first comment, by the post's author (Comments API, socialActions)."""
        try:
            self._refuse_expired_token()
            author = self._author()
        except Halt as halt:
            return halt.result
        body = {"actor": author, "object": post_id, "message": {"text": text}}
        try:
            response = self._session.post(
                self._api_base + self._comments_path(post_id), json=body, headers=self._headers()
            )
        except requests.RequestException as exc:
            return transport_result(PLATFORM, exc, committing=True)
        if not response.ok:
            return self._map_answer(response)
        answer = json_body(response)
        urn = answer.get("commentUrn") or response.headers.get(POST_ID_HEADER) or answer.get("id")
        if not urn:
            return Result(
                Outcome.UNKNOWN, error=f"{PLATFORM} {response.status_code}: comment had no id"
            )
        return Result(Outcome.PUBLISHED, remote_id=str(urn), url=_post_url(post_id))

    def find_comment(self, post_id: str, text: str) -> Result | None:
        """Look among the post's comments for ours (the post is recent: one page will do)."""
        listed = self._list(self._comments_path(post_id), lambda _author: {})
        if isinstance(listed, Result):
            return listed
        author, elements = listed
        for element in elements:
            message = element.get("message")
            said = message.get("text") if isinstance(message, dict) else None
            if element.get("actor") == author and str(said or "").strip() == text.strip():
                urn = element.get("commentUrn") or element.get("id")
                return Result(Outcome.PUBLISHED, remote_id=str(urn), url=_post_url(post_id))
        return None

    def _comments_path(self, post_id: str) -> str:
        # The post's URN is a path segment: its colons are percent-encoded.
        return f"/rest/socialActions/{quote(post_id, safe='')}/comments"

    def check(self) -> Result:
        try:
            self._refuse_expired_token()
            urn = self._author(refresh=True)
        except Halt as halt:
            return halt.result
        return Result(Outcome.PUBLISHED, remote_id=urn)

    # --- steps -----------------------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self._credentials.access_token}",
            "LinkedIn-Version": self._version,
            "X-Restli-Protocol-Version": RESTLI_PROTOCOL_VERSION,
        }

    def _refuse_expired_token(self) -> None:
        """Past its expiry the token can only earn a 401; don't spend a request on it."""
        expires = self._credentials.token_expires
        if token_expired(expires, self._clock()):
            raise Halt(Result(Outcome.AUTH, error=f"{PLATFORM}: access token expired ({expires})"))

    def _author(self, *, refresh: bool = False) -> str:
        """The post author: the configured URN, else the member behind the token."""
        known = self._author_urn or self._credentials.author_urn
        if known and not refresh:
            return known
        token_key = hashlib.sha256(self._credentials.access_token.encode()).hexdigest()
        if token_key in _MEMBERS and not refresh:  # another account on this token asked
            self._author_urn = _MEMBERS[token_key]
            return self._author_urn
        response = self._call_before_commit(
            "GET", "/v2/userinfo", headers={"Authorization": self._headers()["Authorization"]}
        )
        sub = json_body(response).get("sub")
        if not sub:
            raise Halt(Result(Outcome.TRANSIENT, error=f"{PLATFORM}: userinfo gave no sub"))
        self._author_urn = self._credentials.author_urn or f"urn:li:person:{sub}"
        _MEMBERS[token_key] = self._author_urn
        return self._author_urn

    def _content(self, post: Post, author: str) -> dict[str, Any] | None:
        if post.image:
            media: dict[str, Any] = {"id": self._upload_image(post.image, author)}
            alt = post.alt_text or post.quote
            if alt:
                media["altText"] = alt[:MAX_ALT_TEXT]
            return {"media": media}
        if post.link:
            article = {"source": post.link, "title": post.title or post.link}
            if post.quote:
                article["description"] = post.quote
            return {"article": article}
        return None

    def _upload_image(self, image: bytes, owner: str) -> str:
        response = self._call_before_commit(
            "POST",
            "/rest/images",
            params={"action": "initializeUpload"},
            json={"initializeUploadRequest": {"owner": owner}},
            headers=self._headers(),
        )
        value = json_body(response).get("value") or {}
        upload_url, image_urn = value.get("uploadUrl"), value.get("image")
        if not upload_url or not image_urn:
            raise Halt(Result(Outcome.TRANSIENT, error=f"{PLATFORM}: image upload not initialised"))
        headers = {"Content-Type": "application/octet-stream"}
        if self._is_linkedin_host(upload_url):
            headers["Authorization"] = self._headers()["Authorization"]
        self._call_before_commit("PUT", upload_url, data=image, headers=headers)
        return str(image_urn)

    def _is_linkedin_host(self, url: str) -> bool:
        """Send the bearer token only to LinkedIn (or the configured API host), never to
        whatever host an upload URL might name."""
        host = (urlsplit(url).hostname or "").lower()
        api_host = (urlsplit(self._api_base).hostname or "").lower()
        return host == api_host or host == "linkedin.com" or host.endswith(".linkedin.com")

    def _call_before_commit(self, method: str, path_or_url: str, **kwargs: Any):
        """A request that publishes nothing: any failure ends publish() before the post."""
        url = path_or_url if "://" in path_or_url else self._api_base + path_or_url
        try:
            response = self._session.request(method, url, **kwargs)
        except requests.RequestException as exc:
            raise Halt(transport_result(PLATFORM, exc, committing=False)) from exc
        if not response.ok:
            result = self._map_answer(response)
            # An upload refused as "duplicate" is not a duplicate post.
            if result.outcome is Outcome.DUPLICATE:
                result = Result(Outcome.REJECTED, error=result.error)
            raise Halt(result)
        return response

    # --- answers ---------------------------------------------------------------------------

    def _map_post_answer(self, response: requests.Response) -> Result:
        if response.ok:
            urn = response.headers.get(POST_ID_HEADER)
            if not urn:
                # Seen in the wild: a 2xx with no post id, and sometimes no post. Reconcile.
                return Result(
                    Outcome.UNKNOWN,
                    error=f"{PLATFORM} {response.status_code}: answer lacked {POST_ID_HEADER}",
                )
            log.info("published LinkedIn post %s", urn)
            return Result(Outcome.PUBLISHED, remote_id=urn, url=_post_url(urn))
        return self._map_answer(response)

    def _map_answer(self, response: requests.Response) -> Result:
        status = response.status_code
        body = json_body(response)
        message = str(body.get("message") or response.reason or "")
        error = safe_error(PLATFORM, status, message, *self._credentials.secret_values())
        if status in (400, 409, 422) and _is_duplicate(body, message):
            match = _DUPLICATE_OF.search(message)
            urn = match.group() if match else None
            return Result(
                Outcome.DUPLICATE, remote_id=urn, url=_post_url(urn) if urn else None, error=error
            )
        if status == 429:
            now = self._clock()
            wait = retry_after(response.headers.get("Retry-After"), now)
            return rate_limited(error, wait or _next_utc_midnight(now), now)
        return Result(outcome_for_status(status), error=error)


def _is_duplicate(body: dict[str, Any], message: str) -> bool:
    if "duplicate" in message.lower():
        return True
    details = body.get("errorDetails")
    inputs = details.get("inputErrors") if isinstance(details, dict) else None
    return any(
        isinstance(item, dict) and item.get("code") == "DUPLICATE_POST" for item in inputs or []
    )


def _next_utc_midnight(now: datetime) -> datetime:
    """LinkedIn's throttles are daily and reset at midnight UTC: the default when a 429
    carries no Retry-After."""
    return datetime.combine(now.astimezone(UTC).date() + timedelta(days=1), time.min, tzinfo=UTC)


def _post_url(urn: str) -> str:
    return f"https://www.linkedin.com/feed/update/{urn}/"
