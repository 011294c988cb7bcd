"""Ingest the examples in every format into a real store with the real embedding model; bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.app import open_store
from assistant.cli import main
from assistant.config import Settings
from assistant.ingest_service import run_ingest
from tests.conftest import CORPUS, DATA, FORMATS

pytestmark = pytest.mark.integration


def test_all_formats_into_real_store(tmp_path: Path, real_embeddings) -> None:
    settings = Settings(store=tmp_path / "store")
    store = open_store(settings, real_embeddings)
    report = run_ingest(settings, [str(CORPUS), str(FORMATS)], store=store)
    assert report.failed == []
    assert sorted(report.ingested) == sorted(p.name for p in [*CORPUS.iterdir(), *FORMATS.iterdir()])
    docs = {d.name: d for d in store.list_documents()}
    assert docs["mechelen-gemeenteraad-2021-03-01.md"].kind == "minutes"
    assert docs["mechelen-gemeenteraad-2021-03-01.md"].date == "2021-03-01"
    assert docs["scheldeland-samenwerkingsovereenkomst-2021.pdf"].kind == "agreement"
    assert docs["scheldeland-samenwerkingsovereenkomst-2021.pdf"].n_pages == 5
    assert docs["scheldeland-samenwerkingsovereenkomst-2021.docx"].date == "2021-10-01"
    # the real model found the right passage for a paraphrase
    vector = real_embeddings.embed_query("When does the agreement end? einddatum")
    hits = store.dense_search(vector, 5, ["scheldeland-samenwerkingsovereenkomst-2021.pdf"])
    assert hits and all(c.doc == "scheldeland-samenwerkingsovereenkomst-2021.pdf" for c, _ in hits)
    pdf_chunks = [c for c in store.all_chunks() if c.doc.endswith(".pdf")]
    assert all(c.page is not None for c in pdf_chunks)
    assert not any("Pagina " in c.text and " van " in c.text for c in pdf_chunks)
    # re-ingest is a no-op
    again = run_ingest(settings, [str(CORPUS), str(FORMATS)], store=store)
    assert again.ingested == [] and again.replaced == [] and len(again.unchanged) == len(docs)


def test_cli_bad_inputs_reported_and_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(DATA / "bad", folder)
    shutil.copy(CORPUS / "scheldeland-samenwerkingsovereenkomst-2021.txt", folder)
    big = folder / "groot.txt"
    big.write_text("Deel I. Tekst\n\n" + "woord " * 400_000, encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(folder), str(tmp_path / "bestaat-niet.pdf"),
                                       "--store", str(tmp_path / "store"), "--json"],
                                env={"AKKOORD_MAX_FILE_MB": "1"})
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["ingested"] == ["scheldeland-samenwerkingsovereenkomst-2021.txt"]
    reasons = {Path(f["file"]).name: f["reason"] for f in report["failed"]}
    # the reasons in Dutch, as the chat shows them (assistant/errors.py)
    assert "leeg" in reasons["leeg.txt"]
    assert "beschadigd" in reasons["kapot.pdf"]
    assert "wachtwoord" in reasons["versleuteld.pdf"]
    assert "OCR" in reasons["gescand.pdf"]
    assert "binair" in reasons["binair.txt"]
    assert "niet ondersteund" in reasons["tekening.xyz"]
    assert "groter dan de grens" in reasons["groot.txt"]
    assert "bestaat niet" in reasons["bestaat-niet.pdf"]
    listed = CliRunner().invoke(main, ["docs", "list", "--store", str(tmp_path / "store"), "--json"])
    assert [d["name"] for d in json.loads(listed.stdout)] == ["scheldeland-samenwerkingsovereenkomst-2021.txt"]


def test_cli_docs_remove(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(CORPUS), "--store", store, "--quiet"]).exit_code == 0
    result = runner.invoke(main, ["docs", "remove", "mechelen-gemeenteraad-2021-03-01.md", "--store", store])
    assert result.exit_code == 0
    listed = json.loads(runner.invoke(main, ["docs", "list", "--store", store, "--json"]).stdout)
    assert [d["name"] for d in listed] == ["scheldeland-samenwerkingsovereenkomst-2021.txt"]
    missing = runner.invoke(main, ["docs", "remove", "nope.md", "--store", store])
    assert missing.exit_code != 0 and "staat niet in de opslag" in missing.output
