"""Footer links and social account URLs, also from other documents than the bundled one."""

from __future__ import annotations

import pytest

from scheduler.essays.footer import classify_account_url, parse_footer


@pytest.mark.parametrize(
    ("url", "platform", "handle", "kind"),
    [
        ("http://www.twitter.com/BaltusAnnemarie", "twitter", "BaltusAnnemarie", "person"),
        ("https://x.com/@someone", "twitter", "someone", "person"),
        ("https://nl.linkedin.com/in/annemariebaltus", "linkedin", "annemariebaltus", "person"),
        ("https://www.linkedin.com/company/inspira-bv/", "linkedin", "inspira-bv", "page"),
        (
            "http://www.facebook.com/AnnemarieBaltusInspira",
            "facebook",
            "AnnemarieBaltusInspira",
            "page",
        ),
        ("https://www.facebook.com/profile.php?id=1000123", "facebook", "1000123", "person"),
        ("https://m.facebook.com/pages/Inspira/12345", "facebook", "12345", "page"),
    ],
)
def test_account_urls_are_classified_by_platform_and_kind(url, platform, handle, kind):
    account = classify_account_url(url)
    assert account is not None
    assert (account.platform, account.handle, account.kind, account.url) == (
        platform,
        handle,
        kind,
        url,
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://www.inspira.nl/contact/",
        "https://twitter.com/intent/tweet",
        "https://www.linkedin.com/feed/",
    ],
)
def test_other_urls_are_not_accounts(url):
    assert classify_account_url(url) is None


def test_a_footer_of_another_site_is_read_from_its_lines():
    footer = parse_footer(
        [
            "Lees meer op https://example.nl/blog/ of meld je aan: https://example.nl/nieuwsbrief",
            "Vragen? https://example.nl/contact of bel 020 123 4567.",
            "https://x.com/voorbeeld https://www.linkedin.com/company/voorbeeld",
        ]
    )
    assert footer.blog_url == "https://example.nl/blog/"
    assert footer.newsletter_url == "https://example.nl/nieuwsbrief"
    assert footer.contact_url == "https://example.nl/contact"
    assert footer.phone == "020 123 4567"
    assert [(a.platform, a.kind) for a in footer.accounts] == [
        ("twitter", "person"),
        ("linkedin", "page"),
    ]
