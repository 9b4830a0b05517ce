"""`link: comment`: the link goes in the post's first comment, exactly once, over real HTTP."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from scheduler.delivery.exactly_once import Publishing
from scheduler.delivery.timing import Timing
from scheduler.model.post import Outcome
from scheduler.store.ledger import Ledger
from scheduler.store.ledger.comments import all_comments
from scheduler.store.ledger.schema import DONE, RETRY, UNKNOWN
from tests.browser.sample import first_new_ids
from tests.fakes import accounts
from tests.fakes.fixtures import go_live, new_snippet, publisher, sample_post

COMMENTING = ("linkedin", "facebook")
ACCOUNT_LINE = {
    "linkedin": "  - platform: linkedin\n",
    "facebook": "  - platform: facebook\n",
    "twitter": "  - platform: twitter\n",
}


def place_link(project, platform: str, placement: str) -> None:
    text = project.config_path.read_text()
    line = ACCOUNT_LINE[platform]
    assert line in text
    project.config_path.write_text(text.replace(line, f"{line}    link: {placement}\n", 1))


@pytest.fixture
def live(run_cli, fakes, monkeypatch):
    go_live(monkeypatch, fakes.url)
    return run_cli


@pytest.fixture
def snippet_id(live) -> str:
    return new_snippet(live)


def publish(run_cli, snippet_id: str, platform: str):
    result = run_cli("publish", snippet_id, "--to", platform, "--json")
    return result, json.loads(result.stdout) if result.stdout.strip() else None


# ---- the publishers, against the fakes -----------------------------------------------------


@pytest.mark.parametrize("platform", COMMENTING)
def test_a_comment_goes_under_the_post_and_is_found_there(fakes, platform):
    pub = publisher(platform, fakes.url)
    post = pub.publish(sample_post(platform, "Wie leidt, luistert eerst."))
    result = pub.comment(post.remote_id, "Over luisteren\nhttps://example.org/luisteren?utm_x=1")
    assert result.outcome is Outcome.PUBLISHED, result
    [recorded] = fakes.comments(platform)
    assert recorded["post_id"] == post.remote_id
    assert recorded["text"] == "Over luisteren\nhttps://example.org/luisteren?utm_x=1"
    assert recorded["remote_id"] == result.remote_id
    found = pub.find_comment(
        post.remote_id, "Over luisteren\nhttps://example.org/luisteren?utm_x=1"
    )
    assert found is not None and found.ok and found.remote_id == result.remote_id
    assert pub.find_comment(post.remote_id, "een ander commentaar") is None


def test_the_linkedin_comment_has_the_real_shape(fakes):
    pub = publisher("linkedin", fakes.url)
    post = pub.publish(sample_post("linkedin", "Wie leidt, luistert eerst."))
    pub.comment(post.remote_id, "link")
    [recorded] = fakes.comments("linkedin")
    assert recorded["actor"] == f"urn:li:person:{accounts.LINKEDIN_SUB}"
    assert recorded["remote_id"].startswith(f"urn:li:comment:({post.remote_id},")


@pytest.mark.parametrize("platform", COMMENTING)
def test_a_comment_under_an_unknown_post_is_refused(fakes, platform):
    unknown = "urn:li:share:1" if platform == "linkedin" else f"{accounts.FACEBOOK_PAGE_ID}_1"
    result = publisher(platform, fakes.url).comment(unknown, "link")
    assert result.outcome is Outcome.REJECTED, result
    assert fakes.comments() == []


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("error_500", Outcome.TRANSIENT),
        ("error_503", Outcome.TRANSIENT),
        ("rate_limit", Outcome.RATE_LIMITED),
        ("expired_token", Outcome.AUTH),
        ("drop_after_commit", Outcome.UNKNOWN),
    ],
)
@pytest.mark.parametrize("platform", COMMENTING)
def test_comment_faults_map_to_outcomes(fakes, platform, kind, expected):
    pub = publisher(platform, fakes.url)
    post = pub.publish(sample_post(platform, "Wie leidt, luistert eerst."))
    fakes.inject(kind, platform, on="comment")
    result = pub.comment(post.remote_id, "link")
    assert result.outcome is expected, result
    committed = kind == "drop_after_commit"  # committed, then the answer was lost
    assert len(fakes.comments(platform)) == (1 if committed else 0)
    if committed:
        assert pub.find_comment(post.remote_id, "link").ok


# ---- configuration ---------------------------------------------------------------------------


def test_an_x_account_refuses_link_comment_with_file_line_and_fix(live, project):
    place_link(project, "twitter", "comment")
    result = live("plan", "--days", "1")
    assert result.exit_code == 2, result.output
    assert "scheduler.yaml:" in result.output and "fix:" in result.output
    assert "link: post or link: none" in result.output
    assert "Traceback" not in result.output


def test_an_unknown_link_placement_is_refused(live, project):
    place_link(project, "linkedin", "footer")
    result = live("plan", "--days", "1")
    assert result.exit_code == 2 and "post, comment or none" in result.output


# ---- end to end: the post, then its comment ---------------------------------------------------


@pytest.mark.parametrize("platform", COMMENTING)
def test_link_comment_posts_without_the_link_and_comments_it_once(
    live, fakes, project, snippet_id, platform
):
    place_link(project, platform, "comment")
    result, row = publish(live, snippet_id, platform)
    assert result.exit_code == 0, result.output
    assert row["comment"]["state"] == DONE
    [post] = fakes.posts(platform)
    assert "http" not in post["text"] and post["link"] is None  # no link, no link card
    [comment] = fakes.comments(platform)
    assert comment["post_id"] == post["remote_id"] == row["remote_id"]
    assert "utm_content=" + snippet_id in comment["text"]
    again, _ = publish(live, snippet_id, platform)
    assert again.exit_code == 1 and "already published" in again.output
    assert len(fakes.posts(platform)) == 1 and len(fakes.comments(platform)) == 1


def test_queue_shows_the_post_as_it_will_go_out(live, project):
    place_link(project, "linkedin", "comment")
    place_link(project, "twitter", "none")
    rows = json.loads(live("queue", "--json").output)
    assert all("http" not in r["render"]["linkedin"] for r in rows)
    assert all("http" not in r["render"]["twitter"] for r in rows)
    assert all("http" in r["render"]["facebook"] for r in rows)


def test_link_none_leaves_the_link_out_altogether(live, fakes, project, snippet_id):
    place_link(project, "twitter", "none")
    result, _ = publish(live, snippet_id, "twitter")
    assert result.exit_code == 0, result.output
    [post] = fakes.posts("x")
    assert "http" not in post["text"] and fakes.comments() == []


@pytest.mark.parametrize(
    ("fault", "left"),
    [
        ("drop_after_commit", UNKNOWN),  # sent, no answer: looked for, never resent blindly
        ("error_503", RETRY),  # refused: retried on its own
    ],
)
@pytest.mark.parametrize("platform", COMMENTING)
def test_a_comment_that_did_not_finish_is_finished_without_reposting(
    live, fakes, project, snippet_id, platform, fault, left
):
    place_link(project, platform, "comment")
    fakes.inject(fault, platform, on="comment")
    first, row = publish(live, snippet_id, platform)
    assert first.exit_code == 1 and row["state"] == "published"
    assert row["comment"]["state"] == left
    [owed] = json.loads(live("status", "--json").output)["open_comments"]
    assert owed["state"] == left and owed["claim"]
    second, row = publish(live, snippet_id, platform)
    assert second.exit_code == 0, second.output
    assert row["comment"]["state"] == DONE
    assert json.loads(live("status", "--json").output)["open_comments"] == []
    assert len(fakes.posts(platform)) == 1 and len(fakes.comments(platform)) == 1


# ---- a crash between the post and its comment -------------------------------------------------


def test_a_comment_owed_by_a_dead_sender_is_sent_once_by_the_next(fakes, tmp_path):
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.sqlite3'}")
    now = datetime(2026, 12, 1, 9, tzinfo=UTC)
    pub = publisher("linkedin", fakes.url)
    post = sample_post("linkedin", "Wie leidt, luistert eerst.")
    claim = ledger.claim("linkedin:a", now, "s-1", post.text, "dead", now, comment="the link")
    # The dead process sent the post and recorded it, then died before its comment.
    ledger.mark_sent(claim, "dead", now)
    ledger.record_result(ledger.get(claim.id), pub.publish(post), now)
    assert fakes.comments() == []
    later = now + timedelta(minutes=5)
    publishing = Publishing(
        ledger, {"linkedin:a": pub}, "next", lambda: later, lambda _m: None, Timing()
    )
    publishing.resume_open_claims(lambda _c: post, live_owners={"next"})
    publishing.resume_open_claims(lambda _c: post, live_owners={"next"})
    [comment] = fakes.comments("linkedin")
    assert comment["text"] == "the link"
    assert [c.state for c in all_comments(ledger)] == [DONE]


def test_the_desks_post_now_comments_the_link_in_the_dry_run_outbox(project, staff):
    place_link(project, "linkedin", "comment")
    client, csrf = staff
    [snippet_id] = first_new_ids(client, 1)
    post_now = {"snippet_id": snippet_id, "platform": "linkedin"}
    headers = {"HX-Request": "true", "X-CSRF-Token": csrf}
    answer = client.post("/calendar/post-now", data=post_now, headers=headers)
    assert answer.status_code == 200 and "Posted to linkedin" in answer.text
    [comment] = project.outbox_dir.glob("linkedin-*-comment.json")
    assert "utm_content=" + snippet_id in json.loads(comment.read_text())["comment"]
    [post] = project.outbox_dir.glob(f"*-linkedin-*-{snippet_id}.json")
    assert "http" not in json.loads(post.read_text())["text"]
    again = client.post("/calendar/post-now", data=post_now, headers=headers)
    assert "already published" in again.text
    assert len(list(project.outbox_dir.glob("linkedin-*-comment.json"))) == 1
