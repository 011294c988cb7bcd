"""The lexical index is updated by changes, not rebuilt, and saved; its results always equal those of
an index built afresh from the store (real Chroma folder, fake embedder)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

import assistant.index as live
from assistant.app import open_store
from assistant.config import Settings
from assistant.ingest_service import run_ingest
from assistant.retrieval import Retriever
from ingest.pipeline import ingest_lock
from tests.conftest import CORPUS, ROOT, HashEmbeddings

DEV = ROOT / "evals" / "datasets" / "dev" / "corpus"
QUESTIONS = [
    "Tot wanneer loopt de overeenkomst?",
    "Wie tekent namens Zele?",
    "Hoe vaak komt de stuurgroep samen?",
    "Wat is wijk-werken?",
    "Welke acties gaan over mobiliteit?",
    "Wanneer vergadert de gemeenteraad van Den Helder?",
    "Wat regelt het verdrag over de nieuwe sluis in Terneuzen?",
    "Wat is het Brabants Historisch Centrum?",
    "arbeidsongeschikten sector rijk afspraken",
]


def _docs(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    picks = [*sorted(CORPUS.iterdir()), *(p for p in sorted(DEV.iterdir()) if p.suffix in (".txt", ".md"))]
    out = []
    for path in picks:
        shutil.copy(path, folder / path.name)
        out.append(folder / path.name)
    return out


def _store(tmp_path: Path):
    settings = Settings(store=tmp_path / "store")
    return settings, open_store(settings, HashEmbeddings())


def _fresh(settings: Settings, store) -> Retriever:
    """A retriever that builds its index afresh: no saved index."""
    retriever = Retriever(store, settings)
    retriever._index.folder = None
    return retriever


def _same_results(a: Retriever, b: Retriever) -> None:
    ia, ib = a.index(), b.index()
    assert ia.n_chunks == ib.n_chunks
    assert sorted(ia.all_chunk_ids()) == sorted(ib.all_chunk_ids())
    assert dict(ia.documents.items()).keys() == dict(ib.documents.items()).keys()
    for name in ia.documents:  # a document's rows (not saved: found again from the rows' documents)
        assert [ia.record_id(r) for r in ia.doc_rows(name)] == [ib.record_id(r) for r in ib.doc_rows(name)], name
    for question in QUESTIONS:
        ra, rb = a.search(question), b.search(question)
        assert [(h.chunk.id, h.chunk.text) for h in ra.hits] == [(h.chunk.id, h.chunk.text) for h in rb.hits], question
        assert [h.score for h in ra.hits] == pytest.approx([h.score for h in rb.hits])
        assert [h.bm25 for h in ra.hits] == pytest.approx([h.bm25 for h in rb.hits], rel=1e-5)
        assert (ra.named_docs, ra.name_terms) == (rb.named_docs, rb.name_terms)
        terms = ia.query_terms(question)
        assert [ia.bm25.document_frequency(t) for t in terms] == [ib.bm25.document_frequency(t) for t in terms]


def test_one_added_document_updates_the_index_without_reading_the_store_again(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    settings, store = _store(tmp_path)
    paths = _docs(tmp_path / "docs")
    assert run_ingest(settings, [str(p) for p in paths[:-1]], store=store).failed == []
    retriever = Retriever(store, settings)
    before = retriever.index()
    rows_before = before.bm25.rows

    def no_full_read(*args, **kwargs):
        raise AssertionError("the whole store was read again")

    monkeypatch.setattr(store, "all_chunks", no_full_read)
    monkeypatch.setattr(store, "iter_chunk_records", no_full_read)
    monkeypatch.setattr(store, "list_documents", no_full_read)
    assert run_ingest(settings, [str(paths[-1])], store=store).failed == []
    added = store.get_document(paths[-1].name)
    index = retriever.index()
    assert index is before  # the same index, updated
    update = retriever.last_update
    assert update["mode"] == "incremental" and update["changed"] == 1 and update["removed"] == 0
    assert update["chunks_read"] == added.n_chunks
    assert index.bm25.rows == rows_before + added.n_chunks
    hits = retriever.search("beeldvormende vergadering over het centrumplan Welberg", k=3).hits
    assert hits and hits[0].chunk.doc == paths[-1].name
    monkeypatch.undo()
    _same_results(retriever, _fresh(settings, store))


def test_results_equal_a_fresh_build_through_adds_replacements_and_removals(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(live, "COMPACT_SHARE", 0.05)  # compaction happens within the test
    monkeypatch.setattr(live, "COMPACT_MIN_ROWS", 0)
    settings, store = _store(tmp_path)
    paths = _docs(tmp_path / "docs")
    assert run_ingest(settings, [str(p) for p in paths[:4]], store=store).failed == []
    kept = Retriever(store, settings)
    kept.index()
    compacted = False
    for step, path in enumerate(paths[4:], start=1):
        assert run_ingest(settings, [str(path)], store=store).failed == []
        if step % 2 == 0:  # replace an earlier document with an edited version
            edited = paths[step]
            edited.write_text(edited.read_text(encoding="utf-8") + f"\n\nWijziging {step}: nieuwe tekst.\n",
                              encoding="utf-8")
            assert run_ingest(settings, [str(edited)], store=store).failed == []
        if step % 3 == 0:
            lock = ingest_lock(settings.store, store)
            with lock:
                assert store.remove_document(paths[step - 1].name)
        kept.index()
        compacted |= kept.last_update["compacted"]
        assert kept.last_update["mode"] == "incremental"
        _same_results(kept, _fresh(settings, store))
    assert compacted  # dead rows were dropped along the way and results stayed equal
    # memory does not grow with every change: dead rows are dropped
    index = kept.index()
    assert index.bm25.rows <= index.n_chunks * 1.1 + 1000


def test_a_replaced_document_never_serves_its_old_chunks(tmp_path: Path) -> None:
    settings, store = _store(tmp_path)
    folder = tmp_path / "docs"
    folder.mkdir()
    doc = folder / "afspraak.txt"
    doc.write_text("Afspraak over de zwembadkorting.\n\nDe zwembadkorting bedraagt tien procent.\n", encoding="utf-8")
    assert run_ingest(settings, [str(doc)], store=store).failed == []
    retriever = Retriever(store, settings)
    assert "tien procent" in retriever.search("zwembadkorting").hits[0].chunk.text
    doc.write_text("Afspraak over de zwembadkorting.\n\nDe zwembadkorting bedraagt twintig procent.\n",
                   encoding="utf-8")
    assert run_ingest(settings, [str(doc)], store=store).failed == []
    texts = [h.chunk.text for h in retriever.search("zwembadkorting").hits]
    assert texts and all("tien procent" not in t for t in texts)
    assert any("twintig procent" in t for t in texts)
    assert "twintig" in retriever.passage("afspraak.txt", 40).text


def test_a_saved_index_is_loaded_and_brought_up_to_date(tmp_path: Path) -> None:
    settings, store = _store(tmp_path)
    paths = _docs(tmp_path / "docs")
    assert run_ingest(settings, [str(p) for p in paths[:5]], store=store).failed == []
    first = Retriever(store, settings)
    first.index()
    assert first.last_update["mode"] == "build" and not first.last_update["loaded"]
    saved = list((settings.store / live.INDEX_DIR).glob("*.npz"))
    assert len(saved) == 1  # saved at once after a full build

    # another process changes the store after the index was saved
    other = open_store(settings, HashEmbeddings())
    assert run_ingest(settings, [str(paths[5])], store=other).failed == []
    with ingest_lock(settings.store, other):
        assert other.remove_document(paths[0].name)

    second = Retriever(open_store(settings, HashEmbeddings()), settings)
    second.index()
    update = second.last_update
    assert update["loaded"] and update["mode"] == "incremental"
    assert update["changed"] == 1 and update["removed"] == 1
    _same_results(second, _fresh(settings, store))
    second._index.flush()

    # a saved index of another store (another chunks collection) is never applied
    elsewhere = tmp_path / "elsewhere"
    settings2 = Settings(store=elsewhere)
    store2 = open_store(settings2, HashEmbeddings())
    assert run_ingest(settings2, [str(paths[1])], store=store2).failed == []
    (elsewhere / live.INDEX_DIR).mkdir(parents=True, exist_ok=True)
    shutil.copy(saved[0], elsewhere / live.INDEX_DIR / saved[0].name)
    third = Retriever(store2, settings2)
    assert third.index().n_chunks == store2.count_chunks()
    assert not third.last_update["loaded"]


def test_a_saved_index_of_other_analysis_code_is_built_afresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings, store = _store(tmp_path)
    paths = _docs(tmp_path / "docs")
    assert run_ingest(settings, [str(p) for p in paths[:3]], store=store).failed == []
    Retriever(store, settings).index()
    again = Retriever(store, settings)
    again.index()
    assert again.last_update["loaded"]
    monkeypatch.setattr(live, "analysis_fingerprint", lambda: "another stemmer")
    changed = Retriever(store, settings)
    changed.index()
    assert not changed.last_update["loaded"] and changed.last_update["mode"] == "build"


def test_a_damaged_saved_index_is_ignored(tmp_path: Path) -> None:
    settings, store = _store(tmp_path)
    paths = _docs(tmp_path / "docs")
    assert run_ingest(settings, [str(p) for p in paths[:3]], store=store).failed == []
    Retriever(store, settings).index()
    for saved in (settings.store / live.INDEX_DIR).glob("*.npz"):
        saved.write_bytes(b"not an index")
    retriever = Retriever(store, settings)
    assert retriever.index().n_chunks == store.count_chunks()
    assert not retriever.last_update["loaded"]


def test_bm25_update_equals_a_fresh_index() -> None:
    from assistant.lexical import BM25Index

    rng = np.random.default_rng(0)
    vocab = [f"t{i}" for i in range(50)]
    docs = [list(rng.choice(vocab, size=rng.integers(1, 30))) for _ in range(200)]
    index = BM25Index(docs[:100])
    index.add(docs[100:])
    index.remove(np.arange(0, 200, 3, dtype=np.int32))
    alive = [d for i, d in enumerate(docs) if i % 3]
    fresh = BM25Index(alive)
    query = ["t1", "t7", "t7", "t30", "absent"]
    got = index.scores(query, [1.0, 0.5, 0.5, 2.0, 1.0])
    want = fresh.scores(query, [1.0, 0.5, 0.5, 2.0, 1.0])
    live_rows = [i for i in range(200) if i % 3]
    assert got[live_rows] == pytest.approx(want, rel=1e-5)
    assert not got[np.arange(0, 200, 3)].any()
    assert all(index.document_frequency(t) == fresh.document_frequency(t) for t in vocab)
    remap = index.compact()
    assert index.rows == index.n == len(alive)
    assert index.scores(query, [1.0, 0.5, 0.5, 2.0, 1.0]) == pytest.approx(want, rel=1e-5)
    assert list(remap[live_rows]) == list(range(len(alive)))
    again = BM25Index.from_arrays(index.arrays())
    assert again.scores(query) == pytest.approx(fresh.scores(query), rel=1e-5)


def test_a_streamed_save_reads_back_as_the_arrays_and_ignores_later_updates(tmp_path: Path) -> None:
    """The save writes the postings part by part (no copy of them in memory): np.load reads the same
    arrays, and an update made after the parts were taken does not change what is written."""
    from assistant.lexical import BM25Index

    index = BM25Index([["a", "b", "b"], ["b", "c"], ["d"]])
    want = index.arrays()
    parts = index.parts()
    index.add([["a", "e"]])
    index.remove(np.array([0], dtype=np.int32))
    index.compact()
    path = tmp_path / "saved.npz"
    with path.open("wb") as out:
        live._write_npz(out, {**parts, "empty": [np.empty(0, dtype=np.int32)], "split": [np.arange(3), np.arange(0), np.arange(2)]})
    with np.load(path) as data:
        for name, array in want.items():
            assert data[name].dtype == array.dtype and np.array_equal(data[name], array), name
        assert list(data["split"]) == [0, 1, 2, 0, 1] and len(data["empty"]) == 0
        loaded = BM25Index.from_arrays(data)
    assert loaded.scores(["b", "a"]) == pytest.approx(BM25Index([["a", "b", "b"], ["b", "c"], ["d"]]).scores(["b", "a"]))


def test_a_build_in_one_pass_equals_one_read_per_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings, store = _store(tmp_path)
    paths = _docs(tmp_path / "docs")
    assert run_ingest(settings, [str(p) for p in paths], store=store).failed == []
    per_document = _fresh(settings, store)
    per_document.index()
    assert per_document.last_update["read"] == "per document"
    monkeypatch.setattr(live, "FULL_READ_MIN", 0)
    one_pass = _fresh(settings, store)
    one_pass.index()
    assert one_pass.last_update["read"] == "all"
    _same_results(per_document, one_pass)
