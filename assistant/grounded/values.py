"""Whether a passage holds the kind of value a question asks for: a date, a number, an amount, a
person, a place, a frequency, a duration, a vote result, a status."""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.facts.dates import DATE, DAY_MONTH, MONTH_YEAR, iso_from_match
from ingest.facts.governance import FREQUENCY
from ingest.facts.people import find_names
from ingest.facts.votes import RESULT
from ingest.genre import fold, genre, words_pattern

_TAG = re.compile(r"<[^<>]{0,200}>")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_NUMBER_WORDS = (r"een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|"
                 r"zestien|twintig|dertig|veertig|vijftig|honderd|duizend|helft|derde|kwart")
_COUNT = re.compile(rf"(?<![\d.])\d+(?:[.,]\d+)*\s*(?:%|procent)?|\b(?:{_NUMBER_WORDS})\b", re.IGNORECASE)
_AMOUNT = re.compile(r"€|\beuro\b|\bEUR\b|\bfrank\b|\bgulden\b|\bprocent\b|%|\bhelft\b|\bmiljoen\b|\bmiljard\b", re.IGNORECASE)
_DURATION = re.compile(rf"\b(?:\d+|{_NUMBER_WORDS})\s+(?:jaar|jaren|maanden|maand|weken|week|dagen|dag|uur|uren|werkdagen)\b"
                       r"|\b(?:onbepaalde|bepaalde)\s+(?:tijd|duur)\b|\blegislatuur\b|\bzittingsperiode\b|\btot\s+(?:en\s+met\s+)?\d"
                       r"|\b(?:een\s+zelfde|eenzelfde|dezelfde)\s+(?:tijd|duur|periode|termijn)\b|\bzolang\b", re.IGNORECASE)
_PLACE = re.compile(r"\b(?:te|in|op)\s+(?:[’']s-)?[A-ZÀ-Ý][\w’'-]+|\b\d{4}\s+[A-ZÀ-Ý][a-z]+|\b[A-ZÀ-Ý][\w-]*(?:straat|laan|plein|markt|weg|lei|kaai)\s+\d+"
                    r"|(?i:\b(?:in|op|aan)\s+(?:het|de)\s+\w*(?:huis|zaal|gebouw|kantoor|centrum|hof|kasteel|school)\b)")
_CONTACT = re.compile(r"@|\bwww\.|\b0\d{1,3}[ /.-]?\d{2,3}[ /.-]?\d{2}[ /.-]?\d{2}\b")
_STATUS = re.compile(r"\b(?:goedgekeurd|aangenomen|verworpen|verdaagd|uitgesteld|aangehouden|ingetrokken|afgewezen|besluit|besloten|"
                     r"vastgesteld|aanvaard|beslist|stemt\s+in|in\s+te\s+stemmen|kennis\s+genomen|neemt\s+kennis)\b", re.IGNORECASE)
# no cost is an amount too: "kosteloos", "Financiële gevolgen: Geen", "geen kosten", "zonder kosten"
_NO_COST = re.compile(r"\bhelft\b|\bkosteloos\b|\bgratis\b|\b(?:geen|zonder)\s+(?:\w+\s+)?(?:kosten|gevolgen|budget)\b"
                      r"|\b(?:gevolgen|kosten|budget|kostprijs)\s*:\s*geen\b", re.IGNORECASE)
# a time of day: "19:30", "19u30", "19.30 uur", "20 uur" (not "artikel 2.13")
_TIME = re.compile(r"\b\d{1,2}(?::\d{2}\b|u\d{2}\b|\.\d{2}\s*u(?:ur)?\b)|\b\d{1,2}\s*uur\b", re.IGNORECASE)
_DATE_WORD = re.compile(r"\b(?:dag|datum|maand|jaar)\b", re.IGNORECASE)
_ORG = re.compile(r"\b(?:[A-Z]{2,}|[A-ZÀ-Ý][a-zà-ÿ]+(?:\s+[A-ZÀ-Ý][a-zà-ÿ]+)+)\b")


_ASKS_COUNT = re.compile(r"\bhoeveel\b")


def asks_value(answer_type: str | None) -> bool:
    """Whether an answer of this type must hold a value of it (a date, a number, a name ...); free
    text, lists and definitions hold none in particular."""
    return answer_type not in (None, "text", "list", "definition")


# how often something recurs beside a meeting frequency ("telkens na vier jaar", "om de twee jaar",
# "elke vijf jaar", "vijfjaarlijks"), and how many times it may happen ("hoe vaak herbenoembaar":
# "voor twee termijnen", "eenmaal")
_PERIODIC = re.compile(r"\b(?:om\s+de|telkens\s+na|na\s+elke|elke|elk|iedere?)\s+(?:\w+\s+)?(?:jaar|jaren|maanden|weken)\b"
                       r"|\b\w+(?:jaarlijks|maandelijks|wekelijks)\b"
                       r"|\b(?:een|één|twee|drie|vier|vijf|\d+)\s+(?:keer|maal|termijnen|perioden|periodes)\b"
                       r"|\b(?:eenmaal|tweemaal|driemaal|eenmalig)\b", re.IGNORECASE)


def has_value(text: str, answer_type: str | None, asked: str = "") -> bool:
    """True when `text` holds a value of `answer_type` (None: any text answers). A number, date or
    period the question `asked` states itself is no answer to it: "Hoeveel ambtenaren zijn minder dan
    35% arbeidsongeschikt?" is not answered by a sentence whose only number is that 35%, while "1 april
    2013" answers "Vanaf welke datum geldt het besluit van 2013?". (Names are not checked so: "Wie roept
    de stuurgroep X samen?" is answered by "Stuurgroep X: de stad nodigt uit".)"""
    if not asks_value(answer_type):
        return True
    text = _TAG.sub(" ", text)  # markup a document quotes literally is not part of the value
    def new(pattern: re.Pattern[str]) -> bool:
        """Whether `pattern` finds a value in the text that the question does not state."""
        return any(not asked or not _states(asked, fold(m.group(0)).strip()) for m in pattern.finditer(text))

    if answer_type == "date":
        return new(DATE) or new(MONTH_YEAR) or new(DAY_MONTH) or new(_YEAR) or new(_TIME) or new(_DATE_WORD)
    if answer_type == "number":
        return new(_COUNT)
    if answer_type == "amount":
        return bool(_AMOUNT.search(text) and new(_COUNT)) or bool(_NO_COST.search(text))
    if answer_type == "duration":
        return new(_DURATION) or new(DATE)
    if answer_type == "frequency":
        return new(FREQUENCY) or new(_PERIODIC)
    if answer_type == "vote":
        # a count or formula, or (unless a count is asked) the outcome of the vote as a decision list
        # gives it ("Verworpen", "Stemmen staken")
        return bool(RESULT.search(text) or re.search(r"\bstemd|\bstemmen\b|\bonthoud", text, re.IGNORECASE)
                    or (not _ASKS_COUNT.search(fold(asked)) and words_pattern(genre().vote_outcomes).search(fold(text))))
    if answer_type == "place":
        return bool(_PLACE.search(text))
    if answer_type == "person":
        return bool(find_names(text, 0, len(text))) or bool(_ORG.search(text[1:])) or new(_offices())
    if answer_type == "org":
        return bool(_ORG.search(text[1:]))
    if answer_type == "status":
        return bool(_STATUS.search(text) or _status_words().search(fold(text)))
    if answer_type == "contact":
        return bool(_CONTACT.search(text))
    return True


@lru_cache(maxsize=4096)
def _states(asked: str, value: str) -> bool:
    """Whether the question states a (folded) value as a whole word. Cached: every unit of the passages
    is checked against the same question, and the same values recur."""
    return re.search(rf"(?<!\w){re.escape(value)}(?!\w)", fold(asked)) is not None


@lru_cache(maxsize=1)
def _offices() -> re.Pattern[str]:
    """The genre's offices ("de burgemeester", "het lid van het college van burgemeester en wethouders",
    "de directeur"): "wie is de voorzitter?" is answered by who holds it, named or by office."""
    words = sorted((re.escape(r) for r in genre().offices), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _status_words() -> re.Pattern[str]:
    """The genre's words for an item's status, also a decision list's one-word decisions ("akkoord",
    "weigering", "kennisname") and the outcomes of its rows ("conform", "kennisgenomen"), folded."""
    words = {w for _, found in genre().statuses for w in found} | set(genre().status_lines) | set(genre().row_outcomes)
    return re.compile(r"\b(?:" + "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True)) + r")\b")


def written_dates(text: str) -> str:
    """Every date in `text` written out ("31-08-2015" -> "31 augustus 2015"): a question that asks
    about "eind augustus 2015" is about a fact that writes the date in figures."""
    months = genre().months
    out = []
    for m in DATE.finditer(text):
        iso = iso_from_match(m)
        if iso:
            year, month, day = iso.split("-")
            out.append(f"{int(day)} {months[int(month) - 1]} {year}")
    return " ".join(out)

