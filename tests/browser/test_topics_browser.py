"""The Onderwerpen tab across kinds of documents: after an agenda page is uploaded beside the example
agreement, one search finds an agenda item of the agenda and an action of the agreement, labelled by
kind, document title and date; the kind and date filters narrow the results; a wrong date is refused
in Dutch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_ui_browser import INGEST_TIMEOUT, TIMEOUT, open_app, open_tab, search_topic, shoot
from tests.conftest import DATA

pytestmark = pytest.mark.browser

AGENDA = "machelen-agenda-gemeenteraad-2024-03-19.html"


def choose(page: Any, dropdown: str, option: str) -> None:
    page.locator(f"{dropdown} input").click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


def test_topic_search_spans_agendas_and_agreements(upload_app: Any, page: Any, screenshots: Path) -> None:
    open_app(page, upload_app.url)
    open_tab(page, "Documenten")
    page.locator("#opladen input[type=file]").set_input_files(str(DATA / "html" / AGENDA))
    page.locator("#opladen").get_by_text(AGENDA).first.wait_for(timeout=INGEST_TIMEOUT)
    page.click("#opladen-knop")
    page.locator("#opladen-resultaat").get_by_text("ingelezen").wait_for(timeout=INGEST_TIMEOUT)

    open_tab(page, "Onderwerpen")
    table = search_topic(page, "opvang")
    rows = table.locator("tr[data-rij]")
    rows.nth(1).wait_for(timeout=TIMEOUT)
    texts = rows.all_inner_texts()
    action = next(t for t in texts if t.startswith("Actie"))
    item = next(t for t in texts if t.startswith("Agendapunt"))
    assert "2.1" in action and "1 maart 2021" in action
    assert "buitenschoolse opvang" in item and "Agenda gemeenteraad" in item and "19 maart 2024" in item
    shoot(page, screenshots, "onderwerpen-soorten.png")

    # the agenda item's source names the agenda page
    rows.filter(has_text="buitenschoolse opvang").first.click()
    source = page.locator("#onderwerp-bron")
    source.locator(".bron-kop", has_text="Agendapunt 8").wait_for(timeout=TIMEOUT)
    assert AGENDA in source.inner_text()

    # only agenda items
    choose(page, "#filter-soort", "agendapunt")
    table = search_topic(page, "opvang")
    table.locator(".kop", has_text="1 resultaat").wait_for(timeout=TIMEOUT)
    assert rows.count() == 1 and rows.first.inner_text().startswith("Agendapunt")

    # all kinds again, but only documents of 2024 and later: the 2021 agreement drops out
    choose(page, "#filter-soort", "agendapunt")  # a second choice of an option takes it away
    page.locator("#filter-soort .token").first.wait_for(state="detached", timeout=TIMEOUT)
    page.fill("#datum-van textarea", "1 januari 2024")
    table = search_topic(page, "opvang")
    table.locator(".kop", has_text="1 resultaat").wait_for(timeout=TIMEOUT)
    assert "Agendapunt" in rows.first.inner_text()
    page.fill("#datum-van textarea", "")
    page.fill("#datum-tot textarea", "31-12-2021")
    table = search_topic(page, "opvang")
    # the previous search also had one result: wait for the new one, not for the count
    rows.filter(has_text="Actie").first.wait_for(timeout=TIMEOUT)
    assert rows.count() == 1 and rows.first.inner_text().startswith("Actie")

    # a date that does not exist is refused in Dutch, naming the field
    page.fill("#datum-tot textarea", "31 februari 2024")
    search_topic(page, "opvang")
    error = table.locator(".fout")
    error.wait_for(timeout=TIMEOUT)
    assert "“31 februari 2024” bij “tot” is geen datum" in error.inner_text()
    assert not page.page_errors
