"""Turn raw page text into clean paragraphs.

- Unicode NFC, uniform spaces, no trailing whitespace.
- PDF running headers and footers (lines repeated at the top or bottom of pages, page numbers) removed.
- Hyphenation at line ends repaired, while real hyphenated words ("Oost-Vlaanderen", "wijk-werken",
  "VDAB-jongerenconsulenten") and elliptic hyphens ("tewerkstellings- en activeringsbeleid") survive.
- Hard-wrapped lines re-joined into paragraphs; paragraphs separated by one blank line.
- Markdown markup removed; Markdown and Word headings remembered as heading offsets.
- HTML (rendered by ingest/html.py into Markdown-like lines): every line is a paragraph, `#` lines are
  the headings with their outline levels, and no inline markup is interpreted.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from ingest.genre import fold, genre
from ingest.records import CleanText, LoadedFile
from ingest.structure import looks_like_plain_heading, match_pattern

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_PAGE_NUMBER = re.compile(
    r"^(?:(?:pagina|page|blz\.?|p\.)\s*)?[-–—]?\s*\d{1,4}\s*(?:(?:van|of|/)\s*\d{1,4})?\s*[-–—]?$", re.IGNORECASE
)
_NUMBER_ONLY = re.compile(r"^(?:[A-Z]{1,3}\s?)?\d{1,3}[.)]$")  # "12.", "HD 1.": a numbered item's number alone
_NUMBERED_TITLE = re.compile(r"^(?:(?:Agendapunt|Punt)\s+)?(?:[A-Z]{1,3}\s?)?\d{1,3}(?:\.\d{1,2})?[.:)]?\s+[A-ZÀ-Ý]")
_LIST_ITEM = re.compile(r"^(?:[-–•·▪*+]\s+|\.\s+|\d{1,2}[.)]\s+|[a-z][.)]\s+)")
_TERMINAL = tuple(".:;!?")
# "niet-roker", "ex-voorzitter": Dutch prefixes that always keep their hyphen
_HYPHEN_PREFIXES = {"niet", "ex", "oud", "vice", "anti", "non", "pre", "post", "co", "pseudo", "semi"}
_ELLIPSIS_FOLLOWERS = {"en", "of", "tot", "noch", "als"}
# Longer "paragraphs" are text that lost its line breaks (or a hostile file): they are split, at a
# sentence end where possible, so that the work done per paragraph downstream stays bounded (fact
# extraction re-reads a paragraph for every match in it). Real paragraphs are far shorter.
MAX_PARAGRAPH_CHARS = 5000


@dataclass
class _Line:
    text: str
    page: int
    marked_heading: bool = False
    hard_break: bool = False  # Markdown line break: the next line starts a new paragraph
    blank_before: bool = False
    level: int = 0  # outline level of a heading from HTML


def normalize_text(text: str, keep_hard_breaks: bool = False) -> str:
    """NFC, uniform spaces and line ends, no zero-width characters.

    keep_hard_breaks: keep a Markdown line break (two trailing spaces) as exactly two spaces."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _ZERO_WIDTH.sub("", text)
    lines = []
    for line in text.split("\n"):
        cleaned = _SPACES.sub(" ", line).rstrip()
        # (a string test, not a regex: `[ \t]{2,}$` is quadratic on a long run of inner spaces)
        if keep_hard_breaks and cleaned and (
            line.endswith("\\") or len(line) - len(line.rstrip(" \t\u00a0")) >= 2
        ):
            cleaned += "  "
        lines.append(cleaned)
    return "\n".join(lines)


def clean(loaded: LoadedFile) -> CleanText:
    plain = loaded.format in ("pdf", "txt")
    pages = [unfold_label_columns(unfold_signature_columns(p)) for p in loaded.pages] if plain else list(loaded.pages)
    pages = [normalize_text(p, keep_hard_breaks=loaded.format == "md") for p in pages]
    if loaded.format == "pdf":
        pages = strip_running_lines(pages)
    lines: list[_Line] = []
    for page_no, page in enumerate(pages):
        if loaded.format == "html":
            lines.extend(_html_lines(page, page_no))
        elif loaded.format == "md":
            lines.extend(_markdown_lines(page, page_no))
        else:
            lines.extend(_plain_lines(page, page_no, loaded.heading_lines))
    lines = _split_long_lines(lines)
    vocabulary = _hyphen_vocabulary("\n".join(pages))
    return _assemble(lines, n_pages=len(pages) if loaded.format == "pdf" else 0,
                     vocabulary=vocabulary, plain=plain,
                     outline=loaded.format == "html")


_SEGMENT = re.compile(r"\S+(?: {1,2}\S+)*")  # words apart by three spaces or a tab are in two columns
_SIGNATURE_HEAD = re.compile(r"(?:Voor|Namens|VOOR|NAMENS)\s")
MAX_COLUMN_BLOCK_LINES = 24  # lines of a signature block in columns


def unfold_signature_columns(page: str) -> str:
    """A signature block laid out in columns with spaces or tabs ("Voor de gemeente X      Voor de
    vzw Y", then the names and roles under each) is rewritten one column after the other, so that
    each party is followed by its own signatories. Only a line whose every column starts with "Voor"
    or "Namens" starts such a block; a line is split by the positions of those columns."""
    lines = page.expandtabs(8).split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        heads = [(m.start(), m.group(0)) for m in _SEGMENT.finditer(lines[i])]
        if len(heads) < 2 or not all(_SIGNATURE_HEAD.match(t) for _, t in heads):
            out.append(lines[i])
            i += 1
            continue
        columns = [[t] for _, t in heads]
        j, blanks = i + 1, 0
        while j < len(lines) and j - i <= MAX_COLUMN_BLOCK_LINES and blanks < 3:
            if any(len(m.group(0)) > 80 for m in _SEGMENT.finditer(lines[j])):
                break  # running text: the block has ended
            blanks = blanks + 1 if not lines[j].strip() else 0
            for m in _SEGMENT.finditer(lines[j]):
                k = max((k for k, (x, _) in enumerate(heads) if x <= m.start() + 2), default=0)
                columns[k].append(m.group(0))
            j += 1
        out.append("\n\n".join("\n".join(column) for column in columns))
        out.append("")
        i = j
    return "\n".join(out)


MAX_LABEL_VALUE_CHARS = 60  # a longer line is running text, not a form's value
_LABEL = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ]+(?:[ /-][A-Za-zÀ-ÿ]+){0,2}$")  # "Datum", "Plaats van vergadering"


def unfold_label_columns(page: str) -> str:
    """A form header whose label column, colon column and value column were extracted one after the
    other (a PDF table: "Datum", "Tijd", "Locatie", then ":" three times, then "9 april 2015",
    "19:30 uur", "Dorpshuis X") is put back as one "Label: value" paragraph per row. Only when the
    labels (two or more, each of one to three words without digits), the colons and the values (short
    lines) come in runs of the same length; anything else is left as it is."""
    lines = page.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        k = 0
        while i + k < len(lines) and _LABEL.match(lines[i + k].strip()):
            k += 1
        colons = lines[i + k : i + 2 * k]
        values = [v.strip() for v in lines[i + 2 * k : i + 3 * k]]
        if (k >= 2 and len(colons) == k and all(c.strip() == ":" for c in colons) and len(values) == k
                and all(0 < len(v) <= MAX_LABEL_VALUE_CHARS and v != ":" for v in values)):
            out.append("")
            for label, value in zip(lines[i : i + k], values, strict=True):
                out += [f"{label.strip()}: {value}", ""]
            i += 3 * k
            continue
        out.append(lines[i])  # the next line may start a shorter run of labels
        i += 1
    return "\n".join(out)


def strip_running_lines(pages: list[str], edge: int = 3) -> list[str]:
    """Remove page numbers and lines repeated at the top or bottom of most pages."""
    split = [p.split("\n") for p in pages]
    # a running line's numbers change from page to page ("Notulen 12 maart - blz. 3"); with only two
    # pages, two lines alike but for their numbers are as likely content ("De motie wordt aangenomen
    # met 31 tegen 13 stemmen." ending one page, another vote starting the next): only the same line counts
    masked = len(pages) >= 3

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", line.strip().lower()) if masked else line.strip().lower()

    counts: Counter[str] = Counter()
    for lines in split:
        nonblank = [ln for ln in lines if ln.strip()]
        counts.update({key(ln) for ln in nonblank[:edge] + nonblank[-edge:]})
    threshold = max(2, (len(pages) + 1) // 2)
    repeated = {k for k, n in counts.items() if n >= threshold} if len(pages) >= 2 else set()
    result = []
    for lines in split:
        nonblank_idx = [i for i, ln in enumerate(lines) if ln.strip()]
        edges = set(nonblank_idx[:edge] + nonblank_idx[-edge:])
        kept = [
            ln
            for i, ln in enumerate(lines)
            if not (i in edges and (key(ln) in repeated or _PAGE_NUMBER.match(ln.strip())))
        ]
        result.append("\n".join(kept))
    return result


# the closing #s are stripped in Python: a lazy `(.*?)\s*#*\s*$` is quadratic on a long run of '#'
# "### Artikel 1" and, as converters often write it, "###Artikel 1"
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}(?!#)\s*(\S.*)$")
_MD_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_MD_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(.+?)\1\s*:?\s*$")
# link text and target may not contain their own opening bracket: otherwise every unclosed '[' or
# '<' scans to the end of the line and a long hostile line takes quadratic time
_MD_LINK = re.compile(r"\[([^\[\]]+)\]\([^()]+\)")
_MD_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>]+)>")
_MD_STRONG = re.compile(r"(\*\*|__)(.+?)\1")
_MD_EM = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")


def strip_inline_markdown(text: str) -> str:
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_AUTOLINK.sub(r"\1", text)
    text = _MD_STRONG.sub(r"\2", text)
    text = _MD_EM.sub(r"\1", text)
    return text.replace("\\", "")


def _markdown_lines(page: str, page_no: int) -> list[_Line]:
    lines: list[_Line] = []
    blank = False
    for raw in page.split("\n"):
        hard_break = raw.endswith(("  ", "\\"))
        stripped = raw.strip()
        if not stripped or _MD_RULE.match(stripped):
            blank = True
            continue
        marked = False
        m = _MD_HEADING.match(raw)
        if m:
            stripped, marked = m.group(1).rstrip().rstrip("#").rstrip(), True
        else:
            b = _MD_BOLD_LINE.match(stripped)
            if b and not b.group(2).rstrip().endswith("."):
                marked = True
        text = strip_inline_markdown(stripped).strip()
        if not text:
            blank = True
            continue
        lines.append(_Line(text, page_no, marked_heading=marked, hard_break=hard_break, blank_before=blank))
        blank = False
    return lines


_HTML_HEADING = re.compile(r"^(#{1,6}) (.*)$")


def _html_lines(page: str, page_no: int) -> list[_Line]:
    """Lines rendered from HTML: one paragraph each; '# ' lines are headings, '\\#' an escaped '#'."""
    lines: list[_Line] = []
    for raw in page.split("\n"):
        text = raw.strip()
        if not text:
            continue
        m = _HTML_HEADING.match(text)
        if m and m.group(2).strip():
            lines.append(_Line(m.group(2).strip(), page_no, marked_heading=True, hard_break=True,
                               level=len(m.group(1))))
            continue
        if text.startswith("\\#"):
            text = text[1:]
        lines.append(_Line(text, page_no, hard_break=True))
    return lines


def _plain_lines(page: str, page_no: int, heading_lines: frozenset[str]) -> list[_Line]:
    lines: list[_Line] = []
    blank = False
    for raw in page.split("\n"):
        text = raw.strip()
        if not text:
            blank = True
            continue
        lines.append(_Line(text, page_no, marked_heading=text in heading_lines, blank_before=blank))
        blank = False
    return lines


def _split_long_lines(lines: list[_Line]) -> list[_Line]:
    result: list[_Line] = []
    for line in lines:
        if len(line.text) <= MAX_PARAGRAPH_CHARS:
            result.append(line)
            continue
        for i, piece in enumerate(_pieces(line.text)):
            first = i == 0
            result.append(_Line(piece, line.page, marked_heading=line.marked_heading and first,
                                hard_break=line.hard_break, blank_before=line.blank_before or not first,
                                level=line.level if first else 0))
    return result


def _pieces(text: str) -> list[str]:
    """Cut a line into pieces of at most MAX_PARAGRAPH_CHARS: after a sentence end in the second half
    of the window, else at a space, else anywhere."""
    pieces = []
    start = 0
    while len(text) - start > MAX_PARAGRAPH_CHARS:
        limit = start + MAX_PARAGRAPH_CHARS
        half = start + MAX_PARAGRAPH_CHARS // 2
        cut = max(text.rfind(". ", half, limit), text.rfind("? ", half, limit), text.rfind("! ", half, limit))
        if cut > start:
            cut += 1
        else:
            cut = text.rfind(" ", half, limit)
            if cut <= start:
                cut = limit
        pieces.append(text[start:cut].strip())
        start = cut
    pieces.append(text[start:].strip())
    return [p for p in pieces if p]


def _hyphen_vocabulary(text: str) -> tuple[set[str], set[str]]:
    """Words seen inside lines: hyphenated compounds and plain words, lowercased."""
    # \b: a match starts at a word start only; without it a long word without hyphens is quadratic
    hyphenated = {m.group(0).lower() for m in re.finditer(r"\b\w+(?:-\w+)+", text)}
    words = {m.group(0).lower() for m in re.finditer(r"\w+", text)}
    return hyphenated, words


def join_hyphenated(prev: str, cur: str, vocabulary: tuple[set[str], set[str]]) -> tuple[str, str] | None:
    """If `prev` ends with a hyphen, decide how to join `cur` to it.

    Returns (new_prev, separator) or None when prev does not end with a word hyphen."""
    m = re.search(r"(\w+)-$", prev)
    if not m:
        return None
    prefix = m.group(1)
    nm = re.match(r"\w+", cur)
    suffix = nm.group(0) if nm else ""
    if not suffix:
        return prev, ""
    if suffix.lower() in _ELLIPSIS_FOLLOWERS:
        return prev, " "  # "tewerkstellings- en activeringsbeleid"
    hyphenated, words = vocabulary
    compound = f"{prefix}-{suffix}".lower()
    joined = f"{prefix}{suffix}".lower()
    keep = (
        not suffix[0].islower()  # "Oost-Vlaanderen", "2019-2024"
        or compound in hyphenated
        or (joined not in words and (
            prefix.lower() in _HYPHEN_PREFIXES
            or prefix.isupper()  # "VDAB-jongerenconsulenten"
            or len(prefix) == 1  # "e-inclusie"
            or prefix[-1].lower() in "aeiou" and suffix[0].lower() in "aeiou" and _vowel_clash(prefix, suffix)
        ))
    )
    if keep:
        return prev, ""
    return prev[:-1], ""


def _vowel_clash(prefix: str, suffix: str) -> bool:
    """Dutch writes a hyphen where joining would create a misleading vowel combination (zee-egel)."""
    pair = (prefix[-1] + suffix[0]).lower()
    return pair in {"aa", "ee", "oo", "uu", "ae", "ai", "au", "ei", "eu", "ie", "oe", "oi", "ou", "ui"}


def _wrapped(text: str, prev_text: str, short: float) -> bool:
    """A line that continues a full-width line which does not end a sentence, unless it is a genre
    heading, a one-word label or an item's status line."""
    return (len(prev_text) >= short and not prev_text.endswith(_TERMINAL) and len(text.split()) > 1
            and match_pattern(text) is None and fold(text) not in genre().status_lines)


def opens_row(text: str) -> bool:
    """Whether a line opens a row of a decision list laid out as a table: an item code, a title and
    the outcome in the last column ("I.2 Voorstel van het college inzake ... Aangenomen")."""
    if not genre().row_code.match(text):
        return False
    tail = fold(text).rstrip(" .")
    return any(tail.endswith(" " + outcome) for outcome in genre().row_outcomes)


def outcome_only(text: str) -> bool:
    """Whether a line is only a row's outcome, an empty last cell maybe after it ("Kennisgenomen  -")."""
    return fold(text).strip().rstrip(" -–.") in genre().row_outcomes


def _is_heading_line(line: _Line, plain: bool) -> bool:
    if line.marked_heading or match_pattern(line.text) is not None:
        return True
    return plain and looks_like_plain_heading(line.text)


def _assemble(
    lines: list[_Line], n_pages: int, vocabulary: tuple[set[str], set[str]], plain: bool, outline: bool = False
) -> CleanText:
    lengths = sorted(len(ln.text) for ln in lines) or [0]
    typical = lengths[int(0.9 * (len(lengths) - 1))]
    short = 0.7 * typical

    out: list[str] = []
    size = 0
    page_starts: dict[int, int] = {}
    heading_offsets: set[int] = set()
    heading_levels: list[tuple[int, int]] = []
    prev: _Line | None = None
    prev_heading = False
    paragraph_chars = 0

    for line in lines:
        heading = _is_heading_line(line, plain)
        new_paragraph = prev is None
        if prev is not None:
            prev_text = out[-1]
            starts_lower = line.text[0].islower()
            ends_sentence = prev_text.endswith(_TERMINAL)
            if line.marked_heading or prev.marked_heading or prev.hard_break or _LIST_ITEM.match(line.text):
                new_paragraph = True
            elif plain and not line.blank_before and outcome_only(line.text) and genre().row_code.match(prev.text):
                new_paragraph = False  # a row's outcome on the line under its title ("Kennisgenomen   -")
            elif plain and (opens_row(line.text) or opens_row(prev.text) and genre().row_code.match(line.text)):
                new_paragraph = True  # a row of a decision list laid out as a table, or the next item after one
            elif prev_heading:
                # a heading line continues only when the next line clearly continues it
                new_paragraph = not starts_lower
            elif heading and not starts_lower:
                # in plain text a wrapped piece of a full line that runs on can look like a heading
                # ("... Vraag raadslid Anja" / "Blanckaert - Beraadslaging"): it continues the line
                new_paragraph = line.blank_before or not (plain and _wrapped(line.text, prev_text, short))
            elif line.blank_before:
                # a blank line ends a paragraph, unless the sentence obviously runs on (page breaks)
                new_paragraph = ends_sentence or not starts_lower
            elif plain and ends_sentence and len(prev.text) < short:
                new_paragraph = True
            elif plain and len(prev.text) < short and _NUMBERED_TITLE.match(prev.text) and line.text[0].isupper():
                new_paragraph = True  # "2. Vaststelling van het reglement" above its text: a title line
            else:
                new_paragraph = False
            if not new_paragraph and paragraph_chars + 1 + len(line.text) > MAX_PARAGRAPH_CHARS:
                new_paragraph = True
            # PDF prints of minutes put an item's number on a line of its own ("46.") above its title
            if _NUMBER_ONLY.match(line.text):
                new_paragraph = True
            elif _NUMBER_ONLY.match(prev.text) and paragraph_chars == len(prev.text) and not line.marked_heading:
                new_paragraph = False

        if new_paragraph:
            if out:
                out.append("\n\n")
                size += 2
            sep = ""
        else:
            joined = join_hyphenated(out[-1], line.text, vocabulary)
            if joined is None:
                sep = " "
            else:
                new_prev, sep = joined
                size -= len(out[-1]) - len(new_prev)
                out[-1] = new_prev
        if sep:
            out.append(sep)
            size += len(sep)
        if n_pages and line.page not in page_starts:
            for p in range(len(page_starts), line.page + 1):
                page_starts.setdefault(p, size)
        if new_paragraph and line.marked_heading:
            heading_offsets.add(size)
            if outline:
                heading_levels.append((size, line.level))
        out.append(line.text)
        size += len(line.text)
        paragraph_chars = len(line.text) if new_paragraph else paragraph_chars + len(sep) + len(line.text)
        prev, prev_heading = line, (heading if new_paragraph else prev_heading and heading)

    text = "".join(out)
    starts = tuple(page_starts.get(p, len(text)) for p in range(n_pages)) if n_pages else ()
    marked = frozenset(o for o in heading_offsets if o < len(text))
    levels = tuple((o, level) for o, level in heading_levels if o < len(text)) if outline else None
    return CleanText(text=text, page_starts=starts, heading_offsets=marked, heading_levels=levels)
