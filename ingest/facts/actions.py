"""Actions of an action plan ("Deel III > Thema > Actiedomein 2 > Actie 2.1 > 2.1.4 Mobiliteit")
and the ambitions (themes) they serve."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.facts.model import Action, Domain, Quote, SubItem
from ingest.facts.text import Doc, excerpt, paragraph_at

ACTION_TEXT_CHARS = 400
SUBITEM_TEXT_CHARS = 300

DEEL = re.compile(r"^Deel\s+(?:[IVXLC]+|\d+)\b")
# 'Thema “Meer mensen aan de slag”', "Thema 2: Werkgevers"
THEME = re.compile(r"^(?:Thema|Ambitie)\s*\d*\s*[:.\-–]?\s*[“\"'‘„]?(?P<title>[^“”\"'‘’„]+?)[”\"'’]?\s*$")
# "Actiedomein 2 - Het lokaal bestuur en VDAB werken samen aan ..."
DOMAIN = re.compile(r"^Actiedomein\s+(?P<number>\d+)\s*[-–—:.]?\s*(?P<title>.*)$")
# "Actie 2.1 - Werken aan reële drempels naar de arbeidsmarkt toe", "Actie 3: Jobbeurs"
ACTION = re.compile(r"^Actie\s+(?P<number>\d+(?:\.\d+)*)\.?(?P<sep>\s*[-–—:]\s*|\s+)(?P<title>\S.*)$")
# "2.1.4 Mobiliteit"
SUBITEM = re.compile(r"^(?P<number>\d+\.\d+\.\d+)\.?\s+(?P<title>\S.{0,78})$")
# "Er zijn drie centrale ambities:" followed by a numbered list
AMBITIONS_INTRO = re.compile(r"ambitie|ambities", re.IGNORECASE)
NUMBERED_ITEM = re.compile(r"^\d{1,2}[.)]\s+(?P<item>\S.*)$")
MAX_HEADING = 200


@dataclass
class _Action:
    number: str
    title: str
    theme: str | None
    domain: Domain | None
    heading: tuple[int, int]
    end: int
    subitems: list[tuple[str, str, tuple[int, int], int]]  # number, title, heading span, end


def _action_heading(text: str) -> re.Match[str] | None:
    if len(text) > MAX_HEADING or "\n" in text:
        return None
    m = ACTION.match(text)
    if m and (m.group("sep").strip() or m.group("title")[0].isupper()):
        return m
    return None


def extract_actions(doc: Doc) -> list[Action]:
    text = doc.text
    headings = {s.heading_start for s in doc.sections}
    theme: str | None = None
    domain: Domain | None = None
    actions: list[_Action] = []
    current: _Action | None = None
    for p_start, p_end in doc.paragraphs:
        para = text[p_start:p_end]
        short = len(para) <= MAX_HEADING and "\n" not in para
        is_heading = p_start in headings or (short and not para.rstrip().endswith("."))
        if short and DEEL.match(para):
            theme = domain = current = None
        elif short and is_heading and (m := THEME.match(para)):
            theme, domain, current = m.group("title").strip(), None, None
        elif short and (m := DOMAIN.match(para)):
            domain = Domain(number=m.group("number"), title=m.group("title").strip() or None)
            current = None
        elif m := _action_heading(para):
            current = _Action(
                m.group("number"), m.group("title").strip(), theme, domain, (p_start, p_end), p_end, []
            )
            actions.append(current)
        elif (
            current
            and short
            and (m := SUBITEM.match(para))
            and m.group("number").startswith(current.number + ".")
        ):
            current.subitems.append((m.group("number"), m.group("title").strip(), (p_start, p_end), p_end))
            current.end = p_end
        elif p_start in headings:
            current = None
        elif current:
            current.end = p_end
            if current.subitems:
                number, title, span, _ = current.subitems[-1]
                current.subitems[-1] = (number, title, span, p_end)
    return [_action_fact(doc, a) for a in _dedupe_actions(actions)]


def _dedupe_actions(actions: list[_Action]) -> list[_Action]:
    """Each action number once: the occurrence with the longest body (the agreement's own text,
    not an overview list), in document order."""
    best: dict[str, _Action] = {}
    for a in actions:
        if a.number not in best or (a.end - a.heading[1]) > (best[a.number].end - best[a.number].heading[1]):
            best[a.number] = a
    return sorted(best.values(), key=lambda a: a.heading[0])


def _action_fact(doc: Doc, action: _Action) -> Action:
    text = doc.text
    return Action(
        number=action.number,
        title=action.title,
        theme=action.theme,
        domain=action.domain,
        text=excerpt(text[action.heading[1] : action.end], ACTION_TEXT_CHARS),
        subitems=[SubItem(number=number, title=title, text=excerpt(text[span[1] : end], SUBITEM_TEXT_CHARS),
                          quote=doc.quote(*span))
                  for number, title, span, end in action.subitems],
        quote=doc.quote(*action.heading),
    )


def extract_ambitions(doc: Doc, actions: list[Action]) -> list[str]:
    text = doc.text
    items: list[str] = []
    for i, (p_start, p_end) in enumerate(doc.paragraphs):
        para = text[p_start:p_end].rstrip()
        if not (para.endswith(":") and AMBITIONS_INTRO.search(para)):
            continue
        for q_start, q_end in doc.paragraphs[i + 1 :]:
            m = NUMBERED_ITEM.match(text[q_start:q_end])
            if not m:
                break
            items.append(" ".join(m.group("item").split()).rstrip("."))
    if not items:
        items = [a.theme for a in actions if a.theme]
    return _dedupe_prefixes(items)


def ambition_quote(doc: Doc, ambition: str) -> Quote | None:
    """The first place the ambition is written, quoted as its own line."""
    pos = doc.text.find(ambition)
    if pos < 0:
        return None
    start, end = paragraph_at(doc.text, pos)
    return doc.quote(start, end)


def _dedupe_prefixes(items: Iterable[str]) -> list[str]:
    """Unique items in order; an item that extends another one (text run on in a PDF) is dropped."""
    unique: list[str] = []
    for item in items:
        if item in unique:
            continue
        if any(item.startswith(u + " ") for u in unique):
            continue
        unique = [u if not u.startswith(item + " ") else item for u in unique]
        if item not in unique:
            unique.append(item)
    return unique


# --------------------------------------------------------------------------------------------
# Definitions
# --------------------------------------------------------------------------------------------