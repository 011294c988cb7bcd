"""The agenda items of minutes and decision lists: number, title, status and votes.

Items are the numbered paragraphs that ingest/structure.py recognises as a run ("1. Opening",
"2. ...", ...); an item runs to the next one. Its status ("aangenomen", "verdaagd", ...) comes from
the words of the genre data file; its votes are the vote blocks inside it.
"""

from __future__ import annotations

import re
import unicodedata

from ingest.facts.model import AgendaItem, Vote
from ingest.facts.text import Doc
from ingest.genre import genre
from ingest.structure import ItemStart, agenda_items


def item_starts(doc: Doc) -> list[ItemStart]:
    return agenda_items(doc.text, doc.paragraphs) if doc.kind == "minutes" else []


_NUMBER = re.compile(r"^(?:[A-Z]{1,3}\s?)?\d{1,3}\s*[.:)\-–]?\s+")  # "12. ", "HD 1. "


def extract_items(doc: Doc, starts: list[ItemStart], votes: list[Vote]) -> list[AgendaItem]:
    text = doc.text
    items = []
    for i, item in enumerate(starts):
        end = starts[i + 1].start if i + 1 < len(starts) else len(text)
        title = " ".join(text[item.start : item.title_end].split()).rstrip(".:")
        title = _NUMBER.sub("", title, count=1) or title
        inside = [v for v in votes if item.start <= v.quote.start < end]
        items.append(AgendaItem(number=item.number, title=title, status=_status(text[item.start:end]),
                                votes=inside, quote=doc.quote(item.start, item.title_end)))
    return items


def _status(body: str) -> str | None:
    folded = _fold(body)
    for status, words in genre().statuses:
        if any(w in folded for w in words):
            return status
    return None


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", " ".join(text.lower().split()))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
