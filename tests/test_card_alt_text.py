"""Every quote card carries alt text, the quote and its author, sent the way each platform takes it.

Real clients over real HTTP against the fakes: X's POST /2/media/metadata, LinkedIn's
content.media.altText, and a Facebook Page photo's caption.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
import requests

from scheduler.model.post import Outcome
from scheduler.posting.compose import in_dutch_quotes
from scheduler.store.content import load_content
from scheduler.store.project import Project
from tests.fakes import accounts
from tests.fakes.fixtures import FAKE_NAMES, HANDLES, PLATFORMS, publisher, sample_post

AUTHOR = "Annemarie Baltus"


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_card_post_carries_the_quote_and_the_author_for_screen_readers(
    fakes, project: Project, platform: str
) -> None:
    content = load_content(project)
    snippet = next(s for s in content.queue.snippets if s.postable)
    account = next(a for a in content.config.accounts if a.platform == platform)
    post = content.post(snippet, replace(account, cards=True, handle=HANDLES[platform]))
    assert post.image and post.alt_text == f"{in_dutch_quotes(snippet.quote)} — {AUTHOR}"
    result = publisher(platform, fakes.url).publish(post)
    assert result.outcome is Outcome.PUBLISHED, result
    [recorded] = fakes.posts(FAKE_NAMES[platform])
    assert recorded["has_image"]
    alt = recorded["alt_text"]
    assert in_dutch_quotes(snippet.quote) in alt and AUTHOR in alt, alt


def test_a_post_without_a_card_sends_no_alt_text(fakes) -> None:
    result = publisher("twitter", fakes.url).publish(sample_post("twitter"))
    assert result.ok
    [recorded] = fakes.posts("x")
    assert recorded["alt_text"] is None and not recorded["has_image"]


def test_x_alt_text_is_cut_to_the_thousand_characters_x_keeps(fakes) -> None:
    post = replace(sample_post("twitter", image=b"png"), alt_text="„" + "woord " * 400 + "”")
    assert publisher("twitter", fakes.url).publish(post).ok
    [recorded] = fakes.posts("x")
    assert len(recorded["alt_text"]) == 1000


def test_the_fake_x_refuses_metadata_for_media_it_never_received(fakes) -> None:
    from requests_oauthlib import OAuth1

    auth = OAuth1(
        accounts.X_API_KEY,
        accounts.X_API_SECRET,
        accounts.X_ACCESS_TOKEN,
        accounts.X_ACCESS_TOKEN_SECRET,
    )
    answer = requests.post(
        f"{fakes.url}/2/media/metadata",
        json={"id": "123", "metadata": {"alt_text": {"text": "een kaart"}}},
        auth=auth,
        timeout=5,
    )
    assert answer.status_code == 400
    assert answer.json()["title"] == "Invalid Request"


def test_a_refused_alt_text_stops_the_tweet_before_it_is_sent(fakes) -> None:
    fakes.inject("rejected", "x", on="describe")
    post = replace(sample_post("twitter", image=b"png"), alt_text="„Wie leidt, luistert.” — A")
    result = publisher("twitter", fakes.url).publish(post)
    assert result.outcome is Outcome.REJECTED
    assert fakes.posts("x") == []
