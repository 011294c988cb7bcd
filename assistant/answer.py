"""The answer record returned by the chain, and its JSON form (the `ask --json` contract)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Source:
    """A passage that supports a statement: `quote` is exact text of the cleaned document."""

    doc: str
    title: str
    section: str
    page: int | None
    quote: str
    chunk_id: str | None = None
    start: int | None = None


@dataclass(frozen=True)
class Citation:
    n: int
    doc: str
    title: str
    section: str
    page: int | None
    quote: str
    chunk_id: str | None = None
    start: int | None = None  # offset of the quote in the cleaned document (not part of the JSON contract)

    def to_json(self) -> dict[str, Any]:
        return {"n": self.n, "doc": self.doc, "title": self.title, "section": self.section,
                "page": self.page, "quote": self.quote}


@dataclass
class Answer:
    question: str
    answer: str
    found: bool
    citations: list[Citation]
    mode: str
    timings_ms: dict[str, float] = field(default_factory=dict)
    standalone_question: str = ""
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "found": self.found,
            "citations": [c.to_json() for c in self.citations],
            "mode": self.mode,
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
        }


NOT_FOUND = "Dat staat niet in de documenten."
# nothing has been ingested yet: said instead of a refusal, which would look like a real answer
EMPTY_STORE = ("Er staan nog geen documenten in de opslag, dus er is niets om in te zoeken. Laad documenten op "
               "in het tabblad Documenten van de chat, of lees ze in met `akkoord ingest MAP`.")
# the question names parties that none of the documents the user chose has
NOT_IN_CHOSEN = "Dat staat niet in de gekozen documenten: ze gaan niet over {names}."


class Composer:
    """Collects statements and numbers their sources in order of first use."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.sources: list[Source] = []

    def cite(self, source: Source) -> str:
        for i, existing in enumerate(self.sources):
            if existing.doc == source.doc and existing.quote == source.quote:
                return f"[{i + 1}]"
        self.sources.append(source)
        return f"[{len(self.sources)}]"

    def add(self, line: str) -> None:
        self.lines.append(line)

    def text(self) -> str:
        return "\n".join(self.lines)

    def citations(self) -> list[Citation]:
        return [
            Citation(i + 1, s.doc, s.title, s.section, s.page, s.quote, s.chunk_id, s.start)
            for i, s in enumerate(self.sources)
        ]
