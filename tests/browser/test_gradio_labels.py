"""Gradio's own labels (copy message, like, upload area) are Dutch whatever the browser's language:
Gradio picks its labels by the browser's language, and the chat passes its Dutch set as the custom
translation of every language Gradio knows."""

from __future__ import annotations

import json
from typing import Any

import pytest

from assistant.ui.serve import GRADIO_LABELS, gradio_labels
from tests.browser.test_ui_browser import TIMEOUT, ask, open_app, open_tab

# Gradio's English for the labels the chat shows (gradio 6.31); none may be seen or read out
ENGLISH = ["Copy message", "Copied message", "Like", "Dislike", "Clear", "Click to Upload", "Drop File Here",
           "Use via API", "Built with Gradio", "Settings", "Textbox", "- or -"]

VISIBLE_LABELS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of ['aria-label', 'title', 'alt', 'placeholder']) { const v = el.getAttribute(a); if (v) out.push(v.trim()); }
    for (const n of el.childNodes) if (n.nodeType === 3 && n.textContent.trim()) out.push(n.textContent.trim());
  }
  return out;
}"""


def test_labels_cover_every_language_gradio_knows() -> None:
    data = json.loads(GRADIO_LABELS.read_text(encoding="utf-8"))
    translations = gradio_labels().translations_dict
    assert set(translations) == set(data["locales"]) and {"en", "nl", "fr"} <= set(translations)
    assert all(t == data["labels"] for t in translations.values())
    assert all("." in key for key in data["labels"])  # Gradio's namespaced keys, flat


@pytest.mark.parametrize("locale", ["en-US", "fr-FR"])
def test_gradio_labels_are_dutch_in_a_foreign_browser(app: Any, browser: Any, locale: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale=locale)
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        open_app(page, app.url)
        ask(page, "Wie ondertekent de overeenkomst met Mechelen?")
        page.locator('#gesprek [data-testid="bot"]').last.hover()
        copy = page.locator('#gesprek button[title="Antwoord kopiëren"]')
        copy.last.wait_for(timeout=TIMEOUT)
        seen = set(page.evaluate(VISIBLE_LABELS))
        open_tab(page, "Documenten")
        page.get_by_text("Klik om op te laden").first.wait_for(timeout=TIMEOUT)
        seen |= set(page.evaluate(VISIBLE_LABELS))
        assert {"Goed antwoord", "Slecht antwoord", "Sleep een bestand hierheen", "- of -"} <= seen
        assert not seen & set(ENGLISH), sorted(seen & set(ENGLISH))
    finally:
        context.close()
