"""The saved, incrementally updated lexical index with several clients of one real `chroma run`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.app import open_store
from assistant.config import Settings
from assistant.index import INDEX_DIR
from assistant.ingest_service import run_ingest
from assistant.retrieval import Retriever
from ingest.pipeline import ingest_lock
from tests.conftest import CORPUS, ROOT, HashEmbeddings
from tests.reliability.helpers import chroma_server

pytestmark = [pytest.mark.integration, pytest.mark.server]

DEV = ROOT / "evals" / "datasets" / "dev" / "corpus"


def _fresh(settings: Settings) -> Retriever:
    retriever = Retriever(open_store(settings, HashEmbeddings()), settings)
    retriever._index.folder = None
    return retriever


def _hits(retriever: Retriever, question: str) -> list[tuple[str, str]]:
    return [(h.chunk.id, h.chunk.text) for h in retriever.search(question).hits]


def test_clients_of_one_server_update_their_saved_index_and_never_serve_old_chunks(tmp_path: Path) -> None:
    with chroma_server(tmp_path / "server") as url:
        reader_settings = Settings(store=tmp_path / "reader", chroma_url=url)
        writer_settings = Settings(store=tmp_path / "writer", chroma_url=url)
        writer = open_store(writer_settings, HashEmbeddings())
        assert run_ingest(writer_settings, [str(CORPUS)], store=writer).failed == []

        reader = Retriever(open_store(reader_settings, HashEmbeddings()), reader_settings)
        reader.index()
        assert reader.last_update["mode"] == "build"
        assert list((tmp_path / "reader" / INDEX_DIR).glob("*.npz"))  # saved in the client's own folder

        # another client adds a document: the reader reads that one document, not the store
        docs = tmp_path / "docs"
        docs.mkdir()
        added = docs / "den-helder-gemeenteraad-agenda-2015-08-31.txt"
        shutil.copy(DEV / added.name, added)
        assert run_ingest(writer_settings, [str(added)], store=writer).failed == []
        reader.index()
        assert reader.last_update["manifests"] == "1 new" and reader.last_update["changed"] == 1
        assert reader.last_update["chunks_read"] == writer.get_document(added.name).n_chunks
        assert any(doc == added.name for doc in (h.chunk.doc for h in reader.search("agenda gemeenteraad Den Helder").hits))

        # it replaces that document: the old chunks are never served again
        added.write_text("Agenda van de gemeenteraad van Den Helder.\n\nEnig punt: de zwembadtarieven.\n",
                         encoding="utf-8")
        assert run_ingest(writer_settings, [str(added)], store=writer).failed == []
        hits = reader.search("agenda gemeenteraad Den Helder").hits
        texts = [h.chunk.text for h in hits if h.chunk.doc == added.name]
        assert texts and all("zwembadtarieven" in t or "Den Helder" in t for t in texts)
        assert {h.chunk.doc_hash for h in hits if h.chunk.doc == added.name} == {writer.get_document(added.name).version}
        question = "zwembadtarieven"
        assert _hits(reader, question) == _hits(_fresh(reader_settings), question)

        # a third client starts with a copy of the reader's saved index (same server, same collection)
        reader._index.flush()
        third = tmp_path / "third"
        shutil.copytree(tmp_path / "reader" / INDEX_DIR, third / INDEX_DIR)
        third_settings = Settings(store=third, chroma_url=url)
        lock = ingest_lock(writer_settings.store, writer)
        lock.acquire(timeout=60)
        try:
            assert writer.remove_document("scheldeland-samenwerkingsovereenkomst-2021.txt")
        finally:
            lock.release()
        late = Retriever(open_store(third_settings, HashEmbeddings()), third_settings)
        late.index()
        assert late.last_update["loaded"] and late.last_update["mode"] == "incremental"
        assert "scheldeland-samenwerkingsovereenkomst-2021.txt" not in late.documents()
        for q in ("Wie tekent namens Zele?", question, "Tot wanneer loopt de overeenkomst met Mechelen?"):
            assert _hits(late, q) == _hits(_fresh(third_settings), q)
