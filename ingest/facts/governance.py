"""Governance bodies of an agreement or regulation: steering groups, boards, committees; how often
they meet, who convenes them and who sits in them."""

from __future__ import annotations

import re

from ingest.chunk import paragraphs
from ingest.facts.model import Body, Member
from ingest.facts.text import Doc, clip, paragraph_at, sentence_at, sentences, strip_clause
from ingest.genre import genre
from ingest.records import Section

# Section titles of governance bodies: "Stuurgroep", "Stuurgroep Activering", "Werkgroepen", ...
# (after a heading number: "Hoofdstuk III. Het algemeen bestuur", "Afdeling 2 Dagelijks bestuur")
GOVERNANCE_TITLE = re.compile(
    r"^(?:(?:Hoofdstuk|Afdeling|Paragraaf|Titel|Deel|Artikel)\s+[\dIVXLC.]+\w*\s*[.:\-–]?\s*)?(?:De\s+|Het\s+)?"
    r"(?:Stuurgroep\w*|Werkgroep\w*|Stuurcomit[ée]|Begeleidingscomit[ée]|Comit[ée]\b|Kerngroep|Projectgroep|"
    r"Regiegroep|Operationeel\s+overleg|Beleidsoverleg|Overlegplatform|Algemeen\s+bestuur|Dagelijks\s+bestuur|"
    r"Raad\s+van\s+bestuur|Algemene\s+vergadering|Bestuur\b|Commissie\b|Directiecomit[ée])",
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
    r"wekelijks|trimestrieel|semestrieel)\b"
    r"|\bzo\s+(?:dikwijls|vaak)\s+als\b[^.;]{0,80}",
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
_BODY_NOUN = re.compile(r"\b(?:[Dd]e\s+|[Hh]et\s+)(?P<body>stuurgroep|werkgroep|stuurcomité|kerngroep|regiegroep|algemeen\s+bestuur|dagelijks\s+bestuur|commissie)\b")


def governance_sections(doc: Doc) -> list[Section]:
    return [
        s
        for s in doc.sections
        if GOVERNANCE_TITLE.match(s.title) and not doc.in_decision_part(s.heading_start)
    ]


def extract_governance(doc: Doc, fallback: bool) -> list[Body]:
    bodies = [_governance_body(doc, s.title, s.start, s.end) for s in governance_sections(doc)]
    if not bodies and fallback:
        bodies = _governance_from_sentences(doc)
    return bodies


def _governance_body(doc: Doc, name: str, start: int, end: int) -> Body:
    text = doc.text
    first = sentences(text, *_first_paragraph(text, start, end))
    first_quote = doc.quote(*clip(text, *first[0], first[0][0], first[0][0])) if first else None
    freq = _frequency(text, start, end)
    inviter = _inviter(text, start, end)
    return Body(
        body=name,
        frequency=freq.group(0) if freq else None,
        frequency_quote=doc.sentence_quote(freq.start(), freq.end()) if freq else None,
        inviter=inviter[0] if inviter else None,
        inviter_quote=doc.sentence_quote(inviter[1], inviter[2]) if inviter else None,
        members=_members(doc, start, end),
        quote=first_quote,
    )


def _first_paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    for p_start, p_end in paragraphs(text[start:end]):
        return start + p_start, start + p_end
    return start, start


def _frequency(text: str, start: int, end: int) -> re.Match[str] | None:
    """A counted frequency ("3 keer per jaar") first; else an adverb in a sentence about meeting.
    A frequency in a sentence about a guest of the body ("X wordt 1x per jaar uitgenodigd op de
    stuurgroep", genre.toml [governance]) says how often the guest comes: it is skipped."""
    matches = [m for m in FREQUENCY.finditer(text, start, end) if not _about_a_guest(text, m.start())]
    counted = [
        m for m in matches if re.match(rf"(?:\w+\s+)?{_COUNT}\s*(?:x|keer|maal)\b", m.group(0), re.IGNORECASE)
    ]
    if counted:
        return counted[0]
    for m in matches:
        s, e = sentence_at(text, m.start())
        if _MEETING_WORDS.search(text, s, e):
            return m
    return None


def _about_a_guest(text: str, at: int) -> bool:
    s, e = sentence_at(text, at)
    sentence = text[s:e]
    return any(p.search(sentence) for p in genre().guest) and not _MEETING_WORDS.search(sentence)


def _inviter(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """(who, match start, match end) of the party that convenes the body."""
    for p_start, p_end in paragraphs(text[start:end]):
        for s, e in sentences(text, start + p_start, start + p_end):
            sentence = text[s:e]
            m = INVITER_ACTIVE.search(sentence)
            if m:
                return m.group("who").strip(), s + m.start(), s + m.end()
            m = INVITER_PASSIVE.search(sentence)
            if m:
                return m.group("who").strip(), s + m.start(), s + m.end()
    return None


def _members(doc: Doc, start: int, end: int) -> list[Member]:
    text = doc.text
    found = list(MEMBERS.finditer(text, start, end))
    members = []
    for i, m in enumerate(found):
        stop = min(paragraph_at(text, m.end())[1], found[i + 1].start() if i + 1 < len(found) else end, end)
        stop = strip_clause(text, m.end(), stop)
        party = re.sub(r"^(?:het|de)\s+", "", m.group("party").strip(), flags=re.IGNORECASE)
        members.append(Member(party=party, text=" ".join(text[m.end() : stop].split()),
                              quote=doc.quote(*clip(text, m.start(), stop, m.start(), m.end()))))
    return members


def _governance_from_sentences(doc: Doc) -> list[Body]:
    text = doc.text
    bodies: dict[str, Body] = {}
    for m in _BODY_NOUN.finditer(text):
        if doc.in_decision_part(m.start()):
            continue
        s, e = sentence_at(text, m.start())
        if not FREQUENCY.search(text, s, e) or not _MEETING_WORDS.search(text, s, e):
            continue
        name = " ".join(m.group("body").split()).capitalize()
        if name not in bodies:
            bodies[name] = _governance_body(doc, name, s, e)
    return list(bodies.values())
