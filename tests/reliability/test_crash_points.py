"""SIGKILL at every point of the store's write order (fake embedder, so it is fast and exact).

A writer process kills itself at one point while writing the K-th document: after a partial batch of
chunks, before the manifest, after the manifest but before the old version is deleted, after the
document, or in the middle of repair(). Afterwards every document is exactly one complete version
(old or new), nothing half-written is visible, a reader that cached its index notices every committed
change, and the next ingest removes the leftovers and completes the job."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.retrieval import Retriever
from ingest.pipeline import ingest_lock, ingest_paths
from tests.conftest import CORPUS, ROOT, SCHELDELAND, HashEmbeddings
from tests.reliability.helpers import check_store, clean_env, expected_documents, make_corpus, reader_store
from vectorstore.store import _WRITE_BATCH

pytestmark = pytest.mark.integration  # real Chroma folders and about fifteen writer processes (~80 s)

MODEL = HashEmbeddings.model_id


def _corpus(folder: Path) -> list[Path]:
    """Four near-copies and one big document that needs three batches of chunks."""
    paths = make_corpus(folder, 4, pdfs=False)
    big = folder / "kopie-09-groot.txt"
    body = (CORPUS / SCHELDELAND).read_text(encoding="utf-8")
    big.write_text("\n\n".join(body.replace("80%", f"{i}%") for i in range(25)), encoding="utf-8")
    return sorted([*paths, big])


def _new_version(paths: list[Path]) -> None:
    for p in paths:
        p.write_text(p.read_text(encoding="utf-8").replace("is het doel", "blijft het doel"), encoding="utf-8")


def _run_writer(store_dir: Path, point: str, k: int, paths: list[Path]) -> int:
    proc = subprocess.run([sys.executable, "-m", "tests.reliability.crash_writer", str(store_dir), point, str(k),
                           *map(str, paths)], cwd=ROOT, env=clean_env(), capture_output=True, timeout=170, check=False)
    assert b"Traceback" not in proc.stderr, proc.stderr.decode()[-2000:]
    return proc.returncode


def _ingest_here(store_dir: Path, paths: list[Path]) -> None:
    settings = Settings(store=store_dir)
    from assistant.app import open_store

    store = open_store(settings, HashEmbeddings())
    report = ingest_paths(paths, store, ingest_lock(store_dir), settings.max_file_bytes)
    assert report.ok, report.failed


@pytest.fixture()
def corpus(tmp_path: Path) -> list[Path]:
    return _corpus(tmp_path / "docs")


# (point, K): K-th document written dies; the big document is the 5th
POINTS = [("chunks", 5), ("manifest", 2), ("stale", 2), ("after", 3)]


@pytest.mark.parametrize(("point", "k"), POINTS)
def test_kill_while_replacing(point: str, k: int, corpus: list[Path], tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    v1 = expected_documents(corpus)
    _ingest_here(store_dir, corpus)
    reader = reader_store(store_dir, MODEL)
    retriever = Retriever(reader, Settings(store=store_dir))
    before = retriever.index()
    assert before.n_chunks == sum(len(v[0].chunks) for v in v1.values())

    _new_version(corpus)
    v2 = expected_documents(corpus)
    both = {name: v1[name] + v2[name] for name in v1}
    assert _run_writer(store_dir, point, k, corpus) == -9  # it really died by SIGKILL

    state = check_store(reader, both)
    names = sorted(p.name for p in corpus)
    # the documents before K are new, K is new once its manifest is written, the rest are old
    committed = k if point in ("stale", "after") else k - 1
    for i, name in enumerate(names, start=1):
        want = v2 if i <= committed else v1
        assert state.present[name] == want[name][0].info.version, (name, i, point)
    if point in ("chunks", "manifest", "stale"):
        assert state.orphans > 0  # the kill left invisible leftovers behind
    # a reader holding a cached index notices every committed change
    index = retriever.index()
    assert sorted(index.all_chunk_ids()) == sorted(c.id for c in reader.all_chunks())

    assert _run_writer(store_dir, "none", 0, corpus) == 0
    state = check_store(reader, v2)
    assert state.present == {n: v2[n][0].info.version for n in names}
    assert state.orphans == 0
    assert sorted(retriever.index().all_chunk_ids()) == sorted(c.id for c in reader.all_chunks())


def test_kill_in_a_fresh_store_and_during_repair(corpus: list[Path], tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    expected = expected_documents(corpus)
    big = max(expected.values(), key=lambda v: len(v[0].chunks))[0]
    assert len(big.chunks) > 2 * _WRITE_BATCH

    # dies after the first batch of the big (5th) document: four documents in, a partial fifth invisible
    assert _run_writer(store_dir, "chunks", 5, corpus) == -9
    reader = reader_store(store_dir, MODEL)
    state = check_store(reader, expected)
    assert len(state.present) == 4 and big.info.name not in state.present
    assert state.orphans == _WRITE_BATCH

    # the next run dies in repair() after deleting a first batch of those leftovers
    assert _run_writer(store_dir, "repair", 0, corpus) == -9
    state = check_store(reader, expected)
    assert len(state.present) == 4

    # dies before the manifest of the big document: all its chunks are in, still invisible
    assert _run_writer(store_dir, "manifest", 1, corpus) == -9
    state = check_store(reader, expected)
    assert big.info.name not in state.present and state.orphans == len(big.chunks)

    assert _run_writer(store_dir, "none", 0, corpus) == 0
    state = check_store(reader, expected)
    assert len(state.present) == len(corpus) and state.orphans == 0


def test_reader_with_cached_index_notices_a_commit_cut_short(corpus: list[Path], tmp_path: Path) -> None:
    """One document changes; the writer dies right after its manifest. A reader (the chat, another
    process) that built its index before must switch to the new version, also after the next ingest,
    which only cleans up (it writes nothing, so nothing else would tell the reader)."""
    store_dir = tmp_path / "store"
    v1 = expected_documents(corpus)
    _ingest_here(store_dir, corpus)
    reader = reader_store(store_dir, MODEL)
    retriever = Retriever(reader, Settings(store=store_dir))
    retriever.index()

    changed = corpus[0]
    _new_version([changed])
    v2 = expected_documents([changed])
    assert _run_writer(store_dir, "stale", 1, corpus) == -9
    check_store(reader, {n: v1[n] + v2.get(n, []) for n in v1})
    new_ids = sorted(c.id for c in v2[changed.name][0].chunks)
    assert sorted(retriever.index().all_chunk_ids(changed.name)) == new_ids

    assert _run_writer(store_dir, "none", 0, corpus) == 0
    state = check_store(reader, {n: v2.get(n, v1[n]) for n in v1})
    assert state.orphans == 0
    assert sorted(retriever.index().all_chunk_ids()) == sorted(c.id for c in reader.all_chunks())
