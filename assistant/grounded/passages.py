"""Answer units of the retrieved passages and how well each answers a question.

A unit is a sentence of a passage, or a sentence that introduces a list together with the list
("... bestaat uit:" followed by its items). Each unit gets features that generalise over documents:
how much of the question's own words it holds (weighted by rarity, Dutch stems and compound heads),
what its section title adds, the document words the question's paraphrases stand for, whether it
holds the kind of value asked for (a date for "wanneer"), whether it has the phrases that state the
asked-for fact (the slot's cues in ingest/genre.toml), and the passage's retrieval rank and
embedding similarity. A linear score over these ranks the units; the weights are measured on dev.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

from assistant.analysis import fold, held_terms
from assistant.grounded.values import asks_value, has_value
from assistant.question import Question
from assistant.retrieval import Hit
from ingest.chunk import SHORT_SECTION, paragraphs, sentence_spans
from ingest.records import Chunk
from ingest.structure import MAX_HEADING_CHARS

MAX_UNIT_CHARS = 700
_LIST_ITEM = re.compile(r"^\s*(?:[-–•·▪*+]|\(?[a-z0-9]{1,2}[.)°])\s*\S")


WEIGHTS_FILE = Path(__file__).resolve().parents[1] / "data" / "unit_weights.json"


@dataclass(frozen=True)
class Weights:
    """Weights of the unit score (chosen on dev by `python -m evals.calibrate --weights`)."""

    lexical: float = 1.0
    section: float = 0.35
    context: float = 0.25
    expansion: float = 0.2
    cue: float = 0.25
    value: float = 0.3
    rank: float = 0.15
    dense: float = 0.3
    target: float = 0.2
    typed: float = 0.0
    reference: float = 0.8


@lru_cache(maxsize=1)
def load_weights() -> Weights:
    if not WEIGHTS_FILE.exists():
        return Weights()
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    return Weights(**{f.name: float(data[f.name]) for f in fields(Weights) if f.name in data})


@dataclass
class Unit:
    hit: Hit
    rank: int
    start: int  # offsets in the passage text
    end: int
    text: str
    features: dict[str, float] = field(default_factory=dict)
    score: float = 0.0

    @property
    def doc(self) -> str:
        return self.hit.chunk.doc


def matches(term: str, present: set[str], compounds: bool = False) -> bool:
    """A term is in a text, also as the head of a Dutch compound ('bereid' in 'voorbereid') or as the
    base of a noun in -schap ('voorzitter' in 'voorzitterschap'), or the adjective in -s(e) of a name the
    text holds ('Haagse', 'Gentse': 'Haag', 'Gent'). With `compounds` also as the first
    part of a compound ('noordzeekanaal' in 'noordzeekanaalgebied') or as a compound of two words the
    text has apart ('mandaatbesluit': 'mandaat' and 'besluit')."""
    if term in present or (len(term) >= 4 and term[-1] == "s" and term[:-1] in present) or (len(term) >= 5 and any(
            len(c) > len(term) and (c.endswith(term) or (c.startswith(term) and c[len(term):] == "schap")) for c in present)):
        return True
    if not compounds:
        return False
    return (len(term) >= 6 and any(c.startswith(term) and len(c) - len(term) >= 3 for c in present)) or (len(term) >= 8 and any(
        term[:i] in present and (term[i:] in present or (term[i] in "se" and term[i + 1:] in present))
        for i in range(3, len(term) - 3)))


def units_of(hit: Hit, rank: int) -> list[Unit]:
    """The sentences of a passage; a sentence ending in ':' takes the list items after it along. A
    short section, chunked with its heading, is one unit: a decision list's item title and its
    "Akkoord.", a one-line article with its title."""
    text = hit.chunk.text
    if len(text) <= SHORT_SECTION + MAX_HEADING_CHARS and _starts_with_heading(hit.chunk):
        return [Unit(hit, rank, 0, len(text), text)]
    spans = [span for p_start, p_end in paragraphs(text) for span in sentence_spans(text, p_start, p_end)]
    units = []
    i = 0
    while i < len(spans):
        start, end = spans[i]
        j = i
        if text[start:end].rstrip().endswith(":"):
            while j + 1 < len(spans) and _LIST_ITEM.match(text[spans[j + 1][0] : spans[j + 1][1]]) \
                    and spans[j + 1][1] - start <= MAX_UNIT_CHARS:
                j += 1
            end = spans[j][1]
        if text[start:end].strip():
            units.append(Unit(hit, rank, start, end, text[start:end]))
        i += 1
    return units


def _starts_with_heading(chunk: Chunk) -> bool:
    leaf = " ".join(chunk.section.rsplit(" > ", 1)[-1].split())
    return bool(leaf) and " ".join(chunk.text[: len(leaf) + 20].split()).startswith(leaf[:60])


@dataclass
class Scorer:
    """Scores units for one question. `idf(term)` is the term's rarity over the passages."""

    question: Question
    idf: Callable[[str], float]
    own: list[str]  # the question's content stems that the slot does not explain
    expansion: list[str]  # stems its paraphrases add
    targets: Sequence[str]  # documents the question means, best first
    weights: Weights
    alternatives: dict[str, set[str]] = field(default_factory=dict)  # paraphrase stems per question stem

    @property
    def weight_all(self) -> float:
        return sum(self.idf(t) for t in self.own) or 1.0

    def coverage(self, present: set[str]) -> float:
        held = sum(self.idf(t) for t in self.own
                   if matches(t, present) or any(a in present for a in self.alternatives.get(t, ())))
        return held / self.weight_all

    def score(self, unit: Unit) -> Unit:
        q = self.question
        sent_terms = term_set(unit.text)
        section_terms = term_set(unit.hit.chunk.section)
        context_terms = term_set(unit.hit.chunk.text)
        folded = fold(unit.text)
        headings = _headings(unit.hit.chunk.section, unit.hit.chunk.title)
        # the headings it sits under ("Besluit > Artikel 1") tell what a sentence is, also when it
        # does not say so itself: a decision article states the decision
        under_cue = bool(q.slot and any(c in headings for c in q.slot.cues))
        f = {
            "lexical": self.coverage(sent_terms),
            "section": self.coverage(section_terms - sent_terms),
            "context": self.coverage(context_terms - sent_terms),
            "expansion": (sum(self.idf(t) for t in self.expansion if t in sent_terms)
                          / (sum(self.idf(t) for t in self.expansion) or 1.0)) if self.expansion else 0.0,
            "cue": float(under_cue or bool(q.slot and any(c in folded for c in q.slot.cues))),
            "value": float(has_value(unit.text, q.answer_type, q.text) or (q.answer_type == "status" and under_cue)),
            "typed": 1.0 if asks_value(q.answer_type) else 0.0,
            "rank": 1.0 / (1 + unit.rank),
            "dense": max(0.0, unit.hit.dense),
            "target": 1.0 if self.targets and unit.doc == self.targets[0] else 0.0,
            "reference": float(any(_refers(unit.hit.chunk.section, kind, number) for kind, number in q.references)),
        }
        w = self.weights
        unit.features = f
        unit.score = sum(getattr(w, k) * v for k, v in f.items())
        return unit


@lru_cache(maxsize=4096)
def _headings(section: str, title: str) -> str:
    """The folded headings a passage sits under, without the document's own title: a sentence under
    "Besluit > Artikel 1" states the decision even when it does not say so."""
    own = fold(title).strip()
    return " > ".join(p for p in (fold(part).strip() for part in section.split(" > ")) if p and p != own)


@lru_cache(maxsize=4096)
def term_set(text: str) -> frozenset[str]:
    """The index terms of a passage or section path, once per text: every unit of a passage uses them
    (and a passage is retrieved again by later questions); with the verb forms it holds
    (`held_terms`: separable verbs written apart, verb bases)."""
    return frozenset(held_terms(text))


def _refers(section: str, kind: str, number: str) -> bool:
    """Whether a section path is (inside) the numbered part a question refers to."""
    labels = [p.strip().lower() for p in section.split(" > ")]
    if kind in ("artikel", "art"):
        return any(re.match(rf"artikel {re.escape(number)}\b", p) for p in labels)
    if kind in ("punt", "agendapunt"):
        return any(re.match(rf"(?:agendapunt |punt )?{re.escape(number)}[.:)\s]", p + " ") for p in labels)
    return any(re.match(rf"{re.escape(kind)} {re.escape(number)}\b", p) or p.startswith(number + " ") for p in labels)


def best_units(hits: Sequence[Hit], scorer: Scorer, limit: int = 3,
               exclude: set[tuple[str, int | None]] | None = None) -> list[Unit]:
    """The best units of the passages, best first, without two units that overlap and without the
    units in `exclude` ((document, offset) of units already used)."""
    scored = [scorer.score(u) for rank, hit in enumerate(hits) for u in units_of(hit, rank)
              if not exclude or (hit.chunk.doc, hit.chunk.start + u.start) not in exclude]
    scored.sort(key=lambda u: -u.score)
    chosen: list[Unit] = []
    for unit in scored:
        if any(u.hit.chunk.id == unit.hit.chunk.id and u.start < unit.end and unit.start < u.end for u in chosen):
            continue
        chosen.append(unit)
        if len(chosen) >= limit:
            break
    return chosen


def with_value_nearby(unit: Unit, answer_type: str) -> Unit | None:
    """The sentence just before or after `unit` in its passage that holds the asked kind of value
    ("Op 19 maart 2012 nam ... een besluit." before "Dit besluit omvatte een politiek akkoord ...")."""
    units = units_of(unit.hit, unit.rank)
    i = next((k for k, u in enumerate(units) if u.start == unit.start), None)
    if i is None:
        return None
    for j in (i - 1, i + 1):
        if 0 <= j < len(units) and has_value(units[j].text, answer_type):
            return units[j]
    return None
