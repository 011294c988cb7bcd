"""The chat on an empty store: it says in Dutch that there are no documents yet and points to the
Documenten tab, offers no example questions, and answers a question with the same pointer; once a
document is uploaded, example questions about that document appear."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.example_questions import example_questions
from tests.browser.conftest import Served
from tests.browser.test_ui_browser import INGEST_TIMEOUT, TIMEOUT, ask, open_app, open_tab, shoot
from tests.conftest import DATA

pytestmark = pytest.mark.browser

AGENDA = "machelen-agenda-gemeenteraad-2024-03-19.html"


@pytest.fixture(scope="module")
def empty_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    from assistant.app import open_store
    from assistant.config import Settings

    store = tmp_path_factory.mktemp("store-empty") / "store"
    open_store(Settings(store=store))  # creates the store, with no documents in it
    served = Served(store)
    assert not served.assistant.retriever.documents()
    yield served
    served.close()


def test_empty_store_points_to_the_documents_tab(empty_app: Any, page: Any, screenshots: Path) -> None:
    open_app(page, empty_app.url)
    chat = page.locator("#gesprek")
    chat.get_by_text("Er staan nog geen documenten in de opslag.").wait_for(timeout=TIMEOUT)
    assert "Laad eerst documenten op in het tabblad Documenten" in chat.inner_text()
    assert page.get_by_placeholder("Typ uw vraag", exact=True).is_visible()
    shoot(page, screenshots, "lege-opslag.png")
    answer = ask(page, "Wie tekent de overeenkomst?")
    assert "Er staan nog geen documenten in de opslag" in answer and "tabblad Documenten" in answer
    assert page.locator("#bronnen .bron").count() == 0

    # after an upload the chat offers questions about the new document
    page.click("#nieuw-gesprek")
    open_tab(page, "Documenten")
    page.locator("#opladen input[type=file]").set_input_files(str(DATA / "html" / AGENDA))
    page.locator("#opladen").get_by_text(AGENDA).first.wait_for(timeout=INGEST_TIMEOUT)
    page.click("#opladen-knop")
    page.locator("#opladen-resultaat").get_by_text("ingelezen").wait_for(timeout=INGEST_TIMEOUT)
    examples = example_questions(empty_app.assistant.retriever.documents().values())
    assert examples
    open_tab(page, "Vragen")
    page.get_by_text(examples[0], exact=True).wait_for(timeout=TIMEOUT)
    assert "Er staan nog geen documenten" not in page.locator("#gesprek").inner_text()
    assert not page.page_errors
