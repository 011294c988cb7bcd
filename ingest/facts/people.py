"""Person names and their roles, as they appear in openings, signature blocks and minutes.

A name is two or more capitalised words ("Hilde Van der Jeugt"), initials and a surname
("M.C. van der Laan", "G.J. Braas") or, in a signature block only, a name in capitals
("BEN WEYTS", "M.H. SCHULTZ VAN HAEGEN"). Roles are the words around it ("voorzitter
gemeenteraad", "de Minister van Onderwijs").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.genre import genre

# One capitalised name word: "Karel", "Van", "Gorré", "Jean-Pierre", "D'Hondt" (not "VDAB").
_NAME_WORD = r"[A-ZÀ-Ý](?:['’][A-ZÀ-Ý])?[a-zà-ÿ'’]+(?:-[A-ZÀ-Ý][a-zà-ÿ'’]+)*"
# Lower-case particles inside a name: "Hilde Van der Jeugt", "Carl Van den Eynde".
_NAME_PARTICLE = r"(?:van|de|der|den|ter|ten|du|la|le|da|di|von|vande|vanden|vander|'t|in\s+'t)"
# A following "Voor ..." signature line is not part of a name.
_NOT_NAME_NEXT = r"(?!(?:Voor|Namens|Bij|En|Tussen|Addenda|Bijlagen?)\b)"
PERSON_NAME = re.compile(rf"{_NAME_WORD}(?:[ ]+(?:{_NAME_PARTICLE}[ ]+)*{_NOT_NAME_NEXT}{_NAME_WORD})+")
# "M.C. van der Laan", "J.P. Verhoef", "drs. ing. G.J. Braas", "G.K. Visser", "A.M.A. van Ardenne-van der Hoeven"
INITIALS_NAME = re.compile(
    rf"(?<![\w.])(?:(?:drs|ing|ir|mr|dr|prof|ds)\.\s*)*(?:[A-Z][A-Z]?\.\s?){{1,6}}\s*(?:{_NAME_PARTICLE}\s+)*"
    rf"(?:{_NAME_WORD}(?:-(?:{_NAME_PARTICLE}\s+)*{_NAME_WORD})?|[A-Z][A-Z'’-]+(?:\s+[A-Z][A-Z'’-]+){{0,3}})"
)
# A member by surname with the party in brackets, as council minutes list them: "Faïd (HSP)", "Van den
# Bos (PvdD)", "Martinez van Andel (Hart voor Den Haag)" (names and party group "name" and "party")
SURNAME_PARTY = re.compile(
    rf"(?<![\w(])(?P<name>(?:(?i:{_NAME_PARTICLE})\s+)*{_NAME_WORD}(?:\s+(?:{_NAME_PARTICLE}\s+)*{_NAME_WORD}){{0,3}})"
    r"\s*\((?P<party>[^()\n]{1,40})\)"
)
# "BEN WEYTS", "SCHULTZ VAN HAEGEN": only trusted on a line of its own in a signature block.
CAPS_NAME = re.compile(r"^(?:[A-ZÀ-Ý]\.\s?){0,3}[A-ZÀ-Ý][A-ZÀ-Ý'’-]+(?:\s+[A-ZÀ-Ý][A-ZÀ-Ý'’-]+){0,3}$")
# A person's name starts with a first name, not with one of these words.
_NOT_FIRST_WORDS = {
    "de", "het", "van", "voor", "namens", "bij", "tussen", "en", "een", "op", "in", "met", "deze", "dit", "zij",
    "wij", "we", "ook", "door", "als", "gelet", "overwegende", "gezien", "artikel", "hoofdstuk", "aldus", "gedaan",
    "den", "der", "ter", "ten", "te",  # a place ("Den Haag"), not a first name
}
# Courtesy titles before a name, and phrases that introduce signatories.
HONORIFIC = re.compile(r"^(?:de\s+heer|mevrouw|mevr\.|dhr\.|meneer|heer|mr\.|mw\.|drs\.|dr\.|prof\.|ir\.|ing\.)\s*", re.IGNORECASE)
_ROLE_FILLER = re.compile(
    r"^(?:vertegenwoordigd\s+door|waarvoor\s+optreedt|waarvoor\s+optreden|optredend(?:\s+als)?|"
    r"handelend\s+als|in\s+de\s+persoon\s+van|namens\s+wie)\s*",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _not_name_words() -> frozenset[str]:
    return genre().not_name_words


def valid_name(name: str, caps: bool = False) -> bool:
    words = [w for w in re.split(r"[\s.]+", name) if w]
    if len(words) < 2 and not (caps and len(words) == 1 and len(words[0]) >= 4):
        return False
    if words[0].lower() in _NOT_FIRST_WORDS:
        return False
    return not any(w.lower().strip("'’") in _not_name_words() for w in words)


def clean_role(raw: str) -> str | None:
    """A role phrase as written, without titles, articles, '(get.)' and punctuation."""
    role = re.sub(r"\(get\.?\)|\bget\.|\(w\.g\.\)|\bw\.g\.", " ", raw)
    role = re.sub(r"^.*\b\d{4}\.\s+(?=\S)", "", role)  # the place and date before it: "Brussel, 28 juli 2005. De ..."
    role = " ".join(role.split()).strip(" ,;:.-–—")
    for _ in range(3):
        previous = role
        role = _ROLE_FILLER.sub("", role)
        role = HONORIFIC.sub("", role)
        role = re.sub(r"^(?:en|de|het|haar|zijn)\s+", "", role, flags=re.IGNORECASE).strip(" ,;:.-–—")
        if role == previous:
            break
    # a title of the name that follows: "de directeur-generaal Milieubeheer dr. B. Ter Haar"
    role = re.sub(r"(?:\s+(?:de\s+heer|mevrouw|dr|drs|mr|ir|ing|prof)\.?)+$", "", role, flags=re.IGNORECASE).strip(" ,;:.-–—")
    if re.fullmatch(r"(?:de\s+)?(?:heer|mevrouw)", role, re.IGNORECASE):
        return None
    if not re.search(r"[a-zà-ÿ]", role) or len(role) > 80:
        return None
    if len(role) > 1 and role[0].isupper() and role[1].islower() and not role.startswith(("Minister", "Staatssecretaris")):
        role = role[0].lower() + role[1:]  # "Provinciaal directeur" -> "provinciaal directeur"
    return role


def is_role(text: str) -> bool:
    """Whether a short phrase names an office ("De Minister van Verkeer en Waterstaat", "voorzitter")."""
    folded = text.lower()
    # "Ministervan": a source that lost the space before "van" still names the office; a compound ends in
    # a long role word ("provinciegriffier", "hoofddirecteur"; not "binnenschepen")
    return any(re.search((r"\b" if len(r) < 8 else r"") + re.escape(r) + r"(?:\b|(?=van\b|voor\b))", folded)
               for r in genre().roles)


def _split_between(text: str, start: int, end: int, role_first: bool) -> tuple[tuple[int, int], tuple[int, int]]:
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
class Found:
    """A name found in the text, with its role and the span of both."""

    name: str
    role: str | None
    start: int  # span of the name
    end: int
    span_start: int  # span of the name with its role
    span_end: int


# initials before a surname of two words: "E. M. H. Hirsch Ballin"
_INITIALS_FULL = re.compile(rf"(?<![\w.])(?:[A-Z]\.\s?){{1,6}}\s*{PERSON_NAME.pattern}")


def find_names(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Names in text[start:end], in order: full names and names with initials."""
    found = [m for m in _INITIALS_FULL.finditer(text, start, end) if valid_name(m.group(0))]
    for m in PERSON_NAME.finditer(text, start, end):
        if valid_name(m.group(0)) and not any(f.start() <= m.start() < f.end() for f in found):
            found.append(m)
    for m in INITIALS_NAME.finditer(text, start, end):
        if any(f.start() <= m.start() < f.end() or m.start() <= f.start() < m.end() for f in found):
            continue
        if valid_name(m.group(0), caps=True):
            found.append(m)
    return sorted(found, key=lambda m: m.start())


def parse_people(text: str, start: int, end: int) -> list[Found]:
    """Names with their roles in a clause such as "de heer Wim Adriaens, gedelegeerd bestuurder en
    de heer Freddy Van Malderen, directeur VDAB Oost-Vlaanderen" or "waarnemend burgemeester
    Alexander Vandersmissen en algemeen directeur Erik Laga"."""
    names = find_names(text, start, end)
    people: list[Found] = []
    role_first = False
    for i, m in enumerate(names):
        if i:
            before = _split_between(text, names[i - 1].end(), m.start(), role_first)[1]
        else:
            before = _last_comma_part(text, start, m.start())
            role_first = clean_role(text[before[0] : before[1]]) is not None
        after = (m.end(), names[i + 1].start() if i + 1 < len(names) else end)
        if i + 1 < len(names):
            after = _split_between(text, *after, role_first)[0]
        role, span = clean_role(text[before[0] : before[1]]), before
        if role is None:
            role, span = clean_role(text[after[0] : after[1]]), after
        if role is None:
            span = (m.start(), m.end())
        name = HONORIFIC.sub("", m.group(0)).strip()
        people.append(Found(name, role, m.start(), m.end(), min(span[0], m.start()), max(span[1], m.end())))
    return people


def caps_name(line: str) -> str | None:
    """A signature line that is only a name in capitals ("BEN WEYTS"), else None."""
    line = line.strip().strip(",;")
    if len(line) > 60 or not CAPS_NAME.match(line):
        return None
    return line if valid_name(line, caps=True) else None
