"""The queue page and its changes: each goes through team.queue_edits into posts/queue/*.yaml."""

from __future__ import annotations

from ruamel.yaml import YAML
from starlette.testclient import TestClient

from scheduler.store.project import Project
from scheduler.team import queue_edits as staff_changes
from tests.browser.sample import first_new_ids, queue_file

HTMX = {"HX-Request": "true"}
TOO_LONG = "Dit citaat is veel te lang voor X. " * 9


def snippet_fields(project: Project, snippet_id: str) -> dict[str, object]:
    document = YAML().load(queue_file(project, snippet_id).read_text())
    return next(dict(s) for s in document["snippets"] if s["id"] == snippet_id)


def test_queue_page_lists_quotes_in_dutch_quote_marks(staff: tuple[TestClient, str]) -> None:
    client, _ = staff
    page = client.get("/")
    assert page.status_code == 200
    assert "Awaiting review" in page.text and "„" in page.text
    assert 'class="len ok"' in page.text


def test_approve_by_plain_form_writes_the_yaml(
    project: Project, staff: tuple[TestClient, str]
) -> None:
    client, csrf = staff
    snippet_id = first_new_ids(client, 1)[0]
    answer = client.post(f"/queue/{snippet_id}/approve", data={"csrf_token": csrf})
    assert answer.status_code == 303
    assert snippet_fields(project, snippet_id)["status"] == "approved"


def test_approve_by_htmx_returns_the_queue_with_a_toast(
    project: Project, staff: tuple[TestClient, str]
) -> None:
    client, csrf = staff
    snippet_id = first_new_ids(client, 1)[0]
    answer = client.post(f"/queue/{snippet_id}/approve", headers={**HTMX, "X-CSRF-Token": csrf})
    assert answer.status_code == 200
    assert answer.text.lstrip().startswith('<section id="queue"')
    assert "Approved." in answer.text
    assert snippet_fields(project, snippet_id)["status"] == "approved"


def test_skip_and_pin_write_the_yaml(project: Project, staff: tuple[TestClient, str]) -> None:
    client, csrf = staff
    first, second = first_new_ids(client, 2)
    client.post(f"/queue/{first}/skip", data={"csrf_token": csrf})
    client.post(f"/queue/{second}/pin", data={"csrf_token": csrf, "pin": "2031-05-04"})
    assert snippet_fields(project, first)["status"] == "skipped"
    assert str(snippet_fields(project, second)["pin"]) == "2031-05-04"


def test_a_bad_pin_date_is_refused(project: Project, staff: tuple[TestClient, str]) -> None:
    client, csrf = staff
    snippet_id = first_new_ids(client, 1)[0]
    answer = client.post(f"/queue/{snippet_id}/pin", data={"csrf_token": csrf, "pin": "soon"})
    assert answer.status_code == 422 and "is not a date" in answer.text
    assert "pin" not in snippet_fields(project, snippet_id)


def test_edit_writes_the_new_quote(project: Project, staff: tuple[TestClient, str]) -> None:
    client, csrf = staff
    snippet_id = first_new_ids(client, 1)[0]
    answer = client.post(
        f"/queue/{snippet_id}/edit", data={"csrf_token": csrf, "quote": "Een kort, nieuw citaat."}
    )
    assert answer.status_code == 303
    assert snippet_fields(project, snippet_id)["quote"] == "Een kort, nieuw citaat."


def test_an_edit_over_the_x_limit_is_refused_with_the_reason(
    project: Project, staff: tuple[TestClient, str]
) -> None:
    client, csrf = staff
    snippet_id = first_new_ids(client, 1)[0]
    before = queue_file(project, snippet_id).read_text()
    answer = client.post(
        f"/queue/{snippet_id}/edit",
        data={"quote": TOO_LONG},
        headers={**HTMX, "X-CSRF-Token": csrf},
    )
    assert answer.status_code == 422
    assert "too long for twitter" in answer.text
    assert "Dit citaat is veel te lang" in answer.text  # the draft stays in the form
    assert queue_file(project, snippet_id).read_text() == before


def test_the_live_count_weighs_the_draft(staff: tuple[TestClient, str]) -> None:
    client, _ = staff
    snippet_id = first_new_ids(client, 1)[0]
    short = client.get(f"/queue/{snippet_id}/count", params={"quote": "Kort."})
    long = client.get(f"/queue/{snippet_id}/count", params={"quote": TOO_LONG})
    assert 'class="len ok"' in short.text and "over" not in short.text
    assert 'class="len over"' in long.text and "Too long for" in long.text


def test_reorder_gives_ranks_in_the_new_order(
    project: Project, staff: tuple[TestClient, str]
) -> None:
    client, csrf = staff
    first, second, third = first_new_ids(client, 3)
    answer = client.post(
        "/queue/reorder", data={"csrf_token": csrf, "ids": f"{third} {first} {second}"}
    )
    assert answer.status_code == 303
    ranks = {i: snippet_fields(project, i)["rank"] for i in (first, second, third)}
    assert ranks == {third: 1, first: 2, second: 3}


def test_move_up_swaps_with_the_one_above(project: Project, staff: tuple[TestClient, str]) -> None:
    client, csrf = staff
    page = client.get("/", headers=HTMX).text
    order = [part.split('"')[0] for part in page.split('data-id="')[1:]]
    answer = client.post(f"/queue/{order[1]}/move", data={"csrf_token": csrf, "direction": "up"})
    assert answer.status_code == 303
    assert snippet_fields(project, order[1])["rank"] == 1
    assert snippet_fields(project, order[0])["rank"] == 2


def test_restore_brings_an_orphan_back(project: Project, staff: tuple[TestClient, str]) -> None:
    client, csrf = staff
    snippet_id = first_new_ids(client, 1)[0]
    staff_changes.change(project, {snippet_id: {"orphaned": True}})
    assert "orphaned" in client.get("/", params={"status": "orphaned"}).text
    client.post(f"/queue/{snippet_id}/restore", data={"csrf_token": csrf})
    assert "orphaned" not in snippet_fields(project, snippet_id)


def test_filters_narrow_the_list(staff: tuple[TestClient, str]) -> None:
    client, _ = staff
    page = client.get("/", params={"essay": "gelijkwaardigheid", "platform": "twitter"})
    assert page.text.count('class="card ') == page.text.count('/?essay=gelijkwaardigheid"')
    assert "LinkedIn <b>" not in page.text


def test_a_quote_with_markup_is_shown_as_text(
    project: Project, staff: tuple[TestClient, str]
) -> None:
    client, _ = staff
    snippet_id = first_new_ids(client, 1)[0]
    path = queue_file(project, snippet_id)
    document = YAML()
    data = document.load(path.read_text())
    for snippet in data["snippets"]:
        if snippet["id"] == snippet_id:
            snippet["quote"] = "<script>alert(1)</script> is geen citaat."
    with path.open("w") as handle:
        document.dump(data, handle)
    for url in ("/", f"/snippets/{snippet_id}"):
        text = client.get(url).text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert "<script>alert(1)" not in text


def test_an_edit_made_on_disk_shows_on_the_next_load(
    project: Project, staff: tuple[TestClient, str]
) -> None:
    client, _ = staff
    snippet_id = first_new_ids(client, 1)[0]
    path = queue_file(project, snippet_id)
    quote = snippet_fields(project, snippet_id)["quote"]
    edited = path.read_text().replace(f"quote: {quote}", "quote: Buiten de desk bewerkt.", 1)
    path.write_text(edited)
    assert "Buiten de desk bewerkt." in client.get("/").text


def test_an_invalid_queue_file_is_shown_with_its_error(
    project: Project, staff: tuple[TestClient, str]
) -> None:
    client, csrf = staff
    broken = project.queue_dir / "gelijkwaardigheid.yaml"
    broken.write_text(broken.read_text() + "\n  - id: [unclosed\n")
    page = client.get("/")
    assert page.status_code == 200
    assert "does not validate" in page.text
    assert "gelijkwaardigheid.yaml:" in page.text
    assert client.get("/api/snippets").status_code == 409
    refused = client.post("/queue/abcdef1234/approve", data={"csrf_token": csrf})
    assert refused.status_code == 422
