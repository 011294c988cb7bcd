"""The decision of a document that takes one decision: a royal or ministerial decree, a college or
council decision, an extract of minutes.

What it decides stands after the formula that opens its dispositive part (genre.toml's
[decision_statement] `dispositive`: a "Besluit" heading, "De gemeenteraad beslist:", "...; Besluit:",
"Hebben goedgevonden en verstaan:"): running text, numbered points, or articles. The decision is
its first sentence, or its first articles, up to DECISION_CHARS; a sentence ending in a colon takes
the points after it. A document that holds several dispositive parts (minutes of a whole meeting)
has no single decision: its agenda items carry theirs (ingest/facts/agenda.py)."""

from __future__ import annotations

import re

from ingest.facts.model import TextFact
from ingest.facts.text import Doc, paragraph_at, sentences
from ingest.genre import genre

DECISION_CHARS = 600
SHORT_REST = 80  # the rest of the formula's line before the articles: how it was decided, not what
# "Artikel 1", "Art. 1.", "Enig artikel", "§ 1": the decision is given as articles
_ARTICLE = re.compile(r"^\W*(?:art(?:ikel|\.)\s*\d+\w*|enig\s+artikel|§\s*\d+)\b", re.IGNORECASE)


def extract_decision(doc: Doc) -> TextFact | None:
    """The decision of a single-decision document, or None (no dispositive part, or more than one)."""
    text = doc.text
    spans = [(m.start(), m.end()) for m in genre().dispositive.finditer(text)]
    # one formula written twice in a paragraph ("Besluit:" in the royal formula) is one dispositive part
    if len({paragraph_at(text, start)[0] for start, _ in spans}) != 1:
        return None
    begin = _skip_space(text, spans[0][1])
    paras = [(max(s, begin), e) for s, e in doc.paragraphs if e > begin]
    if not paras:
        return None
    if (len(paras) > 1 and paras[0][1] - paras[0][0] < SHORT_REST and _ARTICLE.match(text[paras[1][0]:paras[1][1]])
            and not text[paras[0][0]:paras[0][1]].rstrip().endswith(".")):
        paras = paras[1:]  # "Besluit: met eenparigheid van stemmen" and then the articles
    if _ARTICLE.match(text[paras[0][0]:paras[0][1]]):
        start, end = _articles_span(text, paras)
    else:
        start, end = paras[0][0], _statement_end(text, paras)
    if end is None or end - start < 15:
        return None
    quote = doc.quote(start, end)
    return TextFact(text=" ".join(quote.text.split()), quote=quote)


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and (text[pos].isspace() or text[pos] in "*_:#"):
        pos += 1
    return pos


def _statement_end(text: str, paras: list[tuple[int, int]]) -> int | None:
    """The end of the decision's first sentence; one ending in a colon takes the points after it."""
    p_start, p_end = paras[0]
    first = next(iter(sentences(text, p_start, p_end)), None)
    if first is None:
        return None
    end = first[1]
    if genre().dispositive_formalities.search(text, first[0], end):
        return None  # "De minister is belast met de uitvoering": no decision of its own
    if text[first[0]:end].rstrip().endswith(":"):
        for q_start, q_end in paras[1:]:
            paragraph = text[q_start:q_end]
            if q_end - p_start > DECISION_CHARS or _ARTICLE.match(paragraph) or genre().dispositive_closing.match(paragraph):
                break
            end = q_end
    return min(end, p_start + DECISION_CHARS)


def _articles_span(text: str, paras: list[tuple[int, int]]) -> tuple[int, int]:
    """The first articles that fit in DECISION_CHARS (the first one always, cut to it), without an
    article that only defines words before them or only charges someone with carrying it out."""
    blocks: list[list[int]] = []  # [start, end] of each article with its text
    for q_start, q_end in paras:
        if genre().dispositive_closing.match(text[q_start:q_end]):
            break
        if _ARTICLE.match(text[q_start:q_end]) or not blocks:
            blocks.append([q_start, q_end])
        else:
            blocks[-1][1] = q_end
    if len(blocks) > 1 and genre().dispositive_definitions.search(text, blocks[0][0], min(blocks[0][1], blocks[0][0] + 200)):
        blocks = blocks[1:]
    start = blocks[0][0]
    end = blocks[0][1]
    for b_start, b_end in blocks[1:]:
        if b_end - start > DECISION_CHARS or genre().dispositive_formalities.search(text, b_start, b_end):
            break
        end = b_end
    return start, min(end, start + DECISION_CHARS)
