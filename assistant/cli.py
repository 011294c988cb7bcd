"""The `akkoord` command: a thin layer that parses arguments and calls library code.

Start-up time matters here (every command is a new process): the settings (pydantic), the chain
(LangChain), Chroma and the embedding model are imported inside the commands that use them, so that
`akkoord --help` loads none of them and `docs list`, `facts` and `actions` load no embedding model.
"""

from __future__ import annotations

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
_LAZY_ERRORS = (("assistant.llm", "LLMConfigError"), ("evals.dataset", "DatasetError"), ("prompts", "PromptError"))


def _settings(store: str | None = None, **overrides: Any) -> Settings:
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


def _is_project_error(exc: Exception) -> bool:
    if isinstance(exc, (StoreError, IngestError, EmbeddingError)):
        return True
    for module, name in _LAZY_ERRORS:
        loaded = sys.modules.get(module)
        if loaded is not None and isinstance(exc, getattr(loaded, name)):
            return True
    return False


class _Errors(click.Group):
    """Turns the project's own errors into one clear line and a non-zero exit, never a traceback."""

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


def run_ingest(settings: Settings, paths: list[str], quiet: bool = True, store: Any = None) -> Any:
    from assistant.app import open_store
    from ingest.load import iter_paths
    from ingest.pipeline import ingest_lock, ingest_paths

    store = store or open_store(settings, for_ingest=True)
    files = list(iter_paths(paths))
    bar = None
    if not quiet and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="bestand", file=sys.stderr)

    def on_file(path: Path) -> None:
        if bar is not None:
            bar.set_postfix_str(path.name[:40])
            bar.update(1)

    def on_wait(message: str) -> None:
        click.echo(message, err=True)

    try:
        lock = ingest_lock(settings.store, store, settings.ingest_lease_s)
        # the paths as given: a document's identity is its path in the folder given (ingest/load.py)
        return ingest_paths(paths, store, lock, settings.max_file_bytes, on_file, on_wait)
    finally:
        if bar is not None:
            bar.close()


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def ingest(paths: tuple[str, ...], store: str | None, as_json: bool, quiet: bool) -> None:
    """Ingest files and folders (.pdf, .docx, .txt, .md, .html/.htm) into the store."""
    settings = _settings(store)
    report = run_ingest(settings, list(paths), quiet=quiet or as_json)
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
    settings = _settings(store, mode=mode)
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
    """Every document by its identity (its path in the folder that was ingested), kind, date, title."""
    from assistant.app import open_store

    documents = open_store(_settings(store), with_model=False, check_model=False).list_documents()
    if as_json:
        click.echo(json.dumps([{"name": d.name, "kind": d.kind, "title": d.title, "date": d.date,
                                "chunks": d.n_chunks, "pages": d.n_pages, "format": d.format, "sha256": d.sha256}
                               for d in documents], ensure_ascii=False, indent=2))
        return
    if not documents:
        click.echo("De opslag is leeg.")
    # the first column is the document's identity: its path in the folder that was ingested
    for d in documents:
        click.echo(f"{d.name}\t{d.kind}\t{d.date or '-'}\t{d.n_chunks} stukken\t{d.title}")


@docs.command("remove")
@click.argument("name")
@store_option
def docs_remove(name: str, store: str | None) -> None:
    """Remove the document NAME, as `docs list` shows it (e.g. gemeente-a/notulen.pdf)."""
    from assistant.app import open_store
    from ingest.pipeline import ingest_lock

    settings = _settings(store)
    target = open_store(settings, with_model=False, check_model=False)
    with ingest_lock(settings.store, target, settings.ingest_lease_s):
        removed = target.remove_document(name)
    if not removed:
        # a document is known by its path in the folder that was ingested: offer those with this file name
        same = [d.name for d in target.list_documents() if d.name.rsplit("/", 1)[-1] == name.rsplit("/", 1)[-1]]
        hint = f"; bedoelt u: {', '.join(same)}?" if same else " (zie `akkoord docs list`)"
        _fail(f"document '{name}' staat niet in de opslag{hint}")
    click.echo(f"verwijderd: {name}")


@main.command()
@click.argument("name")
@store_option
@click.option("--json", "as_json", is_flag=True)
def facts(name: str, store: str | None, as_json: bool) -> None:
    """The facts extracted from one document."""
    from assistant.app import open_store
    from assistant.facts_view import facts_table

    doc = open_store(_settings(store), with_model=False, check_model=False).get_document(name)
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

    documents = open_store(_settings(store), with_model=False, check_model=False).list_documents()
    matches = find_topics(topic, documents, docs=list(docs) or None, limit=100)
    if as_json:
        click.echo(json.dumps([m.to_json() for m in matches], ensure_ascii=False, indent=2))
        return
    if not matches:
        click.echo("Niets gevonden." if topic else "Er zijn geen acties, agendapunten of artikels in de documenten.")
    for m in matches:
        sub = f" ({m.subitem})" if m.subitem else ""
        click.echo(f"{m.doc}\t{m.heading}{sub}\n    {m.snippet}")


@main.command(name="eval")
@click.option("--dataset", type=click.Path(exists=True, dir_okay=False), default=None,
              help="An eval dataset (JSONL); or use --split.")
@click.option("--split", type=click.Choice(["dev", "blind", "all"]), default=None,
              help="Run the bundled dev and/or blind suites, each over its own corpus.")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False), default=None,
              help="Ingest this folder into a fresh temporary store.")
@store_option
@click.option("--mode", type=click.Choice(["grounded", "llm"]), default=None)
@click.option("--json", "json_out", type=click.Path(dir_okay=False), default=None, help="Write the JSON report here.")
@click.option("--markdown", "md_out", type=click.Path(dir_okay=False), default=None, help="Write a Markdown report.")
@click.option("--baseline", is_flag=True, help="Also run the plain LangChain RAG baseline and compare.")
@click.option("--gate", is_flag=True, help="With --split: exit 1 when a split misses its gate (evals/gates.json).")
@click.option("--min-fact-accuracy", type=float, default=None)
@click.option("--min-refusal-accuracy", type=float, default=None)
@click.option("--min-citation-support", type=float, default=None)
def eval_command(dataset: str | None, split: str | None, corpus: str | None, store: str | None, mode: str | None,
                 json_out: str | None, md_out: str | None, baseline: bool, gate: bool,
                 min_fact_accuracy: float | None, min_refusal_accuracy: float | None,
                 min_citation_support: float | None) -> None:
    """Answer every case of an eval dataset (or of the dev/blind suites) and score the answers."""
    if split is not None:
        if dataset or corpus or store:
            raise click.UsageError("--split runs the bundled suites; it takes no --dataset, --corpus or --store")
        from evals.runner import run_suites_cli

        sys.exit(run_suites_cli(split, _settings(None, mode=mode), baseline, json_out, md_out, gate))
    if dataset is None:
        raise click.UsageError("give --dataset FILE or --split dev|blind|all")
    if bool(corpus) == bool(store):
        raise click.UsageError("give exactly one of --corpus DIR or --store DIR")
    if baseline and not corpus:  # checked here: the evaluation itself takes minutes before it needs the corpus
        raise click.UsageError("--baseline leest de documenten zelf in en heeft dus --corpus MAP nodig; "
                               "geef --corpus MAP in plaats van --store, of laat --baseline weg")
    from evals.runner import run_cli

    code = run_cli(dataset=Path(dataset), corpus=Path(corpus) if corpus else None,
                   settings=_settings(store, mode=mode), json_out=json_out, md_out=md_out, baseline=baseline,
                   thresholds={"fact_accuracy": min_fact_accuracy, "refusal_accuracy": min_refusal_accuracy,
                               "citation_support": min_citation_support})
    sys.exit(code)


@main.command()
@store_option
@click.option("--host", default=None, help="Address to bind (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default 7860).")
@click.option("--auth", default=None, help="USER:PASS required to open the chat (or AKKOORD_AUTH).")
@click.option("--mode", type=click.Choice(["grounded", "llm"]), default=None)
def chat(store: str | None, host: str | None, port: int | None, auth: str | None, mode: str | None) -> None:
    """Start the chat in the browser; ingests the bundled examples into an empty store first."""
    from assistant.ui import launch

    settings = _settings(store, host=host, port=port, auth=auth, mode=mode)
    launch(settings)


@main.command()
@store_option
def examples(store: str | None) -> None:
    """Ingest the bundled example documents when the store is empty."""
    settings = _settings(store)
    report = ensure_examples(settings)
    click.echo("De opslag bevat al documenten." if report is None else
               f"Voorbeelden ingelezen: {', '.join(report.ingested) or '-'}")


def ensure_examples(settings: Settings) -> Any:
    from assistant.app import open_store
    from assistant.config import EXAMPLES_DIR

    # a store that already holds documents is left alone without loading the model
    if open_store(settings, with_model=False, check_model=False).list_documents():
        return None
    store = open_store(settings)
    if store.list_documents():
        return None
    return run_ingest(settings, [str(EXAMPLES_DIR)], quiet=False, store=store)


@main.command()
@store_option
@click.option("--force", is_flag=True, help="Re-embed even when the store already uses the configured model.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def reindex(store: str | None, force: bool, as_json: bool, quiet: bool) -> None:
    """Re-embed every chunk with the configured embedding model (AKKOORD_EMBEDDING_MODEL)."""
    settings = _settings(store)
    report = run_reindex(settings, force=force, quiet=quiet or as_json)
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    elif not report.done:
        click.echo(f"De opslag gebruikt al {report.model}; er is niets om te zetten "
                   "(--force berekent de vectoren toch opnieuw).")
    else:
        click.echo(f"Omgezet van {report.previous_model or '-'} naar {report.model}: {report.chunks} stukken, "
                   f"{report.texts} verschillende teksten, waarvan {report.embedded} nieuw berekend, "
                   f"in {report.seconds:.0f} s.")


def run_reindex(settings: Settings, force: bool = False, quiet: bool = True) -> Any:
    from filelock import Timeout

    from assistant.app import open_store
    from ingest.pipeline import ingest_lock
    from vectorstore.lease import LostLeaseError, StoreLease
    from vectorstore.reindex import finish_interrupted, reindex
    from vectorstore.store import INTERRUPTED_REINDEX, make_client

    try:
        target = open_store(settings, for_ingest=True, check_model=False)
    except StoreError as exc:
        if str(exc) != INTERRUPTED_REINDEX:
            raise
        # no ingest can run on a store that cannot be opened: finish the swap, then open it
        finish_interrupted(make_client(settings.store, settings.chroma_url), settings.collection)
        target = open_store(settings, for_ingest=True, check_model=False)
    lock = ingest_lock(settings.store, target, settings.ingest_lease_s)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        click.echo(f"er loopt al een inleesopdracht op deze opslag ({lock.lock_file}); wachten tot ze klaar is",
                   err=True)
        try:
            lock.acquire(timeout=3600)
        except Timeout as exc:
            raise StoreError(f"een andere inleesopdracht hield de opslag een uur bezet ({lock.lock_file})") from exc

    def check() -> None:
        if isinstance(lock, StoreLease):
            try:
                lock.check()
            except LostLeaseError as exc:
                raise StoreError(str(exc)) from exc

    bar = None

    def on_progress(done: int, total: int) -> None:
        nonlocal bar
        if quiet or not sys.stderr.isatty():
            return
        if bar is None:
            from tqdm import tqdm

            bar = tqdm(total=total, unit="tekst", file=sys.stderr, desc="vectoren berekenen")
        bar.update(done - bar.n)

    try:
        return reindex(target, on_progress=on_progress, force=force, check=check)
    finally:
        if bar is not None:
            bar.close()
        lock.release()


if __name__ == "__main__":  # pragma: no cover
    main()
