"""The `akkoord` command: a thin layer that parses arguments and calls library code.

Start-up time matters here (every command is a new process): the settings (pydantic), the chain
(LangChain), Chroma and the embedding model are imported inside the commands that use them, so that
`akkoord --help` loads none of them and `docs list`, `facts` and `actions` load no embedding model.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ingest.records import IngestError
from vectorstore.embeddings import EmbeddingError
from vectorstore.store import StoreError

if TYPE_CHECKING:
    from assistant.config import Settings

logger = logging.getLogger(__name__)

# errors of modules that are imported only by some commands: recognised without importing them
_LAZY_ERRORS = (("assistant.llm", "LLMConfigError"), ("prompts", "PromptError"))

# Commands that live outside the product and are imported only when they run: the evaluation tools
# depend on the product, never the other way round (a test checks that no product module imports
# `evals`). Their one-line help is given here so that `akkoord --help` imports none of them.
_EXTERNAL = {
    "eval": ("evals.cli", "eval_command",
             "Answer every case of an eval dataset (or of the dev/blind suites) and score the answers."),
}


def settings_from(store: str | None = None, **overrides: Any) -> Settings:
    """The settings of one command: environment variables, overridden by the flags that were given."""
    from assistant.config import Settings

    values = {k: v for k, v in overrides.items() if v is not None}
    if store:
        values["store"] = Path(store)
    try:
        return Settings(**values)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc


def _fail(message: str) -> None:
    click.echo(f"Fout: {message}", err=True)
    sys.exit(2)


def _echo_err(message: str) -> None:
    click.echo(message, err=True)


def _is_project_error(exc: Exception) -> bool:
    if isinstance(exc, (StoreError, IngestError, EmbeddingError)):
        return True
    for module, name in _LAZY_ERRORS:
        loaded = sys.modules.get(module)
        if loaded is not None and isinstance(exc, getattr(loaded, name)):
            return True
    return False


class _Errors(click.Group):
    """Turns the project's own errors into one clear line and a non-zero exit, never a traceback;
    loads the commands of `_EXTERNAL` only when they are invoked."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *_EXTERNAL])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in _EXTERNAL:
            return super().get_command(ctx, name)
        module, attribute, _ = _EXTERNAL[name]
        try:
            return getattr(importlib.import_module(module), attribute)
        except ImportError as exc:
            raise click.UsageError(f"`akkoord {name}` is niet beschikbaar: de module {module} ontbreekt ({exc})") from exc

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        limit = formatter.width - 6 - max((len(n) for n in self.list_commands(ctx)), default=0)
        rows = []
        for name in self.list_commands(ctx):
            if name in _EXTERNAL:
                rows.append((name, _EXTERNAL[name][2]))
                continue
            command = super().get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            if _is_project_error(exc):
                _fail(str(exc))
            if isinstance(exc, ValueError) and ("mode" in str(exc) or "configured" in str(exc)):
                _fail(str(exc))
            raise


@click.group(cls=_Errors)
@click.option("-v", "--verbose", is_flag=True, help="Log what happens.")
def main(verbose: bool) -> None:
    """akkoord: Dutch questions over cooperation agreements and council minutes, with citations."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


store_option = click.option("--store", type=click.Path(file_okay=False), default=None,
                            help="Store folder (default: AKKOORD_STORE or the user data folder).")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def ingest(paths: tuple[str, ...], store: str | None, as_json: bool, quiet: bool) -> None:
    """Ingest files and folders (.pdf, .docx, .txt, .md, .html/.htm) into the store."""
    from assistant.ingest_service import run_ingest

    settings = settings_from(store)
    report = run_ingest(settings, list(paths), quiet=quiet or as_json, on_wait=_echo_err)
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        for label, names in (("ingelezen", report.ingested), ("vervangen", report.replaced),
                             ("ongewijzigd", report.unchanged)):
            if names:
                click.echo(f"{label} ({len(names)}): {', '.join(names)}")
        for failure in report.failed:
            click.echo(f"MISLUKT {failure['file']}: {failure['reason']}", err=True)
    if report.failed:
        sys.exit(1)


@main.command()
@click.argument("question", required=False)
@store_option
@click.option("--doc", "docs", multiple=True, help="Only search this document (file name); repeatable.")
@click.option("--mode", type=click.Choice(["grounded", "llm"]), default=None, help="Answer mode.")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON (the ask --json contract).")
@click.option("--batch", "batch", type=click.File("r", encoding="utf-8"), default=None,
              help="Answer every line of FILE (- = standard input) in one process: one question per line "
                   '(or a JSON object {"question": ..., "docs": [...]}); prints one JSON line per answer.')
def ask(question: str | None, store: str | None, docs: tuple[str, ...], mode: str | None, as_json: bool,
        batch: Any) -> None:
    """Answer one question (or a file of questions) with citations."""
    from assistant.app import build

    if (question is None) == (batch is None):
        raise click.UsageError("geef een vraag of --batch FILE (- leest standaardinvoer), niet allebei")
    settings = settings_from(store, mode=mode)
    assistant = build(settings)
    _check_docs(assistant, docs)
    if batch is not None:
        sys.exit(_ask_batch(assistant, batch, list(docs) or None))
    answer = assistant.ask(question, docs=list(docs) or None)
    if as_json:
        click.echo(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
        return
    click.echo(answer.answer)
    if answer.citations:
        click.echo("\nBronnen:")
        for c in answer.citations:
            page = f", p. {c.page}" if c.page else ""
            click.echo(f"[{c.n}] {c.doc} — {c.section or c.title}{page}")
            click.echo(f"    “{' '.join(c.quote.split())}”")
    for warning in answer.warnings:
        click.echo(f"Let op: {warning}", err=True)


def _ask_batch(assistant: Any, lines: Any, docs: list[str] | None) -> int:
    """One JSON line per question (the `ask --json` object), written as soon as it is answered. A
    question that fails gets {"question", "error"} and the exit code becomes 1; the store or the model
    failing stops the run (exit 2)."""
    failed = 0
    known = set(assistant.retriever.documents())
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            continue
        question, line_docs = text, docs
        if text.startswith("{"):
            try:
                item = json.loads(text)
                question = str(item["question"])
                line_docs = list(item.get("docs") or []) or docs
            except (ValueError, KeyError, TypeError) as exc:
                click.echo(json.dumps({"line": number, "error": f"regel {number} is geen geldige JSON-vraag ({exc})"},
                                      ensure_ascii=False))
                failed += 1
                continue
        unknown = [d for d in line_docs or [] if d not in known]
        try:
            if unknown:
                raise ValueError(f"onbekend document: {', '.join(unknown)}")
            result = assistant.ask(question, docs=line_docs).to_json()
        except (StoreError, EmbeddingError):
            raise
        except Exception as exc:
            logger.debug("question on line %d failed", number, exc_info=True)
            result = {"question": question, "error": f"{type(exc).__name__}: {exc}"}
            failed += 1
        click.echo(json.dumps(result, ensure_ascii=False))
        sys.stdout.flush()
    return 1 if failed else 0


def _check_docs(assistant: Any, docs: tuple[str, ...]) -> None:
    known = set(assistant.retriever.documents())
    unknown = [d for d in docs if d not in known]
    if unknown:
        _fail(f"unknown document(s): {', '.join(unknown)}; known: {', '.join(sorted(known)) or '(none)'}")


@main.group()
def docs() -> None:
    """List or remove documents in the store."""


@docs.command("list")
@store_option
@click.option("--json", "as_json", is_flag=True)
def docs_list(store: str | None, as_json: bool) -> None:
    from assistant.app import open_store

    documents = open_store(settings_from(store), with_model=False, check_model=False).list_documents()
    if as_json:
        click.echo(json.dumps([{"name": d.name, "kind": d.kind, "title": d.title, "date": d.date,
                                "chunks": d.n_chunks, "pages": d.n_pages, "format": d.format, "sha256": d.sha256}
                               for d in documents], ensure_ascii=False, indent=2))
        return
    if not documents:
        click.echo("De opslag is leeg.")
    for d in documents:
        click.echo(f"{d.name}\t{d.kind}\t{d.date or '-'}\t{d.n_chunks} stukken\t{d.title}")


@docs.command("remove")
@click.argument("name")
@store_option
def docs_remove(name: str, store: str | None) -> None:
    from assistant.app import open_store
    from assistant.ingest_service import remove_document

    settings = settings_from(store)
    removed = remove_document(settings, open_store(settings, with_model=False, check_model=False), name)
    if not removed:
        _fail(f"document '{name}' is not in the store")
    click.echo(f"verwijderd: {name}")


@main.command()
@click.argument("name")
@store_option
@click.option("--json", "as_json", is_flag=True)
def facts(name: str, store: str | None, as_json: bool) -> None:
    """The facts extracted from one document."""
    from assistant.app import open_store
    from assistant.facts_view import facts_table

    doc = open_store(settings_from(store), with_model=False, check_model=False).get_document(name)
    if doc is None:
        _fail(f"document '{name}' is not in the store")
    if as_json:
        click.echo(json.dumps(doc.facts.dump(), ensure_ascii=False, indent=2))
    else:
        for row in facts_table(doc):
            click.echo("\t".join(row))


@main.command()
@store_option
@click.option("--topic", default="", help="Topic, e.g. 'mobiliteit'; empty lists every action.")
@click.option("--doc", "docs", multiple=True, help="Only this document; repeatable.")
@click.option("--json", "as_json", is_flag=True)
def actions(store: str | None, topic: str, docs: tuple[str, ...], as_json: bool) -> None:
    """Actions, agenda items and articles across all documents, ranked by relevance to a topic."""
    from assistant.app import open_store
    from assistant.topics import find_topics

    documents = open_store(settings_from(store), with_model=False, check_model=False).list_documents()
    matches = find_topics(topic, documents, docs=list(docs) or None, limit=100)
    if as_json:
        click.echo(json.dumps([m.to_json() for m in matches], ensure_ascii=False, indent=2))
        return
    if not matches:
        click.echo("Niets gevonden." if topic else "Er zijn geen acties, agendapunten of artikels in de documenten.")
    for m in matches:
        sub = f" ({m.subitem})" if m.subitem else ""
        click.echo(f"{m.doc}\t{m.heading}{sub}\n    {m.snippet}")


@main.command()
@store_option
@click.option("--host", default=None, help="Address to bind (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default 7860).")
@click.option("--auth", default=None, help="USER:PASS required to open the chat (or AKKOORD_AUTH).")
@click.option("--mode", type=click.Choice(["grounded", "llm"]), default=None)
def chat(store: str | None, host: str | None, port: int | None, auth: str | None, mode: str | None) -> None:
    """Start the chat in the browser; ingests the bundled examples into an empty store first."""
    from assistant.ui.serve import launch

    settings = settings_from(store, host=host, port=port, auth=auth, mode=mode)
    launch(settings)


@main.command()
@store_option
def examples(store: str | None) -> None:
    """Ingest the bundled example documents when the store is empty."""
    from assistant.ingest_service import ensure_examples

    settings = settings_from(store)
    report = ensure_examples(settings)
    click.echo("De opslag bevat al documenten." if report is None else
               f"Voorbeelden ingelezen: {', '.join(report.ingested) or '-'}")


@main.command()
@store_option
@click.option("--force", is_flag=True, help="Re-embed even when the store already uses the configured model.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def reindex(store: str | None, force: bool, as_json: bool, quiet: bool) -> None:
    """Re-embed every chunk with the configured embedding model (AKKOORD_EMBEDDING_MODEL)."""
    from assistant.ingest_service import run_reindex

    settings = settings_from(store)
    report = run_reindex(settings, force=force, quiet=quiet or as_json, on_wait=_echo_err)
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    elif not report.done:
        click.echo(f"De opslag gebruikt al {report.model}; er is niets om te zetten "
                   "(--force berekent de vectoren toch opnieuw).")
    else:
        click.echo(f"Omgezet van {report.previous_model or '-'} naar {report.model}: {report.chunks} stukken, "
                   f"{report.texts} verschillende teksten, waarvan {report.embedded} nieuw berekend, "
                   f"in {report.seconds:.0f} s.")


if __name__ == "__main__":  # pragma: no cover
    main()
