"""Example questions for the chat, made from the facts extracted from the store's own documents, so
that a department sees questions about its documents (who signs for a party, until when an agreement
runs, what a defined term means, which actions are about a theme, where a council meets, how a vote
went), never questions about documents it does not have."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import zip_longest

from assistant.dutch import date_nl
from ingest.records import DocumentInfo

LIMIT = 5
# names of bodies that are common nouns: "de gemeenteraad Machelen", not "de Gemeenteraad Machelen"
_BODY_NOUNS = {"gemeenteraad", "college", "burgemeester", "districtsraad", "ocmw-raad"}
_CODE = re.compile(r"^\s*[\w./-]*\d[\w./-]*\s+-\s+")  # "2023_GR_00627 - " before an item's title


def _body(name: str) -> str:
    first, _, rest = name.strip().partition(" ")
    if first.lower() in _BODY_NOUNS:
        first = first.lower()
    return f"{first} {rest}".strip()


def _theme(title: str) -> str | None:
    """An action's sub-item title as a theme word ("Mobiliteit" -> "mobiliteit"); None when it is not
    a short theme."""
    words = title.split()
    if not 1 <= len(words) <= 3 or len(title) > 40:
        return None
    return " ".join(w if w.isupper() else w.lower() for w in words)


def _signs(doc: DocumentInfo) -> Iterator[str]:
    f = doc.facts
    if not (f.end or f.start or f.signed or f.actions):  # the parties of an agreement, not of an agenda
        return
    for party in f.parties:
        if party.type == "local_government" and party.representatives and party.short[:1].isupper():
            yield f"Wie tekent namens {party.short}?"


def _runs_until(doc: DocumentInfo) -> Iterator[str]:
    f = doc.facts
    if f.end is None:
        return
    for party in f.parties:
        if party.type == "local_government" and party.short[:1].isupper():
            yield f"Tot wanneer loopt de overeenkomst met {party.short}?"
            return


def _terms(doc: DocumentInfo) -> Iterator[str]:
    for definition in doc.facts.definitions:
        term = " ".join(definition.term.split())
        if 1 < len(term) <= 40:
            yield f"Wat is {term}?"


def _actions(doc: DocumentInfo) -> Iterator[str]:
    for action in doc.facts.actions:
        for sub in action.subitems:
            theme = _theme(sub.title)
            if theme:
                yield f"Welke acties gaan over {theme}?"


def _meetings(doc: DocumentInfo) -> Iterator[str]:
    minutes = doc.facts.minutes
    if minutes is None or not minutes.council or not doc.date:
        return
    body, day = _body(minutes.council), date_nl(doc.date)
    if minutes.place is not None and minutes.place.text[:1].isupper():
        yield f"Waar vergadert de {body} op {day}?"
    if doc.facts.items:
        yield f"Wat staat er op de agenda van de {body} van {day}?"


def _votes(doc: DocumentInfo) -> Iterator[str]:
    for item in doc.facts.items:
        if not item.votes:
            continue
        title = _CODE.sub("", " ".join(item.title.split())).rstrip(" .")
        if 3 <= len(title) <= 70:
            yield f"Hoe werd er gestemd over “{title}”?"


_KINDS = (_signs, _runs_until, _terms, _actions, _meetings, _votes)


def example_questions(documents: Iterable[DocumentInfo], limit: int = LIMIT) -> list[str]:
    """Up to `limit` questions about these documents: one of each kind first (in document order),
    then a second of each kind, and so on; no question twice."""
    docs: Sequence[DocumentInfo] = sorted(documents, key=lambda d: d.name)
    per_kind = [[q for d in docs for q in kind(d)] for kind in _KINDS]
    questions: list[str] = []
    for round_ in zip_longest(*per_kind):
        for question in round_:
            if question and question not in questions:
                questions.append(question)
                if len(questions) == limit:
                    return questions
    return questions
