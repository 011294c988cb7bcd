"""A small RDFa reader over a parsed (lxml) HTML tree.

It implements the part of the RDFa 1.1 processing rules that Flemish publication platforms use for
their linked data (LBLOD: `besluit:`, `eli:`, `mandaat:`, `prov:`, `dct:`): `@prefix` and `@vocab`,
typed resources (`@typeof` with `@resource`/`@about`, or a blank node), chaining (`@property` with
`@typeof` makes the new resource the subject of the element's children), literals from `@content`
or from the element's text, and resource objects from `@resource`/`@href`/`@src`. `@rel`/`@rev` and
XML literals are not interpreted (the pages do not use them for their data).

Unlike a general RDF library it keeps, for every statement, the element that carries it, so that
the records built from the data can point to the text of the page where they stand. It reads hidden
elements too: publication platforms often put their linked data in hidden copies of the page.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from lxml import etree

RDF_TYPE = "rdf:type"

# Namespaces -> the short names used by the code that reads the graph. Both http and https spellings
# occur in the wild for the same vocabulary, so namespaces are compared without their scheme.
_NAMESPACES = {
    "data.vlaanderen.be/ns/besluit#": "besluit",
    "data.vlaanderen.be/ns/mandaat#": "mandaat",
    "data.vlaanderen.be/ns/persoon#": "persoon",
    "data.vlaanderen.be/ns/generiek#": "generiek",
    "data.vlaanderen.be/ns/besluitvorming#": "besluitvorming",
    "data.europa.eu/eli/ontology#": "eli",
    "purl.org/dc/terms/": "dct",
    "purl.org/dc/elements/1.1/": "dct",
    "www.w3.org/ns/prov#": "prov",
    "www.w3.org/2004/02/skos/core#": "skos",
    "xmlns.com/foaf/0.1/": "foaf",
    "www.w3.org/ns/org#": "org",
    "www.w3.org/ns/person#": "person",
    "mu.semte.ch/vocabularies/ext/": "ext",
    "www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
    "www.w3.org/2000/01/rdf-schema#": "rdfs",
    "www.w3.org/2001/XMLSchema#": "xsd",
    "schema.org/": "schema",
}

# The RDFa 1.1 initial context (the prefixes these pages use without declaring them), plus the
# LBLOD vocabularies, which pages sometimes use undeclared as well.
_INITIAL_PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dc": "http://purl.org/dc/terms/",
    "dcterms": "http://purl.org/dc/terms/",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "http://schema.org/",
    "besluit": "http://data.vlaanderen.be/ns/besluit#",
    "mandaat": "http://data.vlaanderen.be/ns/mandaat#",
    "persoon": "https://data.vlaanderen.be/ns/persoon#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "person": "http://www.w3.org/ns/person#",
    "ext": "http://mu.semte.ch/vocabularies/ext/",
}
_SCHEME = re.compile(r"^https?://")
_PREFIX_DECL = re.compile(r"([A-Za-z_][\w.-]*):\s+(\S+)")
_SPACE = re.compile(r"\s+")


def short_name(iri: str) -> str:
    """'http://data.vlaanderen.be/ns/besluit#Zitting' -> 'besluit:Zitting'; unknown IRIs unchanged."""
    bare = _SCHEME.sub("", iri)
    for namespace, prefix in _NAMESPACES.items():
        if bare.startswith(namespace):
            return f"{prefix}:{bare[len(namespace):]}"
    return iri


@dataclass
class Value:
    """The object of one statement: a literal or a reference to another node."""

    element: etree._Element  # the element that carries the property
    ref: str | None = None  # node id when the object is a resource
    content: str | None = None  # literal from @content; None = the element's text

    @property
    def text(self) -> str:
        """The literal (whitespace collapsed); for a resource, its identifier."""
        if self.ref is not None:
            return self.ref
        if self.content is not None:
            return _SPACE.sub(" ", self.content).strip()
        return element_text(self.element)


@dataclass
class Node:
    """A subject of the page's data: its types, its properties and the elements where it stands."""

    id: str
    types: set[str] = field(default_factory=set)
    props: dict[str, list[Value]] = field(default_factory=dict)
    elements: list[etree._Element] = field(default_factory=list)

    def values(self, *names: str) -> list[Value]:
        found: list[Value] = []
        for name in names:
            found.extend(self.props.get(name, ()))
        return found

    def first(self, *names: str) -> str | None:
        """The first non-empty literal of the first of `names` that has one."""
        for name in names:
            for value in self.props.get(name, ()):
                if value.ref is None and value.text:
                    return value.text
        return None

    def refs(self, *names: str) -> list[str]:
        seen: list[str] = []
        for value in self.values(*names):
            if value.ref is not None and value.ref not in seen:
                seen.append(value.ref)
        return seen


class Graph:
    """The statements of one page, by subject, in document order."""

    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self._blank = itertools.count(1)

    def node(self, node_id: str) -> Node:
        found = self.nodes.get(node_id)
        if found is None:
            found = self.nodes[node_id] = Node(node_id)
        return found

    def blank(self) -> str:
        return f"_:b{next(self._blank)}"

    def of_type(self, *types: str) -> list[Node]:
        wanted = set(types)
        return [n for n in self.nodes.values() if n.types & wanted]

    def __len__(self) -> int:
        return sum(len(v) for n in self.nodes.values() for v in n.props.values()) + sum(
            len(n.types) for n in self.nodes.values()
        )


def element_text(element: etree._Element) -> str:
    """All text inside an element (hidden parts included), whitespace collapsed."""
    return _SPACE.sub(" ", "".join(element.itertext())).strip()


def _expand(term: str, prefixes: dict[str, str], vocab: str | None) -> str:
    """A CURIE, term or IRI -> its short name (or the full IRI when its namespace is unknown)."""
    term = term.strip()
    if term.startswith("[") and term.endswith("]"):  # safe CURIE
        term = term[1:-1]
    if "://" in term:
        return short_name(term)
    prefix, sep, local = term.partition(":")
    if sep:
        namespace = prefixes.get(prefix.lower()) or prefixes.get(prefix)
        return short_name(namespace + local) if namespace else term
    if vocab:
        return short_name(vocab + term)
    return term


def _resource(value: str | None, prefixes: dict[str, str]) -> str | None:
    """An @about/@resource/@href/@src value -> node id; an empty value means no resource."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.startswith("[") and value.endswith("]"):
        return _expand(value, prefixes, None)
    prefix, sep, _ = value.partition(":")
    if sep and prefix.lower() in prefixes and not value.startswith(prefix + "://"):
        return _expand(value, prefixes, None)
    return value


def read_rdfa(root: etree._Element) -> Graph:
    """Read the RDFa statements of a parsed page (the whole tree, hidden parts included)."""
    graph = Graph()
    reader = _Reader(graph)
    # (element, parent subject, parent object, prefixes, vocab); iterative: pages can nest deeply
    stack: list[tuple[etree._Element, str | None, str | None, dict[str, str], str | None]] = [
        (root, None, None, dict(_INITIAL_PREFIXES), None)
    ]
    while stack:
        element, parent_subject, parent_object, prefixes, vocab = stack.pop()
        if not isinstance(element.tag, str):
            continue
        subject, child_object, prefixes, vocab = reader.process(
            element, parent_subject, parent_object, prefixes, vocab
        )
        for child in reversed(element):
            stack.append((child, subject, child_object, prefixes, vocab))
    return graph


class _Reader:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._terms: dict[tuple[str, int, str | None], str] = {}

    def expand(self, term: str, prefixes: dict[str, str], vocab: str | None) -> str:
        key = (term, id(prefixes), vocab)  # prefix maps live as long as the walk: ids are stable
        found = self._terms.get(key)
        if found is None:
            found = self._terms[key] = _expand(term, prefixes, vocab)
        return found

    def process(
        self,
        element: etree._Element,
        parent_subject: str | None,
        parent_object: str | None,
        prefixes: dict[str, str],
        vocab: str | None,
    ) -> tuple[str | None, str | None, dict[str, str], str | None]:
        get = element.get
        prop_attr, typeof_attr, about_attr, resource_attr = get("property"), get("typeof"), get("about"), get("resource")
        declared, vocab_attr = get("prefix"), get("vocab")
        if element.tag == "html":  # XML-style prefix declarations (allowed on the root for compatibility)
            xmlns = [(k[6:], v) for k, v in element.attrib.items() if k.startswith("xmlns:")]
        else:
            xmlns = []
        if declared or xmlns:
            prefixes = dict(prefixes)
            for name, iri in xmlns:
                prefixes[name.lower()] = iri
            for m in _PREFIX_DECL.finditer(declared or ""):
                prefixes[m.group(1).lower()] = m.group(2)
        if vocab_attr is not None:
            vocab = vocab_attr.strip() or None
        if prop_attr is None and typeof_attr is None and about_attr is None and resource_attr is None:
            # nothing to say: the children keep the context (an ordinary link does not start a subject)
            return parent_subject, parent_object, prefixes, vocab

        graph = self.graph
        about = _resource(about_attr, prefixes)
        target = _resource(resource_attr, prefixes) or _resource(get("href"), prefixes) or _resource(get("src"), prefixes)
        content = get("content")
        datatype = get("datatype")
        types = {self.expand(t, prefixes, vocab) for t in (typeof_attr or "").split()}
        props = [self.expand(p, prefixes, vocab) for p in (prop_attr or "").split()]
        context_object = parent_object or parent_subject

        typed: str | None = None
        current_object: str | None = None
        if props and content is None and datatype is None:
            # RDFa 1.1 step 5.1: the property belongs to the context; @typeof types a new resource
            new_subject = about or context_object
            if typeof_attr is not None:
                typed = about or target or graph.blank()
                current_object = typed
        else:
            # step 5.2: the element may start a new subject
            new_subject = about or target or (graph.blank() if typeof_attr is not None else None)
            if new_subject is None:
                new_subject = context_object
            elif typeof_attr is not None:
                typed = new_subject
        if typed is not None and types:
            node = graph.node(typed)
            node.types |= types - {""}
            node.elements.append(element)
        elif about is not None or (not props and new_subject is not None and new_subject != context_object):
            graph.node(new_subject).elements.append(element)  # type: ignore[arg-type]

        if props and new_subject is not None:
            if content is not None:
                value = Value(element, content=content)
            elif datatype is not None and datatype.strip():
                value = Value(element)
            elif target is not None and typeof_attr is None:
                value = Value(element, ref=target)
            elif typeof_attr is not None and about is None and typed is not None:
                value = Value(element, ref=typed)
            else:
                value = Value(element)
            node = graph.node(new_subject)
            for prop in props:
                node.props.setdefault(prop, []).append(value)

        return new_subject, current_object or new_subject, prefixes, vocab
