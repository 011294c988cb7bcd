"""The real publication pages in tests/data/html (see SOURCES.md there): visible text, records and
citations. Every number, name and title asserted here was read in the page itself."""

from __future__ import annotations

import dataclasses
import json
from functools import cache
from pathlib import Path

import pytest

from ingest.chunk import sections
from ingest.html import read_html
from ingest.load import SUPPORTED_EXTENSIONS, check_file, load_file
from ingest.pipeline import process
from ingest.publication import AgendaItem, Person, Publication, Quote, Vote
from ingest.records import IngestError, LoadedFile
from ingest.structure import outline_heading
from tests.conftest import DATA

HTML = DATA / "html"
KNOKKE = "knokke-heist-besluitenlijst-burgemeester-2023-12-31.html"
KNOKKE_SAVED = "knokke-heist-besluitenlijst-burgemeester-2023-12-31-opgeslagen.html"
AALST = "aalst-notulen-gemeenteraad-2023-12-19.html"
ANZEGEM = "anzegem-agenda-ocmw-raad-2024-04-09.html"
MACHELEN = "machelen-agenda-gemeenteraad-2024-03-19.html"
BOORTMEERBEEK = "boortmeerbeek-agenda-gemeenteraad-2024-04-22.html"
PAGES = [KNOKKE, KNOKKE_SAVED, AALST, ANZEGEM, MACHELEN, BOORTMEERBEEK]


@cache
def loaded(name: str) -> LoadedFile:
    return load_file(HTML / name, 50_000_000)


def test_every_page_is_committed() -> None:
    assert sorted(p.name for p in HTML.glob("*.html")) == sorted(PAGES)


def test_html_is_a_supported_format_and_the_size_limit_holds() -> None:
    assert SUPPORTED_EXTENSIONS[".html"] == SUPPORTED_EXTENSIONS[".htm"] == "html"
    assert check_file(HTML / ANZEGEM, 50_000_000) == "html"
    with pytest.raises(IngestError, match="over the limit"):
        check_file(HTML / KNOKKE, 1_000_000)


# ---- the real pages: visible text ---------------------------------------------------------------


def test_knokke_heist_hidden_copies_of_the_titles_are_gone() -> None:
    text = loaded(KNOKKE).pages[0]
    lines = text.split("\n")
    # the browser shows each title twice: in the list (without number) and above its decision
    assert lines.count("# Dringende sloop schuur - Natiënlaan 124") == 1
    assert lines.count("# 3 Dringende sloop schuur - Natiënlaan 124") == 1
    assert text.count("Dringende sloop schuur - Natiënlaan 124") == 2
    # the hidden agenda items, short titles and descriptions repeat "Akkoord" 675 more times
    assert sum(1 for line in lines if line in ("Akkoord", "Akkoord.")) == 222
    assert "## BURGEMEESTER VAN 31 DEC 2023" in lines[:12] and "De voorzitter opent de vergadering om 00.00 uur." in lines


def test_the_saved_copy_reads_like_the_published_page() -> None:
    assert loaded(KNOKKE_SAVED).pages == loaded(KNOKKE).pages
    assert loaded(KNOKKE_SAVED).publication == loaded(KNOKKE).publication


def test_aalst_hidden_titles_and_the_navigation_are_gone() -> None:
    text = loaded(AALST).pages[0]
    title = "2023_GR_00634 - Notulen van de openbare vergadering van de gemeenteraad van 28 november 2023 - Goedkeuring"
    assert text.count(title) == 1  # the hidden short title, title and vote subject are not read
    assert f"\n# 1. {title}\n" in text
    assert "Startpagina" not in text and "Kalender" not in text
    assert "\nStemmen voor 37\n" in text and "\nBlanco stemmen 1\n\nIngmar Baeyens\n" in text


def test_agenda_pages_keep_the_agenda_and_drop_the_chrome() -> None:
    anzegem = loaded(ANZEGEM).pages[0].split("\n\n")
    assert anzegem[:4] == ["Terug", "Gepubliceerd op 29/03/2024", "# Agenda OCMW-raad",
                           "di 09/04/2024 - 19:30 Raadzaal Gemeentepunt - Heirbaan 73 - 8570 Anzegem"]
    assert anzegem[-5:] == ["Namens OCMW-raad,", "Sonja Nuyttens", "Algemeen directeur", "Koen Tack", "Voorzitter"]
    assert not any("Cipal" in line or "Zoeken" in line for line in anzegem)
    boortmeerbeek = loaded(BOORTMEERBEEK).pages[0]
    assert "Agenda Gemeenteraad 22 april 2024 20:00" in boortmeerbeek
    # the linked data is a hidden copy of the page: none of its names or counts show
    assert "Maria Luise Altmutter" not in boortmeerbeek and "aantal voorstanders" not in boortmeerbeek
    assert "- Kerkfabriek Onze-Lieve-Vrouw van de Vrede Jaarrekening 2023" in boortmeerbeek.split("\n")
    assert "# Kerkfabriek Onze-Lieve-Vrouw van de Vrede Jaarrekening 2023" in boortmeerbeek.split("\n")


# ---- the real pages: records --------------------------------------------------------------------


def test_knokke_heist_decision_list() -> None:
    pub = loaded(KNOKKE).publication
    assert pub is not None and pub.document_type == "besluitenlijst" and pub.published == "2024-01-03"
    meeting = pub.meeting
    assert meeting is not None
    assert (meeting.date, meeting.governing_body, meeting.planned_start, meeting.place) == (
        "2023-12-31", "Burgemeester Gemeente Knokke-Heist", "2023-12-30T23:00:00.0000000Z", None)
    assert meeting.quote is not None and meeting.quote.text == "BURGEMEESTER VAN 31 DEC 2023"
    assert len(pub.items) == len(pub.decisions) == len(pub.votes) == 225
    item = pub.items[2]
    assert (item.position, item.number, item.title, item.description, item.public) == (
        3, "3", "Dringende sloop schuur - Natiënlaan 124", "Akkoord", True)
    assert item.heading == "3 Dringende sloop schuur - Natiënlaan 124"
    assert pub.items[-1].number == "225"
    assert pub.items[-1].title == "Verbod tot betreden - Piers de Raveschootlaan 12 - opheffing"
    assert [i.number for i in pub.items] == [str(n) for n in range(1, 226)]
    vote = pub.votes[2]
    assert vote.item_number == "3" and vote.subject == item.title
    assert (vote.in_favour, vote.against, vote.abstaining, vote.quote) == (None, None, None, None)
    assert pub.decisions[2].title == item.title and pub.decisions[2].description == "Akkoord"
    assert pub.attendance == ()


def test_aalst_minutes_votes_and_attendance() -> None:
    pub = loaded(AALST).publication
    assert pub is not None and pub.document_type == "notulen" and pub.published == "2024-02-02"
    meeting = pub.meeting
    assert meeting is not None
    assert (meeting.date, meeting.governing_body, meeting.place, meeting.started, meeting.ended) == (
        "2023-12-19", "gemeenteraad", "te bepalen", "2023-12-20T10:33:34.000+01:00", "2023-12-20T11:38:35.000+01:00")
    assert [i.number for i in pub.items] == ["HD 1", "HD 2", "1", "2", "3", "4", "5", "6", "7", "46", "8", "9",
                                             "10", "11", "12", "13", "14", "15", "47", "48", "16", "17", "18",
                                             "19", "20"]
    first = pub.items[2]
    assert first.title == ("2023_GR_00634 - Notulen van de openbare vergadering van de gemeenteraad van "
                           "28 november 2023 - Goedkeuring")
    assert first.heading == f"1. {first.title}"
    votes = {v.item_number: v for v in pub.votes}
    assert len(pub.votes) == 25 and len([v for v in pub.votes if v.in_favour is not None]) == 21
    assert (votes["1"].in_favour, votes["1"].against, votes["1"].abstaining, votes["1"].result) == (37, 0, 0, "Goedgekeurd")
    assert (votes["8"].in_favour, votes["8"].against, votes["8"].abstaining) == (34, 0, 2)
    assert votes["8"].voters_abstaining == ("Ann Van de Steen", "Sam Van de Putte")
    assert len(votes["8"].voters_in_favour) == 34 and votes["8"].voters_against == ()
    assert (votes["16"].in_favour, votes["16"].abstaining) == (25, 11)
    assert (votes["20"].in_favour, votes["20"].against, votes["20"].voters_against) == (36, 1, ("Michel Van Brempt",))
    assert votes["20"].quote is not None and votes["20"].quote.text == "Stemmen voor 36"
    assert votes["20"].heading is not None and votes["20"].heading.startswith("20. 2018_GR_00054 - ")
    assert votes["7"].in_favour is None and votes["7"].result == "Kennis genomen"
    assert votes["HD 1"].result == "Aanvaard tot de zitting als hoogdringend agendapunt"
    start = pub.attendance[0]
    assert start.item_uri is None and len(start.present) == 40
    assert start.present[0] == Person("David Coppens", "voorzitter") and start.present[-1] == Person(
        "Wim Leerman", "algemeen directeur")
    assert [p.name for p in start.excused] == ["Cathy Grysolle", "Lander Wantens", "Rafael Moraleda-Barona",
                                               "Deniz Özkan", "Maxine Mc Kenzie"]
    assert start.chair == Person("David Coppens", "voorzitter")
    assert start.secretary == Person("Wim Leerman", "algemeen directeur")
    hd1 = pub.attendance[1]
    assert hd1.item_number == "HD 1" and hd1.absent == (Person("Martine De Maght", "raadslid"),)
    assert len(hd1.present) == 38 and len(hd1.excused) == 5


def test_agenda_pages() -> None:
    anzegem = loaded(ANZEGEM).publication
    assert anzegem is not None and anzegem.document_type == "agenda" and anzegem.meeting is not None
    assert (anzegem.meeting.date, anzegem.meeting.governing_body, anzegem.meeting.place) == (
        "2024-04-09", "Raad voor Maatschappelijk Welzijn Anzegem", "Raadzaal Gemeentepunt - Heirbaan 73 - 8570 Anzegem")
    assert [i.title for i in anzegem.items] == [
        "Notulen en zittingsverslag raadszitting van 12 maart 2024: goedkeuring.",
        "Maatschappelijke zetel OCMW: goedkeuring wijziging.",
        "Personeelsformatie: goedkeuring aanpassing.",
        ("Rechtspositieregeling: goedkeuring aanpassingen aan bijlage 1 (bijzondere selectievoorwaarden) en 3 "
        "(selectiecommissie -examenprogramma)"),
        "Vragen en mededelingen.",
    ]
    assert all(i.number is None for i in anzegem.items)  # the page prints no numbers
    machelen = loaded(MACHELEN).publication
    assert machelen is not None and machelen.meeting is not None
    assert (machelen.meeting.date, machelen.meeting.governing_body, machelen.meeting.place) == (
        "2024-03-19", "Gemeenteraad Machelen", "De Wulfzaal")
    assert len(machelen.items) == 8 and machelen.items[0].title == "Goedkeuring verslag gemeenteraad 20 februari 2024"


def test_boortmeerbeek_votes_with_names_from_the_hidden_linked_data() -> None:
    pub = loaded(BOORTMEERBEEK).publication
    assert pub is not None and pub.meeting is not None
    assert (pub.meeting.date, pub.meeting.governing_body) == ("2024-04-22", "Gemeenteraad Boortmeerbeek")
    assert len(pub.items) == 19
    item = pub.items[7]
    assert item.title == "Kerkfabriek Onze-Lieve-Vrouw van de Vrede Jaarrekening 2023" and item.position == 8
    assert item.quote is not None and item.quote.text == item.title  # the visible title, made its heading
    [vote] = [v for v in pub.votes if v.in_favour is not None]
    assert vote.item_uri == item.uri and vote.item_title == item.title and vote.heading == item.title
    assert (vote.in_favour, vote.against, vote.abstaining, vote.secret) == (14, 4, 1, False)
    assert set(vote.voters_against) == {"Wouter Decat", "Maria Luise Altmutter", "Vincent Geerts", "Ann Morissens"}
    assert vote.voters_abstaining == ("Hans Crol",) and len(vote.voters_in_favour) == 14
    assert vote.quote is None  # the page does not show the vote
    start = pub.attendance[0]
    assert start.item_uri is None and len(start.present) == 20
    assert start.chair == Person("Rodrigue Bijlsma") and start.secretary == Person("Johan Smits")


# ---- records point to the text they come from ----------------------------------------------------


def _quotes(pub: Publication) -> list[tuple[object, Quote]]:
    found: list[tuple[object, Quote]] = []
    records: list[object] = [pub.meeting, *pub.items, *pub.decisions, *pub.votes, *pub.attendance]
    for record in records:
        quote = getattr(record, "quote", None)
        if quote is not None:
            found.append((record, quote))
    return found


@pytest.mark.parametrize("name", [KNOKKE, AALST, ANZEGEM, MACHELEN, BOORTMEERBEEK])
def test_every_quote_is_the_page_text_in_the_section_of_its_agenda_item(name: str) -> None:
    file = loaded(name)
    pub = file.publication
    assert pub is not None
    processed = process(file)
    cleaned = processed.clean
    secs = sections(cleaned, plain=False)
    quotes = _quotes(pub)
    assert len(quotes) >= 5
    for record, quote in quotes:
        assert file.pages[0][quote.start:quote.end] == quote.text
        assert quote.text in cleaned.text
        heading = getattr(record, "heading", None)
        if not isinstance(record, (AgendaItem, Vote)) or heading is None:
            continue
        at = _clean_offset(file.pages[0], cleaned.text, quote)
        if quote.text == heading:  # the item's own heading: a top-level heading of the outline
            assert cleaned.outline is not None and cleaned.outline.get(at) == 1, (record, quote)
            continue
        label = outline_heading(heading, 1)
        [section] = [s for s in secs if s.heading_start <= at < s.end]
        assert section.path[0] in (label.label, label.title), (record, quote, section.path)


def _clean_offset(rendered: str, cleaned: str, quote: Quote) -> int:
    """Where a quote of the rendered page stands in the cleaned text: the same line (paragraph), since
    cleaning only removes the '#' marks of the headings."""
    line = rendered[: quote.start].count("\n\n")
    paragraphs = cleaned.split("\n\n")
    assert quote.text in paragraphs[line]
    return sum(len(p) + 2 for p in paragraphs[:line]) + paragraphs[line].index(quote.text)


def test_chunks_of_a_decision_cite_agenda_item_and_section() -> None:
    processed = process(loaded(AALST))
    by_text = {c.text: c for c in processed.chunks}
    # a one-sentence article is chunked with its heading
    article = by_text["Artikel 1\n\nDe notulen van de openbare vergadering van de gemeenteraad van 28 november 2023 "
                      "goed te keuren."]
    assert article.section == ("1. 2023_GR_00634 - Notulen van de openbare vergadering van de gemeenteraad van… "
                               "> Besluit > Artikel 1")
    assert article.page is None and all(c.page is None for c in processed.chunks)
    facts = [c for c in processed.chunks if c.text.startswith("De notulen van de openbare vergadering van de "
                                                             "gemeenteraad van 28 november 2023 werden")]
    assert facts[0].section.endswith("> Motivering > Feiten en context")
    counts = [c for c in processed.chunks if "Stemmen tegen 1" in c.text]
    assert counts and counts[0].section.startswith("20. 2018_GR_00054 - ")
    assert counts[0].section.endswith(" > Stemming op het agendapunt")
    # a 400-character item title: the path shows its first 200 characters where it is the leaf
    long_title = [c.section for c in processed.chunks if c.section.startswith("19. 2023_GR_00586 - Aquafinproject")]
    assert long_title and len(long_title[0]) == 200 and long_title[0].endswith("…")
    knokke = process(loaded(KNOKKE))
    sloop = [c for c in knokke.chunks if c.section.startswith("3 Dringende sloop schuur")]
    assert sloop and sloop[0].section == "3 Dringende sloop schuur - Natiënlaan 124"
    # the list of decisions: each item title with its decision, in one chunk
    decided = [c for c in knokke.chunks if c.section == "Dringende sloop schuur - Natiënlaan 124"]
    assert decided and decided[0].text == "Dringende sloop schuur - Natiënlaan 124\n\nAkkoord"


def test_document_info_of_a_publication_page() -> None:
    info = process(loaded(AALST)).info
    assert (info.format, info.kind, info.title, info.date) == ("html", "minutes", "Notulen gemeenteraad", "2023-12-19")
    publication = loaded(AALST).publication.to_json()
    assert json.loads(json.dumps(publication)) == publication  # plain JSON
    assert publication["meeting"]["date"] == "2023-12-19" and len(publication["items"]) == 25
    vote = next(v for v in publication["votes"] if v["item_number"] == "8")
    assert vote["voters_abstaining"] == ["Ann Van de Steen", "Sam Van de Putte"]
    # the linked data become the document's typed facts, each citing the page's own text
    facts = info.facts
    assert facts.minutes.meeting_date.date == "2023-12-19" and len(facts.items) == 25
    item = next(i for i in facts.items if i.number == "8")
    assert item.votes[0].names_abstaining == ["Ann Van de Steen", "Sam Van de Putte"]
    assert item.votes[0].quote.section.startswith("8. ")
    assert dataclasses.is_dataclass(loaded(AALST).publication)
    with pytest.raises(dataclasses.FrozenInstanceError):
        loaded(AALST).publication.items[0].title = "x"  # type: ignore[misc, union-attr]
    assert process(loaded(ANZEGEM)).info.date == "2024-04-09"


def test_pages_parse_fast_enough(tmp_path: Path) -> None:
    """The largest test page (1.7 MB, 25 items with every member's name several times) in well under
    the time its chunks take to embed."""
    import time

    data = (HTML / AALST).read_bytes()
    start = time.perf_counter()
    read_html(data)
    assert time.perf_counter() - start < 10
