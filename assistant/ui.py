"""The Gradio chat: a thin display layer over the Assistant.

Three tabs: "Vragen" (chat with streamed answers and a sources panel), "Acties" (the action finder)
and "Documenten" (list, facts, upload, remove). Callbacks only call library code and render its
results; every piece of document text is HTML-escaped before it reaches an HTML component or the
chat, so a document cannot inject markup or scripts.
"""

from __future__ import annotations

import html
import ipaddress
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import gradio as gr
from filelock import FileLock

from assistant.analysis import fold, stem, stopwords
from assistant.answer import Answer, Citation
from assistant.chain import Assistant
from assistant.config import EXAMPLES_DIR, Settings
from assistant.facts_view import KIND_NL, facts_table
from ingest.records import DocumentInfo

logger = logging.getLogger(__name__)

TITLE = "akkoord — vragen over samenwerkingsovereenkomsten"
SUBTITLE = (
    "Stel in gewone taal een vraag over de samenwerkingsovereenkomsten en gemeenteraadsbesluiten van "
    "lokale besturen en VDAB. Elk antwoord verwijst met [1], [2], … naar de letterlijke passage in het "
    "document; die ziet u rechts naast het gesprek. Staat het antwoord niet in de documenten, dan zegt "
    "akkoord dat."
)
EXAMPLE_QUESTIONS = (
    "Wat is wijk-werken?",
    "Wat is IVSES?",
    "Tot wanneer loopt de overeenkomst met Mechelen?",
    "Wie tekent namens Zele?",
    "Welke acties gaan over mobiliteit?",
)
UPLOAD_EXTENSIONS = (".pdf", ".docx", ".txt", ".md", ".html", ".htm")
ACTION_HEADERS = ["Document", "Nummer", "Titel", "Sub-item", "Fragment"]
NO_SOURCES = "Geen bronnen: de documenten beantwoorden deze vraag niet."
FEEDBACK_FILE = "feedback.jsonl"
CONCURRENCY = 4  # questions answered at the same time; the rest wait in Gradio's queue

# Styles are scoped to each HTML component by Gradio (css_template), so no global CSS is needed
# and the app looks the same however it is launched.
_PANEL_CSS = """
.leeg { color: var(--body-text-color-subdued); font-style: italic; }
.kop { font-weight: 600; margin: 0 0 .5em 0; }
.bron { border: 1px solid var(--border-color-primary); border-left: 4px solid var(--color-accent);
        border-radius: 6px; padding: .55em .75em; margin: 0 0 .75em 0; background: var(--block-background-fill); }
.bron-kop { font-weight: 600; }
.nr { display: inline-block; min-width: 2em; color: var(--color-accent); font-weight: 700; }
.meta { font-size: .88em; color: var(--body-text-color-subdued); margin: .2em 0 .35em 0; }
.citaat { margin: .3em 0; padding: .35em .6em; border-left: 3px solid var(--border-color-primary);
          background: var(--background-fill-secondary); white-space: pre-wrap; }
.passage { white-space: pre-wrap; font-size: .9em; padding: .4em .6em; background: var(--background-fill-secondary);
           border-radius: 4px; max-height: 22em; overflow-y: auto; }
mark { background: #fde68a; color: inherit; padding: 0 .1em; border-radius: 2px; }
mark.citaat-in-passage { background: #fef3c7; }
details > summary { cursor: pointer; color: var(--color-accent); font-size: .9em; margin-top: .3em; }
table { border-collapse: collapse; width: 100%; font-size: .92em; }
th, td { border: 1px solid var(--border-color-primary); padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: var(--background-fill-secondary); }
.ok { color: #15803d; font-weight: 600; }
.fout { color: #b91c1c; font-weight: 600; }
.gelijk { color: var(--body-text-color-subdued); font-weight: 600; }
table.acties tbody tr { cursor: pointer; }
table.acties tbody tr:hover, table.acties tbody tr:focus { background: var(--background-fill-secondary); outline: none; }
table.acties tbody tr.gekozen { background: #fff7ed; box-shadow: inset 4px 0 0 var(--color-accent); }
td.datum { white-space: nowrap; }
.gezocht { font-size: .88em; color: var(--body-text-color-subdued); margin-bottom: .6em; }
"""
# Our own script (never document text): a click or Enter on a row of the actions table fires the
# component's select event with the row number.
_ACTIONS_JS = """
const choose = (row) => { if (row) trigger('select', {index: Number(row.dataset.rij), value: row.dataset.rij}); };
element.addEventListener('click', (e) => choose(e.target.closest('tr[data-rij]')));
element.addEventListener('keydown', (e) => { if (e.key === 'Enter') choose(e.target.closest('tr[data-rij]')); });
"""
_HEADER_CSS = """
h1 { font-size: 1.6em; margin: .2em 0 .2em 0; }
p { margin: 0 0 .4em 0; color: var(--body-text-color); opacity: .8; max-width: 70em; }
"""


# -- rendering helpers (pure functions: text in, escaped HTML or plain text out) ----------------------


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
            f'<div class="bron" id="bron-{c.n}">'
            f'<div class="bron-kop"><span class="nr">[{c.n}]</span>{esc(c.title or c.doc)}</div>'
            f'<div class="meta">{_meta_line(c.doc, c.section, c.page)}</div>'
            f'<blockquote class="citaat">{highlight(c.quote, supporting_keys(answer, c.n))}</blockquote>'
            f"{_passage_html(passages.get(c.n), c.quote)}"
            "</div>"
        )
    return head + "".join(cards)


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
        "<table><thead><tr><th>Document</th><th>Soort</th><th>Titel</th><th>Datum</th>"
        f"<th>Passages</th><th>Pagina's</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    details = []
    for d in documents:
        fact_rows = "".join(
            f"<tr><th>{esc(label)}</th><td>{esc(value)}</td></tr>" for label, value in facts.get(d.name, [])
        )
        details.append(
            f"<details><summary>Kernfeiten van {esc(d.name)}</summary>"
            f"<table><tbody>{fact_rows}</tbody></table></details>"
        )
    return table + '<div class="kop" style="margin-top:1em">Kernfeiten per document</div>' + "".join(details)


def actions_html(matches: Sequence[dict[str, Any]], selected: int | None = None) -> str:
    """The found actions as a table; a row is chosen with a click or Enter (see _ACTIONS_JS)."""
    rows = []
    for i, m in enumerate(matches):
        mark = ' class="gekozen" aria-selected="true"' if i == selected else ""
        rows.append(
            f'<tr data-rij="{i}" tabindex="0" title="Toon de bron van deze actie"{mark}>'
            f"<td>{esc(m['doc'])}</td><td>{esc(m['number'])}</td><td>{esc(m['title'])}</td>"
            f"<td>{esc(m.get('subitem') or '')}</td><td>{esc(m.get('snippet', ''))}</td></tr>"
        )
    head = "".join(f"<th>{esc(h)}</th>" for h in ACTION_HEADERS)
    return (
        f'<div class="kop">{len(matches)} actie(s) gevonden — klik op een rij om de bron te zien</div>'
        f'<table class="acties"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def action_source_html(match: dict[str, Any], passage: str | None) -> str:
    quote = match.get("quote") or {}
    title = match.get("heading") or f"{match['number']} {match['title']}"
    if match.get("subitem"):
        title += f" — {match['subitem']}"
    return (
        f'<div class="bron"><div class="bron-kop">{esc(title)}</div>'
        f'<div class="meta">{_meta_line(match["doc"], quote.get("section"), quote.get("page"))}</div>'
        f'<blockquote class="citaat">{esc(quote.get("text") or match.get("snippet", ""))}</blockquote>'
        + (
            f'<div class="kop">Volledige passage</div><div class="passage">{esc(passage)}</div>'
            if passage
            else ""
        )
        + "</div>"
    )


def safe_filename(name: str) -> str:
    """A file name that is safe to create: basename only, no path separators, no leading dots,
    letters, digits, space, '-', '_' and '.' only; the extension is lower-cased."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFKC", name or ""))[-1]
    stem_part, ext = os.path.splitext(base)
    ext = re.sub(r"[^a-z0-9.]", "", ext.lower())
    cleaned = re.sub(r"[^\w\-. ]", "_", stem_part)
    cleaned = re.sub(r"\s+", " ", re.sub(r"\.{2,}", ".", cleaned)).strip(" ._-")
    return (cleaned[:100].rstrip(" .") or "document") + ext


# English reasons from the ingest library, shown to officials in Dutch.
_REASONS_NL = (
    ("file is empty", "het bestand is leeg"),
    ("no text found in file", "geen tekst gevonden in het bestand"),
    ("PDF is encrypted", "de PDF is beveiligd met een wachtwoord; lever een onbeveiligde kopie aan"),
    ("PDF has no text layer", "de PDF heeft geen tekstlaag (gescand of enkel afbeeldingen); OCR is nodig"),
    ("cannot read PDF", "de PDF kan niet gelezen worden (beschadigd of geen PDF)"),
    ("file looks binary", "het bestand bevat geen leesbare tekst"),
    ("unsupported file type", "dit bestandstype wordt niet ondersteund (alleen .pdf, .docx, .txt, .md, .html)"),
    ("cannot read Word", "het Word-bestand kan niet gelezen worden"),
)


def reason_nl(reason: str) -> str:
    for prefix, dutch in _REASONS_NL:
        if reason.startswith(prefix):
            return dutch
    return reason


def append_feedback(store_dir: Path, record: dict[str, Any]) -> None:
    """One JSON line per feedback in <store>/feedback.jsonl; a file lock keeps concurrent writers apart."""
    store_dir.mkdir(parents=True, exist_ok=True)
    line = json.dumps(record, ensure_ascii=False) + "\n"
    with (
        FileLock(str(store_dir / ".feedback.lock")),
        (store_dir / FEEDBACK_FILE).open("a", encoding="utf-8") as f,
    ):
        f.write(line)


# -- callbacks ---------------------------------------------------------------------------------------


@dataclass
class _Turn:
    """One question and its answer, kept in the session for follow-ups and feedback."""

    question: str
    answer: str
    found: bool
    citations: list[dict[str, Any]]


class _Callbacks:
    def __init__(self, assistant: Assistant, settings: Settings) -> None:
        self.assistant = assistant
        self.settings = settings

    # documents ----------------------------------------------------------------------------------

    def documents(self) -> list[DocumentInfo]:
        return list(self.assistant.retriever.documents().values())

    def names(self) -> list[str]:
        return [d.name for d in self.documents()]

    def passage_of(self, c: Citation) -> str | None:
        """The whole stored chunk a citation quotes from."""
        chunk = self.assistant.retriever.passage(c.doc, c.start, c.chunk_id)
        return chunk.text if chunk is not None else None

    def refresh(self, question_docs: list[str] | None, action_docs: list[str] | None) -> tuple[Any, ...]:

        documents = self.documents()
        names = [d.name for d in documents]
        facts = {d.name: facts_table(d) for d in documents}
        return (
            documents_html(documents, facts),
            gr.update(choices=names, value=[n for n in question_docs or [] if n in names]),
            gr.update(choices=names, value=[n for n in action_docs or [] if n in names]),
            gr.update(choices=names, value=None),
        )

    # chat ---------------------------------------------------------------------------------------

    def ask(
        self, question: str, docs: list[str] | None, messages: list[dict], turns: list[dict]
    ) -> Iterator[tuple[Any, ...]]:
        """Streams the answer into the chat, then shows its sources. Outputs: textbox, chat, sources,
        messages state, turns state."""
        question = (question or "").strip()
        if not question:
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        history = [(t["question"], t["answer"]) for t in turns]
        messages = [
            *messages,
            {"role": "user", "content": chat_text(question)},
            {"role": "assistant", "content": "…"},
        ]
        yield "", messages, '<p class="leeg">Bronnen worden opgezocht…</p>', messages, turns
        final: Answer | None = None
        try:
            for piece in self.assistant.stream(question, history, docs or None):
                if isinstance(piece, Answer):
                    final = piece
                    break
                messages[-1] = {"role": "assistant", "content": chat_text(piece)}
                yield gr.skip(), messages, gr.skip(), gr.skip(), gr.skip()
        except Exception as exc:
            logger.exception("answering %r failed", question)
            failed = f"Er ging iets mis bij het beantwoorden: {exc}"
            messages[-1] = {"role": "assistant", "content": chat_text(failed)}
            turn = _Turn(question, failed, False, [])  # keeps one turn per answer for feedback
            yield gr.skip(), messages, f'<p class="fout">{esc(failed)}</p>', messages, [*turns, turn.__dict__]
            return
        assert final is not None
        text = final.answer + "".join(f"\nLet op: {w}" for w in final.warnings)
        messages[-1] = {"role": "assistant", "content": chat_text(text)}
        turn = _Turn(question, final.answer, final.found, [c.to_json() for c in final.citations])
        passages = {c.n: self.passage_of(c) for c in final.citations}
        yield gr.skip(), messages, sources_html(final, passages), messages, [*turns, turn.__dict__]

    def ask_example(
        self, docs: list[str] | None, messages: list[dict], turns: list[dict], evt: gr.SelectData
    ) -> Iterator[tuple[Any, ...]]:
        value = evt.value if isinstance(evt.value, dict) else {"text": str(evt.value)}
        yield from self.ask(str(value.get("text", "")), docs, messages, turns)

    def new_chat(self) -> tuple[Any, ...]:
        return [], empty_sources_html(), [], [], "", "", None

    # feedback -----------------------------------------------------------------------------------

    def _record(self, turn: dict, rating: str | None, comment: str) -> dict[str, Any]:
        return {
            "time": datetime.now(UTC).isoformat(timespec="seconds"),
            "question": turn["question"],
            "answer": turn["answer"],
            "found": turn["found"],
            "citations": turn["citations"],
            "rating": rating,
            "comment": comment.strip(),
        }

    def like(self, turns: list[dict], comment: str, data: gr.LikeData) -> tuple[Any, ...]:
        """Thumbs on an answer: writes one feedback line (with the comment typed so far)."""
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        turn_no = int(index) // 2  # every turn adds exactly one user and one assistant message
        if not 0 <= turn_no < len(turns):
            return "Deze beoordeling kon niet aan een antwoord gekoppeld worden.", gr.skip(), gr.skip()
        if data.liked is True:
            rating = "up"
        elif data.liked is False:
            rating = "down"
        else:
            rating = str(data.liked) if data.liked else None
        if rating is None:
            return "Beoordeling ingetrokken.", gr.skip(), gr.skip()
        append_feedback(self.settings.store, self._record(turns[turn_no], rating, comment or ""))
        thanks = "Bedankt: uw beoordeling is bewaard." + (
            " Uw opmerking ook." if (comment or "").strip() else " U kunt nog een opmerking toevoegen."
        )
        return thanks, "", {"turn": turn_no, "rating": rating}

    def comment(self, turns: list[dict], comment: str, last: dict | None) -> tuple[Any, ...]:
        """A comment sent on its own: about the answer rated last, else the latest answer."""
        if not (comment or "").strip():
            return "Typ eerst een opmerking.", gr.skip()
        if not turns:
            return "Er is nog geen antwoord om een opmerking bij te geven.", gr.skip()
        turn_no = last["turn"] if last and 0 <= last["turn"] < len(turns) else len(turns) - 1
        rating = last["rating"] if last and last["turn"] == turn_no else None
        append_feedback(self.settings.store, self._record(turns[turn_no], rating, comment))
        return "Bedankt: uw opmerking is bewaard.", ""

    # actions ------------------------------------------------------------------------------------

    def find_actions(self, topic: str, docs: list[str] | None) -> tuple[Any, ...]:
        """Outputs: the actions table, the matches state, the source panel (first match's source)."""
        from assistant.topics import find_topics

        matches = [
            m.to_json() for m in find_topics(topic or "", self.documents(), docs=docs or None, limit=50)
        ]
        if not matches:
            msg = (
                "Geen acties gevonden over dit onderwerp."
                if (topic or "").strip()
                else "Er zijn geen acties in de gekozen documenten."
            )
            return f'<p class="leeg">{esc(msg)}</p>', matches, '<p class="leeg">Geen bron om te tonen.</p>'
        return actions_html(matches, selected=0), matches, self._action_source(matches[0])

    def _action_source(self, match: dict[str, Any]) -> str:
        quote = match.get("quote") or {}
        chunk = None
        if quote.get("start") is not None:
            chunk = self.assistant.retriever.passage(match["doc"], int(quote["start"]))
        return action_source_html(match, chunk.text if chunk is not None else None)

    def show_action(self, matches: list[dict], evt: gr.SelectData) -> tuple[Any, ...]:
        """A row of the actions table was chosen: mark it and show its source."""
        raw = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        try:
            row = int(raw)
        except (TypeError, ValueError):
            row = -1
        if not 0 <= row < len(matches):
            return gr.skip(), '<p class="leeg">Kies een actie in de tabel.</p>'
        return actions_html(matches, selected=row), self._action_source(matches[row])

    # upload and remove --------------------------------------------------------------------------

    def upload(self, files: list[str] | None, replace: bool = False,
               progress: gr.Progress = gr.Progress()) -> str:  # noqa: B008
        """Ingest uploaded files, each known by its file name. A file whose name a document with other
        content already has is not ingested unless `replace` (the box the user ticks) says so."""
        from assistant.cli import run_ingest
        from ingest.pipeline import replaces

        if not files:
            return '<p class="leeg">Kies eerst een of meer bestanden.</p>'
        results: list[tuple[str, str, str]] = []  # original name, stored name, status html
        limit = self.settings.max_upload_mb * 1024 * 1024
        root = Path(tempfile.mkdtemp(prefix="akkoord-upload-"))
        used: set[str] = set()
        try:
            for i, path in enumerate(files):
                original = re.split(r"[\\/]", str(path))[-1]
                progress((i, len(files)), desc=f"Bestand {i + 1} van {len(files)} inlezen")
                name = safe_filename(original)
                ext = os.path.splitext(name)[1]
                if ext not in UPLOAD_EXTENSIONS:
                    results.append(
                        (
                            original,
                            "",
                            _failed("bestandstype niet toegestaan (alleen .pdf, .docx, .txt, .md, .html)"),
                        )
                    )
                    continue
                size = os.path.getsize(path)
                if size > limit:
                    results.append(
                        (
                            original,
                            "",
                            _failed(
                                f"het bestand is {size / 1024 / 1024:.1f} MB, groter dan de limiet van "
                                f"{self.settings.max_upload_mb:g} MB"
                            ),
                        )
                    )
                    continue
                base, n = name, 2
                while name in used:
                    name = f"{os.path.splitext(base)[0]}-{n}{ext}"
                    n += 1
                used.add(name)
                # each file in its own fresh folder, so that progress can be shown per file
                folder = root / str(i)
                folder.mkdir()
                shutil.copyfile(path, folder / name)
                if not replace and replaces(self.assistant.store, name, folder / name):
                    results.append((original, name, REPLACE_REFUSED))
                    continue
                try:
                    report = run_ingest(self.settings, [str(folder)], quiet=True, store=self.assistant.store)
                except Exception as exc:
                    logger.exception("ingest of %s failed", name)
                    results.append((original, name, _failed(str(exc))))
                    continue
                if report.failed:
                    results.append((original, name, _failed(reason_nl(report.failed[0]["reason"]))))
                elif report.replaced:
                    results.append((original, name, '<span class="ok">vervangen</span>'))
                elif report.unchanged:
                    results.append((original, name, '<span class="gelijk">ongewijzigd</span>'))
                else:
                    results.append((original, name, '<span class="ok">ingelezen</span>'))
            progress((len(files), len(files)), desc="Klaar")
        finally:
            shutil.rmtree(root, ignore_errors=True)
        rows = "".join(
            f"<tr><td>{esc(orig)}</td><td>{esc(stored) if stored and stored != orig else ''}</td>"
            f"<td>{status}</td></tr>"
            for orig, stored, status in results
        )
        return (
            '<div class="kop">Resultaat van het opladen</div><table><thead><tr><th>Bestand</th>'
            f"<th>Bewaard als</th><th>Resultaat</th></tr></thead><tbody>{rows}</tbody></table>"
        )

    def ask_remove(self, name: str | None) -> tuple[Any, ...]:
        if not name:
            return '<p class="leeg">Kies eerst een document.</p>', gr.update(visible=False), None
        warning = (
            f'<p class="fout">Weet u zeker dat u <b>{esc(name)}</b> wilt verwijderen? Het document en '
            "al zijn passages verdwijnen uit de opslag. Klik op “Bevestig verwijderen”.</p>"
        )
        return warning, gr.update(visible=True), name

    def confirm_remove(self, pending: str | None) -> tuple[Any, ...]:
        from ingest.pipeline import ingest_lock

        if not pending:
            return '<p class="leeg">Er is niets om te verwijderen.</p>', gr.update(visible=False), None
        with ingest_lock(self.settings.store, self.assistant.store, self.settings.ingest_lease_s):
            removed = self.assistant.store.remove_document(pending)
        message = (
            f'<p><span class="ok">verwijderd:</span> {esc(pending)}</p>'
            if removed
            else f'<p class="fout">{esc(pending)} staat niet (meer) in de opslag.</p>'
        )
        return message, gr.update(visible=False), None

    def cancel_remove(self) -> tuple[Any, ...]:
        return '<p class="leeg">Verwijderen geannuleerd.</p>', gr.update(visible=False), None

    # API ----------------------------------------------------------------------------------------

    def api_ask(self, vraag: str, documenten: list[str] | None = None) -> dict:
        """One question without history; returns the answer in the `ask --json` form."""
        return self.assistant.ask(vraag, docs=documenten or None).to_json()


REPLACE_REFUSED = (
    '<span class="fout">niet vervangen: er staat al een ander document met deze naam in de opslag; vink '
    "“Vervang documenten met dezelfde naam” aan en laad het opnieuw op om het te vervangen</span>"
)


def _failed(reason: str) -> str:
    return f'<span class="fout">mislukt: {esc(reason)}</span>'


# -- layout ------------------------------------------------------------------------------------------


def _html(value: str, elem_id: str, **kwargs: Any) -> gr.HTML:
    return gr.HTML(value, elem_id=elem_id, css_template=_PANEL_CSS, js_on_load=None, **kwargs)


def build_ui(assistant: Assistant, settings: Settings) -> gr.Blocks:
    """The whole app as a Blocks object (not launched), with its queue set up."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    cb = _Callbacks(assistant, settings)
    names = cb.names()
    private: dict[str, Any] = {"api_visibility": "private"}

    with gr.Blocks(title="akkoord", analytics_enabled=False) as demo:
        gr.HTML(
            f"<h1>{esc(TITLE)}</h1><p>{esc(SUBTITLE)}</p>",
            css_template=_HEADER_CSS,
            js_on_load=None,
            elem_id="kop",
        )
        messages = gr.State([])
        turns = gr.State([])
        last_rating = gr.State(None)
        with gr.Tabs():
            with gr.Tab("Vragen", id="vragen"):  # noqa: SIM117 - nesting mirrors the layout
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=420):
                        chatbot = gr.Chatbot(
                            label="Gesprek",
                            elem_id="gesprek",
                            height=480,
                            render_markdown=False,  # answers are plain text: [n] stays as typed
                            sanitize_html=True,
                            allow_tags=False,
                            feedback_options=("Like", "Dislike"),
                            examples=[{"text": q} for q in EXAMPLE_QUESTIONS],
                            placeholder=(
                                "<b>Welkom.</b> Stel een vraag over de overeenkomsten en notulen, "
                                "of kies een voorbeeldvraag hieronder."
                            ),
                            buttons=["copy"],
                        )
                        with gr.Row():
                            question = gr.Textbox(
                                show_label=False,
                                placeholder="Typ uw vraag, bv. Wie tekent namens Zele?",
                                elem_id="vraag",
                                scale=5,
                                autofocus=True,
                                max_length=1000,
                            )
                            send = gr.Button("Vraag stellen", variant="primary", scale=1, elem_id="verstuur")
                        with gr.Row():
                            question_docs = gr.Dropdown(
                                choices=names,
                                value=[],
                                multiselect=True,
                                label="Alleen zoeken in",
                                info="Leeg laten om in alle documenten te zoeken.",
                                elem_id="filter-vragen",
                                scale=4,
                            )
                            new_chat = gr.Button("Nieuw gesprek", elem_id="nieuw-gesprek", scale=1)
                        with gr.Accordion("Feedback op een antwoord", open=False, elem_id="feedback"):
                            gr.Markdown(
                                "Klik op duim omhoog of omlaag onder een antwoord. Wilt u iets toelichten? "
                                "Typ het hier: het wordt bewaard bij uw volgende beoordeling, of met "
                                "“Opmerking versturen” bij het laatst beoordeelde antwoord."
                            )
                            comment = gr.Textbox(label="Opmerking (optioneel)", lines=2, elem_id="opmerking")
                            with gr.Row():
                                send_comment = gr.Button("Opmerking versturen", size="sm", scale=0)
                                feedback_status = gr.Markdown("", elem_id="feedback-status")
                    with gr.Column(scale=2, min_width=320):
                        sources = _html(
                            empty_sources_html(),
                            "bronnen",
                            max_height=720,
                            padding=True,
                            container=True,
                            label="Bronnen",
                        )

            with gr.Tab("Acties", id="acties"):
                gr.Markdown(
                    "Zoek welke acties uit de overeenkomsten over een onderwerp gaan, bv. "
                    "*mobiliteit*, *kinderopvang* of *jongeren*. Laat het onderwerp leeg om alle "
                    "acties te zien."
                )
                with gr.Row():
                    topic = gr.Textbox(
                        label="Onderwerp", placeholder="bv. mobiliteit", scale=3, elem_id="onderwerp"
                    )
                    action_docs = gr.Dropdown(
                        choices=names,
                        value=[],
                        multiselect=True,
                        label="Alleen in",
                        info="Leeg = alle documenten.",
                        scale=3,
                        elem_id="filter-acties",
                    )
                    search = gr.Button("Zoek acties", variant="primary", scale=1, elem_id="zoek-acties")
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        actions_table = gr.HTML(
                            '<p class="leeg">Nog niet gezocht.</p>',
                            elem_id="acties-tabel",
                            css_template=_PANEL_CSS,
                            js_on_load=_ACTIONS_JS,
                            padding=True,
                            container=True,
                            label="Gevonden acties",
                        )
                    with gr.Column(scale=2):
                        action_source = _html(
                            '<p class="leeg">Zoek een onderwerp; de bron van een actie verschijnt hier.</p>',
                            "actie-bron",
                            padding=True,
                            container=True,
                            label="Bron van de actie",
                        )
                matches = gr.State([])

            with gr.Tab("Documenten", id="documenten"):
                documents_view = _html("", "documenten-lijst", padding=True)
                with gr.Row(equal_height=False):
                    with gr.Column():
                        gr.Markdown(
                            f"**Document opladen** — .pdf, .docx, .txt, .md of .html, maximaal "
                            f"{settings.max_upload_mb:g} MB per bestand. Een document met dezelfde "
                            "naam wordt alleen vervangen als u dat hieronder aanvinkt."
                        )
                        files = gr.File(
                            file_count="multiple",
                            file_types=list(UPLOAD_EXTENSIONS),
                            label="Bestanden",
                            elem_id="opladen",
                        )
                        replace_same = gr.Checkbox(False, label="Vervang documenten met dezelfde naam",
                                                   elem_id="opladen-vervang")
                        upload = gr.Button("Opladen en inlezen", variant="primary", elem_id="opladen-knop")
                        upload_result = _html("", "opladen-resultaat")
                    with gr.Column():
                        gr.Markdown("**Document verwijderen**")
                        remove_choice = gr.Dropdown(
                            choices=names, value=None, label="Document", elem_id="verwijder-keuze"
                        )
                        remove = gr.Button("Verwijder", variant="secondary", elem_id="verwijder")
                        remove_message = _html("", "verwijder-bericht")
                        with gr.Row(visible=False) as confirm_row:
                            confirm = gr.Button("Bevestig verwijderen", variant="stop", elem_id="bevestig")
                            cancel = gr.Button("Annuleren", elem_id="annuleer")
                        pending_removal = gr.State(None)

        refresh_outputs = [documents_view, question_docs, action_docs, remove_choice]
        refresh_inputs = [question_docs, action_docs]

        # chat
        ask_outputs = [question, chatbot, sources, messages, turns]
        question.submit(cb.ask, [question, question_docs, messages, turns], ask_outputs, **private)
        send.click(cb.ask, [question, question_docs, messages, turns], ask_outputs, **private)
        chatbot.example_select(cb.ask_example, [question_docs, messages, turns], ask_outputs, **private)
        new_chat.click(
            cb.new_chat,
            None,
            [chatbot, sources, messages, turns, question, feedback_status, last_rating],
            queue=False,
            **private,
        )
        chatbot.clear(
            cb.new_chat,
            None,
            [chatbot, sources, messages, turns, question, feedback_status, last_rating],
            queue=False,
            **private,
        )
        chatbot.like(cb.like, [turns, comment], [feedback_status, comment, last_rating], **private)
        send_comment.click(cb.comment, [turns, comment, last_rating], [feedback_status, comment], **private)

        # actions
        search.click(
            cb.find_actions, [topic, action_docs], [actions_table, matches, action_source], **private
        )
        topic.submit(
            cb.find_actions, [topic, action_docs], [actions_table, matches, action_source], **private
        )
        actions_table.select(cb.show_action, [matches], [actions_table, action_source], **private)

        # documents
        upload.click(
            cb.upload, [files, replace_same], [upload_result], concurrency_limit=1, concurrency_id="ingest",
            **private
        ).then(cb.refresh, refresh_inputs, refresh_outputs, **private).then(
            lambda: None, None, [files], **private
        )
        remove.click(
            cb.ask_remove, [remove_choice], [remove_message, confirm_row, pending_removal], **private
        )
        confirm.click(
            cb.confirm_remove,
            [pending_removal],
            [remove_message, confirm_row, pending_removal],
            concurrency_limit=1,
            concurrency_id="ingest",
            **private,
        ).then(cb.refresh, refresh_inputs, refresh_outputs, **private)
        cancel.click(cb.cancel_remove, None, [remove_message, confirm_row, pending_removal], **private)
        demo.load(cb.refresh, refresh_inputs, refresh_outputs, **private)

        # a named endpoint for scripts and load tests: (question, documents) -> answer JSON
        gr.api(cb.api_ask, api_name="vraag")

    demo.queue(default_concurrency_limit=CONCURRENCY)
    return demo


# -- launch ------------------------------------------------------------------------------------------


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse_auth(auth: str | None) -> tuple[str, str] | None:
    if not auth:
        return None
    user, sep, password = auth.partition(":")
    if not sep or not user or not password:
        raise ValueError("AKKOORD_AUTH / --auth moet de vorm GEBRUIKER:WACHTWOORD hebben")
    return user, password


def exposure_warning(settings: Settings) -> str | None:
    """A loud warning when the chat is reachable from other machines without a password."""
    if _is_loopback(settings.host) or settings.auth:
        return None
    bar = "!" * 78
    return "\n".join(
        [
            bar,
            f"WAARSCHUWING: akkoord luistert op {settings.host}:{settings.port} ZONDER wachtwoord.",
            "WAARSCHUWING: iedereen die deze machine via het netwerk bereikt, kan de documenten",
            "WAARSCHUWING: lezen, vragen stellen, documenten opladen en documenten verwijderen.",
            "WAARSCHUWING: stel een wachtwoord in met --auth GEBRUIKER:WACHTWOORD (of AKKOORD_AUTH),",
            "WAARSCHUWING: of bind enkel aan 127.0.0.1 (--host 127.0.0.1).",
            bar,
        ]
    )


def theme() -> gr.themes.Base:
    """Gradio's default look; its bundled semi-bold font file is a tiny subset (A and B only, in
    gradio 6.31), so bold text is mapped to the complete bold file instead."""
    return gr.themes.Default(
        font=[
            gr.themes.LocalFont("Source Sans Pro", weights=(400, 700)),
            "ui-sans-serif",
            "system-ui",
            "sans-serif",
        ],
    )


def launch_options(settings: Settings) -> dict[str, Any]:
    """Options for Blocks.launch() that belong to the app, not to where it is served."""
    return {
        "theme": theme(),
        "max_file_size": int(settings.max_upload_mb * 1024 * 1024),
        "show_error": False,
    }


def launch(settings: Settings) -> None:
    """Ingest the bundled examples into an empty store, then serve the chat (blocks until stopped)."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from assistant.app import build, open_store
    from assistant.cli import run_ingest

    try:
        auth = parse_auth(settings.auth)
    except ValueError as exc:
        sys.exit(f"Fout: {exc}")
    print(f"akkoord: opslag {settings.store} openen…", file=sys.stderr)
    store = open_store(settings)
    if not store.list_documents():
        # one store object for ingest and chat: the embedding model is loaded once
        print(f"akkoord: de opslag is leeg; voorbeelddocumenten inlezen uit {EXAMPLES_DIR}…", file=sys.stderr)
        report = run_ingest(settings, [str(EXAMPLES_DIR)], quiet=False, store=store)
        print(f"akkoord: ingelezen: {', '.join(report.ingested) or '-'}", file=sys.stderr)
        for failure in report.failed:
            print(f"akkoord: MISLUKT {failure['file']}: {failure['reason']}", file=sys.stderr)
    assistant = build(settings, store=store)
    demo = build_ui(assistant, settings)
    warning = exposure_warning(settings)
    if warning:
        print(warning, file=sys.stderr)
    print(f"akkoord: de chat start op http://{settings.host}:{settings.port}", file=sys.stderr)
    demo.launch(
        server_name=settings.host,
        server_port=settings.port,
        auth=auth,
        auth_message="Meld u aan om akkoord te gebruiken." if auth else None,
        prevent_thread_lock=True,
        **launch_options(settings),
    )
    if warning:  # repeat it after Gradio's own start-up lines, where it is seen last
        print(warning, file=sys.stderr)
    demo.block_thread()
