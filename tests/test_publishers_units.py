"""Platform-specific rules that need no server: escaping, profiles, header parsing, sessions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import requests

from scheduler.model.post import Outcome
from scheduler.publishers.facebook import _outcome_for, _regain_access_at, facebook_profile_problem
from scheduler.publishers.http import PlatformSession, comparable_text, request_was_sent
from scheduler.publishers.linkedin import (
    LinkedInPublisher,
    escape_little_text,
    unescape_little_text,
)
from scheduler.publishers.platform_access import LinkedInCredentials
from scheduler.publishers.x import _reset_at
from tests.fakes import accounts
from tests.fakes.fixtures import closed_port_url, fresh_fakes, publisher, sample_post


@pytest.fixture
def fakes():
    yield from fresh_fakes()


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("#Leiderschap begint bij jezelf", "#Leiderschap begint bij jezelf"),
        ("Wij zijn #1 (echt)", "Wij zijn \\#1 \\(echt\\)"),
        ("mail me@x.nl, a_b * c ~ d | e", "mail me\\@x.nl, a\\_b \\* c \\~ d \\| e"),
        ("[a]{b}<c>\\", "\\[a\\]\\{b\\}\\<c\\>\\\\"),
        ("prijs#tag", "prijs\\#tag"),
    ],
)
def test_little_text_escaping(text, escaped):
    assert escape_little_text(text) == escaped
    assert unescape_little_text(escaped) == text


@pytest.mark.parametrize(
    ("url", "personal"),
    [
        ("https://www.facebook.com/profile.php?id=100012345678901", True),
        ("https://facebook.com/people/Annemarie-Baltus/100012345678901/", True),
        ("m.facebook.com/profile.php?id=1", True),
        ("https://www.facebook.com/AnnemarieBaltusPage", False),
        ("https://www.facebook.com/profile.php", False),
        ("https://example.org/people/x", False),
    ],
)
def test_facebook_profile_problem(url, personal):
    problem = facebook_profile_problem(url)
    assert (problem is not None) is personal
    if personal:
        assert "Page" in problem


@pytest.mark.parametrize(
    ("code", "status", "expected"),
    [
        (4, 400, Outcome.RATE_LIMITED),
        (613, 400, Outcome.RATE_LIMITED),
        (190, 400, Outcome.AUTH),
        (506, 400, Outcome.DUPLICATE),
        (368, 400, Outcome.REJECTED),
        (1, 500, Outcome.TRANSIENT),
        (2, 400, Outcome.TRANSIENT),
        (100, 400, Outcome.REJECTED),
        (None, 502, Outcome.TRANSIENT),
        (None, 401, Outcome.AUTH),
    ],
)
def test_graph_error_codes(code, status, expected):
    assert _outcome_for(code, status, False) is expected


def test_graph_usage_headers():
    now = datetime(2030, 1, 1, tzinfo=UTC)
    buc = '{"123": [{"type": "pages", "estimated_time_to_regain_access": 7}, {"type": "x"}]}'
    assert _regain_access_at({"x-business-use-case-usage": buc}, now) == now + timedelta(minutes=7)
    assert _regain_access_at({"x-app-usage": '{"call_count": 100}'}, now) is None
    assert _regain_access_at({"x-business-use-case-usage": "not json"}, now) is None


def test_x_reset_prefers_daily_reset_only_when_daily_allowance_spent():
    headers = requests.structures.CaseInsensitiveDict(
        {"x-rate-limit-reset": "1900000000", "x-user-limit-24hour-reset": "1900050000",
         "x-user-limit-24hour-remaining": "3"}
    )  # fmt: skip
    assert _reset_at(headers) == datetime.fromtimestamp(1_900_000_000, UTC)
    headers["x-user-limit-24hour-remaining"] = "0"
    assert _reset_at(headers) == datetime.fromtimestamp(1_900_050_000, UTC)


def test_comparable_text_ignores_shortened_urls_and_entities():
    original = "A & B <3  said:\nlisten https://example.org/a?b=1"
    served = "A &amp; B &lt;3 said: listen https://t.co/abc123"
    assert comparable_text(original) == comparable_text(served)


def test_session_rewrites_origin_and_applies_default_timeout():
    session = PlatformSession(
        7.0, rewrite_from="https://api.twitter.com", rewrite_to="http://h:9/p"
    )
    prepared = session.prepare_request(requests.Request("GET", "https://api.twitter.com/2/x?a=1"))
    assert prepared.url == "http://h:9/p/2/x?a=1"
    other = session.prepare_request(requests.Request("GET", "https://upload.example/2/x"))
    assert other.url == "https://upload.example/2/x"


def test_refused_connection_counts_as_not_sent():
    with pytest.raises(requests.ConnectionError) as caught:
        requests.get(closed_port_url(), timeout=2)
    assert request_was_sent(caught.value) is False
    assert request_was_sent(requests.ReadTimeout()) is True


def test_linkedin_expired_token_is_auth_without_calling_the_api(fakes):
    creds = LinkedInCredentials(accounts.LINKEDIN_TOKEN, token_expires=date(2020, 1, 1))
    pub = LinkedInPublisher("am", creds, api_base=closed_port_url())
    result = pub.publish(sample_post("linkedin"))
    assert result.outcome is Outcome.AUTH and "expired" in result.error


def test_linkedin_posts_as_an_organization_when_configured(fakes):
    creds = accounts.fake_credentials(
        linkedin=LinkedInCredentials(accounts.LINKEDIN_TOKEN, accounts.LINKEDIN_ORGANIZATION)
    )
    pub = publisher("linkedin", fakes.url, credentials=creds)
    assert pub.publish(sample_post("linkedin")).outcome is Outcome.PUBLISHED
    assert fakes.posts("linkedin")[0]["account"] == accounts.LINKEDIN_ORGANIZATION
    assert pub.find(sample_post("linkedin")).outcome is Outcome.PUBLISHED


def test_linkedin_fake_refuses_an_author_that_is_not_the_token_owner(fakes):
    creds = accounts.fake_credentials(
        linkedin=LinkedInCredentials(accounts.LINKEDIN_TOKEN, "urn:li:person:someoneElse")
    )
    result = publisher("linkedin", fakes.url, credentials=creds).publish(sample_post("linkedin"))
    assert result.outcome is Outcome.REJECTED and "author" in result.error


def test_linkedin_article_card_and_facebook_link_are_recorded(fakes):
    for platform in ("linkedin", "facebook"):
        publisher(platform, fakes.url).publish(sample_post(platform))
    assert {p["link"] for p in fakes.posts()} == {sample_post("linkedin").link}


def test_upload_failure_stops_before_posting(fakes):
    fakes.inject("error_503", "x", on="upload")
    result = publisher("twitter", fakes.url).publish(sample_post("twitter", image=b"png"))
    assert result.outcome is Outcome.TRANSIENT and fakes.posts() == []
