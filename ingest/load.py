"""Read PDF, Word, text, Markdown and HTML files into raw text, with a clear error for anything unreadable."""

from __future__ import annotations

import hashlib
import logging
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ingest.records import IngestError, LoadedFile

logger = logging.getLogger(__name__)

SUPPORTED_EXTENSIONS = {
    ".pdf": "pdf", ".docx": "docx", ".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
}

# A .docx is a zip; refuse archives that would inflate beyond this (zip bombs).
MAX_DOCX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_PDF_PAGES = 2000


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand files and folders (recursively, sorted) into file paths; missing paths are yielded as-is
    so that the loader reports them by name."""
    for path, _ in iter_documents(paths):
        yield path


def iter_documents(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str]]:
    """Expand files and folders into (file path, document identity).

    The identity of a document is its path relative to the folder that was given, with `/` between
    folders ("gemeente-a/2024/notulen.pdf"); a file given by itself is known by its file name. So two
    `notulen.pdf` in two folders of one ingested folder are two documents, and ingesting the same
    folder again replaces each document by its new version."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                relative = child.relative_to(path)
                if not any(part.startswith(".") for part in relative.parts):
                    yield child, relative.as_posix()
        else:
            yield path, path.name


def check_file(path: Path, max_bytes: int) -> str:
    """Validate path, type and size before reading; returns the format. Raises IngestError."""
    if not path.exists():
        raise IngestError("file does not exist")
    if not path.is_file():
        raise IngestError("not a regular file")
    fmt = SUPPORTED_EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        allowed = ", ".join(sorted(SUPPORTED_EXTENSIONS))
        raise IngestError(f"unsupported file type '{path.suffix or '(none)'}'; supported: {allowed}")
    size = path.stat().st_size
    if size == 0:
        raise IngestError("file is empty")
    if size > max_bytes:
        raise IngestError(f"file is {size / 1e6:.1f} MB, over the limit of {max_bytes / 1e6:.1f} MB")
    return fmt


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_file(path: Path, max_bytes: int, name: str | None = None) -> LoadedFile:
    """Read one file, known as `name` (its identity; default: the file name). Raises IngestError with
    a user-readable reason."""
    fmt = check_file(path, max_bytes)
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    publication = title = None
    if fmt == "html":
        from ingest.html import read_html

        page = read_html(data)
        pages, headings, publication, title = (page.text,), frozenset(), page.publication, page.title
    elif fmt == "pdf":
        pages = _read_pdf(path)
        headings: frozenset[str] = frozenset()
    elif fmt == "docx":
        pages, headings = _read_docx(path)
    else:
        pages, headings = (decode_text(data),), frozenset()
    if not any(p.strip() for p in pages):
        raise IngestError("no text found in file")
    return LoadedFile(
        name=name or path.name, path=str(path), format=fmt, sha256=sha, pages=pages, heading_lines=headings,
        publication=publication, title=title,
    )


# byte order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one)
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_SAMPLE = 65536


def decode_text(data: bytes) -> str:
    """Decode a text file: by its byte order mark (UTF-8, UTF-16, UTF-32), else as UTF-8 when it is
    valid UTF-8, else as detected by charset-normalizer among the encodings such files come in: UTF-16
    LE/BE without a mark (text with NUL bytes), Windows-1252 and Latin-1 (without NUL bytes).

    Binary content (NUL bytes that are not UTF-16, many control characters) is refused rather than
    turned into noise."""
    text = _decode(data)
    sample = text[:_SAMPLE]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    if sample and controls / len(sample) > 0.02:
        raise IngestError("file looks binary (control characters), not text")
    return text


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            # a file cut short ends in half a character: replaced, not a reason to refuse the file
            text = data[len(bom) :].decode(encoding, errors="replace")
            if text.count("\ufffd") > max(1, len(text) // 100):
                raise IngestError(
                    f"het bestand begint als {encoding.upper()}-tekst (byte order mark), maar de rest is geen "
                    f"geldige {encoding.upper()}: sla het opnieuw op als UTF-8"
                )
            return text
    has_nul = b"\x00" in data[:_SAMPLE]
    if not has_nul:
        try:
            return data.decode("utf-8")  # most files, and the fast path for large ones
        except UnicodeDecodeError:
            pass
    import charset_normalizer

    # NUL bytes in text only come from UTF-16 (every other byte of Latin text); without them, a file
    # that is not UTF-8 is one of the Windows/ISO single-byte encodings. Other candidates (cp1250,
    # mac_latin2, ...) are left out: on short Dutch texts they win and turn "à" or "è" into "ŕ" or "č".
    candidates = ["utf_16_le", "utf_16_be"] if has_nul else ["cp1252", "latin_1"]
    best = charset_normalizer.from_bytes(data[: 4 * _SAMPLE], cp_isolation=candidates).best()
    if has_nul:
        if best is not None:
            try:
                text = data.decode(best.encoding)
            except UnicodeDecodeError:  # the sample fitted, the rest does not
                text = ""
            if _latin_text(text):
                return text
        raise IngestError("file looks binary (contains NUL bytes), not text")
    # no verdict: decode as before (Windows-1252, else Latin-1) and let the control-character check decide
    order = ("cp1252", "latin_1") if best is None or best.encoding == "cp1252" else (best.encoding, "cp1252", "latin_1")
    for encoding in order:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue  # cp1252 leaves five bytes undefined; Latin-1 maps every byte
    raise IngestError("cannot decode text")  # pragma: no cover - Latin-1 decodes every byte


def _latin_text(text: str) -> bool:
    """UTF-16 without a byte order mark is accepted only when it decodes to Latin-script text (as Dutch
    documents are): random bytes with NULs in between decode to CJK and other scripts."""
    sample = text[:_SAMPLE]
    latin = sum(1 for ch in sample if ord(ch) < 0x250 or 0x2000 <= ord(ch) < 0x20D0)
    return bool(sample) and latin / len(sample) >= 0.95


def _read_pdf(path: Path) -> tuple[str, ...]:
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PdfReadError

    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:  # noqa: BLE001 - pypdf raises several types here
                ok = 0
            if not ok:
                raise IngestError("PDF is encrypted (password protected); provide an unencrypted copy")
        n_pages = len(reader.pages)
        if n_pages > MAX_PDF_PAGES:
            raise IngestError(f"PDF has {n_pages} pages, over the limit of {MAX_PDF_PAGES}")
        pages = tuple(page.extract_text() or "" for page in reader.pages)
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise IngestError(f"cannot read PDF (corrupt or not a PDF): {exc}") from exc
    except RecursionError as exc:
        raise IngestError("cannot read PDF (structure nested too deeply)") from exc
    except LimitReachedError as exc:  # pypdf's own guards: decompression bombs, page trees too deep
        raise IngestError(f"PDF refused: it exceeds a safety limit of the PDF reader ({exc})") from exc
    except Exception as exc:  # malformed input makes pypdf raise almost anything
        raise IngestError(f"cannot read PDF (corrupt or not a PDF): {type(exc).__name__}: {exc}") from exc
    if n_pages and not any(p.strip() for p in pages):
        raise IngestError(
            "PDF has no text layer (scanned or image-only); OCR is needed before it can be ingested"
        )
    return pages


def _read_docx(path: Path) -> tuple[tuple[str, ...], frozenset[str]]:
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
            if total > MAX_DOCX_UNCOMPRESSED:
                raise IngestError(
                    f"Word file would inflate to {total / 1e6:.0f} MB (possible zip bomb); refused"
                )
    except zipfile.BadZipFile as exc:
        raise IngestError("cannot read Word file (corrupt or not a .docx)") from exc
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return _docx_text(docx.Document(str(path)))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise IngestError(f"cannot read Word file (corrupt or not a .docx): {exc}") from exc
    except RecursionError as exc:
        raise IngestError("cannot read Word file (structure nested too deeply)") from exc
    except Exception as exc:  # malformed XML, unsupported compression, ...
        raise IngestError(f"cannot read Word file (corrupt or not a .docx): {type(exc).__name__}: {exc}") from exc


def _docx_text(document: Any) -> tuple[tuple[str, ...], frozenset[str]]:
    paragraphs: list[str] = []
    headings: set[str] = set()
    for para in document.paragraphs:
        text = para.text.strip()
        if not text:
            continue
        style = (para.style.name if para.style is not None else "") or ""
        bold_only = bool(para.runs) and all(r.bold for r in para.runs if r.text.strip())
        if style.lower().startswith(("heading", "kop", "title", "titel")) or bold_only:
            headings.add(text)
        paragraphs.append(text)
    for table in document.tables:
        rows = [[c.text.strip() for c in row.cells] for row in table.rows]
        if _signature_table(rows):  # one party per column: each party with the names under it
            for k in range(len(rows[0])):
                paragraphs += [line.strip() for row in rows if k < len(row) for line in row[k].split("\n") if line.strip()]
            continue
        for cells in rows:
            cells = [c for c in cells if c]
            if cells:
                paragraphs.append(" | ".join(cells))
    return ("\n\n".join(paragraphs),), frozenset(headings)


_SIGNATURE_CELL = re.compile(r"(?:Voor|Namens|VOOR|NAMENS)\s")


def _signature_table(rows: list[list[str]]) -> bool:
    """A signature block laid out as a table: every cell of its first row names a party ("Voor de
    gemeente X", "Namens de vzw Y")."""
    first = [c for c in rows[0] if c] if rows else []
    return len(first) >= 2 and all(_SIGNATURE_CELL.match(c) for c in first) and len(set(first)) == len(first)
