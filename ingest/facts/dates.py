"""Dates and periods: Dutch date expressions, when an agreement or regulation starts and ends, how
long it runs, how it is terminated, how disputes are settled, and where and when it was signed."""

from __future__ import annotations

import datetime as dt
import re

from ingest.facts.model import DateFact, PlaceDate, TextFact
from ingest.facts.text import Doc, excerpt, sentence_at, sentence_bounds
from ingest.genre import genre, words_pattern

MONTHS = {m: i + 1 for i, m in enumerate(genre().months)}
_MONTH = "(?:" + "|".join(MONTHS) + ")"
WEEKDAY = "(?:" + "|".join(genre().weekdays) + ")"

# "1 oktober 2021", "1ste oktober 2021"
_DATE_WORDS = rf"(?P<day>[0-3]?\d)(?:ste|de|e)?\s+(?P<month>{_MONTH})\s+(?P<year>(?:19|20)\d\d)"
# "01/10/2021", "1.10.2021", "1-10-2021"
_DATE_NUMERIC = r"(?P<nday>[0-3]?\d)[/.-](?P<nmonth>[01]?\d)[/.-](?P<nyear>(?:19|20)\d\d)"
DATE = re.compile(rf"\b(?:{_DATE_WORDS}|{_DATE_NUMERIC})\b", re.IGNORECASE)
# the same without named groups, to embed (several times) in other patterns
DATE_SRC = rf"(?:[0-3]?\d(?:ste|de|e)?\s+{_MONTH}\s+(?:19|20)\d\d|[0-3]?\d[/.-][01]?\d[/.-](?:19|20)\d\d)\b"
# a day of every year, without its year: "vóór 1 mei", "uiterlijk op 31 december"
DAY_MONTH = re.compile(rf"\b[0-3]?\d(?:ste|de|e)?\s+{_MONTH}\b", re.IGNORECASE)
# "November 2019"
MONTH_YEAR = re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
# "Augustus – december 2020": a period, kept as text only
MONTH_RANGE = re.compile(rf"\b{_MONTH}\s*[-–—]\s*{_MONTH}\s+(?:19|20)\d\d\b", re.IGNORECASE)


def iso_date(text: str) -> str | None:
    """ISO date of the first full date in `text` ("1 maart 2021" -> "2021-03-01"); None when there is
    none or it does not exist ("31 februari 2021")."""
    m = DATE.search(text)
    return iso_from_match(m) if m else None


def iso_from_match(m: re.Match[str]) -> str | None:
    try:
        if m.group("day"):
            day = dt.date(int(m.group("year")), MONTHS[m.group("month").lower()], int(m.group("day")))
        else:
            day = dt.date(int(m.group("nyear")), int(m.group("nmonth")), int(m.group("nday")))
    except ValueError:
        return None
    return day.isoformat()


def date_text(text: str) -> tuple[str, str | None]:
    """(date text, ISO date or None) of the leading date expression in `text`."""
    m = DATE.search(text)
    if m:
        return m.group(0), iso_from_match(m)
    return text, None


# a final article that refers to the document by a pronoun: "Zij treedt in werking op de dag na ..."
_ITSELF = re.compile(r"[\s*_]*(?:\d{1,2}[.)°]\s*)?(?:Zij|Het|Hij)\s+(?:treedt|treden|gaat|zal|is|wordt|blijft)\b")


# -- start, end, duration ----------------------------------------------------------------------

_WHAT_END = r"(?=\s+en\s+(?:loopt|eindigt|duurt|geldt|wordt|blijft)\b|\s+voor\s+(?:de\s+duur|een\s+periode|onbepaalde)\b|[.;](?:\s|$|[A-ZÀ-Ý])|,\s+(?:en|tenzij|behalve)\b|\n|$)"
# "gaat in op 1 oktober 2021", "treedt in werking op ...", "treedt in werking met ingang van de
# tweede dag na ...", "met ingang van 1 januari 2009", "is van kracht vanaf ...", "loopt van ... tot"
_PERIOD = r"(?:\d+|een|één|twee|drie|vier|vijf|zes|tien|veertien|vijftien|twintig|dertig|zestig|negentig)\s+(?:dag|dagen|week|weken|maand|maanden|jaar)\s+na\b"
START_CLAUSE = re.compile(
    r"\b(?:gaat|gaan|treedt|treden|trad|traden|ging|gingen)\s+(?:met\s+terugwerkende\s+kracht\s+)?in\s*(?:werking\s+)?"
    r"(?:op(?!\s+grond\b)|vanaf|met\s+ingang\s+van|per|na)\s+(?P<what>.{3,300}?)" + _WHAT_END +
    r"|\b(?:treedt|treden|trad|traden)\s+in\s*werking\s+(?P<what2>(?:de|het|bij|zodra|nadat|op\s+het|" + _PERIOD + r")\b.{3,300}?)" + _WHAT_END +
    # "zal in werking treden op de dag, waarop ...", "is in werking getreden op 1 mei 2020"
    r"|\bin\s*werking\s+(?:treden|getreden)\s+(?:op(?!\s+grond\b)|vanaf|met\s+ingang\s+van|per|na)\s+(?P<what4>.{3,300}?)" + _WHAT_END +
    # a subordinate clause: "dat dit reglement in werking treedt per 1 januari 2024", "welke overeenkomst
    # in werking zal treden twee maanden na ...", "zou dit akkoord op 1 oktober 1986 in werking kunnen treden"
    r"|\bin\s*werking\s+(?:treedt|treden|trad|zal\s+treden|zou\s+(?:kunnen\s+)?treden)\s+"
    r"(?:op\s+|per\s+|vanaf\s+|met\s+ingang\s+van\s+)?(?P<what6>(?!grond\b)(?:\d|de\s+(?:\w+\s+)?(?:dag|datum)\b|de\s+eerste\b|" + _PERIOD + r").{3,300}?)"
    + _WHAT_END +
    r"|\b(?:zal|zou|kan)\s+(?:\w+\s+){0,3}?op\s+(?P<what7>(?:\d|de\s+(?:\w+\s+)?(?:dag|datum)\b|de\s+eerste\b)[^.;\n]{3,80}?)\s+in\s*werking"
    r"\s+(?:kunnen\s+)?treden\b" +
    # the time before "in werking": "treedt dertig dagen na deze briefwisseling in werking"
    r"|\b(?:treedt|treden)\s+(?P<what5>(?:op\s+de|met\s+ingang\s+van\s+de|" + _PERIOD + r")\b[^.;]{3,120}?)\s+in\s*werking\b" +
    rf"|\bmet\s+ingang\s+van\s+(?P<date2>{DATE_SRC})"
    # as a later text refers to it: "ondertekend te Brussel op 8 juni 1982 en op 1 oktober 1983 in werking getreden"
    rf"|\bop\s+(?P<date4>{DATE_SRC})\s+in\s*werking\s+getreden\b"
    # retroactive effect: "werkt terug tot (en met) 1 april 2013"
    rf"|\bwerkt\s+terug\s+tot\s+(?:en\s+met\s+)?(?P<date6>{DATE_SRC})"
    r"|\b(?:is|wordt|worden|zal\s+worden)\s+van\s+kracht\s+(?:vanaf|met\s+ingang\s+van|op)\s+(?P<what3>.{3,120}?)" + _WHAT_END +
    r"|\bvan\s+kracht\s+(?:wordt|worden)\s+(?:vanaf|met\s+ingang\s+van|op)\s+(?P<what8>.{3,120}?)" + _WHAT_END +
    rf"|\bloopt\s+van\s+(?P<date3>{DATE_SRC})\s+tot\b",
    re.IGNORECASE,
)
# "uiterste einddatum 31 december 2025", "loopt tot (en met) 31 december 2025", "eindigt op ..."
END_CLAUSE = re.compile(
    rf"\buiterste\s+einddatum\s+(?:van\s+|op\s+)?(?P<d1>{DATE_SRC})"
    rf"|\b(?:loopt|lopen|duurt|geldt|geldig)\s+(?:\w+\s+){{0,4}}?tot\s+(?:en\s+met\s+)?(?P<d2>{DATE_SRC})"
    rf"|\b(?:eindigt|vervalt|verstrijkt)\s+(?:\w+\s+){{0,3}}?op\s+(?P<d3>{DATE_SRC})"
    rf"|\beinddatum\s+(?:is\s+|van\s+)?(?P<d4>{DATE_SRC})"
    # a body set up for a time: "De commissie zal per 1 april 2008 ophouden te functioneren", "wordt opgeheven met ingang van ..."
    rf"|\b(?:per|op|met\s+ingang\s+van)\s+(?P<d5>{DATE_SRC})\s+(?:ophouden|ophoudt|houdt)\s+(?:op\s+)?te\s+(?:bestaan|functioneren)\b"
    rf"|\bwordt\s+opgeheven\s+(?:per|op|met\s+ingang\s+van)\s+(?P<d6>{DATE_SRC})",
    re.IGNORECASE,
)
_COUNT_WORD = r"(?:\d+|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf|vijftien|twintig|dertig|vijftig)"
# "voor de duur van de legislatuur", "voor een periode van drie jaar", "voor onbepaalde tijd",
# "wordt gesloten voor vijf jaar", "een looptijd van tien jaar", "blijft gedurende een jaar van kracht",
# "blijft van kracht voor een tijdvak van tien jaar", "blijft van kracht voor dezelfde tijd als ..."
DURATION_CLAUSE = re.compile(
    r"\bvoor\s+(?:de|een)\s+(?:duur|periode|termijn|tijdvak)\s+van\s+.{1,120}?(?=\s+met\b|\s+en\b|\s+in\s+werking\b|\s+te\s+rekenen\b|[.;,](?:\s|$)|\n|$)"
    r"|\bvoor\s+(?:on)?bepaalde\s+(?:duur|tijd|tijdsduur)\b"
    r"|\b(?:aangegaan|gesloten|afgesloten|geldt|geldig|loopt)\s+(?:\w+\s+){0,2}?(?P<dur>voor\s+"
    rf"{_COUNT_WORD}\s+(?:jaar|jaren|maanden)\b)"
    rf"|\bblij(?:ft|ven)\s+(?P<dur2>(?:gedurende|voor)\s+(?:een\s+(?:tijdvak|periode|termijn)\s+van\s+)?{_COUNT_WORD}\s+(?:jaar|jaren|maanden)\b)"
    r"\s+(?:van\s+kracht|geldig|in\s+werking)\b"
    r"|\bblij(?:ft|ven)\s+(?:\w+\s+){0,2}?(?:van\s+kracht|geldig|in\s+werking)\s+(?P<dur3>(?:gedurende|voor|zolang|tot)\b[^.;\n]{3,160}?)"
    r"(?=[.;]|,\s+(?:tenzij|behoudens|en)\b|\s+en\s+wordt\b|\n|$)"
    # "Zij blijft voor een zelfde tijd van kracht als het Verdrag ..."
    r"|\bblij(?:ft|ven)\s+(?P<dur4>(?:gedurende|voor)\s+(?:\w+\s+){0,3}?(?:tijd|tijdvak|periode|termijn|duur)\s+van\s+kracht"
    r"(?:\s+als\s+[^;\n]{3,200}?)?)(?=\.(?:\s|$)|;|\n|$)"
    r"|\blooptijd\s+van\s+.+?(?=\s+met\b|\s+en\b|[.;,](?:\s|$)|\n|$)",
    re.IGNORECASE,
)
# "wordt stilzwijgend verlengd", "telkens voor een periode van ...", "wordt zij voor onbepaalde tijd verlengd"
# the document itself is the subject: a pronoun, or "deze/de <noun>" ("Onderhoudsovereenkomsten worden
# niet verlengd ..." is about other agreements)
_RENEWED = r"(?:verlengd|vernieuwd|hernieuwd)\b"
RENEWAL_CLAUSE = re.compile(
    rf"\b(?:wordt|zal)\s+(?:zij|het|hij|(?:deze|dit|de|het)\s+\w+)\s+(?:\w+\s+){{0,6}}?(?:worden\s+)?{_RENEWED}"
    rf"|\b(?:zij|het|hij|(?:deze|dit)\s+\w+)\s+(?:wordt|zal)\s+(?:\w+\s+){{0,6}}?{_RENEWED}"
    rf"|\b(?:wordt|worden|zal)\s+(?:\w+\s+){{0,3}}?(?:geacht|beschouwd|telkens|automatisch)\s+(?:\w+\s+){{0,7}}?{_RENEWED}"
    rf"|\bstilzwijgend\s+(?:\w+\s+){{0,4}}?(?:{_RENEWED}|verlenging\b)",
    re.IGNORECASE,
)
# "het recht de overeenkomst op te zeggen", "kan worden opgezegd", "opzegtermijn", "uittreding"
TERMINATION_CLAUSE = re.compile(
    r"\bop\s+te\s+zeggen\b|\bopgezegd\b|\bopzeg(?:gen|ging|termijn)\b|\buittre(?:den|ding)\b|\bzich\s+terugtrekken\b"
    r"|\bbeëindig(?:en|d|ing)\b|\bbeeindig(?:en|d|ing)\b",
    re.IGNORECASE,
)
# "Betwistingen die voortvloeien uit deze overeenkomst ...", "Geschillen ..."
DISPUTES_CLAUSE = re.compile(r"\b(?:betwistingen|geschillen|geschil)\b", re.IGNORECASE)


def _about_document(doc: Doc, pos: int, follows: bool = False) -> bool:
    """The clause is about the document itself (it names itself: "deze overeenkomst", "dit besluit")
    or stands in a section about duration. With `follows`, also a sentence that goes on from one
    about the document ("Dit Verdrag blijft vijf jaar van kracht. Tenzij het ... is opgezegd, wordt
    het stilzwijgend verlengd")."""
    s, e = sentence_at(doc.text, pos)
    if (words_pattern(genre().document_nouns, compounds=True).search(doc.text, s, e) or _ITSELF.match(doc.text, s, e)
            or "duur" in doc.section_path(pos).lower()):
        return True
    if follows and s > 0 and re.search(r"\b(?:zij|het|hij)\b", doc.text[s:e], re.IGNORECASE):
        end = len(doc.text[:s].rstrip())  # the sentence before, in the same paragraph
        if end and doc.text[end - 1] in ".;:" and "\n\n" not in doc.text[end:s]:
            return _about_document(doc, end - 1)
    return False


def _rank(doc: Doc, start: int, dated: bool) -> tuple[bool, bool, int]:
    """Prefer the agreement's own clause over a decision's summary of it, then a dated one, then the last."""
    return (not doc.in_decision_part(start), dated, start)


def extract_start(doc: Doc) -> list[DateFact]:
    facts = []
    for m in START_CLAUSE.finditer(doc.text):
        if not _about_document(doc, m.start()):
            continue
        what = next(m.group(g) for g in ("what", "what2", "what4", "what6", "what7", "what5", "date2", "date4", "date6", "what3", "what8", "date3")
                    if m.group(g))
        date_m = DATE.match(what)
        text, iso = (date_m.group(0), iso_from_match(date_m)) if date_m else (excerpt(what, 160), None)
        facts.append(DateFact(text=text, date=iso, quote=doc.sentence_quote(m.start(), m.end())))
    return facts


def extract_end(doc: Doc) -> list[DateFact]:
    facts = []
    for m in END_CLAUSE.finditer(doc.text):
        # a body's end is the end of the decision that set it up
        body = (m.group("d5") or m.group("d6")) and words_pattern(genre().bodies).search(doc.text, *sentence_at(doc.text, m.start()))
        if not (body or _about_document(doc, m.start())):
            continue
        text = next(m.group(g) for g in ("d1", "d2", "d3", "d4", "d5", "d6") if m.group(g))
        facts.append(DateFact(text=text, date=iso_date(text), quote=doc.sentence_quote(m.start(), m.end())))
    return facts


def best_date(doc: Doc, facts: list[DateFact]) -> DateFact | None:
    return max(facts, key=lambda f: _rank(doc, f.quote.start, f.date is not None)) if facts else None


_LINK = re.compile(r"\[([^\]\n]{1,300})\]\([^)\s]*\)?")


def clause_fact(doc: Doc, pattern: re.Pattern[str], phrase: str, follows: bool = False,
                besides: re.Pattern[str] | None = None) -> TextFact | None:
    """The best clause matching `pattern`; `phrase` says what its text is: the match itself,
    the sentence up to the end of the clause that holds the match, or the whole sentence. A clause
    in a sentence that matches `besides` counts only when no other does (a term is "voor een
    jaar"; "wordt zij voor onbepaalde tijd verlengd" is its renewal)."""
    facts, aside = [], []
    for m in pattern.finditer(doc.text):
        if not _about_document(doc, m.start(), follows):
            continue
        s, e = sentence_bounds(doc.text, m.start(), m.end())
        found = aside if besides is not None and besides.search(doc.text, s, e) else facts
        if phrase == "match":
            groups = m.groupdict()
            text = next((groups[g] for g in ("dur", "dur2", "dur3", "dur4") if groups.get(g)), m.group(0))
        elif phrase == "clause":
            tail = re.search(r",|;|\s+zonder\s+dat\b", doc.text[m.end() : e])
            text = doc.text[s : m.end() + (tail.start() if tail else e - m.end())]
        else:
            text = doc.text[s:e]
        text = _LINK.sub(r"\1", text)  # a Markdown link reads as its text
        found.append(TextFact(text=excerpt(text.rstrip(" .;"), 300), quote=doc.sentence_quote(m.start(), m.end())))
    facts = facts or aside
    return max(facts, key=lambda f: _rank(doc, f.quote.start, False)) if facts else None


# -- where and when it was signed ---------------------------------------------------------------

_PLACE_NAME = r"(?:[’']s-)?[A-ZÀ-Ý][\w'’.-]*(?:[ -](?:[A-ZÀ-Ý][\w'’.-]*|aan|de|den|der|van))*"
# "Gedaan te Gent, op 3 december 2002", "GEDAAN in tweevoud te Terneuzen op 5 februari 2015",
# "Ondertekend te Brussel op ...", "Aldus vastgesteld te ... de ...", "Opgemaakt te Mechelen op ..."
SIGNED = re.compile(
    # a treaty's closing clause says in how many copies and languages first: "Gedaan in dubbel, in de
    # Fransche en in de Nederlandsche taal, welke beide teksten gelijkelijk authentiek zijn, te ..."
    rf"(?:\b(?i:gedaan)\b[^.\n]{{0,160}}?|\b(?i:ondertekend|getekend|opgemaakt|gesloten|aldus\s+(?:vastgesteld|besloten|gedaan)|vastgesteld)\b"
    rf"[^.\n]{{0,40}}?)\b(?i:te)\s+(?P<place>{_PLACE_NAME})(?:[^.\n\d]{{0,24}}?(?:{WEEKDAY}\s+)?(?P<date>(?i:{DATE_SRC})))?",
)
# "Mechelen, 3 maart 2021", "’s-Gravenhage 10 november 1989" on a line of its own, above the signatures
PLACE_DATE_LINE = re.compile(
    rf"^(?P<place>(?:[’']s-)?[A-ZÀ-Ý][\w'’-]+(?:[ -][A-ZÀ-Ý][\w'’-]+)?),?\s+(?:{WEEKDAY}\s+)?(?P<date>(?i:{DATE_SRC}))\s*\.?$",
    re.MULTILINE,
)


def extract_signed(doc: Doc) -> PlaceDate | None:
    """Where and when the document was signed: the last "Gedaan te ..." clause (the signatures close
    the document), else a "Place, date" line."""
    found = [m for m in SIGNED.finditer(doc.text) if m.group("date") or m.group("place")]
    dated = [m for m in found if m.group("date")]
    m = (dated or found or [None])[-1]
    if m is None:
        m = next(iter(reversed(list(PLACE_DATE_LINE.finditer(doc.text)))), None)
    if m is None:
        return None
    raw = m.group("date")
    text, iso = (date_text(raw) if raw else (None, None))
    return PlaceDate(place=m.group("place").strip(" ,"), text=text, date=iso,
                     quote=doc.sentence_quote(m.start(), m.end()))
