"""`akkoord reindex`: every chunk re-embedded with the configured model, and at no point a store that
claims one model but holds vectors of another (fake models of different dimensions, real Chroma)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.app import build, open_store
from assistant.cli import main
from assistant.config import Settings
from assistant.ingest_service import run_ingest
from tests.conftest import CORPUS, MECHELEN, SCHELDELAND, HashEmbeddings
from vectorstore import reindex as reindex_module
from vectorstore.reindex import reindex
from vectorstore.store import INTERRUPTED_REINDEX, StoreError


class ModelA(HashEmbeddings):
    model_id = "model-a"

    def __init__(self) -> None:
        super().__init__(dim=64)


class ModelB(HashEmbeddings):
    """Another model with another dimension: its vectors never fit the old index."""

    model_id = "model-b"

    def __init__(self) -> None:
        super().__init__(dim=32)

    def _vector(self, text: str) -> list[float]:
        return super()._vector("b " + text)


def _built_with_a(tmp_path: Path) -> Settings:
    settings = Settings(store=tmp_path / "store")
    report = run_ingest(settings, [str(CORPUS)], store=open_store(settings, ModelA()))
    assert report.ok and len(report.ingested) == 2
    return settings


def _state(settings: Settings, model) -> tuple[str | None, int, list[str]]:
    store = open_store(settings, model, check_model=False)
    return store.recorded_model, store.count_chunks(), sorted(d.name for d in store.list_documents())


def _assert_consistent(settings: Settings) -> str:
    """The store opens with the model it claims, every chunk's vector has that model's dimension and
    the vector cache is either that model's or unused."""
    recorded, chunks, docs = _state(settings, ModelA())
    model = {"model-a": ModelA, "model-b": ModelB}[recorded]()
    store = open_store(settings, model)
    got = store._chunks.get(include=["embeddings", "documents"], limit=chunks)
    assert {len(v) for v in got["embeddings"]} == {model.dim} and all(got["documents"])
    assert store._vectors_model in (recorded, "model-a") and docs == sorted([MECHELEN, SCHELDELAND])
    if store._vectors_model != recorded:
        assert store._known_vectors([]) == {}  # another model's cache is never used
    return recorded


def test_reindex_to_another_model_and_dimension(tmp_path: Path) -> None:
    settings = _built_with_a(tmp_path)
    before = _state(settings, ModelA())
    with pytest.raises(StoreError) as caught:
        open_store(settings, ModelB())
    assert "akkoord reindex" in str(caught.value) and "model-a" in str(caught.value)

    b = ModelB()
    report = reindex(open_store(settings, b, check_model=False))
    assert report.done and report.previous_model == "model-a" and report.model == "model-b"
    assert report.chunks == before[1] and 0 < report.texts <= report.chunks and report.embedded == report.texts
    assert _state(settings, b) == ("model-b", before[1], before[2])
    assert _assert_consistent(settings) == "model-b"

    # the store now answers with model B (dense search included) and refuses model A
    answer = build(Settings(store=settings.store, dense_weight=1.0), ModelB()).ask(
        "Tot wanneer loopt de overeenkomst met Mechelen?")
    assert answer.found and "31 december 2025" in answer.answer
    with pytest.raises(StoreError):
        open_store(settings, ModelA())
    # the cache is model B's: an ingest of a known text embeds nothing
    store = open_store(settings, b)
    assert store._vectors_model == "model-b"
    calls = b.calls
    store.embed_chunks([c for c in store.all_chunks()][:5])
    assert b.calls == calls
    # nothing to do the second time
    again = reindex(open_store(settings, ModelB(), check_model=False))
    assert not again.done


def test_model_failing_half_way_leaves_the_old_store_and_the_next_run_resumes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _built_with_a(tmp_path)
    before = _state(settings, ModelA())
    monkeypatch.setattr(reindex_module, "EMBED_STEP", 20)

    class Crashing(ModelB):
        def embed_documents(self, texts):  # type: ignore[override]
            if self.calls >= 40:
                raise RuntimeError("killed")
            return super().embed_documents(texts)

    with pytest.raises(RuntimeError):
        reindex(open_store(settings, Crashing(), check_model=False))
    assert _state(settings, ModelA()) == before  # untouched, still model A
    assert _assert_consistent(settings) == "model-a"
    assert build(settings, ModelA()).ask("Wie tekent namens Zele?").found

    b = ModelB()
    report = reindex(open_store(settings, b, check_model=False))
    assert report.done and report.embedded == report.texts - 40  # the first 40 vectors were kept
    assert _assert_consistent(settings) == "model-b"


def test_stopped_during_the_swap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Stopped after the old chunks were removed: the store refuses to open with a message to run
    reindex again, which finishes the job."""
    settings = _built_with_a(tmp_path)
    before = _state(settings, ModelA())
    real_swap = reindex_module._swap

    def stop_after_delete(client, prefix, chunks_next, vectors_next):
        client.delete_collection(f"{prefix}_chunks")
        raise KeyboardInterrupt

    monkeypatch.setattr(reindex_module, "_swap", stop_after_delete)
    with pytest.raises(KeyboardInterrupt):
        reindex(open_store(settings, ModelB(), check_model=False))
    for model in (ModelA(), ModelB()):
        with pytest.raises(StoreError) as caught:
            open_store(settings, model)
        assert str(caught.value) == INTERRUPTED_REINDEX and "akkoord reindex" in str(caught.value)
    result = CliRunner().invoke(main, ["docs", "list", "--store", str(settings.store)])
    assert result.exit_code == 2 and "akkoord reindex" in result.stderr

    monkeypatch.setattr(reindex_module, "_swap", real_swap)
    monkeypatch.setattr("assistant.app.load_embeddings", lambda *args, **kwargs: ModelB())
    result = CliRunner().invoke(main, ["reindex", "--store", str(settings.store)])
    assert result.exit_code == 0, (result.output, result.exception)
    assert _state(settings, ModelB()) == ("model-b", before[1], before[2])
    assert _assert_consistent(settings) == "model-b"


def test_stopped_after_the_chunks_were_swapped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Stopped between the chunk and the cache swap: the store is model B's, the old cache (model A's,
    from before caches recorded their model) is never used for B, and the next run finishes the swap
    without embedding anything."""
    settings = _built_with_a(tmp_path)
    store = open_store(settings, ModelA())
    meta = dict(store._vectors.metadata or {})
    meta.pop("embedding_model")
    store._vectors.modify(metadata=meta)  # a cache written before caches recorded their model
    real_swap_vectors = reindex_module._swap_vectors

    def stop(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(reindex_module, "_swap_vectors", stop)
    with pytest.raises(KeyboardInterrupt):
        reindex(open_store(settings, ModelB(), check_model=False))
    assert _assert_consistent(settings) == "model-b"
    b = ModelB()
    store = open_store(settings, b)
    assert store._vectors_model == "model-a"  # still the old cache, recognised as model A's
    assert store._known_vectors([c.embed_key for c in store.all_chunks()]) == {}

    monkeypatch.setattr(reindex_module, "_swap_vectors", real_swap_vectors)
    report = reindex(open_store(settings, b, check_model=False))
    assert report.done and report.embedded == 0
    store = open_store(settings, b)
    assert store._vectors_model == "model-b" and store._known_vectors([c.embed_key for c in store.all_chunks()])


def test_a_reader_open_during_reindex_refuses_afterwards(tmp_path: Path) -> None:
    """A chat that kept the store open with model A does not search model B's vectors with A's."""
    settings = _built_with_a(tmp_path)
    reader = build(Settings(store=settings.store), ModelA())
    assert reader.ask("Wie tekent namens Zele?").found
    reindex(open_store(settings, ModelB(), check_model=False))
    with pytest.raises(StoreError) as caught:
        reader.ask("Wie tekent namens Zele?")
    assert "model-b" in str(caught.value) and "akkoord reindex" in str(caught.value)


def test_cli_reindex(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _built_with_a(tmp_path)
    monkeypatch.setattr("assistant.app.load_embeddings", lambda *args, **kwargs: ModelB())
    result = CliRunner().invoke(main, ["reindex", "--store", str(settings.store)])
    assert result.exit_code == 0, (result.output, result.exception)
    assert "Omgezet van model-a naar model-b" in result.output
    result = CliRunner().invoke(main, ["reindex", "--store", str(settings.store)])
    assert result.exit_code == 0 and "gebruikt al model-b" in result.output
    result = CliRunner().invoke(main, ["reindex", "--store", str(settings.store), "--force", "--json"])
    assert result.exit_code == 0 and '"embedded": 0' not in result.output  # --force re-embeds everything
