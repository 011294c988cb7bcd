"""Typed records of a council publication's linked data (LBLOD: Gelinkt Notuleren and the portals
that publish in its vocabulary): the meeting, its agenda items, decisions, votes and attendance.

The records are read from the page's RDFa (`ingest.rdfa`) and tied to the rendered text of the page
(`ingest.html`): every record that the page shows carries a `Quote` with the exact text of the line
where it stands and its offsets in the rendered text (`LoadedFile.pages[0]`), and every record the
`heading` of the agenda item it belongs to (chunk section paths start with that heading), so that a
fact built from it can be cited. Data that a page only holds in hidden markup has no quote
(`quote is None`) but keeps the item's visible heading where there is one.

Two things are read from the visible text rather than from the data, because LBLOD has no property
for them: the number of an agenda item (from its heading, "12." or "HD 1.", or from the front of its
title) and the excused members (the list under a visible "Verontschuldigd" heading).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from ingest.rdfa import Graph, Node, Value, element_text

if TYPE_CHECKING:
    from lxml import etree

    from ingest.html import Block, RenderedPage


@dataclass(frozen=True)
class Quote:
    """Where a record stands on the page."""

    text: str  # the exact line of the page (whitespace collapsed, as in the cleaned text)
    start: int  # offsets of `text` in the rendered page text (LoadedFile.pages[0])
    end: int


@dataclass(frozen=True)
class Person:
    name: str
    role: str | None = None  # "voorzitter", "raadslid", ... when the page gives it


@dataclass(frozen=True)
class Meeting:
    uri: str | None
    date: str | None  # ISO date of the (planned) start, in Belgian time
    planned_start: str | None  # as published (ISO date-time)
    started: str | None
    ended: str | None
    governing_body: str | None  # "gemeenteraad", "Burgemeester Gemeente ..."
    place: str | None
    heading: str | None  # the top-level heading above the quote
    quote: Quote | None


@dataclass(frozen=True)
class AgendaItem:
    uri: str | None
    position: int  # 1-based order on the page
    number: str | None  # as printed: "12", "HD 1"
    title: str
    description: str | None  # dct:description (a summary or the outcome, on some platforms)
    public: bool | None  # planned to be treated in public
    heading: str | None  # the visible heading of the item (the quote, where the page shows it)
    quote: Quote | None


@dataclass(frozen=True)
class Decision:
    uri: str | None
    item_uri: str | None
    item_number: str | None
    title: str
    description: str | None  # eli:description when it differs from the title
    heading: str | None
    quote: Quote | None


@dataclass(frozen=True)
class Vote:
    uri: str | None
    item_uri: str | None
    item_number: str | None
    item_title: str | None
    subject: str | None  # besluit:onderwerp
    result: str | None  # besluit:gevolg ("Goedgekeurd", ...)
    secret: bool | None
    in_favour: int | None
    against: int | None
    abstaining: int | None
    voters_in_favour: tuple[str, ...]
    voters_against: tuple[str, ...]
    voters_abstaining: tuple[str, ...]
    description: str | None  # the visible text of the vote, lines joined with newlines
    heading: str | None
    quote: Quote | None  # the line with the count in favour, else the vote's first visible line


@dataclass(frozen=True)
class Attendance:
    item_uri: str | None  # None: the meeting as a whole (at its start)
    item_number: str | None
    present: tuple[Person, ...]
    absent: tuple[Person, ...]
    excused: tuple[Person, ...]
    chair: Person | None
    secretary: Person | None
    heading: str | None
    quote: Quote | None  # the first visible list of members


@dataclass(frozen=True)
class Publication:
    document_type: str | None  # "notulen" | "besluitenlijst" | "agenda"
    published: str | None  # ISO date of publication
    meeting: Meeting | None
    items: tuple[AgendaItem, ...]
    decisions: tuple[Decision, ...]
    votes: tuple[Vote, ...]
    attendance: tuple[Attendance, ...]

    def to_json(self) -> dict[str, Any]:
        """Plain JSON (dicts, lists, strings, numbers, booleans, null)."""
        return _plain(asdict(self))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


# ---- reading ----------------------------------------------------------------------------------

_DOCUMENT_TYPES = {
    "8e791b27-7600-4577-b24e-c7c29e0eb773": "notulen",
    "3fa67785-ffdc-4b30-8880-2b99d97b4dee": "besluitenlijst",
    "13fefad6-a9d6-4025-83b5-e4cbee3a8965": "agenda",
}
_HEADING_NUMBER = re.compile(r"^((?:[A-Z]{1,4}\.?\s?)?\d{1,3}[a-z]?)[.)]?\s+(\S.*)$")
_TITLE_NUMBER = re.compile(r"^(\d{1,3}[a-z]?)[.)]?\s+(\S.*)$")
_MONTH_START = re.compile(
    r"^(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    r"jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec)\b", re.IGNORECASE
)
_EXCUSED = {"verontschuldigd", "verontschuldigden", "verontschuldigd zijn", "verontschuldiging"}
_ABSENT = {"afwezig", "afwezigen", "afwezig zijn"}
_PRESENT = {"aanwezig", "aanwezigen", "aanwezig zijn"}
_TIMEZONE = "Europe/Brussels"


def read_publication(root: etree._Element, graph: Graph, page: RenderedPage) -> Publication | None:
    """The records of a page's linked data, or None when the page has no council data."""
    if not graph.of_type("besluit:Zitting", "besluit:Agendapunt", "besluit:BehandelingVanAgendapunt",
                         "besluit:Besluit", "besluit:Stemming"):
        return None
    return _Reader(root, graph, page).read()


class _Reader:
    def __init__(self, root: etree._Element, graph: Graph, page: RenderedPage) -> None:
        self.graph = graph
        self.page = page
        self.block_index = {id(b): i for i, b in enumerate(page.blocks)}
        wanted = {el for node in graph.nodes.values() for el in node.elements}
        self.order = {id(el): i for i, el in enumerate(root.iter()) if el in wanted}  # document order
        self.treatment_elements = {
            el: node for node in graph.of_type("besluit:BehandelingVanAgendapunt") for el in node.elements
        }

    # -- helpers --
    def position(self, node: Node) -> int:
        found = [self.order[id(el)] for el in node.elements if id(el) in self.order]
        return min(found) if found else 1 << 30

    def blocks(self, elements: list[etree._Element]) -> list[Block]:
        """The visible blocks of some elements, in page order, each once."""
        seen: dict[int, Block] = {}
        for el in elements:
            for b in self.page.blocks_of(el):
                seen.setdefault(id(b), b)
        return sorted(seen.values(), key=lambda b: b.start)

    def quote(self, block: Block | None) -> Quote | None:
        if block is None:
            return None
        return Quote(text=block.text, start=block.start, end=block.start + len(block.text))

    def heading_above(self, block: Block) -> str | None:
        index = self.block_index.get(id(block))
        if index is None:
            return None
        top = self.page.item_heading(index)
        return top.text if top is not None else None

    def enclosing_treatment(self, node: Node) -> Node | None:
        """The treatment of an agenda item whose markup contains this node's markup."""
        for el in node.elements:
            parent = el.getparent()
            while parent is not None:
                found = self.treatment_elements.get(parent)
                if found is not None:
                    return found
                parent = parent.getparent()
        return None

    def node(self, node_id: str | None) -> Node | None:
        return self.graph.nodes.get(node_id) if node_id else None

    # -- records --
    def read(self) -> Publication:
        behandelingen = sorted(self.graph.of_type("besluit:BehandelingVanAgendapunt"), key=self.position)
        item_of_treatment: dict[str, str] = {}
        treatment_of_item: dict[str, Node] = {}
        for t in behandelingen:
            for item_id in t.refs("dct:subject"):
                item_of_treatment[t.id] = item_id
                treatment_of_item.setdefault(item_id, t)
        items = self._items(treatment_of_item)
        by_uri = {i.uri: i for i in items if i.uri}
        decisions = self._decisions(behandelingen, item_of_treatment, by_uri)
        votes = self._votes(behandelingen, item_of_treatment, by_uri)
        attendance = self._attendance(behandelingen, item_of_treatment, by_uri)
        return Publication(
            document_type=self._document_type(),
            published=self._published(),
            meeting=self._meeting(),
            items=tuple(items),
            decisions=tuple(decisions),
            votes=tuple(votes),
            attendance=tuple(attendance),
        )

    def _document_type(self) -> str | None:
        for node in self.graph.nodes.values():
            candidates = list(node.types) + [v.text for v in node.values("dct:type") if v.ref is not None]
            for candidate in candidates:
                for key, label in _DOCUMENT_TYPES.items():
                    if candidate.endswith(key):
                        return label
        return None

    def _published(self) -> str | None:
        for node in self.graph.nodes.values():
            value = node.first("eli:date_publication")
            if value and re.match(r"^\d{4}-\d{2}-\d{2}", value):
                return value[:10]
        return None

    def _meeting(self) -> Meeting | None:
        meetings = self.graph.of_type("besluit:Zitting")
        if not meetings:
            return None
        node = max(meetings, key=lambda n: sum(len(v) for v in n.props.values()))
        body = None
        for organ_id in node.refs("besluit:isGehoudenDoor"):
            organ = self.node(organ_id)
            if organ is None:
                continue
            body = organ.first("skos:prefLabel")
            for parent_id in organ.refs("mandaat:isTijdspecialisatieVan"):
                parent = self.node(parent_id)
                if body is None and parent is not None:
                    body = parent.first("skos:prefLabel")
            if body:
                break
        if body is None:
            literal = node.first("besluit:isGehoudenDoor")
            body = literal or None
        planned = node.first("besluit:geplandeStart")
        started = node.first("prov:startedAtTime")
        quote_block = None
        for value in node.values("besluit:geplandeStart", "prov:startedAtTime"):
            found = self.page.blocks_of(value.element)
            if found:
                quote_block = found[0]
                break
        return Meeting(
            uri=None if node.id.startswith("_:") else node.id,
            date=_local_date(planned or started),
            planned_start=planned,
            started=started,
            ended=node.first("prov:endedAtTime"),
            governing_body=body,
            place=node.first("prov:atLocation"),
            heading=self.heading_above(quote_block) if quote_block is not None else None,
            quote=self.quote(quote_block),
        )

    def _item_heading_block(self, item: Node, treatment: Node | None) -> Block | None:
        """The visible heading that starts this item (from the outline), if any."""
        elements = list(item.elements) + (list(treatment.elements) if treatment is not None else [])
        for block in self.blocks(elements):
            if block.kind == "h" and block.item:
                return block
        for block in self.blocks(elements):
            if block.kind == "h":
                return block
        return None

    def _items(self, treatment_of_item: dict[str, Node]) -> list[AgendaItem]:
        nodes = [
            n for n in self.graph.of_type("besluit:Agendapunt")
            if n.first("dct:title") or n.id in treatment_of_item
        ]
        nodes.sort(key=lambda n: min(self.position(n), self.position(treatment_of_item[n.id]))
                   if n.id in treatment_of_item else self.position(n))
        items: list[AgendaItem] = []
        for position, node in enumerate(nodes, start=1):
            treatment = treatment_of_item.get(node.id)
            heading_block = self._item_heading_block(node, treatment)
            if heading_block is None:
                heading_block = self._visible_title_block(node)
            title = node.first("dct:title")
            if title is None and treatment is not None:
                for decision_id in treatment.refs("prov:generated"):
                    decision = self.node(decision_id)
                    if decision is not None:
                        title = decision.first("eli:title", "eli:title_short")
                        break
            if title is None and treatment is not None:
                for vote_id in treatment.refs("besluit:heeftStemming"):
                    vote = self.node(vote_id)
                    if vote is not None and vote.first("besluit:onderwerp"):
                        title = vote.first("besluit:onderwerp")
                        break
            number = None
            if heading_block is not None:
                m = _HEADING_NUMBER.match(heading_block.text)
                if m and not _MONTH_START.match(m.group(2)):
                    number = m.group(1)
                    if title is None:
                        title = m.group(2)
            if title is None:
                title = heading_block.text if heading_block is not None else ""
            title_number, title = split_number(title)
            number = number or title_number
            if not title:
                continue
            public = node.first("besluit:geplandOpenbaar")
            items.append(AgendaItem(
                uri=None if node.id.startswith("_:") else node.id,
                position=position,
                number=number,
                title=title,
                description=_differs(node.first("dct:description"), title, heading_block),
                public=None if public is None else public.lower() == "true",
                heading=heading_block.text if heading_block is not None else None,
                quote=self.quote(heading_block),
            ))
        return items

    def _visible_title_block(self, node: Node) -> Block | None:
        title = node.first("dct:title")
        if not title:
            return None
        for block in self.page.blocks:
            if block.merged_into is None and block.kind == "h" and block.item and block.text == title:
                return block
        return None

    def _item_for_treatment(
        self, treatment: Node | None, item_of_treatment: dict[str, str], by_uri: dict[str, AgendaItem]
    ) -> AgendaItem | None:
        if treatment is None:
            return None
        item_id = item_of_treatment.get(treatment.id)
        return by_uri.get(item_id) if item_id else None

    def _decisions(
        self, treatments: list[Node], item_of_treatment: dict[str, str], by_uri: dict[str, AgendaItem]
    ) -> list[Decision]:
        treatment_of_decision: dict[str, Node] = {}
        for t in treatments:
            for decision_id in t.refs("prov:generated"):
                treatment_of_decision.setdefault(decision_id, t)
        decisions: list[Decision] = []
        for node in sorted(self.graph.of_type("besluit:Besluit"), key=self.position):
            treatment = treatment_of_decision.get(node.id)
            if treatment is None:
                for t_id in node.refs("prov:wasGeneratedBy"):
                    treatment = self.node(t_id)
                    if treatment is not None:
                        break
            treatment = treatment or self.enclosing_treatment(node)
            item = self._item_for_treatment(treatment, item_of_treatment, by_uri)
            title = node.first("eli:title", "eli:title_short", "eli:description") or (item.title if item else None)
            if not title:
                continue
            description = node.first("eli:description")
            title = split_number(title)[1]
            title_blocks = self.blocks([v.element for v in node.values("eli:title", "eli:title_short")])
            visible = title_blocks or self.blocks(node.elements)
            block = visible[0] if visible else None
            quote = self.quote(block) if title_blocks or item is None or item.quote is None else item.quote
            decisions.append(Decision(
                uri=None if node.id.startswith("_:") else node.id,
                item_uri=item.uri if item else None,
                item_number=item.number if item else None,
                title=title,
                description=description if description and description != title else None,
                heading=item.heading if item and item.heading else (self.heading_above(block) if block else None),
                quote=quote,
            ))
        return decisions

    def _votes(
        self, treatments: list[Node], item_of_treatment: dict[str, str], by_uri: dict[str, AgendaItem]
    ) -> list[Vote]:
        treatment_of_vote: dict[str, Node] = {}
        for t in treatments:
            for vote_id in t.refs("besluit:heeftStemming"):
                treatment_of_vote.setdefault(vote_id, t)
        votes: list[Vote] = []
        for node in sorted(self.graph.of_type("besluit:Stemming"), key=self.position):
            treatment = treatment_of_vote.get(node.id) or self.enclosing_treatment(node)
            item = self._item_for_treatment(treatment, item_of_treatment, by_uri)
            counts = [_count(node.first(p)) for p in
                      ("besluit:aantalVoorstanders", "besluit:aantalTegenstanders", "besluit:aantalOnthouders")]
            voters = [_names(node.values(p)) for p in
                      ("besluit:heeftVoorstander", "besluit:heeftTegenstander", "besluit:heeftOnthouder")]
            subject, result = node.first("besluit:onderwerp"), node.first("besluit:gevolg")
            if all(c is None for c in counts) and not any(voters) and not subject and not result:
                continue  # an empty vote element (a placeholder some platforms emit per item)
            visible = self.blocks(node.elements)
            count_block = None
            for value in node.values("besluit:aantalVoorstanders"):
                found = self.page.blocks_of(value.element)
                if found:
                    count_block = found[0]
                    break
            block = count_block or (visible[0] if visible else None)
            secret = node.first("besluit:geheim")
            votes.append(Vote(
                uri=None if node.id.startswith("_:") else node.id,
                item_uri=item.uri if item else None,
                item_number=item.number if item else None,
                item_title=item.title if item else None,
                subject=subject,
                result=result,
                secret=None if secret is None else secret.lower() == "true",
                in_favour=counts[0],
                against=counts[1],
                abstaining=counts[2],
                voters_in_favour=voters[0],
                voters_against=voters[1],
                voters_abstaining=voters[2],
                description="\n".join(b.text for b in visible) or None,
                heading=item.heading if item and item.heading else (self.heading_above(block) if block else None),
                quote=self.quote(block),
            ))
        return votes

    def _attendance(
        self, treatments: list[Node], item_of_treatment: dict[str, str], by_uri: dict[str, AgendaItem]
    ) -> list[Attendance]:
        scopes: list[tuple[Node, AgendaItem | None]] = []
        meetings = self.graph.of_type("besluit:Zitting")
        if meetings:
            scopes.append((max(meetings, key=lambda n: sum(len(v) for v in n.props.values())), None))
        scopes += [(t, self._item_for_treatment(t, item_of_treatment, by_uri)) for t in treatments]
        nested = {span[0]: span[1] for span in (self._span(t) for t in treatments) if span is not None}
        result: list[Attendance] = []
        for node, item in scopes:
            present = _persons(_values_by_local(node, "heeftAanwezige"))
            absent = _persons(_values_by_local(node, "heeftAfwezige"))
            chair = next(iter(_persons(node.values("besluit:heeftVoorzitter"))), None)
            secretary = next(iter(_persons(node.values("besluit:heeftSecretaris"))), None)
            span = self._span(node)
            listed = self._listed(span, nested) if span else {}
            present = present or listed.get("present", ())
            absent = absent or listed.get("absent", ())
            excused = listed.get("excused", ())
            if not (present or absent or excused or chair or secretary):
                continue
            elements = [v.element for p in node.props for v in node.props[p]
                        if p.split(":")[-1].startswith(("heeftAanwezige", "heeftAfwezige"))]
            visible = self.blocks(elements)
            block = visible[0] if visible else listed.get("block")  # type: ignore[assignment]
            result.append(Attendance(
                item_uri=item.uri if item else None,
                item_number=item.number if item else None,
                present=present,
                absent=absent,
                excused=excused,
                chair=chair,
                secretary=secretary,
                heading=item.heading if item and item.heading else (self.heading_above(block) if block else None),
                quote=self.quote(block),
            ))
        return result

    def _span(self, node: Node) -> tuple[int, int] | None:
        spans = [self.page.spans[el] for el in node.elements if el in self.page.spans]
        if not spans:
            return None
        return min(s[0] for s in spans), max(s[1] for s in spans)

    def _listed(self, span: tuple[int, int], nested: dict[int, int]) -> dict[str, Any]:
        """Members listed under visible "Aanwezig" / "Afwezig" / "Verontschuldigd" headings inside a
        scope (the blocks of the meeting or of one item), outside the scopes nested in it."""
        found: dict[str, Any] = {}
        blocks = self.page.blocks
        i = span[0]
        while i <= span[1] and i < len(blocks):
            if i != span[0] and i in nested:  # an item's own scope inside the meeting's: skip it
                i = nested[i] + 1
                continue
            b = blocks[i]
            label = b.text.lower().rstrip(" :") if b.kind == "h" and b.merged_into is None else ""
            kind = "excused" if label in _EXCUSED else "absent" if label in _ABSENT else \
                "present" if label in _PRESENT else None
            if kind is None or kind in found:
                i += 1
                continue
            people: list[Person] = []
            j = i + 1
            while j <= span[1] and j < len(blocks) and blocks[j].kind != "h":
                if blocks[j].merged_into is None:
                    people.extend(_person(part) for part in re.split(r";\s*", blocks[j].text) if part.strip())
                    found.setdefault("block", blocks[j])
                j += 1
            found[kind] = tuple(p for p in people if p.name)
            i = j
        return found


def _differs(description: str | None, title: str, heading: Block | None) -> str | None:
    """A description that only repeats the title is none."""
    if not description or description == title or (heading is not None and description == heading.text):
        return None
    return description


def _values_by_local(node: Node, prefix: str) -> list[Value]:
    return [v for p, values in node.props.items() if p.split(":")[-1].startswith(prefix) for v in values]


def split_number(title: str) -> tuple[str | None, str]:
    """'12 Goedkeuring notulen' -> ('12', 'Goedkeuring notulen'); a date at the front is no number."""
    m = _TITLE_NUMBER.match(title)
    if m and not _MONTH_START.match(m.group(2)):
        return m.group(1), m.group(2)
    return None, title


def _person(text: str) -> Person:
    text = text.strip().strip(";,").strip()
    name, _, role = text.partition(",")
    return Person(name=name.strip(), role=role.strip() or None)


def _persons(values: list[Value]) -> tuple[Person, ...]:
    people: list[Person] = []
    seen: set[str] = set()
    for value in values:
        person = _person(_literal(value))
        if person.name and person.name not in seen:
            seen.add(person.name)
            people.append(person)
    return tuple(people)


def _names(values: list[Value]) -> tuple[str, ...]:
    return tuple(p.name for p in _persons(values))


def _literal(value: Value) -> str:
    """The text of a value's element (for a member: the name as the page writes it)."""
    return value.text if value.content is not None else element_text(value.element)


def _count(text: str | None) -> int | None:
    if text is None:
        return None
    m = re.search(r"\d+", text)
    return int(m.group(0)) if m else None


def _local_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        m = re.match(r"^(\d{4}-\d{2}-\d{2})", value.strip())
        return m.group(1) if m else None
    if moment.tzinfo is not None:
        zone = _zone()
        if zone is not None:
            moment = moment.astimezone(zone)
    return moment.date().isoformat()


def _zone() -> dt.tzinfo | None:
    """Belgian time; None without a time zone database (then the published date is kept)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
