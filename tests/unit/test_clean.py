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


def _paragraphs(page: str, fmt: str) -> list[str]:
    """The paragraphs of one page of text once cleaned."""
    return clean(_loaded([page], fmt)).text.split("\n\n")


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
    paragraphs = _paragraphs(PRINTED_ITEM, fmt)
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


def test_rows_of_a_decision_list_laid_out_as_a_table() -> None:
    """A Flemish college decision list printed as a table (numbered items, a wrapped title, the decision
    in the last column) and a Dutch list of motions under their registration numbers: every row is a
    paragraph of its own, a wrapped title stays with its row, running text is untouched."""
    flemish = ("Besluitenlijst college van burgemeester en schepenen\n"
               "Nr.   Onderwerp                                                                   Beslissing\n"
               "1.    Goedkeuring van het verslag van de vorige zitting                            Goedgekeurd\n"
               "2.    Aanstelling van een jobstudent voor de uitleendienst tijdens de zomer-        Goedgekeurd\n"
               "      maanden van 2024\n"
               "3.    Omgevingsvergunning voor het bouwen van een loods, Kerkstraat 12              Verdaagd\n"
               "4.1   Subsidie aan de jeugdraad voor het speelpleinwerk                             Akkoord\n\n"
               "Het college neemt kennis van de vraag van de jeugdraad en zal die later\n"
               "behandelen op een volgende zitting.\n")
    paragraphs = _paragraphs(flemish, "txt")
    assert any(p.startswith("2. Aanstelling") and p.endswith("maanden van 2024") for p in paragraphs)
    assert "3. Omgevingsvergunning voor het bouwen van een loods, Kerkstraat 12 Verdaagd" in paragraphs
    assert "4.1 Subsidie aan de jeugdraad voor het speelpleinwerk Akkoord" in paragraphs
    assert paragraphs[-1].startswith("Het college neemt kennis")
    motions = ("K Voorstel van het college inzake het experiment met een nieuw stembiljet\n"
               "321618 Motie K.1 Opkomst verhogen door een campagne in de wijken Verworpen\n"
               "321621 Motie K.2 Opkomst verhogen door extra budget voor lokale omroepen Aangenomen\n"
               "321630 Aangehouden Motie K.3 Een zomerse start van de campagne\n"
               "L Voorstel van het college inzake de Strandvisie\n")
    paragraphs = _paragraphs(motions, "pdf")
    assert "321618 Motie K.1 Opkomst verhogen door een campagne in de wijken Verworpen" in paragraphs
    assert "321630 Aangehouden Motie K.3 Een zomerse start van de campagne L Voorstel van het college inzake de Strandvisie" in paragraphs
    prose = ("De raad stelt vast dat het voorstel van het college, na de bespreking in de commissie op\n"
             "12 maart 2024 Het voorstel tot vaststelling van de begroting is met twintig stemmen aangenomen\n"
             "2024 werd ook het reglement verworpen\n")
    assert len(_paragraphs(prose, "txt")) == 1


def test_a_rows_outcome_under_its_title_joins_the_row_and_is_no_heading() -> None:
    """A Flemish council decision list whose outcome cell wrapped to the line under the item's title
    ("Kennis genomen   -", the next cell empty): the outcome belongs to that row, and the line is not
    read as a heading that would swallow the rows after it."""
    from ingest.structure import looks_like_plain_heading

    text = ("Besluitenlijst gemeenteraad\n"
            "5.    Jaarverslag 2023 van de intercommunale voor afvalbeheer\n"
            "      Kennis genomen                                                              -\n"
            "6.    Retributiereglement op het gebruik van de sporthal                       Goedgekeurd\n")
    paragraphs = _paragraphs(text, "txt")
    assert "5. Jaarverslag 2023 van de intercommunale voor afvalbeheer Kennis genomen -" in paragraphs
    assert "6. Retributiereglement op het gebruik van de sporthal Goedgekeurd" in paragraphs
    assert not looks_like_plain_heading("Kennis genomen -")
    assert looks_like_plain_heading("Kennis genomen")  # a status line alone still labels its item
