"""The rules that judge a snippet: hard filters (stands on its own?) and scoring rules.

Every scoring rule is a small function returning its weight and a named reason, so the
choice of each quote can be read back from ``Quote.reasons`` and each rule tested alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from .language import is_english

# --- hard filters: a snippet that fails one is never offered ---------------------------

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
_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_CAPITALISED_WORD = re.compile(r"\b[A-ZÀ-Ý][a-zà-ÿ]+")
TERMINAL_MARKS = (".", "!", "?", "…")
_CLOSING_MARKS = '”’")'
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


def first_word(text: str) -> str:
    return text.split(maxsplit=1)[0].strip(",:;") if text.strip() else ""


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
    dan = _DAN.search(clause)  # "Kwetsbaarheid is dan verborgen": in that case (which?)
    return dan is not None and not _DAN_LICENSED.search(clause[: dan.start()])


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
        if not any(_looks_plural(w) for w in _WORDS.findall(sentence[: match.start()])):
            return True
    found = _SINGULAR_PRONOUN.search(sentence)
    return found is not None and len(_WORDS.findall(sentence[: found.start()])) < 3


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


# --- the neighbours: a sentence read alone may mean what the author does not say ---------

# The next sentence rejects what was just said: the span reports a view to refute it.
_REFUTATION = re.compile(
    r"^(?:Niet dus|Niets is minder waar|Dat klopt (?:\w+ )?niet|Onzin|Fout|Nee[,.!]"
    r"|Het (?:tegendeel|omgekeerde) is waar|Helaas niet|Echt niet|Dat is (?:een )?(?:mythe|"
    r"misverstand|fabel|niet waar))",
    re.IGNORECASE,
)
# Words that frame a sentence as a view, a pitfall or a pattern the author warns about.
_FRAMING = re.compile(
    r"\b(?:valkuil\w*|mythe|misverstand|misvatting|denkfout|veelgehoorde|patroon|"
    r"de gedachte is|je zou denken|volgens(?! mij\b)|geloven dat|denken er)\b",
    re.IGNORECASE,
)
_SAYS = re.compile(r"(?<!wil )\b(?:zegt|zei|zeggen|schrijft|schreef|noemt|stelt)\b", re.IGNORECASE)
# "Twee valkuilen zie je vaak", "Er zijn drie soorten": what follows is one item of a list.
_ANNOUNCES_LIST = re.compile(
    r"\b(?:twee|drie|vier|vijf|zes|zeven|een paar|enkele|meerdere|volgende)\s+\w+",
    re.IGNORECASE,
)
# The next sentence pays off this one: "Het NU is … . Het goede nieuws is: …".
_PAY_OFF = re.compile(
    r"^(?:Het (?:goede|slechte) nieuws|Het antwoord|Maar\b|Alleen\b|Toch\b|Omdat\b|"
    r"Gelukkig\b|Niet dus)"
)


def context_rejection(
    sentences: Sequence[str], before: Sequence[str], after: Sequence[str]
) -> str | None:
    """Why a span read without its neighbours says something its author does not, or leaves
    out its other half; ``before``/``after`` are the paragraph's sentences around it."""
    first, last = sentences[0], sentences[-1]
    previous = before[-1] if before else ""
    following = after[0] if after else ""
    checks: list[tuple[bool, str]] = [
        (bool(following and _REFUTATION.match(following)), "a view refuted next"),
        (bool(_FRAMING.search(first)), "a reported view"),
        (any(_FRAMING.search(b) for b in before[-2:]), "a reported view"),
        (bool(_SAYS.search(previous)) and not _has_quote_marks(previous), "a reported view"),
        (previous.rstrip().endswith(":"), "half a list"),
        (bool(previous and _ANNOUNCES_LIST.search(previous)), "half a list"),
        (_parallel(first, previous) or _parallel(last, following), "half a pair"),
        (previous.rstrip(_CLOSING_MARKS).endswith("?"), "an answer without its question"),
        (last.rstrip(_CLOSING_MARKS).endswith("?") and bool(following), "a question unanswered"),
        (bool(following and _PAY_OFF.match(following)), "a set-up without its pay-off"),
    ]
    return next((reason for failed, reason in checks if failed), None)


def _has_quote_marks(text: str) -> bool:
    return any(mark in text for mark in '„“”"‘')


def _parallel(a: str, b: str) -> bool:
    """Two sentences opening alike ("Het doen vraagt …" / "Het doen vraagt …") are a list."""
    first, second = a.lower().split()[:2], b.lower().split()[:2]
    return len(first) == 2 and first == second


def rejection(snippet: str, first_sentence: str) -> str | None:
    """Why a snippet cannot stand on its own, or ``None`` when it can (cheapest checks first,
    stopping at the first that fails: ingest asks this of every span)."""
    checks: list[tuple[Callable[[], bool], str]] = [
        (lambda: not snippet[:1].isupper(), "no capital at the start"),
        (lambda: not snippet.rstrip(_CLOSING_MARKS).endswith(TERMINAL_MARKS), "no terminal mark"),
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


# --- scoring rules ---------------------------------------------------------------------

Rule = Callable[[str, Sequence[str]], tuple[float, str] | None]

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
_DAN = re.compile(r"\bdan\b")
# "dan" is self-contained after a condition ("Als …, dan") or a comparison ("anders dan").
_DAN_LICENSED = re.compile(
    r"\b(?:als|wanneer|zodra|indien|meer|minder|anders|eerder|liever)\b"
    r"|\b\w{2,}er(?:e|s)?(?:\s+\w+){0,3}\s+$|\bal\s+$",
    re.IGNORECASE,
)
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
    licence = _DAN_COMPARES if text.rstrip(_CLOSING_MARKS).endswith("?") else _DAN_LICENSED
    for match in _DAN.finditer(text):
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
    if text.rstrip(_CLOSING_MARKS).endswith("?") and not _READER.search(text):
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
    first, second = (_WORDS.findall(s.lower())[:_PARALLEL_WORDS] for s in (a, b))
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
    if any(_PAY_OFF.match(s) for s in sentences[1:]):
        found["+set-up-pay-off"] = 2.0
    if len(sentences) == 2 and (_parallel_pair(first, last) or _negation_turn(first, last)):
        found["+two-line-contrast"] = 1.5
    return found
