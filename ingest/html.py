"""Read an HTML page (a saved page or a council publication page) into Markdown-like text.

Only what a browser shows is kept: scripts, styles, navigation, page-level header and footer, form
controls and every element hidden with `display:none`, `visibility:hidden`, the `hidden` attribute
or `aria-hidden="true"` (also through simple rules of the page's own `<style>` blocks) are dropped.
Publication pages repeat every title in such a hidden copy for their linked data.

The structure comes from the markup: headings become `#` lines whose depth follows the document's
outline, list items become `- ` lines, table rows `a | b | c` lines, every other block its own
paragraph. The depth of a heading is found from the DOM (a heading contains the headings that follow
it inside its parent element, or that have a higher level in that same element), so that "Besluit"
contains "Artikel 1" even where a page marks the article with a higher heading level. Every agenda
item of the page's linked data (RDFa) starts a top-level heading, so that section paths read
"agenda item > section". Short bold-only paragraphs and the genre's section names ("Besluit",
"Artikel 1") become headings one level below the heading that contains them.

The page's linked data is read into typed records (`ingest.publication`), which point to the
rendered text where each record stands.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html

from ingest.publication import Publication, read_publication, split_number
from ingest.rdfa import Graph, read_rdfa
from ingest.records import IngestError
from ingest.structure import match_pattern

MAX_HEADING_CHARS = 500  # a longer "heading" is a paragraph in heading markup (agenda titles reach 400)
MAX_PSEUDO_HEADING_CHARS = 120  # bold-only paragraph that still reads as a heading
SMALL_FORM_CHARS = 200  # a form with less text than this is a search or login box
MAX_ELEMENTS = 1_000_000  # about a minute of work; the largest real page has 30 times fewer
NAV_SHELL_WORDS = 40  # fewer words outside links than this, and links dominate: a navigation shell

# Elements whose content a browser does not show as text, or that are site chrome.
_DROP_TAGS = {
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "base", "iframe",
    "object", "embed", "applet", "canvas", "svg", "math", "audio", "video", "picture", "source",
    "track", "map", "area", "img", "select", "option", "optgroup", "datalist", "button", "input",
    "textarea", "output", "progress", "meter", "nav", "menu",
}
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "search", "menu", "menubar", "dialog", "alertdialog"}
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup",
    "hr", "html", "legend", "li", "listing", "main", "ol", "p", "plaintext", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "caption", "xmp",
    "h1", "h2", "h3", "h4", "h5", "h6",
}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_ROW_BREAKERS = {"h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl", "li", "pre", "blockquote"}
_BOLD_TAGS = {"b", "strong"}

_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse))\b", re.IGNORECASE)
_BOLD_STYLE = re.compile(r"(?:^|;)\s*font-weight\s*:\s*(?:bold|bolder|[6-9]00)\b", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CELL = "\x1f"  # separates table cells inside a row while it is collected
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CSS_SIMPLE = re.compile(r"^([a-z][a-z0-9]*)?(?:([.#])([\w-]+))?$", re.IGNORECASE)
_MD_HEADING_START = re.compile(r"^\s{0,3}#{1,6}(?:\s|$)")
# "12.", "HD 1.", "3)", "12a": the number label some platforms print on a line of its own before
# an agenda item's title
_NUMBER_LABEL = re.compile(r"^(?:[A-Z]{1,4}\.?\s?)?\d{1,3}[a-z]?[.)]?$")
_TAG_SNIFF = re.compile(
    r"<\s*(?:!doctype\s+html|html|head|body|div|p|span|h[1-6]|table|ul|ol|li|a|br|section|article|main|title)\b",
    re.IGNORECASE,
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


@dataclass(eq=False)  # blocks are compared by identity
class Block:
    """One rendered line: a paragraph, list item, table row or heading."""

    kind: str  # "p" | "li" | "row" | "h"
    text: str
    element: etree._Element | None
    hlevel: int = 0  # 1-6 for h1-h6; 7+ for paragraphs promoted to headings
    bold: bool = False
    rank: int = 0  # depth in the outline (0 = top)
    item: bool = False  # starts an agenda item
    start: int = -1  # offset of `text` in the page text
    merged_into: int | None = None  # a number label merged into the heading that follows it


@dataclass
class RenderedPage:
    """The page as text, its blocks, and where every element with linked data ended up."""

    text: str
    blocks: list[Block]
    spans: dict[etree._Element, tuple[int, int]] = field(default_factory=dict)  # element -> block range
    words: int = 0  # visible words outside links
    link_words: int = 0  # visible words inside links

    def block(self, index: int) -> Block:
        block = self.blocks[index]
        while block.merged_into is not None:
            block = self.blocks[block.merged_into]
        return block

    def blocks_of(self, element: etree._Element) -> list[Block]:
        """The visible blocks an element produced, in order (empty when it is hidden)."""
        span = self.spans.get(element)
        if span is None:
            return []
        seen: list[Block] = []
        for i in range(span[0], span[1] + 1):
            b = self.block(i)
            if not seen or seen[-1] is not b:
                seen.append(b)
        return seen

    def item_heading(self, index: int) -> Block | None:
        """The top-level heading (an agenda item, or the outermost heading) above block `index`."""
        for i in range(index, -1, -1):
            b = self.blocks[i]
            if b.merged_into is None and b.kind == "h" and b.rank == 0:
                return b
        return None


@dataclass(frozen=True)
class HtmlDocument:
    text: str  # Markdown-like: '#' headings by outline depth, '- ' list items, 'a | b' table rows
    publication: Publication | None  # the page's linked data, None when it has none
    title: str | None  # the first visible <h1>


def read_html(data: bytes) -> HtmlDocument:
    """Render an HTML file and read its linked data. Raises IngestError with a Dutch reason."""
    source = decode_html(data)
    parser = lxml_html.HTMLParser()  # keeps libxml2's limits (nesting depth 256)
    try:
        root = lxml_html.document_fromstring(source, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise IngestError(f"de HTML-pagina kan niet gelezen worden: {exc}") from exc
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # the parser stops at this depth and drops what lies deeper: refuse rather than lose text
        raise IngestError("de HTML-pagina is te diep genest (meer dan 256 niveaus) en kan niet volledig gelezen worden")
    elements = sum(1 for _ in root.iter())
    if elements > MAX_ELEMENTS:
        raise IngestError(f"de HTML-pagina heeft {_thousands(elements)} elementen, meer dan de grens van "
                          f"{_thousands(MAX_ELEMENTS)}")
    graph = read_rdfa(root)
    page = render(root, graph)
    words, link_words = page.words, page.link_words
    if words + link_words == 0:
        raise IngestError("de HTML-pagina toont geen tekst (leeg of alles verborgen)")
    if words < NAV_SHELL_WORDS and link_words > words:
        raise IngestError(
            "de HTML-pagina bevat enkel navigatie (bijna alle tekst zijn links); sla de pagina van "
            "de publicatie zelf op"
        )
    title = next((b.text for b in page.blocks if b.kind == "h" and b.hlevel == 1 and b.merged_into is None), None)
    return HtmlDocument(text=page.text, publication=read_publication(root, graph, page), title=title)


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def decode_html(data: bytes) -> str:
    """Bytes -> text: BOM, else the page's own charset, else UTF-8, else Windows-1252.

    Binary content with an .html name is refused, and so is text without any HTML markup."""
    head = data[:65536]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError("het bestand is geen HTML-pagina (binaire inhoud)")
    encodings: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        encodings.append("utf-8-sig")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings.append("utf-16")
    m = _META_CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii", "replace").lower()
        # a page cannot declare UTF-16 in its own (ASCII-compatible) text: browsers read UTF-8 then
        encodings.append("utf-8" if declared.startswith("utf-16") else declared)
    encodings += ["utf-8", "cp1252"]
    text = None
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except (UnicodeDecodeError, LookupError):
            continue
    if text is None:
        text = data.decode("latin-1")
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    if sample and controls / len(sample) > 0.02:
        raise IngestError("het bestand is geen HTML-pagina (binaire inhoud)")
    if not _TAG_SNIFF.search(text[:200000]):
        raise IngestError("het bestand is geen HTML-pagina (er staat geen HTML-opmaak in)")
    return _XML_DECLARATION.sub("", text, count=1)


# ---- rendering --------------------------------------------------------------------------------


class _Renderer:
    """Walks the visible DOM and collects blocks; remembers which blocks each tracked element produced."""

    def __init__(self, root: etree._Element, tracked: set[etree._Element]) -> None:
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.buf_visible = 0  # non-space characters in the buffer
        self.buf_bold = 0  # of which inside bold markup
        self.block_elements: list[etree._Element] = []
        self.heading: etree._Element | None = None  # the heading being collected
        self.row: etree._Element | None = None  # the table row being collected as one line
        self.pre_depth = 0
        self.bold_depth = 0
        self.bold_elements: set[etree._Element] = set()
        self.link_depth = 0
        self.pending_li = False
        self.words = 0
        self.link_words = 0
        self.visible = 0  # non-space characters emitted so far
        self.tracked = tracked
        self.spans: dict[etree._Element, tuple[int, int]] = {}
        self._open: dict[etree._Element, tuple[int, int]] = {}
        self.hidden_rules = _style_rules(root)

    @property
    def inline(self) -> bool:
        """Inside a heading or a table row, block boundaries are spaces, not new lines."""
        return self.heading is not None or self.row is not None

    # -- text --
    def add(self, text: str | None) -> None:
        if not text:
            return
        if self.pre_depth and "\n" in text and not self.inline:
            for i, line in enumerate(text.split("\n")):
                if i:
                    self.flush()
                self._add(line)
            return
        self._add(text)

    def _add(self, text: str) -> None:
        if not text:
            return
        self.buf.append(text)
        words = _ZERO_WIDTH.sub("", text).split()  # what the block keeps (see _clean_inline)
        if not words:
            return
        n = sum(map(len, words))
        self.buf_visible += n
        self.visible += n
        if self.bold_depth:
            self.buf_bold += n
        if self.link_depth:
            self.link_words += len(words)
        else:
            self.words += len(words)

    def flush(self) -> None:
        raw = "".join(self.buf)
        visible, bold = self.buf_visible, self.buf_bold
        self.buf, self.buf_visible, self.buf_bold = [], 0, 0
        if not visible:
            return
        hlevel = 0
        if self.row is not None:
            text = " | ".join(c for c in (_clean_inline(c) for c in raw.split(_CELL)) if c)
            kind, element = "row", self.row
        else:
            text = _clean_inline(raw.replace(_CELL, " "))
            if self.heading is not None:
                kind, element, hlevel = "h", self.heading, _HEADINGS[self.heading.tag]
            else:
                kind, element = "p", (self.block_elements[-1] if self.block_elements else None)
        if not text:
            return
        if kind == "h" and len(text) > MAX_HEADING_CHARS:
            kind, hlevel = "p", 0
        if kind in ("p", "row") and self.pending_li:
            kind = "li" if kind == "p" else kind
        self.pending_li = False
        self.blocks.append(Block(kind, text, element, hlevel=hlevel, bold=bold == visible))

    def boundary(self) -> None:
        if self.inline:
            self._add(" ")
        else:
            self.flush()

    # -- elements --
    def hidden(self, el: etree._Element) -> bool:
        tag = el.tag
        if tag in _DROP_TAGS:
            return True
        get = el.get
        if get("hidden") is not None or (get("aria-hidden") or "").strip().lower() == "true":
            return True
        style = get("style")
        if style and _HIDDEN_STYLE.search(style):
            return True
        role = (get("role") or "").strip().lower()
        if role in _CHROME_ROLES and not (role == "dialog" and get("open") is not None):
            return True
        if tag == "dialog" and get("open") is None:
            return True
        if tag in ("header", "footer") and not _inside(el, ("article", "main")):
            return True
        if tag == "form" and len(_text_without_controls(el)) < SMALL_FORM_CHARS:
            return True
        return bool(self.hidden_rules) and _matches_rules(el, self.hidden_rules)

    def enter(self, el: etree._Element) -> None:
        tag = el.tag
        if tag in _BLOCK_TAGS:
            self.boundary()
            # every block element's place is kept (the outline needs where each one ends)
            self._open[el] = (len(self.blocks), self.visible)
            if tag in _HEADINGS and not self.inline:
                self.heading = el
            elif tag == "tr" and not self.inline and _data_row(el):
                self.row = el
            elif tag == "li":
                self.pending_li = True
            elif tag == "pre":
                self.pre_depth += 1
            self.block_elements.append(el)
        elif tag == "br":
            self.boundary()
        elif el in self.tracked:
            self._open[el] = (len(self.blocks), self.visible)
        style = el.get("style")
        if tag in _BOLD_TAGS or (style and _BOLD_STYLE.search(style)):
            self.bold_depth += 1
            self.bold_elements.add(el)
        if tag == "a" and el.get("href") is not None:
            self.link_depth += 1

    def leave(self, el: etree._Element) -> None:
        tag = el.tag
        if tag in ("td", "th") and self.row is not None and self.heading is None:
            self._add(_CELL)
        if tag in _BLOCK_TAGS:
            if el is self.heading or el is self.row:
                self.flush()
                self.heading = None if el is self.heading else self.heading
                self.row = None if el is self.row else self.row
            else:
                self.boundary()
            if tag == "pre":
                self.pre_depth -= 1
            if tag == "li":
                self.pending_li = False
            if self.block_elements and self.block_elements[-1] is el:
                self.block_elements.pop()
        if el in self.bold_elements:
            self.bold_depth -= 1
            self.bold_elements.discard(el)
        if tag == "a" and el.get("href") is not None:
            self.link_depth -= 1
        opened = self._open.pop(el, None)
        if opened is not None and self.visible > opened[1]:
            last = len(self.blocks) if self.buf_visible else len(self.blocks) - 1
            self.spans[el] = (opened[0], max(opened[0], last))

    def finish(self) -> None:
        """Flush the last block; spans that counted on a block that never came end at the last one."""
        self.flush()
        end = len(self.blocks) - 1
        for el, (first, last) in list(self.spans.items()):
            if last > end:
                if first > end:
                    del self.spans[el]
                else:
                    self.spans[el] = (first, end)


def render(root: etree._Element, graph: Graph) -> RenderedPage:
    """Render the visible DOM into blocks, then give the blocks their outline and the page its text."""
    body = root.find("body")
    start = body if body is not None else root
    r = _Renderer(root, _elements_to_track(graph))
    stack: list[tuple[etree._Element, bool]] = [(start, True)]
    no_tail: set[etree._Element] = set()  # the summary of a closed <details>: the rest is folded away
    while stack:  # iterative: a page may nest deeper than Python's recursion limit
        el, entering = stack.pop()
        if not entering:
            r.leave(el)
            if el not in no_tail:
                r.add(el.tail)
            continue
        if not isinstance(el.tag, str) or (el is not start and r.hidden(el)):
            r.add(el.tail)  # a comment or a hidden element: only the text after it shows
            continue
        r.enter(el)
        stack.append((el, False))
        children = [c for c in el]
        if el.tag == "details" and el.get("open") is None:  # a closed <details> shows its summary
            children = [c for c in children if c.tag == "summary"]
            no_tail.update(children)
        else:
            r.add(el.text)
        stack.extend((c, True) for c in reversed(children))
    r.finish()
    page = RenderedPage(text="", blocks=r.blocks, spans=r.spans, words=r.words, link_words=r.link_words)
    _outline(page, graph)
    _assemble(page)
    return page


def _elements_to_track(graph: Graph) -> set[etree._Element]:
    """Elements whose place in the text the records need: those that carry linked data."""
    tracked: set[etree._Element] = set()
    for node in graph.nodes.values():
        tracked.update(node.elements)
        for values in node.props.values():
            tracked.update(v.element for v in values)
    return tracked


def _clean_inline(text: str) -> str:
    text = unicodedata.normalize("NFC", _ZERO_WIDTH.sub("", text))
    return _SPACES.sub(" ", text).strip()


def _inside(el: etree._Element, tags: tuple[str, ...]) -> bool:
    parent = el.getparent()
    while parent is not None:
        if isinstance(parent.tag, str) and parent.tag.lower() in tags:
            return True
        parent = parent.getparent()
    return False


def _text_without_controls(form: etree._Element) -> str:
    parts: list[str] = []
    for el in form.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag in _DROP_TAGS:
            continue
        if el.text and el.getparent() is not None and el.tag not in _DROP_TAGS:
            parts.append(el.text)
        if el.tail and el is not form:
            parts.append(el.tail)
        if sum(len(p) for p in parts) > SMALL_FORM_CHARS * 4:
            break
    return _SPACES.sub(" ", "".join(parts)).strip()


def _data_row(tr: etree._Element) -> bool:
    """A table row that reads as one line of cells, not a layout row holding whole sections."""
    size = 0
    for el in tr.iterdescendants():
        if isinstance(el.tag, str) and el.tag.lower() in _ROW_BREAKERS:
            return False
        size += len(el.text or "") + len(el.tail or "")
        if size > 1000:
            return False
    return True


def _style_rules(root: etree._Element) -> tuple[set[str], set[str], set[str], set[tuple[str, str]]]:
    """Simple selectors (tag, .class, #id, tag.class) that the page's <style> blocks hide."""
    tags: set[str] = set()
    classes: set[str] = set()
    ids: set[str] = set()
    compound: set[tuple[str, str]] = set()
    for style in root.iter("style"):
        css = re.sub(r"/\*.*?\*/", "", style.text or "", flags=re.DOTALL)
        css = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", css)
        for m in _CSS_RULE.finditer(css):
            if not re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", m.group(2), re.IGNORECASE):
                continue
            for selector in m.group(1).split(","):
                s = _CSS_SIMPLE.match(selector.strip())
                if not s or not (s.group(1) or s.group(3)):
                    continue
                tag, kind, name = (s.group(1) or "").lower(), s.group(2), s.group(3)
                if kind == "#":
                    ids.add(name)
                elif kind == "." and tag:
                    compound.add((tag, name))
                elif kind == ".":
                    classes.add(name)
                elif tag and tag not in ("html", "body"):
                    tags.add(tag)
    if not (tags or classes or ids or compound):
        return set(), set(), set(), set()  # type: ignore[return-value]
    return tags, classes, ids, compound


def _matches_rules(el: etree._Element, rules: tuple[set[str], set[str], set[str], set[tuple[str, str]]]) -> bool:
    tags, classes, ids, compound = rules
    if el.tag in tags:
        return True
    if ids and el.get("id") in ids:
        return True
    cls = el.get("class")
    if cls and (classes or compound):
        names = cls.split()
        if any(n in classes for n in names) or any((el.tag, n) in compound for n in names):
            return True
    return False


# ---- outline ----------------------------------------------------------------------------------


def _descends(el: etree._Element, ancestor: etree._Element) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.getparent()
    return False


def _outline(page: RenderedPage, graph: Graph) -> None:
    blocks = page.blocks
    # 1. a number label on its own line ("12.", "HD 1.") joins the heading that follows it
    for i in range(len(blocks) - 1):
        b, nxt = blocks[i], blocks[i + 1]
        if b.kind == "p" and nxt.kind == "h" and _NUMBER_LABEL.match(b.text):
            nxt.text = f"{b.text} {nxt.text}"
            b.merged_into = i + 1
    # 2. agenda items of the linked data start a top-level heading
    items = _item_elements(page, graph)
    item_of: dict[int, etree._Element] = {}
    for element, titles in items:
        span = page.spans.get(element)
        if span is None:
            continue
        chosen = None
        for i in range(span[0], span[1] + 1):
            b = blocks[i]
            if b.merged_into is None and b.kind == "h":
                chosen = i
                break
        if chosen is None:
            for i in range(span[0], span[1] + 1):
                b = blocks[i]
                if b.merged_into is None and b.kind == "p" and b.text in titles:
                    b.kind, b.hlevel = "h", 7
                    chosen = i
                    break
        if chosen is not None and chosen not in item_of:
            item_of[chosen] = element
    # a visible paragraph or heading outside the item elements that carries an item's title (with or
    # without its number) starts that item too: pages that keep their linked data in a hidden copy,
    # or list the items once more above their treatment
    titles = _item_titles(graph)
    if titles:
        inside = [page.spans[el] for el, _ in items if el in page.spans]
        for i, b in enumerate(blocks):
            if b.merged_into is not None or b.kind not in ("p", "h") or i in item_of or b.text not in titles:
                continue
            if any(lo <= i <= hi for lo, hi in inside):
                continue
            b.kind, b.hlevel = "h", b.hlevel or 7
            parent = b.element.getparent() if b.element is not None else None
            item_of[i] = parent if parent is not None else b.element  # type: ignore[assignment]
    # 3. short bold-only paragraphs and the genre's section names are headings below their container
    for i, b in enumerate(blocks):
        if b.kind != "p" or b.merged_into is not None or i in item_of:
            continue
        genre = match_pattern(b.text)
        if genre is not None and len(b.text) <= 80 and (len(b.text) <= 40 or not b.text.endswith((".", ";", ","))):
            b.kind, b.hlevel = "h", 7 + genre.rank
        elif b.bold and len(b.text) <= MAX_PSEUDO_HEADING_CHARS and not b.text.endswith((".", ";", ",")):
            b.kind, b.hlevel = "h", 8
    # 4. depth of every heading from the DOM
    stack: list[tuple[etree._Element | None, int, int, bool]] = []  # container, level, rank, item
    for i, b in enumerate(blocks):
        if b.kind != "h" or b.merged_into is not None:
            continue
        if i in item_of:
            b.item, b.rank = True, 0
            stack = [(item_of[i], 0, 0, True)]
            continue
        el = b.element
        while stack and not _contains(stack[-1], el, b.hlevel):
            stack.pop()
        b.rank = stack[-1][2] + 1 if stack else 0
        stack.append((el.getparent() if el is not None else None, b.hlevel, b.rank, False))
    _demote_labels(page, item_of)


def _demote_labels(page: RenderedPage, item_of: dict[int, etree._Element]) -> None:
    """Markdown cannot end a section: text that follows a sub-section's element inside its parent's
    element would be attributed to the sub-section. Where that sub-section is only a label over a
    short list (a heading without sub-headings, the first under its parent, followed by more of the
    parent's text: "Aanwezig" over the names inside a vote, then the counts of the vote), it is made
    an ordinary line, so that the text after it stays with the parent."""
    blocks = page.blocks
    headings = [i for i, b in enumerate(blocks) if b.kind == "h" and b.merged_into is None]
    for pos, i in enumerate(headings):
        b = blocks[i]
        if b.item or b.element is None or pos == 0:
            continue
        parent_block = blocks[headings[pos - 1]]
        if parent_block.rank != b.rank - 1:
            continue  # not the first sub-heading of its parent
        span = page.spans.get(b.element.getparent())
        following = headings[pos + 1] if pos + 1 < len(headings) else len(blocks)
        if span is None or following <= span[1]:
            continue  # it has sub-headings of its own
        j = span[1] + 1
        while j < following and blocks[j].merged_into is not None:
            j += 1
        if j >= following:
            continue  # the next thing after it is a heading: nothing is misattributed
        parent_element = item_of.get(headings[pos - 1]) if parent_block.item else (
            parent_block.element.getparent() if parent_block.element is not None else None)
        parent_span = page.spans.get(parent_element) if parent_element is not None else None
        if parent_span is not None and parent_span[0] <= j <= parent_span[1]:
            b.kind, b.hlevel = "p", 0


def _contains(entry: tuple[etree._Element | None, int, int, bool], el: etree._Element | None, level: int) -> bool:
    container, container_level, _, is_item = entry
    if container is None or el is None:
        return False
    if is_item:
        return _descends(el, container) or el is container
    if not _descends(el, container):
        return False
    return el.getparent() is not container or level > container_level


_ITEM_TYPES = ("besluit:BehandelingVanAgendapunt", "besluit:Agendapunt", "besluit:Besluit")
_TITLE_PROPS = ("dct:title", "eli:title", "eli:title_short")


def _item_elements(page: RenderedPage, graph: Graph) -> list[tuple[etree._Element, set[str]]]:
    """The outermost visible elements typed as agenda item, its treatment or its decision."""
    candidates: dict[etree._Element, set[str]] = {}
    for node in graph.of_type(*_ITEM_TYPES):
        titles = {t for t in (node.first(p) for p in _TITLE_PROPS) if t}
        for el in node.elements:
            if el in page.spans:
                candidates.setdefault(el, set()).update(titles)
    outer = []
    for el, titles in candidates.items():
        parent = el.getparent()
        nested = False
        while parent is not None:
            if parent in candidates:
                nested = True
                candidates[parent].update(titles)
                break
            parent = parent.getparent()
        if not nested:
            outer.append(el)
    outer.sort(key=lambda e: page.spans[e][0])
    return [(el, candidates[el]) for el in outer]


def _item_titles(graph: Graph) -> set[str]:
    titles: set[str] = set()
    for node in graph.of_type("besluit:Agendapunt"):
        title = node.first("dct:title")
        if title:
            titles.add(title)
            titles.add(split_number(title)[1])
    return titles


# ---- text ---------------------------------------------------------------------------------------


def _assemble(page: RenderedPage) -> None:
    lines: list[str] = []
    size = 0
    for b in page.blocks:
        if b.merged_into is not None:
            continue
        if b.kind == "h":
            prefix = "#" * min(b.rank + 1, 6) + " "
        elif b.kind == "li":
            prefix = "- "
        elif _MD_HEADING_START.match(b.text):
            prefix = "\\"  # a paragraph that starts with '#' is not a heading
        else:
            prefix = ""
        if lines:
            size += 2
        b.start = size + len(prefix)
        line = prefix + b.text
        lines.append(line)
        size += len(line)
    page.text = "\n\n".join(lines)
