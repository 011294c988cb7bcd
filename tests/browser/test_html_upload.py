"""The chat's upload takes HTML publication pages: a real agenda page is read and listed, a binary file
named .html is refused with its Dutch reason, and the question about the page cites it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_ui_browser import INGEST_TIMEOUT, TIMEOUT, ask, open_app, open_tab, shoot
from tests.conftest import DATA

pytestmark = pytest.mark.browser

PAGE = "anzegem-agenda-ocmw-raad-2024-04-09.html"


def test_upload_html_page(upload_app: Any, page: Any, screenshots: Path) -> None:
    open_app(page, upload_app.url)
    open_tab(page, "Documenten")
    page.locator("#opladen input[type=file]").set_input_files([str(DATA / "html" / PAGE),
                                                               str(DATA / "bad" / "binair.html")])
    page.locator("#opladen").get_by_text(PAGE).first.wait_for(timeout=INGEST_TIMEOUT)
    page.click("#opladen-knop")
    result = page.locator("#opladen-resultaat")
    result.get_by_text("ingelezen").wait_for(timeout=TIMEOUT)
    assert "mislukt: het bestand is geen HTML-pagina (binaire inhoud)" in result.inner_text()
    page.locator("#documenten-lijst").get_by_text(PAGE).first.wait_for(timeout=TIMEOUT)
    shoot(page, screenshots, "documenten-html-opgeladen.png")
    info = upload_app.assistant.store.get_document(PAGE)
    assert info is not None and info.format == "html" and info.date == "2024-04-09"
    open_tab(page, "Vragen")
    answer = ask(page, "Waar vindt de zitting van de OCMW-raad van Anzegem plaats?")
    assert "Raadzaal Gemeentepunt" in answer
    assert PAGE in page.locator("#bronnen").inner_text()
