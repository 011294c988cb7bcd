"""Concurrent use of one embedded store (real model): questions answered while another process ingests,
and two ingests started at once."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from assistant.app import build
from assistant.config import Settings
from tests.conftest import CORPUS, MECHELEN, ROOT
from tests.reliability.helpers import (
    AKKOORD,
    check_store,
    chroma_server,
    clean_env,
    expected_documents,
    make_corpus,
    reader_store,
    start_ingest,
)
from vectorstore.embeddings import DEFAULT_MODEL_ID

pytestmark = pytest.mark.integration

QUESTION = "Tot wanneer loopt de overeenkomst met Mechelen?"
OFF_TOPIC = "Wat is de hoofdstad van Frankrijk?"


def test_questions_answered_while_another_process_ingests(tmp_path: Path, real_embeddings) -> None:
    extra = make_corpus(tmp_path / "extra", 4, pdfs=False)
    store_dir = tmp_path / "store"
    # the assistant exists before anything is in the store (the chat started on an empty store)
    assistant = build(Settings(store=store_dir), real_embeddings)
    assert not assistant.ask(QUESTION).found

    proc = start_ingest([CORPUS, tmp_path / "extra"], store_dir, clean_env(), "--quiet",
                        log=tmp_path / "ingest.log")
    asked = correct = 0
    errors: list[str] = []
    wrong: list[str] = []
    started = time.monotonic()
    try:
        while proc.poll() is None and time.monotonic() - started < 170:
            mechelen_in = assistant.store.get_document(MECHELEN) is not None
            for question in (QUESTION, OFF_TOPIC):
                try:
                    answer = assistant.ask(question)
                except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
                    errors.append(f"{type(exc).__name__}: {exc}")
                    continue
                asked += 1
                if question == OFF_TOPIC:
                    if answer.found:
                        wrong.append(f"off-topic answered: {answer.answer[:200]}")
                elif mechelen_in:
                    if answer.found and "31 december 2025" in answer.answer and answer.citations[0].doc == MECHELEN:
                        correct += 1
                    else:
                        wrong.append(f"{answer.found} {answer.answer[:200]}")
            time.sleep(0.05)  # a user, not a busy loop: leave the ingest some CPU
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
    log = (tmp_path / "ingest.log").read_text(errors="replace")
    assert proc.returncode == 0, log[-3000:]
    assert not errors, errors[:5]
    assert not wrong, wrong[:5]
    assert correct >= 3, f"only {correct} answers after the examples were in ({asked} questions)"
    # and after the ingest, everything is there, in the same assistant
    answer = assistant.ask(QUESTION)
    assert "31 december 2025" in answer.answer
    expected = expected_documents([CORPUS, *extra])
    state = check_store(reader_store(store_dir, DEFAULT_MODEL_ID), expected)
    assert len(state.present) == len(expected) and state.orphans == 0
    hits = assistant.store.dense_search(real_embeddings.embed_query("werkzaamheidsgraad kopie 5"), 200)
    assert {c.doc for c, _ in hits} == set(expected)  # the dense index sees every document
    print(f"{asked} questions while ingesting, {correct} correct Mechelen answers, 0 errors")


def test_two_ingests_at_once_are_serialised(tmp_path: Path) -> None:
    _two_ingests_at_once(tmp_path, clean_env(), [tmp_path / "store"] * 2, None)


@pytest.mark.server
def test_two_ingests_from_two_machines_on_one_server_are_serialised(tmp_path: Path) -> None:
    """Two clients with their own store folders (no shared lock file, as on two machines) ingest into
    one `chroma run` server: the lease record in the server serialises them."""
    with chroma_server(tmp_path / "server") as url:
        _two_ingests_at_once(tmp_path, clean_env(AKKOORD_CHROMA_URL=url),
                             [tmp_path / "machine-a", tmp_path / "machine-b"], url)


def _two_ingests_at_once(tmp_path: Path, env: dict[str, str], store_dirs: list[Path], url: str | None) -> None:
    paths = make_corpus(tmp_path / "docs", 5, pdfs=False)
    procs = [
        subprocess.Popen([*AKKOORD, "ingest", str(CORPUS), str(tmp_path / "docs"), "--store", str(store_dir), "--json"],
                         cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for store_dir in store_dirs
    ]
    outputs = [p.communicate(timeout=170) for p in procs]
    for p, (out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err.decode(errors="replace")[-3000:]
    waited = [b"er loopt al een inleesopdracht" in err and b"wachten" in err for _, err in outputs]
    assert waited.count(True) == 1, [err.decode(errors="replace")[-500:] for _, err in outputs]
    reports = [json.loads(out) for out, _ in outputs]
    first, second = (reports[0], reports[1]) if waited[1] else (reports[1], reports[0])
    names = sorted(p.name for p in [*CORPUS.iterdir(), *paths])
    assert sorted(first["ingested"]) == names and first["failed"] == []
    # the one that waited found everything done: nothing written twice
    assert sorted(second["unchanged"]) == names and second["ingested"] == second["replaced"] == []
    expected = expected_documents([CORPUS, *paths])
    state = check_store(reader_store(store_dirs[0], DEFAULT_MODEL_ID, url), expected)
    assert sorted(state.present) == names
    assert state.orphans == 0 and state.count == sum(len(v[0].chunks) for v in expected.values())
