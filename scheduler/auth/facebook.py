"""Facebook: a Page token, picked from the Pages a User token may act on (/me/accounts).

The Graph API publishes to Pages only. A Page token taken from a long-lived User token does
not expire; one taken from the Explorer's short-lived token stops working within hours.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import requests

from scheduler.auth.base import Flow, Obtained, refused, unreachable
from scheduler.errors import AuthFlowError, UsageError
from scheduler.publishers.facebook import facebook_profile_problem
from scheduler.publishers.http import json_body
from scheduler.publishers.platform_access import Credentials, FacebookCredentials

PLATFORM = "facebook"
STEPS = (
    "1. Open https://developers.facebook.com/tools/explorer/ and choose your app (Meta App).",
    "2. Under User or Page choose Get User Access Token, with the permissions pages_show_list, "
    "pages_manage_posts and pages_read_engagement; Generate Access Token and allow the Page.",
    "3. Make it long-lived: paste it in https://developers.facebook.com/tools/debug/accesstoken/,"
    " Debug, then Extend Access Token. A short-lived token's Page token stops within hours.",
    "4. Paste the extended User token below. It is used once to find the Page, never stored.",
)
PAGE_FIELDS = "id,name,username,access_token,tasks"
MAX_PAGES = "100"
POSTING_TASK = "CREATE_CONTENT"


@dataclass(frozen=True)
class Page:
    id: str
    name: str
    username: str
    token: str = field(repr=False)
    tasks: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.name} (Page {self.id})"


def obtain(flow: Flow) -> Obtained:
    profile = facebook_profile_problem(flow.account.url)
    if profile:
        flow.guide.say(f"warning: {profile}")
    for step in STEPS:
        flow.guide.say(step)
    user_token = flow.value("FACEBOOK_USER_TOKEN", "Facebook User access token", secret=True)
    pages = _pages(flow, user_token)
    flow.secret(*(p.token for p in pages if p.token))
    page = _pick(flow, pages)
    if not page.token or (page.tasks and POSTING_TASK not in page.tasks):
        raise AuthFlowError(
            f"you may not post on {page.label}: generate the User token with "
            "pages_manage_posts, as someone with the Page's 'Create content' access"
        )
    _verify(flow, page)
    if profile:
        flow.guide.say(
            f"then point the Facebook account in the config at the Page: "
            f"url https://www.facebook.com/{page.username or page.id}"
        )
    return Obtained(
        {"FACEBOOK_PAGE_ID": page.id, "FACEBOOK_PAGE_TOKEN": page.token}, identity=page.label
    )


def _pages(flow: Flow, user_token: str) -> list[Page]:
    s = flow.settings
    url = f"{s.facebook_api_base}/{s.facebook_graph_version}/me/accounts"
    try:
        # A bearer header, not ?access_token=: URLs end up in logs.
        response = flow.session().get(
            url,
            params={"fields": PAGE_FIELDS, "limit": MAX_PAGES},
            headers={"Authorization": f"Bearer {user_token}"},
        )
    except requests.RequestException as exc:
        raise unreachable(PLATFORM, "listing your Pages", exc) from exc
    body = json_body(response)
    if not response.ok:
        error = body.get("error")
        message = str(error.get("message", "")) if isinstance(error, dict) else ""
        raise refused(PLATFORM, "listing your Pages", response, message, user_token)
    pages = [
        Page(
            id=str(entry["id"]),
            name=str(entry.get("name") or entry["id"]),
            username=str(entry.get("username") or ""),
            token=str(entry.get("access_token") or ""),
            tasks=tuple(entry.get("tasks") or ()),
        )
        for entry in body.get("data") or []
        if isinstance(entry, dict) and entry.get("id")
    ]
    if not pages:
        raise AuthFlowError(
            "this User token sees no Pages: create a Page (facebook.com/pages/create), or "
            "allow it when generating the token (pages_show_list)"
        )
    return pages


def _pick(flow: Flow, pages: Sequence[Page]) -> Page:
    """--page when given; else the stored Page or the config's handle; else the person picks."""
    if flow.options.page:
        chosen = [p for p in pages if _is(p, flow.options.page)]
        if not chosen:
            names = "; ".join(p.label for p in pages)
            raise UsageError(f"--page {flow.options.page!r} is none of your Pages: {names}")
        return chosen[0]
    for hint in (flow.known.get("FACEBOOK_PAGE_ID"), flow.account.handle):
        chosen = [p for p in pages if hint and _is(p, hint)]
        if len(chosen) == 1:
            return chosen[0]
    index = flow.guide.choose("Which Page should the scheduler post to?", [p.label for p in pages])
    return pages[index]


def _is(page: Page, wanted: str) -> bool:
    """Id, name or username, ignoring case, spaces and punctuation."""
    key = _squash(wanted)
    return bool(key) and key in {page.id, _squash(page.name), _squash(page.username)}


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def _verify(flow: Flow, page: Page) -> None:
    """Read the Page with its new token, the way the publisher checks it."""
    credentials = Credentials(facebook=FacebookCredentials(page.id, page.token))
    flow.check(credentials, "the Page token does not work", need_id=False)
