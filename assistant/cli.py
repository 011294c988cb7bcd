"""The `akkoord` command: a thin layer that parses arguments and calls library code.

Start-up time matters here (every command is a new process): the settings (pydantic), the chain
(LangChain), Chroma and the embedding model are imported inside the commands that use them, so that
`akkoord --help` loads none of them and `docs list`, `facts` and `onderwerpen` load no embedding model.

Everything it prints is Dutch: the project's error reasons go through `assistant.errors.dutch`. Only
`ingest` (and `examples`, and the first `chat` on the default store) creates a store; every other
command on a folder that holds none says so and exits with code 2.
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

from assistant.errors import describe, dutch, is_own

if TYPE_CHECKING:
    from assistant.config import Settings

logger = logging.getLogger(__name__)

# Commands that live outside the product and are imported only when they run: the evaluation tools
# depend on the product, never the other way round (a test checks that no product module imports
# `evals`). Their one-line help is given here so that `akkoord --help` imports none of them.
_EXTERNAL = {
    "eval": ("evals.cli", "eval_command",
             "Beantwoordt elke vraag van een evaluatieset (of van de dev- en blind-suites) en scoort de antwoorden."),
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
        raise click.UsageError(_settings_error(exc)) from exc


def _settings_error(exc: ValueError) -> str:
    """A setting that does not validate, in Dutch, naming its environment variable."""
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return dutch(str(exc))
    lines = []
    for error in errors():
        field = ".".join(str(p) for p in error.get("loc", ()))
        message = str(error.get("msg", "")).removeprefix("Value error, ")
        lines.append(f"ongeldige instelling {field} (AKKOORD_{field.upper()}): {message}")
    return "; ".join(lines) or dutch(str(exc))


def _fail(message: str) -> None:
    click.echo(f"Fout: {dutch(message)}", err=True)
    sys.exit(2)


def _echo_err(message: str) -> None:
    click.echo(dutch(message), err=True)


class _Dutch:
    """Click's own help words in Dutch: the usage line, the options heading and --help itself (click's
    parse errors, such as a missing argument, stay in English: click has no Dutch translation)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPTIES]")
        if isinstance(self, click.Group):
            kwargs.setdefault("subcommand_metavar", "OPDRACHT [ARGUMENTEN]...")
        super().__init__(*args, **kwargs)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix="Gebruik: ")  # type: ignore[attr-defined]

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [r for p in self.get_params(ctx) if not isinstance(p, click.Argument)  # type: ignore[attr-defined]
                for r in [p.get_help_record(ctx)] if r is not None]
        if rows:
            with formatter.section("Opties"):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "Toon deze hulp en stop."
        return option


class _Command(_Dutch, click.Command):
    pass


class _Group(_Dutch, click.Group):
    command_class = _Command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        limit = formatter.width - 6 - max((len(n) for n in self.list_commands(ctx)), default=0)
        rows = [(name, command.get_short_help_str(limit)) for name in self.list_commands(ctx)
                for command in [self.get_command(ctx, name)] if command is not None and not command.hidden]
        if rows:
            with formatter.section("Opdrachten"):
                formatter.write_dl(rows)


_Group.group_class = _Group


class _Errors(_Group):
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
            command = _Group.get_command(self, ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        if rows:
            with formatter.section("Opdrachten"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            if is_own(exc):
                _fail(str(exc))
            raise


CONTEXT = {"help_option_names": ["-h", "--help"]}


@click.group(cls=_Errors, context_settings=CONTEXT)
@click.option("-v", "--verbose", is_flag=True, help="Toon wat er gebeurt (logboek).")
def main(verbose: bool) -> None:
    """akkoord: vragen in het Nederlands over samenwerkingsovereenkomsten en notulen, met bronnen."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


store_option = click.option("--store", type=click.Path(file_okay=False), default=None, metavar="MAP",
                            help="Map van de opslag (standaard AKKOORD_STORE of de gebruikersmap).")


def _existing(store: str | None, **overrides: Any) -> Settings:
    """The settings of a command that needs an existing store: NoStoreError (exit 2) when there is none."""
    from assistant.app import require_store

    settings = settings_from(store, **overrides)
    require_store(settings)
    return settings


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(), metavar="PAD...")
@store_option
@click.option("--json", "as_json", is_flag=True, help="Toon het resultaat als JSON.")
@click.option("--quiet", is_flag=True, help="Geen voortgangsbalk.")
def ingest(paths: tuple[str, ...], store: str | None, as_json: bool, quiet: bool) -> None:
    """Lees bestanden en mappen in (.pdf, .docx, .txt, .md, .html, .htm); maakt de opslag als ze nog niet bestaat."""
    from assistant.ingest_service import run_ingest

    settings = settings_from(store)
    report = run_ingest(settings, list(paths), quiet=quiet or as_json, on_wait=_echo_err)
    failed = [{"file": f["file"], "reason": dutch(f["reason"])} for f in report.failed]
    if as_json:
        click.echo(json.dumps({**report.to_json(), "failed": failed}, ensure_ascii=False, indent=2))
    else:
        for label, names in (("ingelezen", report.ingested), ("vervangen", report.replaced),
                             ("ongewijzigd", report.unchanged)):
            if names:
                click.echo(f"{label} ({len(names)}): {', '.join(names)}")
        for failure in failed:
            click.echo(f"MISLUKT {failure['file']}: {failure['reason']}", err=True)
    if report.failed:
        sys.exit(1)


@main.command()
@click.argument("question", required=False, metavar="[VRAAG]")
@store_option
@click.option("--doc", "docs", multiple=True, metavar="NAAM", help="Zoek alleen in dit document (bestandsnaam); herhaalbaar.")
@click.option("--mode", type=click.Choice(["grounded", "llm"]), default=None, help="Antwoordmodus.")
@click.option("--json", "as_json", is_flag=True, help="Toon het antwoord als JSON (het contract van ask --json).")
@click.option("--batch", "batch", type=click.File("r", encoding="utf-8"), default=None, metavar="BESTAND",
              help="Beantwoord elke regel van BESTAND (- = standaardinvoer) in één proces: één vraag per regel "
                   '(of een JSON-object {"question": ..., "docs": [...]}); toont één JSON-regel per antwoord.')
def ask(question: str | None, store: str | None, docs: tuple[str, ...], mode: str | None, as_json: bool,
        batch: Any) -> None:
    """Beantwoord één vraag (of een bestand met vragen) met bronvermelding."""
    from assistant.app import build

    if (question is None) == (batch is None):
        raise click.UsageError("geef een vraag of --batch BESTAND (- leest standaardinvoer), niet allebei")
    settings = _existing(store, mode=mode)
    assistant = build(settings)
    _check_docs(assistant, docs)
    if batch is not None:
        sys.exit(_ask_batch(assistant, batch, list(docs) or None))
    answer = assistant.ask(question, docs=list(docs) or None)
    if as_json:
        click.echo(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(answer.answer)
        if answer.citations:
            click.echo("\nBronnen:")
            for c in answer.citations:
                page = f", p. {c.page}" if c.page else ""
                click.echo(f"[{c.n}] {c.title or c.doc} ({c.doc}) — {c.section or '-'}{page}")
                click.echo(f"    “{' '.join(c.quote.split())}”")
        for warning in answer.warnings:
            click.echo(f"Let op: {warning}", err=True)
    if not assistant.retriever.documents():
        sys.exit(1)  # an empty store answers nothing: the answer says how to add documents


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
        if unknown:
            result: dict[str, Any] = {"question": question, "error": f"onbekend document: {', '.join(unknown)}"}
            failed += 1
        else:
            try:
                result = assistant.ask(question, docs=line_docs).to_json()
            except Exception as exc:
                if is_own(exc) and not isinstance(exc, ValueError):
                    raise  # the store or the model: no later question can be answered either
                logger.debug("question on line %d failed", number, exc_info=True)
                result = {"question": question, "error": describe(exc)}
                failed += 1
        click.echo(json.dumps(result, ensure_ascii=False))
        sys.stdout.flush()
    return 1 if failed else 0


def _check_docs(assistant: Any, docs: tuple[str, ...]) -> None:
    known = set(assistant.retriever.documents())
    unknown = [d for d in docs if d not in known]
    if unknown:
        _fail(f"onbekend document: {', '.join(unknown)}; wel in de opslag: {', '.join(sorted(known)) or '(geen)'}")


@main.group(context_settings=CONTEXT)
def docs() -> None:
    """Toon of verwijder de documenten in de opslag."""


@docs.command("list")
@store_option
@click.option("--json", "as_json", is_flag=True, help="Toon de lijst als JSON.")
def docs_list(store: str | None, as_json: bool) -> None:
    """Toon de documenten in de opslag."""
    from assistant.app import open_store
    from assistant.dutch import count, date_nl
    from assistant.facts_view import KIND_NL

    documents = open_store(_existing(store), with_model=False, check_model=False).list_documents()
    if as_json:
        click.echo(json.dumps([{"name": d.name, "kind": d.kind, "title": d.title, "date": d.date,
                                "chunks": d.n_chunks, "pages": d.n_pages, "format": d.format, "sha256": d.sha256}
                               for d in documents], ensure_ascii=False, indent=2))
        return
    if not documents:
        click.echo("De opslag is leeg: lees documenten in met `akkoord ingest MAP`.")
    # the first column is the document's identity: its path in the folder that was ingested
    for d in documents:
        click.echo(f"{d.name}\t{KIND_NL.get(d.kind, d.kind)}\t{date_nl(d.date) or '-'}\t"
                   f"{count(d.n_chunks, 'passage', 'passages')}\t{d.title}")


@docs.command("remove")
@click.argument("name", metavar="NAAM")
@store_option
def docs_remove(name: str, store: str | None) -> None:
    """Verwijder één document uit de opslag; NAAM zoals `akkoord docs list` het toont (bv. gemeente-a/notulen.pdf)."""
    from assistant.app import open_store
    from assistant.ingest_service import remove_document

    settings = _existing(store)
    removed = remove_document(settings, open_store(settings, with_model=False, check_model=False), name)
    if not removed:
        # a document is known by its path in the folder that was ingested: offer those with this file name
        listed = open_store(settings, with_model=False, check_model=False).list_documents()
        same = [d.name for d in listed if d.name.rsplit("/", 1)[-1] == name.rsplit("/", 1)[-1]]
        hint = f"; bedoelt u: {', '.join(same)}?" if same else " (zie `akkoord docs list`)"
        _fail(f"document '{name}' staat niet in de opslag{hint}")
    click.echo(f"verwijderd: {name}")


@main.command()
@click.argument("name", metavar="NAAM")
@store_option
@click.option("--json", "as_json", is_flag=True, help="Toon de feiten als JSON.")
def facts(name: str, store: str | None, as_json: bool) -> None:
    """Toon de feiten die uit één document gehaald zijn."""
    from assistant.app import open_store
    from assistant.facts_view import facts_table

    doc = open_store(_existing(store), with_model=False, check_model=False).get_document(name)
    if doc is None:
        _fail(f"document '{name}' staat niet in de opslag")
    if as_json:
        click.echo(json.dumps(doc.facts.dump(), ensure_ascii=False, indent=2))
    else:
        for row in facts_table(doc):
            click.echo("\t".join(row))


def _date_option(value: str | None) -> str | None:
    """'2024-03-01', '1-3-2024', '1/3/2024' or '1 maart 2024' as an ISO date."""
    if not value:
        return None
    from assistant.dutch import iso_date

    found = iso_date(value)
    if found is None:
        raise click.BadParameter(f"'{value}' is geen datum; schrijf bv. 2024-03-01, 1-3-2024 of 1 maart 2024")
    return found


def _topic_options(command: Any) -> Any:
    for option in reversed((
        store_option,
        click.option("--kind", "kinds", multiple=True, type=click.Choice(["actie", "besluit", "agendapunt", "artikel"]),
                     help="Alleen deze soort: actie (uit overeenkomsten), besluit (agendapunt met een beslissing), "
                          "agendapunt (zonder beslissing) of artikel; herhaalbaar."),
        click.option("--doc", "docs", multiple=True, metavar="NAAM",
                     help="Alleen dit document (bestandsnaam); herhaalbaar."),
        click.option("--van", "date_from", default=None, metavar="DATUM",
                     help="Alleen documenten van deze datum of later (2024-03-01, 1-3-2024 of 1 maart 2024)."),
        click.option("--tot", "date_to", default=None, metavar="DATUM", help="Alleen documenten tot en met deze datum."),
        click.option("--max", "limit", type=click.IntRange(1, 1000), default=100, metavar="AANTAL",
                     help="Hoogstens zoveel resultaten (standaard 100)."),
        click.option("--json", "as_json", is_flag=True, help="Toon de resultaten als JSON."),
    )):
        command = option(command)
    return command


@main.command()
@click.argument("topic", required=False, default="", metavar="[ONDERWERP]")
@_topic_options
def onderwerpen(topic: str, **options: Any) -> None:
    """Zoek acties, besluiten, agendapunten en artikels over een onderwerp, in alle documenten.

    Zonder ONDERWERP: alles, in de volgorde van de documenten. Bv. `akkoord onderwerpen mobiliteit
    --kind besluit --van 2024-01-01`."""
    _find_topics(topic, **options)


@main.command()
@click.option("--topic", default="", metavar="ONDERWERP", help="Het onderwerp, bv. 'mobiliteit'; leeg toont alles.")
@_topic_options
def actions(topic: str, **options: Any) -> None:
    """Oude naam van `akkoord onderwerpen` (met --topic ONDERWERP)."""
    _find_topics(topic, **options)


def _find_topics(topic: str, store: str | None, kinds: tuple[str, ...], docs: tuple[str, ...], date_from: str | None,
                 date_to: str | None, limit: int, as_json: bool) -> None:
    from assistant.app import open_store
    from assistant.dutch import count, date_nl
    from assistant.topics import KIND_LABEL, find_topics

    documents = open_store(_existing(store), with_model=False, check_model=False).list_documents()
    unknown = sorted(set(docs) - {d.name for d in documents})
    if unknown:
        _fail(f"onbekend document: {', '.join(unknown)}")
    matches = find_topics(topic, documents, docs=list(docs) or None, kinds=list(kinds) or None,
                          date_from=_date_option(date_from), date_to=_date_option(date_to), limit=limit)
    if as_json:
        click.echo(json.dumps([m.to_json() for m in matches], ensure_ascii=False, indent=2))
        return
    if not documents:
        click.echo("De opslag is leeg: lees documenten in met `akkoord ingest MAP`.")
        return
    if not matches:
        click.echo(f"Niets gevonden over “{topic}”." if topic.strip() else "Er zijn geen acties, besluiten, "
                   "agendapunten of artikels in de gekozen documenten.")
        return
    click.echo(count(len(matches), "resultaat", "resultaten") + (f" over “{topic}”" if topic.strip() else "") + ":")
    for m in matches:
        sub = f" ({m.subitem})" if m.subitem else ""
        click.echo(f"\n{KIND_LABEL[m.kind]} {m.number} {m.title}{sub}".rstrip())
        where = " · ".join(x for x in (m.doc_title or m.doc, date_nl(m.date), m.section) if x)
        click.echo(f"    {where}")
        click.echo(f"    {m.snippet}")


@main.command()
@store_option
@click.option("--host", default=None, metavar="ADRES", help="Adres waarop de chat luistert (standaard 127.0.0.1).")
@click.option("--port", type=int, default=None, metavar="POORT", help="Poort (standaard 7860).")
@click.option("--auth", default=None, metavar="GEBRUIKER:WACHTWOORD", help="GEBRUIKER:WACHTWOORD om de chat te openen (of AKKOORD_AUTH).")
@click.option("--mode", type=click.Choice(["grounded", "llm"]), default=None, help="Antwoordmodus.")
@click.option("--voorbeelden", is_flag=True,
              help="Lees de meegeleverde voorbeelddocumenten in (ook in een eigen opslag).")
def chat(store: str | None, host: str | None, port: int | None, auth: str | None, mode: str | None,
         voorbeelden: bool) -> None:
    """Start de chat in de browser.

    Zonder --store (en zonder AKKOORD_STORE of AKKOORD_CHROMA_URL) opent ze de standaardopslag, een
    demo: bestaat die nog niet, dan wordt ze gemaakt met de voorbeelddocumenten. Een eigen opslag moet
    al bestaan (`akkoord ingest`) en krijgt de voorbeelden alleen met --voorbeelden."""
    from assistant.ui.serve import launch

    settings = settings_from(store, host=host, port=port, auth=auth, mode=mode)
    demo = store is None and not os.environ.get("AKKOORD_STORE") and not settings.chroma_url
    launch(settings, examples="always" if voorbeelden else ("new-store" if demo else "never"))


@main.command()
@store_option
def examples(store: str | None) -> None:
    """Lees de meegeleverde voorbeelddocumenten in een lege (of nieuwe) opslag in."""
    from assistant.ingest_service import ensure_examples

    settings = settings_from(store)
    report = ensure_examples(settings)
    if report is None:
        click.echo("De opslag bevat al documenten; er is niets ingelezen.")
        return
    click.echo(f"Voorbeelden ingelezen: {', '.join(report.ingested) or '-'}")
    for failure in report.failed:
        click.echo(f"MISLUKT {failure['file']}: {dutch(failure['reason'])}", err=True)


@main.command()
@store_option
@click.option("--force", is_flag=True, help="Bereken de vectoren opnieuw, ook als de opslag het ingestelde model al gebruikt.")
@click.option("--json", "as_json", is_flag=True, help="Toon het resultaat als JSON.")
@click.option("--quiet", is_flag=True, help="Geen voortgangsbalk.")
def reindex(store: str | None, force: bool, as_json: bool, quiet: bool) -> None:
    """Bereken alle vectoren opnieuw met het ingestelde embeddingmodel (AKKOORD_EMBEDDING_MODEL)."""
    from assistant.ingest_service import run_reindex

    settings = _existing(store)
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
