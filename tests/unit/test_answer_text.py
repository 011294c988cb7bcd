"""The text of grounded answers as a user reads it (issue 15): per-document answers labelled by title
or parties, only the documents the question means, refusals without file names or section paths,
and the facts the issue found misread (a guest's invitation frequency, sentences printed twice,
"de helft")."""

from __future__ import annotations

import re

import pytest

from assistant.answer import NOT_FOUND
from assistant.app import build, open_store
from assistant.config import Settings
from assistant.grounded.answerer import _as_written
from assistant.grounded.fact_answers import with_article
from assistant.ingest_service import run_ingest
from assistant.labels import label, labels
from assistant.question import split_parts
from ingest.facts.model import DocumentFacts, Party, Quote
from ingest.records import DocumentInfo
from tests.conftest import CORPUS, DATA, MECHELEN, SCHELDELAND

CHAT = DATA / "chat"
LOKEREN_ZELE = "lokeren-zele-uitleendienst-2023.txt"
FILE_NAMES = re.compile(r"\.(?:txt|md|pdf|docx|html?)\b|\b\w+(?:-\w+){2,}\b")


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory, real_embeddings):
    # the real embedder: the refusal model weighs the dense similarity, which hashed vectors do not give
    settings = Settings(store=tmp_path_factory.mktemp("answers") / "store")
    store = open_store(settings, real_embeddings)
    assert run_ingest(settings, [str(CORPUS), str(CHAT)], store=store).failed == []
    return build(settings, real_embeddings, store=store)


def _lines(answer) -> list[str]:
    return [line for line in answer.answer.splitlines() if line.strip()]


# -- labels ---------------------------------------------------------------------------------------


def test_per_document_lines_are_labelled_by_title_or_parties(assistant) -> None:
    answer = assistant.ask("Hoe vaak komt de stuurgroep samen?")
    lines = _lines(answer)
    assert len(lines) == 3, answer.answer
    assert not FILE_NAMES.search(answer.answer), answer.answer
    starts = sorted(line.split(":")[0] for line in lines)
    assert starts == [
        "Samenwerkingsovereenkomst tussen VDAB en stad Mechelen",
        "Samenwerkingsovereenkomst tussen de gemeente Lokeren en de gemeente Zele",
        "Samenwerkingsovereenkomst tussen de lokale besturen regio Scheldeland, IVSES en VDAB",
    ]


def _doc(name: str, title: str, parties: list[str], date: str = "2021-10-01") -> DocumentInfo:
    facts = DocumentFacts(parties=[Party(name=p, short=p.split()[-1], quote=Quote(text=f"Tussen de {p}", start=0, end=1))
                                   for p in parties])
    return DocumentInfo(name=name, sha256="x", format="txt", kind="agreement", title=title, date=date,
                        n_chunks=1, n_pages=None, facts=facts, version="v")


def test_label_is_the_title_when_short_and_never_the_file_name() -> None:
    assert label(_doc("a-b-c.txt", "Convenant handhaving milieu.", [])) == "Convenant handhaving milieu"
    long_title = "Verdrag tussen de gemeente Aadorp en de gemeente Beedorp inzake " + "de grensoverschrijdende zorg " * 4
    assert label(_doc("aadorp-beedorp.txt", long_title, ["gemeente Aadorp", "gemeente Beedorp"])) == \
        "Verdrag tussen de gemeente Aadorp en de gemeente Beedorp"
    cut = label(_doc("x-y-z.txt", "Lange titel " + "zonder partijen en zonder einde " * 5, []))
    assert cut.endswith("…") and len(cut) <= 91 and "x-y-z" not in cut
    assert not cut[:-1].endswith(" ")


def test_two_documents_with_the_same_label_get_their_dates() -> None:
    a = _doc("a.txt", "Samenwerkingsovereenkomst met VDAB", [], "2019-01-01")
    b = _doc("b.txt", "Samenwerkingsovereenkomst met VDAB", [], "2023-07-01")
    assert labels([a, b]) == {"a.txt": "Samenwerkingsovereenkomst met VDAB (1 januari 2019)",
                              "b.txt": "Samenwerkingsovereenkomst met VDAB (1 juli 2023)"}


# -- which documents the question means ------------------------------------------------------------


def test_two_places_that_are_parties_of_one_agreement_pick_that_agreement(assistant) -> None:
    answer = assistant.ask("Tot wanneer loopt de overeenkomst tussen Lokeren en Zele?")
    assert answer.found and "31 december 2026" in answer.answer
    assert "31 december 2025" not in answer.answer
    assert {c.doc for c in answer.citations} == {LOKEREN_ZELE}


def test_one_place_that_is_a_party_of_two_agreements_answers_for_both(assistant) -> None:
    answer = assistant.ask("Tot wanneer loopt de overeenkomst met Zele?")
    assert {c.doc for c in answer.citations} == {LOKEREN_ZELE, SCHELDELAND}
    assert "31 december 2026" in answer.answer and "31 december 2025" in answer.answer


def test_a_party_outside_the_chosen_documents_is_not_answered_from_them(assistant) -> None:
    answer = assistant.ask("Tot wanneer loopt de overeenkomst met Mechelen?", docs=[SCHELDELAND])
    assert not answer.found and answer.citations == []
    assert answer.answer == "Dat staat niet in de gekozen documenten: ze gaan niet over Mechelen."
    # a party the chosen document has is answered from it
    answer = assistant.ask("Wie tekent namens Zele?", docs=[SCHELDELAND])
    assert answer.found and {c.doc for c in answer.citations} == {SCHELDELAND}


# -- refusals ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("question", [
    "Wat is de hoofdstad van Frankrijk?",
    "Hoeveel inwoners heeft Mechelen?",
    "Wie won de Ronde van Vlaanderen?",
    "Wat is het telefoonnummer van de stuurgroep?",
])
def test_refusals_name_no_files_and_no_section_paths(assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert not answer.found, answer.answer
    assert answer.answer.startswith("Dat staat niet in de")
    assert " > " not in answer.answer and not FILE_NAMES.search(answer.answer)
    assert "Deel " not in answer.answer and "Artikel " not in answer.answer


def test_the_refused_part_of_a_two_part_question_is_quoted_as_written() -> None:
    question = "Tot wanneer loopt de overeenkomst met Mechelen en wat kost de fietsenstalling in Geëlen?"
    parts = split_parts(question)
    assert parts[1] == "wat kost de fietsenstalling in geelen"  # found in the folded text
    assert _as_written(parts[1], question) == "wat kost de fietsenstalling in Geëlen"
    assert _as_written("iets anders", question) == "iets anders"


def test_not_found_text_is_the_dutch_sentence() -> None:
    assert NOT_FOUND == "Dat staat niet in de documenten."


# -- facts the issue found misread ------------------------------------------------------------------


def test_a_guest_invited_once_a_year_is_not_how_often_the_body_meets(assistant) -> None:
    answer = assistant.ask("Hoe vaak komt de stuurgroep samen?")
    assert "1x per jaar" not in answer.answer  # "VDAB wordt minimum 1x per jaar uitgenodigd op ..."
    assert "één keer per jaar" not in answer.answer  # "De diensthoofden worden minstens één keer ..."
    assert "twee keer per jaar" in answer.answer and "3 keer per jaar" in answer.answer
    assert all("uitgenodigd" not in c.quote for c in answer.citations)


def test_who_invites_prints_each_sentence_once(assistant) -> None:
    answer = assistant.ask("Wie nodigt de stuurgroep uit?")
    assert answer.found
    for line in _lines(answer):
        sentences = [s.strip(" “”[]0123456789") for s in re.split(r"(?<=[.!?”])\s+", re.sub(r"\[\d+\]", "", line))]
        sentences = [s for s in sentences if s]
        assert len(sentences) == len(set(sentences)), line
        assert "“" not in line, line
    assert "De gemeente Lokeren nodigt de leden van de stuurgroep uit" in answer.answer


def test_a_half_of_the_costs_answers_how_much_each_pays(assistant) -> None:
    answer = assistant.ask("Hoeveel betaalt elke gemeente?")
    assert answer.found, answer.answer
    assert "elk voor de helft" in answer.answer
    assert {c.doc for c in answer.citations} == {LOKEREN_ZELE}


def test_namens_takes_the_article_the_document_writes(assistant) -> None:
    zele = assistant.ask("Wie tekent namens Zele?", docs=[SCHELDELAND]).answer
    assert zele.startswith("Namens het lokaal bestuur Zele tekenen")  # "Voor het lokaal bestuur Zele:"
    with_the = Quote(text="het lokaal bestuur Zele, vertegenwoordigd door X", start=0, end=1)
    without = Quote(text="Voor lokaal bestuur Zele: X", start=0, end=1)
    assert with_article("lokaal bestuur Zele", without, with_the) == "het lokaal bestuur Zele"
    assert with_article("lokaal bestuur Zele", without) == "lokaal bestuur Zele"
    assert with_article("VDAB", Quote(text="Voor VDAB, de heer X", start=0, end=1)) == "VDAB"


def test_signatures_are_cited_under_the_signature_section(assistant) -> None:
    answer = assistant.ask("Wie tekent namens Lokeren?")
    assert answer.found
    assert all(c.section.endswith("Ondertekening") for c in answer.citations), answer.citations


def test_mechelen_labels_come_from_the_parties_of_its_agreement(assistant) -> None:
    documents = assistant.retriever.documents()
    assert label(documents[MECHELEN]) == "Samenwerkingsovereenkomst tussen VDAB en stad Mechelen"




def test_documents_named_by_the_question_are_no_choice_of_the_user(assistant) -> None:
    """The search restricted to the documents the question names (a title word may name them) is not
    the user's choice: a party of another document named too is no reason to refuse."""
    from assistant.grounded.answerer import GroundedAnswerer
    from assistant.question import analyse
    from assistant.retrieval import RetrievalResult

    documents = assistant.retriever.documents()
    q = analyse("Wie tekent namens Mechelen voor de uitleendienst?")
    named = RetrievalResult([], [LOKEREN_ZELE], [LOKEREN_ZELE], "", set())
    assert GroundedAnswerer._parties_outside(q, named, documents) == []
    chosen = RetrievalResult([], [LOKEREN_ZELE], [MECHELEN, LOKEREN_ZELE], "", set())
    assert GroundedAnswerer._parties_outside(q, chosen, documents) == ["Mechelen"]
