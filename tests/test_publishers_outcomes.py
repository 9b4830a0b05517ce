"""Every fault on every platform maps to the right Outcome, through real client code over HTTP."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from scheduler.model.post import Outcome
from tests.fakes.fixtures import (
    FAKE_NAMES,
    PLATFORMS,
    closed_port_url,
    fresh_fakes,
    publisher,
    sample_post,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"quote-card" * 50


@pytest.fixture
def fakes():
    yield from fresh_fakes()


@pytest.mark.parametrize("platform", PLATFORMS)
def test_publish_returns_id_and_url_and_the_fake_records_it(fakes, platform):
    result = publisher(platform, fakes.url).publish(sample_post(platform))
    assert result.outcome is Outcome.PUBLISHED, result
    assert result.remote_id and result.url and result.remote_id in result.url
    [recorded] = fakes.posts(FAKE_NAMES[platform])
    assert recorded["remote_id"] == result.remote_id
    assert recorded["text"] == sample_post(platform).text
    assert not recorded["has_image"]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_image_upload_path(fakes, platform):
    result = publisher(platform, fakes.url).publish(sample_post(platform, image=PNG))
    assert result.outcome is Outcome.PUBLISHED, result
    [recorded] = fakes.posts(FAKE_NAMES[platform])
    assert recorded["has_image"] and recorded["remote_id"] == result.remote_id


@pytest.mark.parametrize("platform", PLATFORMS)
def test_publishing_the_same_text_twice_is_a_duplicate(fakes, platform):
    pub = publisher(platform, fakes.url)
    first = pub.publish(sample_post(platform))
    second = pub.publish(sample_post(platform))
    assert second.outcome is Outcome.DUPLICATE and second.ok, second
    if platform == "linkedin":  # LinkedIn names the earlier post
        assert second.remote_id == first.remote_id
    assert len(fakes.posts(FAKE_NAMES[platform])) == 1


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("duplicate", Outcome.DUPLICATE),
        ("error_500", Outcome.TRANSIENT),
        ("error_503", Outcome.TRANSIENT),
        ("expired_token", Outcome.AUTH),
        ("rejected", Outcome.REJECTED),
        ("rate_limit", Outcome.RATE_LIMITED),
    ],
)
@pytest.mark.parametrize("platform", PLATFORMS)
def test_injected_answers_map_to_outcomes(fakes, platform, kind, expected):
    fakes.inject(kind, FAKE_NAMES[platform])
    result = publisher(platform, fakes.url).publish(sample_post(platform))
    assert result.outcome is expected, result
    assert result.error
    assert fakes.posts() == []


@pytest.mark.parametrize("platform", PLATFORMS)
def test_connection_refused_is_transient(platform):
    result = publisher(platform, closed_port_url()).publish(sample_post(platform))
    assert result.outcome is Outcome.TRANSIENT, result


@pytest.mark.parametrize("platform", PLATFORMS)
def test_committed_then_dropped_is_unknown_and_find_recovers_it(fakes, platform):
    pub = publisher(platform, fakes.url)
    if platform == "linkedin":
        pub.check()  # learn the author first, so the drop hits the post request itself
    fakes.inject("drop_after_commit", FAKE_NAMES[platform])
    result = pub.publish(sample_post(platform))
    assert result.outcome is Outcome.UNKNOWN, result
    [recorded] = fakes.posts(FAKE_NAMES[platform])
    found = pub.find(sample_post(platform))
    assert found is not None and found.outcome is Outcome.PUBLISHED
    assert found.remote_id == recorded["remote_id"]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_read_timeout_after_sending_is_unknown(fakes, platform):
    pub = publisher(platform, fakes.url, timeout_s=0.4)
    pub.check()
    fakes.inject("timeout", FAKE_NAMES[platform], seconds=1.0)
    result = pub.publish(sample_post(platform))
    assert result.outcome is Outcome.UNKNOWN, result
    deadline = time.monotonic() + 3
    while not fakes.posts() and time.monotonic() < deadline:
        time.sleep(0.05)  # the slow server commits after the client gave up
    found = pub.find(sample_post(platform))
    assert found is not None and found.outcome is Outcome.PUBLISHED


@pytest.mark.parametrize("platform", PLATFORMS)
def test_find_answers_none_when_absent_and_unknown_when_unreachable(fakes, platform):
    assert publisher(platform, fakes.url).find(sample_post(platform)) is None
    unreachable = publisher(platform, closed_port_url()).find(sample_post(platform))
    assert unreachable is not None and unreachable.outcome is Outcome.UNKNOWN


@pytest.mark.parametrize("platform", PLATFORMS)
def test_check_is_published_when_usable_and_auth_when_token_dead(fakes, platform):
    pub = publisher(platform, fakes.url)
    assert pub.check().outcome is Outcome.PUBLISHED
    fakes.inject("expired_token", FAKE_NAMES[platform], on="read")
    assert pub.check().outcome is Outcome.AUTH


def _near(moment, expected, slack=timedelta(seconds=10)):
    return moment is not None and abs(moment - expected) <= slack


def test_x_rate_limit_uses_window_reset(fakes):
    fakes.inject("rate_limit", "x", reset_in=900)
    result = publisher("twitter", fakes.url).publish(sample_post("twitter"))
    assert result.outcome is Outcome.RATE_LIMITED
    assert _near(result.retry_at, datetime.now(UTC) + timedelta(seconds=900))


def test_x_rate_limit_waits_for_daily_reset_when_daily_allowance_spent(fakes):
    fakes.inject("rate_limit", "x", reset_in=900, daily=True, daily_reset_in=40_000)
    result = publisher("twitter", fakes.url).publish(sample_post("twitter"))
    assert _near(result.retry_at, datetime.now(UTC) + timedelta(seconds=40_000))


def test_linkedin_rate_limit_honours_retry_after(fakes):
    fakes.inject("rate_limit", "linkedin", retry_after=120)
    result = publisher("linkedin", fakes.url).publish(sample_post("linkedin"))
    assert result.outcome is Outcome.RATE_LIMITED
    assert _near(result.retry_at, datetime.now(UTC) + timedelta(seconds=120))


def test_linkedin_rate_limit_without_retry_after_waits_for_utc_midnight(fakes):
    fakes.inject("rate_limit", "linkedin")
    result = publisher("linkedin", fakes.url).publish(sample_post("linkedin"))
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date()
    assert result.retry_at == datetime(tomorrow.year, tomorrow.month, tomorrow.day, tzinfo=UTC)


@pytest.mark.parametrize("code", [4, 17, 32, 613])
def test_facebook_rate_limit_reads_business_use_case_header(fakes, code):
    fakes.inject("rate_limit", "facebook", code=code, regain_minutes=30)
    result = publisher("facebook", fakes.url).publish(sample_post("facebook"))
    assert result.outcome is Outcome.RATE_LIMITED
    assert _near(result.retry_at, datetime.now(UTC) + timedelta(minutes=30))


def test_linkedin_2xx_without_post_id_is_unknown(fakes):
    fakes.inject("missing_id", "linkedin")
    result = publisher("linkedin", fakes.url).publish(sample_post("linkedin"))
    assert result.outcome is Outcome.UNKNOWN, result
    assert len(fakes.posts("linkedin")) == 1


def test_latency_is_applied(fakes):
    fakes.state.latency = 0.2
    started = time.monotonic()
    publisher("facebook", fakes.url).check()
    assert time.monotonic() - started >= 0.2
