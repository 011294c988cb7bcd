"""Structure-aware chunking: sections from the genre's headings, then sentence-respecting chunks.

Every chunk is an exact slice of the cleaned text, stays within the embedding model's window
(about 500 characters of body plus the section title) and never crosses a section boundary.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from ingest.genre import fold, genre
from ingest.records import Chunk, CleanText, Section
from ingest.structure import Heading, agenda_items, classify, outline_heading, shorten, signature_block

MAX_CHUNK_CHARS = 500
SHORT_SECTION = 200  # a section body this short is chunked together with its heading

_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]+)*")
# a sentence ends at . ! ? ; followed by a space and an upper-case letter, digit or quote;
# common Dutch abbreviations do not end sentences
# also where converters ran numbered paragraphs together: "... vier leden.2. De minister ..."
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[\"'“‘(A-ZÀ-Ý0-9])|(?<=[a-zà-ÿ)][.;])(?=\d{1,2}\.\s?[A-ZÀ-Ý])")
_ABBREVIATIONS = ("bv.", "bijv.", "o.a.", "nr.", "art.", "dhr.", "mevr.", "wd.", "get.", "blz.", "vb.", "ca.", "m.b.t.", "i.s.m.", "t.e.m.", "enz.", "e.a.")
# a whole word: "start." ends a sentence although "art." is an abbreviation
_ABBREVIATION_END = re.compile(r"(?:^|[\s(])(?:" + "|".join(re.escape(a) for a in _ABBREVIATIONS) + r")$")


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each paragraph (runs of non-empty lines)."""
    for m in _PARAGRAPH.finditer(text):
        yield m.start(), m.end()


def sections(clean: CleanText, plain: bool, kind: str = "other") -> list[Section]:
    """Split the text at headings. Each section's path holds the labels of its ancestors and its own title.

    When the format gave the outline (HTML), its headings and levels are used as they are. Otherwise,
    in minutes and decision lists, each numbered agenda item starts a section too; its first
    sentence is the heading and the rest of its paragraph (the decision, the vote) is body."""
    text = clean.text
    outline = clean.outline
    items = ({item.start: item for item in agenda_items(text, list(paragraphs(text)))}
             if kind == "minutes" and outline is None else {})
    stack: list[Heading] = []
    result: list[Section] = []
    current_start = 0
    current_heading_start = 0
    current_path: tuple[str, ...] = ()
    current_title = ""

    def close(end: int) -> None:
        if text[current_start:end].strip():
            result.append(Section(current_path, current_title, current_start, end, current_heading_start))

    for start, end in paragraphs(text):
        item = items.get(start)
        body_start = end
        if outline is not None:
            level = outline.get(start)
            heading: Heading | None = None if level is None else outline_heading(text[start:end], level)
        elif item is not None:
            title = " ".join(text[start : item.title_end].split()).rstrip(".:")
            heading = Heading(rank=0, label=shorten(title), title=shorten(title))
            body_start = item.title_end
        else:
            heading = classify(text[start:end], marked=start in clean.heading_offsets, plain=plain)
            if heading is not None and heading.text_at is not None:  # "Art. 1. <text>": the text is body
                body_start = start + (len(text[start:end]) - len(text[start:end].lstrip())) + heading.text_at
        if heading is None:
            continue
        close(start)
        if heading.generic:
            anchor = next((h.rank for h in reversed(stack) if not h.generic), -1)
            heading = Heading(anchor + 1, heading.label, heading.title, generic=True)
        while stack and stack[-1].rank >= heading.rank:
            stack.pop()
        stack.append(heading)
        current_path = tuple(h.label for h in stack[:-1]) + (heading.title,)
        current_title = heading.title
        current_start, current_heading_start = body_start, start
    close(len(text))
    if outline is None:
        result = _split_signature_block(text, result)
    return result


def _split_signature_block(text: str, result: list[Section]) -> list[Section]:
    """The signature block that ends the text becomes a section of its own ("Ondertekening"), so that
    a signature is cited under it and not under the last article."""
    block = signature_block(text, list(paragraphs(text)))
    if block is None:
        return result
    rules = genre().signature_block
    at = next((i for i, s in enumerate(result) if s.start <= block[0] < s.end), None)
    if at is None or block[0] == result[at].start and at == 0:
        return result
    host = result[at]
    if set(re.findall(r"\w+", fold(host.title))) & rules.not_under:
        return result  # "Voor VDAB: ..." lines under "Stuurgroep" are its members, not signatures
    path = (host.path[:1] if len(host.path) > 1 else host.path) + (rules.title,)
    pieces = [Section(host.path, host.title, host.start, block[0], host.heading_start),
              Section(path, rules.title, block[0], block[1], block[0]),
              Section(host.path, host.title, block[1], host.end, block[1])]
    return result[:at] + [p for p in pieces if text[p.start:p.end].strip()] + result[at + 1 :]


def sentence_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentence spans inside one paragraph; pieces longer than MAX_CHUNK_CHARS are cut at spaces."""
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        before = text[max(start, m.start() - 8) : m.start()].lower()
        if _ABBREVIATION_END.search(before) or re.search(r"\b\w\.$", before):
            continue
        yield from _cut(text, pos, m.start())
        pos = m.end()
    if pos < end:
        yield from _cut(text, pos, end)


def _cut(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while end - start > MAX_CHUNK_CHARS:
        split = text.rfind(" ", start, start + MAX_CHUNK_CHARS)
        if split <= start:
            split = start + MAX_CHUNK_CHARS
        yield start, split
        start = split + 1 if text[split : split + 1] == " " else split
    if end > start:
        yield start, end


def chunk_document(clean: CleanText, doc: str, doc_hash: str, title: str, plain: bool,
                   kind: str = "other") -> list[Chunk]:
    text = clean.text
    chunks: list[Chunk] = []
    all_paragraphs = list(paragraphs(text))
    paragraph_ends = [p_end for _, p_end in all_paragraphs]
    for section in sections(clean, plain, kind):
        # the paragraphs that overlap the section, found by bisection: scanning every paragraph for
        # every section is quadratic in a document with thousands of headings
        # a short section is chunked with its heading: "Akkoord." alone says nothing, the item
        # title above it says what was agreed
        start = section.heading_start if section.end - section.start <= SHORT_SECTION else section.start
        i = bisect.bisect_right(paragraph_ends, start)
        units: list[tuple[int, int]] = []
        while i < len(all_paragraphs) and all_paragraphs[i][0] < section.end:
            p_start, p_end = all_paragraphs[i]
            units.extend(sentence_spans(text, max(p_start, start), min(p_end, section.end)))
            i += 1
        group: list[tuple[int, int]] = []
        for unit in units + [(-1, -1)]:
            if group and (unit[0] < 0 or unit[1] - group[0][0] > MAX_CHUNK_CHARS):
                start, end = group[0][0], group[-1][1]
                chunks.append(
                    Chunk(
                        id=f"{doc_hash}-{len(chunks):05d}",
                        doc=doc,
                        doc_hash=doc_hash,
                        title=title,
                        section=section.path_str,
                        page=clean.page_at(start),
                        start=start,
                        end=end,
                        text=text[start:end],
                    )
                )
                group = []
            if unit[0] >= 0:
                group.append(unit)
    return chunks
