from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scheduler.posting.tracking import (
    link_for_essay,
    referrer_host,
    short_url,
    tag_url,
)
from scheduler.store.shortlinks import SHORT_CODE_LENGTH, new_short_code

BLOG = "https://www.example.nl/blog"


def _tag(url: str, **kwargs: str) -> str:
    args = {"platform": "linkedin", "essay_slug": "kwetsbaarheid", "snippet_id": "s42"}
    return tag_url(url, **(args | kwargs))


def test_tag_url_adds_the_four_utm_parameters_in_order() -> None:
    assert _tag("https://www.example.nl/kwetsbaarheid") == (
        "https://www.example.nl/kwetsbaarheid"
        "?utm_source=linkedin&utm_medium=social&utm_campaign=kwetsbaarheid&utm_content=s42"
    )


def test_tag_url_keeps_existing_parameters_first_and_untouched() -> None:
    tagged = _tag("https://www.example.nl/p?id=7&q=a+b%2Fc&empty=")
    assert tagged.startswith("https://www.example.nl/p?id=7&q=a+b%2Fc&empty=&utm_source=")


def test_tag_url_keeps_the_fragment() -> None:
    tagged = _tag("https://www.example.nl/p?x=1#lezen")
    parts = urlsplit(tagged)
    assert parts.fragment == "lezen"
    assert dict(parse_qsl(parts.query))["utm_content"] == "s42"


def test_tag_url_keeps_the_authors_own_utm_values() -> None:
    tagged = _tag("https://www.example.nl/p?utm_campaign=najaar&utm_source=nieuwsbrief")
    pairs = parse_qsl(urlsplit(tagged).query)
    assert pairs == [
        ("utm_campaign", "najaar"),
        ("utm_source", "nieuwsbrief"),
        ("utm_medium", "social"),
        ("utm_content", "s42"),
    ]


def test_tag_url_percent_encodes_values() -> None:
    tagged = _tag("https://www.example.nl/", essay_slug="één & twee/drie", snippet_id="a=b")
    query = urlsplit(tagged).query
    assert "utm_campaign=%C3%A9%C3%A9n%20%26%20twee%2Fdrie" in query
    assert "utm_content=a%3Db" in query
    assert dict(parse_qsl(query))["utm_campaign"] == "één & twee/drie"


def test_tag_url_handles_a_bare_question_mark() -> None:
    assert _tag("https://www.example.nl/p?").startswith("https://www.example.nl/p?utm_source=")


@pytest.mark.parametrize(
    ("url", "kwargs"),
    [
        ("https://www.example.nl/", {"platform": "x"}),
        ("https://www.example.nl/", {"essay_slug": ""}),
        ("https://www.example.nl/", {"snippet_id": ""}),
        ("www.example.nl/p", {}),
        ("mailto:iemand@example.nl", {}),
    ],
)
def test_tag_url_rejects_bad_input(url: str, kwargs: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        _tag(url, **kwargs)


_query_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=12)


@given(
    existing=st.lists(st.tuples(st.from_regex(r"[a-z]{1,6}", fullmatch=True), _query_text)),
    platform=st.sampled_from(["twitter", "linkedin", "facebook"]),
    slug=_query_text.filter(bool),
    snippet=_query_text.filter(bool),
)
def test_tag_url_round_trips_every_value(
    existing: list[tuple[str, str]], platform: str, slug: str, snippet: str
) -> None:
    url = "https://www.example.nl/essay?" + urlencode(existing)
    pairs = parse_qsl(
        urlsplit(tag_url(url, platform=platform, essay_slug=slug, snippet_id=snippet)).query,
        keep_blank_values=True,
    )
    assert pairs == [
        *existing,
        ("utm_source", platform),
        ("utm_medium", "social"),
        ("utm_campaign", slug),
        ("utm_content", snippet),
    ]


def test_new_short_codes_are_url_safe_and_distinct() -> None:
    codes = {new_short_code() for _ in range(1000)}
    assert len(codes) == 1000
    for code in codes:
        assert len(code) == SHORT_CODE_LENGTH
        assert code.isascii() and code.isalnum()


@pytest.mark.parametrize("base", ["https://go.example.nl", "https://go.example.nl/"])
def test_short_url_joins_base_and_code(base: str) -> None:
    assert short_url(base, "Ab3dE5gH9k") == "https://go.example.nl/l/Ab3dE5gH9k"


@pytest.mark.parametrize("code", ["", "../admin", "a b", "a?b=c"])
def test_short_url_rejects_codes_that_are_not_url_safe(code: str) -> None:
    with pytest.raises(ValueError):
        short_url("https://go.example.nl", code)


def test_link_for_essay_prefers_the_essay_page() -> None:
    urls = {"kwetsbaarheid": "https://www.example.nl/kwetsbaarheid"}
    assert link_for_essay("kwetsbaarheid", blog_url=BLOG, essay_urls=urls) == urls["kwetsbaarheid"]


@pytest.mark.parametrize("urls", [{}, {"kwetsbaarheid": ""}, {"ander-essay": "https://x.nl/a"}])
def test_link_for_essay_falls_back_to_the_blog(urls: dict[str, str]) -> None:
    assert link_for_essay("kwetsbaarheid", blog_url=BLOG, essay_urls=urls) == BLOG


@pytest.mark.parametrize(
    ("referrer", "host"),
    [
        ("https://t.co/AbCdEf", "t.co"),
        ("https://WWW.LinkedIn.com/feed/?trk=x#top", "www.linkedin.com"),
        ("https://user:secret@m.facebook.com:443/story.php?id=1", "m.facebook.com"),
        ("https://www.google.nl./", "www.google.nl"),
        ("android-app://com.linkedin.android/", "com.linkedin.android"),
        (None, None),
        ("", None),
        ("not a url", None),
        ("t.co/abc", None),
        ("http://192.168.1.20/intranet", None),
        ("http://[2001:db8::1]/", None),
        ("http://[::1/", None),
    ],
)
def test_referrer_host_keeps_only_the_host(referrer: str | None, host: str | None) -> None:
    assert referrer_host(referrer) == host
