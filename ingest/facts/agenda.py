"""The agenda items of minutes and decision lists: number, title, status and votes.

Items are the numbered paragraphs that ingest/structure.py recognises as a run ("1. Opening",
"2. ...", ...); an item runs to the next one. Its status ("aangenomen", "verdaagd", ...) comes from
the words of the genre data file; its votes are the vote blocks inside it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import islice

from ingest.facts.minutes import attendance_in
from ingest.facts.model import AgendaItem, Quote, Vote
from ingest.facts.text import Doc, sentence_at
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
                                decision=item_decision(doc, item, end, inside),
                                quote=doc.quote(item.start, item.title_end), **item_absent(doc, item.title_end, end)))
    return items


# a proposal's line in the text of the minutes: "- Voorstel van het college inzake ... (RIS320058)."
_PROPOSAL_LINE = re.compile(r"^[-–•]\s+\S")
PROPOSAL_CHARS = 300


def voted_items(doc: Doc, votes: list[Vote]) -> list[AgendaItem]:
    """Minutes that record their votes one after the other without numbered agenda items ("In stemming
    komt amendement H.B SP." and then "Het amendement wordt aangenomen met 37 tegen 7 stemmen."): each
    subject put to the vote (genre.toml's [vote_subject]) is an item with its vote, titled with the
    proposal line above it that it belongs to."""
    text = doc.text
    subjects: list[tuple[int, int, str, str | None]] = []
    proposal = None
    for p_start, p_end in doc.paragraphs:
        para = " ".join(text[p_start:p_end].split())
        if _PROPOSAL_LINE.match(para) and len(para) <= PROPOSAL_CHARS:
            proposal = para[1:].strip(" .")
        m = genre().vote_subject.match(para)
        if m:
            subjects.append((p_start, p_end, m.group("subject").strip(" ."), proposal))
    items = []
    for i, (start, end, subject, proposal) in enumerate(subjects):
        stop = subjects[i + 1][0] if i + 1 < len(subjects) else len(text)
        inside = [v for v in votes if start <= v.quote.start < stop][:1]
        if not inside:
            continue
        title = f"{subject} ({proposal})" if proposal and fold(proposal) not in fold(subject) else subject
        items.append(AgendaItem(number="", title=title, status=inside[0].outcome or counted_outcome(inside),
                                votes=inside, quote=doc.quote(start, end)))
    return items


DECISION_CHARS = 600  # of a decision statement with its numbered points
DECIDER_CHARS = 80  # where a statement names who decides ("De raad besluit", "Besluit:")


def item_decision(doc: Doc, item: ItemStart, end: int, votes: list[Vote]) -> Quote | None:
    """The sentence of an agenda item that states what was decided (genre.toml's
    [decision_statement]), not a vote block; one that ends in a colon ("De raad besluit unaniem:",
    also at the end of the title line) takes the numbered points after it."""
    text = doc.text
    statement = genre().decision_statement
    # inside a vote block, not its first paragraph ("De raad besluit in meerderheid:" opens one)
    in_vote = [(v.quote.start + 1, v.quote.end) for v in votes]
    found: list[Quote] = []
    paragraphs = doc.paragraphs
    first = bisect_right(paragraphs, item.start, key=lambda p: p[1])  # the first paragraph of the item
    for k in range(first, len(paragraphs)):
        p_start, p_end = paragraphs[k]
        if p_start >= end:
            break
        if any(a <= p_start < b for a, b in in_vote):
            continue
        m = statement.search(text, max(p_start, item.title_start), p_end)
        if not m:
            continue
        opens_points = text[p_start:p_end].rstrip().endswith(":")
        if m.start() < item.title_end and not opens_points:
            continue  # a word of the title ("Voorstel tot vaststelling ...") is no decision
        start = sentence_at(text, m.start())[0]
        if m.start() >= item.title_end:  # not the item's number and title before it
            start = max(start, item.title_end)
        stop = p_end
        if opens_points:  # the points after "De raad besluit unaniem:"
            for q_start, q_end in islice(paragraphs, k + 1, None):
                if q_start >= end or q_end - start > DECISION_CHARS or any(a - 1 <= q_start < b for a, b in in_vote):
                    break
                stop = q_end
        found.append(doc.quote(start, min(stop, start + DECISION_CHARS)))
    return min(found, key=_decision_rank, default=None)


def _decision_rank(quote: Quote) -> int:
    """0: a decision formula ("Besluit:", "De raad besluit unaniem:"); 1: a deciding body's statement
    ("De raad keurt ... goed"); 2: another (a group's: "de fractie besluit het amendement aan te passen")."""
    head = fold(quote.text)[:DECIDER_CHARS]
    if genre().decision_formula.search(head):
        return 0
    return 1 if genre().deciders.search(head) else 2


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


