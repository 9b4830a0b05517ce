"""The rules that judge a snippet: hard filters (stands on its own?) and scoring rules.

Every scoring rule is a small function returning its weight and a named reason, so the
choice of each quote can be read back from ``Quote.reasons`` and each rule tested alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .language import is_english

# --- hard filters: a snippet that fails one is never offered ---------------------------

# Openers that point back to what came before ("Dat is een kracht.", "Daarom moet ik …").
ANAPHORIC_OPENERS = frozenset(
    """
    dit dat deze die daar daarom daardoor daarmee daarvoor daarbij daarna daarin daarop
    hierdoor hiervoor hierbij hiermee hierin hier zo ook maar en of dus want toch bovendien
    verder vervolgens echter nee ja nou gewoon hij zij ze zijn haar hun hem hen niet net zonder
    tussen om omdat welke waardoor zodat doordat terwijl iets vaak dan nu gevolg sterker
    """.split()
)
# Openers that look anaphoric but open a self-contained construction.
SELF_CONTAINED_OPENINGS = ("Daar waar ", "Wie ", "Zo gauw ", "Deze tijd ")
# Bare subordinate clauses and fragments: "Dat je onderzoekt wat achter irritatie zit."
DANGLING_OPENINGS = ("Dat je ", "Dat hij ", "Dat het ", "Iets wat ", "Wat het ", "Met als ")
ENUMERATION = re.compile(
    r"(?:^|(?<=[.!?…] ))"
    r"(?:Ten (?:eerste|tweede|derde|vierde|slotte)|Tot slot|Enerzijds|Anderzijds)\b"
)
# "Het wordt …", "Het creëert …" point back; "Het is de kunst om …" points forward.
_PRONOUN_HET = re.compile(r"^Het (?!is\b|was\b|gaat erom\b)[a-zë]+(?:t|en)\b")
_HET_IS_WITHOUT_CLAUSE = re.compile(r"^Het (?:is|was)\b(?!.*\b(?:om|dat)\b)")
_CAPITALISED_WORD = re.compile(r"\b[A-ZÀ-Ý][a-zà-ÿ]+")
TERMINAL_MARKS = (".", "!", "?", "…")
_CLOSING_MARKS = '”’")'
_PAIRS = (("(", ")"), ("[", "]"), ("„", "”"), ("“", "”"), ("‘", "’"))
_SINGLE_OPEN = re.compile(r"(?<![\w])‘")
_SINGLE_CLOSE = re.compile(r"’(?![\w])")
MIN_WORDS = 4


def first_word(text: str) -> str:
    return text.split(maxsplit=1)[0].strip(",:;") if text.strip() else ""


def opens_with_reference(sentence: str) -> bool:
    """Does the sentence lean on what came before it?"""
    if sentence.startswith(DANGLING_OPENINGS):
        return True
    if sentence.startswith(SELF_CONTAINED_OPENINGS):
        return False
    if _PRONOUN_HET.match(sentence) or _HET_IS_WITHOUT_CLAUSE.match(sentence):
        return True
    if first_word(sentence).lower() == "waarom" and not sentence.endswith("?"):
        return True  # "Waarom bedrijven blijven hangen …." is half of a list of reasons
    return first_word(sentence).lower() in ANAPHORIC_OPENERS


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


def rejection(snippet: str, first_sentence: str) -> str | None:
    """Why a snippet cannot stand on its own, or ``None`` when it can."""
    checks: list[tuple[bool, str]] = [
        (not snippet[:1].isupper(), "no capital at the start"),
        (not snippet.rstrip(_CLOSING_MARKS).endswith(TERMINAL_MARKS), "no terminal mark"),
        (opens_with_reference(first_sentence), "points back"),
        (bool(ENUMERATION.search(snippet)), "half a list"),
        (is_fragment(first_sentence), "fragment"),
        (not is_balanced(snippet), "unbalanced marks"),
        (is_english(snippet), "English"),
    ]
    return next((reason for failed, reason in checks if failed), None)


# --- scoring rules ---------------------------------------------------------------------

Rule = Callable[[str, Sequence[str]], tuple[float, str] | None]

_COPULA = re.compile(
    r"\b(?:is|zijn|wordt|worden|blijft|betekent|vraagt|maakt|creëert|begint|zit|ontstaat|komt)\b"
)
# A general statement puts its verb early: "Kwetsbaarheid is …", "Onder dominantie zit …".
_APHORISM_VERB_WITHIN = 6
_APHORISM_OPENINGS = ("Alleen als", "Wie ", "Daar waar", "Hoe meer")
_FIRST_PERSON = re.compile(r"\b(?:ik|mij|me|mijn|mezelf|mijzelf)\b", re.IGNORECASE)
_READER = re.compile(r"\b(?:je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)
_PAST_TENSE = re.compile(
    r"\b(?:was|waren|had|hadden|werd|werden|kwam|kwamen|sprak|vroeg|zei|gebeurde|begreep|"
    r"veranderde|ervaren|geïnspireerd|gekauwd|aangegeven|gingen|trainden)\b"
)
_MOMENT = re.compile(
    r"\b(?:Vandaag|Gisteren|Vorige (?:week|maand)|Laatst|Onlangs|Deze week|Ik heb eens)\b"
    r"|\b[A-Z]\.\s"  # an initial stands for a person: "Met K. had ik"
)
_NUMBER = re.compile(r"\d")
_IMPERATIVES = frozenset(
    "Wees Durf Blijf Maak Kijk Neem Leer Laat Stel Vraag Geef Deel Kies Zie Begin Stop "
    "Vergeet Denk Probeer Luister Vertrouw Ontdek Sta Onthoud Doe Zeg".split()
)
# Words a reader needs the previous sentences for.
_CONTEXT_WORDS = re.compile(
    r"\b(?:namelijk|dit laatste|hierover|hiervan|hiervoor|daarvan|daarop|bovendien|eerdere|vorige|"
    r"hetzelfde|dezelfde|degene|als zodanig|(?:het|er|dat) ook|wordt dat|"
    r"dit(?! moment)|deze(?! (?:tijd|wereld|nieuwe tijd))|"
    # "om zo te zijn", "in beide varianten", "als bedrijven dat niet realiseren": the manner,
    # the pair and the thing all live in the sentences before.
    r"(?:om )?zo te|beide|dat niet)\b",
    re.IGNORECASE,
)
_FILLERS = re.compile(
    r"\b(?:nou ja|kijk maar|reken maar|sterker nog|overigens|trouwens|natuurlijk)\b",
    re.IGNORECASE,
)
# Capitalised words that are the author's concepts, not people or places.
_NOT_NAMES = frozenset({"NU", "Nu", "Ego", "God", "Goddelijke"})
_OBJECT_PRONOUN = re.compile(r"\b(?:ze|hen|hem)\b", re.IGNORECASE)
_EARLY_WORDS = 8
_DAN = re.compile(r"\bdan\b")
# "dan" is self-contained after a condition ("Als …, dan") or a comparison ("anders dan").
_DAN_LICENSED = re.compile(
    r"\b(?:als|wanneer|zodra|indien|meer|minder|anders)\b|\w+er\s+$", re.IGNORECASE
)
IDEAL_LENGTH = (70, 220)
CONCISE_LENGTH = 140
SHORT_LENGTH = 30


def rule_aphorism(text: str, _terms: Sequence[str]) -> tuple[float, str] | None:
    """A general statement in the present: "Kwetsbaarheid is een senior capaciteit."."""
    general = not _FIRST_PERSON.search(text) and not _PAST_TENSE.search(text)
    early = " ".join(text.split()[:_APHORISM_VERB_WITHIN])
    statement = _COPULA.search(early) or text.startswith(_APHORISM_OPENINGS)
    if general and statement and len(text) <= CONCISE_LENGTH and not text.startswith("Er "):
        return 2.0, "+aphorism"
    return None


def rule_reader_address(text: str, _terms: Sequence[str]) -> tuple[float, str] | None:
    if _READER.search(text) and not _FIRST_PERSON.search(text):
        return 1.0, "+reader"
    return None


def rule_imperative(text: str, _terms: Sequence[str]) -> tuple[float, str] | None:
    return (1.5, "+imperative") if first_word(text) in _IMPERATIVES else None


def rule_question(text: str, _terms: Sequence[str]) -> tuple[float, str] | None:
    if text.endswith("?") and _READER.search(text):
        return 1.0, "+question"
    return None


def rule_key_terms(text: str, terms: Sequence[str]) -> tuple[float, str] | None:
    lowered = text.lower()
    hits = sum(term in lowered for term in terms)
    return (min(hits, 3) * 0.5, "+key-terms") if hits else None


def rule_length(text: str, _terms: Sequence[str]) -> tuple[float, str] | None:
    low, high = IDEAL_LENGTH
    if SHORT_LENGTH <= len(text) <= CONCISE_LENGTH:
        return 1.5, "+concise"
    if low <= len(text) <= high:
        return 1.0, "+length"
    if len(text) < SHORT_LENGTH:
        return -0.5, "-short"
    return None


def rule_narrative(text: str, _terms: Sequence[str]) -> tuple[float, str] | None:
    """A story about a moment or a person ("Vorige week …", "Met K. had ik …")."""
    if _MOMENT.search(text) or (_FIRST_PERSON.search(text) and _PAST_TENSE.search(text)):
        return -3.0, "-narrative"
    return None


def rule_first_person(text: str, _terms: Sequence[str]) -> tuple[float, str] | None:
    return (-1.5, "-first-person") if _FIRST_PERSON.search(text) else None


def rule_names(text: str, _terms: Sequence[str]) -> tuple[float, str] | None:
    """Capitalised words inside a sentence are names of people, places, programmes."""
    for sentence_start, word in _inner_capitalised(text):
        if not sentence_start and word not in _NOT_NAMES:
            return -2.0, "-name"
    return None


def rule_numbers(text: str, _terms: Sequence[str]) -> tuple[float, str] | None:
    return (-1.5, "-number") if _NUMBER.search(text) else None


def rule_context(text: str, _terms: Sequence[str]) -> tuple[float, str] | None:
    return (-1.5, "-needs-context") if _CONTEXT_WORDS.search(text) else None


def rule_loose_pronoun(text: str, _terms: Sequence[str]) -> tuple[float, str] | None:
    """ "Je behandelt ze ook zo!": an early ze/hen/hem names someone from before."""
    early = " ".join(text.split()[:_EARLY_WORDS])
    return (-1.0, "-pronoun") if _OBJECT_PRONOUN.search(early) else None


def rule_then(text: str, _terms: Sequence[str]) -> tuple[float, str] | None:
    """ "Kwetsbaarheid is dan verborgen": "dan" meaning "in that case" needs the case."""
    for match in _DAN.finditer(text):
        if not _DAN_LICENSED.search(text[: match.start()]):
            return -1.5, "-then"
    return None


def rule_filler(text: str, _terms: Sequence[str]) -> tuple[float, str] | None:
    return (-1.0, "-filler") if _FILLERS.search(text) else None


def _inner_capitalised(text: str) -> list[tuple[bool, str]]:
    found = []
    for match in _CAPITALISED_WORD.finditer(text):
        before = text[: match.start()].rstrip()
        found.append(
            (
                not before or before.endswith((".", "!", "?", ":", "…", "‘", "“", "„")),
                match.group(0),
            )
        )
    return found


RULES: tuple[Rule, ...] = (
    rule_aphorism,
    rule_reader_address,
    rule_imperative,
    rule_question,
    rule_key_terms,
    rule_length,
    rule_narrative,
    rule_first_person,
    rule_names,
    rule_numbers,
    rule_context,
    rule_loose_pronoun,
    rule_then,
    rule_filler,
)
CONTENT_RULES = tuple(rule for rule in RULES if rule is not rule_length)
# Each sentence beyond the first must earn its place.
EXTRA_SENTENCE_COST = 0.5


def score(sentences: Sequence[str], terms: Sequence[str]) -> tuple[float, tuple[str, ...]]:
    """Content rules averaged over the sentences (a weak one drags the snippet down), plus
    the length rule on the whole snippet, less a cost per extra sentence; and the reasons."""
    points = 0.0
    reasons: list[str] = []
    for sentence in sentences:
        for rule in CONTENT_RULES:
            if (result := rule(sentence, terms)) is not None:
                points += result[0] / len(sentences)
                reasons.append(result[1])
    length = rule_length(" ".join(sentences), terms)
    if length is not None:
        points += length[0]
        reasons.append(length[1])
    if len(sentences) > 1:
        points -= EXTRA_SENTENCE_COST * (len(sentences) - 1)
        reasons.append(f"-{len(sentences)}-sentences")
    return round(points, 2), tuple(dict.fromkeys(reasons))
