"""The bundled essays, end to end: every snippet reads well and fits; staff edits survive."""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap

from scheduler.essays.language import is_english
from scheduler.model.snippets import snippet_id
from scheduler.posting.x_length import weighted_length
from scheduler.store.queue_files import parse_queue_file
from scheduler.store.queue_merge import Candidate, merge_essay
from scheduler.yamlsource import dump_yaml

FURNITURE = re.compile(
    r"~ Annemarie Baltus|-\d+-|0341|353 466|Meer informatie|Volg Annemarie|contactformulier|"
    r"Inspiratiemail|https?://(?!www\.inspira\.nl/inspiratie/inspiratie-tijdlijn)"
)


def rows(run_cli):
    return json.loads(run_cli("queue", "--json").output)


def test_every_render_fits_its_platform_and_reads_clean(run_cli):
    found = rows(run_cli)
    postable = [r for r in found if r["postable"]]
    assert len(postable) >= 8 * 3
    for row in found:
        assert weighted_length(row["render"]["twitter"]) <= 280
        assert len(row["render"]["linkedin"]) <= 3000
        quote = row["quote"]
        assert not FURNITURE.search(quote), quote
        assert not re.search(r"\w- (?!en\b|of\b)[a-z]", quote), quote
        assert "  " not in quote and quote[0].isupper() and quote[-1] in ".!?…", quote
        for opening, closing in (("(", ")"), ("„", "”"), ("“", "”")):
            assert quote.count(opening) == quote.count(closing), quote
        assert not is_english(quote) or row["attribution"], quote
        for text in row["render"].values():
            assert not FURNITURE.search(text.replace(row["link"] or "", "")), text


def test_no_quote_is_offered_twice(run_cli):
    quotes = [r["quote"] for r in rows(run_cli)]
    assert len(quotes) == len(set(quotes))


def test_no_third_party_words_are_credited_to_the_author(run_cli):
    quotes = " ".join(r["quote"] for r in rows(run_cli) if not r["attribution"])
    for borrowed in (
        "dansen",
        "geboorteplaats van innovatie",
        "content with being nobody",
        "Goddelijke onverschilligheid",
        "ontwikkel-dichtheid was weer hoog",
    ):
        assert borrowed not in quotes


def test_the_foreword_is_not_posted_by_default(run_cli):
    foreword = [r for r in rows(run_cli) if r["essay"] == "beste-lezer"]
    assert foreword and not any(r["postable"] for r in foreword)


sentences = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzë ", min_size=5, max_size=40)
    .map(lambda s: s.strip().capitalize() + ".")
    .filter(lambda s: len(s) > 4),
    min_size=1,
    max_size=8,
    unique=True,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=sentences, second=sentences, data=st.data())
def test_a_staff_edit_survives_any_reingest(first, second, data):
    """Edit, approve or pin a snippet; whatever the next ingest finds, the change stays."""
    document = _merged(None, [Candidate(q, 1.0, 0) for q in first])
    edited = data.draw(st.sampled_from(first))
    target = snippet_id("e", edited)
    for entry in document["snippets"]:
        if entry["id"] == target:
            entry["quote"] = "Een redactie van de staf."
            entry["status"] = "approved"
            entry["pin"] = "2027-01-04"
    reloaded = _merged(_reparse(document), [Candidate(q, 2.0, 1) for q in second])
    _, snippets = parse_queue_file(dump_yaml(reloaded), "e.yaml")
    kept = next(s for s in snippets if s.id == target)
    assert (kept.quote, kept.status, str(kept.pin)) == (
        "Een redactie van de staf.",
        "approved",
        "2027-01-04",
    )
    assert kept.orphaned == (edited not in second)
    assert {snippet_id("e", q) for q in second} <= {s.id for s in snippets}


def _reparse(document: CommentedMap) -> CommentedMap:
    from scheduler.yamlsource import parse_yaml

    return parse_yaml(dump_yaml(document), "e.yaml")


def _merged(
    existing: CommentedMap | None, candidates: list[Candidate], essay_text: str = ""
) -> CommentedMap:
    """An essay's queue document after an ingest that chose ``candidates`` from ``essay_text``."""
    document, _ = merge_essay(
        existing,
        slug="e",
        title="E",
        kind="essay",
        source="e.txt",
        url=None,
        hashtags=[],
        candidates=candidates,
        still_in_essay=lambda quote: quote in essay_text,
    )
    return _reparse(document)


def test_new_rules_never_orphan_what_the_staff_chose_while_its_words_are_in_the_essay():
    """The chooser changes between releases; a snippet the staff approved stays in the queue
    as long as the author's words are still there, an untouched one follows the new rules."""
    approved, untouched, gone = "Eerst goedgekeurd.", "Nooit aangeraakt.", "Later geschrapt."
    document = _merged(None, [Candidate(q, 1.0, 0) for q in (approved, untouched, gone)])
    for entry in document["snippets"]:
        if entry["quote"] in (approved, gone):
            entry["status"] = "approved"
    essay_now = f"{approved} {untouched} Een nieuwe zin."
    reloaded = _merged(document, [Candidate("Een nieuwe zin.", 1.0, 0)], essay_now)
    _, snippets = parse_queue_file(dump_yaml(reloaded), "e.yaml")
    orphaned = {s.quote: s.orphaned for s in snippets}
    assert orphaned == {approved: False, untouched: True, gone: True, "Een nieuwe zin.": False}
