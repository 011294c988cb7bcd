"""Typed records that flow from ingest through the store to the answer."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ingest.facts.model import DocumentFacts
    from ingest.publication import Publication

# Bump when cleaning, chunking or fact extraction changes the stored result:
# documents ingested with another version are re-ingested as "replaced".
PIPELINE_VERSION = 40  # 3: vote blocks, item series, split numbered paragraphs; 4: signature block section, longer titles, sentence ends; 5: absent per agenda item; 6: PDF item numbers, status and label lines; 7: short vote counts ("25 ja, 10 neen"); 8: an agenda item title line taken whole; 9: sub-numbered items (1.1 under "1 Openbare zitting"), verb vote labels, voters in brackets, counted outcome; 10: parties by legal form and "gemeentebestuur van X", signatures in columns and Word tables; 11: council in "VERSLAG GEMEENTERAAD", every list of absentees, a numbered title line ends its paragraph; 12: "§ 1. <sentence>" is an article's text, not a heading; 13: "Art. 4. <text>" on one line: label and text; 14: "De zetel van X is gelegen in Y"; 15: parties listed in a treaty's or joint regulation's preamble; 16: the decision statement of an agenda item; 17: two offices signing one after the other, "Onder „X” worden verstaan"; 18: a body's composition ("bestaat uit"), appointees listed after an appointment, "zal in werking treden op"; 19: signatures run together after the signing clause ("authentiek.*Voor X,*(w.g.) NAME"); 20: closing signatures without a comma, after a dateline, with a long office, a compound role word; 21: entry into force after a pronoun, with the time before "in werking", long clauses; compound document nouns and kinds; 22: definition items without letters or run together mid-line, inline and "onder „X”" definitions; 23: compositions after "Een", in relative clauses, listed after a colon; 24: "gemeente Den Helder"; 25: an office and a name without a comma only on a line that is no sentence; 26: a term "blijft gedurende een jaar van kracht", renewal clauses, a sentence that goes on from one about the document; 27: entry into force in a subordinate clause, "met terugwerkende kracht", "wordt van kracht op", an addendum; the meeting place from a labelled field of the heading of text minutes; 28: the head of state signing a royal decree, "op <datum> in werking getreden"; 29: initials before a two-word surname, no place or service as a signer, the dateline before an office, "werkt terug tot", the end of a body set up for a time, the sovereign on the dateline; 30: a second office in an appointing sentence ("Tot lid, tevens voorzitter ... wordt benoemd:"), the next numbered appointment is no appointee; 31: an abbreviation of a name with small words other than "van"/"voor" ("Wet Werk en Inkomen naar Arbeidsvermogen (WIA)"); 32: a form header extracted column by column read row by row, no reference number as the title, an attendance list ends before running text; 33: the decision of a single-decision document; 34: a composition after a participle ("..., bestaande uit drie personen:"); 35: parties listed under "Ondergetekenden:" with their short names; 36: a treaty signed "Gedaan in dubbel, in de ... taal, ..., te X, den 16 Mei 1946"; 37: a PDF of two pages keeps lines alike but for their numbers; 38: rows of a decision list in a table, members by surname and party, labelled officers and meeting date in the heading; 39: subjects put to the vote one after the other ("In stemming komt ..."), "met 37 tegen 7 stemmen" counted for and against; 40: a row's outcome on the line under its title joins the row, a table line with an empty last cell is no heading


class IngestError(Exception):
    """A file that cannot be ingested; the message is shown to the user next to the file name."""


@dataclass(frozen=True)
class LoadedFile:
    """Raw text of one file as read from disk, before cleaning."""

    name: str
    path: str
    format: str  # "pdf" | "docx" | "txt" | "md" | "html"
    sha256: str
    pages: tuple[str, ...]  # one entry per PDF page; a single entry for other formats
    heading_lines: frozenset[str] = frozenset()  # lines marked as headings by the format (docx styles)
    # HTML publication pages: the linked data (meeting, agenda items, decisions, votes, attendance)
    publication: Publication | None = None
    title: str | None = None  # the title the document states in its markup (HTML: its first <h1>)


@dataclass(frozen=True)
class CleanText:
    """Cleaned text of a document: paragraphs separated by blank lines."""

    text: str
    page_starts: tuple[int, ...] = ()  # offset at which each page starts (PDF only)
    heading_offsets: frozenset[int] = frozenset()  # paragraph offsets marked as headings by markup
    # (offset, level) of every heading when the format gives the whole outline (HTML): then these are
    # the only headings, nested by level, and nothing is guessed from the text. None: no outline given.
    heading_levels: tuple[tuple[int, int], ...] | None = None

    @cached_property
    def outline(self) -> dict[int, int] | None:
        """Heading offset -> level (1 = top), or None when the headings are to be recognised from the text."""
        return None if self.heading_levels is None else dict(self.heading_levels)

    def page_at(self, offset: int) -> int | None:
        """1-based page number of a character offset, or None for formats without pages."""
        if not self.page_starts:
            return None
        page = 0
        for i, start in enumerate(self.page_starts):
            if start <= offset:
                page = i
            else:
                break
        return page + 1


@dataclass(frozen=True)
class Section:
    """A heading and the body text under it (up to the next heading)."""

    path: tuple[str, ...]  # labels from the outermost heading to this one
    title: str  # full heading text
    start: int  # offset of the body (after the heading)
    end: int
    heading_start: int

    @property
    def path_str(self) -> str:
        return " > ".join(self.path)


@dataclass(frozen=True)
class Chunk:
    """One retrievable passage. `text` is exactly clean_text[start:end]."""

    id: str
    doc: str  # file name of the document
    doc_hash: str
    title: str  # document title
    section: str  # section path, e.g. "Deel III > Actiedomein 2 > Actie 2.1 > 2.1.4 Mobiliteit"
    page: int | None
    start: int
    end: int
    text: str

    @property
    def embed_text(self) -> str:
        """What is embedded and indexed: the section leaf title, then the passage."""
        leaf = self.section.split(" > ")[-1] if self.section else ""
        return f"{leaf}\n{self.text}" if leaf else self.text

    @property
    def embed_key(self) -> str:
        """Hash of the embedded text: the key of the store's vector cache (same store, same model)."""
        return hashlib.sha1(self.embed_text.encode("utf-8")).hexdigest()[:20]

    def to_metadata(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "doc_hash": self.doc_hash,
            "title": self.title,
            "section": self.section,
            "page": self.page if self.page is not None else -1,
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_metadata(cls, chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
        page = meta.get("page", -1)
        return cls(
            id=chunk_id,
            doc=str(meta["doc"]),
            doc_hash=str(meta["doc_hash"]),
            title=str(meta.get("title", "")),
            section=str(meta.get("section", "")),
            page=None if page is None or int(page) < 0 else int(page),
            start=int(meta.get("start", 0)),
            end=int(meta.get("end", 0)),
            text=text,
        )


@dataclass(frozen=True)
class DocumentInfo:
    """What the store knows about one ingested document."""

    name: str
    sha256: str
    format: str
    kind: str  # "agreement" | "minutes" | "other"
    title: str
    date: str | None  # ISO date
    n_chunks: int
    n_pages: int | None
    pipeline_version: int = PIPELINE_VERSION
    facts: DocumentFacts = field(default_factory=lambda: _empty_facts())
    version: str = ""  # version key of the chunks that belong to this document


def _empty_facts() -> DocumentFacts:
    from ingest.facts.model import DocumentFacts

    return DocumentFacts()


@dataclass(frozen=True)
class ProcessedDocument:
    """Everything ingest produces for one file, ready to be written to the store in one go."""

    info: DocumentInfo
    chunks: tuple[Chunk, ...]
    clean: CleanText
