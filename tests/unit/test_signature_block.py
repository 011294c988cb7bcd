"""The signature block that ends a document is a section of its own ("Ondertekening"), so that a
signature is cited under it and not under the last article (issue: a signature quote was shown under
"Artikel 4. Kosten")."""

from __future__ import annotations

from pathlib import Path

from ingest.chunk import chunk_document, sections
from ingest.clean import clean
from ingest.facts import extract_facts
from ingest.load import load_file
from ingest.records import CleanText
from tests.conftest import CORPUS, DATA, SCHELDELAND

CHAT = DATA / "chat" / "lokeren-zele-uitleendienst-2023.txt"


def _read(path: Path) -> tuple[CleanText, list]:
    loaded = load_file(path, 10**8)
    text = clean(loaded)
    return text, sections(text, plain=True, kind="agreement")


def _text_sections(tmp_path: Path, body: str) -> tuple[CleanText, list]:
    path = tmp_path / "doc.txt"
    path.write_text(body, encoding="utf-8")
    return _read(path)


def test_signatures_after_the_last_article_get_their_own_section() -> None:
    text, secs = _read(CHAT)
    paths = [s.path_str for s in secs]
    assert paths[-1] == "Samenwerkingsovereenkomst > Ondertekening"
    costs = next(s for s in secs if s.title.startswith("Artikel 4"))
    assert "Voor de gemeente" not in text.text[costs.start : costs.end]
    assert "elk voor de helft" in text.text[costs.start : costs.end]
    block = text.text[secs[-1].start : secs[-1].end]
    assert block.startswith("Opgemaakt te Lokeren op 15 december 2023")
    assert block.rstrip().endswith("Bart Claes, algemeen directeur")


def test_signatory_quotes_and_chunks_cite_the_signature_section() -> None:
    text, secs = _read(CHAT)
    facts = extract_facts(text, secs, "agreement", None)
    zele = next(p for p in facts.parties if "Zele" in p.name)
    signing = [r for r in zele.representatives if r.where == "signature"]
    assert signing and all(r.quote.section == "Samenwerkingsovereenkomst > Ondertekening" for r in signing)
    chunks = chunk_document(text, CHAT.name, "v", "t", plain=True, kind="agreement")
    signature_chunks = [c for c in chunks if "Voor de gemeente Zele" in c.text]
    assert [c.section for c in signature_chunks] == ["Samenwerkingsovereenkomst > Ondertekening"]


def test_example_signatures_followed_by_an_annex_line() -> None:
    text, secs = _read(CORPUS / SCHELDELAND)
    block = next(s for s in secs if s.title == "Ondertekening")
    assert text.text[block.start :].startswith("Voor lokaal bestuur Berlare:")
    assert "Addenda" not in text.text[block.start : block.end]  # the annex keeps its own place


def test_delegations_of_a_body_at_the_end_are_not_signatures(tmp_path: Path) -> None:
    _, secs = _text_sections(tmp_path, (
        "Samenwerkingsovereenkomst tussen de gemeente Aadorp en VDAB\n\n"
        "Artikel 1. Duur\n\nDeze overeenkomst loopt tot 31 december 2026.\n\n"
        "Stuurgroep\n\nDe stuurgroep komt twee keer per jaar samen.\n\n"
        "Voor VDAB: de clustermanager en de teamleider\n\n"
        "Voor de gemeente Aadorp: de schepen van werk en het diensthoofd\n"))
    assert all(s.title != "Ondertekening" for s in secs)


def test_a_closing_sentence_is_not_a_signature_block(tmp_path: Path) -> None:
    _, secs = _text_sections(tmp_path, (
        "Samenwerkingsovereenkomst tussen de gemeente Aadorp en VDAB\n\n"
        "Artikel 1. Duur\n\nDeze overeenkomst loopt tot 31 december 2026.\n\n"
        "Voor meer informatie, neem contact op met de dienst werk.\n"))
    assert all(s.title != "Ondertekening" for s in secs)
    _, secs = _text_sections(tmp_path, (
        "Verdrag tussen de gemeente Aadorp en de gemeente Beedorp\n\n"
        "Artikel 1. Duur\n\nDit verdrag loopt tot 31 december 2026.\n\n"
        "Artikel 2\n\nVoor zover het de gemeente Aadorp betreft, geldt dit verdrag voor het hele grondgebied.\n\n"
        "Voor de gemeente Beedorp, geldt het alleen voor het centrum.\n"))
    assert all(s.title != "Ondertekening" for s in secs)


def test_a_closing_line_naming_both_parties(tmp_path: Path) -> None:
    text, secs = _text_sections(tmp_path, (
        "Verdrag tussen de gemeente Aadorp en de gemeente Beedorp\n\n"
        "Artikel 1. Duur\n\nDit verdrag loopt tot 31 december 2026.\n\n"
        "GEDAAN in tweevoud te Aadorp op 3 mei 2024. Voor de gemeente Aadorp, J. JANSSENS "
        "Voor de gemeente Beedorp, P. PEETERS\n"))
    assert secs[-1].title == "Ondertekening"
    assert text.text[secs[-1].start :].startswith("GEDAAN in tweevoud")
