"""Generate the test fixtures for akkoord.

Run from the repository root:

    python tests/data/make_fixtures.py

It (re)creates:

* assistant/examples/formats/  PDF and DOCX variants of the two example documents in
  assistant/examples/corpus/ (a printed-looking PDF with running header, page-number footer
  and Dutch hyphenation at line ends, and a Word document with heading styles);
* tests/data/bad/              inputs the ingest must reject or report (empty, corrupt,
  encrypted, scanned/image-only, binary, unsupported extension; HTML that is binary, shows no
  text, is only navigation, or has no markup at all);
* tests/data/good/             valid but tricky inputs (cp1252 and latin-1 encoded text).

The output is deterministic: reportlab runs in invariant mode, the DOCX zip entries and
core properties get fixed timestamps, the PDF file identifiers used for encryption are
derived from a fixed seed, and all "random" bytes come from a seeded generator.
Needs reportlab, pyphen, pypdf, python-docx and Pillow (all in the `test` extra / venv).
The DejaVu fonts are read from tests/data/fonts/ (Bitstream Vera licence, see LICENSE there),
so the generator does not depend on system fonts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import docx
import pypdf
import pyphen
from docx.shared import Pt
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

# --------------------------------------------------------------------------------------
# Paths and constants
# --------------------------------------------------------------------------------------

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "assistant" / "examples" / "corpus"
FORMATS = REPO / "assistant" / "examples" / "formats"
DATA = REPO / "tests" / "data"
FONTS = DATA / "fonts"
BAD = DATA / "bad"
GOOD = DATA / "good"

SCHELDELAND_SRC = CORPUS / "scheldeland-samenwerkingsovereenkomst-2021.txt"
MECHELEN_SRC = CORPUS / "mechelen-gemeenteraad-2021-03-01.md"

SCHELDELAND_HEADER = "Samenwerkingsovereenkomst regio Scheldeland – VDAB"
MECHELEN_HEADER = "Stad Mechelen – Gemeenteraad 1 maart 2021"

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"

# Fixed timestamp for every artefact that records one (DOCX core properties, zip entries).
FIXED_DATE = dt.datetime(2021, 9, 1, 9, 0, 0, tzinfo=dt.UTC)
ZIP_DATE = (2021, 9, 1, 9, 0, 0)

# Dutch hyphenation dictionary: at least 2 letters before and 3 after a break.
HYPHENATOR = pyphen.Pyphen(lang="nl_NL", left=2, right=3)


def register_fonts() -> None:
    """Register the committed DejaVu TTFs with reportlab (idempotent)."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONTS / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))


# --------------------------------------------------------------------------------------
# Document model: the sources are parsed into a flat list of blocks
# --------------------------------------------------------------------------------------


@dataclass
class Block:
    kind: str  # "title" | "heading" | "para" | "item" | "rule"
    text: str = ""
    level: int = 0  # heading level, or list nesting depth for items
    label: str = ""  # list label ("•", "1.") for items
    bold: bool = False  # whole paragraph in bold (body text, still hyphenated)
    space_before: bool = True  # False for lines joined by a Markdown hard break


def normalise_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# ---- Scheldeland: plain text with hard line breaks ------------------------------------

SCHELDELAND_HEADING_1 = re.compile(r"^Deel [IVX]+\.\s")
SCHELDELAND_HEADING_2 = re.compile(r"^(Stuurgroep|Werkgroep samenwerkingsovereenkomst)$")
# ". item" (a bullet that lost its glyph in the text export) or "1. item"
TXT_LIST_ITEM = re.compile(r"^(\.|\d+\.)\s+(.*)$")


def split_blocks(text: str) -> list[list[str]]:
    """Split text on blank lines; each block is its list of raw lines (trailing spaces are
    kept: in Markdown two of them mark a hard line break)."""
    blocks, current = [], []
    for line in text.splitlines():
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def parse_scheldeland(text: str) -> list[Block]:
    """Re-flow the hard-wrapped plain text into title lines, headings, paragraphs and items."""
    out: list[Block] = []
    raw_blocks = split_blocks(text)
    # Everything before the "Tussen" block is the cover title: keep its lines as they are.
    first = next(i for i, b in enumerate(raw_blocks) if [x.strip() for x in b] == ["Tussen"])
    for k, lines in enumerate(raw_blocks[:first]):
        for j, line in enumerate(lines):
            # level 0: main title ("Samenwerkingsovereenkomst tussen"), level 1: subtitle lines
            out.append(Block("title", line.strip(), level=min(k, 1), space_before=(j == 0)))

    for lines in raw_blocks[first:]:
        joined = normalise_spaces(" ".join(lines))
        if len(lines) == 1 and SCHELDELAND_HEADING_1.match(joined):
            out.append(Block("heading", joined, level=1))
            continue
        if len(lines) == 1 and SCHELDELAND_HEADING_2.match(joined):
            out.append(Block("heading", joined, level=2))
            continue
        # A block may hold a lead-in paragraph followed by list items; continuation lines
        # (no list marker) belong to the previous paragraph or item.
        pieces: list[Block] = []
        for line in lines:
            m = TXT_LIST_ITEM.match(line.strip())
            if m:
                label = "•" if m.group(1) == "." else m.group(1)
                pieces.append(Block("item", m.group(2), level=0, label=label))
            elif pieces:
                pieces[-1].text += " " + line.strip()
            else:
                pieces.append(Block("para", line.strip()))
        for k, piece in enumerate(pieces):
            piece.text = normalise_spaces(piece.text)
            # list items directly follow their lead-in paragraph
            piece.space_before = k == 0 or piece.kind == "para"
            out.append(piece)
    return out


# ---- Mechelen: Markdown -----------------------------------------------------------------

MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
MD_LIST_ITEM = re.compile(r"^(\s*)([-*]|\d+\.)\s+(.*)$")
MD_WHOLE_BOLD = re.compile(r"^\*\*(.+)\*\*$")
# Plain paragraphs that are really headings (the source forgot the #'s).
MD_IMPLICIT_HEADING = re.compile(r"^Actie \d+\.\d+ [-–] ")


def strip_inline_md(text: str) -> str:
    """Remove emphasis markers and autolink brackets, collapse whitespace."""
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"(?<!\w)\*(.+?)\*(?!\w)", r"\1", text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    return normalise_spaces(text.replace("**", ""))


def parse_mechelen(text: str) -> list[Block]:
    out: list[Block] = []
    for lines in split_blocks(text):
        first = lines[0].strip()
        if first == "---":
            out.append(Block("rule"))
            continue
        m = MD_HEADING.match(first)
        if m:
            out.append(Block("heading", strip_inline_md(m.group(2)), level=len(m.group(1))))
            continue
        if MD_LIST_ITEM.match(lines[0]):
            for k, line in enumerate(lines):
                item = MD_LIST_ITEM.match(line)
                if item is None:  # continuation line of the previous item
                    out[-1].text = normalise_spaces(out[-1].text + " " + strip_inline_md(line))
                    continue
                indent, marker, body = item.groups()
                label = "•" if marker in "-*" else marker
                out.append(
                    Block(
                        "item",
                        strip_inline_md(body),
                        level=len(indent) // 2,
                        label=label,
                        space_before=(k == 0),
                    )
                )
            continue
        # Ordinary paragraph; lines ending in two spaces are Markdown hard breaks and
        # become separate lines without extra spacing.
        segments, current = [], []
        for line in lines:
            current.append(line.strip())
            if line.endswith("  "):
                segments.append(" ".join(current))
                current = []
        if current:
            segments.append(" ".join(current))
        for k, seg in enumerate(segments):
            seg = normalise_spaces(seg)
            whole_bold = MD_WHOLE_BOLD.match(seg)
            plain = strip_inline_md(seg)
            if whole_bold and (len(plain) < 100 or re.match(r"^\d+\.\s", plain)):
                out.append(Block("heading", plain, level=5, space_before=(k == 0)))
            elif whole_bold:
                out.append(Block("para", plain, bold=True, space_before=(k == 0)))
            elif MD_IMPLICIT_HEADING.match(plain):
                out.append(Block("heading", plain, level=4, space_before=(k == 0)))
            else:
                out.append(Block("para", plain, space_before=(k == 0)))
    return merge_page_break_paragraphs(out)


def merge_page_break_paragraphs(blocks: list[Block]) -> list[Block]:
    """Re-join paragraphs that the source split at a page break ("... aandacht voor" /
    "fietsmobiliteit en ..."): a long paragraph not ending in sentence punctuation,
    followed by a long paragraph starting in lowercase."""
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == b.kind == "para"
            and not prev.bold
            and not b.bold
            and len(prev.text) > 80
            and len(b.text) > 30
            and re.search(r"[\w,]$", prev.text)
            and b.text[0].islower()
        ):
            prev.text = prev.text + " " + b.text
            continue
        out.append(b)
    return out


# --------------------------------------------------------------------------------------
# Line breaking with Dutch hyphenation
# --------------------------------------------------------------------------------------

# Characters peeled off a word before hyphenating its alphabetic core.
LEADING_PUNCT = "([‘“'\"–-"
TRAILING_PUNCT = ")]’”'\".,;:!?-…"


@dataclass
class SplitLog:
    """Records the line-end splits the wrapper made, for the generator's report."""

    compound: list[str] = field(default_factory=list)  # split at a real hyphen
    hyphenated: list[str] = field(default_factory=list)  # split at a pyphen position


def candidate_splits(word: str) -> list[tuple[str, str, bool]]:
    """Possible (head, tail, is_compound) line-end splits of one whitespace token.

    Words that already contain a hyphen ("Oost-Vlaanderen", "wijk-werken") are only
    broken at that hyphen, as typesetters do; other alphabetic words get pyphen's nl_NL
    break points with an added hyphen. Numbers, abbreviations in capitals, URLs etc. are
    never split.
    """
    core = word.lstrip(LEADING_PUNCT)
    lead = word[: len(word) - len(core)]
    stripped = core.rstrip(TRAILING_PUNCT)
    trail = core[len(stripped) :]
    core = stripped
    if not core:
        return []
    parts = core.split("-")
    if len(parts) > 1:
        if not all(p.isalpha() for p in parts):
            return []
        out, pos = [], 0
        for p in parts[:-1]:
            pos += len(p) + 1
            out.append((lead + core[:pos], core[pos:] + trail, True))
        return out
    if not core.isalpha() or core.isupper() or len(core) < 5:
        return []
    return [
        (lead + core[:p] + "-", core[p:] + trail, False)
        for p in HYPHENATOR.positions(core)
        if not getattr(p, "data", None)  # skip non-standard (spelling-changing) breaks
    ]


def wrap(
    text: str, font: str, size: float, width: float, hyphenate: bool, log: SplitLog | None = None
) -> list[str]:
    """Greedy line breaking; if the next word does not fit, split it at the rightmost
    break point whose head (with its hyphen) still fits on the current line."""

    def w(s: str) -> float:
        return pdfmetrics.stringWidth(s, font, size)

    lines: list[str] = []
    current: list[str] = []
    for word in text.split():
        pending = word
        while True:
            prefix = " ".join(current) + (" " if current else "")
            if w(prefix + pending) <= width:
                current.append(pending)
                break
            fitting = [c for c in candidate_splits(pending) if w(prefix + c[0]) <= width]
            if hyphenate and fitting:
                head, tail, is_compound = fitting[-1]
                if log is not None:
                    (log.compound if is_compound else log.hyphenated).append(f"{head} / {tail}")
                current.append(head)
                lines.append(" ".join(current))
                current, pending = [], tail
                continue
            if current:
                lines.append(" ".join(current))
                current = []
                continue
            current.append(pending)  # unsplittable word longer than a line: let it overflow
            break
    if current:
        lines.append(" ".join(current))
    return lines


# --------------------------------------------------------------------------------------
# PDF rendering (reportlab canvas, own layout)
# --------------------------------------------------------------------------------------


@dataclass
class PdfStyle:
    body_size: float = 10.0
    leading: float = 13.5
    margin_left: float = 2.5 * cm
    margin_right: float = 2.5 * cm
    margin_top: float = 2.8 * cm  # body starts below the running header
    margin_bottom: float = 2.6 * cm  # body ends above the footer
    indent: float = 14.0  # per list level
    label_width: float = 14.0  # space reserved for "•" / "12."


HEADING_SIZES = {1: 13.0, 2: 12.0, 3: 12.0, 4: 11.0, 5: 10.5, 6: 10.5}
TITLE_SIZES = {0: 18.0, 1: 13.0}

# A draw operation: ("text", x, y, font, size, string), ("item", label_x, x, y, font, size,
# label, string) for the first line of a list item, or ("rule", x1, y, x2)
DrawOp = tuple


def layout(blocks: list[Block], style: PdfStyle, log: SplitLog) -> list[list[DrawOp]]:
    """Place every line of every block on pages; returns the draw ops per page."""
    page_w, page_h = A4
    top = page_h - style.margin_top
    bottom = style.margin_bottom
    full_width = page_w - style.margin_left - style.margin_right
    pages: list[list[DrawOp]] = [[]]
    y = top

    def new_page() -> None:
        nonlocal y
        pages.append([])
        y = top

    for index, block in enumerate(blocks):
        if block.kind == "rule":
            if y - style.leading < bottom:
                new_page()
            y -= style.leading * 0.6
            pages[-1].append(("rule", style.margin_left, y, page_w - style.margin_right))
            y -= style.leading * 0.4
            continue

        if block.kind in ("title", "heading"):
            size = (TITLE_SIZES if block.kind == "title" else HEADING_SIZES)[block.level]
            font, leading = FONT_BOLD, size * 1.3
            lines = wrap(block.text, font, size, full_width, hyphenate=False)
            gap = (leading * 0.8 if block.kind == "heading" else leading * 0.4) if block.space_before else 0
            # keep a heading together with the headings directly below it and at least two
            # lines of the text that follows
            needed = gap + leading * len(lines) + 2 * style.leading
            for nxt in blocks[index + 1 :]:
                if nxt.kind != "heading":
                    break
                needed += HEADING_SIZES[nxt.level] * 1.3 * 1.8
            if y - needed < bottom:
                new_page()
                gap = 0
            y -= gap
            for line in lines:
                y -= leading
                if block.kind == "title":  # centred cover lines
                    x = (page_w - pdfmetrics.stringWidth(line, font, size)) / 2
                else:
                    x = style.margin_left
                pages[-1].append(("text", x, y, font, size, line))
            y -= leading * 0.2
            continue

        # paragraphs and list items: hyphenated body text
        font = FONT_BOLD if block.bold else FONT
        size, leading = style.body_size, style.leading
        x = style.margin_left
        label_x = None
        if block.kind == "item":
            label_x = style.margin_left + block.level * style.indent
            x = label_x + style.label_width + (6 if len(block.label) > 2 else 0)
        width = page_w - style.margin_right - x
        lines = wrap(block.text, font, size, width, hyphenate=True, log=log)
        gap = leading * 0.5 if block.space_before else 0
        # orphan control: never leave a lone first line at the bottom of a page
        if len(lines) > 1 and y - gap - 2 * leading < bottom:
            new_page()
            gap = 0
        y -= gap
        for i, line in enumerate(lines):
            if y - leading < bottom:
                new_page()
            y -= leading
            if i == 0 and label_x is not None:
                pages[-1].append(("item", label_x, x, y, font, size, block.label, line))
            else:
                pages[-1].append(("text", x, y, font, size, line))
    return [p for p in pages if p] or [[]]


def render_pdf(
    target: Path | io.BytesIO,
    blocks: list[Block],
    header: str,
    meta: dict[str, str],
    style: PdfStyle | None = None,
) -> tuple[int, SplitLog]:
    """Lay out and draw the document into a file or buffer; returns (page count, split log)."""
    register_fonts()
    style = style or PdfStyle()
    log = SplitLog()
    pages = layout(blocks, style, log)
    page_w, page_h = A4
    out = str(target) if isinstance(target, Path) else target
    c = canvas.Canvas(out, pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle(meta.get("title", ""))
    c.setAuthor(meta.get("author", ""))
    c.setSubject(meta.get("subject", ""))
    c.setCreator("akkoord tests/data/make_fixtures.py (reportlab)")
    for number, ops in enumerate(pages, start=1):
        # running header: one text line plus a thin rule underneath
        c.setFont(FONT, 8.5)
        c.drawString(style.margin_left, page_h - 1.6 * cm, header)
        c.setLineWidth(0.4)
        c.line(style.margin_left, page_h - 1.8 * cm, page_w - style.margin_right, page_h - 1.8 * cm)
        # body
        for op in ops:
            if op[0] == "text":
                _, x, y, font, size, text = op
                c.setFont(font, size)
                c.drawString(x, y, text)
            elif op[0] == "item":
                # label and text in one text object so extractors keep them on one line
                _, label_x, x, y, font, size, label, text = op
                t = c.beginText(label_x, y)
                t.setFont(font, size)
                t.textOut(label)
                t.setXPos(x - label_x)
                t.textOut(text)
                c.drawText(t)
            else:
                _, x1, y, x2 = op
                c.setLineWidth(0.6)
                c.line(x1, y, x2, y)
        # footer with page number
        c.setFont(FONT, 8.5)
        c.drawCentredString(page_w / 2, 1.5 * cm, f"Pagina {number} van {len(pages)}")
        c.showPage()
    c.save()
    return len(pages), log


# --------------------------------------------------------------------------------------
# A. Format variants of the examples
# --------------------------------------------------------------------------------------

# The body font size / right margin were chosen (by trying a few) so that real hyphenated
# compounds land at line ends in each document: with these settings the Scheldeland PDF
# breaks "Oost-/Vlaanderen", "niet-/beroepsactieven" and "‘inclusie-/toets’", the Mechelen
# PDF among others "wijk-/werken", "up-to-/date" and "Sint-/Katelijne-Waver" (main() prints
# the full list). Changing them moves the line breaks.
SCHELDELAND_STYLE = PdfStyle(body_size=10.5, leading=14.2, margin_right=3.0 * cm)
MECHELEN_STYLE = PdfStyle(body_size=10.0, leading=13.5, margin_right=3.0 * cm)


def make_scheldeland_pdf() -> tuple[Path, int, SplitLog]:
    path = FORMATS / "scheldeland-samenwerkingsovereenkomst-2021.pdf"
    blocks = parse_scheldeland(SCHELDELAND_SRC.read_text(encoding="utf-8"))
    pages, log = render_pdf(
        path,
        blocks,
        SCHELDELAND_HEADER,
        {
            "title": "Samenwerkingsovereenkomst lokale besturen regio Scheldeland, IVSES en VDAB",
            "author": "VDAB",
            "subject": "Samen sterk voor werk",
        },
        SCHELDELAND_STYLE,
    )
    return path, pages, log


def make_mechelen_pdf() -> tuple[Path, int, SplitLog]:
    path = FORMATS / "mechelen-gemeenteraad-2021-03-01.pdf"
    blocks = parse_mechelen(MECHELEN_SRC.read_text(encoding="utf-8"))
    pages, log = render_pdf(
        path,
        blocks,
        MECHELEN_HEADER,
        {
            "title": "Gemeenteraad 1 maart 2021 – samenwerkingsovereenkomst stad Mechelen en VDAB",
            "author": "Stad Mechelen",
            "subject": "Uittreksel uit de notulen",
        },
        MECHELEN_STYLE,
    )
    return path, pages, log


def normalise_zip(path: Path) -> None:
    """Rewrite a zip (DOCX) with fixed entry timestamps so the bytes are reproducible."""
    with zipfile.ZipFile(path) as src:
        entries = [(info, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, data)


def make_scheldeland_docx() -> Path:
    """Word version: re-flowed paragraphs, 'Deel ...' as Heading 1, 'Stuurgroep' and
    'Werkgroep samenwerkingsovereenkomst' as Heading 2, bullets as List Bullet."""
    path = FORMATS / "scheldeland-samenwerkingsovereenkomst-2021.docx"
    blocks = parse_scheldeland(SCHELDELAND_SRC.read_text(encoding="utf-8"))
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)

    # cover: the four title lines become Title + Subtitle paragraphs
    titles = [b.text for b in blocks if b.kind == "title"]
    document.add_paragraph(" ".join(titles[:2]), style="Title")
    for t in titles[2:]:
        document.add_paragraph(t, style="Subtitle")

    for b in blocks:
        if b.kind == "title":
            continue
        if b.kind == "heading":
            document.add_heading(b.text, level=b.level)
        elif b.kind == "item" and b.label == "•":
            document.add_paragraph(b.text, style="List Bullet")
        elif b.kind == "item":
            # literal numbers: Word's auto-numbering would continue across the two lists
            document.add_paragraph(f"{b.label} {b.text}", style="List Paragraph")
        else:
            document.add_paragraph(b.text)

    props = document.core_properties
    props.title = "Samenwerkingsovereenkomst lokale besturen regio Scheldeland, IVSES en VDAB"
    props.author = "VDAB"
    props.last_modified_by = "VDAB"
    props.language = "nl-BE"
    props.created = FIXED_DATE.replace(tzinfo=None)
    props.modified = FIXED_DATE.replace(tzinfo=None)
    props.last_printed = FIXED_DATE.replace(tzinfo=None)
    props.revision = 1
    props.comments = ""
    document.save(str(path))
    normalise_zip(path)
    return path


# --------------------------------------------------------------------------------------
# B. Bad inputs
# --------------------------------------------------------------------------------------


@contextmanager
def deterministic_pdf_ids(seed: str) -> Iterator[None]:
    """pypdf draws the file identifiers (which also salt the RC4 key) from
    secrets.token_bytes; replace that with a seeded generator while writing."""
    import pypdf._writer as writer_module

    counter = iter(range(1_000_000))
    original = writer_module.secrets.token_bytes

    def fake_token_bytes(n: int | None = None) -> bytes:
        digest = hashlib.sha256(f"{seed}:{next(counter)}".encode()).digest()
        return digest[: n or 32]

    writer_module.secrets.token_bytes = fake_token_bytes  # type: ignore[assignment]
    try:
        yield
    finally:
        writer_module.secrets.token_bytes = original  # type: ignore[assignment]


def make_empty_txt() -> Path:
    path = BAD / "leeg.txt"
    path.write_bytes(b"")
    return path


def make_corrupt_pdf(source_pdf: Path) -> Path:
    """First 40 % of a real PDF followed by seeded garbage: no xref, no trailer, no %%EOF."""
    path = BAD / "kapot.pdf"
    data = source_pdf.read_bytes()
    rng = random.Random(40)
    garbage = bytes(rng.randrange(256) for _ in range(2048))
    path.write_bytes(data[: int(len(data) * 0.4)] + garbage)
    return path


def make_encrypted_pdf() -> Path:
    """A real text PDF (the 'Duur' part of the Scheldeland agreement), RC4-128 encrypted
    with user password 'geheim'."""
    path = BAD / "versleuteld.pdf"
    blocks = parse_scheldeland(SCHELDELAND_SRC.read_text(encoding="utf-8"))
    start = next(i for i, b in enumerate(blocks) if b.text == "Deel IV. Duur")
    plain = io.BytesIO()
    render_pdf(
        plain,
        blocks[start : start + 3],
        SCHELDELAND_HEADER,
        {"title": "Vertrouwelijk", "author": "VDAB", "subject": "Duur"},
    )
    plain.seek(0)
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(plain))
    with deterministic_pdf_ids("versleuteld"):
        writer.encrypt("geheim", algorithm="RC4-128")
        with path.open("wb") as fh:
            writer.write(fh)
    return path


def render_text_image(paragraphs: list[str], width_px: int = 1240, height_px: int = 1754) -> Image.Image:
    """Render Dutch text onto a white A4-sized greyscale page (150 dpi), like a scan."""
    img = Image.new("L", (width_px, height_px), color=248)
    draw = ImageDraw.Draw(img)
    body = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 24)
    bold = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 30)
    margin, y = 140, 160
    for k, para in enumerate(paragraphs):
        font = bold if k == 0 else body
        line = ""
        for word in para.split():
            trial = f"{line} {word}".strip()
            if draw.textlength(trial, font=font) > width_px - 2 * margin:
                draw.text((margin, y), line, fill=25, font=font)
                y += 36
                line = word
            else:
                line = trial
        if line:
            draw.text((margin, y), line, fill=25, font=font)
            y += 36
        y += 24
    # a little deterministic speckle so it looks scanned
    rng = random.Random(7)
    for _ in range(1500):
        img.putpixel((rng.randrange(width_px), rng.randrange(height_px)), rng.randrange(150, 230))
    return img


def make_scanned_pdf() -> Path:
    """Image-only PDF: one page that is a PNG of rendered text, no text layer."""
    path = BAD / "gescand.pdf"
    blocks = parse_scheldeland(SCHELDELAND_SRC.read_text(encoding="utf-8"))
    start = next(i for i, b in enumerate(blocks) if b.text == "Deel IV. Duur")
    img = render_text_image([b.text for b in blocks[start : start + 3]])
    png = io.BytesIO()
    img.save(png, format="PNG", optimize=False)
    png.seek(0)
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
    c.setCreator("scanner")
    c.drawImage(ImageReader(png), 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.save()
    return path


def make_binary_txt() -> Path:
    """A small PNG followed by NULs and seeded random bytes, misnamed .txt."""
    path = BAD / "binair.txt"
    img = Image.new("RGB", (16, 16), color=(200, 30, 30))
    png = io.BytesIO()
    img.save(png, format="PNG")
    rng = random.Random(1)
    noise = bytes(rng.randrange(256) if i % 3 else 0 for i in range(1024))
    path.write_bytes(png.getvalue() + b"\x00" * 256 + noise)
    return path


def make_unsupported() -> Path:
    path = BAD / "tekening.xyz"
    path.write_text(
        "XYZ-TEKENING v1\n"
        "# Grondplan vergaderzaal gemeentehuis (fictief bestandsformaat)\n"
        "lijn 0 0 1200 0\nlijn 1200 0 1200 800\nlijn 1200 800 0 800\nlijn 0 800 0 0\n"
        'tekst 600 400 "Vergaderzaal stuurgroep"\n',
        encoding="utf-8",
    )
    return path


def make_binary_html() -> Path:
    """A small PNG and seeded random bytes, misnamed .html."""
    path = BAD / "binair.html"
    img = Image.new("RGB", (16, 16), color=(30, 30, 200))
    png = io.BytesIO()
    img.save(png, format="PNG")
    rng = random.Random(2)
    path.write_bytes(png.getvalue() + bytes(rng.randrange(256) for _ in range(1024)))
    return path


def make_hidden_only_html() -> Path:
    """A page whose text is all hidden (scripts, styles, display:none, hidden, aria-hidden)."""
    path = BAD / "leeg-na-weergave.html"
    path.write_text(
        "<!DOCTYPE html>\n<html lang=\"nl\"><head><title>Notulen gemeenteraad</title>\n"
        "<style>.verborgen { display: none }</style></head>\n<body>\n"
        "<script>document.title = 'Notulen';</script>\n"
        "<div style=\"display:none\"><h1>Notulen van de gemeenteraad</h1>\n"
        "<p>De gemeenteraad keurt de notulen van de vorige zitting goed.</p></div>\n"
        "<div hidden><h2>1. Goedkeuring notulen</h2></div>\n"
        "<p aria-hidden=\"true\">Stemmen voor 21</p>\n"
        "<p class=\"verborgen\">Stemmen tegen 0</p>\n"
        "<span style=\"visibility: hidden\">Onthoudingen 0</span>\n"
        "<noscript>Zet JavaScript aan om deze pagina te bekijken.</noscript>\n"
        "</body></html>\n",
        encoding="utf-8",
    )
    return path


def make_navigation_html() -> Path:
    """A portal page that is only links (a saved start page instead of the publication itself)."""
    path = BAD / "enkel-navigatie.html"
    links = [
        ("/", "Startpagina"), ("/zittingen/kalender", "Kalender"), ("/zoeken", "Zoeken"),
        ("/organen/gemeenteraad", "Gemeenteraad"), ("/organen/college", "College van burgemeester en schepenen"),
        ("/organen/ocmw-raad", "Raad voor Maatschappelijk Welzijn"), ("/organen/vast-bureau", "Vast bureau"),
        ("/zittingen/2024", "Zittingen 2024"), ("/zittingen/2023", "Zittingen 2023"),
        ("/bekendmakingen", "Bekendmakingen"), ("/reglementen", "Reglementen"), ("/contact", "Contact"),
    ]
    items = "\n".join(f'    <li><a href="{href}">{text}</a></li>' for href, text in links)
    path.write_text(
        "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Raadpleegomgeving</title></head>\n"
        f"<body>\n<div class=\"menu\">\n  <ul>\n{items}\n  </ul>\n</div>\n"
        "<div class=\"voet\"><a href=\"/privacy\">Privacy</a> | <a href=\"/cookies\">Cookies</a></div>\n"
        "</body></html>\n",
        encoding="utf-8",
    )
    return path


def make_plain_text_html() -> Path:
    """Plain text without any markup, misnamed .html."""
    path = BAD / "geen-opmaak.html"
    path.write_text(
        "Notulen van de gemeenteraad\n\nDe gemeenteraad keurt de notulen van de vorige zitting goed.\n",
        encoding="utf-8",
    )
    return path


# --------------------------------------------------------------------------------------
# C. Good but tricky inputs (invented content; people's names are fictitious)
# --------------------------------------------------------------------------------------

CP1252_TEXT = """\
Samenwerkingsovereenkomst
tussen het lokaal bestuur Lokeren en VDAB

Samen aan de slag in Lokeren – 2022–2026

Tussen

Vlaamse Dienst voor Arbeidsbemiddeling en Beroepsopleiding (VDAB), met zetel te Keizerslaan
11, 1000 Brussel, vertegenwoordigd door mevrouw Sofie Van Damme, provinciaal directeur VDAB
Oost-Vlaanderen

en

het lokaal bestuur Lokeren, vertegenwoordigd door Pieter De Wilde, voorzitter gemeenteraad,
en algemeen directeur Els Verbeke;

wordt de volgende samenwerkingsovereenkomst gesloten:

Deel I. Algemene doelstelling

Het lokaal bestuur Lokeren en VDAB werken samen aan duurzame tewerkstelling van zoveel
mogelijk inwoners. De coördinator werk van het Sociaal Huis is het aanspreekpunt voor
VDAB en volgt de acties op. De OCMW’s van de regio worden betrokken waar nodig.

Deel II. Financiële afspraken

Elke partner draagt de eigen personeelskosten. Voor gezamenlijke initiatieven voorziet
het lokaal bestuur een budget van € 5.000 per jaar; de financiële opvolging gebeurt in
de stuurgroep.

Deel III. Opvolging

Het actieplan wordt jaarlijks geëvalueerd op de stuurgroep. De stuurgroep komt minstens
twee keer per jaar samen en wordt voorgezeten door de coördinator.

Deel IV. Duur

Deze overeenkomst wordt aangegaan met als uiterste einddatum 31 december 2026. Elk van
de partijen heeft het recht de overeenkomst op te zeggen. Betwistingen worden in onderling
overleg afgehandeld.

Voor het lokaal bestuur Lokeren: Pieter De Wilde, voorzitter gemeenteraad, en algemeen
directeur Els Verbeke;

Voor VDAB, mevrouw Sofie Van Damme, provinciaal directeur VDAB Oost-Vlaanderen
"""

LATIN1_TEXT = """\
GEMEENTE LOKEREN
Uittreksel uit de notulen van de gemeenteraad
Zitting van 25 januari 2022 - openbare zitting

Aanwezig: Pieter De Wilde, voorzitter; Annelies Geërts, burgemeester; Jan Coppé, Inès Maes,
schepenen; Els Verbeke, algemeen directeur

12. Werk. Goedkeuring samenwerkingsovereenkomst tussen VDAB en het lokaal bestuur Lokeren

De gemeenteraad,

Gelet op het decreet over het lokaal bestuur van 22 december 2017;

Overwegende dat de vorige samenwerkingsovereenkomst met VDAB werd geëvalueerd en dat de
resultaten positief zijn; dat de coördinator werk een nieuw actieplan heeft voorbereid;

Overwegende dat de overeenkomst geen financiële gevolgen heeft buiten de eigen
personeelsinzet;

Besluit: met eenparigheid van stemmen

Artikel 1. De gemeenteraad keurt de samenwerkingsovereenkomst met VDAB goed. De
overeenkomst loopt tot 31 december 2026.

Artikel 2. Het college van burgemeester en schepenen wordt belast met de uitvoering.

Namens de gemeenteraad,
de algemeen directeur, Els Verbeke      de voorzitter, Pieter De Wilde
"""


def make_cp1252_txt() -> Path:
    """Windows-1252 with CRLF line ends; contains ’, – and €, which latin-1 lacks."""
    path = GOOD / "cp1252-overeenkomst.txt"
    path.write_bytes(CP1252_TEXT.replace("\n", "\r\n").encode("cp1252"))
    return path


def make_latin1_txt() -> Path:
    path = GOOD / "latin1-notulen.txt"
    path.write_bytes(LATIN1_TEXT.encode("latin-1"))
    return path


# --------------------------------------------------------------------------------------


def main() -> None:
    for folder in (FORMATS, BAD, GOOD):
        folder.mkdir(parents=True, exist_ok=True)

    created: list[Path] = []
    sch_pdf, sch_pages, sch_log = make_scheldeland_pdf()
    mech_pdf, mech_pages, mech_log = make_mechelen_pdf()
    created += [sch_pdf, mech_pdf, make_scheldeland_docx()]
    created += [
        make_empty_txt(),
        make_corrupt_pdf(sch_pdf),
        make_encrypted_pdf(),
        make_scanned_pdf(),
        make_binary_txt(),
        make_unsupported(),
        make_binary_html(),
        make_hidden_only_html(),
        make_navigation_html(),
        make_plain_text_html(),
        make_cp1252_txt(),
        make_latin1_txt(),
    ]

    for path in created:
        print(f"{path.relative_to(REPO)}  ({path.stat().st_size} bytes)")
    for name, pages, log in (("scheldeland", sch_pages, sch_log), ("mechelen", mech_pages, mech_log)):
        print(f"\n{name}: {pages} pages, {len(log.hyphenated)} hyphenated line ends")
        print("  compounds split at their own hyphen: " + ("; ".join(log.compound) or "none"))


if __name__ == "__main__":
    main()
