"""Hybrid retrieval: Dutch BM25 (stemmed, accent-folded, paraphrase-expanded) fused with dense search.

The question often names its document ("met Mechelen", "in Zele"): names of parties, municipalities
and documents are recognised and restrict the search to that document when exactly one matches.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.analysis import fold, question_words, stem, terms
from assistant.config import Settings
from assistant.index import INDEX_DIR, NAMING_SHARE, LiveIndex
from assistant.question import acronyms
from ingest.facts.dates import DATE, iso_from_match
from ingest.genre import genre
from ingest.records import Chunk, DocumentInfo
from vectorstore.store import Store

logger = logging.getLogger(__name__)

# a document named in the question scores at least this share of the best-named document
NAMED_SHARE = 0.6
# a search restricted to at most this many chunks ranks them by their stored vectors itself
DENSE_EXACT_ROWS = 1000


def expand_query(question: str) -> str:
    """The question plus the document words its paraphrases stand for (ingest/genre.toml) and the
    initialisms of the names it writes out ("Hart voor Den Haag": "hvdh")."""
    folded = fold(question)
    extra = [r.add for r in genre().paraphrases if r.add and any(p.search(folded) for p in r.patterns)]
    initials = sorted({a for found in acronyms(question).values() for a in found})
    return " ".join([question, *extra, *initials])


@dataclass
class Hit:
    chunk: Chunk
    score: float
    bm25: float = 0.0
    dense: float = 0.0


@dataclass
class RetrievalResult:
    hits: list[Hit]
    docs: list[str] = field(default_factory=list)  # documents the search was restricted to
    named_docs: list[str] = field(default_factory=list)  # documents the question names
    expanded: str = ""
    name_terms: set[str] = field(default_factory=set)  # index terms of the question's naming words
    vector: list[float] | None = None  # the question's embedding, when the dense search ran


class Retriever:
    """Searches the store. Its lexical index (assistant/index.py) is kept current by the changes since
    it was last used and saved in the store folder, so neither a new process nor the first question
    after a change rebuilds it."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._index = LiveIndex(store, Path(settings.store) / INDEX_DIR)

    @property
    def last_update(self) -> dict:
        return self._index.last_update

    # -- index -----------------------------------------------------------------------------------

    def index(self) -> LiveIndex:
        """The lexical index, brought to the store's current generation (updated, not rebuilt)."""
        index = self._index
        if index.generation and index.generation == self.store.generation():
            return index
        with index.lock:
            if not index.generation or index.generation != self.store.generation():
                index.refresh()
        return index

    # -- query -----------------------------------------------------------------------------------

    def named_documents(self, question: str, index: LiveIndex | None = None) -> tuple[list[str], set[str]]:
        """Documents the question names, by a party, place, title word, abbreviation, file name or date,
        and the index terms of the naming words. A word that names few documents counts more than
        one that names many; documents scoring well below the best are not named."""
        index = index or self.index()
        with index.lock:
            n_docs = max(len(index.docs), 1)
            scores: dict[str, float] = {}
            naming: set[str] = set()
            for word in set(question_words(question, index.vocabulary)):
                term = stem(word)
                docs = index.names.get(word, set()) | index.names.get(term, set())
                if not docs and (fixed := index.corrected(word)):  # a mistyped name
                    term, docs = fixed, index.names.get(fixed, set())
                if not docs:
                    continue
                if n_docs > 2 and not index.distinctive(term):
                    # a name that many documents' texts use ("Belgische" in a file name, among treaties
                    # with Belgium) tells them apart no better than a common title word would
                    continue
                naming.add(term)
                weight = math.log(1 + n_docs / len(docs))
                for d in docs:
                    scores[d] = scores.get(d, 0.0) + weight
            # a full date names the documents of that date: "de raadsvergadering van 29 juni 2015"
            for m in DATE.finditer(question):
                iso = iso_from_match(m)
                if iso is None:  # "31 februari 2021"
                    continue
                dated = {name for name, d in index.docs.items() if d.info.date == iso}
                if dated and (n_docs <= 2 or len(dated) <= NAMING_SHARE * n_docs):
                    naming.update(terms(m.group(0)))
                    for d in dated:
                        scores[d] = scores.get(d, 0.0) + math.log(1 + n_docs / len(dated))
        if not scores:
            return [], naming
        best = max(scores.values())
        return sorted(d for d, v in scores.items() if v >= NAMED_SHARE * best), naming

    def search(self, question: str, k: int | None = None, docs: Sequence[str] | None = None) -> RetrievalResult:
        k = k or self.settings.top_k
        index = self.index()
        named, naming = self.named_documents(question, index)
        # the documents the question names (by a party, municipality or file name) restrict the search
        restrict = list(docs) if docs else named
        expanded = expand_query(question)
        if not index.n_chunks:
            return RetrievalResult([], restrict, named, expanded, naming)
        depth = max(k * 4, 20)
        with index.lock:
            # BM25: the question's own words count double against the paraphrase additions
            own = index.query_terms(question)
            added = [t for t in terms(expanded[len(question):]) if t not in own]
            lexical = index.bm25.scores(own + added, [1.0] * len(own) + [0.5] * len(added))
            if restrict:
                allowed = np.concatenate([index.doc_rows(d) for d in restrict])
                only = np.zeros_like(lexical)
                only[allowed] = lexical[allowed]
                lexical = only
            elif named:
                for d in named:  # several documents named: favour them without excluding the rest
                    lexical[index.doc_rows(d)] *= 1.3
            lexical_rank = {row: r for r, row in enumerate(_top_rows(index, lexical, depth))}
            row_score = {row: float(lexical[row]) for row in lexical_rank}

        dense_rank: dict[int, int] = {}
        dense_score: dict[int, float] = {}
        known: dict[int, Chunk] = {}
        vector = None
        if self.settings.dense_weight > 0:
            vector = self.store.embeddings.embed_query(question)
            few: list[str] | None = None
            if restrict:
                with index.lock:
                    rows = np.concatenate([index.doc_rows(d) for d in restrict])
                    few = [index.record_id(int(r)) for r in rows] if len(rows) <= DENSE_EXACT_ROWS else None
            if few is not None:
                found = self.store.dense_among(vector, few, depth)
            elif restrict:
                # many documents: Chroma's search with a filter costs several unfiltered ones, so the
                # nearest chunks of the whole store are searched deeper and kept when in those documents
                wanted = set(restrict)
                found = [r for r in self.store.dense_search_records(vector, depth * 4) if r[1].doc in wanted]
            else:
                found = self.store.dense_search_records(vector, depth)
            for rid, chunk, score in found:
                with index.lock:
                    row = index.row_of(chunk.doc, chunk.id)
                    ok = row is not None and index.record_id(row) == rid
                if ok and row not in dense_rank:
                    dense_rank[row] = len(dense_rank)
                    dense_score[row] = score
                    known[row] = chunk
                    index.remember(rid, chunk)

        fused: dict[int, float] = {}
        for i, r in lexical_rank.items():
            fused[i] = fused.get(i, 0.0) + self.settings.bm25_weight / (self.settings.rrf_k + r + 1)
        for i, r in dense_rank.items():
            fused[i] = fused.get(i, 0.0) + self.settings.dense_weight / (self.settings.rrf_k + r + 1)
        with index.lock:
            best = sorted(fused, key=lambda i: (-fused[i], *_order(index, i)))[:k]
        chunks = {**index.chunks([i for i in best if i not in known]), **known}
        hits = [Hit(chunks[i], fused[i], row_score.get(i, 0.0), dense_score.get(i, 0.0)) for i in best if i in chunks]
        return RetrievalResult(hits, restrict, named, expanded, naming, vector)

    def documents(self) -> Mapping[str, DocumentInfo]:
        return self.index().documents

    def passage(self, doc: str, offset: int | None = None, chunk_id: str | None = None) -> Chunk | None:
        """The stored passage behind a citation: by chunk id, else the chunk of `doc` containing the
        character offset, else (a quoted heading lies between chunks) the first chunk after it."""
        index = self.index()
        with index.lock:
            row = index.row_of(doc, chunk_id) if chunk_id is not None else None
            if row is None and offset is not None:
                rows = index.doc_rows(doc)
                starts, ends = index.row_start[rows], index.row_end[rows]
                inside = np.flatnonzero((starts <= offset) & (offset < ends))
                after = np.flatnonzero(starts >= offset)
                pick = inside[0] if len(inside) else (after[0] if len(after) else None)
                row = int(rows[pick]) if pick is not None else None
        if row is None:
            return None
        return index.chunks([row]).get(row)


def _order(index: LiveIndex, row: int) -> tuple[str, int]:
    """Ties are broken in document order: by document name, then offset."""
    return index.doc_names[int(index.row_doc[row])], int(index.row_start[row])


def _top_rows(index: LiveIndex, scores: np.ndarray, depth: int) -> list[int]:
    """The `depth` best rows with a score above 0, best first (ties in document order)."""
    candidates = np.flatnonzero(scores > 0)
    if len(candidates) > depth:
        values = scores[candidates]
        threshold = np.partition(values, len(values) - depth)[len(values) - depth]
        candidates = candidates[values >= threshold]  # ties at the threshold all stay, then sorted
    ordered = sorted((int(i) for i in candidates), key=lambda i: (-float(scores[i]), *_order(index, i)))
    return ordered[:depth]
