"""Recognise the headings of Flemish agreements and council minutes.

A heading has a rank (0 = document part, higher = deeper), a short label used for ancestors in a
section path ("Actie 2.1") and its full title used for the leaf ("2.1.4 Mobiliteit").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_HEADING_CHARS = 200
MAX_LABEL_CHARS = 80


@dataclass(frozen=True)
class Heading:
    rank: int
    label: str
    title: str
    generic: bool = False  # recognised by markup or layout, not by a genre pattern


_PATTERNS: list[tuple[re.Pattern[str], int, str]] = [
    # agenda item of minutes: "24. TEWERKSTELLING. Goedkeuring ..."
    (re.compile(r"^(\d{1,3})\.\s+([A-ZÀ-Ý][A-ZÀ-Ý&'’\- ]{2,}[A-ZÀ-Ý])\s*[.:]"), 0, "{0}. {1}"),
    (re.compile(r"^Samenwerkingsovereenkomst\b(?!\s+(?:wordt|is|beoogt|gaat)\b)", re.IGNORECASE), 0, "Samenwerkingsovereenkomst"),
    (re.compile(r"^Deel\s+([IVXLC]+|\d+)\b\.?"), 1, "Deel {0}"),
    (re.compile(r"^(Motivering|Besluit|Financiële gevolgen|Financiele gevolgen|Adviezen|Juridische grond)\b\s*:?\s*$", re.IGNORECASE), 1, "{0}"),
    (re.compile(r"^(Voorgeschiedenis|Feiten en argumentatie|Argumentatie|Regelgeving|Bevoegdheid)\b\s*:?\s*$", re.IGNORECASE), 2, "{0}"),
    (re.compile(r"^Thema\b"), 2, ""),
    (re.compile(r"^Art(?:ikel|\.)\s*(\d+)\b"), 2, "Artikel {0}"),
    (re.compile(r"^Actiedomein\s+(\d+)\b"), 3, "Actiedomein {0}"),
    (re.compile(r"^Actie\s+(\d+\.\d+)\b"), 4, "Actie {0}"),
    (re.compile(r"^(\d+\.\d+\.\d+)\.?\s+\S"), 5, ""),
]

# Single words that stand alone as a heading in plain text ("Stuurgroep").
_SINGLE_WORD_HEADINGS = {
    "stuurgroep", "werkgroep", "werkgroepen", "overlegstructuur", "duur", "addenda", "bijlagen",
    "besluit", "motivering", "voorgeschiedenis", "aanwezig", "partijen", "ondertekening",
}
_TERMINAL = tuple(".,;:!?")


def _shorten(text: str) -> str:
    text = text.strip().rstrip(":")
    return text if len(text) <= MAX_LABEL_CHARS else text[: MAX_LABEL_CHARS - 1].rstrip() + "…"


def match_pattern(text: str) -> Heading | None:
    """A heading recognised by the genre's numbering and names, or None."""
    text = text.strip()
    if not text or len(text) > MAX_HEADING_CHARS or "\n" in text:
        return None
    for pattern, rank, label_fmt in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        if rank == 5 and len(text) > MAX_LABEL_CHARS:
            return None  # a long numbered sentence, not a sub-item title
        label = label_fmt.format(*m.groups()) if label_fmt else text
        return Heading(rank=rank, label=_shorten(label), title=_shorten(text))
    return None


def looks_like_plain_heading(text: str) -> bool:
    """A short capitalised line without final punctuation, as headings appear in plain text and PDF."""
    text = text.strip()
    if not text or len(text) > MAX_LABEL_CHARS or text.endswith(_TERMINAL) or "\n" in text:
        return False
    if not text[0].isupper() or text.startswith(("- ", "• ", ". ")) or ":" in text or "," in text:
        return False
    words = text.split()
    if len(words) > 8:
        return False
    if len(words) == 1:
        return words[0].lower() in _SINGLE_WORD_HEADINGS
    return True


def outline_heading(text: str, level: int) -> Heading:
    """A heading whose level the markup gave (HTML). Its label is the genre's short label where the
    text has one ("Artikel 3", "24. TEWERKSTELLING"), else the text shortened to 80 characters; its
    title is the text up to 200 characters, so that a section path ends with the whole title of an
    agenda item (they run to 190 characters) while the embedded text keeps room for the passage."""
    text = " ".join(text.split())
    genre = match_pattern(text)
    label = genre.label if genre is not None else _shorten(text)
    title = text.rstrip(":").strip() or text
    if len(title) > MAX_HEADING_CHARS:
        title = title[: MAX_HEADING_CHARS - 1].rstrip() + "…"
    return Heading(rank=level, label=label, title=title)


def classify(text: str, *, marked: bool, plain: bool) -> Heading | None:
    """Classify a paragraph as a heading.

    marked: the format marked it as a heading (Markdown '#', bold-only line, Word heading style).
    plain: the format has no markup (txt, pdf), so layout alone may mark a heading."""
    heading = match_pattern(text)
    if heading is not None:
        return heading
    if marked and len(text.strip()) <= MAX_HEADING_CHARS and not text.strip().endswith("."):
        return Heading(rank=-1, label=_shorten(text), title=_shorten(text), generic=True)
    if plain and looks_like_plain_heading(text):
        return Heading(rank=-1, label=_shorten(text), title=_shorten(text), generic=True)
    return None
