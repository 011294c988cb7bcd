"""BM25 over an inverted index (numpy), built once per store generation.

rank-bm25 scores every document for every query term in Python; with tens of thousands of chunks
that alone exceeds the latency budget, so the postings are kept as arrays instead.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np


class BM25Index:
    def __init__(self, documents: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.n = len(documents)
        lengths = np.array([len(d) for d in documents], dtype=np.float32)
        avg = float(lengths.mean()) if self.n else 0.0
        norm = k1 * (1 - b + b * lengths / avg) if avg else np.full(self.n, k1, dtype=np.float32)
        postings: dict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
        for i, doc in enumerate(documents):
            for term, tf in Counter(doc).items():
                ids, tfs = postings[term]
                ids.append(i)
                tfs.append(tf)
        self._postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for term, (ids, tfs) in postings.items():
            idx = np.array(ids, dtype=np.int32)
            tf = np.array(tfs, dtype=np.float32)
            idf = math.log(1 + (self.n - len(ids) + 0.5) / (len(ids) + 0.5))
            self._postings[term] = (idx, (idf * tf * (k1 + 1) / (tf + norm[idx])).astype(np.float32))

    def scores(self, query: Sequence[str], weights: Sequence[float] | None = None) -> np.ndarray:
        """BM25 score of every document for the query terms (repeated terms count once)."""
        out = np.zeros(self.n, dtype=np.float32)
        seen: set[str] = set()
        for i, term in enumerate(query):
            if term in seen or term not in self._postings:
                continue
            seen.add(term)
            idx, contribution = self._postings[term]
            w = 1.0 if weights is None else weights[i]
            out[idx] += contribution * w
        return out

    def document_frequency(self, term: str) -> int:
        posting = self._postings.get(term)
        return 0 if posting is None else len(posting[0])
