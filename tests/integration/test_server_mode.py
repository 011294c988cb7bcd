"""Server mode against a real `chroma run` started on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.app import build, open_store
from assistant.config import Settings
from assistant.ingest_service import run_ingest
from tests.conftest import CORPUS
from tests.reliability.helpers import chroma_server, free_port

pytestmark = [pytest.mark.integration, pytest.mark.server]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory):
    with chroma_server(tmp_path_factory.mktemp("chroma-server")) as url:
        yield url


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

    settings = Settings(store=tmp_path / "local", chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreError):
        open_store(settings, real_embeddings)
