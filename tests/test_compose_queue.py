"""The queue carries each quote's context and the staff's intro; re-ingest loses neither."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML
from starlette.testclient import TestClient

from scheduler.store.ingest import ingest
from scheduler.store.project import Project
from scheduler.store.queue_files import parse_queue_file
from scheduler.store.queue_merge import Candidate, merge_essay
from scheduler.yamlsource import dump_yaml, parse_yaml
from tests.browser.sample import first_new_ids
from tests.projects import queue_file

QUOTE = "Kwetsbaarheid is een senior capaciteit."


def merged(existing, context_after: str):
    document, _ = merge_essay(
        existing,
        slug="e",
        title="E",
        kind="essay",
        source="e.txt",
        url=None,
        hashtags=[],
        candidates=[Candidate(QUOTE, 1.0, 0, context_after=context_after)],
    )
    return parse_yaml(dump_yaml(document), "e.yaml")


def test_reingest_refreshes_the_context_and_keeps_the_intro() -> None:
    first = merged(None, "Dat vraagt moed.")
    first["snippets"][0]["intro"] = "Dit zinnetje blijft mij bij."
    again = merged(first, "Dat vraagt moed. En oefening.")
    [snippet] = parse_queue_file(dump_yaml(again), "e.yaml")[1]
    assert snippet.intro == "Dit zinnetje blijft mij bij."
    assert snippet.context_after == "Dat vraagt moed. En oefening."
    keys = list(again["snippets"][0])
    assert keys.index("context") == keys.index("paragraph") + 1  # its place stays put


def test_a_quote_whose_paragraph_lost_its_neighbours_loses_its_context() -> None:
    again = merged(merged(None, "Dat vraagt moed."), "")
    assert "context" not in again["snippets"][0]


def test_ingest_writes_context_from_the_quotes_own_paragraph(project: Project) -> None:
    essays = {e.slug: e for d in _documents(project) for e in d.essays}
    with_context = 0
    for snippet in project.queue().snippets:
        paragraph = " ".join(essays[snippet.essay].paragraphs[snippet.paragraph].split())
        for side in (snippet.context_before, snippet.context_after):
            assert side in paragraph
        if snippet.context_before or snippet.context_after:
            with_context += 1
            assert (
                f"{snippet.context_before} {snippet.original} {snippet.context_after}".strip()
                in paragraph
            )
    assert with_context >= 0.8 * len(project.queue().snippets)


def test_a_second_ingest_leaves_a_queue_with_intros_as_it_was(project: Project) -> None:
    path = Path(project.queue().snippets[3].file)
    document = parse_yaml(path.read_text(), path)
    document["snippets"][0]["intro"] = "Mijn eigen openingszin."
    path.write_text(dump_yaml(document))
    before = path.read_text()
    report = ingest(project)
    assert not report.errors
    assert path.read_text() == before


@pytest.mark.parametrize(
    ("entry", "message"),
    [("    intro: [een, lijst]\n", "intro"), ("    context: gewoon tekst\n", "context")],
)
def test_a_bad_intro_or_context_is_exit_2_with_file_and_line(run_cli, project, entry, message):
    path = Path(project.queue().snippets[0].file)
    lines = path.read_text().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("  - id:"))
    lines.insert(at + 1, entry)
    path.write_text("".join(lines))
    result = run_cli("queue")
    assert result.exit_code == 2
    assert f"{path.name}:{at + 2}" in result.output and message in result.output


def test_the_desk_saves_an_intro_with_the_quote_and_from_the_preview(
    project: Project, staff: tuple[TestClient, str]
) -> None:
    client, csrf = staff
    first, second = first_new_ids(client, 2)
    quote = project.queue().snippet(first).quote
    answer = client.post(
        f"/queue/{first}/edit", data={"csrf_token": csrf, "quote": quote, "intro": "  Lees  dit.  "}
    )
    assert answer.status_code == 303
    answer = client.post(f"/queue/{second}/intro", data={"csrf_token": csrf, "intro": "Ook dit."})
    assert answer.status_code == 303 and answer.headers["location"] == f"/snippets/{second}"
    queue = project.queue()
    assert (queue.snippet(first).intro, queue.snippet(second).intro) == ("Lees dit.", "Ook dit.")
    preview = client.get(f"/snippets/{second}")
    assert "Ook dit.\n\n„" in preview.text or "Ook dit.<br><br>„" in preview.text
    client.post(f"/queue/{second}/intro", data={"csrf_token": csrf, "intro": ""})
    assert project.queue().snippet(second).intro is None
    entries = YAML().load(queue_file(project, second).read_text())["snippets"]
    assert "intro" not in next(e for e in entries if e["id"] == second)


def _documents(project: Project):
    from scheduler.essays.reading import read_document

    return [read_document(p) for p in project.essay_files()]


def test_the_api_sets_an_intro_that_leads_the_linkedin_post(
    project: Project, staff: tuple[TestClient, str]
) -> None:
    client, csrf = staff
    [snippet_id] = first_new_ids(client, 1)
    quote = project.queue().snippet(snippet_id).quote
    answer = client.patch(
        f"/api/snippets/{snippet_id}",
        json={"quote": quote, "intro": "Hier sta ik vaak bij stil."},
        headers={"X-CSRF-Token": csrf},
    )
    assert answer.status_code == 200
    row = answer.json()
    assert row["intro"] == "Hier sta ik vaak bij stil."
    assert row["render"]["linkedin"].startswith("Hier sta ik vaak bij stil.\n\n„")
    assert "Hier sta ik" not in row["render"]["twitter"]
