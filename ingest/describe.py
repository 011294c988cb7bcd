"""Per-document description: kind (agreement, minutes, other), title and date."""

from __future__ import annotations

import datetime
import re

from ingest.records import CleanText, Section

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
DATE_PATTERN = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)
_MINUTES = re.compile(r"uittreksel uit de notulen|\bnotulen\b|zitting van de gemeenteraad|vergadering van", re.IGNORECASE)
_AGREEMENT = re.compile(r"samenwerkingsovereenkomst|\bovereenkomst\b|\bconvenant\b|protocolakkoord", re.IGNORECASE)
_MEETING_DATE = re.compile(r"(?:vergadering|zitting) van\s+(\d{1,2}\s+\w+\s+\d{4})", re.IGNORECASE)
_START_DATE = re.compile(r"gaat in op\s+(\d{1,2}\s+\w+\s+\d{4})", re.IGNORECASE)
_FILE_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


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
    head = text[:3000]
    if _MINUTES.search(head):
        return "minutes"
    if _AGREEMENT.search(head):
        return "agreement"
    return "other"


def document_title(clean: CleanText, sections: list[Section], kind: str, file_name: str) -> str:
    """The first heading (for minutes: the agenda item), else the first line, else the file name."""
    text = clean.text
    headings = [text[s.heading_start : s.start].strip() for s in sections if s.start > s.heading_start]
    if kind == "minutes":
        item = next((h for h in headings if re.match(r"^\d{1,3}\.\s+[A-Z]", h)), None)
        if item:
            return _clip(item)
    if headings:
        return _clip(headings[0])
    first = text.strip().split("\n", 1)[0] if text.strip() else ""
    return _clip(first) if first else file_name


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


def _clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
