"""The action finder: actions across all documents ranked by relevance to a topic.

Topic words are matched on Dutch stems and through the paraphrase list (vervoer ~ mobiliteit,
jongeren ~ jeugdwerkloosheid), against the action's number, title, sub-item titles and text.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.analysis import terms
from assistant.retrieval import expand_query
from ingest.records import DocumentInfo

_GENERIC = set(terms("actie acties welke gaan gaat over doen we rond iets samenwerking stad vdab lokaal bestuur"))


@dataclass(frozen=True)
class ActionMatch:
    doc: str
    doc_title: str
    number: str
    title: str
    subitem: str | None  # "2.1.4 Mobiliteit" when a sub-item matched best
    snippet: str
    score: float
    quote: dict  # the fact's quote: text, start, end, section, page


def _action_units(doc: DocumentInfo) -> Iterable[tuple[dict, dict | None]]:
    for action in (doc.facts or {}).get("actions", []) or []:
        yield action, None
        for sub in action.get("subitems", []) or []:
            yield action, sub


def find_actions(topic: str, documents: Iterable[DocumentInfo], docs: Iterable[str] | None = None,
                 limit: int = 10) -> list[ActionMatch]:
    """Actions matching `topic`, best first. An empty topic lists every action in document order."""
    wanted = set(docs or [])
    pool = [d for d in documents if not wanted or d.name in wanted]
    own = [t for t in terms(topic) if t not in _GENERIC]
    added = [t for t in terms(expand_query(topic)[len(topic):]) if t not in own and t not in _GENERIC]
    units = [(d, a, s) for d in pool for a, s in _action_units(d)]
    if not own:
        return [_match(d, a, None, 0.0) for d, a, s in units if s is None][:limit] if not topic.strip() else []
    # idf over action units, so that words found in every action count little
    texts = [bag for d in pool for bag in _unit_bags(d)]
    df: Counter[str] = Counter()
    for t in texts:
        df.update(t.keys())
    n = max(len(units), 1)

    def idf(term: str) -> float:
        return math.log(1 + n / (df[term] + 0.5))

    best: dict[tuple[str, str], ActionMatch] = {}
    for (doc, action, sub), bag in zip(units, texts, strict=True):
        title_terms = set(terms(_unit_title(action, sub)))
        score = 0.0
        for term, weight in [(t, 1.0) for t in own] + [(t, 0.5) for t in added]:
            if term in bag:
                score += weight * idf(term) * (2.0 if term in title_terms else 1.0)
        if score <= 0:
            continue
        key = (doc.name, action.get("number", ""))
        match = _match(doc, action, sub, score)
        if key not in best or best[key].score < score:
            best[key] = match
    ranked = sorted(best.values(), key=lambda m: -m.score)
    if not ranked:
        return []
    top = ranked[0].score
    return [m for m in ranked if m.score >= 0.35 * top][:limit]


_BAGS: dict[tuple[str, str, str], list[Counter[str]]] = {}


def _unit_bags(doc: DocumentInfo) -> list[Counter[str]]:
    """Index terms of each action unit of a document, computed once per document version."""
    key = (doc.name, doc.sha256, doc.version)
    if key not in _BAGS:
        if len(_BAGS) > 20_000:
            _BAGS.clear()
        _BAGS[key] = [Counter(terms(_unit_text(a, s))) for a, s in _action_units(doc)]
    return _BAGS[key]


def _unit_title(action: dict, sub: dict | None) -> str:
    if sub is not None:
        return f"{sub.get('number', '')} {sub.get('title', '')}"
    return f"Actie {action.get('number', '')} {action.get('title', '')}"


def _unit_text(action: dict, sub: dict | None) -> str:
    if sub is not None:
        return f"{_unit_title(action, sub)} {sub.get('text', '')}"
    return f"{_unit_title(action, None)} {action.get('text', '')}"


def _match(doc: DocumentInfo, action: dict, sub: dict | None, score: float) -> ActionMatch:
    source = sub if sub is not None else action
    text = " ".join(str(source.get("text", "")).split())
    snippet = text if len(text) <= 220 else text[:219].rsplit(" ", 1)[0] + "…"
    return ActionMatch(
        doc=doc.name,
        doc_title=doc.title,
        number=str(action.get("number", "")),
        title=str(action.get("title", "")),
        subitem=f"{sub.get('number', '')} {sub.get('title', '')}".strip() if sub is not None else None,
        snippet=snippet,
        score=round(score, 3),
        quote=source.get("quote") or action.get("quote") or {},
    )
