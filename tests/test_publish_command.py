"""`scheduler publish` through the command line against the fake platforms over real HTTP."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.fakes import accounts
from tests.fakes.fixtures import FAKE_NAMES, PLATFORMS, go_live, new_snippet

CREDENTIALS = accounts.CREDENTIAL_ENV
BASES = accounts.BASE_VARIABLES
ACCOUNTS = {
    "twitter": "twitter:BaltusAnnemarie",
    "linkedin": "linkedin:annemariebaltus",
    "facebook": "facebook:AnnemarieBaltusInspira",
}


@pytest.fixture
def live(run_cli, fakes, monkeypatch):
    """The command line with every account live against the fakes."""
    go_live(monkeypatch, fakes.url)
    return run_cli


@pytest.fixture
def snippet_id(live) -> str:
    return new_snippet(live)


def publish(run_cli, snippet_id: str, platform: str, *extra: str):
    result = run_cli("publish", snippet_id, "--to", platform, "--json", *extra)
    assert_no_token(result.output)
    row = json.loads(result.stdout) if result.stdout.strip() else None
    return result, row


def assert_no_token(text: str) -> None:
    leaked = [s for s in accounts.ALL_SECRETS if s in text]
    assert leaked == [], f"leaked: {leaked}"


@pytest.mark.parametrize("platform", PLATFORMS)
def test_publish_posts_once_and_reports_the_remote_id(live, fakes, snippet_id, platform):
    result, row = publish(live, snippet_id, platform)
    assert result.exit_code == 0, result.output
    assert row["status"] == "published" and row["state"] == "published"
    assert row["account"] == ACCOUNTS[platform] and row["snippet_id"] == snippet_id
    [recorded] = fakes.posts(FAKE_NAMES[platform])
    assert row["remote_id"] == recorded["remote_id"] and row["remote_id"] in row["url"]
    assert recorded["link"]  # the post of the real shape carries the essay link


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_second_publish_is_refused_unless_forced(live, fakes, snippet_id, platform):
    assert publish(live, snippet_id, platform)[0].exit_code == 0
    again = live("publish", snippet_id, "--to", platform)
    assert again.exit_code == 1
    assert "already published" in again.output and "--force" in again.output
    assert len(fakes.posts(FAKE_NAMES[platform])) == 1
    forced, row = publish(live, snippet_id, platform, "--force")
    # The platform itself refuses the same text twice: that counts as published.
    assert forced.exit_code == 0, forced.output
    assert row["status"] == "duplicate"
    assert len(fakes.posts(FAKE_NAMES[platform])) == 1


@pytest.mark.parametrize("platform", PLATFORMS)
def test_rate_limit_is_reported_with_its_retry_time(live, fakes, snippet_id, platform):
    fakes.inject("rate_limit", FAKE_NAMES[platform], retry_after=600)
    result, row = publish(live, snippet_id, platform)
    assert result.exit_code == 1
    assert row["status"] == "rate-limited" and row["state"] == "retry"
    assert datetime.fromisoformat(row["retry_at"]) > datetime.now(UTC)
    assert fakes.posts() == []


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_dead_token_stops_the_account(live, fakes, snippet_id, platform):
    fakes.inject("expired_token", FAKE_NAMES[platform], on="any")
    result, row = publish(live, snippet_id, platform)
    assert result.exit_code == 1
    assert row["status"] == "auth" and row["state"] == "failed"
    status = live("status", "--json")
    assert_no_token(status.output)
    account = next(
        a for a in json.loads(status.stdout)["accounts"] if a["account"] == ACCOUNTS[platform]
    )
    assert account["stopped"] is True
    assert "authorisation failed" in account["trouble"]
    again = live("publish", snippet_id, "--to", platform)
    assert again.exit_code == 1
    assert "is stopped" in again.output and "scheduler auth" in again.output
    assert fakes.posts() == []


@pytest.mark.parametrize("platform", PLATFORMS)
def test_service_unavailable_is_transient(live, fakes, snippet_id, platform):
    fakes.inject("error_503", FAKE_NAMES[platform])
    result, row = publish(live, snippet_id, platform)
    assert result.exit_code == 1
    assert row["status"] == "transient" and row["retry_at"]
    assert fakes.posts() == []


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_duplicate_counts_as_published(live, fakes, snippet_id, platform):
    fakes.inject("duplicate", FAKE_NAMES[platform])
    result, row = publish(live, snippet_id, platform)
    assert result.exit_code == 0, result.output
    assert row["status"] == "duplicate" and row["state"] == "published"


@pytest.mark.parametrize("platform", PLATFORMS)
def test_committed_then_dropped_is_unknown_then_reconciled(live, fakes, snippet_id, platform):
    fakes.inject("drop_after_commit", FAKE_NAMES[platform])
    first, row = publish(live, snippet_id, platform)
    assert first.exit_code == 1
    assert row["status"] == "unknown" and row["state"] == "unknown"
    [recorded] = fakes.posts(FAKE_NAMES[platform])

    second, row = publish(live, snippet_id, platform)
    assert second.exit_code == 0, second.output
    assert row["status"] == "published" and row["remote_id"] == recorded["remote_id"]
    assert len(fakes.posts(FAKE_NAMES[platform])) == 1


def test_forcing_within_the_same_second_takes_the_next_one(live, fakes, project, snippet_id):
    from scheduler.delivery.publish_now import publish_now

    moment = datetime(2026, 3, 2, 9, 0, 0, 250_000, tzinfo=UTC)
    first = publish_now(project, snippet_id, "facebook", clock=lambda: moment)
    again = publish_now(project, snippet_id, "facebook", force=True, clock=lambda: moment)
    assert first.ok and again.claim.state == "published"
    assert (again.claim.slot_at - first.claim.slot_at).total_seconds() == 1
    assert len(fakes.posts("facebook")) == 1  # the platform answered "duplicate"


def test_a_publish_killed_before_the_platform_got_it_is_sent_by_the_next_run_once_settled(
    live, fakes, project, snippet_id
):
    """The rerun asks the platform; the post is not there after settling, so it is sent then,
    not left in 'retry' for a third run."""
    from scheduler.delivery.publish_now import publish_now

    ledger = project.ledger()
    killed_at = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)
    dead = "publish:4242:dead00"
    claim = ledger.claim(
        ACCOUNTS["facebook"], killed_at, snippet_id, None, dead, killed_at, generation=0
    )
    assert claim is not None and ledger.mark_sent(claim, dead, killed_at)

    result = publish_now(project, snippet_id, "facebook")

    assert result.ok and result.claim.id == claim.id, result.as_dict()
    assert len(fakes.posts("facebook")) == 1
