"""Damaged or foreign stores: a clear StoreError that names the problem and the fix, and on the command
line one "Fout: ..." line, a non-zero exit and no traceback."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.app import build
from assistant.cli import main
from assistant.config import Settings
from assistant.errors import dutch
from ingest.pipeline import ingest_lock, ingest_paths
from tests.conftest import CORPUS, ROOT, SCHELDELAND, HashEmbeddings
from tests.reliability.helpers import AKKOORD, clean_env
from vectorstore.embeddings import DEFAULT_MODEL_ID, MINILM_MODEL_ID
from vectorstore.store import Store, StoreError, make_client

pytestmark = pytest.mark.integration  # the real embedding model reads the damaged stores

QUESTION = "Tot wanneer loopt de overeenkomst?"
REINGEST = "ingest the documents again"


def _fill(store: Store, store_dir: Path) -> None:
    report = ingest_paths([CORPUS / SCHELDELAND], store, ingest_lock(store_dir), 10**8)
    assert report.ok, report.failed


def _damage(kind: str, store_dir: Path) -> None:
    if kind in ("truncated", "garbage"):
        _fill(Store(make_client(store_dir, None), HashEmbeddings(), DEFAULT_MODEL_ID), store_dir)
        db = store_dir / "chroma.sqlite3"
        db.write_bytes(db.read_bytes()[:20_000] if kind == "truncated" else os.urandom(300_000))
    elif kind == "schema":
        client = make_client(store_dir, None)
        _fill(Store(client, HashEmbeddings(), DEFAULT_MODEL_ID), store_dir)
        chunks = client.get_collection("akkoord_chunks")
        meta = {k: v for k, v in (chunks.metadata or {}).items() if not k.startswith("hnsw:")}
        chunks.modify(metadata={**meta, "akkoord_schema": 999})  # a store from an incompatible version
    elif kind == "model":
        _fill(Store(make_client(store_dir, None), HashEmbeddings(), MINILM_MODEL_ID), store_dir)
    elif kind == "dimension":  # same model name, vectors of another size (64, not 384)
        _fill(Store(make_client(store_dir, None), HashEmbeddings(dim=64), DEFAULT_MODEL_ID), store_dir)
    elif kind == "foreign":
        make_client(store_dir, None).get_or_create_collection("akkoord_chunks", embedding_function=None)
    else:  # pragma: no cover
        raise ValueError(kind)
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()  # as a new process: nothing of the store cached


CASES = {
    "truncated": ("cannot be opened", "malformed", REINGEST),
    "garbage": ("cannot be opened", "not a database", REINGEST),
    "schema": ("schema version 999", REINGEST + " into a new store"),
    "model": (MINILM_MODEL_ID, "akkoord reindex", "AKKOORD_EMBEDDING_MODEL=all-MiniLM-L6-v2"),
    "dimension": ("dimension 384", "64", REINGEST),
    "foreign": ("not made by akkoord", "use another store folder"),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_damaged_or_foreign_store_is_a_clear_error(kind: str, tmp_path: Path, real_embeddings,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    store_dir = tmp_path / "store"
    _damage(kind, store_dir)
    with pytest.raises(StoreError) as caught:
        build(Settings(store=store_dir), real_embeddings).ask(QUESTION)
    for part in CASES[kind]:
        assert part in str(caught.value), str(caught.value)

    # the command line: one line, no traceback (the model is the real one, loaded once for the session)
    monkeypatch.setattr("assistant.app.load_embeddings", lambda *args, **kwargs: real_embeddings)
    for args in (["ask", QUESTION, "--store", str(store_dir)], ["ask", QUESTION, "--store", str(store_dir), "--json"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, (result.output, result.exception)
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        # the same reason, in Dutch (assistant/errors.py)
        assert len(lines) == 1 and lines[0] == f"Fout: {dutch(str(caught.value))}", result.stderr
        assert "Traceback" not in result.output


def test_real_processes_print_one_line(tmp_path: Path) -> None:
    """Two real `akkoord` processes (run side by side): `ask` on a garbage store, `ingest` into a store
    built with another embedding model."""
    garbage, other = tmp_path / "garbage", tmp_path / "other"
    _damage("garbage", garbage)
    _damage("model", other)
    env = clean_env()
    procs = [
        subprocess.Popen([*AKKOORD, "ask", QUESTION, "--store", str(garbage)], cwd=ROOT, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE),
        subprocess.Popen([*AKKOORD, "ingest", str(CORPUS), "--store", str(other), "--json"], cwd=ROOT, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE),
    ]
    for proc, want in zip(procs, ("not a database", MINILM_MODEL_ID), strict=True):
        out, err = proc.communicate(timeout=170)
        text = err.decode(errors="replace")
        assert proc.returncode == 2, text
        assert out == b"" and "Traceback" not in text
        lines = [ln for ln in text.splitlines() if ln.strip()]
        assert len(lines) == 1 and lines[0].startswith("Fout: ") and want in lines[0], text
    # nothing was written into the other model's store
    assert [d.name for d in Store(make_client(other, None), HashEmbeddings(), MINILM_MODEL_ID)
            .list_documents()] == [SCHELDELAND]
