"""How an answer, a source card or a topic result names a document: by its title or its parties,
never by its file name (the file name is shown beside it where it helps, as a detail)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from assistant.analysis import fold
from assistant.dutch import date_nl, join, with_article
from ingest.genre import genre
from ingest.records import DocumentInfo

LABEL_CHARS = 90
MAX_LABEL_PARTIES = 4  # more parties than this: the label would be longer than the title


def label(doc: DocumentInfo) -> str:
    """How a per-document answer names its document, never by file name: the title when it is
    short; else the kind of document and its parties ("Samenwerkingsovereenkomst tussen VDAB en
    stad X"); else the body and date of minutes; else the title cut at a word."""
    title = " ".join((doc.title or "").split()).rstrip(" .:")
    if title and len(title) <= LABEL_CHARS:
        return title
    parties = doc.facts.parties
    if 2 <= len(parties) <= MAX_LABEL_PARTIES:
        names = [with_article(p.name, p.quote, *[r.quote for r in p.representatives]) for p in parties]
        return f"{_document_noun(title, doc.kind)} tussen {join(names)}"
    minutes = doc.facts.minutes
    if minutes is not None and (minutes.council or minutes.municipality) and minutes.meeting_date is not None:
        body = " ".join(x for x in (minutes.council, minutes.municipality and f"van {minutes.municipality}") if x)
        return f"{body[0].upper()}{body[1:]}, {minutes.meeting_date.text}"
    if not title:
        return Path(doc.name).stem.replace("-", " ").replace("_", " ")
    cut = title.rfind(" ", 0, LABEL_CHARS)
    return title[: cut if cut > 0 else LABEL_CHARS].rstrip(" ,;:-–") + "…"


def labels(docs: Sequence[DocumentInfo]) -> dict[str, str]:
    """The labels of the documents of one answer; two documents with the same label get their date."""
    found = {d.name: label(d) for d in docs}
    seen: dict[str, int] = {}
    for value in found.values():
        seen[value] = seen.get(value, 0) + 1
    return {d.name: (f"{found[d.name]} ({date_nl(d.date)})" if seen[found[d.name]] > 1 and d.date else found[d.name])
            for d in docs}


def _document_noun(title: str, kind: str) -> str:
    """The noun the title uses for the document ("Samenwerkingsovereenkomst", "Verdrag"), else one
    by kind."""
    folded = fold(title)
    found = [(m.start(), noun) for noun in genre().document_nouns
             for m in [re.search(rf"\b{re.escape(fold(noun))}\b", folded)] if m]
    if found:
        noun = min(found, key=lambda f: (f[0], -len(f[1])))[1]
        return noun[0].upper() + noun[1:]
    return {"minutes": "Besluit", "agreement": "Overeenkomst"}.get(kind, "Document")
