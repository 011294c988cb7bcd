"""Shared pieces of the reliability tests: a corpus of near-copies, store invariants, subprocesses."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ingest.load import iter_paths, load_file
from ingest.pipeline import process
from ingest.records import ProcessedDocument
from tests.conftest import CORPUS, FORMATS, ROOT, SCHELDELAND
from vectorstore.store import Store

AKKOORD = [sys.executable, "-m", "assistant.cli"]
_CHANGED = "Een werkzaamheidsgraad van 80% is het doel."


def make_corpus(folder: Path, copies: int, max_chars: int | None = None, pdfs: bool = True) -> list[Path]:
    """Near-copies of the Scheldeland agreement (another name and one changed sentence each, optionally
    cut to its first `max_chars` characters at a paragraph end), plus the example PDFs."""
    folder.mkdir(parents=True, exist_ok=True)
    source = (CORPUS / SCHELDELAND).read_text(encoding="utf-8")
    assert _CHANGED in source
    if max_chars is not None:
        cut = source.rfind("\n\n", 0, max_chars)
        source = source[: cut if cut > 0 else max_chars] + "\n"
    paths = []
    for i in range(copies):
        text = source.replace(_CHANGED, f"Een werkzaamheidsgraad van {50 + i}% is het doel in kopie {i}.")
        path = folder / f"kopie-{i:02d}-scheldeland.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    if pdfs:
        for pdf in sorted(FORMATS.glob("*.pdf")):
            shutil.copy(pdf, folder / pdf.name)
            paths.append(folder / pdf.name)
    return sorted(paths)


def expected_documents(paths: Iterable[Path], folder: Path | None = None) -> dict[str, list[ProcessedDocument]]:
    """What the pipeline makes of each file (every version seen so far may be listed), by identity:
    the path in `folder` when the files were ingested as that folder, else the file name."""
    result: dict[str, list[ProcessedDocument]] = defaultdict(list)
    for path in iter_paths(paths):
        name = path.relative_to(folder).as_posix() if folder is not None else path.name
        result[name].append(process(load_file(path, 10**9, name)))
    return result


@dataclass
class StoreState:
    present: dict[str, str] = field(default_factory=dict)  # name -> version
    visible: int = 0
    count: int = 0

    @property
    def orphans(self) -> int:
        return self.count - self.visible


def _normal(value: object) -> object:
    return json.loads(json.dumps(value, ensure_ascii=False))


def check_store(store: Store, expected: dict[str, list[ProcessedDocument]]) -> StoreState:
    """Every document in the store is complete and exactly one known version: manifest, chunk count,
    every chunk's text, and facts. Anything without a manifest is invisible."""
    docs = {d.name: d for d in store.list_documents()}
    visible = store.all_chunks()
    by_doc: dict[str, list] = defaultdict(list)
    for c in visible:
        by_doc[c.doc].append(c)
    assert set(by_doc) <= set(docs), f"chunks visible without a manifest: {set(by_doc) - set(docs)}"
    for name, info in docs.items():
        assert name in expected, f"unknown document {name} in the store"
        versions = {p.info.version: p for p in expected[name]}
        assert info.version in versions, f"{name}: version {info.version} matches no known version"
        want = versions[info.version]
        got = sorted(by_doc[name], key=lambda c: c.start)
        assert info.n_chunks == len(want.chunks), f"{name}: manifest says {info.n_chunks} chunks"
        assert len(got) == info.n_chunks, f"{name}: {len(got)} visible chunks, manifest says {info.n_chunks}"
        assert [c.text for c in got] == [c.text for c in want.chunks], f"{name}: chunk texts differ"
        assert [c.id for c in got] == [c.id for c in want.chunks]
        assert info.sha256 == want.info.sha256
        assert info.facts.dump() == _normal(want.info.facts.dump()), f"{name}: facts differ"
        assert (info.title, info.kind, info.date) == (want.info.title, want.info.kind, want.info.date)
    count = store.count_chunks()
    assert count >= len(visible)
    return StoreState({n: d.version for n, d in docs.items()}, len(visible), count)


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AKKOORD_")}
    env.update({"ANONYMIZED_TELEMETRY": "False", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
                "TOKENIZERS_PARALLELISM": "false", "PYTHONPATH": str(ROOT)})
    env.update(extra)
    return env


def start_ingest(paths: Iterable[Path], store_dir: Path, env: dict[str, str], *extra: str,
                 log: Path | None = None) -> subprocess.Popen:
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 - closed with the process
    return subprocess.Popen([*AKKOORD, "ingest", *map(str, paths), "--store", str(store_dir), *extra],
                            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT if log else subprocess.DEVNULL)


def wait_until(predicate: Callable[[], bool], timeout: float, proc: subprocess.Popen | None = None,
               interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        if proc is not None and proc.poll() is not None:
            return predicate()
        time.sleep(interval)
    return False


def kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def chroma_server(data: Path) -> Iterator[str]:
    """A real `chroma run` on loopback (as in tests/integration/test_server_mode.py)."""
    exe = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = free_port()
    proc = subprocess.Popen([exe, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("chroma run did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)


def reader_store(store_dir: Path, model_id: str, chroma_url: str | None = None) -> Store:
    """A read-only view of a store (the fake embedder is never used to write)."""
    from tests.conftest import HashEmbeddings
    from vectorstore.store import make_client

    return Store(make_client(store_dir, chroma_url), HashEmbeddings(), model_id)


@dataclass
class KillReport:
    kills: list[dict] = field(default_factory=list)
    final_seconds: float = 0.0
    total_seconds: float = 0.0


def kill_during_ingest(tmp_path: Path, kill_after: list[int], copies: int, max_chars: int,
                       chroma_url: str | None = None) -> KillReport:
    """`akkoord ingest FOLDER` with the real model in a subprocess, SIGKILLed once the store holds
    N documents for each N in `kill_after`; the store is checked after every kill; a last run
    completes the job. Returns what happened, for the report."""
    from vectorstore.embeddings import DEFAULT_MODEL_ID

    started = time.monotonic()
    folder = tmp_path / "docs"
    paths = make_corpus(folder, copies, max_chars=max_chars)
    expected = expected_documents(paths)
    store_dir = tmp_path / "store"
    # server mode: the killed ingest leaves its lease behind; the next one takes it over after 5 s
    env = clean_env(**({"AKKOORD_CHROMA_URL": chroma_url, "AKKOORD_INGEST_LEASE_S": "5"} if chroma_url else {}))
    reader = reader_store(store_dir, DEFAULT_MODEL_ID, chroma_url)
    report = KillReport()
    for n in kill_after:
        proc = start_ingest([folder], store_dir, env, "--quiet", log=tmp_path / f"ingest-{n}.log")
        try:
            reached = wait_until(lambda n=n: len(reader.list_documents()) >= n, timeout=150, proc=proc)
        finally:
            kill(proc)
        log = (tmp_path / f"ingest-{n}.log").read_text(errors="replace")
        assert reached, f"the ingest did not reach {n} documents: rc={proc.returncode}\n{log[-3000:]}"
        assert proc.returncode == -signal.SIGKILL, f"it finished before the kill (rc={proc.returncode})"
        state = check_store(reader, expected)
        assert n <= len(state.present) < len(paths), "the kill must land in the middle of the run"
        report.kills.append({"after": n, "present": len(state.present), "orphans": state.orphans})
        present_at_kill = set(state.present)
    t = time.monotonic()
    done = subprocess.run([*AKKOORD, "ingest", str(folder), "--store", str(store_dir), "--json"], cwd=ROOT,
                          env=env, capture_output=True, timeout=400, check=False)
    report.final_seconds = time.monotonic() - t
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-3000:]
    if chroma_url:  # the killed run's lease was still in the server: found abandoned and taken over
        assert b"er loopt al een inleesopdracht" in done.stderr, done.stderr.decode(errors="replace")[-3000:]
    result = json.loads(done.stdout)
    assert result["failed"] == [] and result["replaced"] == []
    # every document seen after the last kill is kept as it was; one more may be too: the one whose
    # manifest was being added when the kill came (Chroma had logged the add, and the next writer
    # applied it; the last check below finds it complete).
    unchanged = set(result["unchanged"])
    assert present_at_kill <= unchanged and len(unchanged - present_at_kill) <= 1, (
        f"seen after the last kill but not unchanged: {sorted(present_at_kill - unchanged)}; "
        f"unchanged but not seen after the kill: {sorted(unchanged - present_at_kill)}")
    assert sorted(result["ingested"] + result["unchanged"]) == sorted(p.name for p in paths)
    state = check_store(reader, expected)
    assert sorted(state.present) == sorted(p.name for p in paths)
    assert state.orphans == 0 and state.count == state.visible == sum(len(v[0].chunks) for v in expected.values())
    report.total_seconds = time.monotonic() - started
    return report
