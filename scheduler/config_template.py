"""The first config/scheduler.yaml, written from the essays' footer on first ingest."""

from __future__ import annotations

from collections.abc import Sequence

from ruamel.yaml.scalarstring import SingleQuotedScalarString

from scheduler.config import DEFAULT_TIMEZONE
from scheduler.essays.model import Footer, FooterAccount
from scheduler.yamlsource import dump_yaml

# Dutch leadership vocabulary for the bundled essays: tag → words that call for it.
DEFAULT_VOCABULARY = {
    "Leiderschap": ["leiderschap", "leider", "leidinggevend"],
    "Kwetsbaarheid": ["kwetsba"],
    "Gelijkwaardigheid": ["gelijkwaardig"],
    "Bewustzijn": ["bewustzijn", "bewust"],
    "Samenwerken": ["samenwerk", "samen te werken", "teamontwikkeling"],
    "ZachteKracht": ["zachte kracht", "kracht van zacht", "zacht"],
    "Authenticiteit": ["authentiek", "authenticiteit", "jezelf zijn", "eerlijk"],
    "Dominantie": ["dominant", "overheersing"],
    "Organisatiecultuur": ["cultuur", "organisatie"],
}
DEFAULT_TIMES = ("09:00", "16:30")
# X's free tier allows few posts a day; set your plan's figures here.
DEFAULT_X_DAILY_QUOTA = 17
HEADER = """\
Essay-to-social scheduler: accounts, posting slots and rules.
Written by the first 'scheduler ingest' from the essays' footer; edit freely.
Times are wall-clock times in 'timezone' (IANA). Slots per weekday:
  slots: [{days: weekdays, times: ['09:00', '16:30']}]   days: mon…sun, ma…zo, weekdays, daily
One-off moments, to the second:  - at: '2026-12-24T10:15:30'
Holidays without posts:          blackout: ['2026-12-25']
Secrets never live here: see README (environment or a 0600 secrets file)."""


def config_text(footer: Footer, author: str, accounts: Sequence[FooterAccount]) -> str:
    document = {
        "timezone": DEFAULT_TIMEZONE,
        "author": author,
        "blog": {"url": footer.blog_url or "", "essay_urls": {}},
        # Quoted, so that no YAML 1.1 tool reads 09:00 as a number of minutes.
        "slots": [
            {"days": "weekdays", "times": [SingleQuotedScalarString(t) for t in DEFAULT_TIMES]}
        ],
        "blackout": [],
        "rules": {
            "require_approval": False,
            "recycle": False,
            "repeat_gap": "90d",
            "essay_spacing": "2d",
            "misfire_grace": "15m",
        },
        "hashtags": {"vocabulary": DEFAULT_VOCABULARY},
        "links": {"public_base": None},
        "quotes": {
            "max_per_essay": 8
        },  # ingest keeps the quotes above its floor, this many at most
        "alerts": [],
        "accounts": [_account(a) for a in accounts],
    }
    body = dump_yaml(document)
    return "".join(f"# {line}".rstrip() + "\n" for line in HEADER.splitlines()) + body


def _account(account: FooterAccount) -> dict[str, object]:
    entry: dict[str, object] = {
        "platform": account.platform,
        "handle": account.handle,
        "url": account.url,
        "kind": account.kind,
    }
    if account.platform == "twitter":
        entry["daily_quota"] = DEFAULT_X_DAILY_QUOTA
        entry["cost_per_post"] = 0.0
    return entry
