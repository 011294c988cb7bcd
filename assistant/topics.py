"""The topic finder: actions, decisions, agenda items and articles across all documents, ranked by
relevance to a topic ("Welke besluiten of acties gaan over mobiliteit?").

Kinds: `actie` (an action of an agreement, with its sub-items), `besluit` (an agenda item on which the
minutes or decision list record a decision: adopted, rejected, taken note of, voted on),
`agendapunt` (an agenda item without a recorded decision: an agenda, a postponed item) and `artikel`
(an article of a regulation or agreement).

Topic words are matched on Dutch stems, on compound heads and through the paraphrases of
ingest/genre.toml (vervoer ~ mobiliteit), against each unit's number, title and text; words of the
title count double, and a word found in most units counts little.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from assistant.analysis import terms
from assistant.retrieval import expand_query
from ingest.facts.model import Quote
from ingest.records import DocumentInfo

KINDS = ("actie", "besluit", "agendapunt", "artikel")
KIND_LABEL = {"actie": "Actie", "besluit": "Besluit", "agendapunt": "Agendapunt", "artikel": "Artikel"}
# an agenda item is a decision (besluit) when the minutes record one: adopted, rejected, taken note of,
# or voted on; items that were postponed, withdrawn or have no outcome stay agenda items (agendapunt)
_DECIDED = {"aangenomen", "verworpen", "kennisname"}
_GENERIC = set(terms(
    "actie acties welke gaan gaat over doen we rond iets samenwerking stad lokaal bestuur besluit besluiten "
    "beslissing beslissingen punt punten agendapunt agendapunten artikel artikelen staat er wat"
))
MIN_SHARE = 0.35  # matches below this share of the best score are left out


@dataclass(frozen=True)
class TopicMatch:
    kind: str  # "actie" | "besluit" | "agendapunt" | "artikel"
    doc: str
    doc_title: str
    date: str | None
    number: str
    title: str
    subitem: str | None  # "2.1.4 Mobiliteit" when a sub-item of an action matched best
    section: str
    snippet: str
    score: float
    quote: Quote

    def to_json(self) -> dict:
        return {"kind": self.kind, "doc": self.doc, "doc_title": self.doc_title, "date": self.date,
                "number": self.number, "title": self.title, "subitem": self.subitem, "section": self.section,
                "snippet": self.snippet, "score": self.score, "quote": self.quote.model_dump(), "heading": self.heading}

    @property
    def heading(self) -> str:
        """ "Actie 2.1 Werken aan drempels", "Agendapunt 12 Goedkeuring ...", "Artikel 4 Kosten"."""
        return f"{KIND_LABEL[self.kind]} {self.number} {self.title}".strip()


@dataclass(frozen=True)
class _Unit:
    kind: str
    number: str
    title: str
    subitem: str | None
    text: str
    quote: Quote


def _units(doc: DocumentInfo) -> Iterator[_Unit]:
    facts = doc.facts
    for action in facts.actions:
        yield _Unit("actie", action.number, action.title, None, action.text, action.quote)
        for sub in action.subitems:
            yield _Unit("actie", action.number, action.title, f"{sub.number} {sub.title}", sub.text, sub.quote)
    for item in facts.items:
        status = f" ({item.status})" if item.status else ""
        kind = "besluit" if item.status in _DECIDED or item.votes else "agendapunt"
        yield _Unit(kind, item.number, item.title + status, None, item.title, item.quote)
    for article in facts.articles:
        yield _Unit("artikel", article.number, article.title or "", None, article.text, article.quote)


_BAGS: dict[tuple[str, str, str], list[tuple[_Unit, Counter[str], set[str]]]] = {}


def _bags(doc: DocumentInfo) -> list[tuple[_Unit, Counter[str], set[str]]]:
    """Each unit of a document with its index terms and title terms, computed once per version."""
    key = (doc.name, doc.sha256, doc.version)
    if key not in _BAGS:
        if len(_BAGS) > 20_000:
            _BAGS.clear()
        _BAGS[key] = [(u, Counter(terms(f"{u.title} {u.subitem or ''} {u.text}")), set(terms(f"{u.title} {u.subitem or ''}")))
                      for u in _units(doc)]
    return _BAGS[key]


def find_topics(topic: str, documents: Iterable[DocumentInfo], docs: Iterable[str] | None = None,
                kinds: Iterable[str] | None = None, date_from: str | None = None, date_to: str | None = None,
                limit: int = 10, naming: str = "") -> list[TopicMatch]:
    """Units matching `topic`, best first, one per numbered unit of a document. An empty topic lists
    every unit in document order. Filters: documents, kinds, and a date range (ISO dates) on the
    document's date. The words of `naming` name the document the topic is asked of ("welke punten gaan
    over belastingen op de gemeenteraad van X?"): they choose no unit, unless the topic has no other words."""
    wanted_docs = set(docs or [])
    wanted_kinds = set(kinds or KINDS)
    pool = [d for d in documents if (not wanted_docs or d.name in wanted_docs) and _in_range(d.date, date_from, date_to)]
    ignored = _GENERIC | set(terms(naming))
    own = [t for t in terms(topic) if t not in ignored] or [t for t in terms(topic) if t not in _GENERIC]
    added = [t for t in terms(expand_query(topic)[len(topic):]) if t not in own and t not in ignored]
    units = [(d, u, bag, title) for d in pool for u, bag, title in _bags(d) if u.kind in wanted_kinds]
    if not own:
        if topic.strip():
            return []
        return [_match(d, u, 0.0) for d, u, _, _ in units if u.subitem is None][:limit]
    df: Counter[str] = Counter()
    for _, _, bag, _ in units:
        df.update(bag.keys())
    n = max(len(units), 1)

    def idf(term: str) -> float:
        return math.log(1 + n / (df[term] + 0.5))

    best: dict[tuple[str, str, str], TopicMatch] = {}
    for doc, unit, bag, title_terms in units:
        score = 0.0
        for term, weight in [(t, 1.0) for t in own] + [(t, 0.5) for t in added]:
            hit = term in bag or (len(term) >= 5 and any(len(w) > len(term) and (w.endswith(term) or w.startswith(term)) for w in bag))
            if hit:
                score += weight * idf(term) * (2.0 if term in title_terms else 1.0)
        if score <= 0:
            continue
        key = (doc.name, unit.kind, unit.number)
        if key not in best or best[key].score < score:
            best[key] = _match(doc, unit, score)
    ranked = sorted(best.values(), key=lambda m: -m.score)
    if not ranked:
        return []
    top = ranked[0].score
    return [m for m in ranked if m.score >= MIN_SHARE * top][:limit]


def _in_range(date: str | None, date_from: str | None, date_to: str | None) -> bool:
    if not date_from and not date_to:
        return True
    if not date:
        return False
    return (not date_from or date >= date_from) and (not date_to or date <= date_to)


def _match(doc: DocumentInfo, unit: _Unit, score: float) -> TopicMatch:
    text = " ".join(unit.text.split())
    snippet = text if len(text) <= 220 else text[:219].rsplit(" ", 1)[0] + "…"
    return TopicMatch(kind=unit.kind, doc=doc.name, doc_title=doc.title, date=doc.date, number=unit.number,
                      title=unit.title, subitem=unit.subitem, section=unit.quote.section, snippet=snippet,
                      score=round(score, 3), quote=unit.quote)
