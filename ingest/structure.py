"""Recognise the headings of agreements, minutes, decisions and regulations (ingest/genre.toml).

A heading has a rank (0 = document part, higher = deeper), a short label used for ancestors in a
section path ("Actie 2.1") and its full title used for the leaf ("2.1.4 Mobiliteit").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from ingest.genre import fold, genre

MAX_HEADING_CHARS = 200
# an agenda item's title line is taken whole up to this length ("5. Politiezone. Aankoop van ...");
# a longer first line runs on into the item's text, and its first sentence is the title
MAX_ITEM_TITLE_CHARS = 300
MAX_LABEL_CHARS = 80
MIN_RUNNING_WORDS = 5  # after a numbered label, a sentence of this many words is text, not a title


@dataclass(frozen=True)
class Heading:
    rank: int
    label: str
    title: str
    generic: bool = False  # recognised by markup or layout, not by a genre pattern
    # "Art. 4. De huurprijs bedraagt 15 euro." is a numbered label and the article's text on one line:
    # where that text starts in the (stripped) line; None when the whole line is the heading
    text_at: int | None = None


_TERMINAL = tuple(".,;:!?")


def shorten(text: str) -> str:
    text = text.strip().rstrip(":")
    return text if len(text) <= MAX_LABEL_CHARS else text[: MAX_LABEL_CHARS - 1].rstrip() + "…"


def match_pattern(text: str) -> Heading | None:
    """A heading recognised by the genre's numbering and names (ingest/genre.toml), or None."""
    text = text.strip()
    if not text or len(text) > MAX_HEADING_CHARS or "\n" in text:
        return None
    for rule in genre().headings:
        m = rule.pattern.match(text)
        if not m:
            continue
        if (rule.max_chars and len(text) > rule.max_chars) or (rule.max_words and len(text.split()) > rule.max_words):
            return None  # a long numbered sentence or a sentence about the document, not a heading
        if rule.keep_word:
            label = f"{text.split()[0].rstrip('.')} {m.group(1)}"
        else:
            label = rule.label.format(*m.groups()) if rule.label else text
        rest = text[m.end():].lstrip(" .:–-")
        if rule.heads_text and len(rest.split()) >= MIN_RUNNING_WORDS and rest.endswith((".", "!", "?", ";")):
            # the label heads the text that follows it on the line ("Art. 1. Dit reglement regelt ...")
            return Heading(rank=rule.rank, label=shorten(label), title=shorten(label), text_at=len(text) - len(rest))
        return Heading(rank=rule.rank, label=shorten(label), title=shorten(text))
    return None


def looks_like_plain_heading(text: str) -> bool:
    """A short capitalised line without final punctuation, as headings appear in plain text and PDF."""
    text = text.strip()
    if not text or len(text) > MAX_LABEL_CHARS or text.endswith(_TERMINAL) or "\n" in text:
        return False
    if not text[0].isupper() or text.startswith(("- ", "• ", ". ")) or ":" in text or "," in text:
        return False
    if text.endswith((" -", " –")):  # a table row whose last cell is empty ("Kennisgenomen   -")
        return False
    words = text.split()
    if len(words) > 8:
        return False
    if len(words) == 1:  # a label of its own ("Samenstelling"), or an item's status line ("Goedgekeurd")
        return words[0].lower() in genre().single_word_headings or fold(text) in genre().status_lines
    return True


def outline_heading(text: str, level: int) -> Heading:
    """A heading whose level the markup gave (HTML). Its label is the genre's short label where the
    text has one ("Artikel 3", "24. TEWERKSTELLING"), else the text shortened to 80 characters; its
    title is the text up to 200 characters, so that a section path ends with the whole title of an
    agenda item (they run to 190 characters) while the embedded text keeps room for the passage."""
    text = " ".join(text.split())
    known = match_pattern(text)
    label = known.label if known is not None else shorten(text)
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
        return Heading(rank=-1, label=shorten(text), title=shorten(text), generic=True)
    if plain and looks_like_plain_heading(text):
        return Heading(rank=-1, label=shorten(text), title=shorten(text), generic=True)
    return None


# A numbered agenda item of minutes, a decision list or an agenda: "16. Motie met betrekking tot ...",
# "Punt 3: Goedkeuring ...", "Agendapunt 12 - ...".
# "HD 1. 2023_GR_00652 - Dringende politieverordening ..." (an urgent item and its file number)
_ITEM = re.compile(r"^(?:(?:Agendapunt|Punt)\s+)?(?P<series>[A-Z]{1,3}\s?|\d{1,2}\.(?=\d))?(?P<number>\d{1,3})\s*[.:)\-–]?\s+"
                   r"(?P<title>(?:[A-ZÀ-Ý\"'“‘(]|\d{4}[_/-]\w).{2,})", re.DOTALL | re.MULTILINE)
_ITEM_TITLE_END = re.compile(r"(?<=[.:])\s+(?=[A-ZÀ-Ý])|\n")
MIN_ITEMS = 3
COVERAGE = 0.5  # share of the text the items must span


@dataclass(frozen=True)
class ItemStart:
    """Where an agenda item starts: its paragraph, the end of its title (its line, or its first
    sentence), its number, and where the title starts after the number."""

    start: int
    title_end: int
    number: str
    title_start: int


def agenda_items(text: str, paragraph_spans: list[tuple[int, int]]) -> list[ItemStart]:
    """The numbered agenda items of minutes or a decision list: the longest run of paragraphs that
    start with numbers going up by one to three ("1. Opening", "2. ...", ...), so that numbered
    lists inside an item (which start again at 1) are not taken for items. A run may go on in a
    series of another prefix that starts at 1 ("HD 1", "HD 2", then "1"), or be numbered "1.1, 1.2"
    under headings "1 Openbare zitting", "2 Besloten zitting". Fewer than three: none."""
    candidates: list[tuple[int, int, int, str]] = []
    for p_start, p_end in paragraph_spans:
        m = _ITEM.match(text, p_start, p_end)
        if m:
            candidates.append((p_start, p_end, int(m.group("number")), (m.group("series") or "").strip()))
    if len(candidates) < MIN_ITEMS:
        return []
    # Two layouts: plain numbers ("1.", "2.", "HD 1"), or items numbered "1.1, 1.2" under headings "1 Openbare
    # zitting", "2 Besloten zitting" (a plain number right before its "N.1"). Sections numbered that way
    # inside a plainly numbered item must not take over: the layout with more items wins, plain on a tie.
    heads = {i for i, (c, n) in enumerate(pairwise(candidates))
             if not c[3] and n[3] == f"{c[2]}." and n[2] == 1}
    plain = _longest_chain([c for c in candidates if not c[3].endswith(".")])
    sub = _longest_chain([c for i, c in enumerate(candidates) if c[3].endswith(".") or i in heads])
    chain = plain if sum(1 for c in sub if c[3]) <= len(plain) else sub
    if len(chain) < MIN_ITEMS:
        return []
    # agenda items run through the document; a numbered list inside one part of it does not
    if chain[-1][0] - chain[0][0] < COVERAGE * len(text):
        return []
    items = []
    for k, (p_start, p_end, number, series) in enumerate(chain):
        if not series and k + 1 < len(chain) and chain[k + 1][3] == f"{number}.":
            continue  # "1 Openbare zitting" over "1.1", "1.2": a heading of the items, not an item
        number_end = _ITEM.match(text, p_start, p_end).start("title")
        line_end = text.find("\n", number_end, p_end)
        title_end = p_end if line_end < 0 else line_end
        if title_end - p_start > MAX_ITEM_TITLE_CHARS:  # else a title line of its own: all of it, even
            cut = _ITEM_TITLE_END.search(text, number_end, p_end)  # with a ". " inside
            title_end = cut.start() if cut and cut.start() - p_start <= MAX_HEADING_CHARS else min(p_end, p_start + MAX_HEADING_CHARS)
            if title_end < p_end and cut is None:
                title_end = text.rfind(" ", p_start, title_end) if text.rfind(" ", p_start, title_end) > p_start else title_end
        items.append(ItemStart(p_start, title_end, _item_number(series, number), number_end))
    return items


def _longest_chain(candidates: list[tuple[int, int, int, str]]) -> list[tuple[int, int, int, str]]:
    """The longest run of candidates (in text order) whose numbers follow each other, by dynamic programming."""
    if not candidates:
        return []
    best_len = [1] * len(candidates)
    prev = [-1] * len(candidates)
    for j in range(len(candidates)):
        for i in range(max(0, j - 60), j):
            if _follows(candidates[i], candidates[j]) and best_len[i] + 1 > best_len[j]:
                best_len[j], prev[j] = best_len[i] + 1, i
    j = max(range(len(candidates)), key=lambda k: (best_len[k], -k))
    chain = []
    while j >= 0:
        chain.append(candidates[j])
        j = prev[j]
    return chain[::-1]


def _item_number(series: str, number: int) -> str:
    """ "HD 1" for a lettered series, "2.3" for a sub-numbered one, else "7"."""
    return f"{series}{number}" if series.endswith(".") else f"{series} {number}".strip()


def _follows(before: tuple[int, int, int, str], after: tuple[int, int, int, str]) -> bool:
    """Numbers go up by one to three within a series; a new series ("HD 1, HD 2" for urgent items,
    then "1, 2, ..."; "1.1, 1.2" under a first heading, then "2.1, ...") starts again at 1."""
    if before[3] == after[3]:
        return 1 <= after[2] - before[2] <= 3
    if after[3].endswith("."):  # "N.1" comes under the heading "N", or after the items "N-1.x"
        n = int(after[3][:-1])
        return after[2] == 1 and (before[3] == f"{n - 1}." or (not before[3] and before[2] == n))
    if before[3].endswith("."):  # the heading "N+1" after the items "N.x"
        return not after[3] and after[2] == int(before[3][:-1]) + 1
    return after[2] == 1


MAX_SIGNATURE_PARAGRAPH = 400  # characters of one paragraph of a signature block
MAX_NAME_LINE = 120  # characters of a line with a name and a role


def signature_block(text: str, paragraph_spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """(start, end) of the signature block that ends the text, or None (ingest/genre.toml,
    [signature_block]): a run of paragraphs, each a closing line ("Opgemaakt te ..."), lines naming
    a party ("Voor het lokaal bestuur X:") or, after one of those, names and roles on short lines,
    naming two parties or taking two paragraphs; only annexes ("Addenda", "Bijlage") may follow."""
    rules = genre().signature_block

    def paragraph(i: int) -> str:
        s, e = paragraph_spans[i]
        return text[s:e] if e - s <= MAX_SIGNATURE_PARAGRAPH else ""

    def opening(i: int) -> bool:
        return any(p.match(paragraph(i)) for p in rules.opening)

    def party_lines(i: int) -> int:
        return sum(1 for line in paragraph(i).splitlines() if any(p.match(line.strip()) for p in rules.party_line))

    def annex(i: int) -> bool:
        s, e = paragraph_spans[i]
        return any(p.match(text[s:e]) for p in rules.annex)

    def names(i: int) -> bool:
        lines = [ln.strip() for ln in paragraph(i).splitlines() if ln.strip()]
        return bool(lines) and all(len(ln) <= MAX_NAME_LINE and not ln.endswith(".") for ln in lines)

    n = len(paragraph_spans)
    i = 0
    while i < n:
        if not (opening(i) or party_lines(i)):
            i += 1
            continue
        k, parties = i, 0
        while k < n and not annex(k) and (opening(k) or party_lines(k) or (k > i and names(k))):
            # party lines, or parties named inside a closing line or a re-joined line of party lines
            parties += max(party_lines(k), len(rules.party_in_line.findall(paragraph(k))) if opening(k) or party_lines(k) else 0)
            k += 1
        if parties and (k - i >= 2 or parties >= 2) and (k == n or annex(k)):
            return paragraph_spans[i][0], paragraph_spans[k - 1][1]
        i = max(k, i + 1)
    return None
