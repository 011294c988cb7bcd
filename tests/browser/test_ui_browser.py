"""The chat in a real browser: questions with sources, follow-ups, refusals, topics, upload, removal,
feedback and HTML safety. Headless Debian Chromium through Playwright; the app runs in-process."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from assistant.example_questions import example_questions

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
FORMATS = REPO / "assistant" / "examples" / "formats"
TIMEOUT = 60_000  # ms; answers take well under a second, the first one also builds the index
# an upload embeds every new passage in the chat process: the 111 of the example PDF take the default
# model (multilingual-e5-small) about twice the CPU time MiniLM took, which on 2 shared cores can exceed
# a minute
INGEST_TIMEOUT = 3 * TIMEOUT

XSS_TEXT = """Samenwerkingsovereenkomst <script>window.__xss=1</script> tussen lokaal bestuur Testdorp en VDAB

Tussen

Vlaamse Dienst voor Arbeidsbemiddeling en Beroepsopleiding (VDAB), met zetel te Keizerslaan
11, 1000 Brussel, vertegenwoordigd door de heer Wim Adriaens, gedelegeerd bestuurder

en

het lokaal bestuur Testdorp, vertegenwoordigd door Jan Peeters <img src=x onerror="window.__xss=2">, voorzitter
gemeenteraad, en algemeen directeur An Janssens;

wordt de volgende samenwerkingsovereenkomst gesloten:

Deel I. Algemene doelstelling

Het lokaal bestuur Testdorp en VDAB werken samen rond werk <script>window.__xss=1</script> en
opleiding in Testdorp. ${window.__xss=3} {{constructor.name}}

Deel III. Acties

Actie 1.1 - Deelfietsen voor werkzoekenden <img src=x onerror="window.__xss=2">

Het lokaal bestuur Testdorp en VDAB voorzien deelfietsen voor werkzoekenden zodat de mobiliteit
naar het werk verbetert <img src=x onerror="window.__xss=2">.

Deel IV. Duur

Deze overeenkomst gaat in op 1 januari 2022 en loopt tot 31 december 2024.
Elk van de partijen heeft het recht de overeenkomst op te zeggen.
"""


# -- helpers -----------------------------------------------------------------------------------------


def open_app(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#vraag textarea", timeout=TIMEOUT)


def ask(page: Any, question: str) -> str:
    """Types a question, waits until its answer and sources are final, returns the answer text."""
    page.fill("#vraag textarea", question)
    page.click("#verstuur")
    page.locator("#bronnen .kop").filter(has_text=f"Bronnen bij: {question}").wait_for(timeout=TIMEOUT)
    return page.locator('#gesprek [data-testid="bot"]').last.inner_text()


def click_reference(page: Any, answer: int, n: int) -> None:
    """Clicks the text "[n]" in the answer-th answer of the chat, as a user would."""
    point = page.evaluate(
        """([answer, marker]) => {
            const bot = document.querySelectorAll('#gesprek [data-testid="bot"]')[answer];
            bot.scrollIntoView({block: 'center'});
            const walker = document.createTreeWalker(bot, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(marker);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at + 1);
                range.setEnd(node, at + marker.length - 1);
                const box = range.getBoundingClientRect();
                return {x: box.x + box.width / 2, y: box.y + box.height / 2};
            }
            return null;
        }""",
        [answer, f"[{n}]"],
    )
    assert point is not None, f"[{n}] is not in answer {answer}"
    page.mouse.click(point["x"], point["y"])


def in_panel_view(page: Any, n: int) -> bool:
    """Whether source n of the shown answer lies inside the visible part of the panel's scroll box."""
    return bool(
        page.evaluate(
            """(n) => {
                const card = document.querySelector(
                    '#bronnen section.beurt:not([hidden]) .bron[data-n="' + n + '"]');
                let box = card.parentElement;  // the element that scrolls the panel
                while (box.parentElement && box.scrollHeight <= box.clientHeight) box = box.parentElement;
                const c = card.getBoundingClientRect(), v = box.getBoundingClientRect();
                return c.top >= v.top - 1 && c.bottom <= Math.min(v.bottom, window.innerHeight) + 1;
            }""",
            n,
        )
    )


def shown_sources(page: Any) -> Any:
    """The sources of the answer the panel shows now (the others are hidden)."""
    return page.locator("#bronnen section.beurt:not([hidden])")


def open_tab(page: Any, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def shoot(page: Any, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / name), full_page=True)


# -- the Vragen tab ----------------------------------------------------------------------------------


def test_answer_with_source_and_quote(app: Any, page: Any, screenshots: Path) -> None:
    open_app(page, app.url)
    shoot(page, screenshots, "vragen-leeg.png")
    # example questions about the store's own documents are offered on an empty chat
    examples = example_questions(app.assistant.retriever.documents().values())
    assert len(examples) == 5
    for example in examples:
        assert page.get_by_text(example, exact=True).is_visible()
    assert page.get_by_placeholder(f"Typ uw vraag, bv. {examples[0]}").is_visible()

    answer = ask(page, "Tot wanneer loopt de overeenkomst met Mechelen?")
    assert "31 december 2025" in answer
    assert "[1]" in answer  # the citation marker stays visible
    panel = page.locator("#bronnen")
    card = panel.locator(".bron").first
    assert "[1]" in card.inner_text()
    assert "mechelen-gemeenteraad-2021-03-01.md" in card.inner_text()
    assert "Deel IV. Duur" in card.inner_text()
    quote = card.locator(".citaat")
    assert "uiterste einddatum 31 december 2025" in quote.inner_text()
    assert "31 december 2025" in " ".join(quote.locator("mark").all_inner_texts())
    # the whole passage is there on demand
    card.locator("summary").click()
    assert card.locator(".passage").is_visible()
    assert "31 december 2025" in card.locator(".passage").inner_text()
    shoot(page, screenshots, "vragen.png")
    assert not page.page_errors


def test_follow_up_uses_history_and_new_chat_clears(app: Any, page: Any) -> None:
    open_app(page, app.url)
    first = ask(page, "Wie tekent namens Wetteren?")
    assert "Marianne Gorré" in first
    second = ask(page, "En voor Zele?")
    assert "Maria Verheirstraeten" in second
    assert "Gezocht als" in page.locator("#bronnen").inner_text()
    assert page.locator('#gesprek [data-testid="bot"]').count() == 2

    page.click("#nieuw-gesprek")
    page.locator('#gesprek [data-testid="bot"]').first.wait_for(state="detached", timeout=TIMEOUT)
    assert page.locator("#bronnen .bron").count() == 0
    # without history, a lone follow-up is not answered from the previous question
    example = example_questions(app.assistant.retriever.documents().values())[2]
    page.get_by_text(example, exact=True).click()  # an example question starts a new chat
    page.locator("#bronnen .kop").filter(has_text=f"Bronnen bij: {example}").wait_for(timeout=TIMEOUT)
    assert page.locator('#gesprek [data-testid="bot"]').count() == 1


def test_clicked_reference_scrolls_to_and_highlights_its_source(app: Any, page: Any, screenshots: Path) -> None:
    open_app(page, app.url)
    answer = ask(page, "Welke partijen sluiten de overeenkomst van Scheldeland?")
    last = max(int(n) for n in re.findall(r"\[(\d+)\]", answer))
    assert last >= 3  # enough sources that the last one starts out of sight in the panel
    card = shown_sources(page).locator(f'.bron[data-n="{last}"]')
    assert not in_panel_view(page, last), "the last source is in view already: nothing to scroll"
    click_reference(page, 0, last)
    page.locator(f'#bronnen .bron.gemarkeerd[data-n="{last}"]').wait_for(timeout=TIMEOUT)
    page.wait_for_function(
        "(n) => { const c = document.querySelector('#bronnen .bron[data-n=\"' + n + '\"]');"
        " const b = c.parentElement.closest('.html-container') || document.documentElement;"
        " const r = c.getBoundingClientRect(), v = b.getBoundingClientRect();"
        " return r.top >= v.top - 1 && r.bottom <= v.bottom + 1; }",
        arg=last,
        timeout=TIMEOUT,
    )
    assert in_panel_view(page, last)
    assert page.locator("#bronnen .bron.gemarkeerd").count() == 1
    shoot(page, screenshots, "bron-gemarkeerd.png")
    # another reference moves the highlight
    click_reference(page, 0, 1)
    page.locator('#bronnen .bron.gemarkeerd[data-n="1"]').wait_for(timeout=TIMEOUT)
    assert "gemarkeerd" not in (card.get_attribute("class") or "")
    assert not page.page_errors


def test_every_answer_keeps_its_own_sources(app: Any, page: Any) -> None:
    open_app(page, app.url)
    first_q, second_q = "Wat is wijk-werken?", "Wat is IVSES?"
    ask(page, first_q)
    ask(page, second_q)
    assert f"Bronnen bij: {second_q}" in shown_sources(page).inner_text()
    assert page.locator("#bronnen section.beurt").count() == 2
    # a click on the earlier answer shows its sources, not those of the latest
    page.locator('#gesprek [data-testid="bot"]').first.click()
    page.locator("#bronnen section.beurt:not([hidden]) .kop", has_text=first_q).wait_for(timeout=TIMEOUT)
    assert shown_sources(page).count() == 1
    assert shown_sources(page).locator(".bron").count() == 2  # wijk-werken has two sources
    assert "Interlokale Vereniging" not in page.locator("#bronnen").inner_text()
    # a [n] of the earlier answer points into the earlier answer's sources
    click_reference(page, 1, 1)
    page.locator("#bronnen section.beurt:not([hidden]) .kop", has_text=second_q).wait_for(timeout=TIMEOUT)
    click_reference(page, 0, 2)
    marked = page.locator("#bronnen .bron.gemarkeerd")
    marked.wait_for(timeout=TIMEOUT)
    assert marked.get_attribute("data-n") == "2"
    assert page.locator('#bronnen section.beurt[data-beurt="0"] .bron.gemarkeerd').count() == 1
    # a new question shows its own sources again
    ask(page, "Wie tekent namens Zele?")
    assert "Bronnen bij: Wie tekent namens Zele?" in shown_sources(page).inner_text()
    assert page.locator("#bronnen section.beurt").count() == 3


def test_unanswerable_question_shows_no_sources(app: Any, page: Any) -> None:
    open_app(page, app.url)
    answer = ask(page, "Wat is de hoofdstad van Frankrijk?")
    assert "staat niet in de documenten" in answer
    panel = page.locator("#bronnen")
    assert "Geen bronnen: de documenten beantwoorden deze vraag niet." in panel.inner_text()
    assert panel.locator(".bron").count() == 0


def test_document_filter_restricts_the_question(app: Any, page: Any) -> None:
    open_app(page, app.url)
    page.locator("#filter-vragen input").click()
    page.get_by_role("option", name="scheldeland-samenwerkingsovereenkomst-2021.txt").click()
    page.keyboard.press("Escape")
    answer = ask(page, "Tot wanneer loopt de overeenkomst met Mechelen?")
    assert "31 december 2025" not in answer
    assert "mechelen-gemeenteraad-2021-03-01.md" not in page.locator("#bronnen").inner_text()


def test_feedback_is_written_as_json_line(app: Any, page: Any) -> None:
    feedback = app.settings.store / "feedback.jsonl"
    before = feedback.read_text(encoding="utf-8").splitlines() if feedback.exists() else []
    open_app(page, app.url)
    ask(page, "Wat is IVSES?")
    page.get_by_text("Feedback op een antwoord").click()
    page.fill("#opmerking textarea", "Duidelijk antwoord")
    page.locator('#gesprek [data-testid="bot"]').last.hover()
    page.locator("#gesprek button[aria-label='Goed antwoord']").last.click()  # assistant/data/gradio_labels_nl.json
    page.locator("#feedback-status").filter(has_text="Bedankt").wait_for(timeout=TIMEOUT)
    lines = feedback.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(before) + 1
    record = json.loads(lines[-1])
    assert record["question"] == "Wat is IVSES?"
    assert record["rating"] == "up"
    assert record["comment"] == "Duidelijk antwoord"
    assert record["citations"] and record["citations"][0]["doc"]
    assert re.match(r"\d{4}-\d\d-\d\dT", record["time"])


# -- the Onderwerpen tab -----------------------------------------------------------------------------


def search_topic(page: Any, topic: str) -> Any:
    """Searches `topic` in the Onderwerpen tab (already open) and returns the results table."""
    page.fill("#onderwerp textarea", topic)
    page.click("#zoek-onderwerpen")
    return page.locator("#onderwerpen-tabel")


def test_topics_search_and_source(app: Any, page: Any, screenshots: Path) -> None:
    open_app(page, app.url)
    open_tab(page, "Onderwerpen")
    table = search_topic(page, "mobiliteit")
    table.locator("tr[data-rij]").first.wait_for(timeout=TIMEOUT)
    first = table.locator("tr[data-rij]").first.inner_text()
    assert "Actie" in first and "2.1" in first and "2.1.4 Mobiliteit" in first
    # the document by its title, with its date in Dutch; not by its file name
    assert "TEWERKSTELLING" in first and "1 maart 2021" in first
    assert "mechelen-gemeenteraad-2021-03-01.md" not in table.inner_text()
    source = page.locator("#onderwerp-bron")
    source.get_by_text("Volledige passage").wait_for(timeout=TIMEOUT)
    assert "Actie 2.1" in source.inner_text()
    assert "Mobiliteit is een brede drempel" in source.inner_text()
    assert "mechelen-gemeenteraad-2021-03-01.md" in source.inner_text()  # the file, where the source is shown
    shoot(page, screenshots, "onderwerpen.png")

    # an empty topic lists everything; choosing a row shows that unit's source
    table = search_topic(page, "")
    rows = table.locator("tr[data-rij]")
    rows.nth(5).wait_for(timeout=TIMEOUT)
    wanted = rows.filter(has_text="Wijk-werken").first
    wanted.click()
    source.locator(".bron-kop", has_text="Actie 3.2 Wijk-werken").wait_for(timeout=TIMEOUT)
    assert "wijk-werkbemiddelaars" in source.inner_text()
    assert "gekozen" in (
        table.locator("tr[data-rij]", has_text="Wijk-werken").first.get_attribute("class") or ""
    )


# -- the Documenten tab: upload, safety, removal ---------------------------------------------------


def test_documents_tab_lists_documents_and_facts(app: Any, page: Any, screenshots: Path) -> None:
    open_app(page, app.url)
    open_tab(page, "Documenten")
    listing = page.locator("#documenten-lijst")
    listing.get_by_text("mechelen-gemeenteraad-2021-03-01.md").first.wait_for(timeout=TIMEOUT)
    text = listing.inner_text()
    assert "scheldeland-samenwerkingsovereenkomst-2021.txt" in text
    assert "samenwerkingsovereenkomst" in text and "notulen" in text
    listing.locator("summary", has_text="scheldeland-samenwerkingsovereenkomst-2021.txt").click()
    assert "Maria Verheirstraeten" in listing.inner_text()
    shoot(page, screenshots, "documenten.png")


def test_upload_pdf_is_listed_and_filterable(upload_app: Any, page: Any, screenshots: Path) -> None:
    open_app(page, upload_app.url)
    open_tab(page, "Documenten")
    page.locator("#opladen input[type=file]").set_input_files(
        str(FORMATS / "scheldeland-samenwerkingsovereenkomst-2021.pdf")
    )
    page.locator("#opladen").get_by_text("scheldeland-samenwerkingsovereenkomst-2021.pdf").first.wait_for(timeout=INGEST_TIMEOUT)
    page.click("#opladen-knop")
    result = page.locator("#opladen-resultaat")
    result.get_by_text("ingelezen").wait_for(timeout=INGEST_TIMEOUT)
    assert "scheldeland-samenwerkingsovereenkomst-2021.pdf" in result.inner_text()
    listing = page.locator("#documenten-lijst")
    listing.get_by_text("scheldeland-samenwerkingsovereenkomst-2021.pdf").first.wait_for(timeout=TIMEOUT)
    assert "3 document(en)" in listing.inner_text()
    shoot(page, screenshots, "documenten-opgeladen.png")
    # the new document is offered in the question filter too
    open_tab(page, "Vragen")
    page.locator("#filter-vragen input").click()
    assert page.get_by_role("option", name="scheldeland-samenwerkingsovereenkomst-2021.pdf").is_visible()
    assert upload_app.assistant.store.get_document("scheldeland-samenwerkingsovereenkomst-2021.pdf")


def test_upload_reports_failures_per_file(upload_app: Any, page: Any, tmp_path: Path) -> None:
    empty = tmp_path / "leeg.txt"
    empty.write_text("", encoding="utf-8")
    again = tmp_path / "scheldeland-samenwerkingsovereenkomst-2021.txt"
    again.write_bytes(
        (REPO / "assistant/examples/corpus/scheldeland-samenwerkingsovereenkomst-2021.txt").read_bytes()
    )
    program = tmp_path / "programma.exe"
    program.write_bytes(b"MZ\x90\x00" + bytes(200))
    open_app(page, upload_app.url)
    open_tab(page, "Documenten")
    page.locator("#opladen input[type=file]").set_input_files([str(empty), str(again), str(program)])
    page.locator("#opladen").get_by_text("leeg.txt").first.wait_for(timeout=INGEST_TIMEOUT)
    page.click("#opladen-knop")
    result = page.locator("#opladen-resultaat")
    result.get_by_text("ongewijzigd").wait_for(timeout=INGEST_TIMEOUT)  # the upload runs an ingest, as the other uploads
    rows = {row.locator("td").first.inner_text(): row.inner_text() for row in result.locator("tbody tr").all()}
    assert "mislukt: het bestand is leeg" in rows["leeg.txt"]
    assert "mislukt: bestandstype niet toegestaan (alleen .pdf, .docx, .txt, .md, .html)" in rows["programma.exe"]
    assert upload_app.assistant.store.get_document("programma.exe") is None


def test_uploaded_markup_is_shown_as_text_and_never_runs(
    upload_app: Any, page: Any, tmp_path: Path, screenshots: Path
) -> None:
    hostile = tmp_path / "..testdorp <b>overeenkomst & co'.txt"
    hostile.write_text(XSS_TEXT, encoding="utf-8")
    open_app(page, upload_app.url)
    open_tab(page, "Documenten")
    page.locator("#opladen input[type=file]").set_input_files(str(hostile))
    page.locator("#opladen").get_by_text(".txt").first.wait_for(timeout=INGEST_TIMEOUT)
    page.click("#opladen-knop")
    result = page.locator("#opladen-resultaat")
    result.get_by_text("ingelezen").wait_for(timeout=INGEST_TIMEOUT)
    stored = [n for n in upload_app.assistant.retriever.documents() if "testdorp" in n]
    assert len(stored) == 1
    name = stored[0]
    assert "/" not in name and "<" not in name and not name.startswith(".")

    # document list and facts: the title and a representative show the markup as text
    listing = page.locator("#documenten-lijst")
    listing.get_by_text(name).first.wait_for(timeout=TIMEOUT)
    assert "<script>window.__xss=1</script>" in listing.inner_text()
    listing.locator("summary", has_text=name).click()
    assert '<img src=x onerror="window.__xss=2">' in listing.inner_text()
    shoot(page, screenshots, "documenten-xss.png")

    # chat answer and sources panel
    open_tab(page, "Vragen")
    answer = ask(page, "Wie tekent namens Testdorp?")
    assert "<img src=x onerror=" in answer
    assert "<script>" in page.locator("#bronnen").inner_text()
    answer = ask(page, "Wat zegt Deel I van de overeenkomst met Testdorp over de algemene doelstelling?")
    assert "<script>window.__xss=1</script>" in answer and "${window.__xss=3} {{constructor.name}}" in answer
    panel = shown_sources(page)
    for summary in panel.locator("summary").all():
        summary.click()
    assert "<script>window.__xss=1</script>" in panel.locator(".citaat").first.inner_text()
    assert "${window.__xss=3} {{constructor.name}}" in panel.locator(".passage").first.inner_text()
    shoot(page, screenshots, "vragen-xss.png")

    # topic results and their source
    open_tab(page, "Onderwerpen")
    page.fill("#onderwerp textarea", "deelfietsen")
    page.click("#zoek-onderwerpen")
    page.locator("#onderwerpen-tabel").get_by_text("1.1", exact=True).first.wait_for(timeout=TIMEOUT)
    assert "<img src=x" in page.locator("#onderwerpen-tabel").inner_text()
    assert "<script>window.__xss=1</script>" in page.locator("#onderwerpen-tabel").inner_text()  # the title
    assert "<img src=x" in page.locator("#onderwerp-bron").inner_text()

    page.wait_for_timeout(500)
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert (
        page.locator("#documenten-lijst img, #bronnen img, #onderwerpen-tabel img, #onderwerp-bron img, "
                     "#gesprek .message img").count()
        == 0
    )
    assert not page.page_errors


def test_remove_needs_confirmation(upload_app: Any, page: Any) -> None:
    target = "mechelen-gemeenteraad-2021-03-01.md"
    open_app(page, upload_app.url)
    open_tab(page, "Documenten")
    page.locator("#verwijder-keuze input").click()
    page.get_by_role("option", name=target).click()
    page.click("#verwijder")
    page.locator("#verwijder-bericht").get_by_text("Weet u zeker").wait_for(timeout=TIMEOUT)
    assert upload_app.assistant.store.get_document(target) is not None  # nothing removed yet
    page.click("#annuleer")
    page.locator("#verwijder-bericht").get_by_text("geannuleerd").wait_for(timeout=TIMEOUT)
    assert upload_app.assistant.store.get_document(target) is not None

    page.locator("#verwijder-keuze input").click()
    page.get_by_role("option", name=target).click()
    page.click("#verwijder")
    page.click("#bevestig")
    page.locator("#verwijder-bericht").get_by_text("verwijderd:").wait_for(timeout=TIMEOUT)
    assert upload_app.assistant.store.get_document(target) is None
    listing = page.locator("#documenten-lijst")
    listing.get_by_text(target).first.wait_for(state="detached", timeout=TIMEOUT)
    open_tab(page, "Vragen")
    page.locator("#filter-vragen input").click()
    assert page.get_by_role("option", name=target).count() == 0
