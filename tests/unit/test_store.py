"""Store semantics with a fake embedder on a real embedded Chroma folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.app import open_store
from assistant.config import Settings
from ingest.load import load_file
from ingest.pipeline import ingest_lock, ingest_paths, process
from tests.conftest import CORPUS, DATA, SCHELDELAND, HashEmbeddings
from vectorstore.store import Store, StoreError, make_client


def _store(tmp_path: Path, emb=None) -> tuple[Settings, Store]:
    settings = Settings(store=tmp_path / "store")
    return settings, open_store(settings, emb or HashEmbeddings())


def _ingest(settings: Settings, store: Store, *paths: Path):
    return ingest_paths(list(paths), store, ingest_lock(settings.store), settings.max_file_bytes)


def test_ingest_reingest_change_remove(tmp_path: Path) -> None:
    settings, store = _store(tmp_path)
    doc = tmp_path / "akkoord.txt"
    doc.write_text((CORPUS / SCHELDELAND).read_text(encoding="utf-8"), encoding="utf-8")
    assert _ingest(settings, store, doc).ingested == ["akkoord.txt"]
    n = store.count_chunks()
    assert n == store.get_document("akkoord.txt").n_chunks
    emb_calls = store.embeddings.calls
    assert _ingest(settings, store, doc).unchanged == ["akkoord.txt"]
    assert store.embeddings.calls == emb_calls  # unchanged: nothing re-embedded
    doc.write_text(doc.read_text(encoding="utf-8").replace("31 december 2025", "31 december 2027"), encoding="utf-8")
    assert _ingest(settings, store, doc).replaced == ["akkoord.txt"]
    chunks = store.all_chunks()
    assert store.count_chunks() == len(chunks)  # no orphans of the old version
    assert any("31 december 2027" in c.text for c in chunks)
    assert not any("31 december 2025" in c.text for c in chunks)
    assert store.remove_document("akkoord.txt")
    assert store.count_chunks() == 0 and store.list_documents() == []
    assert not store.remove_document("akkoord.txt")


def test_chunk_ids_are_deterministic(tmp_path: Path) -> None:
    a = process(load_file(CORPUS / SCHELDELAND, 10**8))
    b = process(load_file(CORPUS / SCHELDELAND, 10**8))
    assert [c.id for c in a.chunks] == [c.id for c in b.chunks]


def test_failure_mid_document_leaves_store_as_before(tmp_path: Path) -> None:
    class Broken(HashEmbeddings):
        def embed_documents(self, texts):  # type: ignore[override]
            raise RuntimeError("model crashed")

    settings, store = _store(tmp_path)
    _ingest(settings, store, CORPUS / SCHELDELAND)
    before = [c.id for c in store.all_chunks()]
    store.embeddings = Broken()
    changed = tmp_path / SCHELDELAND
    changed.write_text("Deel IV. Duur\n\nDeze overeenkomst loopt tot 2030.\n", encoding="utf-8")
    report = _ingest(settings, store, changed)
    assert report.failed and "model crashed" in report.failed[0]["reason"]
    assert [c.id for c in store.all_chunks()] == before


def test_orphans_from_interrupted_write_are_invisible_and_repaired(tmp_path: Path) -> None:
    settings, store = _store(tmp_path)
    _ingest(settings, store, CORPUS / SCHELDELAND)
    visible = store.all_chunks()
    # simulate a crash after the new chunks were added but before the manifest was written
    fake = process(load_file(DATA / "good" / "cp1252-overeenkomst.txt", 10**8))
    store._chunks.upsert(ids=[c.id for c in fake.chunks],
                         embeddings=store.embeddings.embed_documents([c.text for c in fake.chunks]),
                         documents=[c.text for c in fake.chunks], metadatas=[c.to_metadata() for c in fake.chunks])
    assert [c.id for c in store.all_chunks()] == [c.id for c in visible]
    assert store.repair() == len(fake.chunks)
    assert store.count_chunks() == len(visible)


def test_other_embedding_model_is_refused(tmp_path: Path) -> None:
    settings, store = _store(tmp_path)
    _ingest(settings, store, CORPUS / SCHELDELAND)

    class Other(HashEmbeddings):
        model_id = "another-model"

    with pytest.raises(StoreError, match="another-model|embedding model"):
        open_store(settings, Other())


def test_other_dimension_is_refused(tmp_path: Path) -> None:
    settings, store = _store(tmp_path)
    _ingest(settings, store, CORPUS / SCHELDELAND)
    store2 = Store(make_client(settings.store, None), HashEmbeddings(dim=32), HashEmbeddings.model_id)
    with pytest.raises(StoreError, match="dimension"):
        store2.dense_search([0.1] * 32, 3)


def test_foreign_chroma_collection_is_refused(tmp_path: Path) -> None:
    client = make_client(tmp_path / "s", None)
    client.get_or_create_collection("akkoord_chunks", embedding_function=None)
    with pytest.raises(StoreError, match="not made by akkoord"):
        Store(client, HashEmbeddings(), HashEmbeddings.model_id)


def test_second_ingest_waits_for_the_lock(tmp_path: Path) -> None:
    settings, store = _store(tmp_path)
    lock = ingest_lock(settings.store)
    messages: list[str] = []
    with lock:
        other = ingest_lock(settings.store)
        with pytest.raises(StoreError, match="locked"):
            ingest_paths([CORPUS / SCHELDELAND], store, other, settings.max_file_bytes,
                         on_wait=messages.append, lock_timeout=0.2)
    assert messages and "another ingest" in messages[0]


def test_texts_already_in_the_store_are_not_embedded_again(tmp_path: Path) -> None:
    settings, store = _store(tmp_path)
    doc = tmp_path / "akkoord.txt"
    original = (CORPUS / SCHELDELAND).read_text(encoding="utf-8")
    doc.write_text(original, encoding="utf-8")
    _ingest(settings, store, doc)
    n = store.get_document("akkoord.txt").n_chunks
    unique = len({c.embed_key for c in store.all_chunks()})
    assert store.embeddings.calls == unique <= n
    # an edit that touches one sentence: only the chunks that hold it are embedded again
    doc.write_text(original.replace("31 december 2025", "31 december 2027"), encoding="utf-8")
    before = store.embeddings.calls
    assert _ingest(settings, store, doc).replaced == ["akkoord.txt"]
    changed = [c for c in store.all_chunks() if "31 december 2027" in c.text]
    assert 1 <= store.embeddings.calls - before == len({c.embed_key for c in changed}) < n // 4
    # a copy under another name: every vector is reused, and equals the one stored for the same text
    copy = tmp_path / "kopie.txt"
    copy.write_text(original.replace("31 december 2025", "31 december 2027"), encoding="utf-8")
    before = store.embeddings.calls
    assert _ingest(settings, store, copy).ingested == ["kopie.txt"]
    assert store.embeddings.calls == before
    # every stored chunk vector is the model's vector of that chunk's text
    chunks = {c.id: c for c in store.all_chunks()}
    got = store._chunks.get(ids=list(chunks), include=["embeddings"])
    reference = HashEmbeddings()
    for cid, vector in zip(got["ids"], got["embeddings"], strict=True):
        assert list(vector) == pytest.approx(reference.embed_documents([chunks[cid].embed_text])[0], abs=1e-6)


def test_repair_prunes_vectors_that_no_chunk_uses(tmp_path: Path) -> None:
    settings, store = _store(tmp_path)
    kept = tmp_path / "blijft.txt"
    kept.write_text((CORPUS / SCHELDELAND).read_text(encoding="utf-8"), encoding="utf-8")
    gone = tmp_path / "weg.txt"
    gone.write_text("Deel I. Een eigen tekst\n\nDeze zin staat alleen in het document dat verdwijnt.\n\n"
                    + (CORPUS / SCHELDELAND).read_text(encoding="utf-8")[:1500], encoding="utf-8")
    changed = tmp_path / "gewijzigd.txt"
    changed.write_text("Deel II. Oud\n\nDe oude versie van deze zin verdwijnt bij de nieuwe versie.\n", encoding="utf-8")
    assert _ingest(settings, store, kept, gone, changed).ok
    keys = {p.name: {c.embed_key for c in process(load_file(p, 10**8)).chunks} for p in (kept, gone, changed)}
    old_changed = keys["gewijzigd.txt"]
    changed.write_text("Deel II. Nieuw\n\nDe nieuwe versie van deze zin blijft.\n", encoding="utf-8")
    keys["gewijzigd.txt"] = {c.embed_key for c in process(load_file(changed, 10**8)).chunks}
    assert _ingest(settings, store, changed).replaced == ["gewijzigd.txt"]
    assert store.remove_document("weg.txt")
    only_gone = keys["weg.txt"] - keys["blijft.txt"]
    assert only_gone and keys["weg.txt"] & keys["blijft.txt"]  # shared texts (the copied clauses) exist

    def stored() -> set[str]:
        return set(store._vectors.get(include=[])["ids"])

    assert not only_gone & stored()  # dropped with the document's chunks, not left for the next repair
    store.repair()
    assert stored() == keys["blijft.txt"] | keys["gewijzigd.txt"]
    assert not (old_changed - keys["gewijzigd.txt"]) & stored()
    # what is left is reused: ingesting the removed document again embeds only its own texts
    calls = store.embeddings.calls
    assert _ingest(settings, store, gone).ingested == ["weg.txt"]
    assert store.embeddings.calls - calls == len(only_gone)


def test_store_of_schema_1_is_read_and_upgraded_by_the_first_write(tmp_path: Path) -> None:
    """A store written before the fencing (one manifest record per document, chunk ids without their
    write, a generation record) is read as it is; the next ingest replaces its documents cleanly and
    upgrades it, so that older versions of akkoord refuse it from then on."""
    import hashlib
    import json

    from vectorstore.store import _record_from_info

    folder = tmp_path / "store"
    client = make_client(folder, None)
    meta = {"akkoord_schema": 1, "embedding_model": HashEmbeddings.model_id, "hnsw:space": "cosine"}
    chunks_col = client.get_or_create_collection("akkoord_chunks", embedding_function=None, metadata=meta)
    docs_col = client.get_or_create_collection("akkoord_docs", embedding_function=None, metadata={"akkoord_schema": 1})
    emb = HashEmbeddings()
    paths = {name: tmp_path / name for name in ("blijft.txt", "wijzigt.txt")}
    paths["blijft.txt"].write_text((CORPUS / SCHELDELAND).read_text(encoding="utf-8")[:3000], encoding="utf-8")
    paths["wijzigt.txt"].write_text("Deel I. Oud\n\nDeze overeenkomst loopt tot 31 december 2025.\n", encoding="utf-8")
    old = {}
    for name, path in paths.items():  # as the schema-1 store wrote them
        doc = process(load_file(path, 10**8))
        old[name] = doc
        chunks_col.upsert(ids=[c.id for c in doc.chunks], embeddings=emb.embed_documents([c.embed_text for c in doc.chunks]),
                          documents=[c.text for c in doc.chunks], metadatas=[c.to_metadata() for c in doc.chunks])
        docs_col.upsert(ids=["doc:" + hashlib.sha1(name.encode()).hexdigest(), "__generation__"],
                        embeddings=[[1.0], [1.0]], metadatas=[_record_from_info(doc.info, doc.info.version), {"value": "g"}],
                        documents=[json.dumps(doc.info.facts.dump(), ensure_ascii=False), ""])

    settings = Settings(store=folder)
    store = open_store(settings, HashEmbeddings())
    assert [d.name for d in store.list_documents()] == ["blijft.txt", "wijzigt.txt"]
    assert store.get_document("wijzigt.txt").version == old["wijzigt.txt"].info.version
    assert sorted(c.id for c in store.all_chunks()) == sorted(c.id for d in old.values() for c in d.chunks)

    paths["wijzigt.txt"].write_text("Deel I. Nieuw\n\nDeze overeenkomst loopt tot 31 december 2027.\n", encoding="utf-8")
    report = _ingest(settings, store, *paths.values())
    assert report.unchanged == ["blijft.txt"] and report.replaced == ["wijzigt.txt"]
    new = process(load_file(paths["wijzigt.txt"], 10**8))
    assert sorted(c.id for c in store.all_chunks()) == sorted(
        [c.id for c in old["blijft.txt"].chunks] + [c.id for c in new.chunks])
    assert store.count_chunks() == len(store.all_chunks())  # the old version's chunks are gone
    assert client.get_collection("akkoord_chunks").metadata["akkoord_schema"] == 2
    assert client.get_collection("akkoord_chunks").metadata["embedding_dim"] == 64
    # the vectors of the unchanged schema-1 chunks are known (computed once from their text)
    assert all(m.get("ekey") for m in chunks_col.get(include=["metadatas"])["metadatas"])
    assert store.remove_document("blijft.txt") and store.count_chunks() == len(new.chunks)
