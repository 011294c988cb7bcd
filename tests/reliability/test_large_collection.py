"""A store whose collections outgrow one Chroma read: a single `get` of more than 32,766 records fails
("too many SQL variables"); the 2,000-document benchmark (107,505 chunks) ran into it when the chat
built its index. Every full read is paged."""

from __future__ import annotations

import time
from pathlib import Path

from ingest.records import Chunk, DocumentInfo
from tests.conftest import HashEmbeddings
from vectorstore.store import Store, make_client

N = 33_000  # above Chroma's 32,766


def test_store_with_more_chunks_than_one_chroma_read(tmp_path: Path) -> None:
    store = Store(make_client(tmp_path / "store", None), HashEmbeddings(dim=8), HashEmbeddings.model_id)
    started = time.monotonic()
    chunks = [Chunk(id=f"v1:{i}", doc="groot.txt", doc_hash="v1", title="Groot", section="Deel I", page=None,
                    start=10 * i, end=10 * i + 9, text=f"zin {i:06d}.") for i in range(N)]
    info = DocumentInfo(name="groot.txt", sha256="0" * 64, format="txt", kind="other", title="Groot", date=None,
                        n_chunks=N, n_pages=None, version="v1")
    store.write_document(info, chunks, [[1.0] + [0.0] * 7] * N)
    written = time.monotonic() - started
    # an interrupted write of another version leaves orphans that repair must find among them all
    store._chunks.upsert(ids=["v0:0"], embeddings=[[1.0] + [0.0] * 7], documents=["oud"],
                         metadatas=[{"doc": "groot.txt", "doc_hash": "v0", "start": 0, "end": 3}])
    assert store.count_chunks() == N + 1
    assert store.repair() == 1
    read = store.all_chunks()
    assert len(read) == N and len({c.id for c in read}) == N
    assert [c.start for c in read] == sorted(c.start for c in read)
    assert [d.name for d in store.list_documents()] == ["groot.txt"]
    print(f"{N} chunks written in {written:.0f} s")
