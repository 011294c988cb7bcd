"""HTML pages: visible text only, structure from the markup, refusals. Small invented pages; the real
publication pages are tested in test_html_pages.py."""

from __future__ import annotations

import pytest

from ingest.chunk import chunk_document, sections
from ingest.clean import clean
from ingest.html import read_html
from ingest.load import load_file
from ingest.pipeline import process
from ingest.records import IngestError, LoadedFile
from tests.conftest import DATA

BAD = DATA / "bad"


def text_of(html: str) -> str:
    return read_html(html.encode("utf-8")).text


def lines_of(html: str) -> list[str]:
    return [line for line in text_of(html).split("\n") if line]


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html lang='nl'><head>{head}</head><body>{body}</body></html>"


# ---- rendering ---------------------------------------------------------------------------------


def test_hidden_elements_and_site_chrome_are_dropped() -> None:
    html = page(
        "<header><a href='/'>Startpagina</a></header><nav><a href='/kalender'>Kalender</a></nav>"
        "<h1>Notulen gemeenteraad</h1>"
        "<div style='display:none'><h2>1 Verborgen titel</h2></div>"
        "<p hidden>Verborgen alinea</p><p aria-hidden='true'>Voor schermlezers verborgen</p>"
        "<span style='visibility: hidden'>Onzichtbaar</span><p class='weg'>Verborgen door de stijl</p>"
        "<script>var geheim = 'script';</script><noscript>Zet JavaScript aan</noscript>"
        "<form><input name='q' value='zoekterm'><button>Zoeken</button></form>"
        "<details><summary>Meer lezen</summary>Ingeklapte tekst</details>"
        "<article><header>Kop van het artikel</header><p>De gemeenteraad keurt goed.</p></article>"
        "<footer>© Leverancier</footer>",
        head="<style>.weg { display: none }</style><title>Raadpleegomgeving</title>",
    )
    assert lines_of(html) == [
        "# Notulen gemeenteraad",
        "Meer lezen",
        "Kop van het artikel",
        "De gemeenteraad keurt goed.",
    ]


def test_lists_tables_and_line_breaks_become_lines() -> None:
    html = page(
        "<ul><li>Eerste punt</li><li><p>Tweede punt</p><p>met uitleg</p></li></ul>"
        "<table><tr><th>Post</th><th>Bedrag</th></tr><tr><td>Wegen</td><td>4 084 EUR</td></tr></table>"
        "<table><tr><td><h3>Lay-out</h3><ul><li>in een cel</li></ul></td><td>tweede cel</td></tr></table>"
        "<p>Jan Peeters<br>Algemeen directeur</p>"
        "<p># geen kop</p>"
    )
    assert lines_of(html) == [
        "- Eerste punt", "- Tweede punt", "met uitleg",
        "Post | Bedrag", "Wegen | 4 084 EUR",
        "# Lay-out", "- in een cel", "tweede cel",
        "Jan Peeters", "Algemeen directeur",
        "\\# geen kop",
    ]
    cleaned = clean(LoadedFile("x.html", "x", "html", "0", (text_of(html),)))
    assert "# geen kop" in cleaned.text.split("\n\n")
    assert cleaned.outline == {cleaned.text.index("Lay-out"): 1}


def test_headings_nest_by_the_dom_not_only_by_their_level() -> None:
    """An article marked h3 inside the h4 "Besluit" block belongs to "Besluit"; a list of names under
    a label inside a vote does not swallow the counts that follow it."""
    html = page(
        "<h1>Notulen</h1>"
        "<div class='punt'><div class='nummer'>12.</div><h3>Goedkeuring reglement</h3>"
        "<div class='stemming'><h4>Stemming</h4><div><h5>Aanwezig</h5>An Peeters, Bart Claes</div>"
        "<div>Stemmen voor 2</div></div>"
        "<div class='motivering'><h4>Motivering</h4><div><h5>Feiten en context</h5><p>Het reglement is oud.</p>"
        "</div></div>"
        "<div class='besluit'><h4>Besluit</h4><div><h3>Artikel 1</h3><p>Het reglement wordt goedgekeurd.</p>"
        "</div></div></div>"
    )
    assert lines_of(html) == [
        "# Notulen",
        "## 12. Goedkeuring reglement",
        "### Stemming", "Aanwezig", "An Peeters, Bart Claes", "Stemmen voor 2",
        "### Motivering", "#### Feiten en context", "Het reglement is oud.",
        "### Besluit", "#### Artikel 1", "Het reglement wordt goedgekeurd.",
    ]
    loaded_file = LoadedFile("x.html", "x", "html", "0", (text_of(html),))
    cleaned = clean(loaded_file)
    chunks = chunk_document(cleaned, "x.html", "k", "t", plain=False)

    def path(text: str) -> str:
        return next(c.section for c in chunks if text in c.text)

    assert path("Stemmen voor 2") == "Notulen > 12. Goedkeuring reglement > Stemming"
    assert path("Het reglement wordt goedgekeurd.") == "Notulen > 12. Goedkeuring reglement > Besluit > Artikel 1"
    assert path("Het reglement is oud.") == "Notulen > 12. Goedkeuring reglement > Motivering > Feiten en context"


def test_agenda_items_of_the_linked_data_start_top_level_sections() -> None:
    html = page(
        "<div prefix='besluit: http://data.vlaanderen.be/ns/besluit#' typeof='besluit:Zitting' resource='#z'>"
        "<h1>Notulen gemeenteraad</h1>"
        "<div property='besluit:behandelt' typeof='besluit:Agendapunt' resource='#p1'>"
        "<h2 property='dct:title'>1. Goedkeuring notulen</h2><h3>Besluit</h3><p>Goedgekeurd.</p></div>"
        "<div property='besluit:behandelt' typeof='besluit:Agendapunt' resource='#p2'>"
        "<h2 property='dct:title'>2. Aankoop grond</h2><h3>Besluit</h3><p>Uitgesteld.</p></div></div>"
    )
    assert lines_of(html) == [
        "# Notulen gemeenteraad", "# 1. Goedkeuring notulen", "## Besluit", "Goedgekeurd.",
        "# 2. Aankoop grond", "## Besluit", "Uitgesteld.",
    ]
    cleaned = clean(LoadedFile("x.html", "x", "html", "0", (text_of(html),)))
    assert [s.path_str for s in sections(cleaned, plain=False)] == ["1. Goedkeuring notulen > Besluit",
                                                                    "2. Aankoop grond > Besluit"]


def test_a_page_without_linked_data_has_no_publication() -> None:
    html = page("<h1>Nieuws</h1><p>Een bericht.</p>")
    assert read_html(html.encode()).publication is None
    facts = process(LoadedFile("x.html", "x", "html", "0", (text_of(html),))).info.facts
    assert facts.items == [] and facts.minutes is None


def test_encodings_of_saved_pages() -> None:
    body = "<p>Schepen Hélène Dubois (verontschuldigd) – café</p>"
    cp1252 = f"<html><head><meta charset='windows-1252'></head><body>{body}</body></html>".encode("cp1252")
    bom = b"\xef\xbb\xbf" + page(body).encode("utf-8")
    xml = ("<?xml version='1.0' encoding='utf-8'?>" + page(body)).encode("utf-8")
    wrong = f"<html><head><meta charset='utf-16'></head><body>{body}</body></html>".encode()
    for data in (cp1252, bom, xml, wrong):
        assert read_html(data).text == "Schepen Hélène Dubois (verontschuldigd) – café"


# ---- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "reason"), [
    ("binair.html", "het bestand is geen HTML-pagina (binaire inhoud)"),
    ("geen-opmaak.html", "het bestand is geen HTML-pagina (er staat geen HTML-opmaak in)"),
    ("leeg-na-weergave.html", "de HTML-pagina toont geen tekst (leeg of alles verborgen)"),
    ("enkel-navigatie.html", "de HTML-pagina bevat enkel navigatie"),
])
def test_bad_pages_are_refused_with_a_dutch_reason(name: str, reason: str) -> None:
    with pytest.raises(IngestError) as err:
        load_file(BAD / name, 50_000_000)
    assert str(err.value).startswith(reason)


def test_hostile_pages_are_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    deep = page("<div>" * 300 + "De gemeenteraad keurt goed." + "</div>" * 300)
    with pytest.raises(IngestError, match="te diep genest"):
        read_html(deep.encode())
    import ingest.html

    monkeypatch.setattr(ingest.html, "MAX_ELEMENTS", 100)
    with pytest.raises(IngestError, match="elementen, meer dan de grens van 100"):
        read_html(page("<p>punt</p>" * 200).encode())
