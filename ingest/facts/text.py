"""What every extractor shares: the document as the extractors see it, quotes, sentences, clipping."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from ingest.facts.model import Quote
from ingest.genre import genre
from ingest.records import CleanText, Section

MAX_QUOTE = 300  # characters: a quote is a sentence or a clause, short enough to read


def make_quote(clean: CleanText, sections: list[Section], start: int, end: int) -> Quote:
    """A citation of clean.text[start:end] (surrounding whitespace trimmed): exact text, offsets,
    the path of the section that contains `start` and the page."""
    text = clean.text
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Quote(text=text[start:end], start=start, end=end, section=section_at(sections, start),
                 page=clean.page_at(start))


def section_at(sections: list[Section], offset: int) -> str:
    """Path of the section whose heading or body contains `offset` ("" when none does)."""
    starts = [s.heading_start for s in sections]
    i = bisect_right(starts, offset) - 1
    while i >= 0:
        if sections[i].heading_start <= offset < sections[i].end:
            return sections[i].path_str
        i -= 1
    return ""


# A sentence ends at . ! ? followed by a non-lowercase character, or at ; (clause lists).
# also where converters ran numbered paragraphs together: "... vier leden.2. De minister ..."
_SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?])\s+(?=[^a-zà-ÿ\s])|(?<=;)\s+|(?<=[a-zà-ÿ)][.;])(?=\d{1,2}\.\s?[A-ZÀ-Ý]))")
ABBREVIATIONS = (
    "bv.", "bijv.", "o.a.", "nr.", "art.", "dhr.", "mevr.", "wd.", "get.", "blz.", "vb.", "ca.", "m.b.t.",
    "i.s.m.", "t.e.m.", "enz.", "e.a.", "z.g.", "ivm.", "dd.", "jl.", "resp.", "mr.", "drs.", "ir.", "ing.",
    "dr.", "prof.", "st.", "nl.", "t.a.v.", "m.i.v.", "o.l.v.", "i.p.v.", "d.d.", "p.",
)
# an abbreviation is a whole word: "op." and "vergadering." end sentences although "p." and "ing." are
# abbreviations
_ABBREVIATION_END = re.compile(r"(?:^|[\s(])(?:" + "|".join(re.escape(a) for a in ABBREVIATIONS) + r")$")


def paragraph_at(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n\n", 0, pos)
    start = 0 if start < 0 else start + 2
    end = text.find("\n\n", pos)
    return start, len(text) if end < 0 else end


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside [start, end) (one paragraph)."""
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _SENTENCE_BREAK.finditer(text, start, end):
        before = text[max(start, m.start() - 8) : m.start()].lower()
        if _ABBREVIATION_END.search(before) or re.search(r"(?:^|\s)\w\.$", before):
            continue
        spans.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        spans.append((pos, end))
    return spans


def sentence_at(text: str, pos: int) -> tuple[int, int]:
    p_start, p_end = paragraph_at(text, pos)
    for s, e in sentences(text, p_start, p_end):
        if s <= pos < e or pos == e:
            return s, e
    return p_start, p_end


# A list bullet in front of a sentence is not quoted.
_QUOTE_BULLET = re.compile(r"[-–•·▪*+]\s+")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """From the start of the sentence holding `start` (after a list bullet) to the end of the one
    holding `end`."""
    s, _ = sentence_at(text, start)
    _, e = sentence_at(text, max(start, end - 1))
    bullet = _QUOTE_BULLET.match(text, s, start)
    return (bullet.end() if bullet else s), e


def quote_span(text: str, start: int, end: int, limit: int = MAX_QUOTE) -> tuple[int, int]:
    """The sentence around [start, end), cut down to at most `limit` characters around it."""
    return clip(text, *sentence_bounds(text, start, end), start, end, limit)


def clip(text: str, s: int, e: int, core_start: int, core_end: int, limit: int = MAX_QUOTE) -> tuple[int, int]:
    """Shrink [s, e) to at most `limit` characters that still contain [core_start, core_end),
    starting at a clause boundary where possible (a core longer than `limit` is cut itself)."""
    if e - s <= limit:
        return s, e
    if core_end - core_start >= limit:
        space = text.rfind(" ", core_start, core_start + limit)
        return core_start, space if space > core_start else core_start + limit
    if core_end - s > limit:
        window = text[max(s, core_end - limit) : core_start]
        cut = max(window.rfind(", "), window.rfind("; "), window.rfind(": "))
        s = max(s, core_end - limit) + cut + 2 if cut >= 0 else core_start
    new_end = min(e, s + limit)
    if new_end < e:
        space = text.rfind(" ", core_end, new_end)
        new_end = space if space > core_end else max(core_end, new_end)
    return s, new_end


def excerpt(raw: str, limit: int) -> str:
    """Whitespace-collapsed text, cut at a word boundary with an ellipsis when longer than `limit`."""
    flat = " ".join(raw.split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit)
    return flat[: cut if cut > 0 else limit].rstrip(" ,;:") + "…"


def flat(text: str) -> str:
    return " ".join(text.split())


def strip_clause(text: str, start: int, end: int) -> int:
    """End of a clause without trailing 'en', ';', ',' and whitespace."""
    while end > start:
        tail = text[start:end]
        stripped = re.sub(r"(?:[\s;,.]+|\s+en)$", "", tail)
        if stripped == tail:
            break
        end = start + len(stripped)
    return end


@dataclass(frozen=True)
class Doc:
    """One document as the extractors see it."""

    clean: CleanText
    sections: list[Section]
    paragraphs: list[tuple[int, int]]
    boundaries: frozenset[int]  # offsets where a heading starts or a section ends
    kind: str = "other"

    @property
    def text(self) -> str:
        return self.clean.text

    def quote(self, start: int, end: int) -> Quote:
        return make_quote(self.clean, self.sections, start, end)

    def sentence_quote(self, start: int, end: int) -> Quote:
        return self.quote(*quote_span(self.text, start, end))

    def section_path(self, pos: int) -> str:
        return section_at(self.sections, pos)

    @cached_property
    def _sorted_boundaries(self) -> list[int]:
        return sorted(self.boundaries)

    def next_boundary(self, pos: int) -> int:
        """The first heading start or section end after `pos`."""
        bounds = self._sorted_boundaries
        i = bisect_right(bounds, pos)
        return bounds[i] if i < len(bounds) else len(self.text)

    def in_decision_part(self, pos: int) -> bool:
        """Whether `pos` lies in a part of a decision (Motivering, Besluit, ...), as opposed to an
        agreement annexed to the decision."""
        parts = genre().decision_parts
        return any(label.strip().rstrip(":").lower() in parts for label in self.section_path(pos).split(" > "))
