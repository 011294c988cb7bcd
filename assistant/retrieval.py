"""Hybrid retrieval: Dutch BM25 (stemmed, accent-folded, paraphrase-expanded) fused with dense search.

The question often names its document ("met Mechelen", "in Zele"): names of parties, municipalities
and documents are recognised and restrict the search to that document when exactly one matches.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.analysis import fold, question_words, split_compound, stem, terms, words
from assistant.config import Settings
from assistant.lexical import BM25Index
from ingest.genre import genre
from ingest.records import Chunk, DocumentInfo
from vectorstore.store import Store

logger = logging.getLogger(__name__)

# words that name the genre, not one document
# a document named in the question scores at least this share of the best-named document
NAMED_SHARE = 0.6
# a word of a title names its document only when at most this share of the documents use it
TITLE_WORD_SHARE = 0.5


def _generic_name_words() -> set[str]:
    """Words that name the genre, not one document (ingest/genre.toml)."""
    g = genre()
    found = set(words(" ".join(g.title_words + g.document_nouns + g.councils + g.minutes_markers)))
    return found | {"txt", "pdf", "docx", "md", "html", "htm"}


def expand_query(question: str) -> str:
    """The question plus the document words its paraphrases stand for (ingest/genre.toml)."""
    folded = fold(question)
    extra = [r.add for r in genre().paraphrases if r.add and any(p.search(folded) for p in r.patterns)]
    return " ".join([question, *extra])


@dataclass
class Hit:
    chunk: Chunk
    score: float
    bm25: float = 0.0
    dense: float = 0.0


@dataclass
class _Index:
    generation: str
    chunks: list[Chunk]
    bm25: BM25Index
    by_id: dict[str, int]
    doc_rows: dict[str, np.ndarray]
    documents: dict[str, DocumentInfo]
    names: dict[str, set[str]]  # folded name word -> documents it names
    build_ms: float = 0.0

    def vocabulary(self, word: str) -> bool:
        """Whether the documents use a (folded) word."""
        return self.bm25.document_frequency(stem(word)) > 0

    def query_terms(self, text: str) -> list[str]:
        """Index terms of a question: its stems, a compound the documents do not use replaced by its
        parts that they do ('sluisverdrag' -> 'sluis', 'verdrag')."""
        own: list[str] = []
        for word in words(text):
            parts = split_compound(word, self.vocabulary)
            for t in terms(" ".join(parts)) if parts else terms(word):
                if t not in own:
                    own.append(t)
        return own


@dataclass
class RetrievalResult:
    hits: list[Hit]
    docs: list[str] = field(default_factory=list)  # documents the search was restricted to
    named_docs: list[str] = field(default_factory=list)  # documents the question names
    expanded: str = ""
    name_terms: set[str] = field(default_factory=set)  # index terms of the question's naming words


class Retriever:
    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._index: _Index | None = None
        self._lock = threading.Lock()

    # -- index -----------------------------------------------------------------------------------

    def index(self) -> _Index:
        """The lexical index for the store's current generation (rebuilt only when documents change)."""
        generation = self.store.generation()
        current = self._index
        if current is not None and current.generation == generation:
            return current
        with self._lock:
            if self._index is None or self._index.generation != generation:
                self._index = self._build(generation)
            return self._index

    def _build(self, generation: str) -> _Index:
        started = time.perf_counter()
        documents = {d.name: d for d in self.store.list_documents()}
        chunks = [c for c in self.store.all_chunks() if c.doc in documents]
        term_lists = [terms(f"{c.section}\n{c.text}") for c in chunks]
        bm25 = BM25Index(term_lists)
        rows: dict[str, list[int]] = {}
        for i, c in enumerate(chunks):
            rows.setdefault(c.doc, []).append(i)
        index = _Index(
            generation=generation,
            chunks=chunks,
            bm25=bm25,
            by_id={c.id: i for i, c in enumerate(chunks)},
            doc_rows={d: np.array(r, dtype=np.int32) for d, r in rows.items()},
            documents=documents,
            names=_document_names(documents.values(), _document_share(chunks, term_lists, len(documents))),
        )
        index.build_ms = (time.perf_counter() - started) * 1000
        logger.info("lexical index: %d chunks in %.0f ms", len(chunks), index.build_ms)
        return index

    # -- query -----------------------------------------------------------------------------------

    def named_documents(self, question: str) -> tuple[list[str], set[str]]:
        """Documents the question names, by a party, place, title word, abbreviation or file name,
        and the index terms of the naming words. A word that names few documents counts more than
        one that names many; documents scoring well below the best are not named."""
        index = self.index()
        n_docs = max(len(index.documents), 1)
        scores: dict[str, float] = {}
        naming: set[str] = set()
        for word in set(question_words(question, index.vocabulary)):
            docs = index.names.get(word, set()) | index.names.get(stem(word), set())
            if not docs:
                continue
            naming.add(stem(word))
            weight = math.log(1 + n_docs / len(docs))
            for d in docs:
                scores[d] = scores.get(d, 0.0) + weight
        if not scores:
            return [], naming
        best = max(scores.values())
        return sorted(d for d, v in scores.items() if v >= NAMED_SHARE * best), naming

    def search(self, question: str, k: int | None = None, docs: Sequence[str] | None = None) -> RetrievalResult:
        k = k or self.settings.top_k
        index = self.index()
        named, naming = self.named_documents(question)
        # the documents the question names (by a party, municipality or file name) restrict the search
        restrict = list(docs) if docs else named
        expanded = expand_query(question)
        if not index.chunks:
            return RetrievalResult([], restrict, named, expanded, naming)

        allowed = (
            np.concatenate([index.doc_rows.get(d, np.empty(0, dtype=np.int32)) for d in restrict])
            if restrict
            else None
        )
        # BM25: the question's own words count double against the paraphrase additions
        own = index.query_terms(question)
        added = [t for t in terms(expanded[len(question):]) if t not in own]
        lexical = index.bm25.scores(own + added, [1.0] * len(own) + [0.5] * len(added))
        if allowed is not None:
            mask = np.zeros(len(index.chunks), dtype=bool)
            mask[allowed] = True
            lexical = np.where(mask, lexical, 0.0)
        if named and not restrict:
            for d in named:  # several documents named: favour them without excluding the rest
                rows = index.doc_rows.get(d)
                if rows is not None:
                    lexical[rows] *= 1.3
        depth = max(k * 4, 20)
        order = np.argsort(-lexical, kind="stable")[:depth]
        lexical_rank = {int(i): r for r, i in enumerate(order) if lexical[i] > 0}

        dense_rank: dict[int, int] = {}
        dense_score: dict[int, float] = {}
        if self.settings.dense_weight > 0:
            vector = self.store.embeddings.embed_query(question)
            for chunk, score in self.store.dense_search(vector, depth, restrict or None):
                i = index.by_id.get(chunk.id)
                if i is not None and i not in dense_rank:
                    dense_rank[i] = len(dense_rank)
                    dense_score[i] = score

        fused: dict[int, float] = {}
        for i, r in lexical_rank.items():
            fused[i] = fused.get(i, 0.0) + self.settings.bm25_weight / (self.settings.rrf_k + r + 1)
        for i, r in dense_rank.items():
            fused[i] = fused.get(i, 0.0) + self.settings.dense_weight / (self.settings.rrf_k + r + 1)
        best = sorted(fused, key=lambda i: (-fused[i], i))[:k]
        hits = [
            Hit(index.chunks[i], fused[i], float(lexical[i]), dense_score.get(i, 0.0)) for i in best
        ]
        return RetrievalResult(hits, restrict, named, expanded, naming)

    def documents(self) -> dict[str, DocumentInfo]:
        return self.index().documents

    def passage(self, doc: str, offset: int | None = None, chunk_id: str | None = None) -> Chunk | None:
        """The stored passage behind a citation: by chunk id, else the chunk of `doc` containing the
        character offset, else (a quoted heading lies between chunks) the first chunk after it."""
        index = self.index()
        if chunk_id is not None and chunk_id in index.by_id:
            return index.chunks[index.by_id[chunk_id]]
        if offset is None:
            return None
        rows = [index.chunks[int(i)] for i in index.doc_rows.get(doc, np.empty(0, dtype=np.int32))]
        inside = next((c for c in rows if c.start <= offset < c.end), None)
        return inside or next((c for c in rows if c.start >= offset), None)


def _document_share(chunks: Sequence[Chunk], term_lists: Sequence[Sequence[str]], n_docs: int) -> Callable[[str], float]:
    """The share of the documents whose passages use a term."""
    docs_of: dict[str, set[str]] = {}
    for chunk, chunk_terms in zip(chunks, term_lists, strict=True):
        for term in set(chunk_terms):
            docs_of.setdefault(term, set()).add(chunk.doc)
    return lambda term: len(docs_of.get(term, ())) / max(n_docs, 1)


def _document_names(documents: Sequence[DocumentInfo] | object,
                    doc_share: Callable[[str], float] = lambda term: 0.0) -> dict[str, set[str]]:
    """Folded words that name one or a few documents: party short names, municipalities, the words of
    the title and file name, the initials of the names in the title ("Brabants Historisch Centrum"
    -> "bhc") and the abbreviations the document defines."""
    names: dict[str, set[str]] = {}
    docs = list(documents)  # type: ignore[call-overload]
    for doc in docs:
        candidates: set[str] = set()
        stemless = re.split(r"[-_.\s]+", fold(Path(doc.name).stem))
        candidates.update(w for w in stemless if len(w) >= 4 and not w.isdigit())
        # a title word names the document only when few documents use it ("sluis", not "samen")
        candidates.update(w for w in words(doc.title)
                          if len(w) >= 4 and not w.isdigit() and doc_share(stem(w)) <= TITLE_WORD_SHARE)
        for name in _CAPITALISED.findall(doc.title):
            parts = [w for w in name.split() if w[0].isupper()]
            # "Brabants Historisch Centrum" -> "bhc"; every run of three or more capitalised words
            for i in range(len(parts)):
                for j in range(i + 3, len(parts) + 1):
                    candidates.add(fold("".join(w[0] for w in parts[i:j])))
        facts = doc.facts
        for party in facts.parties:
            for value in (party.short, party.name):
                if value:
                    candidates.update(w for w in words(value) if len(w) >= 3)
        for definition in facts.definitions:
            if definition.term.isupper() and 2 <= len(definition.term) <= 10:
                candidates.add(fold(definition.term))
        if facts.minutes and facts.minutes.municipality:
            candidates.update(words(facts.minutes.municipality))
        for word in candidates - _generic_name_words():
            names.setdefault(word, set()).add(doc.name)
            names.setdefault(stem(word), set()).add(doc.name)
    # a word that names most documents ("VDAB") does not pick one out
    limit = max(1, math.ceil(0.6 * len(docs))) if len(docs) > 2 else 1
    return {w: d for w, d in names.items() if len(d) <= limit}


_CAPITALISED = re.compile(r"[A-ZÀ-Ý][\w-]+(?:\s+(?:van\s+|voor\s+|der\s+|de\s+)?[A-ZÀ-Ý][\w-]+)+")
