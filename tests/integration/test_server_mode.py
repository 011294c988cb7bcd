"""Server mode against a real `chroma run` started on loopback."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.app import build, open_store
from assistant.cli import run_ingest
from assistant.config import Settings
from tests.conftest import CORPUS

pytestmark = [pytest.mark.integration, pytest.mark.server]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory):
    exe = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = _free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen([exe, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("chroma run did not start")
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=20)


def test_ingest_and_ask_through_server(chroma_url: str, tmp_path: Path, real_embeddings) -> None:
    settings = Settings(store=tmp_path / "local", chroma_url=chroma_url)
    store = open_store(settings, real_embeddings)
    report = run_ingest(settings, [str(CORPUS)], store=store)
    assert report.failed == [] and len(report.ingested) == 2
    # a second client (another process would do the same) sees the same documents
    other = open_store(settings, real_embeddings)
    assert [d.name for d in other.list_documents()] == sorted(p.name for p in CORPUS.iterdir())
    assert run_ingest(settings, [str(CORPUS)], store=other).unchanged
    answer = build(settings, real_embeddings).ask("Tot wanneer loopt de overeenkomst met Mechelen?")
    assert answer.found and "31 december 2025" in answer.answer
    assert not (tmp_path / "local" / "chroma.sqlite3").exists()  # nothing stored locally


def test_unreachable_server_is_a_clear_error(tmp_path: Path, real_embeddings) -> None:
    from vectorstore.store import StoreError

    settings = Settings(store=tmp_path / "local", chroma_url=f"http://127.0.0.1:{_free_port()}")
    with pytest.raises(StoreError):
        open_store(settings, real_embeddings)
