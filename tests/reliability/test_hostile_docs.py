"""Hostile documents (fake embedder): markup and scripts stay literal text; extremely long lines, deeply
nested and huge PDFs and zip bombs are ingested or refused with a reason, in bounded time and memory."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.app import open_store
from assistant.cli import main
from assistant.config import Settings
from ingest.chunk import MAX_CHUNK_CHARS
from ingest.load import MAX_DOCX_UNCOMPRESSED, MAX_PDF_PAGES, load_file
from ingest.pipeline import ingest_lock, ingest_paths, process
from ingest.records import IngestError, LoadedFile
from tests.conftest import CORPUS, MECHELEN, ROOT, SCHELDELAND, HashEmbeddings
from tests.reliability.helpers import clean_env

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
BOLD = '<b onmouseover="alert(2)">het stadhuis</b> & de "raadzaal"'
MARKUP_DOC = f"""# Samenwerkingsovereenkomst Testgem {SCRIPT}

## Deel IV. Duur

Deze overeenkomst loopt tot 31 december 2030 {SCRIPT} en wordt daarna verlengd {IMG}.

## Deel V. Stuurgroep

De stuurgroep komt vier keer per jaar samen in {BOLD}.
"""


def _ingest(store_dir: Path, *paths: Path):
    settings = Settings(store=store_dir)
    store = open_store(settings, HashEmbeddings())
    return store, ingest_paths(list(paths), store, ingest_lock(store_dir), settings.max_file_bytes)


# -- markup and scripts ----------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_markup_and_scripts_are_plain_text(suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = tmp_path / f"testgem{suffix}"
    doc.write_text(MARKUP_DOC, encoding="utf-8")
    store_dir = tmp_path / "store"
    store, report = _ingest(store_dir, doc)
    assert report.ingested == [doc.name]
    stored = " ".join(c.text for c in store.all_chunks())
    for markup in (SCRIPT, IMG, BOLD):
        assert markup in stored  # stored as written: nothing executed, nothing stripped

    monkeypatch.setattr("assistant.app.load_embeddings", lambda *args, **kwargs: HashEmbeddings())
    cases = [("Tot wanneer loopt de overeenkomst?", "31 december 2030", [SCRIPT, IMG]),
             ("Hoe vaak komt de stuurgroep samen?", "vier keer per jaar", [BOLD])]
    for question, fact, markup in cases:
        result = CliRunner().invoke(main, ["ask", question, "--store", str(store_dir), "--json"])
        assert result.exit_code == 0, result.output
        answer = json.loads(result.stdout)
        # the output is exactly one JSON document: the markup only occurs inside its strings
        assert result.stdout.strip() == json.dumps(answer, ensure_ascii=False, indent=2)
        assert answer["found"] and fact in answer["answer"]
        quotes = " ".join(c["quote"] for c in answer["citations"])
        for m in markup:
            assert m in quotes
            assert json.dumps(m, ensure_ascii=False)[1:-1] in result.stdout  # escaped as a JSON string
        plain = CliRunner().invoke(main, ["ask", question, "--store", str(store_dir)])
        assert plain.exit_code == 0 and all(m in plain.stdout for m in markup)  # printed as literal text


# -- extremely long lines --------------------------------------------------------------------------


def _sentences() -> str:
    text = (CORPUS / SCHELDELAND).read_text(encoding="utf-8") + (CORPUS / MECHELEN).read_text(encoding="utf-8")
    return " ".join(text.split())


# a line of 1 MB of each: the patterns that made cleaning or chunking quadratic (hours for 1 MB)
HOSTILE_LINES = {
    "one word": ("md", "a" * 1_000_000),
    "unclosed links": ("md", "[a" * 500_000),
    "unclosed autolinks": ("md", "<http:" * 170_000),
    "heading of hashes": ("md", "# " + "#" * 1_000_000 + "a"),
    "inner spaces": ("md", "a" + " " * 1_000_000 + "b"),
    "thousands of headings": ("txt", "Actie 1.1\nTekst van de actie.\n\n" * 30_000),
    "real text without line breaks": ("txt", None),
}


def _process_case(name: str) -> None:
    """Run in a subprocess (a quadratic regression must fail the test, not hang it)."""
    fmt, text = HOSTILE_LINES[name]
    if text is None:
        source = _sentences()
        text = (source + " ") * (1_000_000 // len(source) + 1)
    loaded = LoadedFile(name=f"x.{fmt}", path="x", format=fmt, sha256="0" * 64, pages=(text,))
    started = time.monotonic()
    try:
        doc = process(loaded)
    except IngestError as exc:
        print(json.dumps({"seconds": time.monotonic() - started, "refused": str(exc)}))
        return
    seconds = time.monotonic() - started
    assert all(doc.clean.text[c.start : c.end] == c.text for c in doc.chunks)
    assert all(len(c.text) <= MAX_CHUNK_CHARS for c in doc.chunks)
    print(json.dumps({"seconds": seconds, "chunks": len(doc.chunks)}))


@pytest.mark.parametrize("name", list(HOSTILE_LINES))
def test_hostile_long_lines_are_processed_in_bounded_time(name: str) -> None:
    code = f"from tests.reliability.test_hostile_docs import _process_case; _process_case({name!r})"
    try:
        proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean_env(), capture_output=True,
                              timeout=60, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{name}: 1 MB took more than 60 s")
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    result = json.loads(proc.stdout.decode().strip().splitlines()[-1])
    assert result["seconds"] < 30, result


@pytest.mark.integration
def test_five_megabyte_single_line_is_ingested_in_bounded_time(tmp_path: Path) -> None:
    source = _sentences()
    line = (source + " ") * (5_000_000 // len(source) + 1)
    doc = tmp_path / "een-regel.txt"
    doc.write_text(line[:5_000_000].rstrip() + "\n", encoding="utf-8")
    assert doc.stat().st_size < Settings().max_file_bytes
    started = time.monotonic()
    store, report = _ingest(tmp_path / "store", doc)
    seconds = time.monotonic() - started
    assert report.ingested == [doc.name], report.failed
    info = store.get_document(doc.name)
    chunks = store.all_chunks()
    assert len(chunks) == info.n_chunks == store.count_chunks() > 9000
    assert all(len(c.text) <= MAX_CHUNK_CHARS for c in chunks)
    # nothing lost: the chunks hold (nearly) every character; only the spaces between them are left out
    assert sum(len(c.text) for c in chunks) >= 0.99 * len(line[:5_000_000].rstrip())
    assert seconds < 150, f"{seconds:.0f} s"
    print(f"5 MB single line: {len(chunks)} chunks in {seconds:.1f} s")


@pytest.mark.parametrize("word", ["Voor", "Tussen", "Gemeente", "IVSES"])
def test_run_of_capitalised_words_is_processed_in_bounded_time(word: str) -> None:
    # 200-280 kB of one capitalised word: the organisation-name pattern and the search for the opening
    # clauses once took minutes on this
    code = ("from ingest.records import LoadedFile; from ingest.pipeline import process; "
            f"process(LoadedFile(name='x.txt', path='x', format='txt', sha256='0'*64, pages=(({word!r} + ' ') * 40000,)))")
    try:
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean_env(), timeout=10, check=True)
    except subprocess.TimeoutExpired:
        pytest.fail(f"40,000 times '{word}' took more than 10 s")


# -- PDFs ------------------------------------------------------------------------------------------

_TEXT = b"BT /F1 12 Tf 72 700 Td (Deel I. De overeenkomst loopt tot 31 december 2025.) Tj ET\n"
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF from object bodies 1..n (1 is the catalog), with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _one_page(content: bytes, extra: bytes = b"") -> bytes:
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                  b"/Resources << /Font << /F1 5 0 R >> >> >>"), _stream(content, extra), _FONT])


def _deep_page_tree(depth: int) -> bytes:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for i in range(depth):
        parent = b"/Parent %d 0 R " % (i + 1) if i else b""
        objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 %s>>" % (i + 3, parent))
    page = depth + 2
    objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                   b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (page - 1, page + 1, page + 2))
    objects += [_stream(_TEXT), _FONT]
    return _pdf(objects)


def _flate_bomb(megabytes: int) -> bytes:
    packer = zlib.compressobj(9)
    data = [packer.compress(_TEXT)] + [packer.compress(b" " * (1 << 20)) for _ in range(megabytes)]
    return _one_page(b"".join(data) + packer.flush(), b"/Filter /FlateDecode ")


NESTED_PDFS = {
    # name: (pdf bytes, what the reason must say, or None when the text is read)
    "arrays nested 100,000 deep in the content stream": (
        lambda: _one_page(_TEXT + b"[" * 100_000 + b"]" * 100_000 + b" TJ\n"), "nested too deeply"),
    "dictionaries nested 20,000 deep": (lambda: _one_page(_TEXT + b"<<" * 20_000 + b">>" * 20_000), "corrupt"),
    "page tree 5,000 levels deep": (lambda: _deep_page_tree(5000), "limit"),
    "content stream inflating to 300 MB": (lambda: _flate_bomb(300), "limit"),
}


@pytest.mark.parametrize("name", list(NESTED_PDFS))
def test_nested_and_inflating_pdfs_are_refused_with_a_reason(name: str, tmp_path: Path) -> None:
    make, reason = NESTED_PDFS[name]
    path = tmp_path / "genest.pdf"
    path.write_bytes(make())
    started = time.monotonic()
    with pytest.raises(IngestError, match=reason):
        load_file(path, 10**8)
    assert time.monotonic() - started < 60
    # and in a batch: reported, and the next file is still ingested
    _, report = _ingest(tmp_path / "store", path, CORPUS / SCHELDELAND)
    assert report.ingested == [SCHELDELAND] and reason in report.failed[0]["reason"]


def _tiny_pages_pdf(path: Path, pages: int) -> None:
    """One short sentence per page, a different one on each page (a line on every page would be a
    running header, which cleaning removes)."""
    from reportlab.pdfgen import canvas

    words = sorted(set(_sentences().split()))
    pdf = canvas.Canvas(str(path), invariant=1, pagesize=(300, 100))
    for i in range(pages):
        pdf.drawString(10, 50, f"Pagina {i}: {' '.join(words[(i * 3 + j) % len(words)] for j in range(4))}.")
        pdf.showPage()
    pdf.save()


@pytest.mark.integration
def test_huge_pdfs_are_ingested_or_refused_in_bounded_time(tmp_path: Path) -> None:
    over = tmp_path / "te-groot.pdf"
    _tiny_pages_pdf(over, 3000)
    started = time.monotonic()
    with pytest.raises(IngestError, match=f"3000 pages, over the limit of {MAX_PDF_PAGES}"):
        load_file(over, 10**8)
    assert time.monotonic() - started < 30

    at_limit = tmp_path / "op-de-grens.pdf"
    _tiny_pages_pdf(at_limit, MAX_PDF_PAGES)
    started = time.monotonic()
    store, report = _ingest(tmp_path / "store", at_limit)
    seconds = time.monotonic() - started
    assert report.ingested == [at_limit.name], report.failed
    info = store.get_document(at_limit.name)
    assert info.n_pages == MAX_PDF_PAGES and len(store.all_chunks()) == info.n_chunks
    stored = " ".join(c.text for c in store.all_chunks())
    assert all(f"Pagina {i}:" in stored for i in range(MAX_PDF_PAGES))  # every page is in
    assert seconds < 150, f"{seconds:.0f} s"
    print(f"{MAX_PDF_PAGES} pages ingested in {seconds:.1f} s")


# -- zip bombs disguised as .docx ------------------------------------------------------------------


def _zip_bomb(path: Path, megabytes: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as member:  # streamed: never 250 MB in memory
            block = b"<w:p/>" * (1 << 18)
            for _ in range(megabytes * (1 << 20) // len(block)):
                member.write(block)


def test_zip_bomb_docx_is_refused_without_inflating(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = tmp_path / "overeenkomst.docx"
    _zip_bomb(bomb, 250)
    assert bomb.stat().st_size < 2_000_000
    assert sum(i.file_size for i in zipfile.ZipFile(bomb).infolist()) > MAX_DOCX_UNCOMPRESSED

    def no_inflating(*args, **kwargs):
        raise AssertionError("a member of the zip bomb was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_inflating)
    started = time.monotonic()
    with pytest.raises(IngestError, match="zip bomb"):
        load_file(bomb, 10**8)
    assert time.monotonic() - started < 5
    monkeypatch.undo()
    _, report = _ingest(tmp_path / "store", bomb, CORPUS / SCHELDELAND)
    assert report.ingested == [SCHELDELAND] and "zip bomb" in report.failed[0]["reason"]


def test_zip_bomb_that_lies_about_its_size_stays_bounded(tmp_path: Path) -> None:
    """The size check reads the sizes the archive declares: a bomb that declares 10 kB is read only
    up to those 10 kB (then fails its checksum), never inflated."""
    bomb = tmp_path / "liegt.docx"
    _zip_bomb(bomb, 250)
    data = bytearray(bomb.read_bytes())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    assert data[info.header_offset : info.header_offset + 4] == b"PK\x03\x04"
    data[info.header_offset + 22 : info.header_offset + 26] = (10_000).to_bytes(4, "little")
    central = data.rfind(b"PK\x01\x02")  # the central directory entries, from the last one back
    while central >= 0:
        name_len = int.from_bytes(data[central + 28 : central + 30], "little")
        if data[central + 46 : central + 46 + name_len] == b"word/document.xml":
            data[central + 24 : central + 28] = (10_000).to_bytes(4, "little")
            break
        central = data.rfind(b"PK\x01\x02", 0, central)
    assert central >= 0
    bomb.write_bytes(bytes(data))
    assert zipfile.ZipFile(bomb).getinfo("word/document.xml").file_size == 10_000

    tracemalloc.start()
    try:
        started = time.monotonic()
        with pytest.raises(IngestError, match="corrupt"):
            load_file(bomb, 10**8)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 10
    assert peak < 50 * 1024 * 1024, f"{peak / 1e6:.0f} MB"
