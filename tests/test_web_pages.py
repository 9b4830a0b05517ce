"""The calendar, log, essays, preview and card pages, the JSON API, and the daemon beside them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from html import escape

from starlette.testclient import TestClient

from scheduler.delivery.daemon import Daemon
from scheduler.reports.rows import published_ids, queue_rows
from scheduler.store.content import load_content
from scheduler.store.project import Project
from scheduler.web.server import build
from tests.browser.desk_client import DESK_URL
from tests.browser.sample import first_new_ids, log_in

TOO_LONG = "Dit citaat is veel te lang voor X. " * 9


def test_calendar_shows_slots_and_quota_warnings(
    project: Project, staff: tuple[TestClient, str]
) -> None:
    client, _ = staff
    page = client.get("/calendar", params={"days": 7})
    assert page.status_code == 200
    assert "Post now" in page.text and "Skip slot" in page.text
    assert "over its daily quota" not in page.text
    # Without its pace, X uses both daily slots: over a quota of 1.
    config = project.config_path.read_text().replace(
        "pace: 3\n    daily_quota: 17", "daily_quota: 1"
    )
    project.config_path.write_text(config)
    assert "over its daily quota of 1" in client.get("/calendar", params={"days": 7}).text


def test_skipping_a_slot_records_it_in_the_ledger(
    project: Project, staff: tuple[TestClient, str]
) -> None:
    client, csrf = staff
    slot = client.get("/api/plan", params={"days": 7}).json()[0]
    account = f"{slot['platform']}:{slot['handle']}"
    answer = client.post(
        "/calendar/skip", data={"csrf_token": csrf, "account": account, "at": slot["at"]}
    )
    assert answer.status_code == 303
    claims = project.ledger().claims(account=account)
    assert [(c.state, c.reason) for c in claims] == [("skipped", "skipped by staff")]
    assert claims[0].slot_at == datetime.fromisoformat(slot["at"]).astimezone(UTC)
    again = client.post(
        "/calendar/skip", data={"csrf_token": csrf, "account": account, "at": slot["at"]}
    )
    assert again.status_code == 422 and "already taken" in again.text


def test_a_skipped_slot_keeps_its_place_in_the_day(
    project: Project, staff: tuple[TestClient, str]
) -> None:
    """A settled slot is shown at its time among the coming ones, not above them all."""
    client, csrf = staff
    rows = client.get("/api/plan", params={"days": 7}).json()
    by_day: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_day.setdefault(row["at"][:10], []).append(row)
    earlier, later = next(day for day in by_day.values() if len(day) >= 2)[:2]
    account = f"{later['platform']}:{later['handle']}"
    answer = client.post(
        "/calendar/skip", data={"csrf_token": csrf, "account": account, "at": later["at"]}
    )
    assert answer.status_code == 303
    page = client.get("/calendar", params={"days": 7}).text
    coming = page.index(f'value="{earlier["at"]}"')
    skipped = page.index('<span class="chip chip-skipped">skipped</span>')
    assert earlier["at"] < later["at"] and coming < skipped


def test_a_time_that_is_no_slot_of_the_account_is_not_skipped(
    project: Project, staff: tuple[TestClient, str]
) -> None:
    """A stale calendar (the schedule changed since) must not report a skip that skips nothing."""
    client, csrf = staff
    slot = client.get("/api/plan", params={"days": 7}).json()[0]
    account = f"{slot['platform']}:{slot['handle']}"
    moved = datetime.fromisoformat(slot["at"]).replace(minute=17).isoformat()
    answer = client.post(
        "/calendar/skip", data={"csrf_token": csrf, "account": account, "at": moved}
    )
    assert answer.status_code == 422 and "not a slot of" in answer.text
    assert project.ledger().claims(account=account) == []


def test_the_next_slot_is_not_one_the_staff_skipped(
    project: Project, staff: tuple[TestClient, str], run_cli
) -> None:
    client, csrf = staff
    rows = client.get("/api/plan", params={"days": 7}).json()
    skipped = rows[0]
    account = f"{skipped['platform']}:{skipped['handle']}"
    following = next(r for r in rows[1:] if f"{r['platform']}:{r['handle']}" == account)
    answer = client.post(
        "/calendar/skip", data={"csrf_token": csrf, "account": account, "at": skipped["at"]}
    )
    assert answer.status_code == 303
    [status] = [a for a in json.loads(run_cli("status", "--json").output)["accounts"]
                if a["account"] == account]  # fmt: skip
    nxt = datetime.fromisoformat(status["next_slot"])
    assert nxt == datetime.fromisoformat(following["at"]) != datetime.fromisoformat(skipped["at"])


def test_post_now_publishes_through_the_ledger_and_shows_in_the_log(
    project: Project, staff: tuple[TestClient, str]
) -> None:
    client, csrf = staff
    snippet_id = first_new_ids(client, 1)[0]
    answer = client.post(
        "/calendar/post-now",
        data={"snippet_id": snippet_id, "platform": "twitter"},
        headers={"HX-Request": "true", "X-CSRF-Token": csrf},
    )
    assert answer.status_code == 200 and "Posted to twitter" in answer.text
    assert list(project.outbox_dir.iterdir())  # no credentials: the dry-run outbox
    log = client.get("/log").text
    assert "published" in log and "BaltusAnnemarie" in log
    assert snippet_id in published_ids(project.ledger())


def test_post_now_posts_to_the_account_of_the_slot(
    project: Project, staff: tuple[TestClient, str]
) -> None:
    """A platform may have two accounts (a person and a company page): the calendar's Post now
    on the page's slot goes to the page, not to the platform's first account."""
    config = project.config_path.read_text().replace(
        "  - platform: facebook\n",
        "  - platform: linkedin\n    handle: inspira-company\n    kind: organization\n"
        "  - platform: facebook\n",
        1,
    )
    project.config_path.write_text(config)
    client, csrf = staff
    snippet_id = first_new_ids(client, 1)[0]
    answer = client.post(
        "/calendar/post-now",
        data={
            "snippet_id": snippet_id,
            "platform": "linkedin",
            "account": "linkedin:inspira-company",
        },
        headers={"HX-Request": "true", "X-CSRF-Token": csrf},
    )
    assert answer.status_code == 200 and "Posted to linkedin" in answer.text
    [claim] = project.ledger().claims()
    assert (claim.account, claim.snippet_id) == ("linkedin:inspira-company", snippet_id)
    page = client.get("/calendar").text
    assert 'name="account" value="linkedin:inspira-company"' in page


def test_log_filters_by_state(staff: tuple[TestClient, str]) -> None:
    client, _ = staff
    page = client.get("/log", params={"state": "failed"})
    assert page.status_code == 200 and "Nothing recorded yet." in page.text


def test_essays_page_and_reingest(project: Project, staff: tuple[TestClient, str]) -> None:
    client, csrf = staff
    assert "Kwaliteit van contact" in client.get("/essays").text
    answer = client.post("/essays/ingest", data={"csrf_token": csrf})
    assert answer.status_code == 200
    client.app.state.reingests.job.finished.wait()  # it runs in the background
    assert "Ingested 9 essays" in client.get("/essays/ingest").text


def test_preview_shows_each_platform_and_the_quote_in_its_paragraph(
    staff: tuple[TestClient, str],
) -> None:
    client, _ = staff
    row = next(r for r in client.get("/api/snippets").json() if r["essay"] == "gelijkwaardigheid")
    page = client.get(f"/snippets/{row['id']}").text
    for name in ("mock-twitter", "mock-linkedin", "mock-facebook"):
        assert name in page
    assert f"<mark>{row['quote']}</mark>" in page
    assert f"Paragraph {row['paragraph'] + 1} of" in page
    assert "Why this quote" in page and escape(row["why"]) in page and row["why"]
    assert client.get("/snippets/nothing-like-this").status_code == 404


def test_preview_highlights_a_trimmed_quote_in_its_paragraph(
    staff: tuple[TestClient, str],
) -> None:
    client, _ = staff
    rows = client.get("/api/snippets").json()
    trimmed = [r for r in rows if "left out" in r["why"]]
    assert trimmed, "the bundled essays hold lead-ins ('Ten derde:', '… de conclusie:')"
    for row in trimmed:
        page = client.get(f"/snippets/{row['id']}").text
        assert "<mark>" in page and "not found word for word" not in page


def test_cards_render_with_the_author_and_need_one(
    project: Project, staff: tuple[TestClient, str]
) -> None:
    client, _ = staff
    snippet_id = first_new_ids(client, 1)[0]
    card = client.get(f"/cards/{snippet_id}/linkedin.png")
    assert card.status_code == 200 and card.headers["content-type"] == "image/png"
    assert card.content.startswith(b"\x89PNG")
    assert client.get(f"/cards/{snippet_id}/myspace.png").status_code == 404
    config = project.config_path.read_text().replace("author: Annemarie Baltus", "author: ''")
    project.config_path.write_text(config)
    assert client.get(f"/cards/{snippet_id}/twitter.png").status_code == 422


def test_api_lists_the_same_rows_as_the_command_line(
    project: Project, staff: tuple[TestClient, str]
) -> None:
    client, _ = staff
    expected = queue_rows(load_content(project), set())
    assert client.get("/api/snippets").json() == json.loads(json.dumps(expected))


def test_api_changes_and_refusals(project: Project, staff: tuple[TestClient, str]) -> None:
    client, csrf = staff
    first, second = first_new_ids(client, 2)
    header = {"X-CSRF-Token": csrf}
    assert client.post(f"/api/snippets/{first}/skip", headers=header).json()["status"] == "skipped"
    edited = client.patch(f"/api/snippets/{second}", json={"quote": "Nieuw."}, headers=header)
    assert edited.status_code == 200 and edited.json()["quote"] == "Nieuw."
    too_long = client.patch(f"/api/snippets/{second}", json={"quote": TOO_LONG}, headers=header)
    assert too_long.status_code == 422 and "too long for twitter" in too_long.json()["detail"]
    empty = client.patch(f"/api/snippets/{second}", json={"quote": "  "}, headers=header)
    assert empty.status_code == 422 and "empty" in empty.json()["detail"]
    unknown = client.post("/api/snippets/0000000000/approve", headers=header)
    assert unknown.status_code == 404
    reordered = client.post("/api/snippets/reorder", json={"ids": [second]}, headers=header)
    assert next(r for r in reordered.json() if r["id"] == second)["rank"] == 1


def test_api_plan_rows(staff: tuple[TestClient, str]) -> None:
    client, _ = staff
    rows = client.get("/api/plan", params={"days": 3}).json()
    assert rows and set(rows[0]) >= {"at", "platform", "handle", "snippet_id", "text", "note"}
    assert client.get("/api/plan", params={"days": 0}).status_code == 422


def test_openapi_describes_the_api(anonymous: TestClient) -> None:
    paths = anonymous.get("/openapi.json").json()["paths"]
    assert {"/api/snippets", "/api/snippets/{snippet_id}", "/api/plan"} <= set(paths)
    assert "/queue/{snippet_id}/approve" not in paths  # the pages are not the API


def test_unknown_short_links_are_404(anonymous: TestClient) -> None:
    assert anonymous.get("/l/nope").status_code == 404


def test_the_daemon_runs_beside_the_desk_and_takes_changes_at_once(project: Project) -> None:
    daemon = Daemon(project, dry_run=True)
    app = build(project, daemon=daemon, dry_run=True)
    with TestClient(app, base_url=DESK_URL, follow_redirects=False) as client:
        assert client.get("/healthz").json()["ok"] is True
        csrf = log_in(client)
        assert client.get("/healthz").json()["daemon"]["running"] is True
        snippet_id = first_new_ids(client, 1)[0]
        client.post(f"/queue/{snippet_id}/approve", data={"csrf_token": csrf})
        assert daemon.content.queue.snippet(snippet_id).status == "approved"
    assert daemon.state()["running"] is False
