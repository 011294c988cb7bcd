"""A cheap embedder for scale runs ONLY: hashed bag-of-words vectors, no language model.

Embedding 10,000 synthetic documents with multilingual-e5-small (about 8 texts/s on 2 cores) would
take days; the scale benchmark measures the store, the lexical index and the answer step, which do
not depend on what the vectors mean. Vectors have the real model's dimension (384), so Chroma's
vector index does the same work. `python -m evals.bench scale --embedder hash` uses it and says so in
its report; the real model's query embedding time is measured separately and added in the README.
Never used by akkoord itself.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

HASH_EMBEDDER = "hash"
MODEL_ID = "bench-hashing-384 (hashed words, not a language model)"
_WORD = re.compile(r"\w+")


class HashingEmbeddings:
    """Deterministic (across processes) unit vectors: each word adds 1 at two hashed positions."""

    model_id = MODEL_ID

    def __init__(self, dim: int = 384) -> None:
        self.dim = dim

    def _vector(self, text: str) -> list[float]:
        v = np.zeros(self.dim, dtype=np.float32)
        for word in _WORD.findall(text.lower()):
            h = zlib.crc32(word.encode("utf-8"))
            v[h % self.dim] += 1.0
            v[(h >> 16) % self.dim] += 0.5
        norm = float(np.linalg.norm(v))
        if not norm:
            v[0], norm = 1.0, 1.0
        return (v / norm).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)
