"""Where a meeting is held and what is on its agenda, answered from the minutes' facts (the place in
the heading of an agenda page; the items of minutes as HTML or as plain text): an agenda longer than an
answer shows says "onder meer" and its count, a short one is listed whole."""

from __future__ import annotations

import pytest

from assistant.app import build, open_store
from assistant.config import Settings
from assistant.grounded.fact_answers import AGENDA_SHOWN
from assistant.ingest_service import run_ingest
from tests.conftest import DATA, ROOT

AGENDA_PAGE = DATA / "html" / "machelen-agenda-gemeenteraad-2024-03-19.html"
MINUTES_TEXT = ROOT / "evals" / "datasets" / "dev" / "text-renditions" / "aalst-notulen-gemeenteraad-2023-12-19.txt"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory, real_embeddings):
    settings = Settings(store=tmp_path_factory.mktemp("meetings") / "store")
    store = open_store(settings, real_embeddings)
    assert run_ingest(settings, [str(AGENDA_PAGE), str(MINUTES_TEXT)], store=store).failed == []
    return build(settings, real_embeddings, store=store)


def test_the_place_of_a_meeting_comes_from_its_heading(assistant) -> None:
    answer = assistant.ask("Waar vergadert de gemeenteraad op 19 maart 2024?")
    assert answer.found and "Wulfzaal" in answer.answer
    assert {c.doc for c in answer.citations} == {AGENDA_PAGE.name}


def test_a_short_agenda_is_listed_whole(assistant) -> None:
    doc = assistant.store.get_document(AGENDA_PAGE.name)
    assert 0 < len(doc.facts.items) <= AGENDA_SHOWN
    answer = assistant.ask("Wat staat er op de agenda van de gemeenteraad van Machelen?")
    assert answer.found and "onder meer" not in answer.answer
    assert all(item.title.split()[0] in answer.answer for item in doc.facts.items)


def test_a_long_agenda_of_plain_text_minutes_says_onder_meer(assistant) -> None:
    doc = assistant.store.get_document(MINUTES_TEXT.name)
    assert len(doc.facts.items) > AGENDA_SHOWN
    answer = assistant.ask("Wat staat er op de agenda van de gemeenteraad van Aalst?")
    assert answer.found and f"{len(doc.facts.items)} punten, onder meer" in answer.answer
    assert {c.doc for c in answer.citations} == {MINUTES_TEXT.name}
