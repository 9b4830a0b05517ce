"""A fake Graph API: a Page's /feed, /photos and node, and /me/accounts for its manager."""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

from tests.fakes import accounts
from tests.fakes.core import FakeRequest, FakeResponse, FakeState, Fault

NAME = "facebook"
PAGES = {
    accounts.FACEBOOK_PAGE_ID: (accounts.FACEBOOK_PAGE_TOKEN, accounts.FACEBOOK_PAGE_NAME),
    accounts.FACEBOOK_OTHER_PAGE_ID: (
        accounts.FACEBOOK_OTHER_PAGE_TOKEN,
        accounts.FACEBOOK_OTHER_PAGE_NAME,
    ),
}
USERNAMES = {accounts.FACEBOOK_PAGE_ID: accounts.FACEBOOK_PAGE_USERNAME}
USERS = {accounts.FACEBOOK_USER_TOKEN: accounts.FACEBOOK_USER_ID}
MANAGED = {accounts.FACEBOOK_USER_ID: (accounts.FACEBOOK_OTHER_PAGE_ID, accounts.FACEBOOK_PAGE_ID)}
PAGE_TASKS = ["ANALYZE", "ADVERTISE", "MODERATE", "CREATE_CONTENT", "MANAGE"]
# /{page-id}, its /feed and /photos, and /{page-id}_{post}/comments (a post's comments).
_PATH = re.compile(r"^/(v\d+\.\d+)/(\d+)(?:_(\d+)(?=/comments))?(/feed|/photos|/comments)?$")
_ME_ACCOUNTS = re.compile(r"^/v\d+\.\d+/me/accounts$")


def graph_error(code: int, message: str, *, status: int = 400, subcode: int | None = None,
                kind: str = "OAuthException", transient: bool = False) -> FakeResponse:  # fmt: skip
    body: dict[str, Any] = {"message": message, "type": kind, "code": code,
                            "fbtrace_id": secrets.token_urlsafe(8)}  # fmt: skip
    if subcode:
        body["error_subcode"] = subcode
    if transient:
        body["is_transient"] = True
    return FakeResponse(status, {"error": body})


def matches(path: str) -> bool:
    return bool(re.match(r"^/v\d+\.\d+/", path))


def operation(req: FakeRequest) -> str:
    if req.method != "POST":
        return "read"
    return "comment" if req.path.endswith("/comments") else "publish"


def _token(req: FakeRequest) -> str:
    scheme, _, bearer = req.headers.get("authorization", "").partition(" ")
    if scheme in ("Bearer", "OAuth") and bearer:
        return bearer
    if req.method == "POST":
        return req.form().get("access_token", "")
    return req.param("access_token") or ""


def authenticate(req: FakeRequest, state: FakeState) -> tuple[str | None, FakeResponse | None]:
    if _ME_ACCOUNTS.match(req.path):
        return _user(req)
    match = _PATH.match(req.path)
    if not match:
        return None, graph_error(2500, "Unknown path components", kind="OAuthException")
    page = match.group(2)
    if page not in PAGES:
        return None, graph_error(
            100, f"Unsupported post request. Object with ID '{page}' does not exist", subcode=33
        )
    token = _token(req)
    if not token:
        return None, graph_error(104, "An access token is required to request this resource.")
    if token != PAGES[page][0]:
        return None, graph_error(190, "Invalid OAuth access token - Cannot parse access token")
    return page, None


def _user(req: FakeRequest) -> tuple[str | None, FakeResponse | None]:
    """/me/* takes a User token, not a Page token."""
    token = _token(req)
    if not token:
        return None, graph_error(104, "An access token is required to request this resource.")
    if token not in USERS:
        return None, graph_error(190, "Invalid OAuth access token - Cannot parse access token")
    return USERS[token], None


def fault_response(fault: Fault, state: FakeState, req: FakeRequest, page: str) -> FakeResponse:
    kind, params = fault.kind, fault.params
    if kind == "rate_limit":
        minutes = int(params.get("regain_minutes", 30))
        usage = {
            page: [
                {
                    "type": "pages",
                    "call_count": 100,
                    "total_cputime": 12,
                    "total_time": 40,
                    "estimated_time_to_regain_access": minutes,
                }
            ]
        }
        response = graph_error(int(params.get("code", 32)), "Page request limit reached")
        response.headers["x-business-use-case-usage"] = json.dumps(usage)
        return response  # fmt: skip
    if kind == "error_500":
        return graph_error(2, "An unexpected error has occurred. Please retry your request later.",
                           status=500, transient=True)  # fmt: skip
    if kind == "error_503":
        return FakeResponse(503, "<html><body>Service Unavailable</body></html>")
    if kind == "expired_token":
        return graph_error(190, "Error validating access token: Session has expired.", subcode=463)
    if kind == "duplicate":
        return graph_error(506, "Duplicate status message")
    if kind == "rejected":
        return graph_error(368, "It looks like you were misusing this feature by going too fast.")
    raise ValueError(f"graph fake cannot answer fault {kind!r} directly")


def handle(req: FakeRequest, state: FakeState, page: str) -> FakeResponse:
    if _ME_ACCOUNTS.match(req.path):
        return _managed_pages(req, user=page)
    match = _PATH.match(req.path)
    edge = match.group(4)  # type: ignore[union-attr]
    if edge == "/comments":
        return _post_comments(req, state, page, f"{page}_{match.group(3)}")  # type: ignore[union-attr]
    if req.method == "GET" and edge is None:
        return FakeResponse(200, {"name": PAGES[page][1], "id": page})
    if req.method == "GET" and edge == "/feed":
        limit = int(req.param("limit") or 25)
        data = [{"id": p.remote_id, "message": p.text, "created_time": p.time}
                for p in state.posts_of(NAME, page)[:limit]]  # fmt: skip
        return FakeResponse(200, {"data": data, "paging": {}})
    if req.method == "POST" and edge == "/feed":
        form = req.form()
        return _commit(state, page, form.get("message", ""), form.get("link"), photo=False)
    if req.method == "POST" and edge == "/photos":
        source = req.multipart().get("source")
        if not source or not source[1]:
            return graph_error(324, "Requires upload file")
        return _commit(state, page, req.form().get("caption", ""), None, photo=True)
    return graph_error(100, "Unsupported request", subcode=33)


def _commit(state: FakeState, page: str, text: str, link: str | None, *, photo: bool):
    if not text.strip() and not link:
        return graph_error(100, "Invalid parameter: message or link is required")
    if state.find(NAME, page, text):
        return graph_error(506, "Duplicate status message")
    number = state.next_id()
    post_id = f"{page}_{9_000_000_000 + number}"
    # A Page photo carries its caption for every reader, screen readers included.
    state.commit(NAME, page, text, link, photo, post_id, text if photo else None)
    if photo:
        return FakeResponse(200, {"id": str(8_000_000_000 + number), "post_id": post_id})
    return FakeResponse(200, {"id": post_id})


def _post_comments(req: FakeRequest, state: FakeState, page: str, post_id: str) -> FakeResponse:
    """POST /{post-id}/comments (message) answers {"id"}; GET lists them, oldest first."""
    if state.post_by_id(NAME, post_id) is None:
        return graph_error(
            100, f"Unsupported post request. Object with ID '{post_id}' does not exist", subcode=33
        )
    if req.method == "POST":
        message = req.form().get("message", "")
        if not message.strip():
            return graph_error(100, "(#100) The parameter message is required")
        comment_id = f"{post_id.split('_')[1]}_{5_000_000_000 + state.next_id()}"
        state.add_comment(NAME, post_id, page, message, comment_id)
        return FakeResponse(200, {"id": comment_id})
    author = {"name": PAGES[page][1], "id": page}
    data = [{"created_time": c.time, "from": author, "message": c.text, "id": c.remote_id}
            for c in state.comments_on(NAME, post_id)]  # fmt: skip
    paging = {"cursors": {"before": "MQZDZD", "after": "MQZDZD"}}
    return FakeResponse(200, {"data": data, "paging": paging})


def _managed_pages(req: FakeRequest, user: str) -> FakeResponse:
    """The Pages a user can act on, each with its Page token, trimmed to ?fields= like Graph."""
    if req.method != "GET":
        return graph_error(100, "Unsupported request", subcode=33)
    wanted = set((req.param("fields") or "access_token,category,name,id,tasks").split(","))
    data = []
    for page in MANAGED.get(user, ()):
        token, name = PAGES[page]
        entry = {"access_token": token, "category": "Coach", "name": name, "id": page,
                 "tasks": PAGE_TASKS, "username": USERNAMES.get(page)}  # fmt: skip
        data.append({k: v for k, v in entry.items() if (k in wanted or k == "id") and v})
    paging = {"cursors": {"before": "QVFIUk1", "after": "QVFIUk2"}}
    return FakeResponse(200, {"data": data, "paging": paging})
