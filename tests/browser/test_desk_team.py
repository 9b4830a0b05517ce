"""A team at the real desk (`scheduler serve`): staff added by the command line, an editor
and an approver in Chromium, the HTTP contract of issue 15, and the proxy headers refused."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.browser.conftest import Desk, screenshot
from tests.browser.test_desk_browser import card_ids, fields

pytestmark = pytest.mark.slow

STAFF = {"erik": ("editor", "erik-zijn-wachtwoord"), "anna": ("approver", "anna-haar-wachtwoord")}


def add_staff(desk: Desk) -> None:
    for name, (role, password) in STAFF.items():
        added = desk.cli("staff", "add", name, "--role", role, "--password-stdin", stdin=password)
        assert added.returncode == 0, added.stderr


def browser_login(browser, desk: Desk, name: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(desk.url + "/")
    page.fill("#username", name)
    page.fill("#password", STAFF[name][1])
    page.click("button[type=submit]")
    page.wait_for_url(desk.url + "/")
    return context, page


def test_an_editor_edits_and_cannot_approve_an_approver_approves(browser, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    add_staff(desk)
    erik_context, erik = browser_login(browser, desk, "erik")
    snippet_id = card_ids(erik, "new")[0]
    card = f"#card-{snippet_id}"
    assert erik.locator(f"{card} button:has-text('Approve')").count() == 0
    assert erik.locator(f"{card} button:has-text('Skip')").count() == 1
    erik.click(f"{card} a:has-text('Edit')")
    erik.locator(f"#quote-{snippet_id}").fill("Wie durft te twijfelen, leert.")
    erik.click(f"{card} button:has-text('Save quote')")
    erik.wait_for_selector(".toast:has-text('Quote saved.')")
    screenshot(erik, "desk-editor")
    csrf = erik.request.get(desk.url + "/api/session").json()["csrf_token"]
    refused = erik.request.post(
        f"{desk.url}/api/snippets/{snippet_id}/approve", headers={"X-CSRF-Token": csrf}
    )
    assert refused.status == 403
    assert fields(desk.project, snippet_id)["status"] == "new"
    erik_context.close()

    anna_context, anna = browser_login(browser, desk, "anna")
    anna.click(f"{card} button:has-text('Approve')")
    anna.wait_for_selector(".toast:has-text('Approved.')")
    written = fields(desk.project, snippet_id)
    assert written["status"] == "approved" and written["approved_by"] == "anna"
    assert written["edited_by"] == "erik"
    anna.goto(desk.url + "/log")
    audit = anna.locator("table.audit tbody tr")
    rows = [audit.nth(i).inner_text() for i in range(audit.count())]
    assert any("erik" in r and "edit" in r for r in rows)
    assert any("anna" in r and "approve" in r for r in rows)
    screenshot(anna, "desk-log-audit")
    anna_context.close()


def login(client: httpx.Client, name: str, password: str) -> str:
    import re

    form = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)[1]  # type: ignore[index]
    answer = client.post(
        "/login", data={"username": name, "password": password, "csrf_token": token}
    )
    assert answer.status_code == 303, answer.text
    return client.get("/api/session").json()["csrf_token"]


def test_issue_15_done_when_on_a_real_desk(desk: Desk) -> None:
    add_staff(desk)
    with httpx.Client(base_url=desk.url) as erik, httpx.Client(base_url=desk.url) as anna:
        erik_csrf = login(erik, "erik", STAFF["erik"][1])
        anna_csrf = login(anna, "anna", STAFF["anna"][1])
        rows = erik.get("/api/snippets").json()
        first, second = [r["id"] for r in rows if r["status"] == "new" and r["postable"]][:2]
        skip = erik.post(f"/api/snippets/{first}/skip", headers={"X-CSRF-Token": erik_csrf})
        assert skip.status_code == 200
        denied = erik.post(f"/api/snippets/{second}/approve", headers={"X-CSRF-Token": erik_csrf})
        assert denied.status_code == 403
        approve = anna.post(f"/api/snippets/{second}/approve", headers={"X-CSRF-Token": anna_csrf})
        assert approve.status_code == 200
        trail = json.loads(desk.cli("audit", "--json").stdout)
        found = {(e["who"], e["action"], e["snippet_id"]) for e in trail}
        assert {("erik", "skip", first), ("anna", "approve", second)} <= found
        assert desk.cli("staff", "remove", "erik").returncode == 0
        assert erik.get("/api/snippets").status_code == 401
        assert anna.get("/api/snippets").status_code == 200


def test_rotating_x_forwarded_for_does_not_pass_the_throttle(desk: Desk) -> None:
    with httpx.Client(base_url=desk.url) as client:
        import re

        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)[1]  # type: ignore[index]
        codes = []
        for n in range(7):
            answer = client.post(
                "/login",
                data={"username": "admin", "password": "fout", "csrf_token": token},
                headers={"X-Forwarded-For": f"203.0.113.{n}"},
            )
            codes.append(answer.status_code)
    assert codes[:5] == [401] * 5 and codes[5:] == [429, 429]


def test_a_rebinding_host_gets_400_and_health_names_nothing(desk: Desk) -> None:
    assert httpx.get(desk.url + "/healthz", headers={"Host": "rebind.example"}).status_code == 400
    public = httpx.get(desk.url + "/healthz").json()
    assert set(public) == {"ok", "version"}
