"""The chat's example questions come from the facts of the documents in the store: two stores with
different documents get different questions, each about its own documents, in Dutch."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.example_questions import example_questions
from ingest.load import load_file
from ingest.pipeline import process
from ingest.records import DocumentInfo
from tests.conftest import CORPUS, DATA, MECHELEN, SCHELDELAND

AGENDAS = ["anzegem-agenda-ocmw-raad-2024-04-09.html", "machelen-agenda-gemeenteraad-2024-03-19.html"]
QUESTION = re.compile(r"^(Wie|Wat|Waar|Wanneer|Tot wanneer|Welke|Hoe) [^?]+\?$")


def _documents(paths: list[Path]) -> list[DocumentInfo]:
    return [process(load_file(path, 10**8)).info for path in paths]


@pytest.fixture(scope="module")
def agreements() -> list[DocumentInfo]:
    return _documents([CORPUS / MECHELEN, CORPUS / SCHELDELAND])


@pytest.fixture(scope="module")
def agendas() -> list[DocumentInfo]:
    return _documents([DATA / "html" / name for name in AGENDAS])


def _named_in_facts(question: str, docs: list[DocumentInfo]) -> bool:
    """Whether the question's subject (the words after its verb) comes from these documents' facts."""
    dumped = " ".join(str(d.facts.dump()) + " " + (d.facts.minutes.council if d.facts.minutes else "")
                      for d in docs).lower()
    subject = re.sub(r"^.*? (namens|met|is|over|de) ", "", question.rstrip("?")).lower()
    words = [w for w in re.findall(r"[\w-]{4,}", subject) if not w.isdigit()]
    return bool(words) and all(w in dumped or w in {"maart", "april", "januari"} for w in words)


def test_two_stores_get_their_own_examples(agreements: list[DocumentInfo], agendas: list[DocumentInfo]) -> None:
    first, second = example_questions(agreements), example_questions(agendas)
    assert len(first) == 5 and 1 <= len(second) <= 5
    assert not set(first) & set(second)
    for question in first + second:
        assert QUESTION.match(question), question
    assert any(q.startswith("Wie tekent namens ") for q in first)
    assert any(q.startswith("Tot wanneer loopt de overeenkomst met ") for q in first)
    assert any(q.startswith("Welke acties gaan over ") for q in first)
    assert any(q.startswith("Waar vergadert de ") and "2024?" in q for q in second)
    assert all(_named_in_facts(q, agreements) for q in first), first
    assert all(_named_in_facts(q, agendas) for q in second), second
    # the parties, places and dates of one store never appear in the other store's questions
    assert not any(_named_in_facts(q, agendas) for q in first if "acties" not in q)


def test_examples_follow_the_documents(agreements: list[DocumentInfo], agendas: list[DocumentInfo]) -> None:
    assert example_questions([]) == []
    both = example_questions(agreements + agendas)
    assert both != example_questions(agreements) and both != example_questions(agendas)
    assert len(both) == len(set(both)) == 5
    assert example_questions(agreements, limit=2) == example_questions(agreements)[:2]


def test_every_example_question_is_answered(tmp_path_factory: pytest.TempPathFactory, real_embeddings) -> None:
    """An example question that the chat itself refuses would teach a new user nothing: each one is
    answered from its store (the real embedder, as the refusal model weighs dense similarity)."""
    from assistant.app import build, open_store
    from assistant.config import Settings
    from assistant.ingest_service import run_ingest

    settings = Settings(store=tmp_path_factory.mktemp("examples-answered") / "store")
    store = open_store(settings, real_embeddings)
    paths = [str(CORPUS / MECHELEN), str(CORPUS / SCHELDELAND), *(str(DATA / "html" / n) for n in AGENDAS)]
    assert run_ingest(settings, paths, store=store).failed == []
    assistant = build(settings, real_embeddings, store=store)
    questions = example_questions(store.list_documents(), limit=20)
    assert len(questions) >= 6
    refused = [q for q in questions if not assistant.ask(q).found]
    assert refused == []
