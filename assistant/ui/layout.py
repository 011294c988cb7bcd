"""The chat's layout: three tabs ("Vragen", "Onderwerpen", "Documenten") wired to the callbacks."""

from __future__ import annotations

import os
from typing import Any

import gradio as gr

from assistant.chain import Assistant
from assistant.config import Settings
from assistant.topics import KINDS
from assistant.ui.callbacks import Callbacks
from assistant.ui.render import (
    SUBTITLE,
    TITLE,
    chat_start,
    empty_sources_html,
    esc,
    question_placeholder,
)

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
.hint { font-size: .85em; color: var(--body-text-color-subdued); margin: 0 0 .6em 0; }
.bron.gemarkeerd { border-color: #f59e0b; border-left-color: #f59e0b; background: #fffbeb;
                   box-shadow: 0 0 0 3px rgba(245, 158, 11, .35); }
mark { background: #fde68a; color: inherit; padding: 0 .1em; border-radius: 2px; }
mark.citaat-in-passage { background: #fef3c7; }
details > summary { cursor: pointer; color: var(--color-accent); font-size: .9em; margin-top: .3em; }
table { border-collapse: collapse; width: 100%; font-size: .92em; }
th, td { border: 1px solid var(--border-color-primary); padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: var(--background-fill-secondary); }
.ok { color: #15803d; font-weight: 600; }
.fout { color: #b91c1c; font-weight: 600; }
.gelijk { color: var(--body-text-color-subdued); font-weight: 600; }
table.onderwerpen tbody tr { cursor: pointer; }
table.onderwerpen tbody tr:hover, table.onderwerpen tbody tr:focus { background: var(--background-fill-secondary); outline: none; }
table.onderwerpen tbody tr.gekozen { background: #fff7ed; box-shadow: inset 4px 0 0 var(--color-accent); }
.breed { overflow-x: auto; max-width: 100%; }
.soort { display: inline-block; padding: 0 .4em; border-radius: 4px; font-size: .85em; font-weight: 600;
         background: var(--background-fill-secondary); white-space: nowrap; }
.soort-actie { background: #dbeafe; } .soort-besluit { background: #dcfce7; }
.soort-agendapunt { background: #fef9c3; } .soort-artikel { background: #f3e8ff; }
.sub { font-size: .88em; color: var(--body-text-color-subdued); }
td.datum { white-space: nowrap; }
.gezocht { font-size: .88em; color: var(--body-text-color-subdued); margin-bottom: .6em; }
"""
# Our own script (never document text): a click or Enter on a row of the results table fires the
# component's select event with the row number.
_TOPICS_JS = """
const choose = (row) => { if (row) trigger('select', {index: Number(row.dataset.rij), value: row.dataset.rij}); };
element.addEventListener('click', (e) => choose(e.target.closest('tr[data-rij]')));
element.addEventListener('keydown', (e) => { if (e.key === 'Enter') choose(e.target.closest('tr[data-rij]')); });
"""
# A click on an answer in the chat shows that answer's sources; a click on a "[n]" in it also scrolls to
# source n and highlights it. The answers stay plain text (their copy button copies what was said), so
# the [n] under the pointer is read from the text at the click position.
_SOURCES_JS = r"""
const panel = () => document.querySelector('#bronnen');
const answers = () => [...document.querySelectorAll('#gesprek [data-testid="bot"]')];
const show = (turn, n) => {
  const root = panel();
  if (!root) return;
  const parts = [...root.querySelectorAll('section.beurt')];
  const part = parts.find((p) => Number(p.dataset.beurt) === turn);
  if (!part) return;
  parts.forEach((p) => { p.hidden = p !== part; });
  root.querySelectorAll('.bron.gemarkeerd').forEach((c) => c.classList.remove('gemarkeerd'));
  const card = n === null ? null : part.querySelector('.bron[data-n="' + n + '"]');
  if (card) card.classList.add('gemarkeerd');
  (card || part).scrollIntoView({behavior: 'smooth', block: card ? 'center' : 'start'});
};
const referenceAt = (x, y) => {
  let node = null, offset = 0;
  if (document.caretPositionFromPoint) {
    const p = document.caretPositionFromPoint(x, y);
    if (p) { node = p.offsetNode; offset = p.offset; }
  } else if (document.caretRangeFromPoint) {
    const r = document.caretRangeFromPoint(x, y);
    if (r) { node = r.startContainer; offset = r.startOffset; }
  }
  if (!node || node.nodeType !== Node.TEXT_NODE) return null;
  const pattern = /\[(\d+)\]/g;
  let m;
  while ((m = pattern.exec(node.data)) !== null) {
    if (offset >= m.index && offset <= m.index + m[0].length) return Number(m[1]);
  }
  return null;
};
if (!window.__akkoordBronnen) {
  window.__akkoordBronnen = true;
  document.addEventListener('click', (e) => {
    const answer = e.target.closest ? e.target.closest('#gesprek [data-testid="bot"]') : null;
    if (!answer || e.target.closest('button')) return;
    const turn = answers().indexOf(answer);
    if (turn >= 0) show(turn, referenceAt(e.clientX, e.clientY));
  });
}
"""
_HEADER_CSS = """
h1 { font-size: 1.6em; margin: .2em 0 .2em 0; }
p { margin: 0 0 .4em 0; color: var(--body-text-color); opacity: .8; max-width: 70em; }
"""


# The page's own CSS (given to launch()): at phone width the sources come right under the answers,
# before the question box, and nothing is wider than the screen.
PAGE_CSS = """
@media (max-width: 700px) {
  #vragen-rij { flex-direction: column; flex-wrap: nowrap; }
  #gesprek-kolom { display: contents; }
  #gesprek { order: 1; }
  #bronnen-kolom { order: 2; min-width: 0 !important; width: 100%; }
  #vraag-rij { order: 3; }
  #filter-rij { order: 4; }
  #feedback { order: 5; }
  #gesprek { height: 55vh !important; }
  #bronnen .html-container { max-height: 60vh !important; }
}
"""


# -- layout ------------------------------------------------------------------------------------------


def _html(value: str, elem_id: str, js: str | None = None, **kwargs: Any) -> gr.HTML:
    return gr.HTML(value, elem_id=elem_id, css_template=_PANEL_CSS, js_on_load=js, **kwargs)


def build_ui(assistant: Assistant, settings: Settings) -> gr.Blocks:
    """The whole app as a Blocks object (not launched), with its queue set up."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    cb = Callbacks(assistant, settings)
    names = cb.names()
    examples = cb.examples()
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
                with gr.Row(equal_height=False, elem_id="vragen-rij"):
                    with gr.Column(scale=3, min_width=420, elem_id="gesprek-kolom"):
                        chatbot = gr.Chatbot(
                            label="Gesprek",
                            elem_id="gesprek",
                            height=480,
                            render_markdown=False,  # answers are plain text: [n] stays as typed
                            sanitize_html=True,
                            allow_tags=False,
                            feedback_options=("Like", "Dislike"),
                            **chat_start(examples),  # from the store's documents; refreshed on upload
                            buttons=["copy"],
                        )
                        with gr.Row(elem_id="vraag-rij"):
                            question = gr.Textbox(
                                label="Vraag",  # hidden, but read out by screen readers (else "Textbox")
                                show_label=False,
                                placeholder=question_placeholder(examples),
                                elem_id="vraag",
                                scale=5,
                                autofocus=True,
                                max_length=1000,
                            )
                            send = gr.Button("Vraag stellen", variant="primary", scale=1, elem_id="verstuur")
                        with gr.Row(elem_id="filter-rij"):
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
                    with gr.Column(scale=2, min_width=320, elem_id="bronnen-kolom"):
                        sources = _html(
                            empty_sources_html(),
                            "bronnen",
                            js=_SOURCES_JS,
                            max_height=720,
                            padding=True,
                            container=True,
                            label="Bronnen",
                        )

            with gr.Tab("Onderwerpen", id="onderwerpen"):
                gr.Markdown(
                    "Zoek in alle documenten wat over een onderwerp gaat, bv. *mobiliteit*, *kinderopvang* "
                    "of *jongeren*: **acties** uit samenwerkingsovereenkomsten, **besluiten** (agendapunten "
                    "waarover notulen of besluitenlijsten een beslissing of stemming vermelden), "
                    "**agendapunten** (uit agenda's, zonder beslissing) en **artikels** uit reglementen en "
                    "overeenkomsten. De best passende staan bovenaan. Laat het onderwerp leeg om alles te "
                    "zien, in de volgorde van de documenten."
                )
                with gr.Row():
                    topic = gr.Textbox(
                        label="Onderwerp", placeholder="bv. mobiliteit", scale=3, elem_id="onderwerp"
                    )
                    search = gr.Button("Zoeken", variant="primary", scale=1, elem_id="zoek-onderwerpen")
                with gr.Row():
                    topic_kinds = gr.Dropdown(
                        choices=list(KINDS),
                        value=[],
                        multiselect=True,
                        label="Soort",
                        info="Leeg = alle soorten.",
                        scale=2,
                        elem_id="filter-soort",
                    )
                    topic_docs = gr.Dropdown(
                        choices=names,
                        value=[],
                        multiselect=True,
                        label="Alleen in",
                        info="Leeg = alle documenten.",
                        scale=3,
                        elem_id="filter-onderwerpen",
                    )
                    date_from = gr.Textbox(label="Van", placeholder="bv. 1-1-2024", info="Datum van het document.",
                                           scale=1, elem_id="datum-van", max_length=40)
                    date_to = gr.Textbox(label="Tot en met", placeholder="bv. 31 december 2024",
                                         info="2024-12-31, 31-12-2024 of 31 december 2024.",
                                         scale=1, elem_id="datum-tot", max_length=40)
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=300):
                        topics_table = gr.HTML(
                            '<p class="leeg">Nog niet gezocht.</p>',
                            elem_id="onderwerpen-tabel",
                            css_template=_PANEL_CSS,
                            js_on_load=_TOPICS_JS,
                            padding=True,
                            container=True,
                            label="Gevonden",
                        )
                    with gr.Column(scale=2, min_width=300):
                        topic_source = _html(
                            '<p class="leeg">Zoek een onderwerp; de bron van een resultaat verschijnt hier.</p>',
                            "onderwerp-bron",
                            padding=True,
                            container=True,
                            label="Bron",
                        )
                found_topics = gr.State({})

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
                            # no file_types: Gradio would drop other files silently (or with an English
                            # message); the upload names each refused file with a Dutch reason instead
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

        refresh_outputs = [documents_view, question_docs, topic_docs, remove_choice, chatbot, question]
        refresh_inputs = [question_docs, topic_docs]

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

        # topics
        topic_inputs = [topic, topic_kinds, topic_docs, date_from, date_to]
        topic_outputs = [topics_table, found_topics, topic_source]
        search.click(cb.find_topics, topic_inputs, topic_outputs, **private)
        topic.submit(cb.find_topics, topic_inputs, topic_outputs, **private)
        date_from.submit(cb.find_topics, topic_inputs, topic_outputs, **private)
        date_to.submit(cb.find_topics, topic_inputs, topic_outputs, **private)
        topics_table.select(cb.show_topic, [found_topics], [topics_table, topic_source], **private)

        # documents
        upload.click(
            cb.upload, [files, replace_same], [upload_result], concurrency_limit=1, concurrency_id="ingest", **private
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
