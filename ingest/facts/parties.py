"""Parties of an agreement, treaty or regulation, their representatives, and the signatories.

Parties are read, in this order of trust, from:
1. opening clauses with representatives: "Tussen X, vertegenwoordigd door ..., en Y, ... wordt de
   volgende overeenkomst gesloten" (also numbered after "TUSSEN:");
2. an opening that names the parties without representatives: "X, enerzijds, en Y, anderzijds",
   "X en Y, hierna te noemen: de Verdragsluitende Partijen", or a title "Verdrag tussen X en Y inzake ...";
3. signature blocks: "Voor X: <names>", "Namens X, <name>".
Signatories are the people of the signature blocks, and closing lines such as "De Minister van
Economische Zaken, M.J.A. van der Hoeven" that sign a decision or regulation.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.facts.model import Definition, Party, Person, Quote
from ingest.facts.people import Found, caps_name, find_names, is_role, parse_people
from ingest.facts.text import Doc, clip, paragraph_at, strip_clause
from ingest.genre import genre

# A municipality name: "Zele", "Sint-Niklaas", "MECHELEN", "De Panne".
PLACE = r"(?:(?:De|Den|Ter|Ten|La|Le)\s+)?[A-ZÀ-Ý][\w'’]*(?:-[\w'’]+)*"
ABBR = r"[A-Z][A-Z0-9&]{1,9}(?:-[A-Z0-9]+)?"
# A proper name of an organisation: capitalised words and small particles.
# At most 15 more words (the longest real name has 7): an unbounded repetition made the search
# quadratic on a long run of capitalised words.
def proper_name(particles: Iterable[str]) -> str:
    """A pattern of a proper name: capitalised words and, between them, the given small words."""
    return r"[A-ZÀ-Ý][\w'’-]*(?:\s+(?:[A-ZÀ-Ý][\w'’-]*|" + "|".join(particles) + r")){0,15}?"


ORG_WORDS = proper_name(("voor", "van", "en", "de", "der", "het", "in", "op"))

# The start of a party: an organisation with its abbreviation, a local government, or an acronym.
PARTY_START = re.compile(
    rf"(?:(?i:de|het)\s+)?"
    rf"(?:(?P<org_full>{ORG_WORDS})\s*\((?P<org_abbr>{ABBR})\)"
    rf"|(?P<local_kind>(?i:lokaal\s+bestuur|stadsbestuur|gemeentebestuur|stad|gemeente|OCMW))\s+(?:van\s+)?"
    rf"(?P<local_name>{PLACE})"
    # an organisation by its legal form: "de vzw Buurtwerk Samen, met zetel te ..."
    rf"|(?P<legal>(?i:vzw|v\.z\.w\.|ivzw|nv|bv|cvba|cv|stichting))\s+(?P<legal_name>{ORG_WORDS})"
    rf"(?=\s*[,:(]|\s+vertegenwoordigd|\s+met\s+(?:zetel|maatschappelijke)|\s*$)"
    rf"|(?P<acronym>{ABBR})(?=\s*[,:]|\s+vertegenwoordigd|\s*$))"
)
# The opening clauses: "Tussen ... wordt de volgende samenwerkingsovereenkomst gesloten:".
OPENING_START = re.compile(r"\b(?:Tussen|TUSSEN)\b")
OPENING_END = re.compile(
    r"\bwordt\s+(?:een|de\s+volgende|deze|volgende)\s+(?:samenwerkings)?overeenkomst\s+(?:af)?gesloten"
    r"|\bkomen\s+(?:het\s+volgende\s+)?overeen\b|\bwordt\s+(?:het\s+volgende\s+)?overeengekomen\b"
    r"|\b(?:zijn|is)\s+(?:het\s+)?(?:volgende\s+)?overeengekomen\b|\bwordt\s+overeengekomen\s+wat\s+volgt\b",
    re.IGNORECASE,
)
REPRESENTED_BY = re.compile(r"\bvertegenwoordigd\s+door\b", re.IGNORECASE)
# A party starts a clause: after "Tussen", "en", ";" or "," or at the start of a paragraph or a number.
_PARTY_BOUNDARY = re.compile(r"(?:^|\n|\b[Tt]ussen|\bTUSSEN|\ben|[;,:]|\b\d{1,2}[.)])\s*$")
# Signature block: "Voor het lokaal bestuur Zele: ...", "Voor IVSES, de heer ...", "Namens de Vlaamse Regering,";
# run together after the signing clause where a converter dropped the line breaks ("authentiek.*Voor de
# Regering van ...,*(w.g.) NAME*Voor ...").
SIGNATURE = re.compile(
    r"(?<![^\s.*_;)])(?:Voor|Namens|VOOR|NAMENS)\s+(?P<ref>(?:(?!\((?:w\.g\.|get\.)\))[^\n:,]){2,120}?)[ \t]*"
    r"(?:[:,]|(?=\((?:w\.g\.|get\.)\))|(?<=[^\W\d_])(?=\n))\s*")  # a party alone on its line: the names follow
MAX_SIGNATURE_LINES = 8  # lines of names and roles under a party that stands alone on its line
SIGNATURE_STOP = re.compile(r"\b(?:Addenda|Addendum|Bijlagen?)\s*:", re.IGNORECASE)

_ASSOCIATION = re.compile(
    r"vereniging|intercommunale|intergemeentelijk|interlokale|samenwerkingsverband|welzijnsvereniging|"
    r"openbaar\s+lichaam|regeling",
    re.IGNORECASE,
)
_STATE = re.compile(r"\b(?:Koninkrijk|Republiek|Gewest|Gemeenschap|Regering|Staat|Rijk|Provincie)\b")
# "X, enerzijds, en Y, anderzijds"; "X en Y, hierna te noemen: de Verdragsluitende Partijen"
_ANDERZIJDS = re.compile(r"(?P<a>[^.;:\n]{3,160}?),?\s+enerzijds,?\s+en\s+(?P<b>[^.;:\n]{3,160}?),?\s+anderzijds\b")
_HIERNA = re.compile(r"(?P<list>[^.;:\n]{5,300}?),?\s+hierna\s+(?:te\s+noemen|genoemd)\s*:?\s*[„“\"']?(?:de\s+)?(?:[Vv]erdragsluitende\s+)?[Pp]artijen")
# "Verdrag tussen het Koninkrijk der Nederlanden en het Vlaamse Gewest betreffende ..."
_TITLE_BETWEEN = re.compile(
    r"^(?:[A-ZÀ-Ý][\w-]*\s+){1,4}?tussen\s+(?P<list>.{5,300}?)\s+(?:betreffende|inzake|over|aangaande|met\s+betrekking\s+tot|"
    r"tot|ter|voor|omtrent|houdende|om|ten\s+behoeve)\b",
    re.MULTILINE,
)
# where a party's clause ends after its representatives: "hierna genoemd ...", or the paragraph
_CLAUSE_END = re.compile(r",?\s*\bhierna\b|\n\s*\n")
_SPLIT_LIST = re.compile(r"\s*(?:,\s*en\s+|,\s+|\s+en\s+|;\s*)")
_ARTICLE = re.compile(r"^(?:de|het|een)\s+", re.IGNORECASE)
_ARTICLE_PHRASE = re.compile(r"^(?:[Hh]et|[Dd]e)\s+[A-ZÀ-Ý]")
_INNER_ARTICLE = re.compile(r"\s(?:Het|De)\s+[A-ZÀ-Ý]")


@dataclass(frozen=True)
class PartyRef:
    name: str
    short: str
    full_name: str | None
    type: str
    start: int
    end: int


def _kind_of(name: str) -> str:
    if re.match(r"(?i)(?:lokaal\s+bestuur|stadsbestuur|gemeentebestuur|stad|gemeente|ocmw)\b", name):
        return "local_government"
    if _ASSOCIATION.search(name):
        return "association"
    if _STATE.search(name):
        return "state"
    return "organisation"


def party_ref(m: re.Match[str]) -> PartyRef:
    if m.group("org_abbr"):
        abbr, full = m.group("org_abbr"), " ".join(m.group("org_full").split())
        return PartyRef(abbr, abbr, f"{full} ({abbr})", _kind_of(full), m.start(), m.end())
    if m.group("local_kind"):
        kind_words = " ".join(m.group("local_kind").split())
        kind_words = kind_words if kind_words.isupper() and len(kind_words) <= 4 else kind_words.lower()
        place = title_place(m.group("local_name"))
        return PartyRef(f"{kind_words} {place}", place, None, "local_government", m.start(), m.end())
    if m.group("legal"):
        legal, name = m.group("legal"), " ".join(m.group("legal_name").split())
        legal = legal if legal[0].isupper() and not legal.isupper() else legal.lower()  # "Stichting", "vzw"
        return PartyRef(f"{legal} {name}", name, None, _kind_of(name), m.start(), m.end())
    acronym = m.group("acronym")
    return PartyRef(acronym, acronym, None, "organisation", m.start(), m.end())


def title_place(place: str) -> str:
    """'MECHELEN' -> 'Mechelen'; other spellings are kept."""
    if place.isupper():
        return "-".join(p.capitalize() for p in place.split("-"))
    return place


def _named_ref(raw: str, start: int) -> PartyRef | None:
    """A party written as a noun phrase ("het Koninkrijk der Nederlanden", "de Vlaamse Gemeenschap
    van België"): kept as written without its article."""
    name = " ".join(_ARTICLE.sub("", raw.strip(" ,;:„“\"'")).split())
    if not name or not name[0].isupper() or len(name) > 120 or len(name.split()) > 12:
        return None
    m = PARTY_START.fullmatch(raw.strip(" ,;:"))
    if m:
        return party_ref(m)
    return PartyRef(name, name, None, _kind_of(name), start, start + len(raw))


# -- opening clauses with representatives ------------------------------------------------------


def opening_blocks(doc: Doc) -> list[tuple[int, int]]:
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
            window_end = paragraph_at(text, inside[-1])[1]
        blocks.append((m.end(), window_end))
    if not blocks and reps:
        # no "Tussen": accept an opening only when it is closed by the agreement formula
        first = reps[0]
        end = first_end(first.end(), first.end() + 6000)
        if end is not None:
            blocks.append((paragraph_at(text, first.start())[0], end))
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


def _representative(doc: Doc, person: Found, where: str, clause_start: int, clause_end: int,
                    party: str | None = None) -> Person:
    s, e = clip(doc.text, clause_start, clause_end, person.start, person.end)
    return Person(name=person.name, role=person.role, where=where, party=party, quote=doc.quote(s, e))


def _opening_parties(doc: Doc, blocks: list[tuple[int, int]]) -> list[tuple[PartyRef, list[Person], Quote]]:
    text = doc.text
    found = []
    for b_start, b_end in blocks:
        starts = _party_starts(text, b_start, b_end)
        if len(starts) < 2:
            continue  # an agreement is made between at least two parties
        for i, m in enumerate(starts):
            seg_end = strip_clause(text, m.start(), starts[i + 1].start() if i + 1 < len(starts) else b_end)
            rep = REPRESENTED_BY.search(text, m.end(), seg_end)
            if not rep:
                continue
            cut = _CLAUSE_END.search(text, rep.end(), seg_end)
            seg_end = strip_clause(text, m.start(), cut.start()) if cut else seg_end
            ref = party_ref(m)
            reps = [_representative(doc, p, "opening", m.start(), seg_end, ref.name)
                    for p in parse_people(text, rep.end(), seg_end)]
            found.append((ref, reps, doc.quote(*clip(text, m.start(), seg_end, m.start(), m.end()))))
    return found


# -- a labelled list of designated parties ------------------------------------------------------

DESIGNATED_CHARS = 3000  # of the list after its label
_NUMBER_LEAD = re.compile(r"(?:\s*(?:\d{1,2}[.)]|[a-z][.)]|en\b|[;,”’\"'.]))*\s*", re.IGNORECASE)
# "vertegenwoordigd door X", or "handelend als vertegenwoordiger van de Staat der Nederlanden, mevrouw X"
_REPRESENTED = re.compile(rf"{REPRESENTED_BY.pattern}|\bhandelend\s+als\s+vertegenwoordiger\s+van\b[^,]*,", re.IGNORECASE)


def _designated_parties(doc: Doc) -> list[tuple[PartyRef, list[Person], Quote]]:
    """The parties of a list under a label ("Ondergetekenden:", "Ondertekenende partijen:"): each
    clause names a party (up to its first comma), who represents it ("vertegenwoordigd door X",
    "handelend als vertegenwoordiger van de Staat, mevrouw X") and the short name it is given ("hierna
    te noemen ‘VROM’", "verder te noemen: scholen"). The list ends at the first clause without such a
    short name. Dutch covenants and agreements name their parties this way."""
    preamble = genre().preamble
    text = doc.text
    for label in preamble.designated_label.finditer(text):
        limit = min(len(text), label.end() + DESIGNATED_CHARS)
        found: list[tuple[PartyRef, list[Person], Quote]] = []
        pos = label.end()
        for d in preamble.designator.finditer(text, pos, limit):
            clause_start = pos + len(_NUMBER_LEAD.match(text, pos, d.start()).group(0))
            head = re.split(r",", text[clause_start:d.start()], maxsplit=1)[0]
            name = " ".join(_ARTICLE.sub("", head.strip()).split())
            if not name or len(head) > 160 or len(name.split()) > 15:
                break
            # under the label every clause is a party, also one written in lower case ("de minister van ...")
            known = PARTY_START.fullmatch(head.strip())
            ref = (party_ref(known) if known else _named_ref(head, clause_start)
                   or PartyRef(name, name, None, _kind_of(name), clause_start, clause_start + len(head)))
            short = " ".join(d.group("short").split()).strip(" :")
            rep = _REPRESENTED.search(text, clause_start, d.start())
            reps = ([_representative(doc, p, "opening", clause_start, d.start(), ref.name)
                     for p in parse_people(text, rep.end(), d.start())] if rep else [])
            named = PartyRef(ref.name, short if short and short[0].isupper() else ref.short, ref.full_name,
                             ref.type, ref.start, ref.end)
            found.append((named, reps, doc.quote(*clip(text, clause_start, d.end(), clause_start, d.end()))))
            pos = d.end()
        if len(found) >= 2:
            return found
    return []


# -- openings and titles without representatives ------------------------------------------------


def _named_openings(doc: Doc) -> list[tuple[PartyRef, Quote]]:
    """Parties named in the title or the first lines: "tussen X en Y inzake", "X, enerzijds, en Y,
    anderzijds", "X en Y, hierna te noemen: de Verdragsluitende Partijen"."""
    text = doc.text
    head_end = min(len(text), 4000)
    for pattern in (_ANDERZIJDS, _HIERNA):
        m = pattern.search(text, 0, head_end)
        if not m:
            continue
        if pattern is _ANDERZIJDS:
            refs = _refs([m.group("a"), m.group("b")], m.start(), text)
        else:
            refs = _party_list(m.group("list"), m.start("list"), text)
        if len(refs) >= 2:
            return [(r, doc.sentence_quote(m.start(), m.end())) for r in refs]
    for p_start, p_end in doc.paragraphs[:6]:
        m = _TITLE_BETWEEN.match(text, p_start, p_end)
        if m:
            refs = _refs(_SPLIT_LIST.split(m.group("list")), m.start("list"), text)
            if len(refs) >= 2:
                return [(r, doc.quote(*clip(text, p_start, p_end, m.start("list"), m.end("list")))) for r in refs]
    return _preamble_parties(doc)


PREAMBLE_PARAGRAPHS = 20  # a decision may come first and the regulation it adopts after it
PREAMBLE_LEAD = 80  # characters before a preamble's first party (a date and number run into it)
_SIGNER_AFTER = re.compile(r",\s*(?:[A-ZÀ-Ý]\.\s*)+(?:(?:van|de|der|den|ter|ten|te)\s+)*[A-ZÀ-Ý][\w’'-]+(?:[ -][A-ZÀ-Ý][\w’'-]+)*$")


def _preamble_parties(doc: Doc) -> list[tuple[PartyRef, Quote]]:
    """The parties a treaty's preamble lists one after the other, up to its first consideration:
    "De Regering van het Koninkrijk België,De Regering van het Groothertogdom Luxemburg, ...,
    Overwegende dat ...". Each starts as genre.toml's [preamble] says; at least two."""
    preamble = genre().preamble
    text = doc.text
    for p_start, p_end in doc.paragraphs[:PREAMBLE_PARAGRAPHS]:
        # the list opens the paragraph, or follows a date and number run into it ("2004/Nr. 38298De ...")
        first = preamble.party.search(text, p_start, min(p_end, p_start + PREAMBLE_LEAD))
        if not first:
            continue
        end = preamble.end.search(text, first.start(), p_end)
        if not end:  # a list of governments or members that no consideration follows is no preamble
            continue
        stop = end.start()
        starts = [m.start() for m in preamble.party.finditer(text, first.start(), stop)]
        refs = []
        for a, b in zip(starts, [*starts[1:], stop]):
            raw = re.sub(r"(?:[,;]\s*)?\ben\s*$", "", text[a:b].rstrip(" ,;:\n")).rstrip(" ,;:")
            raw = _SIGNER_AFTER.sub("", raw)  # "De Staatssecretaris van X, M.C. van der Laan"
            ref = _named_ref(raw, a) or _body_ref(raw, a)
            if ref is None:
                break
            refs.append(ref)
        if len(refs) == len(starts) >= 2:
            quote = doc.quote(*clip(text, p_start, p_end, first.start(), stop))
            return [(r, quote) for r in refs]
    return []


def _body_ref(raw: str, start: int) -> PartyRef | None:
    """A body of a local government as a party: "De raad en het college van burgemeester en
    wethouders van de gemeente Maastricht" (short: "gemeente Maastricht")."""
    m = re.search(r"\b(?P<local>(?:gemeente|gemeenten|provincie|waterschap)\s+[A-ZÀ-Ý][^,;:]*)$", raw)
    if not m or len(raw.split()) > 20:
        return None
    name = _ARTICLE.sub("", raw.strip())
    return PartyRef(name, m.group("local"), None, _kind_of(m.group("local")), start, start + len(raw))


def _party_list(raw: str, start: int, text: str) -> list[PartyRef]:
    """The parties at the end of `raw`: from the earliest article-led noun phrase ("Het Koninkrijk
    der Nederlanden en de Vlaamse Gemeenschap van België") whose pieces are all parties."""
    for m in re.finditer(r"(?:^|(?<=\s))(?:Het|De|het|de)\s+(?=[A-ZÀ-Ý])", raw):
        pieces = _SPLIT_LIST.split(raw[m.start():])
        if not all(_ARTICLE_PHRASE.match(p) and not _INNER_ARTICLE.search(p) for p in pieces):
            continue
        refs = _refs(pieces, start + m.start(), text)
        if len(refs) == len(pieces) >= 2 and all(len(r.name.split()) <= 8 for r in refs):
            return refs
    return _refs(_SPLIT_LIST.split(raw), start, text)


def _refs(raw: list[str], start: int, text: str) -> list[PartyRef]:
    refs = []
    for piece in raw:
        piece = re.sub(r"^(?:tussen|en)\s+", "", piece.strip(), flags=re.IGNORECASE)
        ref = _named_ref(piece, start)
        if ref is not None:
            refs.append(ref)
    return refs


# -- signature blocks --------------------------------------------------------------------------


def _signature_parties(doc: Doc, excluded: list[tuple[int, int]]) -> list[tuple[PartyRef, list[Person]]]:
    """Signature lines "Voor <party>: <names and roles>" outside governance bodies and openings."""
    text = doc.text
    matches = []
    for m in SIGNATURE.finditer(text):
        if any(s <= m.start() < e for s, e in excluded):
            continue
        ref_raw = m.group("ref").strip()
        head = re.sub(r"^(?:de|het)\s+", "", ref_raw, flags=re.IGNORECASE).split()[:1]
        if head and is_role(head[0]):
            # "Voor de Voorzitter van het Comité, (w.g.) X": signed for an office, not a party; it still
            # ends the block before it
            matches.append((m, None))
            continue
        ref_m = PARTY_START.fullmatch(ref_raw)
        ref = party_ref(ref_m) if ref_m else (_named_ref(ref_raw, m.start("ref")) if _looks_like_party(ref_raw) else None)
        if ref is not None:
            matches.append((m, ref))
    found = []
    for i, (m, ref) in enumerate(matches):
        if ref is None:
            continue
        end = _signature_end(doc, m.end(), matches[i + 1][0].start() if i + 1 < len(matches) else len(text),
                             alone=text[m.end("ref") : m.end()].lstrip(" \t").startswith("\n"))
        people = _signature_people(doc, m.end(), end)
        if not people:
            continue
        end = strip_clause(text, m.start(), end)
        found.append((ref, [_representative(doc, p, "signature", m.start(), end, ref.name) for p in people]))
    return found


def _looks_like_party(ref: str) -> bool:
    """ "het Koninkrijk der Nederlanden", "de Vlaamse Regering", "het college": a party, not a
    clause ("Voor zover ...", "Voor de toepassing van ...")."""
    words = ref.split()
    if not words or len(words) > 10 or re.match(r"(?i)(?:zover|zoveel|de\s+toepassing|het\s+overige|elk|iedere?|alle)\b", ref):
        return False
    body = [w for w in words if w.lower() not in {"de", "het", "der", "van", "en"}]
    return bool(body) and body[0][0].isupper()


def _signature_people(doc: Doc, start: int, end: int) -> list[Found]:
    """Names in a signature block: full names, names with initials, or a line in capitals."""
    text = doc.text
    people = parse_people(text, start, end)
    if people:
        return people
    found = []
    for line_m in re.finditer(r"[^\n–—]+", text[start:end]):
        name = caps_name(line_m.group(0))
        if name:
            s = start + line_m.start() + line_m.group(0).find(name)
            found.append(Found(name, None, s, s + len(name), s, s + len(name)))
    return found


def _signature_end(doc: Doc, start: int, limit: int, alone: bool = False) -> int:
    """A signature ends at its paragraph end, or, when the line holds only the party, after the next
    one or two short paragraphs (name and role on lines of their own); a party written alone on its
    line without a colon (`alone`: a block in columns) takes the short lines of names and roles under it."""
    text = doc.text
    p_end = paragraph_at(text, start)[1]
    end = min(p_end, limit)
    if not text[start:end].strip():
        for _ in range(2):
            if end >= limit or end >= len(text):
                break
            nxt = paragraph_at(text, min(len(text) - 1, end + 2))[1]
            if nxt - end > 200:
                break
            end = min(nxt, limit)
    elif alone and end - start <= 80:
        end = start
        for k in range(MAX_SIGNATURE_LINES):
            if end >= limit or end >= len(text):
                break
            nxt = paragraph_at(text, min(len(text) - 1, end + 2))[1]
            if nxt - end > 200 or (k >= 2 and (nxt - end > 80 or text[end:nxt].rstrip().endswith("."))):
                break  # beyond a name and a role: short lines of names and roles only
            end = min(nxt, limit)
    stop = SIGNATURE_STOP.search(text, start, end)
    return stop.start() if stop else end


# "De Minister van Economische Zaken, M.J.A. van der Hoeven"; "De Staatssecretaris van ..., voor
# deze: de directeur-generaal ..., R.IJ.M. Kuipers"; "Burgemeester en wethouders, de secretaris, X"
_CLOSING_LINE = re.compile(r"(?P<role>(?:De|Het|de|het)\s+[^\n]{3,200}?),\s*(?P<rest>[^\n]{3,160})$", re.MULTILINE)
# the office may also follow the signing clause in its paragraph: "GEDAAN te Luxemburg, op 15 juni
# 1992. De Voorzitter van het Comité van Ministers, (w.g.) W. CLAES"
_SIGNED_MARK = re.compile(r"\(\s*(?:w\.\s?g\.|get\.|getekend|sgd\.|s\.)\s*\)|\*", re.IGNORECASE)  # "(w.g.)": signed
_AFTER_SENTENCE = re.compile(r"[.;][\s*_]*(?=(?:De|Het)\s)")
# two offices signing one after the other: "De Minister van X," then "K.G. de Vries De Minister van Y, A.H. Korthals"
_DEFINING = re.compile(r"\bhierna\b|[„“”]")  # a clause that defines names, not a signature
MAX_UNDER_OFFICE = 100  # characters between an office and its signer ("voor deze: de directeur-generaal ...,")
_ROLE_ALONE = re.compile(r"(?P<role>(?:De|Het)\s+[^\n]{3,200}?),\s*$")
_NEXT_OFFICE = re.compile(r"\s(?=(?:De|Het)\s+[A-ZÀ-Ý])")


# the office and the name without a comma: "De directeur-generaal Straffen en Beschermen van het Ministerie van
# Veiligheid en Justitie M.C.A. Blom" (one line, no sentence end)
_OFFICE_THEN_NAME = re.compile(r"(?P<role>(?:De|Het)\s+[^\n.;:]{3,200}?)\s+(?P<rest>[^\n]{3,60})$")
_SENTENCE_BREAK = re.compile(r"[.;:]\s+[A-ZÀ-Ý]")
_INITIALS = re.compile(r"(?:[A-Z][A-Z]?\.\s?)+")
# "’s-Gravenhage 5 januari 2015": the dateline a signature follows
_DATELINE = re.compile(r"^[^\n.]{0,40}\b\d{1,2}\s+[a-z]+\s+\d{4}\s*$")


_LONE_NAME = re.compile(r"(?P<name>[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?|[A-ZÀ-Ý]{3,}(?:-[A-ZÀ-Ý]{3,})?)")


def _sovereign(doc: Doc, k: int) -> Person | None:
    """The head of state signing a royal decree: a given name alone after the dateline, the minister's
    countersignature after it ("Den Haag 4 december 2003" / "Beatrix" / "De Minister van ..., X";
    "Gegeven te Brussel, 3 mei 2020." / "FILIP" / "Van Koningswege: De Minister ...")."""
    text = doc.text
    paragraphs = doc.paragraphs
    p_start, p_end = paragraphs[k]
    own = text[p_start:p_end].strip()
    # the dateline as the paragraph before, or run together with the name ("’s-Gravenhage 30 augustus 1991 Beatrix")
    joined = re.fullmatch(r"(?P<dateline>.{0,40}\b\d{1,2}\s+[a-z]+\s+\d{4}\.?)\s+(?P<rest>\S+)", own)
    if joined:
        m, d_start, dateline = _LONE_NAME.fullmatch(joined.group("rest")), p_start, joined.group("dateline")
    elif k > 0:
        m, (d_start, d_end) = _LONE_NAME.fullmatch(own), paragraphs[k - 1]
        dateline = text[d_start:d_end].strip()
    else:
        return None
    dateline = dateline.rstrip(".")
    if m is None or not (_DATELINE.match(dateline) or re.match(r"Gegeven\s+te\b", dateline)):
        return None
    name = m.group("name")
    if (is_role(name) or name.lower() in genre().months or name.lower() in genre().not_name_words
            or re.search(rf"\b{re.escape(name.lower())}\b", text)):  # a word the text also writes in lower case
        return None
    after = [text[a:b] for a, b in paragraphs[k + 1 : k + 3]]
    if after and re.fullmatch(r"\s*Van\s+Koningswege\s*:?\s*", after[0]):
        after = after[1:]
    office = re.sub(r"^\s*Van\s+Koningswege\s*:?", "", after[0]) if after else ""
    if not is_role(" ".join(office.split()[:2])):
        return None  # no countersigning office after it
    at = p_start + text[p_start:p_end].rindex(name)
    return Person(name=name, role=None, where="signature", quote=doc.quote(d_start, at + len(name)))


def _name_over_role(doc: Doc, k: int) -> Person | None:
    """A name opening its paragraph after the dateline, its office after it or on the next paragraph
    ("’s-Gravenhage 5 januari 2015" / "N.S.T. Obbink" / "directeur Financieel-Economische Zaken")."""
    text = doc.text
    paragraphs = doc.paragraphs
    if k == 0:
        return None
    p_start, p_end = paragraphs[k]
    d_start, d_end = paragraphs[k - 1]
    if not _DATELINE.match(text[d_start:d_end]):
        return None
    name = next(iter(find_names(text, p_start, p_end)), None)
    if name is None or text[p_start:name.start()].strip():
        return None
    role_start, role_end = name.end(), p_end
    if not text[role_start:role_end].strip(" .,;") and k + 1 < len(paragraphs):
        role_start, role_end = paragraphs[k + 1]
    role = " ".join(text[role_start:role_end].split()).strip(" .,;")
    if not role or len(role) > 120 or not is_role(" ".join(role.split()[:2])):
        return None
    return Person(name=name.group(0).strip(), role=role, where="signature", quote=doc.quote(p_start, role_end))


def _signer_at_end(text: str, office: re.Match[str], end: int) -> re.Match[str] | None:
    """The name that ends an office's paragraph (in initials when no comma separates them), unless
    the sentence defines names ("..., hierna te noemen ... vormen samen het Comité")."""
    names = [n for n in find_names(text, office.start("rest"), end) if _ends_paragraph(text[n.end():end])
             and (office.re is _CLOSING_LINE or _INITIALS.match(n.group(0)))]
    if not names or _DEFINING.search(text, office.start(), names[-1].start()):
        return None
    return names[-1]


def _ends_paragraph(after: str) -> bool:
    """Nothing follows a signer's name but punctuation, or the signer's own office (", schepen van
    personeel.")."""
    rest = after.strip(" .,;")
    return not rest or (after.lstrip().startswith(",") and len(rest) <= 60 and is_role(" ".join(rest.split()[:2])))


def closing_signatories(doc: Doc) -> list[Person]:
    """Short paragraphs that are an office followed by a name: the signature of a decision or
    regulation ("De Minister van Economische Zaken, M.J.A. van der Hoeven")."""
    text = doc.text
    people = []
    paragraphs = doc.paragraphs
    for k, (p_start, p_end) in enumerate(paragraphs):
        if p_end - p_start > 260:
            continue
        alone = _ROLE_ALONE.fullmatch(text, p_start, p_end)
        if alone and is_role(alone.group("role")) and k + 1 < len(paragraphs):
            # the office alone, its signer opening the next paragraph
            q_start, q_end = paragraphs[k + 1]
            first = next(iter(find_names(text, q_start, q_end)), None)
            if first is not None and not text[q_start:first.start()].strip():
                role = " ".join(alone.group("role").split())
                people.append(Person(name=first.group(0).strip(), role=role, where="signature",
                                     quote=doc.quote(p_start, first.end())))
                continue
            if q_end - q_start > 60:
                continue  # an office ending in a comma before a long paragraph ("..., Gelet op ...")
        signer = _name_over_role(doc, k) or _sovereign(doc, k)
        if signer is not None:
            people.append(signer)
            continue
        starts = [p_start, *(a.end() for a in _AFTER_SENTENCE.finditer(text, p_start, p_end)),
                  *(a.end() for a in _NEXT_OFFICE.finditer(text, p_start, p_end))]
        offices = [m for at in starts if (m := _CLOSING_LINE.match(text, at, p_end)) and is_role(m.group("role"))]
        if not offices and not text[p_start:p_end].rstrip().endswith("."):
            # no comma between the office and the name: "De directeur-generaal X M.C.A. Blom" (a signature
            # line, not a sentence: "De burgemeester opent de vergadering met J. Peeters." is none)
            m = _OFFICE_THEN_NAME.match(text, p_start, p_end)
            offices = [m] if m is not None and is_role(" ".join(m.group("role").split()[:4])) else []
        found = [(m, n) for m in offices if (n := _signer_at_end(text, m, p_end)) is not None]
        # the office closest to its name; an office that runs long before it only as one line with a
        # name in initials ("De directeur X, Y en Z van het directoraat-generaal ..., R.J.F. Baarends")
        near = [(m, n) for m, n in found if n.start() - m.start("rest") <= MAX_UNDER_OFFICE]
        long = [(m, n) for m, n in found[:1] if _INITIALS.match(n.group(0))
                and not _SENTENCE_BREAK.search(text, m.start(), n.start())]
        if not near and not long:
            continue
        m, name = (near or long)[0]
        role = " ".join(_SIGNED_MARK.sub(" ", text[m.start("role"):name.start()]).split()).strip(" ,;:*")
        people.append(Person(name=name.group(0).strip(), role=role, where="signature",
                             quote=doc.quote(m.start(), p_end)))
    return people


# -- all together -----------------------------------------------------------------------------


def _dedupe(people: list[Person]) -> list[Person]:
    seen: set[tuple[str, str | None, str]] = set()
    unique = []
    for person in people:
        key = (person.name, person.party, person.where)
        if key not in seen:
            seen.add(key)
            unique.append(person)
    return unique


def extract_parties(doc: Doc, governance_spans: list[tuple[int, int]],
                    definitions: list[Definition]) -> tuple[list[Party], bool]:
    """The parties, and whether the list is complete: False when the signatures name parties that
    the opening does not (the opening was read only in part)."""
    blocks = opening_blocks(doc)
    opening = _opening_parties(doc, blocks) or _designated_parties(doc)
    named = [] if opening else _named_openings(doc)
    signature = _signature_parties(doc, governance_spans + blocks)
    full_names = {d.term: f"{d.text} ({d.term})" for d in definitions}
    parties: dict[str, dict] = {}

    def add(ref: PartyRef, reps: list[Person], quote: Quote | None) -> None:
        key = _key(ref.short)
        match = next((k for k in parties if k == key or _same_party(k, key)), None)
        if match is None:
            parties[key] = {"name": ref.name, "short": ref.short, "full_name": ref.full_name or full_names.get(ref.short),
                            "type": ref.type, "representatives": [], "quote": quote}
            match = key
        party = parties[match]
        if party["full_name"] is None and ref.full_name:
            party["full_name"] = ref.full_name
        if party["quote"] is None:
            party["quote"] = quote
        party["representatives"].extend(reps)

    for ref, reps, quote in opening:
        add(ref, reps, quote)
    for ref, quote in named:
        add(ref, [], quote)
    from_opening = set(parties)
    for ref, reps in signature:
        add(ref, reps, reps[0].quote if reps else None)
    complete = not from_opening or set(parties) == from_opening
    return [Party(**{**p, "representatives": _dedupe(p["representatives"])}) for p in parties.values()], complete


def _key(name: str) -> str:
    return " ".join(re.sub(r"[^\w\s-]", " ", name.lower()).split())


def _same_party(a: str, b: str) -> bool:
    """'koninkrijk der nederlanden' and 'het koninkrijk der nederlanden'; 'vlaamse gewest' and
    'vlaams gewest'."""
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or not wa:
        return False
    return all(x == y or _inflected(x, y) or _inflected(y, x) for x, y in zip(wa, wb))


def _inflected(a: str, b: str) -> bool:
    """'vlaamse' is 'vlaams' with an inflection ending."""
    return len(b) > 3 and a.startswith(b) and a[len(b):] in ("e", "s", "en", "se")


def signature_people(doc: Doc, parties: list[Party]) -> list[Person]:
    """Everyone who signs: the signature-block representatives of the parties, then closing lines."""
    people = [r for p in parties for r in p.representatives if r.where == "signature"]
    seen = {p.name for p in people}
    for person in closing_signatories(doc):
        if person.name not in seen:
            people.append(person)
            seen.add(person.name)
    return people

