"""The desk in a real browser: log in, approve, a refused edit, reorder, and screenshots."""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from scheduler.store.project import Project
from tests.browser.conftest import Desk, screenshot
from tests.browser.sample import queue_file

pytestmark = pytest.mark.slow

TOO_LONG = "Dit citaat is veel te lang voor X, want het gaat maar door en door. " * 5


def fields(project: Project, snippet_id: str) -> dict[str, object]:
    document = YAML().load(queue_file(project, snippet_id).read_text())
    return next(dict(s) for s in document["snippets"] if s["id"] == snippet_id)


def card_ids(page, group: str) -> list[str]:  # type: ignore[no-untyped-def]
    return page.eval_on_selector_all(
        f'.sortable[data-group="{group}"] > .card', "cards => cards.map(c => c.dataset.id)"
    )


def test_log_in_and_approve(page, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    screenshot(page, "desk-queue")
    snippet_id = card_ids(page, "new")[0]
    page.click(f"#card-{snippet_id} button:has-text('Approve')")
    page.wait_for_selector(".toast:has-text('Approved.')")
    assert page.is_visible(f'.sortable[data-group="approved"] #card-{snippet_id}')
    assert fields(desk.project, snippet_id)["status"] == "approved"


def test_an_edit_past_the_x_limit_is_refused(page, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    snippet_id = card_ids(page, "new")[0]
    before = queue_file(desk.project, snippet_id).read_text()
    page.click(f"#card-{snippet_id} a:has-text('Edit')")
    textarea = page.locator(f"#quote-{snippet_id}")
    textarea.fill(TOO_LONG)
    page.wait_for_selector(f"#count-{snippet_id} .len.over")  # the live count turns red
    screenshot(page, "desk-edit-too-long")
    page.click(f"#card-{snippet_id} button:has-text('Save quote')")
    refusal = page.wait_for_selector(f"#card-{snippet_id} .refusal")
    assert "too long for twitter" in refusal.inner_text()
    assert page.input_value(f"#quote-{snippet_id}").startswith("Dit citaat")
    assert queue_file(desk.project, snippet_id).read_text() == before


def test_enter_in_the_pin_field_pins_and_approves_nothing(page, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    snippet_id = card_ids(page, "new")[0]
    day = page.locator(f"#card-{snippet_id} input[type=date]")
    day.fill("2027-01-15")
    day.press("Enter")
    page.wait_for_selector(f"#card-{snippet_id} .chip-pin")
    assert fields(desk.project, snippet_id)["pin"] == "2027-01-15"
    assert fields(desk.project, snippet_id)["status"] == "new"


def test_drag_and_buttons_reorder(page, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    first, second, third = card_ids(page, "new")[:3]
    page.drag_and_drop(f"#card-{third} .handle", f"#card-{first} .quote")
    page.wait_for_selector(".toast:has-text('New order saved.')")
    assert card_ids(page, "new")[:3] == [third, first, second]
    assert [fields(desk.project, i)["rank"] for i in (third, first, second)] == [1, 2, 3]
    page.click(f"#card-{second} button[aria-label='Move up']")
    page.wait_for_selector(".toast:has-text('Moved.')")
    assert card_ids(page, "new")[:3] == [third, second, first]
    assert fields(desk.project, second)["rank"] == 2


def test_calendar_and_preview_screenshots(page, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    config = desk.project.config_path  # with an author, the preview shows the quote cards
    config.write_text(config.read_text().replace("author: ''", "author: Annemarie Baltus"))
    page.goto(desk.url + "/calendar")
    assert page.locator(".slot").count() > 0
    screenshot(page, "desk-calendar")
    page.click(".slot-quote >> nth=0")
    page.wait_for_selector(".source mark")
    page.wait_for_function("() => document.querySelector('.post-media')?.naturalWidth > 0")
    screenshot(page, "desk-preview")
