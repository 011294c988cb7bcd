"""Reads that interleave with a write (fake embedder): a reader never sees a document with no chunks,
or with chunks of two versions, whatever the write does between the reader's two reads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from assistant.app import open_store
from assistant.config import Settings
from ingest.load import load_file
from ingest.pipeline import ingest_lock, ingest_paths, process
from tests.conftest import ROOT, HashEmbeddings
from tests.reliability.helpers import check_store, clean_env, expected_documents, make_corpus, reader_store


class _Interleave:
    """A collection whose first get() lets another writer replace a document first."""

    def __init__(self, target, before_first_get):
        self._target, self._hook, self.calls = target, before_first_get, 0

    def get(self, *args, **kwargs):
        self.calls += 1
        if self.calls == 1:
            self._hook()
        return self._target.get(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._target, name)


def test_all_chunks_is_a_snapshot_while_a_document_is_replaced(tmp_path: Path) -> None:
    paths = make_corpus(tmp_path / "docs", 2, pdfs=False)
    settings = Settings(store=tmp_path / "store")
    writer = open_store(settings, HashEmbeddings())
    assert ingest_paths(paths, writer, ingest_lock(settings.store), settings.max_file_bytes).ok
    v1 = expected_documents(paths)

    target = paths[0]
    target.write_text(target.read_text(encoding="utf-8").replace("is het doel", "blijft het doel"), encoding="utf-8")
    new = process(load_file(target, 10**8))

    def replace() -> None:  # the whole write of a new version, between the reader's two reads
        writer.write_document(new.info, new.chunks, writer.embeddings.embed_documents([c.embed_text for c in new.chunks]))

    reader = reader_store(settings.store, HashEmbeddings.model_id)
    reader._chunks = _Interleave(reader._chunks, replace)
    chunks = reader.all_chunks()
    got = [c.id for c in chunks if c.doc == target.name]
    assert got in ([c.id for c in v1[target.name][0].chunks], [c.id for c in new.chunks])
    assert {c.doc for c in chunks} == {p.name for p in paths}


def test_dense_search_sees_what_another_process_wrote(tmp_path: Path) -> None:
    """Chroma's embedded client keeps the vector index it loaded: after another process ingests, its
    queries failed ("Error creating hnsw segment reader: Nothing found on disk") or missed the new
    chunks. The store reloads it when the generation changed."""
    paths = make_corpus(tmp_path / "docs", 2, pdfs=False)
    store_dir = tmp_path / "store"
    reader = open_store(Settings(store=store_dir), HashEmbeddings())
    query = HashEmbeddings().embed_query("werkzaamheidsgraad doel kopie")
    assert reader.dense_search(query, 5) == []  # empty store, index loaded (as nothing)

    code = ("import sys; from pathlib import Path; from assistant.app import open_store; "
            "from assistant.config import Settings; from ingest.pipeline import ingest_lock, ingest_paths; "
            "from tests.conftest import HashEmbeddings; s = Settings(store=Path(sys.argv[1])); "
            "st = open_store(s, HashEmbeddings()); "
            "assert ingest_paths(sys.argv[2:], st, ingest_lock(s.store), s.max_file_bytes).ok")
    for i, path in enumerate(paths):
        subprocess.run([sys.executable, "-c", code, str(store_dir), str(path)], cwd=ROOT, env=clean_env(),
                       check=True, timeout=120)
        hits = reader.dense_search(query, 50)
        visible = {c.id for c in reader.all_chunks()}
        assert {c.id for c, _ in hits} == visible  # every chunk, none missing, none stale
        assert {c.doc for c, _ in hits} == {p.name for p in paths[: i + 1]}
    check_store(reader, expected_documents(paths))
