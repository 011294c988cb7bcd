"""Structured facts from one cleaned document: parties and signatories, dates and duration,
governance bodies, council-minutes details, actions, ambitions and definitions.

Everything is found with readable patterns of the genre (Flemish cooperation agreements with VDAB
and council minutes), never with knowledge of a particular document. Every fact carries a quote:
an exact slice of the cleaned text with its offsets, section path and page, so that an answer can
cite it. A document without a given clause gets None / [] for it: nothing is invented.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ingest.chunk import paragraphs
from ingest.records import CleanText, Section

logger = logging.getLogger(__name__)

Fact = dict[str, Any]

MAX_QUOTE = 300  # characters: a quote is a sentence or a clause, short enough to read
ACTION_TEXT_CHARS = 400
SUBITEM_TEXT_CHARS = 300

# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

MONTHS = {
    "januari": 1,
    "februari": 2,
    "maart": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "augustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
_MONTH = "(?:" + "|".join(MONTHS) + ")"
_WEEKDAY = r"(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)"

# "1 oktober 2021", "1ste oktober 2021"
_DATE_WORDS = rf"(?P<day>[0-3]?\d)(?:ste|de|e)?\s+(?P<month>{_MONTH})\s+(?P<year>(?:19|20)\d\d)"
# "01/10/2021", "1.10.2021", "1-10-2021"
_DATE_NUMERIC = r"(?P<nday>[0-3]?\d)[/.-](?P<nmonth>[01]?\d)[/.-](?P<nyear>(?:19|20)\d\d)"
DATE = re.compile(rf"\b(?:{_DATE_WORDS}|{_DATE_NUMERIC})\b", re.IGNORECASE)
# the same without named groups, to embed (several times) in other patterns
DATE_SRC = rf"(?:[0-3]?\d(?:ste|de|e)?\s+{_MONTH}\s+(?:19|20)\d\d|[0-3]?\d[/.-][01]?\d[/.-](?:19|20)\d\d)\b"
# "November 2019"
MONTH_YEAR = re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
# "Augustus – december 2020": a period, kept as text only
MONTH_RANGE = re.compile(rf"\b{_MONTH}\s*[-–—]\s*{_MONTH}\s+(?:19|20)\d\d\b", re.IGNORECASE)


def iso_date(text: str) -> str | None:
    """ISO date of the first full date in `text` ("1 maart 2021" -> "2021-03-01"), else None."""
    m = DATE.search(text)
    return _iso_from_match(m) if m else None


def _iso_from_match(m: re.Match[str]) -> str | None:
    try:
        if m.group("day"):
            day = dt.date(int(m.group("year")), MONTHS[m.group("month").lower()], int(m.group("day")))
        else:
            day = dt.date(int(m.group("nyear")), int(m.group("nmonth")), int(m.group("nday")))
    except ValueError:
        return None
    return day.isoformat()


def _date_fact(text: str) -> tuple[str, str | None]:
    """(date text, ISO date or None) of the leading date expression in `text`."""
    m = DATE.search(text)
    if m:
        return m.group(0), _iso_from_match(m)
    return text, None


# --------------------------------------------------------------------------------------------
# Quotes, sentences, paragraphs
# --------------------------------------------------------------------------------------------


def make_quote(clean: CleanText, sections: list[Section], start: int, end: int) -> Fact:
    """A citation of clean.text[start:end] (surrounding whitespace trimmed): exact text, offsets,
    the path of the section that contains `start` and the page."""
    text = clean.text
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return {
        "text": text[start:end],
        "start": start,
        "end": end,
        "section": _section_at(sections, start),
        "page": clean.page_at(start),
    }


def _section_at(sections: list[Section], offset: int) -> str:
    """Path of the section whose heading or body contains `offset` ("" when none does)."""
    starts = [s.heading_start for s in sections]
    i = bisect_right(starts, offset) - 1
    while i >= 0:
        if sections[i].heading_start <= offset < sections[i].end:
            return sections[i].path_str
        i -= 1
    return ""


# A sentence ends at . ! ? followed by a non-lowercase character, or at ; (clause lists).
_SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?])\s+(?=[^a-zà-ÿ\s])|(?<=;)\s+)")
_ABBREVIATIONS = (
    "bv.",
    "bijv.",
    "o.a.",
    "nr.",
    "art.",
    "dhr.",
    "mevr.",
    "wd.",
    "get.",
    "blz.",
    "vb.",
    "ca.",
    "m.b.t.",
    "i.s.m.",
    "t.e.m.",
    "enz.",
    "e.a.",
    "z.g.",
    "ivm.",
    "dd.",
)


def _paragraph_at(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n\n", 0, pos)
    start = 0 if start < 0 else start + 2
    end = text.find("\n\n", pos)
    return start, len(text) if end < 0 else end


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside [start, end) (one paragraph)."""
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _SENTENCE_BREAK.finditer(text, start, end):
        before = text[max(start, m.start() - 8) : m.start()].lower()
        if before.endswith(_ABBREVIATIONS) or re.search(r"(?:^|\s)\w\.$", before):
            continue
        spans.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        spans.append((pos, end))
    return spans


def _sentence_at(text: str, pos: int) -> tuple[int, int]:
    p_start, p_end = _paragraph_at(text, pos)
    for s, e in _sentences(text, p_start, p_end):
        if s <= pos < e or pos == e:
            return s, e
    return p_start, p_end


# A list bullet in front of a sentence is not quoted.
_QUOTE_BULLET = re.compile(r"[-–•·▪*+]\s+")


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """From the start of the sentence holding `start` (after a list bullet) to the end of the one
    holding `end`."""
    s, _ = _sentence_at(text, start)
    _, e = _sentence_at(text, max(start, end - 1))
    bullet = _QUOTE_BULLET.match(text, s, start)
    return (bullet.end() if bullet else s), e


def _quote_span(text: str, start: int, end: int, limit: int = MAX_QUOTE) -> tuple[int, int]:
    """The sentence around [start, end), cut down to at most `limit` characters around it."""
    return _clip(text, *_sentence_bounds(text, start, end), start, end, limit)


def _clip(
    text: str, s: int, e: int, core_start: int, core_end: int, limit: int = MAX_QUOTE
) -> tuple[int, int]:
    """Shrink [s, e) to at most `limit` characters that still contain [core_start, core_end),
    starting at a clause boundary where possible (a core longer than `limit` is cut itself)."""
    if e - s <= limit:
        return s, e
    if core_end - core_start >= limit:
        space = text.rfind(" ", core_start, core_start + limit)
        return core_start, space if space > core_start else core_start + limit
    if core_end - s > limit:
        window = text[max(s, core_end - limit) : core_start]
        cut = max(window.rfind(", "), window.rfind("; "), window.rfind(": "))
        s = max(s, core_end - limit) + cut + 2 if cut >= 0 else core_start
    new_end = min(e, s + limit)
    if new_end < e:
        space = text.rfind(" ", core_end, new_end)
        new_end = space if space > core_end else max(core_end, new_end)
    return s, new_end


def _excerpt(raw: str, limit: int) -> str:
    """Whitespace-collapsed text, cut at a word boundary with an ellipsis when longer than `limit`."""
    flat = " ".join(raw.split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit)
    return flat[: cut if cut > 0 else limit].rstrip(" ,;:") + "…"


@dataclass(frozen=True)
class _Doc:
    """One document as the extractors see it."""

    clean: CleanText
    sections: list[Section]
    paragraphs: list[tuple[int, int]]
    boundaries: frozenset[int]  # offsets where a heading starts or a section ends

    @property
    def text(self) -> str:
        return self.clean.text

    def quote(self, start: int, end: int) -> Fact:
        return make_quote(self.clean, self.sections, start, end)

    def sentence_quote(self, start: int, end: int) -> Fact:
        return self.quote(*_quote_span(self.text, start, end))

    def section_path(self, pos: int) -> str:
        return _section_at(self.sections, pos)

    def next_boundary(self, pos: int) -> int:
        """The first heading start or section end after `pos`."""
        after = [b for b in self.boundaries if b > pos]
        return min(after) if after else len(self.text)


# Labels of the parts of council minutes; a clause under one of them belongs to the minutes,
# not to an agreement annexed to them.
_MINUTES_LABELS = {
    "motivering",
    "voorgeschiedenis",
    "feiten en argumentatie",
    "argumentatie",
    "besluit",
    "financiële gevolgen",
    "financiele gevolgen",
    "juridische grond",
    "regelgeving",
    "adviezen",
    "bevoegdheid",
}


def _in_minutes_part(doc: _Doc, pos: int) -> bool:
    path = doc.section_path(pos)
    return any(label.strip().rstrip(":").lower() in _MINUTES_LABELS for label in path.split(" > "))


# --------------------------------------------------------------------------------------------
# Person names and roles
# --------------------------------------------------------------------------------------------

# One capitalised name word: "Karel", "Van", "Gorré", "Jean-Pierre", "D'Hondt" (not "VDAB").
_NAME_WORD = r"[A-ZÀ-Ý](?:['’][A-ZÀ-Ý])?[a-zà-ÿ'’]+(?:-[A-ZÀ-Ý][a-zà-ÿ'’]+)*"
# Lower-case particles inside a name: "Hilde Van der Jeugt", "Carl Van den Eynde".
_NAME_PARTICLE = r"(?:van|de|der|den|ter|ten|du|la|le|da|di|von|vande|vanden|vander)"
# A person: at least two name words on one line; a following "Voor ..." signature line is not part of it.
_NOT_NAME_NEXT = r"(?!(?:Voor|Namens|Bij|En|Tussen|Addenda|Bijlagen?)\b)"
PERSON_NAME = re.compile(rf"{_NAME_WORD}(?:[ ]+(?:{_NAME_PARTICLE}[ ]+)*{_NOT_NAME_NEXT}{_NAME_WORD})+")
# Words that never occur in a person's name here: roles, places, organisations.
_NOT_NAME_WORDS = {
    "voorzitter",
    "burgemeester",
    "schepen",
    "schepenen",
    "directeur",
    "algemeen",
    "secretaris",
    "gemeenteraad",
    "provinciaal",
    "gedelegeerd",
    "bestuurder",
    "waarnemend",
    "manager",
    "teamleider",
    "vlaanderen",
    "oost-vlaanderen",
    "west-vlaanderen",
    "antwerpen",
    "limburg",
    "vlaams-brabant",
    "brabant",
    "brussel",
    "vlaamse",
    "vlaams",
    "dienst",
    "stad",
    "gemeente",
    "lokaal",
    "lokale",
    "bestuur",
    "besturen",
    "vereniging",
    "sociaal",
    "sociale",
    "huis",
    "deel",
    "actie",
    "thema",
    "regio",
    "samenwerkingsovereenkomst",
    "overeenkomst",
    "gemeenteraadsleden",
    "openbare",
    "zitting",
}
# A person's name starts with a first name, not with one of these words.
_NOT_FIRST_WORDS = {
    "de",
    "het",
    "van",
    "voor",
    "namens",
    "bij",
    "tussen",
    "en",
    "een",
    "op",
    "in",
    "met",
    "deze",
    "dit",
    "zij",
    "wij",
    "we",
    "ook",
    "door",
    "als",
}
# Courtesy titles before a name, and phrases that introduce signatories.
_HONORIFIC = re.compile(r"^(?:de\s+heer|mevrouw|mevr\.|dhr\.|meneer|heer|mr\.)\s*", re.IGNORECASE)
_ROLE_FILLER = re.compile(
    r"^(?:vertegenwoordigd\s+door|waarvoor\s+optreedt|waarvoor\s+optreden|optredend(?:\s+als)?|"
    r"handelend\s+als|in\s+de\s+persoon\s+van|namens\s+wie)\s*",
    re.IGNORECASE,
)


def _valid_name(name: str) -> bool:
    words = name.split()
    if len(words) < 2 or words[0].lower() in _NOT_FIRST_WORDS:
        return False
    return not any(w.lower() in _NOT_NAME_WORDS for w in words)


def _clean_role(raw: str) -> str | None:
    """A role phrase as written, without titles, articles, '(get.)' and punctuation."""
    role = re.sub(r"\(get\.?\)|\bget\.", " ", raw)
    role = " ".join(role.split()).strip(" ,;:.-–—")
    for _ in range(3):
        previous = role
        role = _ROLE_FILLER.sub("", role)
        role = _HONORIFIC.sub("", role)
        role = re.sub(r"^(?:en|de|het|haar|zijn)\s+", "", role, flags=re.IGNORECASE).strip(" ,;:.-–—")
        if role == previous:
            break
    if re.fullmatch(r"(?:de\s+)?(?:heer|mevrouw)", role, re.IGNORECASE):
        return None
    if not re.search(r"[a-zà-ÿ]", role) or len(role) > 80:
        return None
    if len(role) > 1 and role[0].isupper() and role[1].islower():
        role = role[0].lower() + role[1:]  # "Provinciaal directeur" -> "provinciaal directeur"
    return role


def _split_between(
    text: str, start: int, end: int, role_first: bool
) -> tuple[tuple[int, int], tuple[int, int]]:
    """Split the text between two names into (tail of the first, head of the second), as spans.

    "X, voorzitter gemeenteraad, en algemeen directeur Y": the role before ", en" is X's, the one
    after it is Y's. Without a conjunction the style of the list decides: "role, Name role, Name"
    (role_first) gives the text to the next name, "Name, role Name, role" to the previous one."""
    segment = text[start:end]
    for sep in (", en ", "; ", " en "):
        i = segment.rfind(sep)
        if i >= 0:
            return (start, start + i), (start + i + len(sep), end)
    return ((start, start), (start, end)) if role_first else ((start, end), (end, end))


def _last_comma_part(text: str, start: int, end: int) -> tuple[int, int]:
    """The last non-empty comma-separated part of text[start:end] ("de voorzitter, " -> "de voorzitter")."""
    parts = text[start:end].split(",")
    offset = start
    spans = []
    for part in parts:
        spans.append((offset, offset + len(part)))
        offset += len(part) + 1
    return next((sp for sp in reversed(spans) if text[sp[0] : sp[1]].strip()), (end, end))


@dataclass(frozen=True)
class _Person:
    name: str
    role: str | None
    start: int  # span of the name
    end: int
    span_start: int  # span of the name with its role
    span_end: int


def parse_people(text: str, start: int, end: int) -> list[_Person]:
    """Names with their roles in a clause such as "de heer Wim Adriaens, gedelegeerd bestuurder en
    de heer Freddy Van Malderen, directeur VDAB Oost-Vlaanderen" or "waarnemend burgemeester
    Alexander Vandersmissen en algemeen directeur Erik Laga"."""
    names = [m for m in PERSON_NAME.finditer(text, start, end) if _valid_name(m.group(0))]
    people: list[_Person] = []
    role_first = False
    for i, m in enumerate(names):
        if i:
            before = _split_between(text, names[i - 1].end(), m.start(), role_first)[1]
        else:
            before = _last_comma_part(text, start, m.start())
            role_first = _clean_role(text[before[0] : before[1]]) is not None
        after = (m.end(), names[i + 1].start() if i + 1 < len(names) else end)
        if i + 1 < len(names):
            after = _split_between(text, *after, role_first)[0]
        role, span = _clean_role(text[before[0] : before[1]]), before
        if role is None:
            role, span = _clean_role(text[after[0] : after[1]]), after
        if role is None:
            span = (m.start(), m.end())
        people.append(
            _Person(m.group(0), role, m.start(), m.end(), min(span[0], m.start()), max(span[1], m.end()))
        )
    return people


# --------------------------------------------------------------------------------------------
# Parties
# --------------------------------------------------------------------------------------------

# A municipality name: "Zele", "Sint-Niklaas", "MECHELEN", "De Panne".
_PLACE = r"(?:(?:De|La|Le)\s+)?[A-ZÀ-Ý][\w'’]*(?:-[\w'’]+)*"
_ABBR = r"[A-Z][A-Z0-9&]{1,9}(?:-[A-Z0-9]+)?"
# A proper name of an organisation: capitalised words and small particles.
# At most 15 more words (the longest real name has 7): an unbounded repetition made the search
# quadratic on a long run of capitalised words.
_ORG_WORDS = r"[A-ZÀ-Ý][\w'’-]*(?:\s+(?:[A-ZÀ-Ý][\w'’-]*|voor|van|en|de|der|het|in|op)){0,15}?"

# The start of a party: an organisation with its abbreviation, a local government, or an acronym.
PARTY_START = re.compile(
    rf"(?:(?i:de|het)\s+)?"
    rf"(?:(?P<org_full>{_ORG_WORDS})\s*\((?P<org_abbr>{_ABBR})\)"
    rf"|(?P<local_kind>(?i:lokaal\s+bestuur|stadsbestuur|gemeentebestuur|stad|gemeente|OCMW))\s+"
    rf"(?P<local_name>{_PLACE})"
    rf"|(?P<acronym>{_ABBR})(?=\s*[,:]|\s+vertegenwoordigd|\s*$))"
)
# The opening clauses: "Tussen ... wordt de volgende samenwerkingsovereenkomst gesloten:".
OPENING_START = re.compile(r"\bTussen\b")
OPENING_END = re.compile(
    r"\bwordt\s+(?:een|de\s+volgende|deze|volgende)\s+(?:samenwerkings)?overeenkomst\s+(?:af)?gesloten"
    r"|\bkomen\s+(?:het\s+volgende\s+)?overeen\b|\bwordt\s+(?:het\s+volgende\s+)?overeengekomen\b",
    re.IGNORECASE,
)
REPRESENTED_BY = re.compile(r"\bvertegenwoordigd\s+door\b", re.IGNORECASE)
# A party starts a clause: after "Tussen", "en", ";" or "," or at the start of a paragraph.
_PARTY_BOUNDARY = re.compile(r"(?:^|\n|\b[Tt]ussen|\ben|[;,:])\s*$")
# Signature block: "Voor het lokaal bestuur Zele: ...", "Voor IVSES, de heer ...".
# "Voor" may follow a name on the same line when a PDF runs the signature lines together.
SIGNATURE = re.compile(r"(?<!\S)Voor\s+(?P<ref>[^\n:,]{2,120}?)\s*[:,]\s*")
SIGNATURE_STOP = re.compile(r"\b(?:Addenda|Addendum|Bijlagen?)\s*:", re.IGNORECASE)

_VDAB_FULL = re.compile(r"Arbeidsbemiddeling", re.IGNORECASE)
_ASSOCIATION = re.compile(
    r"vereniging|intercommunale|intergemeentelijk|interlokale|samenwerkingsverband|welzijnsvereniging",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _PartyRef:
    name: str
    short: str
    full_name: str | None
    type: str
    start: int
    end: int


def _party_ref(m: re.Match[str]) -> _PartyRef:
    if m.group("org_abbr"):
        abbr, full = m.group("org_abbr"), " ".join(m.group("org_full").split())
        kind = (
            "vdab"
            if abbr == "VDAB" or _VDAB_FULL.search(full)
            else ("association" if _ASSOCIATION.search(full) else "other")
        )
        return _PartyRef(abbr, abbr, f"{full} ({abbr})", kind, m.start(), m.end())
    if m.group("local_kind"):
        kind_words = " ".join(m.group("local_kind").split())
        kind_words = kind_words if kind_words.isupper() and len(kind_words) <= 4 else kind_words.lower()
        place = _title_place(m.group("local_name"))
        return _PartyRef(f"{kind_words} {place}", place, None, "local_government", m.start(), m.end())
    acronym = m.group("acronym")
    kind = "vdab" if acronym == "VDAB" else "other"
    return _PartyRef(acronym, acronym, None, kind, m.start(), m.end())


def _title_place(place: str) -> str:
    """'MECHELEN' -> 'Mechelen'; other spellings are kept."""
    if place.isupper():
        return "-".join(p.capitalize() for p in place.split("-"))
    return place


def _opening_blocks(doc: _Doc) -> list[tuple[int, int]]:
    """Spans of the opening clauses that name the parties and their representatives."""
    text = doc.text
    # every closing formula and "vertegenwoordigd door" is found once: searching a window after each
    # "Tussen" made a text full of "Tussen" quadratic
    ends = list(OPENING_END.finditer(text))
    end_starts = [e.start() for e in ends]
    reps = list(REPRESENTED_BY.finditer(text))
    rep_starts = [r.start() for r in reps]

    def first_end(after: int, limit: int) -> int | None:
        i = bisect_left(end_starts, after)
        return end_starts[i] if i < len(end_starts) and ends[i].end() <= limit else None

    def reps_between(lo: int, hi: int) -> list[int]:
        return rep_starts[bisect_left(rep_starts, lo) : bisect_left(rep_starts, hi)]

    blocks: list[tuple[int, int]] = []
    for m in OPENING_START.finditer(text):
        if blocks and m.start() < blocks[-1][1]:
            continue
        end = first_end(m.end(), m.end() + 6000)
        window_end = end if end is not None else min(len(text), m.end() + 4000)
        inside = reps_between(m.end(), window_end)
        if not inside:
            continue
        if end is None:
            # without a closing formula the block ends after the last "vertegenwoordigd door" paragraph
            window_end = _paragraph_at(text, inside[-1])[1]
        blocks.append((m.end(), window_end))
    if not blocks and reps:
        # no "Tussen": accept an opening only when it is closed by the agreement formula
        first = reps[0]
        end = first_end(first.end(), first.end() + 6000)
        if end is not None:
            blocks.append((_paragraph_at(text, first.start())[0], end))
    return blocks


def _party_starts(text: str, start: int, end: int) -> list[re.Match[str]]:
    starts: list[re.Match[str]] = []
    pos = start
    while pos < end:
        m = PARTY_START.search(text, pos, end)
        if not m:
            break
        if _PARTY_BOUNDARY.search(text[max(start, m.start() - 12) : m.start()]) or m.start() == start:
            starts.append(m)
            pos = m.end()
        else:
            pos = m.start() + 1
    return starts


def _strip_clause(text: str, start: int, end: int) -> int:
    """End of a clause without trailing 'en', ';', ',' and whitespace."""
    while end > start:
        tail = text[start:end]
        stripped = re.sub(r"(?:[\s;,.]+|\s+en)$", "", tail)
        if stripped == tail:
            break
        end = start + len(stripped)
    return end


def _opening_parties(doc: _Doc) -> list[tuple[_PartyRef, list[Fact]]]:
    text = doc.text
    found: list[tuple[_PartyRef, list[Fact]]] = []
    for b_start, b_end in _opening_blocks(doc):
        starts = _party_starts(text, b_start, b_end)
        if len(starts) < 2:
            continue  # an agreement is made between at least two parties
        for i, m in enumerate(starts):
            seg_end = _strip_clause(text, m.start(), starts[i + 1].start() if i + 1 < len(starts) else b_end)
            rep = REPRESENTED_BY.search(text, m.end(), seg_end)
            if not rep:
                continue
            ref = _party_ref(m)
            reps = [
                _representative(doc, p, "opening", m.start(), seg_end)
                for p in parse_people(text, rep.end(), seg_end)
            ]
            found.append((ref, reps))
    return found


def _representative(doc: _Doc, person: _Person, where: str, clause_start: int, clause_end: int) -> Fact:
    s, e = _clip(doc.text, clause_start, clause_end, person.start, person.end)
    return {"name": person.name, "role": person.role, "where": where, "quote": doc.quote(s, e)}


def _signature_parties(doc: _Doc, excluded: list[tuple[int, int]]) -> list[tuple[_PartyRef, list[Fact]]]:
    """Signature lines "Voor <party>: <names and roles>" outside governance bodies and openings."""
    text = doc.text
    matches = []
    for m in SIGNATURE.finditer(text):
        if any(s <= m.start() < e for s, e in excluded):
            continue
        ref_m = PARTY_START.fullmatch(m.group("ref").strip())
        if ref_m:
            matches.append((m, ref_m))
    found: list[tuple[_PartyRef, list[Fact]]] = []
    for i, (m, ref_m) in enumerate(matches):
        end = _signature_end(doc, m.end(), matches[i + 1][0].start() if i + 1 < len(matches) else len(text))
        people = parse_people(text, m.end(), end)
        if not people:
            continue
        ref = _party_ref(ref_m)
        end = _strip_clause(text, m.start(), end)
        found.append((ref, [_representative(doc, p, "signature", m.start(), end) for p in people]))
    return found


def _signature_end(doc: _Doc, start: int, limit: int) -> int:
    """A signature ends at its paragraph end, or, when the line holds only the party, after the
    next one or two short paragraphs (name and role on lines of their own)."""
    text = doc.text
    p_end = _paragraph_at(text, start)[1]
    end = min(p_end, limit)
    if not text[start:end].strip():
        for _ in range(2):
            if end >= limit or end >= len(text):
                break
            nxt = _paragraph_at(text, min(len(text) - 1, end + 2))[1]
            if nxt - end > 200:
                break
            end = min(nxt, limit)
    stop = SIGNATURE_STOP.search(text, start, end)
    return stop.start() if stop else end


def extract_parties(
    doc: _Doc, governance_spans: list[tuple[int, int]], definitions: list[Fact]
) -> list[Fact]:
    opening = _opening_parties(doc)
    excluded = governance_spans + list(_opening_blocks(doc))
    signature = _signature_parties(doc, excluded)
    full_names = {d["term"]: f"{d['text']} ({d['term']})" for d in definitions}
    parties: dict[str, Fact] = {}
    for ref, reps in opening + signature:
        key = ref.short.lower()
        if key not in parties:
            parties[key] = {
                "name": ref.name,
                "short": ref.short,
                "full_name": ref.full_name or full_names.get(ref.short),
                "type": ref.type,
                "representatives": [],
            }
        party = parties[key]
        if party["full_name"] is None and ref.full_name:
            party["full_name"] = ref.full_name
        party["representatives"].extend(reps)
    return list(parties.values())


# --------------------------------------------------------------------------------------------
# Start, end, duration, termination, disputes
# --------------------------------------------------------------------------------------------

# The clause must be about the agreement (or stand in a "Duur" section).
_CONTRACT_WORDS = re.compile(r"overeenkomst|akkoord|convenant|protocol|contract", re.IGNORECASE)
# "gaat in op 1 oktober 2021", "treedt in werking op ...", "gaat in op datum van goedkeuring ..."
START_CLAUSE = re.compile(
    r"\b(?:gaat|treedt|trad|ging)\s+in\s+(?:werking\s+)?(?:op|vanaf)\s+"
    r"(?P<what>.+?)(?=\s+en\s+(?:loopt|eindigt|duurt|geldt|wordt)\b|[.;,](?:\s|$)|\n|$)"
    rf"|\bmet\s+ingang\s+van\s+(?P<date2>{DATE_SRC})"
    rf"|\bloopt\s+van\s+(?P<date3>{DATE_SRC})\s+tot\b",
    re.IGNORECASE,
)
# "uiterste einddatum 31 december 2025", "loopt tot (en met) 31 december 2025", "eindigt op ..."
END_CLAUSE = re.compile(
    rf"\buiterste\s+einddatum\s+(?:van\s+|op\s+)?(?P<d1>{DATE_SRC})"
    rf"|\b(?:loopt|lopen|duurt|geldt|geldig)\s+(?:\w+\s+){{0,4}}?tot\s+(?:en\s+met\s+)?(?P<d2>{DATE_SRC})"
    rf"|\beindigt\s+(?:\w+\s+){{0,3}}?op\s+(?P<d3>{DATE_SRC})"
    rf"|\beinddatum\s+(?:is\s+|van\s+)?(?P<d4>{DATE_SRC})",
    re.IGNORECASE,
)
# "voor de duur van de legislatuur", "voor een periode van drie jaar", "voor onbepaalde duur"
DURATION_CLAUSE = re.compile(
    r"\bvoor\s+(?:de|een)\s+(?:duur|periode|termijn)\s+van\s+.+?(?=\s+met\b|\s+en\b|[.;,](?:\s|$)|\n|$)"
    r"|\bvoor\s+(?:on)?bepaalde\s+(?:duur|tijd)\b",
    re.IGNORECASE,
)
# "het recht de overeenkomst op te zeggen", "kan worden opgezegd", "opzegtermijn"
TERMINATION_CLAUSE = re.compile(
    r"\bop\s+te\s+zeggen\b|\bopgezegd\b|\bopzeg(?:gen|ging|termijn)\b", re.IGNORECASE
)
# "Betwistingen die voortvloeien uit deze overeenkomst ...", "Geschillen ..."
DISPUTES_CLAUSE = re.compile(r"\b(?:betwistingen|geschillen)\b", re.IGNORECASE)


def _about_agreement(doc: _Doc, pos: int) -> bool:
    s, e = _sentence_at(doc.text, pos)
    return bool(_CONTRACT_WORDS.search(doc.text, s, e)) or "duur" in doc.section_path(pos).lower()


def _rank(doc: _Doc, fact: Fact) -> tuple[bool, bool, int]:
    """Prefer the agreement's own clause over the minutes' summary, then a dated one, then the last."""
    start = fact["quote"]["start"]
    return (not _in_minutes_part(doc, start), fact.get("date") is not None, start)


def extract_start(doc: _Doc) -> list[Fact]:
    facts = []
    for m in START_CLAUSE.finditer(doc.text):
        if not _about_agreement(doc, m.start()):
            continue
        what = m.group("what") or m.group("date2") or m.group("date3")
        date_m = DATE.match(what)
        text, iso = (date_m.group(0), _iso_from_match(date_m)) if date_m else (_excerpt(what, 120), None)
        facts.append({"text": text, "date": iso, "quote": doc.sentence_quote(m.start(), m.end())})
    return facts


def extract_end(doc: _Doc) -> list[Fact]:
    facts = []
    for m in END_CLAUSE.finditer(doc.text):
        if not _about_agreement(doc, m.start()):
            continue
        text = next(m.group(g) for g in ("d1", "d2", "d3", "d4") if m.group(g))
        facts.append({"text": text, "date": iso_date(text), "quote": doc.sentence_quote(m.start(), m.end())})
    return facts


def _best(doc: _Doc, facts: list[Fact]) -> Fact | None:
    return max(facts, key=lambda f: _rank(doc, f)) if facts else None


def _clause_fact(doc: _Doc, pattern: re.Pattern[str], phrase: str) -> Fact | None:
    """The best clause matching `pattern`; `phrase` says what its "text" is: the match itself,
    the sentence up to the end of the clause that holds the match, or the whole sentence."""
    facts = []
    for m in pattern.finditer(doc.text):
        if not _about_agreement(doc, m.start()):
            continue
        s, e = _sentence_bounds(doc.text, m.start(), m.end())
        if phrase == "match":
            text = m.group(0)
        elif phrase == "clause":
            tail = re.search(r",|;|\s+zonder\s+dat\b", doc.text[m.end() : e])
            text = doc.text[s : m.end() + (tail.start() if tail else e - m.end())]
        else:
            text = doc.text[s:e]
        facts.append(
            {"text": _excerpt(text.rstrip(" .;"), 300), "quote": doc.sentence_quote(m.start(), m.end())}
        )
    return _best(doc, facts)


# --------------------------------------------------------------------------------------------
# Governance
# --------------------------------------------------------------------------------------------

# Section titles of governance bodies: "Stuurgroep", "Stuurgroep Activering", "Werkgroepen", ...
GOVERNANCE_TITLE = re.compile(
    r"^(?:De\s+)?(?:Stuurgroep\w*|Werkgroep\w*|Stuurcomit[ée]|Begeleidingscomit[ée]|Comit[ée]\b|"
    r"Kerngroep|Projectgroep|Regiegroep|Operationeel\s+overleg|Beleidsoverleg|Overlegplatform)",
    re.IGNORECASE,
)
_COUNT = r"(?:\d+|een|één|twee|drie|vier|vijf|zes|acht|tien|twaalf)"
# "minstens 1 keer om de twee jaar", "minimaal 3 keer per jaar", "minimum 1x per jaar", "elk kwartaal"
FREQUENCY = re.compile(
    rf"(?:(?:minstens|minimaal|minimum|ten\s+minste|tenminste|maximaal|maximum|gemiddeld|ongeveer|circa)\s+)?"
    rf"{_COUNT}\s*(?:x|keer|maal)\s+(?:per|om\s+de|elke|ieder|elk)\s+(?:{_COUNT}\s+)?"
    r"(?:jaar|jaren|maand|maanden|kwartaal|week|weken|semester|trimester)\b"
    r"|\b(?:elk|elke|ieder|iedere)\s+(?:jaar|maand|kwartaal|week|semester|trimester)\b"
    r"|\b(?:halfjaarlijks|tweejaarlijks|driemaandelijks|tweemaandelijks|maandelijks|jaarlijks|"
    r"wekelijks|trimestrieel|semestrieel)\b",
    re.IGNORECASE,
)
# Frequency words without a count only count when the sentence is about meeting.
_MEETING_WORDS = re.compile(r"samen|vergader|bijeen|overleg", re.IGNORECASE)
# "VDAB nodigt uit", "De stad nodigt de leden uit", "wordt bijeengeroepen door VDAB"
INVITER_ACTIVE = re.compile(
    r"^(?P<who>[A-ZÀ-Ý][^.;:,]{0,40}?)\s+(?:nodigt|roept)\b[^.;]{0,40}?\b(?:uit|samen)\b"
)
INVITER_PASSIVE = re.compile(r"\b(?:uitgenodigd|bijeengeroepen|samengeroepen)\s+door\s+(?P<who>[^.;,]{2,40})")
# Delegations: "Voor VDAB: clustermanager, teamleiders, ..."
MEMBERS = re.compile(r"(?<!\S)Voor\s+(?P<party>[^:\n.]{1,60}?)\s*:\s*")
# Fallback for agreements without governance headings: "De stuurgroep komt ... samen".
_BODY_NOUN = re.compile(r"\b(?:[Dd]e\s+)(?P<body>stuurgroep|werkgroep|stuurcomité|kerngroep|regiegroep)\b")


def _governance_sections(doc: _Doc) -> list[Section]:
    return [
        s
        for s in doc.sections
        if GOVERNANCE_TITLE.match(s.title) and not _in_minutes_part(doc, s.heading_start)
    ]


def extract_governance(doc: _Doc, fallback: bool) -> list[Fact]:
    bodies = [_governance_body(doc, s.title, s.start, s.end) for s in _governance_sections(doc)]
    if not bodies and fallback:
        bodies = _governance_from_sentences(doc)
    return bodies


def _governance_body(doc: _Doc, name: str, start: int, end: int) -> Fact:
    text = doc.text
    first = _sentences(text, *_first_paragraph(text, start, end))
    first_quote = doc.quote(*_clip(text, *first[0], first[0][0], first[0][0])) if first else None
    body: Fact = {
        "body": name,
        "frequency": None,
        "frequency_quote": None,
        "inviter": None,
        "inviter_quote": None,
        "members": _members(doc, start, end),
        "quote": first_quote,
    }
    freq = _frequency(text, start, end)
    if freq:
        body["frequency"], body["frequency_quote"] = (
            freq.group(0),
            doc.sentence_quote(freq.start(), freq.end()),
        )
    inviter = _inviter(text, start, end)
    if inviter:
        body["inviter"], body["inviter_quote"] = inviter[0], doc.sentence_quote(inviter[1], inviter[2])
    return body


def _first_paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    for p_start, p_end in paragraphs(text[start:end]):
        return start + p_start, start + p_end
    return start, start


def _frequency(text: str, start: int, end: int) -> re.Match[str] | None:
    """A counted frequency ("3 keer per jaar") first; else an adverb in a sentence about meeting."""
    matches = list(FREQUENCY.finditer(text, start, end))
    counted = [
        m for m in matches if re.match(rf"(?:\w+\s+)?{_COUNT}\s*(?:x|keer|maal)\b", m.group(0), re.IGNORECASE)
    ]
    if counted:
        return counted[0]
    for m in matches:
        s, e = _sentence_at(text, m.start())
        if _MEETING_WORDS.search(text, s, e):
            return m
    return None


def _inviter(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """(who, match start, match end) of the party that convenes the body."""
    for p_start, p_end in paragraphs(text[start:end]):
        for s, e in _sentences(text, start + p_start, start + p_end):
            sentence = text[s:e]
            m = INVITER_ACTIVE.search(sentence)
            if m:
                return m.group("who").strip(), s + m.start(), s + m.end()
            m = INVITER_PASSIVE.search(sentence)
            if m:
                return m.group("who").strip(), s + m.start(), s + m.end()
    return None


def _members(doc: _Doc, start: int, end: int) -> list[Fact]:
    text = doc.text
    found = list(MEMBERS.finditer(text, start, end))
    members = []
    for i, m in enumerate(found):
        stop = min(_paragraph_at(text, m.end())[1], found[i + 1].start() if i + 1 < len(found) else end, end)
        stop = _strip_clause(text, m.end(), stop)
        party = re.sub(r"^(?:het|de)\s+", "", m.group("party").strip(), flags=re.IGNORECASE)
        members.append(
            {
                "party": party,
                "text": " ".join(text[m.end() : stop].split()),
                "quote": doc.quote(*_clip(text, m.start(), stop, m.start(), m.end())),
            }
        )
    return members


def _governance_from_sentences(doc: _Doc) -> list[Fact]:
    text = doc.text
    bodies: dict[str, Fact] = {}
    for m in _BODY_NOUN.finditer(text):
        if _in_minutes_part(doc, m.start()):
            continue
        s, e = _sentence_at(text, m.start())
        if not FREQUENCY.search(text, s, e) or not _MEETING_WORDS.search(text, s, e):
            continue
        name = m.group("body").capitalize()
        if name not in bodies:
            bodies[name] = _governance_body(doc, name, s, e)
    return list(bodies.values())


# --------------------------------------------------------------------------------------------
# Council minutes
# --------------------------------------------------------------------------------------------

COUNCILS = {
    "gemeenteraad": "Gemeenteraad",
    "raad voor maatschappelijk welzijn": "Raad voor maatschappelijk welzijn",
    "ocmw-raad": "OCMW-raad",
    "college van burgemeester en schepenen": "College van burgemeester en schepenen",
    "schepencollege": "College van burgemeester en schepenen",
    "vast bureau": "Vast bureau",
    "districtsraad": "Districtsraad",
    "provincieraad": "Provincieraad",
    "raad van bestuur": "Raad van bestuur",
    "algemene vergadering": "Algemene vergadering",
}
# The council heads the minutes: "Gemeenteraad – Uittreksel ...",
# "Uittreksel uit de notulen van de gemeenteraad"
COUNCIL = re.compile(
    r"(?:^|\n|\b(?:notulen|zitting|vergadering|besluitenlijst)\s+van\s+(?:de|het)\s+)"
    r"(" + "|".join(re.escape(c) for c in COUNCILS) + r")\b",
    re.IGNORECASE,
)
# "STAD MECHELEN", "gemeente Lokeren"
MUNICIPALITY = re.compile(rf"\b(?i:stad|gemeente|stadsbestuur|gemeentebestuur)\s+(?P<name>{_PLACE})")
# "Mechelen, 3 maart 2021" (place and date above the signatures)
PLACE_DATE = re.compile(rf"(?m)^(?P<name>[A-ZÀ-Ý][\w'’-]+),\s+{DATE_SRC}")
# "Vergadering van 1 maart 2021", "Zitting van maandag 14 juni 2022"
MEETING_DATE = re.compile(
    rf"\b(?:vergadering|zitting)\s+van\s+(?:{_WEEKDAY}\s+)?(?P<date>{DATE_SRC})", re.IGNORECASE
)
# "24. TEWERKSTELLING. Goedkeuring ..." (the agenda item's number and title)
AGENDA_ITEM = re.compile(
    r"^(?P<number>\d{1,3})\.\s+(?P<title>[A-ZÀ-Ý][A-ZÀ-Ý&'’\- ]{2,}[A-ZÀ-Ý]\s*[.:].*)$", re.DOTALL
)
AGENDA_ITEM_LOOSE = re.compile(
    r"^(?:(?:Agendapunt|Punt)\s+)?(?P<number>\d{1,3})[.:]\s+(?P<title>[A-ZÀ-Ý].*)$", re.DOTALL
)
# Where the body of the minutes starts: the agenda item comes before it.
_MINUTES_BODY = re.compile(
    r"(?m)^(?:Motivering|Voorgeschiedenis|Gelet op|Overwegende|Besluit|De gemeenteraad,)"
)
_VOTE_END = re.compile(r"\s*(?:De beslissing wordt genomen|Het besluit wordt genomen)\b")
# "met eenparigheid van stemmen", "met 20 stemmen voor, 3 onthoudingen", "unaniem goedgekeurd"
_N = r"(?P<{}>\d+)"
VOTE = re.compile(
    r"\bmet\s+eenparigheid\s+van\s+(?:de\s+)?(?:uitgebrachte\s+)?stemmen\b"
    r"|\b(?:unaniem|eenparig)\s+(?:goedgekeurd|aangenomen)\b"
    r"|\bmet\s+" + _N.format("yes") + r"\s+(?:stemmen\s+voor|ja-stemmen)"
    r"(?:(?:\s*,\s*|\s+en\s+)(?:" + _N.format("no") + r"\s+(?:stemmen\s+tegen|tegenstemmen|neen-stemmen)"
    r"|" + _N.format("abstain") + r"\s+onthoudingen?))*",
    re.IGNORECASE,
)
# "Namens de gemeenteraad:" and "Voor eensluidend uittreksel:" open the two signature blocks.
NAMENS_BLOCK = re.compile(r"\b[Nn]amens\s+de\s+(?:gemeenteraad|raad|vergadering|college)\s*[:,]")
UITTREKSEL_BLOCK = re.compile(r"\bVoor\s+eensluidend\s+(?:uittreksel|afschrift)\s*[:,]?", re.IGNORECASE)
_BLOCK_STOP = re.compile(r"^(?:Samenwerkingsovereenkomst|Bijlage|Tussen|Overeenkomst)\b")
_BULLET = re.compile(r"^(?:[-–•·▪*+]|\d{1,2}[.)])\s+")
_DECISION_WORDS = re.compile(r"beslissing|besluit", re.IGNORECASE)
ARTICLE = re.compile(r"^Art(?:ikel|\.)\s*(?P<number>\d+)\s*[.:]?\s*", re.IGNORECASE)
_ARTICLE_STOP = re.compile(
    r"^(?:\(bijlage\)|Namens|Voor eensluidend|Bijlage|Samenwerkingsovereenkomst)", re.IGNORECASE
)
FINANCIAL = re.compile(r"^Financi[eë]le\s+(?:gevolgen|impact|weerslag)\s*:?\s*", re.IGNORECASE)


def extract_minutes(doc: _Doc) -> Fact:
    text = doc.text
    agenda = _agenda_item(doc)
    head_end = agenda["quote"]["start"] if agenda else min(len(text), 1500)
    council_m = COUNCIL.search(text, 0, max(head_end, 600))
    return {
        "council": COUNCILS[council_m.group(1).lower()] if council_m else None,
        "municipality": _municipality(text, max(head_end, 600)),
        "meeting_date": _meeting_date(doc),
        "agenda_item": agenda,
        "vote": _vote(doc),
        "history": _history(doc),
        "decision_articles": _decision_articles(doc),
        "signatories": _minutes_signatories(doc),
        "financial": _financial(doc),
    }


def _municipality(text: str, head_end: int) -> str | None:
    m = MUNICIPALITY.search(text, 0, head_end) or PLACE_DATE.search(text)
    return _title_place(m.group("name")) if m else None


def _meeting_date(doc: _Doc) -> Fact | None:
    m = MEETING_DATE.search(doc.text)
    if not m:
        return None
    date_text, iso = _date_fact(m.group("date"))
    return {"text": date_text, "date": iso, "quote": doc.sentence_quote(m.start(), m.end())}


def _agenda_item(doc: _Doc) -> Fact | None:
    text = doc.text
    body = _MINUTES_BODY.search(text)
    # a loosely written item ("12. Werk. Goedkeuring ...") only counts above the body of the minutes
    patterns = (AGENDA_ITEM, AGENDA_ITEM_LOOSE) if body else (AGENDA_ITEM,)
    for pattern in patterns:
        for p_start, p_end in doc.paragraphs:
            if pattern is AGENDA_ITEM_LOOSE and body and p_start >= body.start():
                break
            m = pattern.match(text[p_start:p_end])
            if not m:
                continue
            title_start = p_start + m.start("title")
            vote = _VOTE_END.search(text, title_start, p_end)
            title_end = _strip_clause(text, title_start, vote.start() if vote else p_end)
            return {
                "number": m.group("number"),
                "title": " ".join(text[title_start:title_end].split()),
                "quote": doc.quote(*_clip(text, p_start, title_end, p_start, title_end)),
            }
    return None


def _vote(doc: _Doc) -> Fact | None:
    m = VOTE.search(doc.text)
    if not m:
        return None
    counts = {k: int(m.group(k)) if m.group(k) else None for k in ("yes", "no", "abstain")}
    return {
        "text": m.group(0),
        "for": counts["yes"],
        "against": counts["no"],
        "abstentions": counts["abstain"],
        "quote": doc.sentence_quote(m.start(), m.end()),
    }


def _heading_paragraph(doc: _Doc, pattern: str) -> tuple[int, int] | None:
    for p_start, p_end in doc.paragraphs:
        if re.fullmatch(pattern, doc.text[p_start:p_end].strip(), re.IGNORECASE):
            return p_start, p_end
    return None


def _history(doc: _Doc) -> list[Fact]:
    """Items under "Voorgeschiedenis": dated steps, the earlier decisions marked."""
    heading = _heading_paragraph(doc, r"Voorgeschiedenis\s*:?")
    if not heading:
        return []
    text = doc.text
    end = doc.next_boundary(heading[1])
    items = []
    for p_start, p_end in doc.paragraphs:
        if p_start < heading[1] or p_start >= end:
            continue
        bullet = _BULLET.match(text[p_start:p_end])
        item_start = p_start + (bullet.end() if bullet else 0)
        items.append(_history_item(doc, item_start, p_end))
    return items


def _history_item(doc: _Doc, start: int, end: int) -> Fact:
    item = doc.text[start:end]
    colon = item.find(":")
    head = item[:colon] if 0 <= colon < 120 else item[:120]
    full = DATE.search(head)
    period = MONTH_RANGE.search(head)
    month = MONTH_YEAR.search(head)
    if full and not period:
        date_text, iso = full.group(0), _iso_from_match(full)
    elif period:
        date_text, iso = period.group(0), None
    elif month:
        date_text = month.group(0)
        iso = f"{month.group('year')}-{MONTHS[month.group('month').lower()]:02d}"
    else:
        date_text, iso = None, None
    return {
        "date_text": date_text,
        "date": iso,
        "text": " ".join(item.split()),
        "decision": bool(_DECISION_WORDS.search(head)),
        "quote": doc.quote(*_clip(doc.text, start, end, start, min(end, start + len(head) + 1))),
    }


def _decision_articles(doc: _Doc) -> list[Fact]:
    """ "Artikel N" after the "Besluit" heading, up to the signatures."""
    text = doc.text
    besluit = next((p for p in doc.paragraphs if re.match(r"^Besluit\b", text[p[0] : p[1]])), None)
    if not besluit:
        return []
    articles: list[Fact] = []
    seen: set[str] = set()
    paras = [p for p in doc.paragraphs if p[0] >= besluit[0]]
    for i, (p_start, p_end) in enumerate(paras):
        m = ARTICLE.match(text[p_start:p_end])
        if not m:
            if _ARTICLE_STOP.match(text[p_start:p_end]) and articles:
                break
            continue
        if m.group("number") in seen:
            break
        seen.add(m.group("number"))
        body_start, body_end = p_start + m.end(), p_end
        if body_start >= p_end and i + 1 < len(paras):  # "Artikel 1" on a line of its own
            nxt = paras[i + 1]
            if not ARTICLE.match(text[nxt[0] : nxt[1]]) and not _ARTICLE_STOP.match(text[nxt[0] : nxt[1]]):
                body_start, body_end = nxt
        articles.append(
            {
                "number": m.group("number"),
                "text": " ".join(text[body_start:body_end].split()),
                "quote": doc.quote(*_clip(text, body_start, body_end, body_start, body_start)),
            }
        )
    return articles


def _signature_block_spans(doc: _Doc) -> list[tuple[str, int, int]]:
    """("namens" | "uittreksel", start, end) of the minutes' signature blocks."""
    text = doc.text
    uittreksel = [("uittreksel", m.end(), _block_end(doc, m.end())) for m in UITTREKSEL_BLOCK.finditer(text)]
    spans = list(uittreksel)
    for m in NAMENS_BLOCK.finditer(text):
        if any(s - 40 <= m.start() < e for _, s, e in uittreksel):
            continue  # "NAMENS DE GEMEENTERAAD:" inside the extract's block
        end = _block_end(doc, m.end())
        nxt = UITTREKSEL_BLOCK.search(text, m.end(), end)
        spans.append(("namens", m.end(), nxt.start() if nxt else end))
    return sorted(spans, key=lambda s: s[1])


def _block_end(doc: _Doc, start: int) -> int:
    """A signature block runs over short paragraphs until an annex, a long paragraph or 10 paragraphs."""
    end = start
    count = 0
    for p_start, p_end in doc.paragraphs:
        if p_end <= start:
            continue
        piece = doc.text[max(p_start, start) : p_end].strip()
        if count and (len(piece) > 150 or _BLOCK_STOP.match(piece) or ARTICLE.match(piece)):
            break
        end, count = p_end, count + 1
        if count >= 10:
            break
    return end


def _minutes_signatories(doc: _Doc) -> list[Fact]:
    """Signatories of the minutes, line by line: "De voorzitter (get.) Fabienne Blavier",
    "Erik Laga algemeen directeur", "de algemeen directeur, Els Verbeke", or a role on the line above."""
    text = doc.text
    people = []
    for block, start, end in _signature_block_spans(doc):
        for p_start, p_end in doc.paragraphs:
            lo, hi = max(p_start, start), min(p_end, end)
            if lo >= hi:
                continue
            for person in parse_people(text, lo, hi):
                role = person.role
                q_start, q_end = person.span_start, person.span_end
                if role is None:
                    # "Erik Laga" / "algemeen directeur": a lower-case role line below the name wins;
                    # "De voorzitter" / "(get.) Fabienne Blavier": otherwise the role line above
                    below = _role_paragraph_after(doc, p_end, end)
                    if below is not None:
                        role, q_end = below
                    else:
                        role = _role_paragraph_before(doc, p_start, start)
                        if role is not None:
                            q_start = _paragraph_at(text, p_start - 3)[0]
                s, e = _clip(text, q_start, q_end, person.start, person.end)
                people.append({"name": person.name, "role": role, "block": block, "quote": doc.quote(s, e)})
    return people


def _role_paragraph_after(doc: _Doc, p_end: int, block_end: int) -> tuple[str, int] | None:
    """A lower-case role on the line just below a name ("Erik Laga" / "algemeen directeur")."""
    if p_end + 2 >= block_end:
        return None
    next_start, next_end = _paragraph_at(doc.text, p_end + 2)
    nxt = doc.text[next_start : min(next_end, block_end)].strip()
    if not nxt or not nxt[0].islower() or len(nxt.split()) > 5:
        return None
    if any(_valid_name(m.group(0)) for m in PERSON_NAME.finditer(nxt)):
        return None
    role = _clean_role(nxt)
    return (role, next_end) if role else None


def _role_paragraph_before(doc: _Doc, p_start: int, block_start: int) -> str | None:
    """A role on a line of its own just above a name ("De voorzitter" / "(get.) Fabienne Blavier")."""
    if p_start - 2 <= block_start:
        return None
    prev_start, prev_end = _paragraph_at(doc.text, p_start - 3)
    prev = doc.text[max(prev_start, block_start) : prev_end]
    if prev.rstrip().endswith(":") or any(_valid_name(m.group(0)) for m in PERSON_NAME.finditer(prev)):
        return None
    return _clean_role(prev) if len(prev.split()) <= 5 else None


def _financial(doc: _Doc) -> Fact | None:
    text = doc.text
    for i, (p_start, p_end) in enumerate(doc.paragraphs):
        m = FINANCIAL.match(text[p_start:p_end])
        if not m:
            continue
        start, end = p_start + m.end(), p_end
        if start >= p_end and i + 1 < len(doc.paragraphs):
            start, end = doc.paragraphs[i + 1]
        s, e = _clip(text, start, end, start, start)
        return {"text": _excerpt(text[start:end], 300), "quote": doc.quote(s, e)}
    return None


# --------------------------------------------------------------------------------------------
# Actions, ambitions
# --------------------------------------------------------------------------------------------

DEEL = re.compile(r"^Deel\s+(?:[IVXLC]+|\d+)\b")
# 'Thema “Meer mensen aan de slag”', "Thema 2: Werkgevers"
THEME = re.compile(r"^(?:Thema|Ambitie)\s*\d*\s*[:.\-–]?\s*[“\"'‘„]?(?P<title>[^“”\"'‘’„]+?)[”\"'’]?\s*$")
# "Actiedomein 2 - Het lokaal bestuur en VDAB werken samen aan ..."
DOMAIN = re.compile(r"^Actiedomein\s+(?P<number>\d+)\s*[-–—:.]?\s*(?P<title>.*)$")
# "Actie 2.1 - Werken aan reële drempels naar de arbeidsmarkt toe", "Actie 3: Jobbeurs"
ACTION = re.compile(r"^Actie\s+(?P<number>\d+(?:\.\d+)*)\.?(?P<sep>\s*[-–—:]\s*|\s+)(?P<title>\S.*)$")
# "2.1.4 Mobiliteit"
SUBITEM = re.compile(r"^(?P<number>\d+\.\d+\.\d+)\.?\s+(?P<title>\S.{0,78})$")
# "Er zijn drie centrale ambities:" followed by a numbered list
AMBITIONS_INTRO = re.compile(r"ambitie|ambities", re.IGNORECASE)
NUMBERED_ITEM = re.compile(r"^\d{1,2}[.)]\s+(?P<item>\S.*)$")
MAX_HEADING = 200


@dataclass
class _Action:
    number: str
    title: str
    theme: str | None
    domain: Fact | None
    heading: tuple[int, int]
    end: int
    subitems: list[tuple[str, str, tuple[int, int], int]]  # number, title, heading span, end


def _action_heading(text: str) -> re.Match[str] | None:
    if len(text) > MAX_HEADING or "\n" in text:
        return None
    m = ACTION.match(text)
    if m and (m.group("sep").strip() or m.group("title")[0].isupper()):
        return m
    return None


def extract_actions(doc: _Doc) -> list[Fact]:
    text = doc.text
    headings = {s.heading_start for s in doc.sections}
    theme: str | None = None
    domain: Fact | None = None
    actions: list[_Action] = []
    current: _Action | None = None
    for p_start, p_end in doc.paragraphs:
        para = text[p_start:p_end]
        short = len(para) <= MAX_HEADING and "\n" not in para
        is_heading = p_start in headings or (short and not para.rstrip().endswith("."))
        if short and DEEL.match(para):
            theme = domain = current = None
        elif short and is_heading and (m := THEME.match(para)):
            theme, domain, current = m.group("title").strip(), None, None
        elif short and (m := DOMAIN.match(para)):
            domain = {"number": m.group("number"), "title": m.group("title").strip() or None}
            current = None
        elif m := _action_heading(para):
            current = _Action(
                m.group("number"), m.group("title").strip(), theme, domain, (p_start, p_end), p_end, []
            )
            actions.append(current)
        elif (
            current
            and short
            and (m := SUBITEM.match(para))
            and m.group("number").startswith(current.number + ".")
        ):
            current.subitems.append((m.group("number"), m.group("title").strip(), (p_start, p_end), p_end))
            current.end = p_end
        elif p_start in headings:
            current = None
        elif current:
            current.end = p_end
            if current.subitems:
                number, title, span, _ = current.subitems[-1]
                current.subitems[-1] = (number, title, span, p_end)
    return [_action_fact(doc, a) for a in _dedupe_actions(actions)]


def _dedupe_actions(actions: list[_Action]) -> list[_Action]:
    """Each action number once: the occurrence with the longest body (the agreement's own text,
    not an overview list), in document order."""
    best: dict[str, _Action] = {}
    for a in actions:
        if a.number not in best or (a.end - a.heading[1]) > (best[a.number].end - best[a.number].heading[1]):
            best[a.number] = a
    return sorted(best.values(), key=lambda a: a.heading[0])


def _action_fact(doc: _Doc, action: _Action) -> Fact:
    text = doc.text
    return {
        "number": action.number,
        "title": action.title,
        "theme": action.theme,
        "domain": action.domain,
        "text": _excerpt(text[action.heading[1] : action.end], ACTION_TEXT_CHARS),
        "subitems": [
            {
                "number": number,
                "title": title,
                "text": _excerpt(text[span[1] : end], SUBITEM_TEXT_CHARS),
                "quote": doc.quote(*span),
            }
            for number, title, span, end in action.subitems
        ],
        "quote": doc.quote(*action.heading),
    }


def extract_ambitions(doc: _Doc, actions: list[Fact]) -> list[str]:
    text = doc.text
    items: list[str] = []
    for i, (p_start, p_end) in enumerate(doc.paragraphs):
        para = text[p_start:p_end].rstrip()
        if not (para.endswith(":") and AMBITIONS_INTRO.search(para)):
            continue
        for q_start, q_end in doc.paragraphs[i + 1 :]:
            m = NUMBERED_ITEM.match(text[q_start:q_end])
            if not m:
                break
            items.append(" ".join(m.group("item").split()).rstrip("."))
    if not items:
        items = [a["theme"] for a in actions if a["theme"]]
    return _dedupe_prefixes(items)


def _ambition_quote(doc: _Doc, ambition: str) -> Fact | None:
    """The first place the ambition is written, quoted as its own line."""
    pos = doc.text.find(ambition)
    if pos < 0:
        return None
    start, end = _paragraph_at(doc.text, pos)
    return doc.quote(start, end)


def _dedupe_prefixes(items: Iterable[str]) -> list[str]:
    """Unique items in order; an item that extends another one (text run on in a PDF) is dropped."""
    unique: list[str] = []
    for item in items:
        if item in unique:
            continue
        if any(item.startswith(u + " ") for u in unique):
            continue
        unique = [u if not u.startswith(item + " ") else item for u in unique]
        if item not in unique:
            unique.append(item)
    return unique


# --------------------------------------------------------------------------------------------
# Definitions
# --------------------------------------------------------------------------------------------

# "Interlokale Vereniging Sociale Economie Scheldeland (IVSES)"
DEFINITION = re.compile(rf"(?P<long>{_ORG_WORDS})\s*\((?P<abbr>{_ABBR})\)")
_SMALL_WORDS = {"voor", "van", "en", "de", "der", "het", "in", "op"}


def _matches_abbreviation(words: list[str], abbr: str) -> bool:
    """The abbreviation is made of the capitalised words' initials (or letters from them, in order)."""
    capitals = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not capitals or capitals[0][0].upper() != abbr[0]:
        return False
    letters = re.sub(r"[^A-Z0-9]", "", abbr)
    if "".join(w[0].upper() for w in capitals) == letters:
        return True
    pos, joined = 0, " ".join(capitals).upper()
    for ch in letters:
        pos = joined.find(ch, pos)
        if pos < 0:
            return False
        pos += 1
    return True


def extract_definitions(doc: _Doc) -> list[Fact]:
    definitions: dict[str, Fact] = {}
    for m in DEFINITION.finditer(doc.text):
        abbr = m.group("abbr")
        if abbr in definitions:
            continue
        words = list(re.finditer(r"\S+", m.group("long")))
        # drop leading words until the initials fit ("Goedkeuring Vlaamse Dienst ..." -> "Vlaamse ...")
        for skip in range(len(words) - 1):
            rest = [w.group(0) for w in words[skip:]]
            if rest[0].lower() not in _SMALL_WORDS and _matches_abbreviation(rest, abbr):
                break
        else:
            continue
        long_start = m.start("long") + words[skip].start()
        definitions[abbr] = {
            "term": abbr,
            "text": " ".join(rest),
            "quote": doc.sentence_quote(long_start, m.end()),
        }
    return list(definitions.values())


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def extract_facts(clean: CleanText, sections: list[Section], kind: str) -> dict[str, Any]:
    """Structured facts of one document; `kind` is "agreement", "minutes" or "other".

    Minutes may carry the agreement they approve as an annex: both are extracted."""
    boundaries = frozenset({s.heading_start for s in sections} | {s.end for s in sections})
    doc = _Doc(
        clean, sorted(sections, key=lambda s: s.heading_start), list(paragraphs(clean.text)), boundaries
    )
    definitions = extract_definitions(doc)
    governance_spans = [(s.heading_start, s.end) for s in _governance_sections(doc)]
    parties = extract_parties(doc, governance_spans, definitions)
    starts = extract_start(doc)
    ends = extract_end(doc)
    actions = extract_actions(doc)
    facts: dict[str, Any] = {
        "parties": parties,
        "start": _best(doc, starts),
        "start_all": starts,
        "end": _best(doc, ends),
        "end_all": ends,
        "duration": _clause_fact(doc, DURATION_CLAUSE, "match"),
        "termination": _clause_fact(doc, TERMINATION_CLAUSE, "clause"),
        "disputes": _clause_fact(doc, DISPUTES_CLAUSE, "sentence"),
        "governance": extract_governance(doc, fallback=bool(parties)),
        "minutes": extract_minutes(doc) if kind == "minutes" else None,
        "actions": actions,
        "definitions": definitions,
    }
    facts["ambitions"] = extract_ambitions(doc, actions)
    facts["ambition_quotes"] = [_ambition_quote(doc, a) for a in facts["ambitions"]]
    logger.debug(
        "facts: %d parties, %d governance bodies, %d actions, start=%s, end=%s",
        len(parties),
        len(facts["governance"]),
        len(actions),
        facts["start"] and facts["start"]["text"],
        facts["end"] and facts["end"]["text"],
    )
    return facts
