"""BM25 over an inverted index (numpy) that is updated in place and can be saved and loaded.

rank-bm25 scores every document for every query term in Python; with hundreds of thousands of chunks
that alone exceeds the latency budget, so the postings are kept as arrays instead.

Rows (chunks) are appended when a document is added and marked dead when it is removed or replaced;
the postings of a dead row stay until `compact()` drops them. Nothing global is precomputed per row
or term: the idf (from the number of live rows holding a term) and the length normalisation (from
the live rows' mean length) are computed when a query is scored, so an update costs only the added
rows and the scores always equal those of an index built afresh from the live rows. A dead row's
normalisation is infinite, so it scores 0 without a mask.

Why not a library: bm25s and SQLite FTS5 build (or merge) whole indexes per change or score with
their own tokenisers and without per-term query weights; tantivy brings its own analysers (no Dutch
snowball stems of our terms, no compound splitting) and a Rust dependency. The index here takes our
own terms (assistant/analysis.py) and adds one document in milliseconds; measured in the README.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

_EMPTY_I = np.empty(0, dtype=np.int32)
_EMPTY_TF = np.empty(0, dtype=np.uint16)
_MAX_TF = 65535  # term frequencies are kept as uint16: BM25 saturates long before (tf / (tf + norm))


class BM25Index:
    def __init__(self, documents: Sequence[Sequence[str]] = (), k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self._postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # term -> (rows, term frequencies)
        self._length = np.empty(0, dtype=np.float32)  # terms per row
        self._dead = np.empty(0, dtype=bool)
        self._rows = 0
        self._alive = 0
        self._total = 0.0  # summed length of the live rows
        self._norm: np.ndarray | None = None
        self._df: dict[str, int] = {}
        if documents:
            self.add(documents)

    # -- size --------------------------------------------------------------------------------------

    @property
    def n(self) -> int:
        """Live rows."""
        return self._alive

    @property
    def rows(self) -> int:
        """Rows, dead ones included (row numbers run up to this)."""
        return self._rows

    @property
    def dead(self) -> int:
        return self._rows - self._alive

    def is_dead(self, row: int) -> bool:
        return bool(self._dead[row])

    # -- updates -----------------------------------------------------------------------------------

    def add(self, documents: Sequence[Sequence[str]]) -> np.ndarray:
        """Append one row per term list; returns their row numbers."""
        start, n = self._rows, len(documents)
        if not n:
            return _EMPTY_I
        lengths = np.fromiter((len(d) for d in documents), dtype=np.float32, count=n)
        self._length = np.concatenate([self._length[: self._rows], lengths])
        self._dead = np.concatenate([self._dead[: self._rows], np.zeros(n, dtype=bool)])
        added: dict[str, tuple[list[int], list[int]]] = {}
        for i, doc in enumerate(documents, start):
            for term, tf in Counter(doc).items():
                entry = added.get(term)
                if entry is None:
                    added[term] = ([i], [tf])
                else:
                    entry[0].append(i)
                    entry[1].append(tf)
        for term, (ids, tfs) in added.items():
            rows, freqs = np.array(ids, dtype=np.int32), np.minimum(np.array(tfs), _MAX_TF).astype(np.uint16)
            old = self._postings.get(term)
            self._postings[term] = (rows, freqs) if old is None else (np.concatenate([old[0], rows]),
                                                                      np.concatenate([old[1], freqs]))
        self._rows += n
        self._alive += n
        self._total += float(lengths.sum())
        self._changed()
        return np.arange(start, start + n, dtype=np.int32)

    def remove(self, rows: np.ndarray) -> None:
        """Mark rows dead (their postings stay until compact())."""
        rows = np.asarray(rows, dtype=np.int32)
        rows = rows[~self._dead[rows]]
        if not len(rows):
            return
        self._dead[rows] = True
        self._alive -= len(rows)
        self._total -= float(self._length[rows].sum())
        if self._alive == 0:
            self._total = 0.0
        self._changed()

    def compact(self) -> np.ndarray:
        """Drop the dead rows; returns the new number of every old row (-1 for a dead one)."""
        keep = ~self._dead[: self._rows]
        remap = np.where(keep, np.cumsum(keep) - 1, -1).astype(np.int32)
        postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for term, (rows, tfs) in self._postings.items():
            live = keep[rows]
            if live.all():
                postings[term] = (remap[rows], tfs)
            elif live.any():
                postings[term] = (remap[rows[live]], tfs[live])
        self._postings = postings
        self._length = self._length[: self._rows][keep]
        self._dead = np.zeros(int(keep.sum()), dtype=bool)
        self._rows = self._alive = len(self._length)
        self._total = float(self._length.sum())
        self._changed()
        return remap

    def _changed(self) -> None:
        self._norm = None
        self._df = {}

    # -- scoring -----------------------------------------------------------------------------------

    def _normalisation(self) -> np.ndarray:
        if self._norm is None:
            avg = self._total / self._alive if self._alive else 0.0
            length = self._length[: self._rows]
            norm = (self.k1 * (1 - self.b + self.b * length / avg) if avg
                    else np.full(self._rows, self.k1, dtype=np.float32)).astype(np.float32)
            norm[self._dead[: self._rows]] = np.inf
            self._norm = norm
        return self._norm

    def document_frequency(self, term: str) -> int:
        """Live rows holding the term."""
        found = self._df.get(term)
        if found is None:
            posting = self._postings.get(term)
            if posting is None:
                found = 0
            elif self._alive == self._rows:
                found = len(posting[0])
            else:
                found = int(len(posting[0]) - np.count_nonzero(self._dead[posting[0]]))
            self._df[term] = found
        return found

    def live_terms(self) -> list[str]:
        """The terms some live row uses."""
        return [t for t in self._postings if self.document_frequency(t) > 0]

    def posting(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(rows, term frequencies) of a term, dead rows included."""
        return self._postings.get(term, (_EMPTY_I, _EMPTY_TF))

    def scores(self, query: Sequence[str], weights: Sequence[float] | None = None) -> np.ndarray:
        """BM25 score of every row for the query terms (repeated terms count once; dead rows 0)."""
        out = np.zeros(self._rows, dtype=np.float32)
        norm = self._normalisation()
        seen: set[str] = set()
        k1 = self.k1
        for i, term in enumerate(query):
            if term in seen or term not in self._postings:
                continue
            seen.add(term)
            df = self.document_frequency(term)
            if not df:
                continue
            rows, tf = self._postings[term]
            idf = math.log(1 + (self._alive - df + 0.5) / (df + 0.5))
            w = 1.0 if weights is None else weights[i]
            tf = tf.astype(np.float32)
            out[rows] += (idf * w * (k1 + 1)) * tf / (tf + norm[rows])
        return out

    # -- saving ------------------------------------------------------------------------------------

    def parts(self) -> dict[str, list[np.ndarray]]:
        """The index as flat arrays, each given in parts that are concatenated in order: terms (one
        blob), their posting offsets, rows, frequencies, row lengths, dead rows, parameters. The
        postings are the index's own arrays, not copies (a streamed save writes them one by one; they
        are never changed in place, so the parts stay valid while the index is updated)."""
        terms = list(self._postings)
        postings = [self._postings[t] for t in terms]
        offsets = np.zeros(len(terms) + 1, dtype=np.int64)
        np.cumsum(np.fromiter((len(p[0]) for p in postings), dtype=np.int64, count=len(terms)), out=offsets[1:])
        blob = np.frombuffer("\n".join(terms).encode("utf-8"), dtype=np.uint8)
        return {"bm25_terms": [blob], "bm25_offsets": [offsets],
                "bm25_rows": [p[0] for p in postings] or [_EMPTY_I], "bm25_tfs": [p[1] for p in postings] or [_EMPTY_TF],
                "bm25_length": [self._length[: self._rows].copy()], "bm25_dead": [self._dead[: self._rows].copy()],
                "bm25_params": [np.array([self.k1, self.b], dtype=np.float64)]}

    def arrays(self) -> dict[str, np.ndarray]:
        """The index as flat arrays (`parts` concatenated)."""
        return {name: np.concatenate(parts) for name, parts in self.parts().items()}

    @classmethod
    def from_arrays(cls, data: dict[str, np.ndarray] | np.lib.npyio.NpzFile) -> BM25Index:
        k1, b = (float(x) for x in data["bm25_params"])
        index = cls(k1=k1, b=b)
        blob = bytes(data["bm25_terms"])
        terms = blob.decode("utf-8").split("\n") if blob else []
        offsets = data["bm25_offsets"]
        rows = data["bm25_rows"].astype(np.int32, copy=False)
        tfs = data["bm25_tfs"]
        if tfs.dtype != np.uint16:  # saved by an earlier version (float32)
            tfs = np.minimum(tfs, _MAX_TF).astype(np.uint16)
        index._postings = {t: (rows[offsets[i]:offsets[i + 1]], tfs[offsets[i]:offsets[i + 1]])
                           for i, t in enumerate(terms)}
        index._length = np.array(data["bm25_length"], dtype=np.float32)
        index._dead = np.array(data["bm25_dead"], dtype=bool)
        index._rows = len(index._length)
        index._alive = int(index._rows - index._dead.sum())
        index._total = float(index._length[~index._dead].sum())
        return index
