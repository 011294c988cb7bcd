"""Structure-aware chunking on the example documents."""

from __future__ import annotations

from pathlib import Path

from ingest.chunk import MAX_CHUNK_CHARS, chunk_document, sections
from ingest.clean import clean
from ingest.load import load_file
from ingest.structure import match_pattern
from tests.conftest import CORPUS, FORMATS, MECHELEN, SCHELDELAND


def _chunks(path: Path):
    loaded = load_file(path, 10**8)
    text = clean(loaded)
    plain = loaded.format in ("pdf", "txt")
    return text, sections(text, plain), chunk_document(text, loaded.name, "v1", "t", plain)


def test_section_path_of_mobiliteit() -> None:
    _, secs, _ = _chunks(CORPUS / MECHELEN)
    paths = [s.path_str for s in secs]
    mobility = [p for p in paths if p.endswith("2.1.4 Mobiliteit")]
    assert len(mobility) == 1
    assert "Deel III > " in mobility[0] and "Actiedomein 2 > Actie 2.1 > 2.1.4 Mobiliteit" in mobility[0]


def test_heading_patterns() -> None:
    assert match_pattern("Deel IV. Duur").label == "Deel IV"
    assert match_pattern("Actie 2.1 - Werken aan reële drempels").label == "Actie 2.1"
    assert match_pattern("24. TEWERKSTELLING. Goedkeuring samenwerkingsovereenkomst").label == "24. TEWERKSTELLING"
    assert match_pattern("Artikel 1").label == "Artikel 1"
    assert match_pattern("2.1.4 Mobiliteit").title == "2.1.4 Mobiliteit"
    assert match_pattern("Voorgeschiedenis").rank == 2
    assert match_pattern("De stuurgroep komt samen.") is None


def test_minutes_sections() -> None:
    _, secs, _ = _chunks(CORPUS / MECHELEN)
    paths = [s.path_str for s in secs]
    assert "24. TEWERKSTELLING > Motivering > Voorgeschiedenis" in paths
    assert "24. TEWERKSTELLING > Besluit > Artikel 1" in paths
    assert any(p.endswith("Stuurgroep Activering") for p in paths)


def test_chunks_are_exact_slices_within_budget() -> None:
    for path in (CORPUS / MECHELEN, CORPUS / SCHELDELAND, FORMATS / "mechelen-gemeenteraad-2021-03-01.pdf"):
        text, _, chunks = _chunks(path)
        assert chunks
        for c in chunks:
            assert text.text[c.start : c.end] == c.text
            assert len(c.text) <= MAX_CHUNK_CHARS
            assert len(c.embed_text) <= 600
        ids = [c.id for c in chunks]
        assert len(set(ids)) == len(ids)


def test_sentences_not_split_where_avoidable() -> None:
    for name in (SCHELDELAND, MECHELEN):
        text, _, chunks = _chunks(CORPUS / name)
        for c in chunks:
            # a chunk ends at a sentence end or a paragraph end, unless one sentence is over budget
            assert (c.text.rstrip()[-1] in ".;:!?" or text.text[c.end : c.end + 1] in ("", "\n")
                    or len(c.text) > 0.8 * MAX_CHUNK_CHARS), c.text[-60:]
    _, _, chunks = _chunks(CORPUS / SCHELDELAND)
    duur = [c for c in chunks if c.section.endswith("Deel IV. Duur")]
    assert any("Deze overeenkomst gaat in op 1 oktober 2021." in c.text for c in duur)


def test_pdf_pages_recorded() -> None:
    _, _, chunks = _chunks(FORMATS / "mechelen-gemeenteraad-2021-03-01.pdf")
    pages = [c.page for c in chunks]
    assert pages[0] == 1 and max(pages) >= 10 and pages == sorted(pages)


def test_sentences_end_after_words_that_end_like_an_abbreviation() -> None:
    """ "op." ends like "p." and "start." like "art.": only a whole word is an abbreviation."""
    from ingest.chunk import sentence_spans
    from ingest.facts.text import sentences

    text = ("Een stuurgroep volgt de samenwerking op. De stuurgroep komt samen. Zie art. 5 en bv. dit. "
            "De samenwerking gaat van start. Het einde (o.a. hier). Zo is het.")
    expected = ["Een stuurgroep volgt de samenwerking op.", "De stuurgroep komt samen.", "Zie art. 5 en bv. dit.",
                "De samenwerking gaat van start.", "Het einde (o.a. hier).", "Zo is het."]
    assert [text[s:e] for s, e in sentences(text, 0, len(text))] == expected
    assert [text[s:e] for s, e in sentence_spans(text, 0, len(text))] == expected


def test_paragraph_signs_inside_an_article_are_its_text_not_headings(tmp_path: Path) -> None:
    """Belgian statutes number an article's paragraphs "§ 1. De raad ... ." (sentences): they are the
    article's text. "§ 2. Samenstelling" (no sentence) still heads a part."""
    text = ("STATUTEN VAN DE VERENIGING\n\nArtikel 8. Raad van bestuur\n"
            "§ 1. De raad van bestuur bestaat uit twaalf leden.\n§ 2. De raad van bestuur kiest een voorzitter.\n\n"
            "§ 3. Werking\n\nArtikel 9. Vergaderingen\nDe raad vergadert zes keer per jaar.\n")
    path = tmp_path / "statuten.txt"
    path.write_text(text, encoding="utf-8")
    chunks = chunk_document(clean(load_file(path, 10**8)), "statuten.txt", "h", "Statuten", plain=True)
    body = " ".join(c.text for c in chunks)
    assert "bestaat uit twaalf leden" in body and "kiest een voorzitter" in body
    assert not any("§ 1" in c.section or "§ 2" in c.section for c in chunks)
    assert any(c.section.endswith("§ 3 > Artikel 9. Vergaderingen") for c in chunks)


def test_article_label_and_its_text_on_one_line(tmp_path: Path) -> None:
    """ "Art. 4. De huurprijs bedraagt ..." (a Flemish regulation, every article one line): the label
    heads a section and the text is its body; before, every line was taken whole for a heading and
    the document had no text at all."""
    lines = ["Art. 1. Dit reglement regelt het gebruik van de zaal door de verenigingen.",
             "Art. 2. De zaal is open van maandag tot en met zaterdag.",
             "Art. 3. De huurprijs bedraagt tien euro per uur voor een erkende vereniging."]
    path = tmp_path / "reglement.txt"
    path.write_text("REGLEMENT OP HET GEBRUIK VAN DE ZAAL\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    chunks = chunk_document(clean(load_file(path, 10**8)), "reglement.txt", "h", "Reglement", plain=True)
    assert [c.section.rsplit(" > ", 1)[-1] for c in chunks] == ["Artikel 1", "Artikel 2", "Artikel 3"]
    assert "tien euro per uur" in chunks[2].text
    assert match_pattern("Artikel 2. Zetel").title == "Artikel 2. Zetel"  # a title, not text
