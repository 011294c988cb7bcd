"""Re-embed every chunk of a store with the configured model (`akkoord reindex`).

The store keeps answering with its old vectors while the new ones are computed into two new
collections: `<prefix>_vectors_next` (one vector per distinct text, by text hash, recording its model)
and `<prefix>_chunks_next` (a copy of every chunk with its new vector, recording the new model). Only
when the copy is complete is it marked so, and then it replaces the old collections:

    mark `_chunks_next` complete -> delete `_chunks` -> rename `_chunks_next` to `_chunks`
    -> delete `_vectors` -> rename `_vectors_next` to `_vectors` -> new generation (readers reload)

So no collection ever claims one model and holds vectors of another:
- stopped before the mark: the store is unchanged (old model); the next run reuses the vectors already
  in `_vectors_next` (same model) and copies the chunks again;
- stopped between deleting `_chunks` and the rename (two metadata writes apart): the store refuses to
  open with a message to run `akkoord reindex` again, which finishes the rename;
- stopped after the rename: `_chunks` holds the new model; the old `_vectors` records the old model
  (stamped at the start) and is therefore never used by the new one; the next run finishes the swap.
The caller holds the ingest lock, so no ingest writes to the store meanwhile.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ingest.records import Chunk
from vectorstore.store import (
    _WRITE_BATCH,
    SCHEMA_VERSION,
    Store,
    StoreError,
    _chunk_id,
    _get_all,
    _get_collection,
)

logger = logging.getLogger(__name__)

COMPLETE = "complete"
EMBED_STEP = 256  # texts per model call between progress updates (and lease checks)


@dataclass
class ReindexReport:
    previous_model: str | None
    model: str
    chunks: int = 0
    texts: int = 0  # distinct texts
    embedded: int = 0  # texts that went through the model (the rest came from an interrupted run)
    seconds: float = 0.0
    done: bool = True  # False: the store already used the model, nothing was changed

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def names(prefix: str) -> dict[str, str]:
    return {"chunks": f"{prefix}_chunks", "chunks_next": f"{prefix}_chunks_next",
            "vectors": f"{prefix}_vectors", "vectors_next": f"{prefix}_vectors_next", "docs": f"{prefix}_docs"}


def finish_interrupted(client: Any, prefix: str) -> bool:
    """Finish a reindex that was stopped after the old chunks were removed (the store cannot be opened
    in that state). Returns True when there was one to finish."""
    n = names(prefix)
    if _get_collection(client, n["chunks"]) is not None:
        return False
    ready = _get_collection(client, n["chunks_next"])
    if ready is None:
        return False
    meta = dict(ready.metadata or {})
    if meta.get("akkoord_reindex") != COMPLETE:
        # never left by reindex (it removes the old chunks only after the mark): refuse to guess
        raise StoreError(
            f"de opslag heeft geen collectie {n['chunks']} en een onvolledige {n['chunks_next']}: "
            "ze is beschadigd; lees de documenten opnieuw in, in een nieuwe opslag"
        )
    logger.info("finishing an interrupted reindex")
    _swap(client, prefix, ready, _get_collection(client, n["vectors_next"]))
    return True


def reindex(store: Store, on_progress: Callable[[int, int], None] | None = None, force: bool = False,
            check: Callable[[], None] | None = None) -> ReindexReport:
    """Re-embed every chunk of `store` with `store.embeddings` (opened with check_model=False; the
    caller holds the ingest lock). `on_progress(done, total)` counts distinct texts; `check()` is
    called between batches (a server lease that was lost raises there)."""
    if store.embeddings is None:
        raise ValueError("reindex needs the store opened with its embedding model")
    started = time.perf_counter()
    client, prefix, target = store._client, store._prefix, store.model_id
    n = names(prefix)
    report = ReindexReport(previous_model=store.recorded_model, model=target)
    leftovers = any(_get_collection(client, n[k]) is not None for k in ("chunks_next", "vectors_next"))
    if (not force and store.recorded_model == target and store._vectors_model == target and not leftovers):
        report.done = False
        report.chunks = store.count_chunks()
        return report

    # the old cache says which model made it (a cache from before that was recorded: the store's model),
    # so that it can never be taken for the new model's if this run stops half-way
    vectors_meta = dict(store._vectors.metadata or {})
    if "embedding_model" not in vectors_meta:
        store._vectors.modify(metadata={**vectors_meta, "embedding_model": store.recorded_model or ""})

    store.repair()  # only the visible chunks are copied
    got = _get_all(store._chunks, ["documents", "metadatas"])
    # copied record for record (ids and metadata as stored: they name the write each chunk belongs to)
    records = list(zip(got["ids"], got["documents"], got["metadatas"], strict=True))
    chunks = [Chunk.from_metadata(_chunk_id(rid), text, meta) for rid, text, meta in records]
    del got
    texts = {c.embed_key: c.embed_text for c in chunks}
    report.chunks, report.texts = len(chunks), len(texts)

    # an earlier, interrupted run: its chunk copy is redone, its vectors are kept when of this model
    if _get_collection(client, n["chunks_next"]) is not None:
        client.delete_collection(n["chunks_next"])
    vectors_next = _get_collection(client, n["vectors_next"])
    if vectors_next is not None and (vectors_next.metadata or {}).get("embedding_model") != target:
        client.delete_collection(n["vectors_next"])
        vectors_next = None
    if vectors_next is None:
        vectors_next = client.create_collection(
            n["vectors_next"], embedding_function=None,
            metadata={"akkoord_schema": SCHEMA_VERSION, "embedding_model": target})

    keys = list(texts)
    known = _existing_ids(vectors_next, keys) if not force else set()
    todo = [k for k in keys if k not in known]
    done = len(keys) - len(todo)
    if on_progress:
        on_progress(done, len(keys))
    for i in range(0, len(todo), EMBED_STEP):
        if check:
            check()
        batch = todo[i : i + EMBED_STEP]
        vectors = store.embeddings.embed_documents([texts[k] for k in batch])
        vectors_next.upsert(ids=batch, embeddings=[list(map(float, v)) for v in vectors])
        report.embedded += len(batch)
        done += len(batch)
        if on_progress:
            on_progress(done, len(keys))

    # an empty store records its dimension at its first write, as a new one does
    recorded = {"akkoord_schema": SCHEMA_VERSION, "embedding_model": target}
    if keys:
        recorded["embedding_dim"] = _dimension(vectors_next, keys)
    chunks_next = client.create_collection(n["chunks_next"], embedding_function=None,
                                           metadata={**recorded, "hnsw:space": "cosine"})
    for i in range(0, len(chunks), _WRITE_BATCH):
        if check:
            check()
        batch = chunks[i : i + _WRITE_BATCH]
        found = _vectors_by_id(vectors_next, [c.embed_key for c in batch])
        rows = records[i : i + _WRITE_BATCH]
        chunks_next.upsert(ids=[rid for rid, _, _ in rows], embeddings=[found[c.embed_key] for c in batch],
                           documents=[text for _, text, _ in rows], metadatas=[meta for _, _, meta in rows])
    if chunks_next.count() != len(chunks):
        raise StoreError(f"reindex: {chunks_next.count()} van de {len(chunks)} stukken zijn gekopieerd; "
                         "voer `akkoord reindex` opnieuw uit")
    if check:
        check()
    # the commit point: the copy is complete; from here on a stopped run is finished by the next one
    chunks_next.modify(metadata={**recorded, "akkoord_reindex": COMPLETE})
    _swap(client, prefix, chunks_next, vectors_next)
    report.seconds = round(time.perf_counter() - started, 2)
    return report


def _swap(client: Any, prefix: str, chunks_next: Any, vectors_next: Any | None) -> None:
    _swap_chunks(client, prefix, chunks_next)
    if vectors_next is not None:
        _swap_vectors(client, prefix, vectors_next)
    docs = client.get_or_create_collection(names(prefix)["docs"], embedding_function=None,
                                           metadata={"akkoord_schema": SCHEMA_VERSION})
    # readers that cache an index (and an embedded store's vector index) notice the change: the
    # generation is the number of manifest records, so one more record (no document: no "name")
    docs.add(ids=[f"reindex:{uuid.uuid4().hex}"], embeddings=[[1.0]], metadatas=[{"reindex": COMPLETE}],
             documents=[""])


def _swap_chunks(client: Any, prefix: str, chunks_next: Any) -> None:
    n = names(prefix)
    meta = {k: v for k, v in dict(chunks_next.metadata or {}).items()
            if k != "akkoord_reindex" and not k.startswith("hnsw:")}
    if _get_collection(client, n["chunks"]) is not None:
        client.delete_collection(n["chunks"])
    chunks_next.modify(name=n["chunks"], metadata=meta)


def _swap_vectors(client: Any, prefix: str, vectors_next: Any) -> None:
    n = names(prefix)
    if _get_collection(client, n["vectors"]) is not None:
        client.delete_collection(n["vectors"])  # the old model's vectors
    vectors_next.modify(name=n["vectors"])


def _existing_ids(collection: Any, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(keys), _WRITE_BATCH):
        found.update(collection.get(ids=keys[i : i + _WRITE_BATCH], include=[])["ids"])
    return found


def _vectors_by_id(collection: Any, keys: list[str]) -> dict[str, Any]:
    unique = list(dict.fromkeys(keys))
    got = collection.get(ids=unique, include=["embeddings"])
    found = dict(zip(got["ids"], got["embeddings"], strict=True))
    missing = [k for k in unique if k not in found]
    if missing:
        raise StoreError(f"reindex: geen nieuwe vector voor {len(missing)} teksten; voer `akkoord reindex` opnieuw uit")
    return found


def _dimension(collection: Any, keys: list[str]) -> int:
    if not keys:
        return 0
    got = collection.get(ids=keys[:1], include=["embeddings"])
    return len(got["embeddings"][0])
