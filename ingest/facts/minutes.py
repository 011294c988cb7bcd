"""What minutes, decision lists and extracts say about their meeting: the deciding body and place,
the meeting date, who was present and absent, the agenda item of an extract, earlier decisions, the
decision's articles, its financial consequences and who signed the minutes."""

from __future__ import annotations

import re

from ingest.facts.dates import (
    DATE,
    DATE_SRC,
    MONTH_RANGE,
    MONTH_YEAR,
    MONTHS,
    WEEKDAY,
    date_text,
    iso_from_match,
)
from ingest.facts.model import (
    AgendaItem,
    Article,
    DateFact,
    HistoryItem,
    Minutes,
    Person,
    Quote,
    TextFact,
    Vote,
)
from ingest.facts.parties import PLACE, title_place
from ingest.facts.people import SURNAME_PARTY, clean_role, find_names, parse_people
from ingest.facts.text import Doc, clip, excerpt, paragraph_at, strip_clause
from ingest.genre import fold, genre

_COUNCIL_NAMES = {c: c[0].upper() + c[1:] for c in genre().councils} | {
    "schepencollege": "College van burgemeester en schepenen", "ocmw-raad": "OCMW-raad"}
# The council heads the minutes: "Gemeenteraad – Uittreksel ...", "Uittreksel uit de notulen van de
# gemeenteraad", "Besluitenlijst raadsvergadering", "Notulen van de vergadering van het college"
COUNCIL = re.compile(
    r"(?:^|\n|\b(?:notulen|zitting|vergadering|besluitenlijst|verslag|agenda)\s+(?:van\s+(?:de|het)\s+)?)"
    r"(" + "|".join(re.escape(c) for c in sorted(_COUNCIL_NAMES, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
# "STAD MECHELEN", "gemeente Lokeren"
MUNICIPALITY = re.compile(rf"\b(?i:stad|gemeente|stadsbestuur|gemeentebestuur)\s+(?P<name>{PLACE})")
# "Mechelen, 3 maart 2021" (place and date above the signatures)
PLACE_DATE = re.compile(rf"(?m)^(?P<name>[A-ZÀ-Ý][\w'’-]+),\s+{DATE_SRC}")
# "Vergadering van 1 maart 2021", "Zitting van maandag 14 juni 2022", "raadsvergadering 29 juni 2015"
MEETING_DATE = re.compile(
    rf"\b(?:vergadering|zitting|raadsvergadering|raadszitting|collegezitting|vergaderdatum|datum\s+vergadering|"
    rf"datum\s+en\s+(?:tijd|uur)|datum(?=\s*:))"
    rf"\s*(?:van|op|:)?\s+(?:{WEEKDAY}\s+)?(?P<date>{DATE_SRC})", re.IGNORECASE
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
# "Aanwezig: ...", "Afwezig:", "Verontschuldigd:", also run together on one line
_ATTENDANCE_LABEL = re.compile(
    r"\b(?P<label>Aanwezig|Aanwezigen|Present|Afwezig|Afwezigen|Verontschuldigd|Verontschuldigingen|"
    r"Afwezig\s+met\s+kennisgeving)(?:\s+zijn\s+\d{1,3}\s+(?:raads)?leden)?(?:\s*:\s*|\s*\n\n|"
    # a label without a colon before a list of members with their parties: "Afwezig Faïd (HSP)"
    r"[ \t]+(?=(?-i:[A-ZÀ-Ý])[\w'’-]+(?:\s[\w'’-]+){0,3}\s?\())|\b(?P<sentence>bericht\s+van\s+verhindering\s+(?:ontvangen\s+)?van)\s+",
    re.IGNORECASE,
)
_OTHER_LABEL = re.compile(r"\b(?:Secretaris|Voorzitter|Notulist|Agenda|Verslaggever)\s*(?::|\n\n)|^\d{1,3}\.\s", re.MULTILINE)
ATTENDANCE_PARAGRAPHS = 80  # attendance stands at the top of the minutes
HEAD_CHARS = 1500  # the heading of minutes: body, meeting date, attendance


def extract_minutes(doc: Doc, votes: list[Vote]) -> Minutes:
    text = doc.text
    agenda = _agenda_item(doc)
    head_end = agenda.quote.start if agenda else min(len(text), 1500)
    council_m = COUNCIL.search(text, 0, max(head_end, 600))
    present, present_quote = _attendance(doc, absent=False)
    absent, absent_quote = _attendance(doc, absent=True)
    officers = _officers(doc, present_quote) or _labelled_officers(doc)
    return Minutes(
        council=_COUNCIL_NAMES.get(council_m.group(1).lower()) if council_m else None,
        municipality=_municipality(text, max(head_end, 600)),
        meeting_date=_meeting_date(doc),
        place=meeting_place(doc, head_end),
        agenda_item=agenda,
        vote=votes[0] if votes else None,
        history=_history(doc),
        decision_articles=_decision_articles(doc),
        signatories=_minutes_signatories(doc),
        officers=officers,
        financial=_financial(doc),
        present=present, present_quote=present_quote, absent=absent, absent_quote=absent_quote,
    )


def _attendance(doc: Doc, absent: bool) -> tuple[list[str], Quote | None]:
    """Names after "Aanwezig:" (or, with `absent`, after "Afwezig:", "Verontschuldigd:" or "bericht
    van verhindering van"), on the same line or the lines below, up to the next label."""
    limit = doc.paragraphs[min(len(doc.paragraphs), ATTENDANCE_PARAGRAPHS) - 1][1] if doc.paragraphs else 0
    found = attendance_in(doc.text, 0, limit, absent)
    if found is None:
        return [], None
    names, start, end, label_end = found
    return names, doc.quote(*clip(doc.text, start, end, start, label_end))


def attendance_in(text: str, start: int, limit: int, absent: bool) -> tuple[list[str], int, int, int] | None:
    """The first list of present people in text[start:limit], or the absent ones of the lists that
    follow each other ("Verontschuldigd: ...", "Afwezig: ..."): (names, where the first label starts,
    where the last list ends, where the first label ends). Also used on the text of one agenda item, where
    minutes record who was absent for that item (ingest/facts/agenda.py)."""
    labels = list(_ATTENDANCE_LABEL.finditer(text, start, limit))
    found: tuple[list[str], int, int, int] | None = None
    for i, m in enumerate(labels):
        is_absent = m.group("sentence") is not None or not m.group("label").lower().startswith(("aanwezig", "present"))
        if is_absent != absent:
            if found:
                break
            continue
        end = labels[i + 1].start() if i + 1 < len(labels) else min(limit, m.end() + 3000)
        other = _OTHER_LABEL.search(text, m.end(), end)
        end = other.start() if other else end
        if m.group("sentence"):
            end = min(end, text.find(".", m.end()) if text.find(".", m.end()) > 0 else end)
        else:
            end = _before_running_text(text, m.end(), end)
        matches = _members(text, m.end(), end) or find_names(text, m.end(), end)
        if not matches:
            continue
        names = [n.group(0).strip() for n in matches]
        blank = text.find("\n\n", matches[-1].end(), end)
        end = blank if blank > 0 else end  # the list ends with its paragraph
        if found is None:
            found = (names, m.start(), end, m.end())
            if not absent:
                break
        else:  # "Verontschuldigd: ..." and then "Afwezig: ...": both lists
            found = (list(dict.fromkeys(found[0] + names)), found[1], end, found[3])
    return found


def _members(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Council members by surname and party right after a label ("Faïd (HSP)", "Ahraui (PvdA), Arp
    (SP), ... en Çelik (DENK)"): the run of them that follow each other."""
    run: list[re.Match[str]] = []
    for m in SURNAME_PARTY.finditer(text, start, end):
        if re.fullmatch(r"[\s,;]*(?:en\s+)?", text[run[-1].end() if run else start : m.start()]) is None:
            break
        run.append(m)
    return run


_RUNNING_WORDS = 12  # a paragraph of this many words with a full stop is running text, not a list of names


def _before_running_text(text: str, start: int, end: int) -> int:
    """Where a list after a label ends at the latest: at the first paragraph below the label's line
    that is running text ("Afwezig: zie lijst" and then the report's first paragraph, whose
    capitalised words are no names)."""
    line_end = text.find("\n", start, end)
    pos = line_end if line_end >= 0 else end
    while pos < end:
        nxt = text.find("\n\n", pos + 1, end)
        stop = nxt if nxt >= 0 else end
        paragraph = text[pos:stop]
        if len(paragraph.split()) >= _RUNNING_WORDS and re.search(r"[a-zà-ÿ]\.(?:\s|$)", paragraph):
            return pos
        pos = stop
    return end


def _officers(doc: Doc, present: Quote | None) -> list[Person]:
    """The people the attendance list names with an office ("David Coppens, voorzitter; Wim
    Leerman, algemeen directeur"): who chaired the meeting and who was its secretary."""
    if present is None:
        return []
    roles = [fold(r) for r in genre().roles]
    found = []
    label = _ATTENDANCE_LABEL.match(doc.text, present.start)
    start = label.end() if label else present.start
    # the quote may be clipped; the list runs to the next label
    following = [m.start() for m in (_ATTENDANCE_LABEL.search(doc.text, start), _OTHER_LABEL.search(doc.text, start)) if m]
    end = min([*following, start + 4000, len(doc.text)])
    for person in parse_people(doc.text, start, end):
        role = fold(person.role or "")
        if not any(re.search(rf"\b{re.escape(r)}\b", role) for r in roles):
            continue
        s, e = clip(doc.text, person.span_start, person.span_end, person.start, person.end)
        found.append(Person(name=person.name, role=person.role, where="present", quote=doc.quote(s, e)))
    return found


# "Voorzitter: de heer R. Sluijs, plaatsvervangend voorzitter Griffier: drs. C.G.C.M. Blankwaard-Rombouts"
_OFFICE_FIELD = re.compile(r"(?:^|(?<=\s))(?P<office>Voorzitter|Griffier|Secretaris|Notulist)\s*:\s*")


def _labelled_officers(doc: Doc) -> list[Person]:
    """The officers the heading of the minutes gives in labelled fields, each up to the next label."""
    text = doc.text
    head = min(len(text), HEAD_CHARS)
    fields = list(_OFFICE_FIELD.finditer(text, 0, head))
    found = []
    for i, m in enumerate(fields):
        end = fields[i + 1].start() if i + 1 < len(fields) else text.find("\n\n", m.end())
        end = end if end > 0 else min(len(text), m.end() + 200)
        people = parse_people(text, m.end(), end)
        if not people:
            continue
        first = people[0]
        office = m.group("office").lower()
        # the field's word names the office; a role written beside the name says more ("plaatsvervangend voorzitter")
        role = first.role if first.role and office in fold(first.role) else office
        found.append(Person(name=first.name, role=role, where="present", quote=doc.quote(m.start(), first.span_end)))
    return found


def _municipality(text: str, head_end: int) -> str | None:
    m = MUNICIPALITY.search(text, 0, head_end) or PLACE_DATE.search(text)
    return title_place(m.group("name")) if m else None


def meeting_place(doc: Doc, head_end: int) -> TextFact | None:
    """Where the meeting is held, from the heading's labelled field: "Locatie: Raadzaal", also among
    other fields on one line ("Datum: 12 maart 2019 Locatie: Raadzaal Voorzitter: ...")."""
    labels = "|".join(re.escape(w) for w in sorted(genre().meeting_place_labels, key=len, reverse=True))
    field = re.compile(rf"(?:^|(?<=\s))(?:{labels})[ \t]*:[ \t]*(?P<value>[^\s:][^\n:]{{2,100}}?)"
                       r"(?=\s+(?-i:[A-ZÀ-Ý])\w{1,25}(?:\s\w{1,15})?:|[ \t]*$)", re.IGNORECASE | re.MULTILINE)
    m = field.search(doc.text, 0, max(head_end, min(len(doc.text), HEAD_CHARS)))
    if m is None:
        return None
    return TextFact(text=m.group("value"), quote=doc.quote(m.start("value"), m.end("value")))


def _meeting_date(doc: Doc) -> DateFact | None:
    """ "Zitting van 1 maart 2021" in the head of the minutes; else the first date of the head
    ("Notulen gemeenteraad" / "di 19/12/2023 - 20:00"), past a publication date; else a "zitting van"
    anywhere."""
    text = doc.text
    head = min(len(text), HEAD_CHARS)
    m = MEETING_DATE.search(text, 0, head)
    if m is None:
        for d in DATE.finditer(text, 0, head):
            before = text[max(0, d.start() - 40) : d.start()].lower()
            if not re.search(r"gepubliceerd|publicatie|bekendgemaakt|afgedrukt|verzonden", before):
                raw = d.group(0)
                return DateFact(text=raw, date=iso_from_match(d), quote=doc.sentence_quote(d.start(), d.end()))
        m = MEETING_DATE.search(text)
    if not m:
        return None
    text_, iso = date_text(m.group("date"))
    return DateFact(text=text_, date=iso, quote=doc.sentence_quote(m.start(), m.end()))


def _agenda_item(doc: Doc) -> AgendaItem | None:
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
            title_end = strip_clause(text, title_start, vote.start() if vote else p_end)
            return AgendaItem(number=m.group("number"), title=" ".join(text[title_start:title_end].split()),
                              quote=doc.quote(*clip(text, p_start, title_end, p_start, title_end)))
    return None


def _heading_paragraph(doc: Doc, pattern: str) -> tuple[int, int] | None:
    for p_start, p_end in doc.paragraphs:
        if re.fullmatch(pattern, doc.text[p_start:p_end].strip(), re.IGNORECASE):
            return p_start, p_end
    return None


def _history(doc: Doc) -> list[HistoryItem]:
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


def _history_item(doc: Doc, start: int, end: int) -> HistoryItem:
    item = doc.text[start:end]
    colon = item.find(":")
    head = item[:colon] if 0 <= colon < 120 else item[:120]
    full = DATE.search(head)
    period = MONTH_RANGE.search(head)
    month = MONTH_YEAR.search(head)
    if full and not period:
        date_text_, iso = full.group(0), iso_from_match(full)
    elif period:
        date_text_, iso = period.group(0), None
    elif month:
        date_text_ = month.group(0)
        iso = f"{month.group('year')}-{MONTHS[month.group('month').lower()]:02d}"
    else:
        date_text_, iso = None, None
    return HistoryItem(date_text=date_text_, date=iso, text=" ".join(item.split()),
                       decision=bool(_DECISION_WORDS.search(head)),
                       quote=doc.quote(*clip(doc.text, start, end, start, min(end, start + len(head) + 1))))


def _decision_articles(doc: Doc) -> list[Article]:
    """ "Artikel N" after the "Besluit" heading, up to the signatures."""
    text = doc.text
    besluit = next((p for p in doc.paragraphs if re.match(r"^Besluit\b", text[p[0] : p[1]])), None)
    if not besluit:
        return []
    articles: list[Article] = []
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
        articles.append(Article(number=m.group("number"), text=" ".join(text[body_start:body_end].split()),
                                quote=doc.quote(*clip(text, body_start, body_end, body_start, body_start))))
    return articles


def _signature_block_spans(doc: Doc) -> list[tuple[str, int, int]]:
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


def _block_end(doc: Doc, start: int) -> int:
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


def _minutes_signatories(doc: Doc) -> list[Person]:
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
                            q_start = paragraph_at(text, p_start - 3)[0]
                s, e = clip(text, q_start, q_end, person.start, person.end)
                people.append(Person(name=person.name, role=role, where=block, quote=doc.quote(s, e)))
    return people


def _role_paragraph_after(doc: Doc, p_end: int, block_end: int) -> tuple[str, int] | None:
    """A lower-case role on the line just below a name ("Erik Laga" / "algemeen directeur")."""
    if p_end + 2 >= block_end:
        return None
    next_start, next_end = paragraph_at(doc.text, p_end + 2)
    nxt = doc.text[next_start : min(next_end, block_end)].strip()
    if not nxt or not nxt[0].islower() or len(nxt.split()) > 5:
        return None
    if bool(find_names(nxt, 0, len(nxt))):
        return None
    role = clean_role(nxt)
    return (role, next_end) if role else None


def _role_paragraph_before(doc: Doc, p_start: int, block_start: int) -> str | None:
    """A role on a line of its own just above a name ("De voorzitter" / "(get.) Fabienne Blavier")."""
    if p_start - 2 <= block_start:
        return None
    prev_start, prev_end = paragraph_at(doc.text, p_start - 3)
    prev = doc.text[max(prev_start, block_start) : prev_end]
    if prev.rstrip().endswith(":") or bool(find_names(prev, 0, len(prev))):
        return None
    return clean_role(prev) if len(prev.split()) <= 5 else None


def _financial(doc: Doc) -> TextFact | None:
    text = doc.text
    for i, (p_start, p_end) in enumerate(doc.paragraphs):
        m = FINANCIAL.match(text[p_start:p_end])
        if not m:
            continue
        start, end = p_start + m.end(), p_end
        if start >= p_end and i + 1 < len(doc.paragraphs):
            start, end = doc.paragraphs[i + 1]
        s, e = clip(text, start, end, start, start)
        return TextFact(text=excerpt(text[start:end], 300), quote=doc.quote(s, e))
    return None


