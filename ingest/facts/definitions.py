"""Definitions: what an abbreviation stands for, and what a term means.

- "Interlokale Vereniging Sociale Economie Scheldeland (IVSES)", and the other way round
  "VNSC (Vlaams-Nederlandse Scheldecommissie)";
- a name followed by "hierna te noemen: X";
- the definition lists of regulations: "In deze regeling wordt verstaan onder: a. de minister: de
  Minister van ...; b. ...", and "Onder X wordt verstaan: ...".
"""

from __future__ import annotations

import re
from itertools import pairwise

from ingest.facts.model import Definition
from ingest.facts.parties import ABBR, ORG_WORDS, proper_name
from ingest.facts.text import Doc, clip, sentence_bounds

_SMALL_WORDS = {"voor", "van", "en", "de", "der", "het", "in", "op", "naar", "tot", "met", "bij", "ter", "te", "aan",
                "inzake", "over", "uit"}
# a name that an abbreviation stands for: capitalised words and the small words between them ("Wet
# Werk en Inkomen naar Arbeidsvermogen")
_LONG_NAME = proper_name(sorted(_SMALL_WORDS))
# "Interlokale Vereniging Sociale Economie Scheldeland (IVSES)"
DEFINITION = re.compile(rf"(?P<long>{_LONG_NAME})\s*\((?P<abbr>{ABBR})\)")
# "VNSC (Vlaams-Nederlandse Scheldecommissie)"
REVERSED = re.compile(rf"\b(?P<abbr>{ABBR})\s*\((?P<long>[A-ZÀ-Ý][^()\n]{{5,120}})\)")
# "het Limburgs Universitair Centrum, hierna te noemen: LUC" / "..., hierna genoemd „de Commissie”"
HIERNA = re.compile(rf"(?P<long>{ORG_WORDS}),?\s+hierna\s+(?:te\s+noemen|genoemd)\s*:?\s*[„“\"'‘]?(?P<abbr>(?:de\s+|het\s+)?[A-ZÀ-Ý][\w-]*(?:\s+[A-ZÀ-Ý][\w-]*){{0,3}})")
# "In deze regeling wordt verstaan onder:", "Voor de toepassing van dit besluit wordt verstaan onder:"
LIST_INTRO = re.compile(r"\bwordt\s+(?:in\s+\w+\s+\w+\s+)?verstaan\s+onder\s*:|\bwordt\s+bedoeld\s+met\s*:"
                        r"|\bwordt\s+(?:in\s+\w+\s+\w+\s+)?verstaan\s+onder\s*$"
                        r"|^(?:Begripsbepalingen|Definities|Begrippen)\s*:?\s*$", re.IGNORECASE | re.MULTILINE)
# "a. de minister: de Minister van Onderwijs, ...;" (also "a.de minister:" as converters write it)
# (matched at an item's start, which may lie inside a line: no "^"); an item without a letter ("ADN: Accord
# Européen ...;") counts only in a list that an intro opened
LIST_ITEM = re.compile(r"\s*(?P<marker>[a-z]{1,2}[.)]|\d{1,2}[.)°]|[-–−•])?\s*[‘'„“\"]?(?P<term>[^:;\n‘'„“”’\"]{1,80}?)[’'”\"]?\s*:\s*(?P<text>\S.*)$",
                       re.DOTALL | re.MULTILINE)
# "wordt verstaan onder directie IVV: de directie ...": one definition in the intro's own sentence
INLINE = re.compile(r"\bwordt\s+(?:\w+\s+){0,3}?verstaan\s+onder\s+(?P<term>[^:;\n]{1,60}?)\s*:\s*(?P<text>[^;\n]{3,300}?)(?=[;.](?:\s|$)|$)")
# "In deze Overeenkomst wordt verstaan:onder „de Beneluxlanden” het Koninkrijk België, ...;onder „X”: ..."
QUOTED_ITEM = re.compile(r"\bonder\s*:?\s*(?:de\s+|het\s+)?[„“\"‘']\s*(?P<term>[^”\"’'„“]{1,60}?)\s*[”\"’']\s*:?\s*(?P<text>[^;]{3,300}?)(?=;|\.\s|\.$|$)")
# "Onder archiefbescheiden wordt verstaan: ..."
# "Onder „werknemers” worden in dit Verdrag verstaan onderdanen van ..."
ONDER = re.compile(r"\b[Oo]nder\s+[„“\"']?(?P<term>[^,.;:„“”\"]{2,60}?)[”\"']?\s+(?:wordt|worden)\s+(?:in\s+[^,.;:]{2,40}\s+)?verstaan\s*:?\s*(?P<text>[^.;]{3,300})")
_PARAGRAPH_TERMS = re.compile(r"(?<=[.;:])\s*(?=(?:[a-z]{1,2}|\d{1,2})[.)]\s*[^\s.])")


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


def _abbreviations(doc: Doc, definitions: dict[str, Definition]) -> None:
    text = doc.text
    for m in DEFINITION.finditer(text):
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
        definitions[abbr] = Definition(term=abbr, text=" ".join(rest), quote=doc.sentence_quote(long_start, m.end()))
    for m in REVERSED.finditer(text):
        abbr, long = m.group("abbr"), " ".join(m.group("long").split())
        if abbr not in definitions and _matches_abbreviation(long.split(), abbr):
            definitions[abbr] = Definition(term=abbr, text=long, quote=doc.sentence_quote(m.start(), m.end()))
    for m in HIERNA.finditer(text):
        term = re.sub(r"^(?:de|het)\s+", "", m.group("abbr")).strip()
        if term in definitions or len(term) < 2:
            continue
        long = " ".join(re.sub(r"^(?:de|het)\s+", "", m.group("long"), flags=re.IGNORECASE).split())
        if term.isupper() and not _matches_abbreviation(long.split(), term):
            continue
        definitions[term] = Definition(term=term, text=long, quote=doc.sentence_quote(m.start(), m.end()))


def _term_lists(doc: Doc, definitions: dict[str, Definition]) -> None:
    """Definition lists after "wordt verstaan onder:" (one item per paragraph, or run together)."""
    text = doc.text
    paragraphs = doc.paragraphs
    for i, (p_start, p_end) in enumerate(paragraphs):
        para = text[p_start:p_end]
        intro = LIST_INTRO.search(para)
        if not intro:
            continue
        # items in the same paragraph after the colon, then in the paragraphs below
        spans = [(p_start + intro.end(), p_end)] if intro.end() < len(para.rstrip()) else []
        spans += paragraphs[i + 1 : i + 40]
        misses = 0
        for s, e in spans:
            pieces = _split_items(text, s, e)
            found = False
            for ps, pe in pieces:
                m = LIST_ITEM.match(text, ps, pe)
                if not m or (not m.group("marker") and len(m.group("term").split()) > 6):
                    continue
                term = " ".join(re.sub(r"^(?:de|het|een)\s+", "", m.group("term").strip(), flags=re.IGNORECASE).split())
                body = " ".join(m.group("text").split()).rstrip(";.")
                if term and len(term.split()) <= 8 and term.lower() not in definitions:
                    definitions[term.lower()] = Definition(
                        term=term, text=body, quote=doc.quote(*clip(text, ps, pe, m.start("term"), m.end("term"))))
                found = True
            misses = 0 if found else misses + 1
            if misses > 2:  # the list has ended (one item may run over a paragraph or two)
                break


def _split_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Lettered items run together in one paragraph ("a.de minister: ...; b.de gemeente: ...")."""
    cuts = [start] + [start + m.start() for m in _PARAGRAPH_TERMS.finditer(text[start:end]) if m.start() > 0] + [end]
    return [(a, b) for a, b in pairwise(cuts) if text[a:b].strip()]


def _quoted_and_inline(doc: Doc, definitions: dict[str, Definition]) -> None:
    """Definitions written in the intro's sentence, or as "onder „X” ..." items after "wordt verstaan"."""
    text = doc.text
    for p_start, p_end in doc.paragraphs:
        if "verstaan" not in text[p_start:p_end]:
            continue
        for m in [*INLINE.finditer(text, p_start, p_end), *QUOTED_ITEM.finditer(text, p_start, p_end)]:
            term = " ".join(re.sub(r"^(?:de|het|een)\s+", "", m.group("term").strip(), flags=re.IGNORECASE).split())
            if term and len(term.split()) <= 8 and term.lower() not in definitions:
                definitions[term.lower()] = Definition(term=term, text=" ".join(m.group("text").split()).strip(" :,"),
                                                       quote=doc.quote(*clip(text, m.start(), m.end(), m.start(), m.end())))


def _onder(doc: Doc, definitions: dict[str, Definition]) -> None:
    for m in ONDER.finditer(doc.text):
        term = " ".join(m.group("term").split())
        if term.lower() not in definitions:
            s, e = sentence_bounds(doc.text, m.start(), m.end())
            definitions[term.lower()] = Definition(term=term, text=" ".join(m.group("text").split()),
                                                   quote=doc.quote(*clip(doc.text, s, e, m.start(), m.end())))


def extract_definitions(doc: Doc) -> list[Definition]:
    definitions: dict[str, Definition] = {}
    _abbreviations(doc, definitions)
    _term_lists(doc, definitions)
    _quoted_and_inline(doc, definitions)
    _onder(doc, definitions)
    return list(definitions.values())
