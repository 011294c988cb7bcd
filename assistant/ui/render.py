"""HTML rendering for the chat: pure functions from answers, documents and topic matches to escaped
HTML or plain text. Every piece of document text is HTML-escaped here before it reaches an HTML
component or the chat, so a document cannot inject markup or scripts."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from assistant.analysis import fold, stem, stopwords
from assistant.answer import Answer
from assistant.dutch import count, date_nl
from assistant.facts_view import KIND_NL
from assistant.topics import KIND_LABEL
from ingest.records import DocumentInfo

TITLE = "akkoord — vragen over samenwerkingsovereenkomsten"
SUBTITLE = (
    "Stel in gewone taal een vraag over de samenwerkingsovereenkomsten en gemeenteraadsbesluiten van "
    "lokale besturen en VDAB. Elk antwoord verwijst met [1], [2], … naar de letterlijke passage in het "
    "document; die ziet u rechts naast het gesprek. Staat het antwoord niet in de documenten, dan zegt "
    "akkoord dat."
)
WELCOME = "<b>Welkom.</b> Stel een vraag over de documenten in de opslag, of kies een voorbeeldvraag hieronder."
EMPTY_CHAT = (
    "<b>Er staan nog geen documenten in de opslag.</b> Laad eerst documenten op in het tabblad "
    "<b>Documenten</b>; daarna kunt u hier vragen stellen."
)
TOPIC_HEADERS = ["Soort", "Nummer en titel", "Document", "Datum", "Fragment"]
NO_SOURCES = "Geen bronnen: de documenten beantwoorden deze vraag niet."

# -- rendering helpers (pure functions: text in, escaped HTML or plain text out) ----------------------


def chat_start(examples: Sequence[str]) -> dict[str, Any]:
    """The chat's examples and placeholder for a store whose documents give these example questions
    (none: the store is empty, and the chat says where to add documents)."""
    return {
        "examples": [{"text": q} for q in examples] or None,
        "placeholder": WELCOME if examples else EMPTY_CHAT,
    }


def question_placeholder(examples: Sequence[str]) -> str:
    return f"Typ uw vraag, bv. {examples[0]}" if examples else "Typ uw vraag"


def esc(text: Any) -> str:
    """HTML-escape document text; `$`, `{` and `}` too, so no template syntax survives either."""
    return (
        html.escape("" if text is None else str(text), quote=True)
        .replace("$", "&#36;")
        .replace("{", "&#123;")
        .replace("}", "&#125;")
    )


def chat_text(text: str) -> str:
    """A chat message that shows exactly `text`: the chatbot renders HTML, so escape it."""
    return html.escape(text, quote=False)


_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)


def _key(token: str) -> str:
    return stem(fold(token))


def _content_keys(text: str) -> set[str]:
    stop = stopwords()
    return {_key(t) for t in _TOKEN.findall(text) if fold(t) not in stop}


def highlight(text: str, keys: set[str]) -> str:
    """Escaped `text` with <mark> around the words whose stem is in `keys`; marked words separated
    only by spaces, punctuation or stop words are joined into one highlighted phrase."""
    stop = stopwords()
    spans: list[tuple[int, int]] = []
    pending_gap_ok = False
    for m in _TOKEN.finditer(text):
        word = fold(m.group())
        if word not in stop and _key(m.group()) in keys:
            if spans and pending_gap_ok:
                spans[-1] = (spans[-1][0], m.end())
            else:
                spans.append((m.start(), m.end()))
            pending_gap_ok = True
        elif word not in stop:
            pending_gap_ok = False
    out, pos = [], 0
    for start, end in spans:
        out.append(esc(text[pos:start]))
        out.append(f"<mark>{esc(text[start:end])}</mark>")
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out)


def supporting_keys(answer: Answer, n: int) -> set[str]:
    """Words that the statement citing [n] takes from its source: the statement's content words
    that the question did not already contain (those say what the answer adds)."""
    marker = f"[{n}]"
    lines = [line for line in answer.answer.splitlines() if marker in line] or [answer.answer]
    stated = _content_keys(re.sub(r"\[\d+\]", " ", " ".join(lines)))
    asked = _content_keys(answer.standalone_question or answer.question)
    return (stated - asked) or stated


def _meta_line(doc: str, section: str | None, page: int | None) -> str:
    parts = [f"Document: {esc(doc)}"]
    if section:
        parts.append(f"Onderdeel: {esc(section)}")
    if page:
        parts.append(f"pagina {esc(page)}")
    return " · ".join(parts)


def _passage_html(passage: str | None, quote: str) -> str:
    """The whole passage in a <details>, with the quote itself marked when it occurs in it."""
    if not passage:
        return ""
    at = passage.find(quote) if quote else -1
    if at >= 0:
        body = (
            esc(passage[:at])
            + f'<mark class="citaat-in-passage">{esc(quote)}</mark>'
            + esc(passage[at + len(quote) :])
        )
    else:
        body = esc(passage)
    return f'<details><summary>Toon de hele passage</summary><div class="passage">{body}</div></details>'


def sources_html(answer: Answer, passages: dict[int, str | None] | None = None) -> str:
    """The sources panel for one answer. An answer that was not found shows no sources at all."""
    passages = passages or {}
    head = f'<div class="kop">Bronnen bij: {esc(answer.question)}</div>'
    if answer.standalone_question and answer.standalone_question != answer.question:
        head += f'<div class="gezocht">Gezocht als: {esc(answer.standalone_question)}</div>'
    if not answer.found or not answer.citations:
        return head + f'<p class="geen-bronnen">{esc(NO_SOURCES)}</p>'
    cards = []
    for c in answer.citations:
        cards.append(
            f'<div class="bron" data-n="{c.n}">'
            f'<div class="bron-kop"><span class="nr">[{c.n}]</span>{esc(c.title or c.doc)}</div>'
            f'<div class="meta">{_meta_line(c.doc, c.section, c.page)}</div>'
            f'<blockquote class="citaat">{highlight(c.quote, supporting_keys(answer, c.n))}</blockquote>'
            f"{_passage_html(passages.get(c.n), c.quote)}"
            "</div>"
        )
    return head + "".join(cards)


SOURCES_HINT = (
    "Klik op een [n] in een antwoord om die bron hier te zien; klik op een eerder antwoord om zijn "
    "bronnen te tonen."
)


def sources_panel(turns: Sequence[str], pending: str | None = None) -> str:
    """The sources panel of a conversation: every answer's sources (`turns`, already rendered, one
    per answer in order) in its own section; the latest is shown, the others are hidden until their
    answer is clicked (see _SOURCES_JS in layout.py). `pending` replaces the view while an answer
    is being looked up."""
    if not turns and pending is None:
        return empty_sources_html()
    shown = len(turns) - 1 if pending is None else -1
    parts = [
        f'<section class="beurt" data-beurt="{k}"{"" if k == shown else " hidden"}>{body}</section>'
        for k, body in enumerate(turns)
    ]
    if pending is not None:
        parts.append(f'<section class="wacht">{pending}</section>')
    return f'<p class="hint">{esc(SOURCES_HINT)}</p>' + "".join(parts)


def empty_sources_html() -> str:
    return (
        '<div class="kop">Bronnen</div><p class="leeg">Hier verschijnen de bronnen van het antwoord: '
        "het document, het onderdeel, de pagina en het letterlijke citaat. De woorden die het antwoord "
        "ondersteunen zijn gemarkeerd.</p>"
    )


def documents_html(documents: Sequence[DocumentInfo], facts: dict[str, list[tuple[str, str]]]) -> str:
    if not documents:
        return '<p class="leeg">Er zijn nog geen documenten. Laad hieronder een document op.</p>'
    rows = "".join(
        f"<tr><td>{esc(d.name)}</td><td>{esc(KIND_NL.get(d.kind, d.kind))}</td><td>{esc(d.title)}</td>"
        f'<td class="datum">{esc(d.date or "-")}</td><td>{d.n_chunks}</td><td>{esc(d.n_pages or "-")}</td></tr>'
        for d in documents
    )
    table = (
        f'<div class="kop">{len(documents)} document(en) in de opslag</div>'
        '<div class="breed"><table><thead><tr><th>Document</th><th>Soort</th><th>Titel</th><th>Datum</th>'
        f"<th>Passages</th><th>Pagina's</th></tr></thead><tbody>{rows}</tbody></table></div>"
    )
    details = []
    for d in documents:
        fact_rows = "".join(
            f"<tr><th>{esc(label)}</th><td>{esc(value)}</td></tr>" for label, value in facts.get(d.name, [])
        )
        details.append(
            f"<details><summary>Kernfeiten van {esc(d.name)}</summary>"
            f'<div class="breed"><table><tbody>{fact_rows}</tbody></table></div></details>'
        )
    return table + '<div class="kop" style="margin-top:1em">Kernfeiten per document</div>' + "".join(details)


def _document_label(match: dict[str, Any]) -> str:
    """The document as officials know it: its title (shortened), the file name when it has none."""
    title = " ".join(str(match.get("doc_title") or "").split())
    if not title:
        return str(match["doc"])
    return title if len(title) <= 90 else title[:89].rsplit(" ", 1)[0] + "…"


def topics_html(matches: Sequence[dict[str, Any]], selected: int | None = None, limited: bool = False) -> str:
    """The found actions, decisions, agenda items and articles as a table, best first; a row is chosen
    with a click or Enter (see _TOPICS_JS in layout.py)."""
    rows = []
    for i, m in enumerate(matches):
        mark = ' class="gekozen" aria-selected="true"' if i == selected else ""
        sub = f'<div class="sub">{esc(m["subitem"])}</div>' if m.get("subitem") else ""
        section = str(m.get("section") or "")
        if section:  # the last two steps of the section path; the whole path on hover
            short = " > ".join(section.split(" > ")[-2:])
            sub += f'<div class="sub" title="{esc(section)}">Onderdeel: {esc(short)}</div>'
        rows.append(
            f'<tr data-rij="{i}" tabindex="0" title="Toon de bron"{mark}>'
            f'<td><span class="soort soort-{esc(m["kind"])}">{esc(KIND_LABEL.get(m["kind"], m["kind"]))}</span></td>'
            f'<td><b>{esc(m["number"])}</b> {esc(m["title"])}{sub}</td>'
            f'<td title="{esc(m["doc"])}">{esc(_document_label(m))}</td>'
            f'<td class="datum">{esc(date_nl(m.get("date")) or "-")}</td>'
            f'<td>{esc(m.get("snippet", ""))}</td></tr>'
        )
    head = "".join(f"<th>{esc(h)}</th>" for h in TOPIC_HEADERS)
    found = count(len(matches), "resultaat", "resultaten") + (" (de eerste)" if limited else "")
    return (
        f'<div class="kop">{found}, de best passende eerst — klik op een rij om de bron te zien</div>'
        f'<div class="breed"><table class="onderwerpen"><thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div>'
    )


def topic_source_html(match: dict[str, Any], passage: str | None) -> str:
    """The source of one found unit: its heading, where it stands, the quote and the whole passage."""
    quote = match.get("quote") or {}
    title = match.get("heading") or f"{KIND_LABEL.get(match['kind'], '')} {match['number']} {match['title']}"
    if match.get("subitem"):
        title += f" — {match['subitem']}"
    where = [f"Document: {esc(_document_label(match))} ({esc(match['doc'])})"]
    if match.get("date"):
        where.append(f"datum {esc(date_nl(match['date']))}")
    if quote.get("section"):
        where.append(f"Onderdeel: {esc(quote['section'])}")
    if quote.get("page"):
        where.append(f"pagina {esc(quote['page'])}")
    return (
        f'<div class="bron"><div class="bron-kop">{esc(title)}</div>'
        f'<div class="meta">{" · ".join(where)}</div>'
        f'<blockquote class="citaat">{esc(quote.get("text") or match.get("snippet", ""))}</blockquote>'
        + (
            f'<div class="kop">Volledige passage</div><div class="passage">{esc(passage)}</div>'
            if passage
            else ""
        )
        + "</div>"
    )


def _failed(reason: str) -> str:
    return f'<span class="fout">mislukt: {esc(reason)}</span>'
