"""Fuzzing with hypothesis (fake embedder, fast): whatever bytes, text or HTML come in, the loader and the
pipeline either succeed or raise IngestError; cleaning and chunking never raise and every chunk is an
exact, in-bounds slice of the cleaned text; nothing of a plain-text document is lost on the way."""

from __future__ import annotations

import io
import itertools
import json
import re
import tempfile
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from evals.dataset import DatasetError, load_dataset
from ingest.chunk import MAX_CHUNK_CHARS, chunk_document, paragraphs, sections
from ingest.clean import clean
from ingest.load import load_file
from ingest.pipeline import process
from ingest.records import IngestError, LoadedFile
from ingest.structure import classify

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW_FORMAT = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MAX_BYTES = 10**7

_WORK = Path(tempfile.mkdtemp(prefix="akkoord-fuzz-"))

# text that looks like the documents: headings, numbering, hyphenation, Markdown, page numbers
_FRAGMENTS = [
    "Deel I. Algemeen", "Deel IV. Duur", "Actiedomein 2", "Actie 2.1 - Mobiliteit", "2.1.4 Mobiliteit",
    "Artikel 1", "Art. 3", "24. TEWERKSTELLING. Goedkeuring", "Besluit", "Motivering", "Stuurgroep",
    "Samenwerkingsovereenkomst", "Tussen", "vertegenwoordigd door", "Voor de stad Mechelen:",
    "31 december 2025", "1 januari 2021", "Oost-", "Vlaanderen", "alge-", "meen", "wijk-werken",
    "tewerkstellings- en activeringsbeleid", "Pagina 1 van 3", "- 2 -", "# Titel", "## Deel II",
    "**Vet**", "*schuin*", "[link](http://x)", "<https://vdab.be>", "---", "1. punt", "- item", "• item",
    "bv. o.a. nr. art.", "e.a.", "IVSES", "(VDAB)", "Lokaal bestuur Zele", "x" * 600, "woord " * 120,
    "\u00ad", "\u200b", "\ufeff", "\u00a0", "  ", "\t", "\f", "\r\n", "\n", "\n\n", "\n\n\n", "\\",
]
doc_text = st.lists(
    st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=40)), max_size=40
).map("".join)
# markup of publication pages: blocks, headings, lists, tables, hiding, RDFa of agenda items and votes
_HTML_FRAGMENTS = [
    "<div>", "</div>", "<p>", "</p>", "<h1>", "</h1>", "<h3>", "</h3>", "<h5>", "<ul><li>", "</li>", "<li>",
    "<table><tr><td>", "</td><td>", "</td></tr>", "<br>", "<b>", "</b>", "<a href='#x'>", "</a>",
    "<span style='display:none'>", "<div hidden>", "<p aria-hidden='true'>", "</span>", "<nav>", "<header>",
    "<details>", "<summary>", "<pre>", "\n", "<!--", "-->", "<script>", "</script>", "<style>.x{display:none}",
    "</style>", "<form>", "<input value='x'>", "&amp;", "&#233;", "&#", "<", ">", "<?xml version='1.0'?>",
    "<div prefix='besluit: http://data.vlaanderen.be/ns/besluit#' typeof='besluit:Zitting' resource='#z'>",
    "<div property='besluit:behandelt' typeof='besluit:Agendapunt' resource='#p'>",
    "<div typeof='besluit:BehandelingVanAgendapunt' resource='#b'>", "<span property='dct:subject' resource='#p'>",
    "<span property='dct:title'>", "<span property='eli:title' datatype='xsd:string'>",
    "<div property='besluit:heeftStemming' typeof='besluit:Stemming'>",
    "<span property='besluit:aantalVoorstanders' content='3'>",
    "<span property='besluit:heeftTegenstander' typeof='mandaat:Mandataris'>", "resource=''",
    "<span property='besluit:geplandeStart' content='2024-01-01T20:00:00Z'>", "12.", "HD 1.", "Verontschuldigd",
]
html_text = st.lists(
    st.one_of(st.sampled_from(_HTML_FRAGMENTS + _FRAGMENTS), st.text(max_size=20)), max_size=60
).map(lambda parts: "<html><body>" + "".join(parts))


def _write(suffix: str, data: bytes) -> Path:
    path = _WORK / f"fuzz{suffix}"
    path.write_bytes(data)
    return path


def _load_and_process(path: Path) -> None:
    """The contract: a LoadedFile and a ProcessedDocument, or an IngestError; nothing else."""
    try:
        loaded = load_file(path, MAX_BYTES)
    except IngestError as exc:
        assert str(exc)  # a reason the user can read
        return
    assert loaded.pages and any(p.strip() for p in loaded.pages)
    try:
        doc = process(loaded)
    except IngestError:
        return
    _check_chunks(doc.clean, doc.chunks)


def _check_chunks(text, chunks) -> None:
    ids = set()
    for c in chunks:
        assert 0 <= c.start < c.end <= len(text.text), (c.start, c.end, len(text.text))
        assert text.text[c.start : c.end] == c.text
        assert len(c.text) <= MAX_CHUNK_CHARS
        assert c.id not in ids
        ids.add(c.id)
        if text.page_starts:
            assert c.page is not None and 1 <= c.page <= len(text.page_starts)
        else:
            assert c.page is None


# -- sample files to mutate ------------------------------------------------------------------------


def _small_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, invariant=1)
    for page in range(2):
        pdf.drawString(72, 750, "Samenwerkingsovereenkomst")
        pdf.drawString(72, 720, f"Deel {page + 1}. De overeenkomst loopt tot 31 december 2025.")
        pdf.drawString(72, 40, f"Pagina {page + 1} van 2")
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _docx_with(document_xml: bytes) -> bytes:
    """A minimal .docx whose word/document.xml is `document_xml`."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                   "</Types>")
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                   "</Relationships>")
        z.writestr("word/document.xml", document_xml)
    return buf.getvalue()


def _document_xml(paragraph_texts: list[str]) -> bytes:
    from xml.sax.saxutils import escape

    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(t)}</w:t></w:r></w:p>" for t in paragraph_texts)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>").encode()


PDF = _small_pdf()
PUBLICATION = (Path(__file__).resolve().parents[1] / "data" / "html" / "machelen-agenda-gemeenteraad-2024-03-19.html").read_bytes()
DOCX_XML = _document_xml(["Deel I. Algemeen", "De overeenkomst loopt tot 31 december 2025."])


def _mutate(data: bytes, edits: list[tuple[int, int, bytes]], cut: int | None) -> bytes:
    buf = bytearray(data)
    for pos, length, repl in edits:
        pos %= max(1, len(buf))
        buf[pos : pos + length] = repl
    if cut is not None:
        del buf[cut % max(1, len(buf)) :]
    return bytes(buf)


edits = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 16), st.binary(max_size=16)), max_size=6)
cuts = st.none() | st.integers(0, 10**6)


# -- loader and pipeline ---------------------------------------------------------------------------


@FAST
@given(data=st.binary(max_size=2048), suffix=st.sampled_from([".txt", ".md", ".pdf", ".docx", ".html"]))
@example(data=b"%PDF-1.7\n" + b"[" * 5000, suffix=".pdf")
@example(data=b"PK\x03\x04" + b"\x00" * 100, suffix=".docx")
@example(data=b"\xff\xfe" + "tekst".encode("utf-16-le"), suffix=".txt")
def test_arbitrary_bytes_load_or_ingest_error(data: bytes, suffix: str) -> None:
    _load_and_process(_write(suffix, data))


@FAST
@given(text=doc_text, suffix=st.sampled_from([".txt", ".md"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "utf-16-le", "utf-16-be"]))
def test_arbitrary_text_files(text: str, suffix: str, encoding: str) -> None:
    _load_and_process(_write(suffix, text.encode(encoding, errors="replace")))


@FAST
@given(text=html_text, encoding=st.sampled_from(["utf-8", "cp1252"]))
@example(text="<html><body>" + "<div>" * 300 + "diep", encoding="utf-8")
@example(text="<html><body><h2>12.</h2><p>12.</p><h3>x</h3>", encoding="utf-8")
@example(text="<html><body><div property='besluit:behandelt' typeof='besluit:Agendapunt' resource='#p'>\xad",
         encoding="utf-8")  # a soft hyphen is no text: the item element showed nothing
def test_arbitrary_html(text: str, encoding: str) -> None:
    _load_and_process(_write(".html", text.encode(encoding, errors="replace")))


@SLOW_FORMAT
@given(edits=edits, cut=cuts)
def test_mutated_publication_page(edits, cut) -> None:
    _load_and_process(_write(".html", _mutate(PUBLICATION, edits, cut)))


@SLOW_FORMAT
@given(edits=edits, cut=cuts)
def test_mutated_pdf(edits, cut) -> None:
    _load_and_process(_write(".pdf", _mutate(PDF, edits, cut)))


@SLOW_FORMAT
@given(edits=edits, cut=cuts)
def test_mutated_docx_zip(edits, cut) -> None:
    _load_and_process(_write(".docx", _mutate(_docx_with(DOCX_XML), edits, cut)))


@SLOW_FORMAT
@given(xml_edits=edits, texts=st.lists(doc_text, max_size=5))
@example(xml_edits=[], texts=[])
@example(xml_edits=[(0, 10**6, b"<a>" * 3000)], texts=["x"])
def test_fuzzed_docx_xml(xml_edits, texts) -> None:
    xml = _mutate(_document_xml(texts), xml_edits, None) if xml_edits else _document_xml(texts)
    _load_and_process(_write(".docx", _docx_with(xml)))


# -- clean and chunk -------------------------------------------------------------------------------


@FAST
@given(pages=st.lists(doc_text, min_size=1, max_size=3), fmt=st.sampled_from(["txt", "md", "pdf", "html"]))
def test_clean_and_chunk_never_raise_and_slice_exactly(pages: list[str], fmt: str) -> None:
    if fmt != "pdf":
        pages = pages[:1]
    loaded = LoadedFile(name=f"x.{fmt}", path="x", format=fmt, sha256="0" * 64, pages=tuple(pages))
    text = clean(loaded)
    plain = fmt in ("pdf", "txt")
    assert all(0 <= s <= len(text.text) for s in text.page_starts)
    assert list(text.page_starts) == sorted(text.page_starts)
    assert len(text.page_starts) == (len(pages) if fmt == "pdf" else 0)
    chunks = chunk_document(text, loaded.name, "v1", "titel", plain)
    _check_chunks(text, chunks)
    # nothing is lost: every visible character is in a chunk or in a heading
    covered = bytearray(len(text.text))
    for c in chunks:
        covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    for start, end in paragraphs(text.text):
        if text.outline is not None:
            heading = start in text.outline
        else:
            heading = classify(text.text[start:end], marked=start in text.heading_offsets, plain=plain) is not None
        if heading:
            covered[start:end] = b"\x01" * (end - start)
    lost = [ch for ch, cov in zip(text.text, covered) if not cov and not ch.isspace()]
    assert not lost, "".join(lost)[:80]


_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]|\s")


@FAST
@given(text=doc_text)
def test_plain_text_keeps_every_character(text: str) -> None:
    """For a .txt file cleaning only drops whitespace, invisible characters and hyphens of repaired
    line-end hyphenation: every other character survives, in order."""
    loaded = LoadedFile(name="x.txt", path="x", format="txt", sha256="0" * 64, pages=(text,))
    cleaned = clean(loaded).text

    def visible(s: str) -> str:
        return _INVISIBLE.sub("", s).replace("-", "")

    assert visible(cleaned) == visible(unicodedata.normalize("NFC", text))


@FAST
@given(text=doc_text)
def test_sections_cover_text_in_order(text: str) -> None:
    loaded = LoadedFile(name="x.txt", path="x", format="txt", sha256="0" * 64, pages=(text,))
    cleaned = clean(loaded)
    secs = sections(cleaned, plain=True)
    for a, b in itertools.pairwise(secs):
        assert a.end <= b.heading_start <= b.start <= b.end
    for s in secs:
        assert 0 <= s.heading_start <= s.start <= s.end <= len(cleaned.text)


# -- eval dataset parser -----------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
case_like = st.fixed_dictionaries(
    {},
    optional={"id": json_values | st.text(max_size=5), "question": json_values | st.text(max_size=20),
              "answer_facts": json_values | st.lists(st.text(max_size=10) | st.lists(st.text(max_size=5))),
              "kind": json_values | st.text(max_size=5), "doc": json_values | st.text(max_size=10)},
)
dataset_line = st.one_of(
    st.text(max_size=60),
    json_values.map(json.dumps),
    case_like.map(json.dumps),
    case_like.map(lambda d: json.dumps(d)[:-1]),  # truncated JSON
)


@FAST
@given(lines=st.lists(dataset_line, max_size=6), bom=st.booleans(), raw=st.binary(max_size=40))
def test_dataset_parser_raises_only_dataset_error(lines: list[str], bom: bool, raw: bytes) -> None:
    path = _WORK / "fuzz.jsonl"
    data = ("\ufeff" if bom else "") + "\n".join(lines)
    path.write_bytes(data.encode("utf-8", errors="surrogatepass") + (raw if raw.startswith(b"\n") else b""))
    try:
        cases = load_dataset(path)
    except DatasetError as exc:
        assert str(exc).startswith(path.name)
        return
    ids = [c.id for c in cases]
    assert len(ids) == len(set(ids))
    for c in cases:
        assert c.id.strip() and c.question.strip() and c.kind.strip()
        for fact in c.answer_facts:
            assert isinstance(fact, str) or (isinstance(fact, tuple) and fact and all(isinstance(a, str) for a in fact))


def test_dataset_deeply_nested_json_is_a_dataset_error() -> None:
    path = _WORK / "deep.jsonl"
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(DatasetError):
        load_dataset(path)


def test_dataset_huge_integer_is_a_dataset_error() -> None:
    path = _WORK / "digits.jsonl"
    path.write_text('{"id": ' + "1" * 5000 + "}\n", encoding="utf-8")
    with pytest.raises(DatasetError):
        load_dataset(path)
