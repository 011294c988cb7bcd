"""Small pieces of Dutch for what a user sees: dates as officials write them and counted nouns."""

from __future__ import annotations

import datetime

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
