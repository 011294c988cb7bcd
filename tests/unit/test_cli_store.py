"""The command line as a newcomer meets it: only `ingest` creates a store, an empty store says so,
the topic finder (`onderwerpen`, alias `actions`), Dutch help and Dutch reasons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.app import open_store
from assistant.cli import main
from assistant.config import Settings
from assistant.ingest_service import run_ingest
from tests.conftest import CORPUS, DATA, MECHELEN, SCHELDELAND, HashEmbeddings

NOT_A_STORE = "staat geen akkoord-opslag"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    settings = Settings(store=tmp_path_factory.mktemp("cli") / "store")
    assert run_ingest(settings, [str(CORPUS), str(DATA / "chat")], store=open_store(settings, HashEmbeddings())).ok
    return settings.store


@pytest.fixture()
def fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("assistant.app.load_embeddings", lambda *args, **kwargs: HashEmbeddings())


@pytest.mark.parametrize("args", [
    ["ask", "Wie tekent namens Zele?"], ["ask", "--batch", "-"], ["docs", "list"], ["docs", "remove", "x.txt"],
    ["facts", "x.txt"], ["onderwerpen", "mobiliteit"], ["actions", "--topic", "mobiliteit"], ["reindex"],
    ["chat"],
])
def test_only_ingest_creates_a_store(args: list[str], tmp_path: Path, fake_model: None) -> None:
    typo = tmp_path / "opslg"
    result = CliRunner().invoke(main, [*args, "--store", str(typo)], input="Wie tekent namens Zele?\n")
    assert result.exit_code == 2, (args, result.output, result.exception)
    assert result.stderr.startswith("Fout: ") and NOT_A_STORE in result.stderr and "akkoord ingest" in result.stderr
    assert "Traceback" not in result.output
    assert not typo.exists(), "the mistyped folder was created"


def test_ingest_creates_the_store(tmp_path: Path, fake_model: None) -> None:
    new = tmp_path / "nieuw"
    result = CliRunner().invoke(main, ["ingest", str(CORPUS / SCHELDELAND), "--store", str(new), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "ingelezen (1)" in result.output
    listed = CliRunner().invoke(main, ["docs", "list", "--store", str(new)])
    assert listed.exit_code == 0 and SCHELDELAND in listed.output
    assert "1 oktober 2021" in listed.output and "2021-10-01" not in listed.output  # dates Dutch style


def test_an_empty_store_says_how_to_add_documents(tmp_path: Path, fake_model: None) -> None:
    settings = Settings(store=tmp_path / "leeg")
    open_store(settings, HashEmbeddings())  # exists, holds nothing
    result = CliRunner().invoke(main, ["ask", "Wie tekent namens Zele?", "--store", str(settings.store)])
    assert result.exit_code == 1
    assert "nog geen documenten" in result.stdout and "Documenten" in result.stdout and "akkoord ingest" in result.stdout
    assert "Dat staat niet in de documenten" not in result.stdout  # not a refusal: there is nothing to search
    as_json = CliRunner().invoke(main, ["ask", "Wie tekent namens Zele?", "--store", str(settings.store), "--json"])
    answer = json.loads(as_json.stdout)
    assert answer["found"] is False and answer["citations"] == [] and "nog geen documenten" in answer["answer"]
    listed = CliRunner().invoke(main, ["docs", "list", "--store", str(settings.store)])
    assert listed.exit_code == 0 and "De opslag is leeg" in listed.output


def test_ingest_failures_are_dutch(tmp_path: Path, fake_model: None) -> None:
    exe = tmp_path / "programma.exe"
    exe.write_bytes(b"MZ\x00\x00binary")
    empty = tmp_path / "leeg.txt"
    empty.write_text("", encoding="utf-8")
    store = tmp_path / "s"
    result = CliRunner().invoke(main, ["ingest", str(exe), str(empty), "--store", str(store), "--quiet"])
    assert result.exit_code == 1
    assert "MISLUKT" in result.stderr and "het bestandstype .exe wordt niet ondersteund" in result.stderr
    assert "het bestand is leeg" in result.stderr
    assert "file is empty" not in result.stderr and "unsupported" not in result.stderr
    as_json = CliRunner().invoke(main, ["ingest", str(exe), "--store", str(store), "--json"])
    assert json.loads(as_json.stdout)["failed"][0]["reason"].startswith("het bestandstype .exe")


def test_unknown_documents_and_missing_documents_are_dutch(store: Path, fake_model: None) -> None:
    bad = CliRunner().invoke(main, ["ask", "x", "--store", str(store), "--doc", "nope.md"])
    assert bad.exit_code == 2 and "onbekend document: nope.md" in bad.stderr
    missing = CliRunner().invoke(main, ["docs", "remove", "nope.md", "--store", str(store)])
    assert missing.exit_code == 2 and "staat niet in de opslag" in missing.stderr


def test_topic_finder_labels_kind_document_date_and_section(store: Path) -> None:
    result = CliRunner().invoke(main, ["onderwerpen", "mobiliteit", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 resultaat over “mobiliteit”:") or "resultaten over" in result.output
    assert "Actie 2.1" in result.output and "1 maart 2021" in result.output and "2.1.4 Mobiliteit" in result.output
    assert "Samenwerkingsovereenkomst > " in result.output  # the section


def test_topic_finder_filters(store: Path) -> None:
    everything = json.loads(CliRunner().invoke(main, ["onderwerpen", "--store", str(store), "--json"]).stdout)
    assert {m["kind"] for m in everything} >= {"actie", "artikel"}
    articles = json.loads(CliRunner().invoke(main, ["onderwerpen", "--kind", "artikel", "--store", str(store),
                                                    "--json"]).stdout)
    assert articles and {m["kind"] for m in articles} == {"artikel"}
    assert "lokeren-zele-uitleendienst-2023.txt" in {m["doc"] for m in articles}
    later = json.loads(CliRunner().invoke(main, ["onderwerpen", "--van", "1 januari 2022", "--store", str(store),
                                                 "--json"]).stdout)
    assert later and all(m["date"] >= "2022-01-01" for m in later)
    earlier = json.loads(CliRunner().invoke(main, ["onderwerpen", "--tot", "31-12-2021", "--doc", MECHELEN,
                                                   "--store", str(store), "--json"]).stdout)
    assert earlier and {m["doc"] for m in earlier} == {MECHELEN}
    bad = CliRunner().invoke(main, ["onderwerpen", "--van", "gisteren", "--store", str(store)])
    assert bad.exit_code == 2 and "is geen datum" in bad.output


def test_actions_is_an_alias_with_the_old_option(store: Path) -> None:
    old = CliRunner().invoke(main, ["actions", "--topic", "mobiliteit", "--store", str(store), "--json"])
    new = CliRunner().invoke(main, ["onderwerpen", "mobiliteit", "--store", str(store), "--json"])
    assert old.exit_code == new.exit_code == 0 and json.loads(old.stdout) == json.loads(new.stdout)


def test_help_is_dutch() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.output.startswith("Gebruik: ") and "Opdrachten:" in result.output and "Opties:" in result.output
    assert "Show this message" not in result.output and "Commands:" not in result.output
    assert "onderwerpen" in result.output and "Toon deze hulp en stop." in result.output
    sub = CliRunner().invoke(main, ["onderwerpen", "--help"])
    assert "--kind" in sub.output and "besluit" in sub.output and "--van DATUM" in sub.output
