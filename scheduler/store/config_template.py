"""The first config/scheduler.yaml, written from the essays' footer on first ingest."""

from __future__ import annotations

from collections.abc import Sequence

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import SingleQuotedScalarString

from scheduler.essays.model import Footer, FooterAccount
from scheduler.model.settings import DEFAULT_TIMEZONE
from scheduler.yamlsource import dump_yaml

# Dutch leadership vocabulary for the bundled essays: tag → the words (stems) in a quote that
# call for it. A tag goes on a post only when the quote itself has one of its words; its
# paragraph and the essay's title weigh it up. `weight` (1 unless given) makes a tag win more
# often or, at 0, never: #ZachteKracht is the essays' own phrase more than a tag people follow.
DEFAULT_VOCABULARY: dict[str, object] = {
    "Leiderschap": ["leiderschap", "leider", "leidinggevend", "baas", "bazen", "sturing"],
    "Kwetsbaarheid": ["kwetsba"],
    "Gelijkwaardigheid": ["gelijkwaardig"],
    "Bewustzijn": ["bewustzijn", "bewust", "het nu", "overgave", "aanschouw"],
    "Samenwerken": ["samenwerk", "samen te werken", "team", "groep", "collectief", "collega"],
    "Authenticiteit": [
        "authentiek",
        "authenticiteit",
        "jezelf zijn",
        "jezelf durft te zijn",
        "bij jezelf",
        "zichzelf kan zijn",
        "congruent",
        "oprecht",
        "mens tussen de mensen",
    ],
    "Openheid": ["open", "eerlijk", "delen", "deel met"],
    "Verbinding": ["contact", "verbind", "verhouding", "elkaar heel", "uit te reiken"],
    "Communicatie": ["gesprek", "communic", "luister", "feedback", "laat horen", "gehoord"],
    "Dominantie": ["dominant", "overheersing", "heersen", "harde kracht"],
    "ZachteKracht": {"words": ["zachte kracht", "kracht van zacht"], "weight": 0.5},
    "PersoonlijkeOntwikkeling": ["groei", "ontwikkel", "oefen", "reflect", "wijsheid", "les in"],
    "Verandering": ["verander", "crisis", "toekomst", "passé"],
    "Vertrouwen": ["vertrouw", "betrouwbaar", "veilig"],
    "EmotioneleIntelligentie": ["emotie", "gevoel", "voelen", "angst", "irrit", "frustratie"],
    "OrganisatieCultuur": ["cultuur", "organisatie", "werkvloer", "bedrijf", "medewerker"],
}
DEFAULT_TIMES = ("09:00", "16:30")
# X's free tier allows few posts a day; set your plan's figures here.
DEFAULT_X_DAILY_QUOTA = 17
# X pay-per-use (docs.x.com/x-api/getting-started/pricing, 2026): a post costs $0.015, a post
# with a URL $0.20. Other platforms charge nothing per post.
DEFAULT_X_COST_PER_POST = 0.015
DEFAULT_X_COST_PER_LINK_POST = 0.2
# Posts a week per account. The campaign lasts when the pace stays under
# snippets × 7 / repeat_gap days (57 bundled snippets, 120 days: under 3.3 a week), so that
# by the time the fresh quotes run out the first ones may come back.
DEFAULT_PACE = 3
RULES_NOTE = """\
recycle brings a snippet back to an account after repeat_gap, in a new frame (never the
same text twice), the quotes that drew clicks first. stagger keeps one quote that far
apart on two networks."""
ACCOUNTS_NOTE = """\
pace: posts a week, spread over the slots (accounts take different days). Keep it under
snippets x 7 / repeat_gap days, and recycling fills the year. cost_per_link_post: the
price of a post with a URL (X charges more), for the cost forecast in 'scheduler plan'."""
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
            "recycle": True,
            "repeat_gap": "120d",
            "essay_spacing": "2d",
            "stagger": "3d",
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
    commented = CommentedMap(document)
    commented.yaml_set_comment_before_after_key("rules", before=RULES_NOTE)
    commented.yaml_set_comment_before_after_key("accounts", before=ACCOUNTS_NOTE)
    body = dump_yaml(commented)
    return "".join(f"# {line}".rstrip() + "\n" for line in HEADER.splitlines()) + body


def _account(account: FooterAccount) -> dict[str, object]:
    entry: dict[str, object] = {
        "platform": account.platform,
        "handle": account.handle,
        "url": account.url,
        "kind": account.kind,
        "pace": DEFAULT_PACE,
    }
    if account.platform == "twitter":
        entry["daily_quota"] = DEFAULT_X_DAILY_QUOTA
        entry["cost_per_post"] = DEFAULT_X_COST_PER_POST
        entry["cost_per_link_post"] = DEFAULT_X_COST_PER_LINK_POST
    return entry
