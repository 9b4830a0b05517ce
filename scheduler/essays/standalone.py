"""Does a snippet stand on its own? The hard filters: a snippet that fails one is never offered.

A lead-in that only links to what came before may be dropped first; what is left must
not point back, be half a list, be unbalanced, unclean or English.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .dutch_words import CLOSING_MARKS, DAN, DAN_LICENSED, WORDS, first_word
from .language import is_english

# Openers that point back to what came before ("Dat is een kracht.", "Daarom moet ik …").
ANAPHORIC_OPENERS = frozenset(
    """
    dit dat deze die daar daarom daardoor daarmee daarvoor daarbij daarna daarin daarop
    hierdoor hiervoor hierbij hiermee hierin hier zo ook maar en of dus want toch bovendien
    verder vervolgens echter nee ja nou gewoon hij zij ze zijn haar hun hem hen net zonder
    tussen om omdat welke waardoor zodat doordat terwijl iets vaak dan nu gevolg sterker
    zo'n zo’n zulke zulk dergelijke bovenstaande bovengenoemde allereerst daarnaast eerder
    hetzelfde dezelfde eveneens tevens evenmin nogmaals hierover daarover wederom aldus
    kortom vandaar desondanks niettemin daarentegen integendeel oftewel ofwel evengoed
    """.split()
)
# Openings of more than one word that point back: the case, the manner, the reason, the
# list ("De tweede …", "Eén zo'n probleem"), or a correlative whose first half names the
# earlier text ("Hoe meer je dit leert, …", "De ene keer …").
_POINTING_PHRASE = re.compile(
    r"^(?:In (?:dat|dit|zo['’]n|die|deze|beide|het laatste) (?:geval|gevallen|situatie|opzicht)"
    r"|Op (?:die|deze|dezelfde|zo['’]n) (?:manier|wijze)|Om (?:die|deze) redenen?"
    r"|Zoals (?:gezegd|eerder|ik al|hierboven)|Als (?:laatste|tweede|derde|gevolg)"
    r"|(?:Eén|Een) zo['’]n|Dit soort|Dat soort|Net als (?:bij )?(?:het|de|dit|dat|die)\b"
    r"|(?:De|Het) (?:eerste|tweede|derde|vierde|vijfde|zesde|laatste|volgende|andere|vorige)\b"
    r"|De ene (?:keer|kant)|Hoe (?:\w+ ){1,3}(?:dit|dat|het|ze|hem)\b)",
    re.IGNORECASE,
)
# "het" as an object pronoun: "Maak het niet persoonlijk" (het = the criticism before).
_OBJECT_HET = re.compile(
    r"\bhet(?=\s+(?:niet|wel|ook|nog|al|je|me|zelf|toch|maar|gewoon|echt|nooit|altijd|"
    r"daarom|eens|dan)\b|\s*[,.!?])",
    re.IGNORECASE,
)
# A clause that "het" can announce: "Het loont om …", "Het vraagt moed om …".
_ANNOUNCED = re.compile(r"\bom\b[^,]*\bte\b|\b(?:dat|wanneer|als|hoe|wat|of)\b|\bte \w+en\b")
# A demonstrative in the first clause: "Soms is dat harde kracht", "Je kunt dit leiderschap …".
_DEMONSTRATIVE = re.compile(
    r"^(?!Het\b)\w+ (?:is|was|wordt|werd|blijft|lijkt|kan|moet|zal|werkt|geldt|"
    r"betekent|maakt|vraagt|doet|heeft) (?:dat|dit)\b"
    r"|\b(?:dit|deze)\b(?! (?:moment|tijd|wereld|nieuwe tijd)\b)"
    r"|\b(?:om|van|met|op|in|aan|voor|bij|naar|door|over|uit) die\b"
    r"|\b(?:zo['’]n|zulke?|dergelijke|bovenstaande|voornoemde)\b"
    r"|^(?:Als|Wanneer|Omdat|Doordat|Hoewel|Zodra|Nu|Zolang) (?:dat|dit|die|ze|hij|zij)\b",
    re.IGNORECASE,
)
# Pronouns that name people; bound when the sentence itself names them first.
_PLURAL_PRONOUN = re.compile(r"\b(?:ze|zij|hen|hun)\b", re.IGNORECASE)
_SINGULAR_PRONOUN = re.compile(r"\b(?:hij|hem)\b", re.IGNORECASE)
_NOT_PLURAL_NOUNS = frozenset(
    """
    zijn hebben worden kunnen moeten willen gaan staan komen laten zullen mogen geven nemen
    maken doen zeggen weten denken zien leren blijven vinden houden krijgen voelen delen
    alles iets niets ons eens soms anders steeds pas eigen tussen boven buiten binnen
    bijvoorbeeld misschien alleen tegen zonder jezelf zichzelf onszelf mezelf
    """.split()
)
# Openers that look anaphoric but open a self-contained construction.
SELF_CONTAINED_OPENINGS = ("Daar waar ", "Wie ", "Zo gauw ", "Deze tijd ", "Of je n", "Of het n")
# Bare subordinate clauses and fragments: "Dat je onderzoekt wat achter irritatie zit."
DANGLING_OPENINGS = ("Dat je ", "Dat hij ", "Dat het ", "Iets wat ", "Wat het ", "Met als ")
ENUMERATION = re.compile(
    r"(?:^|(?<=[.!?…] ))"
    r"(?:Ten (?:eerste|tweede|derde|vierde|slotte)|Tot slot|Enerzijds|Anderzijds)\b"
)
# "Het wordt …", "Het creëert …" point back; "Het is de kunst om …" points forward.
_PRONOUN_HET = re.compile(r"^Het (?!is\b|was\b|gaat (?:erom|om|niet om)\b)[a-zë]+(?:t|en)\b")
_HET_IS_WITHOUT_CLAUSE = re.compile(r"^Het (?:is|was)\b(?!.*\b(?:om|dat)\b)")
TERMINAL_MARKS = (".", "!", "?", "…")
_PAIRS = (("(", ")"), ("[", "]"), ("„", "”"), ("“", "”"), ("‘", "’"))
_SINGLE_OPEN = re.compile(r"(?<![\w])‘")
_SINGLE_CLOSE = re.compile(r"’(?![\w])")
MIN_WORDS = 4
# An e-mail address, a URL, a bare domain, Markdown or HTML residue, or code.
_UNCLEAN_MARKS = ("@", "://", "www.", ".nl", ".com", ".org", ".net", ".be", ".eu", ".io")
_UNCLEAN_MARKS += ("`", "<", "*", "_", "#", "](")
_UNCLEAN = re.compile(
    r"[\w.+-]+@[\w-]+\.\w+|https?://|www\.|\b[\w-]+\.(?:nl|com|org|net|be|eu|io)\b|\]\(|`|<\/?[a-z]+>"
    r"|(?:^|\s)[*_#]{1,3}\w|\w[*_]{1,3}(?:\s|$)",
    re.IGNORECASE,
)


_PAY_OFF_OPENING = re.compile(
    r"^(?:Het (?:goede|slechte) nieuws|Het antwoord|De oplossing|Het gevolg|De reden|"
    r"Het resultaat)\b"
)


# Connectives that tie the first clause to the sentence before: "Elk moment is dus
# belangrijk", "Het wordt daarom tijd"; after "en"/"maar" they tie within the sentence.
_CONNECTIVE = re.compile(r"\b(?:daarom|daardoor|dus|immers|echter|hierdoor|derhalve)\b")
_CLAUSE_END = re.compile(r",|;|:|\s(?:en|maar|want|omdat|zodat|als)\s")


def _leans_in_first_clause(sentence: str) -> bool:
    clause = _CLAUSE_END.split(sentence, maxsplit=1)[0]
    if _CONNECTIVE.search(clause):
        return True
    dan = DAN.search(clause)  # "Kwetsbaarheid is dan verborgen": in that case (which?)
    return dan is not None and not DAN_LICENSED.search(clause[: dan.start()])


def opens_with_reference(sentence: str) -> bool:
    """Does the sentence lean on what came before it?"""
    if sentence.startswith(DANGLING_OPENINGS):
        return True
    if sentence.startswith(SELF_CONTAINED_OPENINGS):
        return False
    if _POINTING_PHRASE.match(sentence) or has_loose_pronoun(sentence):
        return True
    if _leans_in_first_clause(sentence):
        return True
    if _PAY_OFF_OPENING.match(sentence):
        return True  # "Het goede nieuws is: …" pays off a set-up the reader has not seen
    if _PRONOUN_HET.match(sentence) and not _ANNOUNCED.search(sentence[3:]):
        return True
    if _HET_IS_WITHOUT_CLAUSE.match(sentence):
        return True
    if first_word(sentence).lower() == "waarom" and not sentence.endswith("?"):
        return True  # "Waarom bedrijven blijven hangen …." is half of a list of reasons
    return first_word(sentence).lower() in ANAPHORIC_OPENERS


def has_loose_pronoun(sentence: str) -> bool:
    """A pronoun whose referent is not in the sentence: "Het is onze taak om ze … te geven"
    (ze = ?), "Maak het niet persoonlijk". "Wie zijn collega's vertrouwt, geeft ze ruimte"
    binds its "ze" to a plural named before it, so it passes."""
    first_clause = sentence.split(",", 1)[0]
    if _DEMONSTRATIVE.search(first_clause):
        return True
    for match in _OBJECT_HET.finditer(first_clause):
        if match.start() > 0 and not _ANNOUNCED.search(first_clause[match.end() :]):
            return True
    for match in _PLURAL_PRONOUN.finditer(sentence):
        if not any(_looks_plural(w) for w in WORDS.findall(sentence[: match.start()])):
            return True
    found = _SINGULAR_PRONOUN.search(sentence)
    return found is not None and len(WORDS.findall(sentence[: found.start()])) < 3


def _looks_plural(word: str) -> bool:
    lowered = word.lower()
    if len(lowered) < 4 or lowered in _NOT_PLURAL_NOUNS:
        return False
    return lowered.endswith(("en", "ers", "'s", "’s")) or (
        lowered.endswith("s") and not lowered.endswith(("us", "is", "os"))
    )


def is_balanced(text: str) -> bool:
    """Brackets and quote marks open and close in pairs (an apostrophe is not a quote)."""
    if text.count('"') % 2:
        return False
    for opener, closer in _PAIRS[:2]:
        if text.count(opener) != text.count(closer):
            return False
    double_open = text.count("„") + text.count("“")
    if double_open != text.count("”"):
        return False
    return len(_SINGLE_OPEN.findall(text)) == len(_SINGLE_CLOSE.findall(text))


def is_fragment(sentence: str) -> bool:
    """Too short to carry a thought, or a bare list of words ("Handelen, wachten, …")."""
    words = sentence.split()
    chunks = [c for c in sentence.rstrip(".!?…").split(",") if c.strip()]
    return len(words) < MIN_WORDS or (len(chunks) >= 3 and all(len(c.split()) <= 2 for c in chunks))


# --- lead-in trims: the rest of the sentence, word for word -----------------------------

# A lead-in that only links to what came before ("Sterker nog,", "Ten tweede:") or announces
# ("… kom ik tot de conclusie:"); what follows it may stand alone.
_LEAD_IN = re.compile(
    r"^(?:(?:Sterker nog|Kortom|Kort gezegd|Samengevat|Tot slot|Ten slotte|Met andere woorden"
    r"|Anders gezegd|Eerlijk gezegd|Ten (?:eerste|tweede|derde|vierde|vijfde))[,:]"
    r"|[^:.!?;]{3,90}\b(?:conclusie|les|advies|boodschap|kern|moraal|tip)(?: [^:.!?;\s]+){0,4}:)"
    r"\s+(?=\w)"
)


def lead_in(sentence: str) -> str:
    """The lead-in a quote may drop ("Sterker nog, "), or "" when there is none."""
    match = _LEAD_IN.match(sentence)
    return match.group(0) if match else ""


def drop_lead_in(text: str) -> tuple[str, str]:
    """(the text without its lead-in, first letter capitalised; the lead-in dropped).

    Only the case of the first letter changes: the rest is the author's words as written."""
    dropped = lead_in(text)
    if not dropped:
        return text, ""
    rest = text[len(dropped) :]
    return rest[:1].upper() + rest[1:], dropped.strip()


def rejection(snippet: str, first_sentence: str) -> str | None:
    """Why a snippet cannot stand on its own, or ``None`` when it can (cheapest checks first,
    stopping at the first that fails: ingest asks this of every span)."""
    checks: list[tuple[Callable[[], bool], str]] = [
        (lambda: not snippet[:1].isupper(), "no capital at the start"),
        (lambda: not snippet.rstrip(CLOSING_MARKS).endswith(TERMINAL_MARKS), "no terminal mark"),
        (lambda: is_fragment(first_sentence), "fragment"),
        (lambda: opens_with_reference(first_sentence), "points back"),
        (lambda: bool(ENUMERATION.search(snippet)), "half a list"),
        (lambda: not is_balanced(snippet), "unbalanced marks"),
        (lambda: _unclean(snippet), "not clean as a post"),
        (lambda: is_english(snippet), "English"),
    ]
    return next((reason for failed, reason in checks if failed()), None)


def _unclean(text: str) -> bool:
    return any(mark in text for mark in _UNCLEAN_MARKS) and bool(_UNCLEAN.search(text))
