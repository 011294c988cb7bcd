"""The chat's callbacks: they call library code (the Assistant, the ingest service, the topic
finder) and hand its results to the renderers. No retrieval or answering logic lives here."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import gradio as gr
from filelock import FileLock

from assistant.answer import Answer, Citation
from assistant.chain import Assistant
from assistant.config import Settings
from assistant.example_questions import example_questions
from assistant.facts_view import facts_table
from assistant.ui.render import (
    _failed,
    chat_start,
    chat_text,
    documents_html,
    empty_sources_html,
    esc,
    question_placeholder,
    sources_html,
    sources_panel,
    topic_source_html,
    topics_html,
)
from ingest.records import DocumentInfo

logger = logging.getLogger(__name__)

UPLOAD_EXTENSIONS = (".pdf", ".docx", ".txt", ".md", ".html", ".htm")
FEEDBACK_FILE = "feedback.jsonl"


REPLACE_REFUSED = (
    '<span class="fout">niet vervangen: er staat al een ander document met deze naam in de opslag; vink '
    "“Vervang documenten met dezelfde naam” aan en laad het opnieuw op om het te vervangen</span>"
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
    """One question and its answer, kept in the session for follow-ups, feedback and its own sources
    (the rendered sources panel of this answer, shown again when the answer is clicked)."""

    question: str
    answer: str
    found: bool
    citations: list[dict[str, Any]]
    sources: str = ""


def _panel(turns: list[dict], pending: str | None = None) -> str:
    return sources_panel([t.get("sources", "") for t in turns], pending)


class Callbacks:
    def __init__(self, assistant: Assistant, settings: Settings) -> None:
        self.assistant = assistant
        self.settings = settings

    # documents ----------------------------------------------------------------------------------

    def documents(self) -> list[DocumentInfo]:
        return list(self.assistant.retriever.documents().values())

    def names(self) -> list[str]:
        return [d.name for d in self.documents()]

    def examples(self) -> list[str]:
        """Example questions about the documents in the store (none when it is empty)."""
        return example_questions(self.documents())

    def passage_of(self, c: Citation) -> str | None:
        """The whole stored chunk a citation quotes from."""
        chunk = self.assistant.retriever.passage(c.doc, c.start, c.chunk_id)
        return chunk.text if chunk is not None else None

    def refresh(self, question_docs: list[str] | None, topic_docs: list[str] | None) -> tuple[Any, ...]:

        documents = self.documents()
        names = [d.name for d in documents]
        facts = {d.name: facts_table(d) for d in documents}
        examples = example_questions(documents)
        return (
            documents_html(documents, facts),
            gr.update(choices=names, value=[n for n in question_docs or [] if n in names]),
            gr.update(choices=names, value=[n for n in topic_docs or [] if n in names]),
            gr.update(choices=names, value=None),
            gr.update(**chat_start(examples)),
            gr.update(placeholder=question_placeholder(examples)),
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
        yield "", messages, _panel(turns, '<p class="leeg">Bronnen worden opgezocht…</p>'), messages, turns
        final: Answer | None = None
        so_far = ""
        try:
            for piece in self.assistant.stream(question, history, docs or None):
                if isinstance(piece, Answer):
                    final = piece
                    break
                so_far += piece
                messages[-1] = {"role": "assistant", "content": chat_text(so_far)}
                yield gr.skip(), messages, gr.skip(), gr.skip(), gr.skip()
        except Exception as exc:
            logger.exception("answering %r failed", question)
            failed = f"Er ging iets mis bij het beantwoorden: {exc}"
            messages[-1] = {"role": "assistant", "content": chat_text(failed)}
            # keeps one turn per answer, for feedback and for the sources of each answer
            turn = _Turn(question, failed, False, [], f'<p class="fout">{esc(failed)}</p>')
            turns = [*turns, turn.__dict__]
            yield gr.skip(), messages, _panel(turns), messages, turns
            return
        assert final is not None
        text = final.answer + "".join(f"\nLet op: {w}" for w in final.warnings)
        messages[-1] = {"role": "assistant", "content": chat_text(text)}
        passages = {c.n: self.passage_of(c) for c in final.citations}
        turn = _Turn(question, final.answer, final.found, [c.to_json() for c in final.citations],
                     sources_html(final, passages))
        turns = [*turns, turn.__dict__]
        yield gr.skip(), messages, _panel(turns), messages, turns

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

    # topics -------------------------------------------------------------------------------------

    TOPIC_LIMIT = 100

    def find_topics(self, topic: str, kinds: list[str] | None, docs: list[str] | None,
                    date_from: str | None, date_to: str | None) -> tuple[Any, ...]:
        """Actions, decisions, agenda items and articles about `topic`, best first. Outputs: the results
        table, the found state ({"matches", "limited"}), the source panel (the first match's source)."""
        from assistant.dutch import iso_date
        from assistant.topics import find_topics

        none = '<p class="leeg">Geen bron om te tonen.</p>'
        dates: list[str | None] = []
        for label, value in (("van", date_from), ("tot", date_to)):
            value = (value or "").strip()
            found = iso_date(value) if value else None
            if value and found is None:
                msg = f"“{value}” bij “{label}” is geen datum; schrijf bv. 2024-03-01, 1-3-2024 of 1 maart 2024."
                return f'<p class="fout">{esc(msg)}</p>', {}, none
            dates.append(found)
        if dates[0] and dates[1] and dates[0] > dates[1]:
            return '<p class="fout">De datum “van” ligt na de datum “tot”.</p>', {}, none
        found_matches = find_topics(topic or "", self.documents(), docs=docs or None, kinds=kinds or None,
                                    date_from=dates[0], date_to=dates[1], limit=self.TOPIC_LIMIT + 1)
        matches = [m.to_json() for m in found_matches[: self.TOPIC_LIMIT]]
        if not matches:
            msg = (
                f"Niets gevonden over “{topic.strip()}” met deze filters."
                if (topic or "").strip()
                else "Er zijn geen acties, besluiten, agendapunten of artikels in de gekozen documenten."
            )
            return f'<p class="leeg">{esc(msg)}</p>', {}, none
        limited = len(found_matches) > self.TOPIC_LIMIT
        found = {"matches": matches, "limited": limited}
        return topics_html(matches, selected=0, limited=limited), found, self._topic_source(matches[0])

    def _topic_source(self, match: dict[str, Any]) -> str:
        quote = match.get("quote") or {}
        chunk = None
        if quote.get("start") is not None:
            chunk = self.assistant.retriever.passage(match["doc"], int(quote["start"]))
        return topic_source_html(match, chunk.text if chunk is not None else None)

    def show_topic(self, found: dict[str, Any] | None, evt: gr.SelectData) -> tuple[Any, ...]:
        """A row of the results table was chosen: mark it and show its source."""
        matches = (found or {}).get("matches") or []
        raw = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        try:
            row = int(raw)
        except (TypeError, ValueError):
            row = -1
        if not 0 <= row < len(matches):
            return gr.skip(), '<p class="leeg">Kies een resultaat in de tabel.</p>'
        limited = bool((found or {}).get("limited"))
        return topics_html(matches, selected=row, limited=limited), self._topic_source(matches[row])

    # upload and remove --------------------------------------------------------------------------

    def upload(self, files: list[str] | None, replace: bool = False,
               progress: gr.Progress = gr.Progress()) -> str:  # noqa: B008
        """Ingest uploaded files, each known by its file name. A file whose name a document with other
        content already has is not ingested unless `replace` (the box the user ticks) says so."""
        from assistant.ingest_service import run_ingest
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
            '<div class="kop">Resultaat van het opladen</div><div class="breed"><table><thead><tr><th>Bestand</th>'
            f"<th>Bewaard als</th><th>Resultaat</th></tr></thead><tbody>{rows}</tbody></table></div>"
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
        from assistant.ingest_service import remove_document

        if not pending:
            return '<p class="leeg">Er is niets om te verwijderen.</p>', gr.update(visible=False), None
        removed = remove_document(self.settings, self.assistant.store, pending)
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
