"""Run an eval dataset against akkoord (and optionally the baseline) and report."""

from __future__ import annotations

import json
import logging
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from evals.dataset import EvalCase, load_dataset
from evals.scoring import ScoredCase, fact_present, normalize, score_case, summarize, summarize_by_kind

logger = logging.getLogger(__name__)

AskFn = Callable[[str], dict[str, Any]]
RetrieveFn = Callable[[str, int], list[str]]


def retrieval_ranks(cases: Sequence[EvalCase], retrieve: RetrieveFn, k: int = 5) -> list[int | None]:
    """For every case with facts: the first k at which all its facts appear together in the top-k
    passages, or None when they do not within k."""
    ranks: list[int | None] = []
    for case in cases:
        if not case.answer_facts:
            continue
        first = None
        joined = ""
        for rank, text in enumerate(retrieve(case.question, k)[:k], start=1):
            joined += " " + normalize(text)
            if all(fact_present(f, joined) for f in case.answer_facts):
                first = rank
                break
        ranks.append(first)
    return ranks


def retrieval_summary(ranks: Sequence[int | None]) -> dict[str, float | None]:
    """recall@1, recall@5 (every fact appears in the top-k passages together) and MRR."""
    if not ranks:
        return {"recall@1": None, "recall@5": None, "mrr": None}
    n = len(ranks)
    return {
        "recall@1": sum(r == 1 for r in ranks) / n,
        "recall@5": sum(r is not None for r in ranks) / n,
        "mrr": sum(1 / r for r in ranks if r is not None) / n,
    }


def retrieval_metrics(cases: Sequence[EvalCase], retrieve: RetrieveFn, k: int = 5) -> dict[str, float | None]:
    """recall@1, recall@5 and MRR over the cases that have facts."""
    return retrieval_summary(retrieval_ranks(cases, retrieve, k))


def answer_cases(cases: Sequence[EvalCase], ask: AskFn, progress: bool = False) -> tuple[list[ScoredCase], list[dict[str, Any]]]:
    """Answer and score every case: the scored cases (for summaries) and one report row per case."""
    scored: list[ScoredCase] = []
    rows = []
    iterator: Any = cases
    if progress:
        from tqdm import tqdm

        iterator = tqdm(cases, unit="vraag", file=sys.stderr)
    for case in iterator:
        started = time.perf_counter()
        result = ask(case.question)
        ms = (time.perf_counter() - started) * 1000
        citations = result.get("citations", [])
        score = score_case(case, bool(result.get("found")), result.get("answer", ""), citations)
        first_doc = citations[0]["doc"] if citations else None
        scored.append((case, score, ms, first_doc))
        rows.append({
            "id": case.id, "kind": case.kind, "question": case.question, "passed": score.passed,
            "missing_facts": [list(f) if isinstance(f, tuple) else f for f in score.missing_facts],
            "supported": score.supported, "found": score.found, "ms": round(ms, 1),
            "answer": result.get("answer", ""), "first_doc": first_doc, "expected_doc": case.doc,
        })
    return scored, rows


def run(cases: Sequence[EvalCase], ask: AskFn, retrieve: RetrieveFn | None = None,
        progress: bool = False) -> dict[str, Any]:
    """Answer every case; returns the report (summary keys exactly as in the eval report contract)."""
    scored, rows = answer_cases(cases, ask, progress)
    report: dict[str, Any] = {"summary": summarize(scored), "cases": rows, "by_kind": summarize_by_kind(scored)}
    if retrieve is not None:
        report["retrieval"] = retrieval_metrics(cases, retrieve)
    return report


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}" if value <= 1.0 else f"{value:.1f}"
    return str(value)


SUMMARY_ROWS = ["n", "fact_accuracy", "citation_support", "refusal_accuracy", "false_refusal_rate",
                "doc_hit_rate", "p50_ms", "p95_ms"]


def format_table(report: dict[str, Any], baseline: dict[str, Any] | None = None) -> str:
    """Overall (side by side with the baseline when given), per kind, then the failed cases."""
    lines = []
    header = f"{'metric':<22}{'akkoord':>12}" + (f"{'baseline':>12}" if baseline else "")
    lines += [header, "-" * len(header)]
    metrics = [(k, report["summary"].get(k), (baseline or {}).get("summary", {}).get(k)) for k in SUMMARY_ROWS]
    for key in ("recall@1", "recall@5", "mrr"):
        metrics.append((key, report.get("retrieval", {}).get(key), (baseline or {}).get("retrieval", {}).get(key)))
    for key, ours, theirs in metrics:
        lines.append(f"{key:<22}{_fmt(ours):>12}" + (f"{_fmt(theirs):>12}" if baseline else ""))
    lines += ["", f"{'kind':<16}{'n':>5}{'fact_acc':>10}{'refusal_acc':>13}"]
    for kind, values in report.get("by_kind", {}).items():
        lines.append(f"{kind:<16}{values['n']:>5}{_fmt(values['fact_accuracy']):>10}{_fmt(values['refusal_accuracy']):>13}")
    failed = [c for c in report["cases"] if not c["passed"] or not c["supported"]]
    if failed:
        lines += ["", f"Failed or unsupported cases ({len(failed)}):"]
        lines += _failure_lines(failed)
    return "\n".join(lines)


def format_markdown(report: dict[str, Any], baseline: dict[str, Any] | None = None) -> str:
    lines = ["| metric | akkoord |" + (" baseline |" if baseline else ""), "|---|---|" + ("---|" if baseline else "")]
    for key in SUMMARY_ROWS:
        lines.append(f"| {key} | {_fmt(report['summary'].get(key))} |"
                     + (f" {_fmt(baseline['summary'].get(key))} |" if baseline else ""))
    for key in ("recall@1", "recall@5", "mrr"):
        lines.append(f"| {key} | {_fmt(report.get('retrieval', {}).get(key))} |"
                     + (f" {_fmt(baseline.get('retrieval', {}).get(key))} |" if baseline else ""))
    return "\n".join(lines) + "\n"


def evaluate(dataset: Path, assistant: Any, mode: str | None = None, progress: bool = False) -> dict[str, Any]:
    cases = load_dataset(dataset)

    def ask(question: str) -> dict[str, Any]:
        return assistant.ask(question, mode=mode).to_json()

    def retrieve(question: str, k: int) -> list[str]:
        return [f"{h.chunk.section}\n{h.chunk.text}" for h in assistant.retriever.search(question, k=k).hits]

    return run(cases, ask, retrieve, progress=progress)


def evaluate_baseline(dataset: Path, corpus: Path, embeddings: Any) -> dict[str, Any]:
    from evals.baseline import BaselineRAG

    cases = load_dataset(dataset)
    rag = BaselineRAG(corpus, embeddings)
    return run(cases, rag.ask, lambda q, k: [d.page_content for d in rag.retrieve(q, k)])


def run_cli(dataset: Path, corpus: Path | None, settings: Any, json_out: str | None, md_out: str | None,
            baseline: bool, thresholds: dict[str, float | None]) -> int:
    from assistant.app import build

    load_dataset(dataset)  # fail early on a malformed dataset
    if baseline and corpus is None:
        raise ValueError("--baseline needs --corpus (the baseline indexes the raw files itself)")
    with tempfile.TemporaryDirectory(prefix="akkoord-eval-") as tmp:
        assistant = _assistant_for(corpus, settings, Path(tmp)) if corpus is not None else build(settings)
        report = evaluate(dataset, assistant, settings.mode, progress=sys.stderr.isatty())
        base = None
        if baseline and corpus is not None:
            base = evaluate_baseline(dataset, corpus, assistant.store.embeddings)
            report["baseline"] = {k: base[k] for k in ("summary", "retrieval", "by_kind")}
    print(format_table(report, base))
    if json_out:
        Path(json_out).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    if md_out:
        Path(md_out).write_text(format_markdown(report, base), encoding="utf-8")
    missed = [f"{k} {report['summary'].get(k)} < {v}" for k, v in thresholds.items()
              if v is not None and (report["summary"].get(k) is None or report["summary"][k] < v)]
    for m in missed:
        print(f"THRESHOLD MISSED: {m}", file=sys.stderr)
    return 1 if missed else 0


# -- dev and blind suites ----------------------------------------------------------------------


def _assistant_for(corpus: Path | list[Path], settings: Any, tmp: Path) -> Any:
    """A fresh store in `tmp` holding `corpus` (a folder or files), and the assistant over it."""
    from assistant.app import build
    from assistant.ingest_service import run_ingest

    settings = settings.model_copy(update={"store": tmp / "store", "chroma_url": None})
    paths = [str(p) for p in corpus] if isinstance(corpus, list) else [str(corpus)]
    report_ingest = run_ingest(settings, paths, quiet=True)
    for failure in report_ingest.failed:
        print(f"ingest failed: {failure['file']}: {failure['reason']}", file=sys.stderr)
    return build(settings)


def _retrieve_fn(assistant: Any) -> RetrieveFn:
    def retrieve(question: str, k: int) -> list[str]:
        return [f"{h.chunk.section}\n{h.chunk.text}" for h in assistant.retriever.search(question, k=k).hits]

    return retrieve


def run_suites(split: str, settings: Any, baseline: bool = False, progress: bool = False) -> dict[str, Any]:
    """Run the suites of a split ("dev", "blind" or "all"), each corpus ingested once into a fresh
    store. Returns {"splits": {split: {summary, by_kind, retrieval[, baseline]}}, "suites": {...}}.
    The cases of a blind suite are not kept in the report: only its summary and per-kind figures."""
    from evals.suites import suites as select

    chosen = select(split)
    if not chosen:
        raise ValueError(f"no evaluation suites found for split {split!r}")
    for suite in chosen:
        load_dataset(suite.dataset)  # fail early on a malformed dataset
    by_corpus: dict[tuple[Path, ...], list[Any]] = {}
    for suite in chosen:
        by_corpus.setdefault(tuple(suite.paths), []).append(suite)

    suite_reports: dict[str, Any] = {}
    split_scored: dict[str, list[ScoredCase]] = {}
    split_ranks: dict[str, list[int | None]] = {}
    base_scored: dict[str, list[ScoredCase]] = {}
    base_ranks: dict[str, list[int | None]] = {}
    for corpus, group in by_corpus.items():
        with tempfile.TemporaryDirectory(prefix="akkoord-eval-") as tmp:
            assistant = _assistant_for(list(corpus), settings, Path(tmp))
            rag = None
            if baseline:
                from evals.baseline import BaselineRAG

                rag = BaselineRAG(list(corpus), assistant.store.embeddings)
            for suite in group:
                cases = load_dataset(suite.dataset)
                scored, rows = answer_cases(
                    cases, lambda q, a=assistant: a.ask(q, mode=settings.mode).to_json(), progress)
                ranks = retrieval_ranks(cases, _retrieve_fn(assistant))
                entry: dict[str, Any] = {"split": suite.split, "summary": summarize(scored),
                                         "by_kind": summarize_by_kind(scored), "retrieval": retrieval_summary(ranks)}
                if suite.split == "dev":
                    entry["cases"] = rows
                suite_reports[suite.name] = entry
                split_scored.setdefault(suite.split, []).extend(scored)
                split_ranks.setdefault(suite.split, []).extend(ranks)
                if rag is not None:
                    b_scored, _ = answer_cases(cases, rag.ask)
                    b_ranks = retrieval_ranks(cases, lambda q, k, r=rag: [d.page_content for d in r.retrieve(q, k)])
                    entry["baseline"] = {"summary": summarize(b_scored), "retrieval": retrieval_summary(b_ranks)}
                    base_scored.setdefault(suite.split, []).extend(b_scored)
                    base_ranks.setdefault(suite.split, []).extend(b_ranks)
    splits: dict[str, Any] = {}
    for name, scored in split_scored.items():
        splits[name] = {"summary": summarize(scored), "by_kind": summarize_by_kind(scored),
                        "retrieval": retrieval_summary(split_ranks[name])}
        if name in base_scored:
            splits[name]["baseline"] = {"summary": summarize(base_scored[name]),
                                        "retrieval": retrieval_summary(base_ranks[name])}
    return {"splits": splits, "suites": suite_reports}


def format_suites(report: dict[str, Any], show_dev_failures: bool = True) -> str:
    """Dev and blind side by side (each beside its baseline when run), per kind, per suite, then the
    failed dev cases. Blind cases are never listed."""
    splits = report["splits"]
    names = [s for s in ("dev", "blind") if s in splits]
    columns: list[tuple[str, dict[str, Any]]] = []
    for name in names:
        columns.append((f"{name} akkoord", splits[name]))
        if "baseline" in splits[name]:
            columns.append((f"{name} baseline", splits[name]["baseline"]))
    width = 16
    lines = [f"{'metric':<22}" + "".join(f"{title:>{width}}" for title, _ in columns), "-" * (22 + width * len(columns))]
    for key in SUMMARY_ROWS:
        lines.append(f"{key:<22}" + "".join(f"{_fmt(block['summary'].get(key)):>{width}}" for _, block in columns))
    for key in ("recall@1", "recall@5", "mrr"):
        lines.append(f"{key:<22}" + "".join(f"{_fmt(block.get('retrieval', {}).get(key)):>{width}}" for _, block in columns))
    for name in names:
        lines += ["", f"{name}: per kind", f"{'kind':<16}{'n':>5}{'fact_acc':>10}{'refusal_acc':>13}"]
        for kind, values in splits[name]["by_kind"].items():
            lines.append(f"{kind:<16}{values['n']:>5}{_fmt(values['fact_accuracy']):>10}"
                         f"{_fmt(values['refusal_accuracy']):>13}")
    lines += ["", f"{'suite':<14}{'split':>7}{'n':>5}{'fact_acc':>10}{'refusal':>9}{'false_ref':>11}{'doc_hit':>9}{'p50_ms':>8}"]
    for suite, entry in report["suites"].items():
        s = entry["summary"]
        lines.append(f"{suite:<14}{entry['split']:>7}{s['n']:>5}{_fmt(s['fact_accuracy']):>10}"
                     f"{_fmt(s['refusal_accuracy']):>9}{_fmt(s['false_refusal_rate']):>11}"
                     f"{_fmt(s['doc_hit_rate']):>9}{_fmt(s['p50_ms']):>8}")
    if show_dev_failures:
        failed = [c for entry in report["suites"].values() for c in entry.get("cases", [])
                  if not c["passed"] or not c["supported"]]
        if failed:
            lines += ["", f"Failed or unsupported dev cases ({len(failed)}):"]
            lines += _failure_lines(failed)
    return "\n".join(lines)


def _failure_lines(failed: Sequence[dict[str, Any]]) -> list[str]:
    lines = []
    for c in failed:
        why = ("missing " + json.dumps(c["missing_facts"], ensure_ascii=False)) if c["missing_facts"] else (
            "answered but should refuse" if c["found"] and not c["passed"] else
            "refused" if not c["found"] and not c["passed"] else "fact not in any citation quote")
        lines.append(f"  {c['id']} [{c['kind']}] {c['question']} -> {why}")
        lines.append(f"      answer: {' '.join(c['answer'].split())[:220]}")
    return lines


def run_suites_cli(split: str, settings: Any, baseline: bool, json_out: str | None, md_out: str | None,
                   gate: bool, show_dev_failures: bool = True) -> int:
    """`akkoord eval --split ...`: run, print, write the reports, check the gates of evals/gates.json."""
    from evals.suites import gate_failures, gates

    report = run_suites(split, settings, baseline=baseline, progress=sys.stderr.isatty())
    print(format_suites(report, show_dev_failures))
    if json_out:
        Path(json_out).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    if md_out:
        Path(md_out).write_text(format_suites_markdown(report), encoding="utf-8")
    if not gate:
        return 0
    limits = gates()
    missed = [f"{name}: {m}" for name, block in report["splits"].items()
              for m in gate_failures(block["summary"], limits.get(name, {}))]
    for m in missed:
        print(f"THRESHOLD MISSED: {m}", file=sys.stderr)
    return 1 if missed else 0


def format_suites_markdown(report: dict[str, Any]) -> str:
    """The dev/blind table and the per-kind tables as Markdown (for the README)."""
    splits = report["splits"]
    names = [s for s in ("dev", "blind") if s in splits]
    columns = []
    for name in names:
        columns.append((f"{name} (n={splits[name]['summary']['n']}) akkoord", splits[name]))
        if "baseline" in splits[name]:
            columns.append((f"{name} baseline", splits[name]["baseline"]))
    lines = ["| metric | " + " | ".join(t for t, _ in columns) + " |", "|---|" + "---|" * len(columns)]
    for key in SUMMARY_ROWS[1:]:
        lines.append(f"| {key} | " + " | ".join(_fmt(b["summary"].get(key)) for _, b in columns) + " |")
    for key in ("recall@1", "recall@5", "mrr"):
        lines.append(f"| {key} | " + " | ".join(_fmt(b.get("retrieval", {}).get(key)) for _, b in columns) + " |")
    kinds = sorted({k for n in names for k in splits[n]["by_kind"]})
    lines += ["", "| kind | " + " | ".join(f"{n} n | {n} fact_acc | {n} refusal_acc" for n in names) + " |",
              "|---|" + "---|---|---|" * len(names)]
    for kind in kinds:
        cells = []
        for n in names:
            v = splits[n]["by_kind"].get(kind)
            cells += [str(v["n"]), _fmt(v["fact_accuracy"]), _fmt(v["refusal_accuracy"])] if v else ["-", "-", "-"]
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
