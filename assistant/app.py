"""One function builds the app; nothing is built at import."""

from __future__ import annotations

import logging
import os

from langchain_core.embeddings import Embeddings

from assistant.chain import Assistant
from assistant.config import Settings
from assistant.retrieval import Retriever
from vectorstore.embeddings import load_embeddings, model_id
from vectorstore.store import Store, make_client

logger = logging.getLogger(__name__)


def open_store(settings: Settings, embeddings: Embeddings | None = None, for_ingest: bool = False) -> Store:
    """The store named by the settings, with the configured embedding model."""
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    threads = (os.cpu_count() or 1) if for_ingest else 1
    embeddings = embeddings or load_embeddings(settings.embedding_model, settings.embed_batch_size, threads)
    client = make_client(settings.store, settings.chroma_url)
    # a test double names itself; a real model is named by its setting
    name = getattr(embeddings, "model_id", None) or model_id(settings.embedding_model)
    return Store(client, embeddings, name, prefix=settings.collection)


def build(settings: Settings, embeddings: Embeddings | None = None, store: Store | None = None) -> Assistant:
    store = store or open_store(settings, embeddings)
    llm = None
    if settings.mode == "llm":
        from assistant.llm import LLMAnswerer, make_chat_model

        llm = LLMAnswerer(make_chat_model(settings))
    return Assistant(settings, Retriever(store, settings), llm)
