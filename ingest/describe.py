"""Per-document description: kind (agreement, minutes, other), title and date."""

from __future__ import annotations

import datetime
import re

from ingest.genre import genre, words_pattern
from ingest.records import CleanText, Section

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
DATE_PATTERN = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)
_MEETING_DATE = re.compile(
    r"(?:vergadering|zitting|raadsvergadering|raadszitting)(?: van)?\s+(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\s+)?"
    r"(\d{1,2}\s+\w+\s+\d{4})", re.IGNORECASE)
_START_DATE = re.compile(r"gaat in op\s+(\d{1,2}\s+\w+\s+\d{4})", re.IGNORECASE)
_FILE_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_WORD = re.compile(r"(?<![\w*])[A-Za-zÀ-ÿ]{3,}(?![\w*])")  # a word of letters alone, not a code


def iso_date(text: str) -> str | None:
    """The first date in the text that exists: '1 maart 2021' -> '2021-03-01'; '31 februari 2021' is
    skipped (a typing error in the document is not a date)."""
    for m in DATE_PATTERN.finditer(text):
        found = _valid(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
        if found:
            return found
    return None


def _valid(year: int, month: int, day: int) -> str | None:
    """'YYYY-MM-DD' when that day exists in the calendar, else None."""
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def document_kind(text: str) -> str:
    """"minutes" (also decision lists and agendas), "agreement" (also treaties, statutes and
    regulations) or "other", from what the first lines say (ingest/genre.toml)."""
    head = text[:3000]
    # an agreement marker also as the head of a compound ("retributiereglement", "huurovereenkomst")
    if words_pattern(genre().minutes_markers).search(text[:600]):
        return "minutes"
    if words_pattern(genre().agreement_markers, compounds=True).search(head):
        return "agreement"
    if words_pattern(genre().minutes_markers).search(head):
        return "minutes"
    return "other"


def document_title(clean: CleanText, sections: list[Section], kind: str, file_name: str) -> str:
    """The title: for the extract of one agenda item, that item; else the first paragraph when it reads
    as a title (short, and not a sentence unless it names the kind of document); else the first
    heading; else the file name."""
    text = clean.text
    headings = [text[s.heading_start : s.start].strip() for s in sections if s.start > s.heading_start]
    if kind == "minutes":
        item = next((h for h in headings if re.match(r"^\d{1,3}\.\s+[A-Z]{3,}", h)), None)
        if item:
            return _clip(item)
    paragraphs_ = [p.strip() for p in text.split("\n\n")[:8] if p.strip()]
    while len(paragraphs_) > 1 and not _WORD.search(paragraphs_[0]):
        paragraphs_ = paragraphs_[1:]  # a barcode or reference number ("*BM1501087*") before the title
    first = paragraphs_[0] if paragraphs_ else ""
    # a title broken over lines in a PDF: "Verdrag tussen ... en de" / "Vlaamse Gemeenschap ..."
    for nxt in paragraphs_[1:3]:
        if re.search(r"\b(?:de|het|en|van|der|tot|inzake|betreffende|tussen|voor|met|op|in)$", first) and len(first) < 250:
            first = f"{first} {nxt}"
    flat = " ".join(first.split())
    names_kind = re.match(r"(?i)(?:" + "|".join(re.escape(w) for w in genre().document_nouns + genre().minutes_markers) + r")\b", flat)
    if flat and ((len(flat) <= 250 and not flat.endswith(".")) or names_kind):
        return _clip(flat)
    if headings:
        return _clip(headings[0])
    return _clip(flat) if flat else file_name


def document_date(text: str, kind: str, file_name: str) -> str | None:
    for pattern in ((_MEETING_DATE, _START_DATE) if kind == "minutes" else (_START_DATE, _MEETING_DATE)):
        for m in pattern.finditer(text):
            found = iso_date(m.group(1))
            if found:
                return found
    for m in _FILE_DATE.finditer(file_name):
        found = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if found:
            return found
    return iso_date(text[:5000])


def _clip(text: str, limit: int = 200) -> str:
    """Whitespace collapsed, cut at a word boundary when longer than `limit` (200: an agenda item's
    title runs to about 190 characters), and never inside a quoted name: "...: 'Samen…" reads as a
    word cut off, so the cut goes before the quote."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    head = text[: cut if cut > 0 else limit - 1]
    opened = [head.rfind(o) for o, c in (("‘", "’"), ("“", "”"), ("«", "»"), ("„", "”")) if head.rfind(o) > head.rfind(c)]
    # a straight quote opens after a space (not "'s" or "'t") and closes before a space or punctuation
    opened += [head.rfind(q) for q in ("'", '"')
               if len(re.findall(rf"(?:^|(?<=\s)){q}(?![st]\b)|{q}(?=\s|$|[.,;:!?])", head)) % 2]
    if opened and max(opened) > 0:
        head = head[: max(opened)]
    return head.rstrip(" ,;:-–") + "…"
