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
from evals.scoring import fact_present, normalize, score_case, summarize, summarize_by_kind

logger = logging.getLogger(__name__)

AskFn = Callable[[str], dict[str, Any]]
RetrieveFn = Callable[[str, int], list[str]]


def retrieval_metrics(cases: Sequence[EvalCase], retrieve: RetrieveFn, k: int = 5) -> dict[str, float | None]:
    """recall@1, recall@5 (every fact appears in the top-k passages together) and MRR (1/rank of the
    first k at which they do), over the cases that have facts."""
    fact_cases = [c for c in cases if c.answer_facts]
    if not fact_cases:
        return {"recall@1": None, "recall@5": None, "mrr": None}
    r1 = r5 = 0
    rr = 0.0
    for case in fact_cases:
        passages = retrieve(case.question, k)
        first = None
        joined = ""
        for rank, text in enumerate(passages[:k], start=1):
            joined += " " + normalize(text)
            if all(fact_present(f, joined) for f in case.answer_facts):
                first = rank
                break
        if first is not None:
            rr += 1 / first
            r5 += 1
            r1 += first == 1
    n = len(fact_cases)
    return {"recall@1": r1 / n, "recall@5": r5 / n, "mrr": rr / n}


def run(cases: Sequence[EvalCase], ask: AskFn, retrieve: RetrieveFn | None = None,
        progress: bool = False) -> dict[str, Any]:
    """Answer every case; returns the report (summary keys exactly as in DESIGN.md)."""
    scored = []
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
        for c in failed:
            why = ("missing " + json.dumps(c["missing_facts"], ensure_ascii=False)) if c["missing_facts"] else (
                "answered but should refuse" if c["found"] and not c["passed"] else
                "refused" if not c["found"] and not c["passed"] else "fact not in any citation quote")
            lines.append(f"  {c['id']} [{c['kind']}] {c['question']} -> {why}")
            lines.append(f"      answer: {' '.join(c['answer'].split())[:220]}")
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
    from assistant.cli import run_ingest

    load_dataset(dataset)  # fail early on a malformed dataset
    with tempfile.TemporaryDirectory(prefix="akkoord-eval-") as tmp:
        if corpus is not None:
            settings = settings.model_copy(update={"store": Path(tmp) / "store", "chroma_url": None})
            report_ingest = run_ingest(settings, [str(corpus)], quiet=True)
            for failure in report_ingest.failed:
                print(f"ingest failed: {failure['file']}: {failure['reason']}", file=sys.stderr)
        assistant = build(settings)
        report = evaluate(dataset, assistant, settings.mode, progress=sys.stderr.isatty())
        base = None
        if baseline:
            if corpus is None:
                raise ValueError("--baseline needs --corpus (the baseline indexes the raw files itself)")
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
