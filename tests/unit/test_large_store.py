"""A store with more documents than a per-document answer can list (synthetic corpus, fake embedder)."""

from __future__ import annotations

from collections import Counter

import pytest

from assistant.app import build, open_store
from assistant.config import Settings
from assistant.grounded.answerer import MAX_TARGETS
from assistant.ingest_service import run_ingest
from evals.synthetic import make_corpus, spec_for_file
from tests.conftest import HashEmbeddings

N = 16


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("large")
    paths = make_corpus(folder / "corpus", N, seed=5)
    settings = Settings(store=folder / "store")
    store = open_store(settings, HashEmbeddings())
    assert run_ingest(settings, [str(folder / "corpus")], store=store).failed == []
    return build(settings, store=store), paths


def test_unnamed_fact_question_answers_for_the_retrieved_documents_only(large) -> None:
    assistant, paths = large
    question = "Wie tekent namens VDAB?"
    retrieved = list(dict.fromkeys(h.chunk.doc for h in assistant.retriever.search(question).hits))
    answer = assistant.ask(question)
    assert answer.found
    cited = {c.doc for c in answer.citations}
    assert cited and cited <= set(retrieved)
    assert len(retrieved) <= assistant.settings.top_k < len(paths)
    # at most a few documents, each in a statement of its own
    assert len(cited) <= MAX_TARGETS
    assert len(answer.answer.splitlines()) <= MAX_TARGETS * 3


def test_named_document_in_a_large_store_is_answered_from_that_document(large) -> None:
    assistant, paths = large
    specs = [s for s in (spec_for_file(p.name, seed=5) for p in paths) if s is not None and s.members]
    signs = Counter(m.name for s in specs for m in s.members)
    spec, member = next((s, m.name) for s in specs for m in s.members if signs[m.name] == 1)
    answer = assistant.ask(f"Wie vertegenwoordigt {member}?")
    assert answer.found, answer.answer
    assert {c.doc for c in answer.citations} == {spec.file_name}
