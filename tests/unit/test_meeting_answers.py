"""Where a meeting is held and what is on its agenda, answered from the minutes' facts (the place in
the heading of an agenda page; the items of minutes as HTML or as plain text): an agenda longer than an
answer shows says "onder meer" and its count, a short one is listed whole."""

from __future__ import annotations

import pytest

from assistant.app import build, open_store
from assistant.config import Settings
from assistant.grounded.fact_answers import AGENDA_SHOWN, attendance, when
from assistant.ingest_service import run_ingest
from assistant.question import analyse
from ingest.facts.model import DateFact, Quote
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


def test_who_was_absent_for_one_item_comes_from_that_item(assistant) -> None:
    """Minutes that record attendance per item: "afwezig bij punt N" is that item's list, not the
    meeting's (here: plain-text minutes; the same list read from the linked data of the HTML page is
    tested in test_item_absence_from_linked_data)."""
    doc = assistant.store.get_document(MINUTES_TEXT.name)
    meeting_absent = set(doc.facts.minutes.absent)
    with_own = [i for i in doc.facts.items if i.absent]
    assert with_own and all(i.absent_quote is not None for i in with_own)
    item = next(i for i in with_own if set(i.absent) - meeting_absent and i.number.isdigit())
    fact = attendance(analyse(f"Wie was afwezig bij punt {item.number}?"), doc)
    assert fact is not None and all(name in fact.text for name in item.absent)
    assert fact.sources[0].quote.startswith(("Afwezig", "Verontschuldigd"))
    whole = attendance(analyse("Wie was afwezig op de gemeenteraad?"), doc)
    assert whole is not None and all(name in whole.text for name in meeting_absent)


def test_item_absence_from_linked_data(tmp_path, real_embeddings) -> None:
    page = DATA / "html" / "aalst-notulen-gemeenteraad-2023-12-19.html"
    settings = Settings(store=tmp_path / "store")
    store = open_store(settings, real_embeddings)
    assert run_ingest(settings, [str(page)], store=store).failed == []
    items = store.get_document(page.name).facts.items
    assert any(i.absent for i in items)


@pytest.mark.parametrize(("date", "iso", "quote", "expected"), [
    ("19 december 2023", "2023-12-19", "di 19/12/2023 - 20:00 te bepalen", "19 december 2023 (19/12/2023) om 20:00"),
    ("29 juni 2015", "2015-06-29", "vergadering van de gemeenteraad van 29 juni 2015, aanvang 17.00 uur",
     "29 juni 2015 om 17.00 uur"),
    ("1 maart 2021", "2021-03-01", "Zitting van 1 maart 2021", "1 maart 2021"),
    ("9 april 2024", "2024-04-09", "Agenda OCMW-raad di 09.04.2024 om 19u30", "9 april 2024 (09.04.2024) om 19u30"),
])
def test_a_meeting_date_as_the_document_writes_it_with_its_time(date, iso, quote, expected) -> None:
    assert when(DateFact(text=date, date=iso, quote=Quote(text=quote, start=0, end=len(quote)))) == expected


@pytest.mark.parametrize("question", ["Wanneer vergadert de gemeenteraad?", "Hoe laat begon de raadsvergadering?",
                                      "Op welke dag is de gemeenteraad?", "Wanneer is de zitting van de raad?"])
def test_questions_for_the_meeting_date_or_time(question) -> None:
    assert analyse(question).slot_name == "meeting_date"


def test_who_was_not_there_asks_for_the_absent_members(assistant) -> None:
    """ "Wie was er niet bij?" and "wie ontbrak?" ask for the absent list, not for who was present."""
    doc = assistant.store.get_document(MINUTES_TEXT.name)
    absent = doc.facts.minutes.absent
    assert absent
    for question in ("Wie was er niet bij op de gemeenteraad?", "Wie ontbrak op de gemeenteraad?"):
        assert analyse(question).slot_name == "attendance"
        fact = attendance(analyse(question), doc)
        assert fact is not None and fact.text.startswith("Afwezig") and all(name in fact.text for name in absent), question


def test_when_something_was_decided_in_minutes_is_the_meeting_date(assistant) -> None:
    """A passage of minutes that states a decision without a date answers "op welke datum werd X
    goedgekeurd?" with the meeting's date beside it; a passage with a date of its own, or a date
    question about something else ("wanneer gaat het in?"), is left as it is."""
    from types import SimpleNamespace

    from assistant.answer import Source
    from assistant.grounded.answerer import GroundedAnswerer

    doc = assistant.store.get_document(MINUTES_TEXT.name)
    documents = {doc.name: doc}
    unit = SimpleNamespace(doc=doc.name)
    src = Source(doc.name, doc.title, "", None, "Het reglement wordt goedgekeurd.", None, 0)
    decided = analyse("Op welke datum werd het reglement goedgekeurd?")
    out = GroundedAnswerer._with_meeting_date(decided, [("Het reglement wordt goedgekeurd.", [src])], [unit], documents)
    assert out[0][0] == f"Op de vergadering van {doc.facts.minutes.meeting_date.text}: Het reglement wordt goedgekeurd."
    assert out[0][1][0].quote != src.quote and out[0][1][-1] is src
    dated = [("Het reglement wordt goedgekeurd op 3 mei 2021.", [src])]
    assert GroundedAnswerer._with_meeting_date(decided, dated, [unit], documents) == dated
    other = [("Het reglement wordt goedgekeurd.", [src])]
    assert GroundedAnswerer._with_meeting_date(analyse("Wanneer gaat het reglement in?"), other, [unit], documents) == other
