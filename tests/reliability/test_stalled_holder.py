"""A real `akkoord ingest` holding the lease of a real `chroma run` hangs past the lease (SIGSTOP at an
exact point of its write), a second `akkoord ingest` from another "machine" takes the lease over and
completes, then the first goes on (SIGCONT). Whatever it does then, no committed document has missing
chunks; it reports its lost lease (Dutch, exit code not 0) and stops; the next ingest completes.

Before fencing, the first holder committed a manifest whose chunks the second holder's repair had
deleted ("commit"), or deleted the chunks of the version the second holder had just committed
("stale")."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.reliability.helpers import (
    AKKOORD,
    check_store,
    chroma_server,
    clean_env,
    expected_documents,
    make_corpus,
    reader_store,
    wait_until,
)
from vectorstore.embeddings import DEFAULT_MODEL_ID

pytestmark = [pytest.mark.integration, pytest.mark.server]

LEASE_S = "5"


def _corpus(folder: Path, prefix: str, copies: int) -> list[Path]:
    paths = []
    for path in make_corpus(folder / "tmp", copies, max_chars=3000, pdfs=False):
        target = folder / f"{prefix}-{path.name}"
        path.rename(target)
        paths.append(target)
    (folder / "tmp").rmdir()
    return paths


def _stopped(proc: subprocess.Popen) -> bool:
    try:
        stat = Path(f"/proc/{proc.pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] == "T"


def _ingest(folders: list[Path], machine: Path, env: dict[str, str]) -> tuple[dict, str]:
    done = subprocess.run([*AKKOORD, "ingest", *map(str, folders), "--store", str(machine), "--json"], cwd=ROOT,
                          env=env, capture_output=True, timeout=600, check=False)
    err = done.stderr.decode(errors="replace")
    assert done.returncode == 0, err[-3000:]
    return json.loads(done.stdout), err


def _stall(point: str, name: str, folder: Path, machine: Path, env: dict[str, str], log: Path) -> subprocess.Popen:
    out = open(log, "wb")  # noqa: SIM115 - closed with the process
    return subprocess.Popen([sys.executable, "-m", "tests.reliability.stall_writer", point, name, "ingest",
                             str(folder), "--store", str(machine), "--json"],
                            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def _resume_and_finish(proc: subprocess.Popen, log: Path) -> str:
    proc.send_signal(signal.SIGCONT)
    proc.wait(timeout=300)
    return log.read_text(errors="replace")


@pytest.mark.parametrize("point", ["commit", "stale"])
def test_holder_stalled_past_the_lease_cannot_lose_data(point: str, tmp_path: Path) -> None:
    with chroma_server(tmp_path / "server") as url:
        env = clean_env(AKKOORD_CHROMA_URL=url, AKKOORD_INGEST_LEASE_S=LEASE_S)
        reader = reader_store(tmp_path / "reader", DEFAULT_MODEL_ID, url)
        mine = _corpus(tmp_path / "a", "a", 3)
        theirs = _corpus(tmp_path / "b", "b", 2)
        if point == "commit":
            # a stops with every chunk of its last document written, before its manifest; b (another
            # machine, other documents) takes over; its repair removes a's uncommitted chunks
            stalled = mine[-1]
            expected = expected_documents([*mine, *theirs])
        else:
            # a replaces a document and stops right after the manifest, before the old chunks go;
            # b has the old version of that file and ingests it: b's commit is the newest
            stalled = mine[0]
            _ingest([tmp_path / "a"], tmp_path / "machine-a", env)
            old = theirs[0].parent / stalled.name
            old.write_bytes(stalled.read_bytes())
            theirs.append(old)
            v1 = expected_documents([*mine, *theirs])
            stalled.write_text(stalled.read_text(encoding="utf-8").replace("is het doel", "blijft het doel"),
                               encoding="utf-8")
            v2 = expected_documents([stalled])
            expected = {n: v1[n] + v2.get(n, []) for n in v1}

        log = tmp_path / "stalled.log"
        proc = _stall(point, stalled.name, tmp_path / "a", tmp_path / "machine-a", env, log)
        try:
            assert wait_until(lambda: _stopped(proc), timeout=400, proc=proc, interval=0.2), log.read_text()[-3000:]
            state = check_store(reader, expected)
            assert state.orphans > 0  # the stalled holder's unfinished work is in the server
            started = time.monotonic()
            report, err = _ingest([tmp_path / "b"], tmp_path / "machine-b", env)
            assert "another ingest is running" in err  # it waited for the lease, then took it over
            assert time.monotonic() - started >= float(LEASE_S)
            assert report["failed"] == []
            state = check_store(reader, expected)
            if point == "stale":
                assert state.present[stalled.name] == v1[stalled.name][0].info.version  # b's version
            output = _resume_and_finish(proc, log)
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGCONT)
                proc.kill()
                proc.wait(timeout=30)

        # the invariant: no committed document with missing chunks (check_store counts and compares them)
        state = check_store(reader, expected)
        assert proc.returncode not in (0, None), output[-3000:]
        assert "overgenomen" in output and "Traceback" not in output, output[-3000:]
        if point == "commit":
            assert stalled.name not in state.present
        else:
            assert state.present[stalled.name] == v1[stalled.name][0].info.version

        # the next ingest completes the job and leaves nothing behind
        folders = [tmp_path / "a", tmp_path / "b"] if point == "commit" else [tmp_path / "b"]
        report, _ = _ingest(folders, tmp_path / "machine-c", env)
        assert report["failed"] == []
        state = check_store(reader, expected)
        assert state.orphans == 0
        if point == "commit":
            assert report["ingested"] == [stalled.name]
            assert sorted(state.present) == sorted(p.name for p in [*mine, *theirs])
        print(f"{point}: stalled holder said: {output.strip().splitlines()[-1][:300]}")
