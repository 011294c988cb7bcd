"""Small pieces of Dutch for what a user sees: dates as officials write them and counted nouns."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ingest.facts.model import Quote

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


def date_nl(iso: str | None) -> str:
    """'2025-12-31' -> '31 december 2025'; a value that is not an ISO date is returned as it is, and
    None or '' as ''."""
    if not iso:
        return ""
    try:
        day = datetime.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def count(n: int, singular: str, plural: str) -> str:
    """'1 actie', '2 acties', '0 acties'."""
    return f"{n} {singular if n == 1 else plural}"


def iso_date(text: str) -> str | None:
    """A date as a user types it, as an ISO date: '2024-03-01', '1-3-2024', '1/3/2024', '1.3.2024' or
    '1 maart 2024'; None when it is not a date that exists."""
    text = " ".join(text.strip().lower().split())
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
        if m:
            day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            m = re.fullmatch(r"(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})", text)
            if not m:
                return None
            day, month, year = int(m.group(1)), MONTHS.index(m.group(2)) + 1, int(m.group(3))
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def join(items: Sequence[str]) -> str:
    """'a', 'a en b', 'a, b en c' (duplicates and empty items left out)."""
    items = [i for i in dict.fromkeys(items) if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def with_article(name: str, *quotes: Quote | None) -> str:
    """ "het lokaal bestuur X" where the document writes the party's name with an article
    ("Voor het lokaal bestuur X:"), else the name as it is."""
    if re.match(r"(?i)(?:de|het|een)\s", name):
        return name
    for quote in quotes:
        if quote is None:
            continue
        m = re.search(r"(?i)\b(de|het)\s+" + re.escape(name) + r"\b", " ".join(quote.text.split()))
        if m:
            return f"{m.group(1).lower()} {name}"
    return name
