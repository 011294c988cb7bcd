"""Facts from the linked data of an HTML publication page (ingest/publication.py): the meeting, its
agenda items with their votes and status, and attendance.

The records quote lines of the rendered page; here each quote is found again in the cleaned text,
so that the facts cite exact text with its section path like every other fact.
"""

from __future__ import annotations

import datetime as dt

from ingest.facts.agenda import item_absent, item_status, status_elsewhere
from ingest.facts.model import AgendaItem, DateFact, Quote, TextFact, Vote
from ingest.facts.text import Doc
from ingest.genre import genre
from ingest.publication import Publication
from ingest.publication import Quote as PageQuote
from ingest.publication import Vote as PageVote

MAX_VOTE_QUOTE = 2000  # characters of a vote's visible text


def dutch_date(iso: str) -> str:
    """'2023-12-21' -> '21 december 2023'."""
    day = dt.date.fromisoformat(iso[:10])
    return f"{day.day} {genre().months[day.month - 1]} {day.year}"


class _Locator:
    """Finds the page's lines in the cleaned text, within a span of it."""

    def __init__(self, doc: Doc, start: int = 0, end: int | None = None) -> None:
        self.doc = doc
        self.start = start
        self.end = len(doc.text) if end is None else end

    def find(self, text: str | None, near: int | None = None) -> tuple[int, int] | None:
        if not text:
            return None
        flat = " ".join(text.split())
        start = self.doc.text.find(flat, self.start if near is None else near, self.end)
        if start < 0:
            return None
        return start, start + len(flat)

    def quote(self, page: PageQuote | None, text: str | None = None) -> Quote | None:
        span = self.find(page.text if page else text)
        return self.doc.quote(*span) if span else None

    def block(self, description: str | None, anchor: PageQuote | None) -> Quote | None:
        """A vote's visible text (several lines): from its first line to the end of its last, found
        around the vote's count line (`anchor`) where the page shows one."""
        lines = [" ".join(line.split()) for line in (description or "").splitlines() if line.strip()]
        at = self.find(anchor.text) if anchor else None
        near = max(self.start, at[0] - 600) if at else None
        first = self.find(lines[0], near) if lines else None
        if first is None or (at is not None and first[0] > at[0]):
            first = at
        if first is None:
            return None
        end = first[1]
        for line in lines[1:]:
            span = self.find(line, end)
            if span is None:
                continue  # a line above the anchor, or shown differently: the block goes on
            if span[1] - first[0] > MAX_VOTE_QUOTE:
                break
            end = span[1]
        return self.doc.quote(first[0], end)


def meeting_date(doc: Doc, pub: Publication) -> DateFact | None:
    meeting = pub.meeting
    if meeting is None or not meeting.date:
        return None
    text = dutch_date(meeting.date)
    locate = _Locator(doc)
    day = dt.date.fromisoformat(meeting.date[:10])
    quote = (locate.quote(meeting.quote) or locate.quote(None, text)
             or locate.quote(None, f"{day.day:02d}/{day.month:02d}/{day.year}") or locate.quote(None, meeting.date[:10]))
    if quote is None:
        return None
    return DateFact(text=text, date=meeting.date[:10], quote=quote)


def place(doc: Doc, pub: Publication) -> TextFact | None:
    meeting = pub.meeting
    if meeting is None or not meeting.place:
        return None
    quote = _Locator(doc).quote(None, meeting.place)
    return TextFact(text=" ".join(meeting.place.split()), quote=quote) if quote else None


def items(doc: Doc, pub: Publication) -> list[AgendaItem]:
    """The agenda items of the linked data, each with its votes (found in the item's own part of the
    text) and a status from their result."""
    votes_of: dict[str | None, list[PageVote]] = {}
    for vote in pub.votes:
        votes_of.setdefault(vote.item_uri, []).append(vote)
    located = []
    pos = 0
    for item in pub.items:
        span = _Locator(doc, pos).find(item.quote.text if item.quote else item.heading)
        if span is not None:
            located.append((item, span))
            pos = span[1]
    found = []
    for i, (item, span) in enumerate(located):
        end = located[i + 1][1][0] if i + 1 < len(located) else len(doc.text)
        within = _Locator(doc, span[0], end)
        page_votes = votes_of.get(item.uri, [])
        votes = [v for v in (_vote(within, pv) for pv in page_votes) if v is not None]
        results = [pv.result for pv in page_votes if pv.result]
        found.append(AgendaItem(number=item.number or str(item.position), title=item.title,
                                status=_status(results[0]) if results else (item_status(doc.text[span[0]:end])
                                                                            or status_elsewhere(doc.text, item.title)),
                                votes=votes,
                                quote=doc.quote(*span), **item_absent(doc, span[1], end)))
    return found


def _vote(locate: _Locator, vote: PageVote) -> Vote | None:
    quote = locate.block(vote.description, vote.quote)
    if quote is None:
        return None
    counts = [f"{n} {label}" for n, label in ((vote.in_favour, "voor"), (vote.against, "tegen"),
                                              (vote.abstaining, "onthoudingen")) if n is not None]
    text = ", ".join([*(x for x in (vote.result,) if x), *counts]) or " ".join(quote.text.split())[:160]
    return Vote(text=text, **{"for": vote.in_favour}, against=vote.against, abstentions=vote.abstaining,
                names_for=list(vote.voters_in_favour), names_against=list(vote.voters_against),
                names_abstaining=list(vote.voters_abstaining), outcome=_status(vote.result), quote=quote)


def _status(result: str | None) -> str | None:
    if not result:
        return None
    folded = result.lower()
    for status, words in genre().statuses:
        if any(w in folded for w in words):
            return status
    return folded


def attendance(doc: Doc, pub: Publication) -> tuple[list[str], Quote | None, list[str], Quote | None]:
    """Present and absent (or excused) members of the meeting as a whole."""
    whole = [a for a in pub.attendance if a.item_uri is None] or list(pub.attendance[:1])
    if not whole:
        return [], None, [], None
    record = whole[0]
    quote = _Locator(doc).quote(record.quote)
    present = [p.name for p in record.present]
    absent = [p.name for p in (*record.absent, *record.excused)]
    return present, quote if present else None, absent, quote if absent else None
