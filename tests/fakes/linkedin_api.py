"""A fake LinkedIn: /v2/userinfo, /rest/posts (create + find by author), /rest/images upload,
and /rest/socialActions/{urn}/comments (create + list)."""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import unquote

from tests.fakes import accounts
from tests.fakes.core import FakeRequest, FakeResponse, FakeState, Fault

MAX_ALT_TEXT = 4086  # LinkedIn keeps at most this much alt text on an image
NAME = "linkedin"
TOKENS = {accounts.LINKEDIN_TOKEN: accounts.LINKEDIN_SUB}
# Organizations each member may post as.
ORGANIZATIONS = {accounts.LINKEDIN_SUB: {accounts.LINKEDIN_ORGANIZATION}}
UPLOAD_PREFIX = "/_upload/linkedin/"
REQUIRED_FIELDS = {
    "author",
    "commentary",
    "visibility",
    "distribution",
    "lifecycleState",
    "isReshareDisabledByAuthor",
}
DISTRIBUTION = {
    "feedDistribution": "MAIN_FEED",
    "targetEntities": [],
    "thirdPartyDistributionChannels": [],
}
_VERSION = re.compile(r"^\d{6}$")
# The post's URN travels percent-encoded as one path segment.
_COMMENTS = re.compile(r"^/rest/socialActions/([^/]+)/comments$")
# An unescaped reserved character (hashtags allowed) means the client skipped escaping.
_UNESCAPED = re.compile(r"(?<!\\)(?:\\\\)*[|{}@\[\]()<>*_~]")
_HASHTAG = re.compile(r"(?<![\w#])#(?=\w*[^\W\d_])\w+")


def error(
    status: int, message: str, code: str | None = None, service: int | None = None
) -> FakeResponse:
    body: dict[str, Any] = {"status": status, "message": message}
    if code:
        body["code"] = code
    if service:
        body["serviceErrorCode"] = service
    return FakeResponse(status, body)


def unprocessable(field: str, problem: str) -> FakeResponse:
    return error(422, f"ERROR :: /{field} :: {problem}")


def duplicate(urn: str) -> FakeResponse:
    return FakeResponse(
        422,
        {
            "errorDetailType": "com.linkedin.common.error.BadRequest",
            "message": "com.linkedin.content.common.exception.BadRequestResponseException: "
            f"Content is a duplicate of {urn}",
            "errorDetails": {"inputErrors": [{"description": "Duplicate post is detected",
                                              "input": {}, "code": "DUPLICATE_POST"}]},
            "status": 422,
        },
    )  # fmt: skip


def matches(path: str) -> bool:
    return path.startswith(("/rest/", "/v2/userinfo", UPLOAD_PREFIX))


def operation(req: FakeRequest) -> str:
    if req.method == "POST" and req.path == "/rest/posts":
        return "publish"
    if req.method == "POST" and _COMMENTS.match(req.path):
        return "comment"
    return "upload" if "images" in req.path or req.path.startswith(UPLOAD_PREFIX) else "read"


def authenticate(req: FakeRequest, state: FakeState) -> tuple[str | None, FakeResponse | None]:
    scheme, _, token = req.headers.get("authorization", "").partition(" ")
    sub = TOKENS.get(token) if scheme == "Bearer" else None
    if sub is None:
        return None, error(401, "Invalid access token", "INVALID_ACCESS_TOKEN", 65600)
    if req.path.startswith("/rest/"):
        if not _VERSION.match(req.headers.get("linkedin-version", "")):
            message = "A version must be present: add the LinkedIn-Version header."
            return None, error(400, message, "VERSION_MISSING")
        if req.headers.get("x-restli-protocol-version") != "2.0.0":
            return None, error(400, "X-Restli-Protocol-Version 2.0.0 is required")
    return sub, None


def fault_response(fault: Fault, state: FakeState, req: FakeRequest, sub: str) -> FakeResponse:
    kind, params = fault.kind, fault.params
    if kind == "rate_limit":
        response = error(429, "Resource level throttle APPLICATION DAY limit for calls to this "
                         "resource is reached.", "TOO_MANY_REQUESTS", 101)  # fmt: skip
        if params.get("retry_after") is not None:
            response.headers["Retry-After"] = str(int(params["retry_after"]))
        return response
    if kind == "error_500":
        return error(500, "Internal Server Error")
    if kind == "error_503":
        return FakeResponse(503, "<html><body>Service Unavailable</body></html>")
    if kind == "expired_token":
        return error(401, "The token used in the request has been revoked by the user",
                     "REVOKED_ACCESS_TOKEN", 65601)  # fmt: skip
    if kind == "duplicate":
        return duplicate(params.get("urn", "urn:li:share:7000000000000000001"))
    if kind == "rejected":
        return unprocessable("commentary", "length of field commentary exceeds the maximum")
    raise ValueError(f"linkedin fake cannot answer fault {kind!r} directly")


def handle(req: FakeRequest, state: FakeState, sub: str) -> FakeResponse:
    if req.method == "GET" and req.path == "/v2/userinfo":
        return FakeResponse(200, {"sub": sub, "name": "Annemarie Baltus", "email_verified": True})
    if req.method == "POST" and req.path == "/rest/posts":
        return _create(req, state, sub)
    if req.method == "GET" and req.path == "/rest/posts":
        return _find(req, state, sub)
    if req.method == "POST" and req.path == "/rest/images":
        return _initialize_upload(req, state, sub)
    if req.method == "PUT" and req.path.startswith(UPLOAD_PREFIX):
        return _receive_upload(req, state, sub)
    comments_of = _COMMENTS.match(req.path)
    if comments_of and req.method == "POST":
        return _comment(req, state, sub, comments_of.group(1))
    if comments_of and req.method == "GET":
        return _comments(state, comments_of.group(1))
    return error(404, f"No virtual resource found for {req.path}", "RESOURCE_NOT_FOUND")


def _may_post_as(sub: str, author: object) -> bool:
    return author == f"urn:li:person:{sub}" or author in ORGANIZATIONS.get(sub, set())


def _create(req: FakeRequest, state: FakeState, sub: str) -> FakeResponse:
    if req.content_type != "application/json":
        return error(400, "Content-Type must be application/json")
    try:
        body = req.json()
    except ValueError:
        return error(400, "Request body is not valid JSON")
    problem = _post_problem(body, state, sub)
    if problem:
        return unprocessable(*problem)
    text = _unescape(body["commentary"])
    earlier = state.find(NAME, body["author"], text)
    if earlier:
        return duplicate(earlier.remote_id)
    urn = f"urn:li:share:{7_100_000_000_000_000_000 + state.next_id()}"
    article = (body.get("content") or {}).get("article") or {}
    media = (body.get("content") or {}).get("media")
    alt = media.get("altText") if media else None  # plain text, not little text
    state.commit(NAME, body["author"], text, article.get("source"), bool(media), urn, alt)
    return FakeResponse(201, None, {"x-restli-id": urn})


def _post_problem(body: Any, state: FakeState, sub: str) -> tuple[str, str] | None:
    """The first way ``body`` differs from what our publisher must send, or None."""
    if not isinstance(body, dict):
        return "", "body must be an object"
    missing = REQUIRED_FIELDS - body.keys()
    extra = body.keys() - REQUIRED_FIELDS - {"content"}
    if missing or extra:
        return "", f"missing {sorted(missing)} / unexpected {sorted(extra)}"
    if not _may_post_as(sub, body["author"]):
        return "author", f"{body['author']} is not the member behind this token"
    checks = [
        ("visibility", body["visibility"] == "PUBLIC"),
        ("distribution", body["distribution"] == DISTRIBUTION),
        ("lifecycleState", body["lifecycleState"] == "PUBLISHED"),
        ("isReshareDisabledByAuthor", body["isReshareDisabledByAuthor"] is False),
        ("commentary", isinstance(body["commentary"], str) and bool(body["commentary"].strip())),
    ]
    for field, ok in checks:
        if not ok:
            return field, "unexpected value"
    if _UNESCAPED.search(_HASHTAG.sub("", body["commentary"])):
        return "commentary", "reserved characters must be escaped (little text format)"
    return _content_problem(body.get("content"), state, body["author"])


def _content_problem(content: Any, state: FakeState, author: str) -> tuple[str, str] | None:
    if content is None:
        return None
    if not isinstance(content, dict) or len(content) != 1:
        return "content", "exactly one of article / media"
    if "article" in content:
        article = content["article"]
        if not isinstance(article, dict) or not article.get("source") or not article.get("title"):
            return "content/article", "source and title are required"
        if not set(article) <= {"source", "title", "description", "thumbnail"}:
            return "content/article", "unexpected field"
        return None
    media = content.get("media")
    if not isinstance(media, dict) or state.media.get(str(media.get("id"))) != author:
        return "content/media/id", "unknown or not yet uploaded image"
    if not set(media) <= {"id", "altText", "title"}:
        return "content/media", "unexpected field"
    alt = media.get("altText")
    if alt is not None and (not isinstance(alt, str) or len(alt) > MAX_ALT_TEXT):
        return "content/media/altText", f"must be text of at most {MAX_ALT_TEXT} characters"
    return None


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _as_little_text(text: str) -> str:
    """LinkedIn hands commentary back in little-text form, reserved characters escaped."""
    tags = {m.start() for m in _HASHTAG.finditer(text)}
    return "".join(
        "\\" + ch if ch in "\\|{}@[]()<>#*_~" and i not in tags else ch for i, ch in enumerate(text)
    )


def _find(req: FakeRequest, state: FakeState, sub: str) -> FakeResponse:
    author = req.param("author")
    if req.param("q") != "author" or not _may_post_as(sub, author):
        return error(400, "q=author and an author you may read are required")
    elements = [
        {"id": p.remote_id, "author": p.account, "commentary": _as_little_text(p.text),
         "lifecycleState": "PUBLISHED", "visibility": "PUBLIC"}
        for p in state.posts_of(NAME, str(author))
    ]  # fmt: skip
    return FakeResponse(200, {"elements": elements, "paging": {"start": 0, "count": 10}})


def _initialize_upload(req: FakeRequest, state: FakeState, sub: str) -> FakeResponse:
    if req.param("action") != "initializeUpload":
        return error(400, "action=initializeUpload is required")
    try:
        owner = req.json()["initializeUploadRequest"]["owner"]
    except (ValueError, KeyError, TypeError):
        return error(400, "initializeUploadRequest.owner is required")
    if not _may_post_as(sub, owner):
        return unprocessable("initializeUploadRequest/owner", "not the member behind this token")
    image_id = f"D4E10AQ{state.next_id():08d}"
    state.media[f"pending:{image_id}"] = owner
    host = req.headers.get("host", "127.0.0.1")
    return FakeResponse(
        200,
        {"value": {"uploadUrlExpiresAt": 1_900_000_000_000,
                   "uploadUrl": f"http://{host}{UPLOAD_PREFIX}{image_id}",
                   "image": f"urn:li:image:{image_id}"}},
    )  # fmt: skip


def _receive_upload(req: FakeRequest, state: FakeState, sub: str) -> FakeResponse:
    image_id = req.path.removeprefix(UPLOAD_PREFIX)
    owner = state.media.pop(f"pending:{image_id}", None)
    if owner is None or not req.body:
        return error(400, "unknown upload or empty body")
    state.media[f"urn:li:image:{image_id}"] = owner
    return FakeResponse(201, None)


def _commented_post(segment: str, state: FakeState) -> tuple[str, FakeResponse | None]:
    if ":" in segment:  # LinkedIn wants the URN encoded; a raw one is a client bug
        return "", error(400, "Invalid URN in path: it must be URL-encoded", "ILLEGAL_ARGUMENT")
    urn = unquote(segment)
    if state.post_by_id(NAME, urn) is None:
        return urn, error(404, f"Entity {urn} not found", "RESOURCE_NOT_FOUND")
    return urn, None


def _comment(req: FakeRequest, state: FakeState, sub: str, segment: str) -> FakeResponse:
    """Create a Comment: {actor, object, message: {text}}; answers 201 with the comment."""
    urn, refusal = _commented_post(segment, state)
    if refusal is not None:
        return refusal
    try:
        body = req.json()
    except ValueError:
        return error(400, "Request body is not valid JSON")
    if not isinstance(body, dict) or not {"actor", "object", "message"} <= body.keys():
        return unprocessable("", "actor, object and message are required")
    if not _may_post_as(sub, body["actor"]):
        return error(403, f"Not enough permissions to comment as {body['actor']}",
                     "ACCESS_DENIED")  # fmt: skip
    if body["object"] != urn:
        return unprocessable("object", "must be the entity in the path")
    message = body["message"]
    text = message.get("text") if isinstance(message, dict) else None
    if not isinstance(text, str) or not text.strip():
        return unprocessable("message/text", "a comment needs text")
    comment_id = str(6_600_000_000_000_000_000 + state.next_id())
    comment_urn = f"urn:li:comment:({urn},{comment_id})"
    state.add_comment(NAME, urn, body["actor"], text, comment_urn)
    return FakeResponse(201, _comment_entity(urn, body["actor"], text, comment_id),
                        {"x-restli-id": comment_urn})  # fmt: skip


def _comment_entity(urn: str, actor: str, text: str, comment_id: str) -> dict[str, Any]:
    moment = {"actor": actor, "time": int(time.time() * 1000)}
    return {
        "actor": actor,
        "commentUrn": f"urn:li:comment:({urn},{comment_id})",
        "id": comment_id,
        "object": urn,
        "message": {"text": text, "attributes": []},
        "created": moment,
        "lastModified": moment,
    }


def _comments(state: FakeState, segment: str) -> FakeResponse:
    """Get Comments on a post, oldest first, in LinkedIn's collection shape."""
    urn, refusal = _commented_post(segment, state)
    if refusal is not None:
        return refusal
    elements = [
        _comment_entity(urn, c.actor, c.text, c.remote_id.rsplit(",", 1)[-1].rstrip(")"))
        for c in state.comments_on(NAME, urn)
    ]
    paging = {"start": 0, "count": 10, "total": len(elements)}
    return FakeResponse(200, {"elements": elements, "paging": paging})
