"""Follow-up questions in grounded mode: "En voor Zele?" after "Wie vertegenwoordigt Wetteren?"
becomes "Wie vertegenwoordigt Zele?" by carrying the previous question's intent over."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.analysis import fold

_FOLLOW_UP = re.compile(
    r"^\s*(?:en|maar|ook|idem|zelfde vraag|hetzelfde|wat)?\s*(?:met|voor|in|bij|van|over|namens|rond)?\s*"
    r"(?:het|de|stad|gemeente|lokaal bestuur)?\s*(?P<subject>[^?]+?)\s*\??\s*$",
    re.IGNORECASE,
)
_STARTERS = ("en ", "en?", "maar ", "ook ", "idem", "zelfde vraag", "hetzelfde", "wat met ", "en wat met ")


def is_follow_up(question: str) -> bool:
    folded = fold(question.strip())
    return folded.startswith(_STARTERS) and len(folded.split()) <= 6


def condense(question: str, history: Sequence[tuple[str, str]], names_in: Callable[[str], list[str]]) -> str:
    """Rewrite a short follow-up into a standalone question using the previous user question.

    `names_in(text)` returns the document/party names recognised in a text (as they appear in it)."""
    if not history or not is_follow_up(question):
        return question
    previous = history[-1][0]
    m = _FOLLOW_UP.match(re.sub(r"^\s*(en wat met|wat met|en)\b", "", question, flags=re.IGNORECASE))
    subject = (m.group("subject") if m else question).strip(" ?")
    if not subject:
        return previous
    old = names_in(previous)
    for name in sorted(old, key=len, reverse=True):
        pattern = re.compile(r"\b" + re.escape(name) + r"\b", re.IGNORECASE)
        if pattern.search(previous):
            return pattern.sub(subject, previous, count=1)
    return f"{previous.rstrip(' ?')} voor {subject}?"
