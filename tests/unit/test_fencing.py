"""Fencing of the server lease, on a real (embedded) Chroma folder shared by two Store objects that
stand for two clients of one `chroma run` server, each with its own lease (fake embedder, fast).

A holder stalls past the lease (simulated by stopping its heartbeat at an exact point of its write),
another client takes the lease over and ingests, then the stalled holder resumes. Whatever the
interleaving, the invariant holds: no committed document with missing chunks, ever; the stalled
holder stops with its lost lease; the next ingest completes the job. The same with real processes
(SIGSTOP) against a real `chroma run`: tests/reliability/test_stalled_holder.py."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from ingest.load import load_file
from ingest.pipeline import ingest_paths, process
from tests.conftest import HashEmbeddings
from tests.reliability.helpers import check_store, expected_documents, make_corpus
from vectorstore.lease import StoreLease
from vectorstore.store import Store, StoreError, make_client

FAST = {"lease_s": 0.6, "heartbeat_s": 0.1, "poll_s": 0.05}
MAX = 10**8


class _Client:
    """One client of the shared store: a Store and its lease."""

    def __init__(self, folder: Path) -> None:
        self.store = Store(make_client(folder, None), HashEmbeddings(), HashEmbeddings.model_id)
        self.lease: StoreLease = self.store.ingest_lease(**FAST)

    def ingest(self, paths: list[Path]):
        return ingest_paths(paths, self.store, self.lease, MAX)

    def stall(self) -> None:
        """No more heartbeats: the process hangs (a long pause, a suspended laptop)."""
        self.lease._stop.set()
        self.lease._beater.join()

    def resume(self) -> None:
        self.lease._stop.clear()
        self.lease._beater = threading.Thread(target=self.lease._heartbeat, daemon=True)
        self.lease._beater.start()


class _Hooked:
    """A Chroma collection whose writes can run a hook first (`before`) or afterwards (`after`)."""

    def __init__(self, target, before: Callable[[str, dict], None] | None = None,
                 after: Callable[[str, dict], None] | None = None) -> None:
        self._target, self._before, self._after = target, before, after

    def _call(self, method: str, kwargs: dict):
        if self._before:
            self._before(method, kwargs)
        result = getattr(self._target, method)(**kwargs)
        if self._after:
            self._after(method, kwargs)
        return result

    def add(self, **kwargs):
        return self._call("add", kwargs)

    def upsert(self, **kwargs):
        return self._call("upsert", kwargs)

    def delete(self, **kwargs):
        return self._call("delete", kwargs)

    def __getattr__(self, name):
        return getattr(self._target, name)


def _manifest_of(kwargs: dict) -> str | None:
    """The document whose manifest this write commits, if it is one."""
    for rid, meta in zip(kwargs.get("ids") or [], kwargs.get("metadatas") or [], strict=False):
        if str(rid).startswith("doc:") and meta and meta.get("name"):
            return str(meta["name"])
    return None


def _once(hook: Callable[[], None]) -> Callable[[], None]:
    done = []

    def run() -> None:
        if not done:
            done.append(True)
            hook()

    return run


def _corpus(folder: Path, prefix: str, copies: int) -> list[Path]:
    """Small near-copies of the Scheldeland agreement under names of their own."""
    paths = []
    for path in make_corpus(folder / "tmp", copies, max_chars=2500, pdfs=False):
        target = folder / f"{prefix}-{path.name}"
        path.rename(target)
        paths.append(target)
    return paths


def _lost_lease(ingest: Callable[[], object]) -> str:
    """Run the stalled holder's ingest to its end; the message it stopped with ('' if none)."""
    try:
        ingest()
    except StoreError as exc:
        return str(exc)
    return ""


def _reader(folder: Path) -> Store:
    return Store(make_client(folder, None), HashEmbeddings(), HashEmbeddings.model_id)


def test_stalled_holder_cannot_commit_a_document_whose_chunks_the_new_holder_removed(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    mine, theirs = _corpus(tmp_path / "a", "a", 3), _corpus(tmp_path / "b", "b", 2)
    expected = expected_documents([*mine, *theirs])
    a, b = _Client(store_dir), _Client(store_dir)
    stalled = mine[-1].name

    def takeover() -> None:  # a has written every chunk of its last document and is about to commit it
        a.stall()
        assert b.ingest(theirs).ok  # b waits out the lease, takes it over, repairs and ingests
        a.resume()

    hook = _once(takeover)
    a.store._docs = _Hooked(a.store._docs, before=lambda m, kw: _manifest_of(kw) == stalled and hook())
    lost = _lost_lease(lambda: a.ingest(mine))
    reader = _reader(store_dir)
    state = check_store(reader, expected)  # no committed document with missing chunks
    assert "overgenomen" in lost  # the stalled holder stops with its lost lease
    assert stalled not in state.present
    assert {p.name for p in [*mine[:-1], *theirs]} <= set(state.present)
    # the next ingest completes the job and leaves nothing behind
    c = _Client(store_dir)
    report = c.ingest([*mine, *theirs])
    assert report.ok and report.ingested == [stalled]
    state = check_store(reader, expected)
    assert len(state.present) == 5 and state.orphans == 0


def test_stalled_holder_cannot_delete_the_chunks_of_the_version_the_new_holder_committed(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    first = _corpus(tmp_path / "a", "a", 2)
    a, b = _Client(store_dir), _Client(store_dir)
    assert a.ingest(first).ok
    target = first[0]
    old_copy = tmp_path / "b" / target.name  # another machine still has the old version of this file
    old_copy.parent.mkdir(parents=True, exist_ok=True)
    old_copy.write_bytes(target.read_bytes())
    v1 = expected_documents(first)
    target.write_text(target.read_text(encoding="utf-8").replace("is het doel", "blijft het doel"), encoding="utf-8")
    v2 = expected_documents([target])

    def takeover() -> None:  # a committed the new version and is about to delete the old one's chunks
        a.stall()
        assert b.ingest([old_copy]).replaced == [target.name]
        a.resume()

    hook = _once(takeover)
    a.store._docs = _Hooked(a.store._docs, after=lambda m, kw: _manifest_of(kw) == target.name and hook())
    lost = _lost_lease(lambda: a.ingest(first))
    reader = _reader(store_dir)
    state = check_store(reader, {n: v1[n] + v2.get(n, []) for n in v1})
    assert "overgenomen" in lost
    assert state.present[target.name] == v1[target.name][0].info.version  # b's commit stands, complete
    report = _Client(store_dir).ingest([old_copy, first[1]])
    assert report.ok and report.unchanged == sorted([target.name, first[1].name])
    assert check_store(reader, v1).orphans == 0


def test_repair_after_a_takeover_keeps_the_chunks_of_an_ingest_that_can_still_commit(tmp_path: Path) -> None:
    """b's repair finds a's chunks without a manifest. a is not dead: it commits them while b repairs.
    b must not delete them afterwards (today it deleted what its scan found, commit or not)."""
    store_dir = tmp_path / "store"
    mine, theirs = _corpus(tmp_path / "a", "a", 1), _corpus(tmp_path / "b", "b", 1)
    expected = expected_documents([*mine, *theirs])
    a, b = _Client(store_dir), _Client(store_dir)
    at_commit, committed = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def a_waits_at_its_commit(method: str, kwargs: dict) -> None:
        if _manifest_of(kwargs) == mine[0].name and not at_commit.is_set():
            at_commit.set()
            release.wait(timeout=60)

    def a_ingests() -> None:
        try:
            a.ingest(mine)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            committed.set()

    release = threading.Event()
    a.store._docs = _Hooked(a.store._docs, before=a_waits_at_its_commit)
    thread = threading.Thread(target=a_ingests)
    thread.start()
    assert at_commit.wait(timeout=60)
    a.stall()

    def a_commits_now(method: str, kwargs: dict) -> None:  # b's first write after its repair scan
        if not release.is_set():
            release.set()
            assert committed.wait(timeout=60)

    b.store._docs = _Hooked(b.store._docs, before=a_commits_now)
    b.store._chunks = _Hooked(b.store._chunks, before=lambda m, kw: m == "delete" and a_commits_now(m, kw))
    assert b.ingest(theirs).ok
    thread.join(timeout=60)
    reader = _reader(store_dir)
    state = check_store(reader, expected)
    assert sorted(state.present) == sorted(p.name for p in [*mine, *theirs])  # a's commit stands, complete
    assert errors and "overgenomen" in str(errors[0])  # a still learns that it lost the lease


def test_manifest_and_chunks_name_the_fencing_token_of_their_writer(tmp_path: Path) -> None:
    paths = _corpus(tmp_path / "a", "a", 1)
    client = _Client(tmp_path / "store")
    assert client.ingest(paths).ok
    token = str(client.lease.token)
    store = client.store
    manifests = store._docs.get(where={"name": paths[0].name}, include=["metadatas"])["metadatas"]
    assert [m["fence"] for m in manifests] == [token]
    chunks = store._chunks.get(include=["metadatas"])["metadatas"]
    assert chunks and {m["fence"] for m in chunks} == {token}
    assert len(store.all_chunks()) == len(process(load_file(paths[0], MAX)).chunks)
