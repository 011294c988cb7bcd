"""Document identity: the path in the folder that was ingested (real documents, real Chroma folder,
fake embedder)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.app import build, open_store
from assistant.cli import main
from assistant.config import Settings
from assistant.ingest_service import run_ingest
from ingest.pipeline import replaces
from tests.conftest import CORPUS, ROOT, SCHELDELAND, HashEmbeddings

DEV = ROOT / "evals" / "datasets" / "dev" / "corpus"
DEN_HELDER = DEV / "den-helder-gemeenteraad-agenda-2015-08-31.txt"
STEENBERGEN = DEV / "steenbergen-verslag-beeldvormende-vergadering-centrumplan-welberg-2015-04-09.txt"


@pytest.fixture()
def two_notulen(tmp_path: Path) -> Path:
    folder = tmp_path / "raad"
    (folder / "den-helder").mkdir(parents=True)
    (folder / "steenbergen").mkdir()
    shutil.copy(DEN_HELDER, folder / "den-helder" / "notulen.txt")
    shutil.copy(STEENBERGEN, folder / "steenbergen" / "notulen.txt")
    return folder


def test_two_notulen_from_two_folders_are_both_kept_and_answerable(tmp_path: Path, two_notulen: Path,
                                                                  real_embeddings) -> None:
    # the real embedder: the refusal model weighs the dense similarity, which hashed vectors do not give
    settings = Settings(store=tmp_path / "store")
    store = open_store(settings, real_embeddings)
    report = run_ingest(settings, [str(two_notulen)], store=store)
    assert report.failed == []
    assert sorted(report.ingested) == ["den-helder/notulen.txt", "steenbergen/notulen.txt"]
    assert [d.name for d in store.list_documents()] == ["den-helder/notulen.txt", "steenbergen/notulen.txt"]

    assistant = build(settings, store=store)
    answer = assistant.ask("Wie vervangt mevrouw Van Dooren-Lansdorp in de raad?")
    assert answer.found and "Verhoef" in answer.answer
    assert {c.doc for c in answer.citations} == {"den-helder/notulen.txt"}
    # the other one is found under its own identity (whether it is answered is the refusal model's call)
    hits = assistant.retriever.search("Wanneer was de beeldvormende vergadering over het centrumplan Welberg?", k=3).hits
    assert hits and hits[0].chunk.doc == "steenbergen/notulen.txt"
    # the folder names name their document in a question
    assert assistant.retriever.named_documents("de notulen van Steenbergen")[0] == ["steenbergen/notulen.txt"]

    # ingesting the folder again: both unchanged; a changed file replaces only its own document
    (two_notulen / "steenbergen" / "notulen.txt").write_text(
        STEENBERGEN.read_text(encoding="utf-8") + "\n\nAanvulling: de vergadering sloot om 22.00 uur.\n",
        encoding="utf-8")
    again = run_ingest(settings, [str(two_notulen)], store=store)
    assert again.unchanged == ["den-helder/notulen.txt"] and again.replaced == ["steenbergen/notulen.txt"]
    assert len(store.list_documents()) == 2


def test_a_file_given_by_itself_is_known_by_its_name(tmp_path: Path, two_notulen: Path) -> None:
    settings = Settings(store=tmp_path / "store")
    store = open_store(settings, HashEmbeddings())
    assert run_ingest(settings, [str(two_notulen / "den-helder" / "notulen.txt")], store=store).ingested == ["notulen.txt"]
    assert replaces(store, "notulen.txt", two_notulen / "steenbergen" / "notulen.txt")
    assert not replaces(store, "notulen.txt", two_notulen / "den-helder" / "notulen.txt")  # the same content
    assert not replaces(store, "andere.txt", two_notulen / "steenbergen" / "notulen.txt")


def test_docs_list_shows_the_identity_and_docs_remove_takes_it(tmp_path: Path, two_notulen: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(store=tmp_path / "store")
    store = open_store(settings, HashEmbeddings())
    assert run_ingest(settings, [str(two_notulen)], store=store).failed == []
    monkeypatch.setenv("AKKOORD_EMBEDDING_MODEL", "")
    runner = CliRunner()
    listed = runner.invoke(main, ["docs", "list", "--store", str(settings.store)])
    assert listed.exit_code == 0, listed.output
    assert "den-helder/notulen.txt" in listed.output and "steenbergen/notulen.txt" in listed.output
    vague = runner.invoke(main, ["docs", "remove", "notulen.txt", "--store", str(settings.store)])
    assert vague.exit_code != 0
    assert "den-helder/notulen.txt" in vague.output and "steenbergen/notulen.txt" in vague.output
    removed = runner.invoke(main, ["docs", "remove", "steenbergen/notulen.txt", "--store", str(settings.store)])
    assert removed.exit_code == 0, removed.output
    assert [d.name for d in open_store(settings, HashEmbeddings()).list_documents()] == ["den-helder/notulen.txt"]


def test_a_store_of_the_old_rule_keeps_working(tmp_path: Path, real_embeddings) -> None:
    """Earlier versions knew every document by its bare file name. Those names keep working; a file
    ingested again from a subfolder, with the same content, takes its old entry over instead of
    appearing twice."""
    settings = Settings(store=tmp_path / "store")
    store = open_store(settings, real_embeddings)
    folder = tmp_path / "documenten"
    (folder / "2021").mkdir(parents=True)
    shutil.copy(CORPUS / SCHELDELAND, folder / "2021" / SCHELDELAND)
    shutil.copy(DEN_HELDER, folder / DEN_HELDER.name)
    # as the old rule stored them: every document under its file name
    assert run_ingest(settings, [str(folder / "2021" / SCHELDELAND), str(folder / DEN_HELDER.name)],
                      store=store).failed == []
    assert [d.name for d in store.list_documents()] == sorted([SCHELDELAND, DEN_HELDER.name])
    assert build(settings, store=store).ask("Wie tekent namens Zele?").found

    report = run_ingest(settings, [str(folder)], store=store)
    assert report.failed == []
    assert report.unchanged == [DEN_HELDER.name]  # at the top of the folder: the same identity
    assert report.replaced == [f"2021/{SCHELDELAND}"]  # took the old entry over
    assert [d.name for d in store.list_documents()] == sorted([f"2021/{SCHELDELAND}", DEN_HELDER.name])
    answer = build(settings, store=store).ask("Wie tekent namens Zele?")
    assert answer.found and {c.doc for c in answer.citations} == {f"2021/{SCHELDELAND}"}


def test_the_chat_upload_asks_before_it_replaces_a_document_of_the_same_name(tmp_path: Path,
                                                                             two_notulen: Path) -> None:
    from assistant.ui.callbacks import Callbacks

    settings = Settings(store=tmp_path / "store")
    store = open_store(settings, HashEmbeddings())
    callbacks = Callbacks(build(settings, store=store), settings)
    first, other = two_notulen / "den-helder" / "notulen.txt", two_notulen / "steenbergen" / "notulen.txt"
    assert "ingelezen" in callbacks.upload([str(first)])
    assert "ongewijzigd" in callbacks.upload([str(first)])  # the same file again: nothing to ask
    refused = callbacks.upload([str(other)])
    assert "niet vervangen" in refused and "Vervang documenten met dezelfde naam" in refused
    assert store.get_document("notulen.txt").sha256 == open_store(settings, HashEmbeddings()).get_document(
        "notulen.txt").sha256
    assert "Van Dooren-Lansdorp" in " ".join(c.text for c in store.all_chunks())  # still the first
    assert "vervangen" in callbacks.upload([str(other)], replace=True)
    assert "Welberg" in " ".join(c.text for c in store.all_chunks())
    assert [d.name for d in store.list_documents()] == ["notulen.txt"]
