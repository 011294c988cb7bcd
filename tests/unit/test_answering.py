"""Fast tests of the answer pipeline with the deterministic fake embedder on a real Chroma folder."""

from __future__ import annotations

import pytest

from assistant.actions import find_actions
from assistant.analysis import fold, terms
from assistant.app import build, open_store
from assistant.cli import run_ingest
from assistant.condense import condense, is_follow_up
from assistant.config import Settings
from assistant.intent import answer_type, detect
from assistant.lexical import BM25Index
from assistant.retrieval import expand_query
from tests.conftest import CORPUS, MECHELEN, SCHELDELAND, HashEmbeddings


@pytest.fixture(scope="module")
def fake_assistant(tmp_path_factory: pytest.TempPathFactory):
    settings = Settings(store=tmp_path_factory.mktemp("fake") / "store")
    store = open_store(settings, HashEmbeddings())
    assert run_ingest(settings, [str(CORPUS)], store=store).failed == []
    return build(settings, store=store)


def test_analysis_folds_stems_and_splits_compounds() -> None:
    assert fold("Geëvalueerd") == "geevalueerd"
    assert terms("de wijk-werken") == [*terms("wijk werken"), terms("wijkwerken")[0]]
    assert terms("mobiliteit") == terms("Mobiliteit")


def test_bm25_ranks_the_document_with_rare_terms_first() -> None:
    index = BM25Index([["stuurgroep", "vdab"], ["vdab", "vdab"], ["mobiliteit", "vdab"]])
    scores = index.scores(["mobiliteit", "vdab"])
    assert int(scores.argmax()) == 2 and index.document_frequency("vdab") == 3


def test_paraphrases_are_data() -> None:
    assert "einddatum" in expand_query("Wanneer vervalt het akkoord?")
    assert "mobiliteit" in expand_query("Welke acties gaan over vervoer?")
    assert "jeugdwerkloosheid" in expand_query("iets voor jongeren?")


@pytest.mark.parametrize(("question", "intent"), [
    ("Tot wanneer loopt de overeenkomst met Mechelen?", "end"),
    ("einddatum mechelen?", "end"),
    ("Vanaf wanneer geldt de overeenkomst?", "start"),
    ("Wie tekent namens Zele?", "signatory"),
    ("Hoe dikwijls komt de stuurgroep samen?", "frequency"),
    ("Wie nodigt uit voor de stuurgroep?", "inviter"),
    ("Wie vertegenwoordigt IVSES in de stuurgroep?", "members"),
    ("Welke acties gaan over mobiliteit?", "topic"),
    ("Wat is actie 2.2?", "action_number"),
    ("Hoe werd er gestemd?", "vote"),
    ("Wat is wijk-werken?", "definition"),
])
def test_intents(question: str, intent: str) -> None:
    assert detect(question).name == intent


def test_answer_types() -> None:
    assert answer_type("Hoeveel wijk-werkers zijn er?") == "number"
    assert answer_type("Welk budget is voorzien?") == "amount"
    assert answer_type("Wat is het telefoonnummer van VDAB?") == "contact"
    assert answer_type("Wanneer werd IVSES opgericht?") == "date"


def test_named_document_restricts_search(fake_assistant) -> None:
    result = fake_assistant.retriever.search("Wie tekent namens Zele?")
    assert result.docs == [SCHELDELAND]
    assert all(h.chunk.doc == SCHELDELAND for h in result.hits)
    both = fake_assistant.retriever.search("Hoe vaak komt de stuurgroep samen?")
    assert both.docs == [] and {h.chunk.doc for h in both.hits} == {SCHELDELAND, MECHELEN}


def test_lexical_index_is_built_once_per_generation(fake_assistant) -> None:
    first = fake_assistant.retriever.index()
    fake_assistant.ask("Wie tekent namens Zele?")
    assert fake_assistant.retriever.index() is first


def test_grounded_fact_answer_with_quote(fake_assistant) -> None:
    answer = fake_assistant.ask("Tot wanneer loopt de overeenkomst met Mechelen?")
    assert answer.found and "31 december 2025" in answer.answer
    assert answer.citations[0].doc == MECHELEN and "31 december 2025" in answer.citations[0].quote
    assert answer.citations[0].section.endswith("Deel IV. Duur")


def test_refusal_has_no_citations(fake_assistant) -> None:
    answer = fake_assistant.ask("Wat is het telefoonnummer van VDAB?")
    assert not answer.found and answer.citations == []
    assert answer.answer.startswith("Dat staat niet in de documenten.")


def test_condense_follow_up() -> None:
    assert is_follow_up("En voor Zele?") and not is_follow_up("Wie tekent namens Zele?")
    names = lambda text: [w for w in ("wetteren", "zele") if w in text.lower()]
    assert condense("En voor Zele?", [("Wie vertegenwoordigt Wetteren?", "...")], names) == "Wie vertegenwoordigt Zele?"
    assert condense("En Lebbeke?", [("Hoe vaak komt de stuurgroep samen?", "...")], names) == \
        "Hoe vaak komt de stuurgroep samen voor Lebbeke?"


def test_action_finder_topics(fake_assistant) -> None:
    docs = fake_assistant.retriever.documents().values()
    assert find_actions("vervoer", docs)[0].subitem == "2.1.4 Mobiliteit"
    assert {m.number for m in find_actions("jongeren", docs)[:2]} == {"1.1", "1.2"}
    assert find_actions("taal", docs)[0].subitem == "2.1.3 Taal"
    assert find_actions("ruimtevaart", docs) == []
    assert len(find_actions("", docs, limit=100)) == 15


def test_answer_streams_then_returns_checked_answer(fake_assistant) -> None:
    parts = list(fake_assistant.stream("Wie tekent namens Zele?"))
    assert all(isinstance(p, str) for p in parts[:-1]) and parts[-1].found
    assert parts[-2] == parts[-1].answer
