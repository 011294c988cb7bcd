"""The real HTML publication pages through the real pipeline into a real Chroma store, then questions
about votes and agenda items: the citations name the page and the agenda item (and the section in
it). The answer wording is not checked here (answering is tested on its own).

The first tests use the fake embedder (the store, the pipeline and the answer chain are real); those
marked `integration` use the real embedding model (the CLI loads it itself)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.app import build, open_store
from assistant.cli import main
from assistant.config import Settings
from assistant.ingest_service import run_ingest
from tests.conftest import DATA, HashEmbeddings

HTML = DATA / "html"
AALST = "aalst-notulen-gemeenteraad-2023-12-19.html"
KNOKKE = "knokke-heist-besluitenlijst-burgemeester-2023-12-31.html"
ANZEGEM = "anzegem-agenda-ocmw-raad-2024-04-09.html"
BAD_HTML = {
    "binair.html": "het bestand is geen HTML-pagina (binaire inhoud)",
    "geen-opmaak.html": "het bestand is geen HTML-pagina (er staat geen HTML-opmaak in)",
    "leeg-na-weergave.html": "de HTML-pagina toont geen tekst (leeg of alles verborgen)",
    "enkel-navigatie.html": "de HTML-pagina bevat enkel navigatie",
}


@pytest.fixture(scope="module")
def html_store(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("in")
    for page in HTML.glob("*.html"):
        shutil.copy(page, folder / page.name)
    for name in BAD_HTML:
        shutil.copy(DATA / "bad" / name, folder / name)
    settings = Settings(store=tmp_path_factory.mktemp("html") / "store")
    store = open_store(settings, HashEmbeddings())
    report = run_ingest(settings, [str(folder)], store=store)
    return settings, store, report


def test_pages_are_ingested_and_bad_pages_fail_alone(html_store) -> None:
    _, store, report = html_store
    assert sorted(report.ingested) == sorted(p.name for p in HTML.glob("*.html"))
    reasons = {Path(f["file"]).name: f["reason"] for f in report.failed}
    assert sorted(reasons) == sorted(BAD_HTML)
    for name, reason in BAD_HTML.items():
        assert reasons[name].startswith(reason)
    docs = {d.name: d for d in store.list_documents()}
    aalst = docs[AALST]
    assert (aalst.format, aalst.kind, aalst.title, aalst.date, aalst.n_pages) == (
        "html", "minutes", "Notulen gemeenteraad", "2023-12-19", None)
    assert docs[KNOKKE].date == "2023-12-31" and len(docs[KNOKKE].facts.items) == 225
    chunks = [c for c in store.all_chunks() if c.doc == AALST]
    assert chunks and all(c.page is None for c in chunks)
    assert any(c.section.startswith("20. 2018_GR_00054 - ") and c.section.endswith("> Stemming op het agendapunt")
               for c in chunks)


def _cited(answer, doc: str, section_start: str) -> bool:
    return any(c.doc.startswith(doc) and c.section.startswith(section_start) for c in answer.citations)


def test_a_vote_question_cites_the_agenda_item(html_store) -> None:
    settings, store, _ = html_store
    assistant = build(settings, store=store)
    answer = assistant.ask("Hoeveel onthoudingen waren er bij de goedkeuring van het kader organisatiebeheersing LOA?")
    assert answer.found and answer.citations
    assert _cited(answer, AALST, "2. 2023_GR_00596 - Goedkeuring kader organisatiebeheersing LOA")
    assert any("Stemming op het agendapunt" in c.section for c in answer.citations)
    against = assistant.ask("Wie stemde tegen bij agendapunt 20 in Aalst?")
    assert against.found and _cited(against, AALST, "20. 2018_GR_00054 - ")


def test_an_agenda_item_question_cites_the_item(html_store) -> None:
    settings, store, _ = html_store
    assistant = build(settings, store=store)
    answer = assistant.ask("Wat besliste de burgemeester van Knokke-Heist over de dringende sloop van de schuur "
                           "aan de Natiënlaan 124?")
    assert answer.found and answer.citations
    assert all(c.doc.startswith("knokke-heist-besluitenlijst") for c in answer.citations)
    assert any("Dringende sloop schuur - Natiënlaan 124" in c.section for c in answer.citations)
    assert all(c.page is None for c in answer.citations)


@pytest.mark.integration
def test_cli_ingests_html_and_shows_its_linked_data(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", str(HTML / ANZEGEM), str(DATA / "bad" / "binair.html"),
                                  "--store", store, "--json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["ingested"] == [ANZEGEM]
    assert report["failed"][0]["reason"] == "het bestand is geen HTML-pagina (binaire inhoud)"
    facts = json.loads(runner.invoke(main, ["facts", ANZEGEM, "--store", store, "--json"]).stdout)
    assert facts["minutes"]["place"]["text"] == "Raadzaal Gemeentepunt - Heirbaan 73 - 8570 Anzegem"
    assert facts["items"][0]["title"] == "Notulen en zittingsverslag raadszitting van 12 maart 2024: goedkeuring."


@pytest.mark.integration
def test_real_model_cites_the_vote_of_the_agenda_item(tmp_path: Path, real_embeddings) -> None:
    settings = Settings(store=tmp_path / "store")
    store = open_store(settings, real_embeddings)
    report = run_ingest(settings, [str(HTML / AALST), str(HTML / ANZEGEM)], store=store)
    assert report.failed == [] and sorted(report.ingested) == sorted([AALST, ANZEGEM])
    assistant = build(settings, store=store)
    answer = assistant.ask("Hoeveel stemmen voor waren er bij de grondverwerving voor het Aquafinproject AST01?")
    assert answer.found and answer.citations
    assert _cited(answer, AALST, "19. 2023_GR_00586 - Aquafinproject AST01")
    agenda = assistant.ask("Op welke locatie vergadert de OCMW-raad van Anzegem?")
    assert any(c.doc == ANZEGEM for c in agenda.citations) or not agenda.found
