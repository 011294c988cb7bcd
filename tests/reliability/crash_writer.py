"""An ingest that kills itself with SIGKILL at an exact point of the store's write order.

    python -m tests.reliability.crash_writer STORE POINT K PATH...

POINT is where the K-th document written (1-based) dies:
  chunks    after its first batch of chunks was added (a partial new version)
  manifest  after all its chunks were added, before its manifest (the commit point)
  stale     after its manifest, before the old version's chunks are deleted
  after     after it was fully written, before the next document
  repair    during repair() at the start of the run, after its first batch of deletes
  none      no kill
Uses the fake embedder (fast, deterministic): the write order is what is under test.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from assistant.app import open_store
from assistant.config import Settings
from ingest.pipeline import ingest_lock, ingest_paths
from tests.conftest import HashEmbeddings
from vectorstore import store as store_module


class _Proxy:
    """A Chroma collection with some methods replaced."""

    def __init__(self, target, **overrides):
        self._target = target
        self.__dict__.update(overrides)

    def __getattr__(self, name):
        return getattr(self._target, name)


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def main(argv: list[str]) -> int:
    store_dir, point, k, *paths = argv
    k = int(k)
    settings = Settings(store=Path(store_dir))
    store = open_store(settings, HashEmbeddings())
    state = {"doc": 0, "batches": 0, "deletes": 0}

    original_write = store.write_document

    def write_document(info, chunks, vectors):
        state["doc"] += 1
        state["batches"] = 0
        original_write(info, chunks, vectors)
        if point == "after" and state["doc"] == k:
            _die()

    store.write_document = write_document

    chunks_upsert = store._chunks.upsert

    def upsert_chunks(**kwargs):
        chunks_upsert(**kwargs)
        state["batches"] += 1
        if point == "chunks" and state["doc"] == k and state["batches"] == 1:
            _die()

    docs_add = store._docs.add

    def add_docs(**kwargs):  # the commit point: adding the document's next manifest slot
        is_manifest = any(i.startswith("doc:") for i in kwargs["ids"])
        if point == "manifest" and is_manifest and state["doc"] == k:
            _die()
        docs_add(**kwargs)

    original_stale = store._delete_stale

    def delete_stale(*args):
        if point == "stale" and state["doc"] == k:
            _die()
        original_stale(*args)

    chunks_delete = store._chunks.delete

    def delete_chunks(**kwargs):
        chunks_delete(**kwargs)
        state["deletes"] += 1
        if point == "repair" and state["doc"] == 0 and state["deletes"] == 1:
            _die()

    store._chunks = _Proxy(store._chunks, upsert=upsert_chunks, delete=delete_chunks)
    store._docs = _Proxy(store._docs, add=add_docs)
    store._delete_stale = delete_stale
    assert store_module._WRITE_BATCH > 0
    report = ingest_paths(paths, store, ingest_lock(settings.store), settings.max_file_bytes)
    print(f"ingested={len(report.ingested)} replaced={len(report.replaced)} unchanged={len(report.unchanged)} "
          f"failed={len(report.failed)}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
