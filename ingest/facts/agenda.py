"""The agenda items of minutes and decision lists: number, title, status and votes.

Items are the numbered paragraphs that ingest/structure.py recognises as a run ("1. Opening",
"2. ...", ...); an item runs to the next one. Its status ("aangenomen", "verdaagd", ...) comes from
the words of the genre data file; its votes are the vote blocks inside it.
"""

from __future__ import annotations

from ingest.facts.minutes import attendance_in
from ingest.facts.model import AgendaItem, Vote
from ingest.facts.text import Doc
from ingest.genre import fold, genre
from ingest.structure import ItemStart, agenda_items


def item_starts(doc: Doc) -> list[ItemStart]:
    return agenda_items(doc.text, doc.paragraphs) if doc.kind == "minutes" else []




def extract_items(doc: Doc, starts: list[ItemStart], votes: list[Vote]) -> list[AgendaItem]:
    text = doc.text
    items = []
    for i, item in enumerate(starts):
        end = starts[i + 1].start if i + 1 < len(starts) else len(text)
        title = " ".join(text[item.title_start : item.title_end].split()).rstrip(".:")
        inside = [v for v in votes if item.start <= v.quote.start < end]
        status = item_status(text[item.start:end]) or status_elsewhere(text, title) or counted_outcome(inside)
        items.append(AgendaItem(number=item.number, title=title, status=status, votes=inside,
                                quote=doc.quote(item.start, item.title_end), **item_absent(doc, item.title_end, end)))
    return items


def counted_outcome(votes: list[Vote]) -> str | None:
    """ "met 20 stemmen voor en 5 stemmen tegen" and no word for the decision: more for than against is
    adopted, fewer is rejected (the last vote on the item decides it)."""
    counted = [v for v in votes if v.for_ is not None and v.against is not None and v.for_ != v.against]
    if not counted:
        return None
    return "aangenomen" if counted[-1].for_ > counted[-1].against else "verworpen"


def item_absent(doc: Doc, start: int, end: int) -> dict:
    """Who was absent or excused for one agenda item ("Afwezig: ...", "Verontschuldigd: ..." inside
    it: minutes that record attendance per item), as AgendaItem fields."""
    found = attendance_in(doc.text, start, end, absent=True)
    if found is None:
        return {}
    names, label_start, list_end, _ = found
    return {"absent": names, "absent_quote": doc.quote(label_start, list_end)}


def status_elsewhere(text: str, title: str) -> str | None:
    """A decision list that gives each item twice (the list of decisions, then the decisions in
    full) states the decision under the title in the list: the status line right after another
    occurrence of the item's title."""
    title = " ".join(title.split()).strip(" .")
    if len(title) < 12:
        return None
    lines = genre().status_lines
    pos = text.find(title)
    while pos >= 0:
        after = text[pos + len(title) : pos + len(title) + 120].lstrip(" .'\"’”\n")
        word = fold(after.split("\n", 1)[0]).strip(" .:;!") if after else ""
        if word in lines:
            return word
        pos = text.find(title, pos + 1)
    return None


def item_status(body: str) -> str | None:
    """The decision on an item, from its text (title first, then the body)."""
    lines = genre().status_lines
    for line in body.splitlines()[1:]:  # the first line is the item's title
        word = fold(line).strip(" .:;!")
        if word in lines:
            return word
    folded = fold(body)
    for status, words in genre().statuses:
        if any(w in folded for w in words):
            return status
    return None


