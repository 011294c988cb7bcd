"""Governance bodies of an agreement or regulation: steering groups, boards, committees; how often
they meet, who convenes them and who sits in them."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from ingest.chunk import paragraphs
from ingest.facts.model import Body, Member, Person
from ingest.facts.text import Doc, clip, paragraph_at, sentence_at, sentences, strip_clause
from ingest.genre import fold, genre
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


# -- composition and appointments -----------------------------------------------------------------

# a list marker in front of a sentence or list item: "1.", "(2)", "a)", "3°", "§ 2.", "-", "•"
_MARKER = re.compile(r"\s*(?:[-–−•·▪*]\s*|§\s*\d+\.?\s*|\(?(?:\d{1,2}|[a-z])[.)°]\s*)")


@lru_cache(maxsize=1)
def _composition_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A sentence opening with a body and the verb of its composition ("Het algemeen bestuur bestaat
    uit", "De commissie is samengesteld uit", "De raad van bestuur telt", "Een geschillencommissie als
    bedoeld in artikel 7 bestaat uit:"), and a body followed by a relative clause anywhere in a
    sentence ("... een scheidsgerecht dat bestaat uit vijf arbiters", "een commissie die toezicht houdt
    op ..., bestaande uit drie personen:")."""
    g = genre()
    bodies = "|".join(re.escape(b) for b in sorted(g.bodies, key=len, reverse=True))
    # the body, a name after it ("De directie IVV", "De Taskforce Zorg"), "van/voor ..." or "als bedoeld in ..."
    body = (rf"(?:[\w-]+\s+){{0,3}}?[\w-]*?(?:{bodies})\w*(?:\s+(?-i:[A-ZÀ-Ý][\w-]*)){{0,3}}"
            rf"(?:\s+(?:van|voor|als\s+bedoeld\s+in)\s+[^,.;:]{{1,60}}?)?")
    opening = re.compile(rf"(?P<body>(?:De|Het|Een)\s+{body})(?:,\s*[^,.;:]{{3,80}},)?\s+(?:{g.composition.pattern})\s*"
                         r"(?P<what>[^.;]{0,300})", re.IGNORECASE)
    relative = re.compile(rf"\b(?P<body>(?:de|het|een)\s+{body})(?:,?\s+(?:dat|die)\s+(?:{g.composition.pattern})"
                          rf"|(?:(?:\s+\w+)?\s+(?:dat|die)\s+[^.;:]{{0,160}}?)?,\s*(?:{g.composition_participle.pattern}))\s*"
                          r"(?P<what>[^.;]{3,300})", re.IGNORECASE)
    return opening, relative


def with_compositions(doc: Doc, bodies: list[Body]) -> list[Body]:
    """The bodies with what they consist of, where a sentence says it ("Het algemeen bestuur bestaat
    uit vier leden."), or the list after it ("De Taskforce bestaat uit de volgende leden:"): a body
    found by its section gets the composition stated in that section, any other body so described is
    added (regulations and statutes describe their bodies in articles)."""
    text = doc.text
    opening, relative = _composition_patterns()
    out = list(bodies)
    for k, (p_start, p_end) in enumerate(doc.paragraphs):
        for s, e in sentences(text, p_start, p_end):
            marker = _MARKER.match(text, s, e)
            m = opening.match(text, marker.end() if marker else s, e) or relative.search(text, s, e)
            if not m:
                continue
            what, end = " ".join(m.group("what").split()).rstrip(" ,"), e
            if not what.rstrip(":") or what.endswith(":"):
                items = (_list_after(doc, k, lambda item: not item.endswith("."), limit=12)
                         if text[s:e].rstrip().endswith(":") else [])
                if not items:
                    continue
                lead, listed = what.rstrip(":").strip(), "; ".join(_item_text(text, *i).rstrip(" ;,.") for i in items)
                what = f"{lead}: {listed}" if lead else listed
                end = items[-1][1]
            name = " ".join(re.sub(r"^(?:de|het|een)\s+|\s+als\s+bedoeld\s+in\b.*$", "", m.group("body"),
                                   flags=re.IGNORECASE).split())
            update = {"composition": what.rstrip(" ,:;."),
                      "composition_quote": doc.quote(*clip(text, m.start(), end, m.start(), e))}
            path = fold(doc.section_path(s))
            i = next((i for i, b in enumerate(out) if fold(b.body) in path or fold(b.body) == fold(name)), None)
            if i is None:
                out.append(Body(body=name[:1].upper() + name[1:], quote=update["composition_quote"], **update))
            elif out[i].composition is None:
                out[i] = out[i].model_copy(update=update)
    return out


def _list_after(doc: Doc, k: int, goes_on: Callable[[str], bool], limit: int = 40) -> list[tuple[int, int]]:
    """The spans of the short list items in the paragraphs after paragraph `k`, within its section, up
    to the first item after which the list does not go on (`goes_on(item)`)."""
    text = doc.text
    section_end = doc.next_boundary(doc.paragraphs[k][1])
    items: list[tuple[int, int]] = []
    for q_start, q_end in doc.paragraphs[k + 1 : k + 1 + limit]:
        item = text[q_start:q_end].strip()
        if not item or len(item) > 200 or q_start >= section_end or item.startswith(("Artikel", "Hoofdstuk", "§")):
            break
        items.append((q_start, q_end))
        if not goes_on(item):
            break
    return items


def _item_text(text: str, start: int, end: int) -> str:
    item = text[start:end].strip()
    marker = _MARKER.match(item)
    return item[marker.end():] if marker else item


def extract_appointees(doc: Doc) -> list[Person]:
    """The people an appointment lists after its colon ("Tot leden van de commissie worden benoemd:"
    followed by "mevrouw prof. A. B, te C, tevens voorzitter;" ...), each with what they were
    appointed as. An appointment without names after it (a template left blank) gives nobody."""
    text = doc.text
    g = genre()
    people: list[Person] = []
    paragraphs = doc.paragraphs
    for i, (p_start, p_end) in enumerate(paragraphs):
        para = text[p_start:p_end]
        colon = para.rstrip().endswith(":") or bool(re.search(r":\s*\n", para))
        if not colon or not g.appoint.search(para):
            continue
        lead_end = p_start + para.index(":") if ":" in para else p_end
        role_m = g.appointed_role.search(text, p_start, lead_end + 1)
        base = _singular_role(role_m.group("role")) if role_m else None
        items: list[tuple[int, int]] = []
        rest = text[lead_end + 1 : p_end]
        if rest.strip():  # the list in the same paragraph, one item per line
            offset = lead_end + 1
            for line in rest.split("\n"):
                if line.strip():
                    items.append((offset, offset + len(line)))
                offset += len(line) + 1
        else:
            items = _list_after(doc, i, lambda item: item.endswith((";", ",")))
        for q_start, q_end in items:
            if text[q_start:q_end].rstrip().endswith(":") and g.appoint.search(text, q_start, q_end):
                break  # the next appointment ("2. Tot lid, tevens secretaris ... wordt benoemd:")
            person = _appointee(doc, q_start, q_end, base)
            if person is None:
                break
            people.append(person)
    return people


# the first words of a list item that name a person: up to the first comma ("mevrouw prof. F. Ohl, te
# Maarn, tevens voorzitter;")
_TITLE_WORDS = re.compile(r"^(?:(?:mevrouw|mevr\.|de\s+heer|dhr\.|heer|prof\.|dr\.|drs\.|mr\.|ir\.|ing\.)\s+)+",
                          re.IGNORECASE)


def _appointee(doc: Doc, start: int, end: int, base: str | None) -> Person | None:
    text = doc.text
    marker = _MARKER.match(text, start, end)
    s = marker.end() if marker else start
    while s < end and text[s].isspace():
        s += 1
    item = text[s:end].strip().rstrip(";,.")
    name = re.split(r"\s*[,;(]\s*|\s+te\s+(?=[A-ZÀ-Ý])", item, maxsplit=1)[0].strip()
    bare = _TITLE_WORDS.sub("", name)
    if not bare or not re.search(r"[A-ZÀ-Ý]", bare) or len(bare.split()) > 6 or bare.lower() == bare:
        return None
    role_m = genre().appointed_role.search(" " + item[len(name):].replace("tevens ", "als "))
    extra = role_m.group("role") if role_m else next((r for r in ("voorzitter", "ondervoorzitter", "secretaris")
                                                      if re.search(rf"\b{r}\b", item[len(name):], re.IGNORECASE)), None)
    role = " en ".join(r for r in (extra, base) if r) or None
    return Person(name=name, role=role, where="appointment", quote=doc.quote(*clip(text, s, end, s, end)))


def _singular_role(role: str) -> str:
    """ "leden van de commissie" -> "lid van de commissie", "bestuurders" -> "bestuurder"."""
    role = re.sub(r"^(plaatsvervangende?\s+)?leden\b", lambda m: f"{m.group(1) or ''}lid", role.strip(), flags=re.IGNORECASE)
    return re.sub(r"^(\w+(?:er|or))s\b|^(\w+e)n\b", lambda m: m.group(1) or m.group(2), role)
