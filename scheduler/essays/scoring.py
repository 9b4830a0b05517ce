"""How worth sharing a snippet is: named scoring rules and their sum.

Every scoring rule is a small function returning its weight and a named reason, so the
choice of each quote can be read back from ``Quote.reasons`` and each rule tested alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from .dutch_words import CLOSING_MARKS, DAN, DAN_LICENSED, PAY_OFF, WORDS, first_word

Rule = Callable[[str, Sequence[str]], tuple[float, str] | None]

_CAPITALISED_WORD = re.compile(r"\b[A-ZÀ-Ý][a-zà-ÿ]+")
_COPULA = re.compile(
    r"\b(?:is|zijn|wordt|worden|blijft|betekent|vraagt|maakt|creëert|begint|zit|ontstaat|komt)\b"
)
# A general statement puts its verb early: "Kwetsbaarheid is …", "Onder dominantie zit …".
_APHORISM_VERB_WITHIN = 6
_APHORISM_OPENINGS = ("Alleen als", "Wie ", "Daar waar", "Hoe meer")
# A subject of one to three words, then a verb in the present ("Echte groei voelt …",
# "Stilte zegt …"): the shape of a general statement without a copula.
_PRESENT_VERB = re.compile(
    r"^(?!(?:Je|Jij|U|We|Wij|Ik|Ze|Zij|Hij|Men) \w+t\b)"  # a noun subject, not a person
    r"(?:(?:De|Het|Een|Echte|Elke|Iedere|Goede|Ware) )?[A-Za-zÀ-ÿ]+(?: [a-zà-ÿ]+)?"
    r" (?!niet\b|met\b|dat\b|wat\b|het\b|echt\b|nooit\b|licht\b|recht\b|best\b|laatst\b)"
    r"[a-zà-ÿ]{2,}t\b"
)
_FIRST_PERSON = re.compile(r"\b(?:ik|mij|me|mijn|mezelf|mijzelf)\b", re.IGNORECASE)
_READER = re.compile(r"\b(?:je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)
_PAST_TENSE = re.compile(
    r"\b(?:was|waren|had|hadden|werd|werden|kwam|kwamen|sprak|vroeg|zei|gebeurde|begreep|"
    r"veranderde|ervaren|geïnspireerd|gekauwd|aangegeven|gingen|trainden|liepen|liep|stond|"
    r"zat|zaten|kreeg|schreef|fietste|praatten|thuiskwam|toen)\b"
)
_MOMENT = re.compile(
    r"\b(?:Vandaag|Gisteren|Vorige (?:week|maand)|Laatst|Onlangs|Deze week|Ik heb eens)\b"
    r"|\b[A-Z]\.\s"  # an initial stands for a person: "Met K. had ik"
)
_NUMBER = re.compile(r"\d")
_IMPERATIVES = frozenset(
    "Wees Durf Blijf Maak Kijk Neem Leer Laat Stel Vraag Geef Deel Kies Zie Begin Stop "
    "Vergeet Denk Probeer Luister Vertrouw Ontdek Sta Onthoud Doe Zeg Schrijf Vier Houd Hou "
    "Zorg Gun Omarm Accepteer Oefen Ga Lees Adem Rust Beweeg Geniet Koester Wacht Zoek".split()
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
# Words before a capitalised concept that a person's name never follows.
_CONCEPT_MARKERS = frozenset(
    "de het een goede echte nieuwe oude onze jouw je mijn zijn haar hun deze die of the and".split()
)
_MARKED = _CONCEPT_MARKERS | {"."}
# An English term of several capitalised words: "Sense of Urgency", "Return on Investment".
_ENGLISH_PHRASE = re.compile(r"\b[A-Z][a-z]+ (?:of|the|and|for|to|on) [A-Z][a-z]+\b")
_OBJECT_PRONOUN = re.compile(r"\b(?:ze|hen|hem)\b", re.IGNORECASE)
_EARLY_WORDS = 8
_NEGATION = re.compile(r"\b(?:niet|geen|nooit|niemand|niets)\b", re.IGNORECASE)
_DAN_COMPARES = re.compile(r"\b(?:meer|minder|anders|eerder|liever)\b", re.IGNORECASE)
# The perfect tense tells what happened: "De gemeente heeft … gebouwd".
_PERFECT = re.compile(r"\b(?:heeft|hebben|had|hadden)\b.*\bge\w+[dt]\b")
IDEAL_LENGTH = (70, 220)
CONCISE_LENGTH = 140
SHORT_LENGTH = 30


def rule_aphorism(text: str, _terms: Sequence[str]) -> tuple[float, str] | None:
    """A general statement in the present: "Kwetsbaarheid is een senior capaciteit."."""
    general = not _FIRST_PERSON.search(text) and not _PAST_TENSE.search(text)
    general = general and not _PERFECT.search(text)
    early = " ".join(text.split()[:_APHORISM_VERB_WITHIN])
    statement = (
        _COPULA.search(early)
        or text.startswith(_APHORISM_OPENINGS)
        or (_PRESENT_VERB.match(text) is not None and first_word(text) not in _IMPERATIVES)
    )
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
    """Capitalised words inside a sentence are names of people, places, programmes; but not
    a concept behind an article ("de Sense of Urgency", "een goede Product Owner": Dutch puts
    no article before a person's name) or joined by English "of"/"the"."""
    loans = {w for phrase in _ENGLISH_PHRASE.findall(text) for w in phrase.split()}
    for sentence_start, word, previous in _inner_capitalised(text):
        if sentence_start or word in _NOT_NAMES or word in loans:
            continue
        if previous.lower() in _CONCEPT_MARKERS:
            continue
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
    # In a question "dan" is "then" ("Wat is dan het alternatief?"), unless it compares.
    licence = _DAN_COMPARES if text.rstrip(CLOSING_MARKS).endswith("?") else DAN_LICENSED
    for match in DAN.finditer(text):
        if not licence.search(text[: match.start()]):
            return -1.5, "-then"
    return None


def rule_filler(text: str, _terms: Sequence[str]) -> tuple[float, str] | None:
    return (-1.0, "-filler") if _FILLERS.search(text) else None


_CONTRAST = re.compile(
    r"\b(?:niet|geen|nooit)\b[^.!?]{1,80}?\b(?:maar|wel|juist)\b"
    r"|^(?:Niet|Geen)\b[^.!?]{1,80},|\bhoe\b[^.!?]+,\s*hoe\b|\bmeer\b[^.!?]*\bdan\b"
    r"|^(\w+ \w+)\b[^.!?]*\bniet\b[^.!?]*,\s*\1\b",
    re.IGNORECASE,
)
_TRANSITION = re.compile(
    r"^(?:In (?:deze|dit|de volgende|het volgende) (?:blog|artikel|stuk|post|hoofdstuk|"
    r"paragraaf|deel)|Laten we|Volgende week|Meer (?:daarover|hierover)|Hierover later|"
    r"Dat was het|Ik hoop dat|Laat (?:vooral |gerust )?een reactie|Nu de volgende|Zo zie je maar)",
    re.IGNORECASE,
)
# Plain facts: amounts with their unit, a year, a price.
_FACT = re.compile(
    r"\b(?:euro|procent|inwoners|personen|kilometer|minuten|uur|dagen|jaar|graden|"
    r"honderd|duizend|miljoen|miljard|ongeveer|gemiddeld)\b"
    r"|\b(?:19|20)\d\d\b",
    re.IGNORECASE,
)
# Code and jargon: acronyms, snake_case or camelCase names, technical English terms.
_JARGON = re.compile(
    r"\b(?!NU\b)[A-Z]{2,}\b|\b\w+_\w+\b|\b[a-z]+[A-Z]\w*\b|\(\)"
    r"|\b(?:mutex|timeout|cache|handler|connection|pool|server|retourneert|functie|"
    r"deploy\w*|commit|api|database|query|thread)\b",
)


# Truisms and definitions: true, and nothing a follower would share.
_TRUISM = re.compile(
    r"\b(?:is|zijn) (?:heel |erg |zo |ontzettend )?(?:belangrijk|essentieel|nodig|kostbaar)"
    r"(?: in| voor| bij)?(?: \w+){0,3}[.!]$"
    r"|^(?:(?:Een|De|Het) )?[\w-]+ (?:is|betekent) (?:een|de) (?:toestand|manier|vorm|methode|"
    r"term|begrip|verzamelnaam|proces|techniek|aandoening|benaming) van\b"
    # exhortations that ask for attention without saying anything: "Wees je bewust van …"
    r"|^(?:Wees je bewust|Let op|Denk eraan|Vergeet niet|Sta (?:eens )?stil bij|"
    r"Houd er rekening mee)\b",
    re.IGNORECASE,
)


def rule_truism(text: str, _terms: Sequence[str]) -> tuple[float, str] | None:
    return (-2.0, "-truism") if _TRUISM.search(text) else None


def rule_contrast(text: str, _terms: Sequence[str]) -> tuple[float, str] | None:
    """ "Niet X, maar Y", "geen positie maar een houding", "hoe meer …, hoe …"."""
    return (1.5, "+contrast") if _CONTRAST.search(text) else None


def rule_transition(text: str, _terms: Sequence[str]) -> tuple[float, str] | None:
    """ "In deze blog lees je …", "Laten we eens kijken": the text talking about itself."""
    return (-3.0, "-transition") if _TRANSITION.search(text) else None


def rule_fact(text: str, _terms: Sequence[str]) -> tuple[float, str] | None:
    return (-1.5, "-fact") if _FACT.search(text) else None


def rule_jargon(text: str, _terms: Sequence[str]) -> tuple[float, str] | None:
    return (-2.0, "-jargon") if _JARGON.search(text) else None


def rule_setup_question(text: str, _terms: Sequence[str]) -> tuple[float, str] | None:
    """A question that sets up what follows ("Waar moet … dan op richten?", "Hoe pak je
    dat aan?") asks the reader to read on; only one that carries its own point may stay."""
    if text.rstrip(CLOSING_MARKS).endswith("?") and not _READER.search(text):
        return -1.5, "-set-up-question"
    return None


def _inner_capitalised(text: str) -> list[tuple[bool, str, str]]:
    """(starts a sentence or a verse line, the word, the word before it) per capitalised word;
    a capitalised word right after another counts as marked like the first ("Product Owner")."""
    found: list[tuple[bool, str, str]] = []
    for match in _CAPITALISED_WORD.finditer(text):
        before = text[: match.start()].rstrip()
        previous = before.rsplit(" ", 1)[-1] if before else ""
        if found and previous == found[-1][1] and (found[-1][0] or found[-1][2] in _MARKED):
            previous = found[-1][2] or "."  # one name of several words, as marked as its first
        opens = not before or before.endswith((".", "!", "?", ":", "…", "‘", "“", "„", "/"))
        found.append((opens, match.group(0), previous))
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
    rule_contrast,
    rule_transition,
    rule_fact,
    rule_jargon,
    rule_setup_question,
    rule_truism,
)
CONTENT_RULES = tuple(rule for rule in RULES if rule is not rule_length)
# Each sentence beyond the first must earn its place.
EXTRA_SENTENCE_COST = 0.5


Part = tuple[str, float]


def score(sentences: Sequence[str], terms: Sequence[str]) -> tuple[float, tuple[str, ...]]:
    """The snippet's points and the names of the rules that gave them."""
    parts = score_parts(sentences, terms)
    return round(sum(p for _, p in parts), 2), tuple(dict.fromkeys(name for name, _ in parts))


def score_parts(sentences: Sequence[str], terms: Sequence[str]) -> list[Part]:
    """Content rules averaged over the sentences (a weak one drags the snippet down), plus
    the length rule on the whole snippet, less a cost per extra sentence, plus what a pair
    of sentences earns together (a question and its answer, a two-line contrast)."""
    parts: dict[str, float] = {}
    for sentence in sentences:
        for points, name in _sentence_results(sentence, tuple(terms)):
            parts[name] = parts.get(name, 0.0) + points / len(sentences)
    length = rule_length(" ".join(sentences), terms)
    if length is not None:
        parts[length[1]] = length[0]
    if len(sentences) > 1:
        parts[f"-{len(sentences)}-sentences"] = -EXTRA_SENTENCE_COST * (len(sentences) - 1)
        parts.update(_pair_parts(sentences))
    return [(name, round(points, 2)) for name, points in parts.items()]


@lru_cache(maxsize=4096)
def _sentence_results(sentence: str, terms: tuple[str, ...]) -> tuple[tuple[float, str], ...]:
    """Each sentence is scored once, however many spans it is part of."""
    return tuple(r for rule in CONTENT_RULES if (r := rule(sentence, terms)) is not None)


_PARALLEL_WORDS = 4
_TURN = re.compile(r"\b(?:wel|wél|juist|maar)\b", re.IGNORECASE)


def _parallel_pair(a: str, b: str) -> bool:
    """ "Een manager telt de uren. Een leider telt de mensen.": two or more of the first
    words the same, in the same places."""
    first, second = (WORDS.findall(s.lower())[:_PARALLEL_WORDS] for s in (a, b))
    return sum(x == y for x, y in zip(first, second, strict=False)) >= 2


def _negation_turn(a: str, b: str) -> bool:
    """ "Je hoeft niet alles te weten. Je moet wel willen leren.": one denies, one turns."""
    a_no, b_no = bool(_NEGATION.search(a)), bool(_NEGATION.search(b))
    return a_no != b_no and bool(_TURN.search(b if a_no else a))


def _pair_parts(sentences: Sequence[str]) -> dict[str, float]:
    found: dict[str, float] = {}
    first, last = sentences[0], sentences[-1]
    if first.endswith("?") and not last.endswith("?"):
        found["+question-answer"] = 2.0
    if any(PAY_OFF.match(s) for s in sentences[1:]):
        found["+set-up-pay-off"] = 2.0
    if len(sentences) == 2 and (_parallel_pair(first, last) or _negation_turn(first, last)):
        found["+two-line-contrast"] = 1.5
    return found
