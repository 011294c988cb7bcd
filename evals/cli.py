"""`akkoord eval`: the evaluation command. It belongs to the evaluation tools, which depend on the
product and never the other way round: `assistant/cli.py` names this command and imports this module
only when `akkoord eval` runs (see its `_EXTERNAL` table)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from assistant.cli import settings_from
from evals.dataset import DatasetError


@click.command(name="eval")
@click.option("--dataset", type=click.Path(exists=True, dir_okay=False), default=None,
              help="An eval dataset (JSONL); or use --split.")
@click.option("--split", type=click.Choice(["dev", "blind", "all"]), default=None,
              help="Run the bundled dev and/or blind suites, each over its own corpus.")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False), default=None,
              help="Ingest this folder into a fresh temporary store.")
@click.option("--store", type=click.Path(file_okay=False), default=None,
              help="Answer from this existing store instead of --corpus.")
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
    try:
        _run(dataset, split, corpus, store, mode, json_out, md_out, baseline, gate,
             {"fact_accuracy": min_fact_accuracy, "refusal_accuracy": min_refusal_accuracy,
              "citation_support": min_citation_support})
    except DatasetError as exc:
        click.echo(f"Fout: {exc}", err=True)
        sys.exit(2)


def _run(dataset: str | None, split: str | None, corpus: str | None, store: str | None, mode: str | None,
         json_out: str | None, md_out: str | None, baseline: bool, gate: bool,
         thresholds: dict[str, float | None]) -> None:
    if split is not None:
        if dataset or corpus or store:
            raise click.UsageError("--split draait de meegeleverde suites; geef dan geen --dataset, --corpus of --store")
        from evals.runner import run_suites_cli

        sys.exit(run_suites_cli(split, settings_from(None, mode=mode), baseline, json_out, md_out, gate))
    if dataset is None:
        raise click.UsageError("geef --dataset BESTAND of --split dev|blind|all")
    if bool(corpus) == bool(store):
        raise click.UsageError("geef precies een van --corpus MAP of --store MAP")
    if baseline and not corpus:  # checked here: the evaluation itself takes minutes before it needs the corpus
        raise click.UsageError("--baseline leest de documenten zelf in en heeft dus --corpus MAP nodig; "
                               "geef --corpus MAP in plaats van --store, of laat --baseline weg")
    from evals.runner import run_cli

    code = run_cli(dataset=Path(dataset), corpus=Path(corpus) if corpus else None,
                   settings=settings_from(store, mode=mode), json_out=json_out, md_out=md_out, baseline=baseline,
                   thresholds=thresholds)
    sys.exit(code)
