"""Text files in the encodings that Flemish offices produce: UTF-8 (with and without BOM), UTF-16 as
Windows Notepad saves "Unicode" (LE with BOM) and its relatives, Windows-1252 and Latin-1. Each
decodes to exactly the Dutch text that was written; binary content is still refused with its reason."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest.load import decode_text, load_file
from ingest.pipeline import process
from ingest.records import IngestError
from tests.conftest import DATA

TEXT = (
    "Deel IV. Evaluatie\n\n"
    "Het actieplan wordt jaarlijks geëvalueerd in het café van het gemeentehuis; één keer per jaar "
    "komt de stuurgroep samen. Coördinatie: Zoë Verbeeck, crème de la crème à la carte.\n"
)
EURO = "De bijdrage van de gemeente bedraagt € 1.250 per jaar — „geëvalueerd” na één jaar.\n"


def _load(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / "tekst.txt"
    path.write_bytes(data)
    return load_file(path, 10**7).pages[0]


def test_utf8(tmp_path: Path) -> None:
    assert _load(tmp_path, (TEXT + EURO).encode("utf-8")) == TEXT + EURO


def test_utf8_with_bom(tmp_path: Path) -> None:
    assert _load(tmp_path, (TEXT + EURO).encode("utf-8-sig")) == TEXT + EURO


def test_utf16_le_with_bom_as_notepad_saves_unicode(tmp_path: Path) -> None:
    data = b"\xff\xfe" + (TEXT + EURO).replace("\n", "\r\n").encode("utf-16-le")
    assert _load(tmp_path, data) == (TEXT + EURO).replace("\n", "\r\n")


def test_utf16_be_with_bom(tmp_path: Path) -> None:
    assert _load(tmp_path, b"\xfe\xff" + (TEXT + EURO).encode("utf-16-be")) == TEXT + EURO


def test_utf16_le_without_bom(tmp_path: Path) -> None:
    assert _load(tmp_path, (TEXT + EURO).encode("utf-16-le")) == TEXT + EURO


def test_utf16_be_without_bom(tmp_path: Path) -> None:
    assert _load(tmp_path, (TEXT + EURO).encode("utf-16-be")) == TEXT + EURO


def test_cp1252_with_euro_and_typographic_quotes(tmp_path: Path) -> None:
    data = (TEXT + EURO).encode("cp1252")
    assert b"\x80" in data and b"\x84" in data  # bytes that only cp1252 maps to characters
    assert _load(tmp_path, data) == TEXT + EURO


def test_latin1(tmp_path: Path) -> None:
    data = TEXT.encode("latin-1")
    assert not any(0x80 <= b <= 0x9F for b in data)
    assert _load(tmp_path, data) == TEXT


def test_utf16_file_goes_through_the_pipeline(tmp_path: Path) -> None:
    path = tmp_path / "notepad-unicode.txt"
    path.write_bytes(b"\xff\xfe" + (TEXT + EURO).replace("\n", "\r\n").encode("utf-16-le"))
    doc = process(load_file(path, 10**7))
    text = " ".join(c.text for c in doc.chunks)
    assert "geëvalueerd in het café" in text and "€ 1.250" in text and "één keer" in text


@pytest.mark.parametrize(
    "data",
    [
        b"abc\x00\x01\x02def",
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        bytes(b if i % 2 else 0 for i, b in enumerate(os.urandom(4096))),  # NULs like UTF-16, content random
        os.urandom(4096),
    ],
)
def test_binary_content_is_still_refused(data: bytes) -> None:
    with pytest.raises(IngestError, match="binary"):
        decode_text(data)


def test_binary_fixture_keeps_its_reason() -> None:
    with pytest.raises(IngestError, match="binary"):
        load_file(DATA / "bad" / "binair.txt", 10**7)


def test_utf16_cut_short_still_loads(tmp_path: Path) -> None:
    data = b"\xff\xfe" + TEXT.encode("utf-16-le")
    assert _load(tmp_path, data[:-1]).startswith(TEXT[:-1])


def test_byte_order_mark_before_garbage_is_refused_with_a_reason() -> None:
    with pytest.raises(IngestError, match="UTF-16"):
        decode_text(b"\xff\xfe" + b"\x00\xd8" * 200)  # lone surrogates only
