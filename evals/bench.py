"""Throughput and latency benchmark: ingest, query, and how both grow with the corpus.

    python -m evals.bench ingest [--docs 500] [--out FILE.json]
    python -m evals.bench query  [--docs 500] [--store DIR] [--out FILE.json] [--profile]
    python -m evals.bench scale  [--sizes 500,2000] [--out FILE.json]
    python -m evals.bench all    [--docs 500] [--out FILE.json]
    python -m evals.bench compare [--models all-MiniLM-L6-v2,multilingual-e5-small] [--docs 2000] [--out FILE.json]
    python -m evals.bench cli    [--repeat 5] [--before DIR] [--out FILE.json]
    python -m evals.bench deps   [--pyproject FILE] [--extras ui,llm]
    python -m evals.bench lexical [--sizes 2000,10000] [--dir D] [--out FILE.json]

Every measurement runs in its own subprocess (`python -m evals.bench worker REQUEST RESULT`), so that
the peak RSS (ru_maxrss) belongs to that run alone and the parent never loads the model. Progress is
logged to stderr; the final table goes to stdout and the JSON report to --out.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evals.scoring import percentile

logger = logging.getLogger("evals.bench")

REPO = Path(__file__).resolve().parent.parent
CORPUS_DIR = REPO / "assistant" / "examples" / "corpus"
FORMATS_DIR = REPO / "assistant" / "examples" / "formats"
DATASETS = (REPO / "evals" / "datasets" / "dev" / "examples.jsonl", REPO / "evals" / "datasets" / "dev" / "paraphrases.jsonl")

TARGET_P50_MS = 100.0
TARGET_P95_MS = 300.0
DEFAULT_DOCS = 500
DEFAULT_QUESTIONS = 50
WARMUP_QUESTIONS = 3

_CHILD_ENV = {
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "TRANSFORMERS_VERBOSITY": "error",
    "GRADIO_ANALYTICS_ENABLED": "False",
}


# -- measurements common to parent and worker -------------------------------------------------------


def peak_rss_mb() -> float:
    """Peak resident set size of this process (ru_maxrss is in KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def current_rss_mb() -> float | None:
    """Current resident set size of this process (Linux); None where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def load_avg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def dir_size_mb(path: Path) -> float:
    total = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return total / 1e6


def latency_summary(values: Sequence[float]) -> dict[str, float | None]:
    def r(x: float | None) -> float | None:
        return None if x is None else round(x, 1)

    return {"n": len(values), "p50": r(percentile(values, 50)), "p95": r(percentile(values, 95)),
            "max": r(max(values)) if values else None, "mean": r(sum(values) / len(values)) if values else None}


# -- questions ------------------------------------------------------------------------------------


def select_questions(n: int = DEFAULT_QUESTIONS) -> list[Any]:
    """About n varied eval questions: round-robin over the kinds, alternating the two datasets."""
    from evals.dataset import load_dataset

    pools: dict[str, list[Any]] = {}
    datasets = [load_dataset(p) for p in DATASETS]
    for i in range(max(len(d) for d in datasets)):
        for cases in datasets:
            if i < len(cases):
                pools.setdefault(cases[i].kind, []).append(cases[i])
    chosen: list[Any] = []
    while len(chosen) < n and any(pools.values()):
        for kind in sorted(pools):
            if pools[kind] and len(chosen) < n:
                chosen.append(pools[kind].pop(0))
    return chosen


def localized_questions(cases: Sequence[Any], doc_names: Sequence[str], seed: int) -> list[str]:
    """The questions rewritten for a synthetic store: the examples' names become the names of a
    synthetic document of the same kind (agreement questions -> an agreement, minutes -> minutes)."""
    from evals.synthetic import AGREEMENT_FILE, MINUTES_FILE, localize, spec_for_file

    specs = [s for s in (spec_for_file(n, seed) for n in sorted(doc_names)) if s is not None]
    if not specs:
        return [c.question for c in cases]
    by_template = {t: [s for s in specs if s.template == t] or specs for t in ("agreement", "minutes")}
    out = []
    for i, case in enumerate(cases):
        pool = {AGREEMENT_FILE: by_template["agreement"], MINUTES_FILE: by_template["minutes"]}.get(
            case.doc or "", specs)
        out.append(localize(case.question, pool[(i * 7919) % len(pool)]))
    return out


# -- worker (runs in a subprocess) ----------------------------------------------------------------


@dataclass
class Stopwatch:
    """Accumulated seconds per label, filled by wrapped functions."""

    seconds: dict[str, float] = field(default_factory=dict)

    def wrap(self, label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - started

        return timed


def _quartile_marks(n: int) -> set[int]:
    return {max(1, round(n * q / 4)) for q in (1, 2, 3)} if n >= 4 else set()


def _rss_sample(done: int, n: int, started: float, store: Any) -> dict[str, Any]:
    return {"docs": done, "pct": round(100 * done / n) if n else 100,
            "elapsed_s": round(time.perf_counter() - started, 2), "rss_mb": _round(current_rss_mb()),
            "peak_rss_mb": round(peak_rss_mb(), 1), "chunks_in_store": store.count_chunks()}


def _round(x: float | None, digits: int = 1) -> float | None:
    return None if x is None else round(x, digits)


def worker_ingest(request: dict[str, Any]) -> dict[str, Any]:
    """Ingest the given files one at a time into the store; throughput, RSS curve, time breakdown."""
    from assistant.app import open_store
    from assistant.config import Settings
    from ingest import pipeline
    from vectorstore.embeddings import load_embeddings

    t0 = time.perf_counter()
    settings = Settings(store=Path(request["store"]), chroma_url=request.get("chroma_url"))
    watch = Stopwatch()
    t_model = time.perf_counter()
    embeddings = _embedder(request) or load_embeddings(settings.embedding_model, settings.embed_batch_size,
                                                       os.cpu_count() or 1)
    model_load_s = time.perf_counter() - t_model
    store = open_store(settings, embeddings=embeddings, for_ingest=True)
    # instrumentation only: wrap the steps of the pipeline in this process to see where time goes
    embedded = 0  # texts that went through the model (the rest reused a stored vector)

    def embed_documents(texts: list[str]) -> list[list[float]]:
        nonlocal embedded
        embedded += len(texts)
        return embeddings_embed(texts)

    embeddings_embed = embeddings.embed_documents
    object.__setattr__(embeddings, "embed_documents", watch.wrap("embed", embed_documents))
    pipeline.load_file = watch.wrap("load", pipeline.load_file)
    pipeline.process = watch.wrap("process", pipeline.process)
    store.write_document = watch.wrap("write", store.write_document)
    setup_s = time.perf_counter() - t0
    rss_after_setup = current_rss_mb()

    paths = [Path(p) for p in request["paths"]]
    before = store.count_chunks()
    marks = _quartile_marks(len(paths))
    samples: list[dict[str, Any]] = []
    started, cpu_started = time.perf_counter(), time.process_time()
    done = 0

    def on_file(path: Path) -> None:
        nonlocal done
        if done in marks:
            samples.append(_rss_sample(done, len(paths), started, store))
        if done and done % 50 == 0:
            logger.info("ingested %d/%d documents (%.0f s)", done, len(paths), time.perf_counter() - started)
        done += 1

    lock = pipeline.ingest_lock(settings.store, store, settings.ingest_lease_s)
    report = pipeline.ingest_paths(paths, store, lock, settings.max_file_bytes, on_file)
    ingest_s = time.perf_counter() - started
    cpu_s = time.process_time() - cpu_started
    samples.append(_rss_sample(len(paths), len(paths), started, store))
    documents = {d.name: d for d in store.list_documents()}
    mine = [documents[p.name] for p in paths if p.name in documents]
    return {
        "docs": len(paths),
        "ingested": len(report.ingested),
        "unchanged": len(report.unchanged),
        "replaced": len(report.replaced),
        "failed": report.failed,
        "chunks": store.count_chunks() - before,
        "embedded": embedded,
        "chunks_total": store.count_chunks(),
        "docs_total": len(documents),
        "pages": sum(d.n_pages or 0 for d in mine),
        "model": settings.embedding_model if not request.get("embedder") else request["embedder"],
        "model_id": store.model_id,
        "model_load_s": round(model_load_s, 2),
        "setup_s": round(setup_s, 2),
        "ingest_s": round(ingest_s, 2),
        "cpu_s": round(cpu_s, 2),  # CPU time of this process while ingesting (all its threads)
        "breakdown_s": {k: round(v, 2) for k, v in watch.seconds.items()},
        "rss_after_setup_mb": _round(rss_after_setup),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "rss_curve": samples,
    }


def worker_query(request: dict[str, Any]) -> dict[str, Any]:
    """Warm process: index load time, then the latency of Assistant.ask over the eval questions."""
    from assistant.app import build
    from assistant.config import Settings
    from assistant.retrieval import Retriever
    from evals.scoring import score_case

    t0 = time.perf_counter()
    settings = Settings(store=Path(request["store"]), mode="grounded", chroma_url=request.get("chroma_url"))
    assistant = build(settings, embeddings=_embedder(request))
    setup_s = time.perf_counter() - t0

    started = time.perf_counter()
    index = assistant.retriever.index()
    first_call_ms = (time.perf_counter() - started) * 1000
    first_update = dict(getattr(assistant.retriever, "last_update", {}) or {})
    rebuild_ms = None
    if request.get("rebuild", True):
        fresh = Retriever(assistant.store, settings)
        fresh._index.folder = None  # no saved index: built afresh (same store, warm caches)
        rebuild_ms = fresh.index().build_ms
        del fresh

    cases = select_questions(request["questions"])
    synthetic = request["kind"] == "synthetic"
    questions = (localized_questions(cases, list(index.documents), request["seed"]) if synthetic
                 else [c.question for c in cases])
    for q in questions[:WARMUP_QUESTIONS]:
        assistant.ask(q)

    wall, cpu, retrieve, generate, found, passed = [], [], [], [], 0, 0
    slowest: list[tuple[float, str]] = []
    for _ in range(request["repeat"]):
        for case, q in zip(cases, questions, strict=True):
            t, c = time.perf_counter(), time.process_time()
            answer = assistant.ask(q)
            ms = (time.perf_counter() - t) * 1000
            wall.append(ms)
            cpu.append((time.process_time() - c) * 1000)
            retrieve.append(answer.timings_ms.get("retrieve", 0.0))
            generate.append(answer.timings_ms.get("generate", 0.0))
            found += answer.found
            slowest.append((ms, q))
            if not synthetic:
                score = score_case(case, answer.found, answer.answer, [c.to_json() for c in answer.citations])
                passed += bool(score.passed)
    result: dict[str, Any] = {
        "model": settings.embedding_model,
        "docs": len(index.documents),
        "chunks": index.n_chunks,
        "setup_s": round(setup_s, 2),
        "index_first_call_ms": round(first_call_ms, 1),
        "index_build_ms": round(index.build_ms, 1),
        "index_rebuild_ms": None if rebuild_ms is None else round(rebuild_ms, 1),
        "index_first_update": first_update,
        "questions": len(questions),
        "repeat": request["repeat"],
        "latency_ms": latency_summary(wall),
        "cpu_ms": latency_summary(cpu),  # CPU time per question: less sensitive to other load
        "retrieve_ms": latency_summary(retrieve),
        "generate_ms": latency_summary(generate),
        "found_rate": round(found / len(wall), 3) if wall else None,
        "fact_accuracy": None if synthetic else round(passed / len(wall), 3),
        "slowest": [{"ms": round(ms, 1), "question": q} for ms, q in sorted(slowest, reverse=True)[:5]],
        "sample_questions": questions[:8],
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    result["index_update"] = dict(getattr(assistant.retriever, "last_update", {}) or {})
    if request.get("changes"):
        # the peak so far (loading, questions) apart from the peak with the changes (an ingest's repair
        # reads every chunk's metadata)
        result["peak_rss_questions_mb"] = round(peak_rss_mb(), 1)
        result["changes"] = _after_changes(assistant, settings, questions, request["changes"], request["seed"])
        result["peak_rss_mb"] = round(peak_rss_mb(), 1)
    if request.get("profile"):
        result["profile"] = _profile(assistant, questions)
    return result


def _embedder(request: dict[str, Any]) -> Any:
    """The cheap embedder of a scale run (`--embedder hash`), else None: the configured model."""
    if request.get("embedder") in (None, "", "model"):
        return None
    from evals.hashing import HASH_EMBEDDER, HashingEmbeddings

    if request["embedder"] != HASH_EMBEDDER:
        raise ValueError(f"unknown embedder {request['embedder']!r}; allowed: model, {HASH_EMBEDDER}")
    return HashingEmbeddings()


ADDED_NAME = "bench-added-document{}"


def _after_changes(assistant: Any, settings: Any, questions: Sequence[str], cycles: int, seed: int) -> list[dict[str, Any]]:
    """The first question after a change, `cycles` times: one new document is added (a synthetic
    document of the corpus's shapes that the store does not hold), a question is asked, the document
    is removed, a question is asked. Records the wall time of each first question, what the lexical
    index did (updated or rebuilt) and the RSS after each cycle (memory must not grow per change)."""
    from evals.synthetic import make_spec, render
    from ingest import pipeline

    out = []
    folder = Path(tempfile.mkdtemp(prefix="akkoord-bench-added-"))
    try:
        for k in range(cycles):
            spec = make_spec(seed, 10_000_000 + 2 * k)  # an agreement far beyond any corpus size
            path = folder / ADDED_NAME.format(spec.suffix)
            path.write_text(render(spec, seed), encoding="utf-8")
            lock = pipeline.ingest_lock(settings.store, assistant.store, settings.ingest_lease_s)
            t = time.perf_counter()
            report = pipeline.ingest_paths([path], assistant.store, lock, settings.max_file_bytes)
            ingest_ms = (time.perf_counter() - t) * 1000
            if report.failed:
                raise RuntimeError(f"adding a document failed: {report.failed}")
            question = questions[k % len(questions)]
            t = time.perf_counter()
            assistant.ask(question)
            first_add_ms = (time.perf_counter() - t) * 1000
            update_add = dict(getattr(assistant.retriever, "last_update", {}) or {})
            t = time.perf_counter()
            assistant.ask(question)
            second_ms = (time.perf_counter() - t) * 1000
            t = time.perf_counter()
            lock = pipeline.ingest_lock(settings.store, assistant.store, settings.ingest_lease_s)
            lock.acquire(timeout=600)
            try:
                assistant.store.remove_document(path.name)
            finally:
                lock.release()
            remove_ms = (time.perf_counter() - t) * 1000
            t = time.perf_counter()
            assistant.ask(question)
            first_remove_ms = (time.perf_counter() - t) * 1000
            update_remove = dict(getattr(assistant.retriever, "last_update", {}) or {})
            out.append({"cycle": k + 1, "ingest_one_ms": round(ingest_ms, 1),
                        "first_question_after_add_ms": round(first_add_ms, 1),
                        "second_question_ms": round(second_ms, 1), "remove_ms": round(remove_ms, 1),
                        "first_question_after_remove_ms": round(first_remove_ms, 1),
                        "index_after_add": update_add, "index_after_remove": update_remove,
                        "rss_mb": _round(current_rss_mb())})
            logger.info("change %d: first question after adding one document %.0f ms, after removing it %.0f ms",
                        k + 1, first_add_ms, first_remove_ms)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return out


def _profile(assistant: Any, questions: Sequence[str]) -> dict[str, str]:
    """One more pass over the questions under cProfile (not part of the timings above)."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for q in questions:
        assistant.ask(q)
    profiler.disable()
    out: dict[str, str] = {}
    for key, limit in (("cumulative", 40), ("tottime", 25)):
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).strip_dirs().sort_stats(key).print_stats(limit)
        out[key] = buffer.getvalue()
    return out


def run_worker(request_file: Path, result_file: Path) -> None:
    request = json.loads(request_file.read_text(encoding="utf-8"))
    handler = {"ingest": worker_ingest, "query": worker_query, "embed": worker_embed,
               "lexical": worker_lexical}[request["task"]]
    try:
        result = handler(request)
    except Exception as exc:
        # hand the reason to the parent (the traceback still goes to stderr)
        result_file.write_text(json.dumps({"error": f"{type(exc).__name__}: {exc}"}), encoding="utf-8")
        raise
    result["load_avg_end"] = load_avg()
    result_file.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


class _IndexKey:
    """The one thing a lexical index asks of its store when it is saved or loaded: the store's key."""

    def index_key(self) -> str:
        return "bench-lexical"


def worker_lexical(request: dict[str, Any]) -> dict[str, Any]:
    """A query client's lexical index alone: loaded from its saved file, then saved again (as after a
    change). Traced Python memory held and at its peak, and the process's RSS."""
    import gc
    import tracemalloc

    from assistant.index import LiveIndex

    gc.collect()
    rss_before = current_rss_mb() or 0.0
    tracemalloc.start()
    index = LiveIndex(_IndexKey(), Path(request["folder"]))  # type: ignore[arg-type]
    if not index._load():
        raise RuntimeError(f"no saved index in {request['folder']}")
    gc.collect()
    held, load_peak = tracemalloc.get_traced_memory()
    rss_loaded = current_rss_mb() or 0.0
    tracemalloc.reset_peak()
    index._save_now()
    _, save_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"rows": index.bm25.rows, "docs": len(index.docs), "terms": len(index.bm25.live_terms()),
            "held_mb": round(held / 1e6, 1), "load_peak_mb": round(load_peak / 1e6, 1),
            "save_peak_above_held_mb": round((save_peak - held) / 1e6, 1),
            "rss_load_mb": round(rss_loaded - rss_before, 1), "peak_rss_mb": round(peak_rss_mb(), 1)}


# -- parent: run measurements in subprocesses -----------------------------------------------------


class WorkerError(RuntimeError):
    """A measurement subprocess failed; the message is the worker's error when it could report one."""


def in_subprocess(request: dict[str, Any], workdir: Path) -> dict[str, Any]:
    """Run one measurement in a fresh Python process and return its result (wall time and load added)."""
    workdir.mkdir(parents=True, exist_ok=True)
    stamp = f"{request['task']}-{time.time_ns()}"
    req_file, res_file = workdir / f"{stamp}.request.json", workdir / f"{stamp}.result.json"
    req_file.write_text(json.dumps(request, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, **_CHILD_ENV}
    if request.get("model"):
        env["AKKOORD_EMBEDDING_MODEL"] = request["model"]
    load_start = load_avg()
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "evals.bench", "worker", str(req_file), str(res_file)],
                          cwd=REPO, env=env, check=False)
    wall_s = time.perf_counter() - started
    if proc.returncode != 0:
        reason = json.loads(res_file.read_text(encoding="utf-8")).get("error") if res_file.exists() else None
        raise WorkerError(f"{request['task']} worker failed (exit code {proc.returncode})"
                          + (f": {reason}" if reason else ""))
    result = json.loads(res_file.read_text(encoding="utf-8"))
    result["wall_s"] = round(wall_s, 2)
    result["load_avg_start"] = load_start
    return result


def measure_ingest(label: str, paths: Sequence[Path], store: Path, workdir: Path,
                   model: str | None = None, **extra: Any) -> dict[str, Any]:
    """`extra`: chroma_url (server mode), embedder (`hash` for scale runs), data (the server's folder,
    for the store size)."""
    logger.info("ingest %s: %d files into %s", label, len(paths), store)
    data = extra.pop("data", None)
    result = in_subprocess({"task": "ingest", "store": str(store), "paths": [str(p) for p in paths], "model": model,
                            **extra}, workdir)
    seconds = result["ingest_s"] or 1e-9
    processed = result["ingested"] + result["replaced"]  # unchanged documents are skipped, not counted
    result.update(
        label=label,
        docs_per_s=round(processed / seconds, 2),
        chunks_per_s=round(result["chunks"] / seconds, 1),
        embedded_per_s=round(result["embedded"] / result["breakdown_s"]["embed"], 1)
        if result["breakdown_s"].get("embed") else None,
        chunks_per_cpu_s=round(result["chunks"] / result["cpu_s"], 1) if result.get("cpu_s") else None,
        pages_per_s=round(result["pages"] / seconds, 2) if result["pages"] else None,
        store_mb=round(dir_size_mb(Path(data) if data else store), 1),
    )
    logger.info("ingest %s: %s docs/s, %s chunks/s, peak RSS %s MB", label, result["docs_per_s"],
                result["chunks_per_s"], result["peak_rss_mb"])
    return result


def measure_query(label: str, kind: str, store: Path, workdir: Path, questions: int, repeat: int, seed: int,
                  profile: bool, model: str | None = None, **extra: Any) -> dict[str, Any]:
    """`extra` as for measure_ingest, and changes: add/remove cycles after the latency passes."""
    logger.info("query %s: store %s", label, store)
    data = extra.pop("data", None)
    request = {"task": "query", "store": str(store), "kind": kind, "questions": questions, "repeat": repeat,
               "seed": seed, "profile": profile, "model": model, **extra}
    result = in_subprocess(request, workdir)
    result["label"] = label
    result["store_mb"] = round(dir_size_mb(Path(data) if data else store), 1)
    lat = result["latency_ms"]
    result["meets_target"] = bool(lat["p50"] is not None and lat["p50"] < TARGET_P50_MS
                                  and lat["p95"] < TARGET_P95_MS)
    logger.info("query %s: p50 %s ms, p95 %s ms, max %s ms", label, lat["p50"], lat["p95"], lat["max"])
    for key, text in result.get("profile", {}).items():
        logger.info("profile of %s (sorted by %s):\n%s", label, key, text)
    return result


def synthetic_corpus(folder: Path, docs: int, seed: int) -> list[Path]:
    from evals.synthetic import corpus_stats, make_corpus

    started = time.perf_counter()
    paths = make_corpus(folder, docs, seed=seed)
    logger.info("synthetic corpus: %d documents in %.1f s: %s", docs, time.perf_counter() - started,
                corpus_stats(paths))
    return paths


def example_text_files() -> list[Path]:
    return sorted(p for p in CORPUS_DIR.iterdir() if p.suffix in (".txt", ".md"))


def example_pdfs() -> list[Path]:
    return sorted(FORMATS_DIR.glob("*.pdf"))


@contextmanager
def scratch(keep: bool) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="akkoord-bench-"))
    try:
        yield folder
    finally:
        if keep:
            logger.info("kept the benchmark folder %s", folder)
        else:
            shutil.rmtree(folder, ignore_errors=True)


def _fresh_store(path: Path) -> Path:
    if path.exists() and any(path.iterdir()):
        raise SystemExit(f"store folder {path} is not empty; ingest needs a fresh store (or use `query --store`)")
    return path


def run_ingest_bench(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    from evals.synthetic import corpus_stats

    examples_store = tmp / "store-examples"
    results = {
        "examples_text": measure_ingest("examples (txt+md)", example_text_files(), examples_store, tmp),
        "examples_pdf": measure_ingest("examples (pdf)", example_pdfs(), tmp / "store-pdf", tmp),
    }
    corpus = Path(args.corpus) if args.corpus else tmp / "corpus"
    paths = synthetic_corpus(corpus, args.docs, args.seed)
    store = _fresh_store(Path(args.store)) if args.store else tmp / "store-synthetic"
    synthetic = measure_ingest(f"synthetic {args.docs}", paths, store, tmp)
    synthetic["corpus"] = corpus_stats(paths)
    results["synthetic"] = synthetic
    return {"ingest": results, "stores": {"examples": str(examples_store), "synthetic": str(store)}}


def run_query_bench(args: argparse.Namespace, tmp: Path, stores: dict[str, str] | None = None) -> dict[str, Any]:
    stores = dict(stores or {})
    extra: dict[str, Any] = {}
    if "examples" not in stores:
        stores["examples"] = str(tmp / "store-examples")
        measure_ingest("examples (txt+md)", example_text_files(), Path(stores["examples"]), tmp)
    if "synthetic" not in stores:
        if args.store:
            stores["synthetic"] = args.store
        else:
            stores["synthetic"] = str(tmp / "store-synthetic")
            paths = synthetic_corpus(tmp / "corpus", args.docs, args.seed)
            extra["synthetic_ingest"] = measure_ingest(f"synthetic {args.docs}", paths, Path(stores["synthetic"]),
                                                       tmp)
    q = {
        "examples": measure_query("examples", "examples", Path(stores["examples"]), tmp, args.questions,
                                  args.repeat, args.seed, False),
        "synthetic": measure_query("synthetic", "synthetic", Path(stores["synthetic"]), tmp, args.questions,
                                   args.repeat, args.seed, args.profile),
        "target": {"p50_ms": TARGET_P50_MS, "p95_ms": TARGET_P95_MS, "on": "synthetic store, grounded mode"},
    }
    return {"query": q, **extra}


def run_scale_bench(args: argparse.Namespace, tmp: Path,
                    on_step: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """Grow one store per mode (embedded folder, `chroma run` server) through the sizes. After each
    size the store is copied (`<dir>/<mode>/docs-<size>`) with the ingest figures beside it; then every
    copy is queried. A copy that exists is reused with its recorded ingest figures (`--phase query`
    re-measures queries without ingesting again). `on_step` gets the rows so far (partial report)."""
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if set(modes) - {"embedded", "server"}:
        raise SystemExit(f"unknown --modes {args.modes!r}; allowed: embedded, server")
    base = Path(args.dir) if args.dir else tmp
    extra = {"embedder": args.embedder} if args.embedder != "model" else {}
    rows: list[dict[str, Any]] = []
    report = {"scale": rows, "scale_setup": {"embedder": args.embedder, "modes": modes, "sizes": sizes,
                                             "dir": str(base)}}
    paths: list[Path] = []
    if args.phase in ("ingest", "both"):
        paths = synthetic_corpus(base / "corpus", sizes[-1], args.seed)
    for mode in modes:
        live = base / mode / "live"
        previous = 0
        for size in sizes:
            row: dict[str, Any] = {"mode": mode, "size": size}
            rows.append(row)
            snapshot = base / mode / f"docs-{size}"
            recorded = snapshot / "bench-ingest.json"
            if recorded.exists():
                row["ingest"] = {**json.loads(recorded.read_text(encoding="utf-8")), "recorded": True}
                previous = size
                continue
            if args.phase == "query":
                row["error"] = f"no store of {size} documents in {base / mode}: run --phase ingest first"
                continue
            try:
                row["ingest"] = _scale_ingest(mode, paths[previous:size], size, live, snapshot, tmp, extra)
            except WorkerError as exc:  # the store cannot grow further: record why and stop
                logger.error("%s: ingest to %d failed: %s", mode, size, exc)
                row["error"] = f"ingest: {exc}"
                break
            finally:
                if on_step is not None:
                    on_step(report)
            previous = size
    if args.phase in ("query", "both"):
        for row in rows:
            if "error" in row:
                continue
            snapshot = base / row["mode"] / f"docs-{row['size']}"
            try:
                row["query"] = _scale_query(row["mode"], row["size"], snapshot, tmp, args, extra)
            except WorkerError as exc:
                logger.error("query at %d (%s) failed: %s", row["size"], row["mode"], exc)
                row["error"] = f"query: {exc}"
            if on_step is not None:
                on_step(report)
        if args.embedder != "model":
            report["real_query_embedding"] = in_subprocess({"task": "embed", "questions": args.questions}, tmp)
    return report


def run_lexical_bench(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    """The memory of a query client's lexical index as the corpus grows, without a store: the index
    is built in this process from the synthetic corpus (the same chunks and terms as from a store),
    saved as a client saves it, and loaded and saved again in a fresh process per size."""
    from assistant.index import LiveIndex
    from ingest.load import load_file
    from ingest.pipeline import process

    sizes = sorted(int(s) for s in args.sizes.split(","))
    folder = Path(args.dir) if args.dir else tmp
    paths = synthetic_corpus(folder / "corpus", max(sizes), args.seed)
    index = LiveIndex(_IndexKey(), folder / "lexical")  # type: ignore[arg-type]
    results = []
    for n, path in enumerate(paths, 1):
        doc = process(load_file(path, 1 << 30))
        version = doc.chunks[0].doc_hash if doc.chunks else path.name
        index._add(doc.info.name, 1, (version, "bench"), doc.info, [(f"{c.id}.bench", c) for c in doc.chunks])
        index._facts.clear()
        if n in sizes:
            index.generation = str(n)
            index._save_now()
            saved = next((folder / "lexical").glob("*.npz"))
            result = in_subprocess({"task": "lexical", "folder": str(folder / "lexical")}, tmp / "work")
            result.update({"size": n, "saved_mb": round(saved.stat().st_size / 1e6, 1)})
            logger.info("lexical index at %d documents: %s", n, result)
            results.append(result)
    return {"lexical": results}


def _store_paths(mode: str, folder: Path) -> tuple[Path, Path | None]:
    """(the client's store folder, the server's data folder or None) of a store copy."""
    return (folder / "client", folder / "server-data") if mode == "server" else (folder / "store", None)


def _scale_ingest(mode: str, paths: Sequence[Path], size: int, live: Path, snapshot: Path, tmp: Path,
                  extra: dict[str, Any]) -> dict[str, Any]:
    client, data = _store_paths(mode, live)
    if data is None:
        result = measure_ingest(f"{mode}: to {size}", paths, client, tmp, **extra)
    else:
        data.mkdir(parents=True, exist_ok=True)
        with chroma_run(data) as (url, pid):
            result = measure_ingest(f"{mode}: to {size}", paths, client, tmp, chroma_url=url, data=data, **extra)
            result["server_peak_rss_mb"] = _proc_status_mb(pid).get("VmHWM")
    if snapshot.exists():
        shutil.rmtree(snapshot)
    shutil.copytree(live, snapshot)
    (snapshot / "bench-ingest.json").write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return result


def _scale_query(mode: str, size: int, snapshot: Path, tmp: Path, args: argparse.Namespace,
                 extra: dict[str, Any]) -> dict[str, Any]:
    """Two processes: the first finds no saved lexical index (a copy is made without one) and builds
    it (`cold`); the second loads it, then answers the questions and makes the changes."""
    client, data = _store_paths(mode, snapshot)
    saved = client / "lexical-index"
    if saved.exists():
        shutil.rmtree(saved)
    cold_request = {"changes": 0, "rebuild": False, **extra}
    common = {"changes": args.changes, "rebuild": False, **extra}
    with contextlib.ExitStack() as stack:
        if data is not None:
            url, pid = stack.enter_context(chroma_run(data))
            cold_request["chroma_url"] = common["chroma_url"] = url
            common["data"] = data
        cold = measure_query(f"{mode}: {size} (no saved index)", "synthetic", client, tmp, 3, 1, args.seed, False,
                             **cold_request)
        result = measure_query(f"{mode}: {size}", "synthetic", client, tmp, args.questions, args.repeat,
                               args.seed, args.profile, **common)
        if data is not None:
            result["server_peak_rss_mb"] = _proc_status_mb(pid).get("VmHWM")
    result["cold"] = {k: cold.get(k) for k in ("index_first_call_ms", "index_first_update", "peak_rss_mb", "setup_s")}
    result["saved_index_mb"] = round(dir_size_mb(saved), 1) if saved.exists() else None
    return result


@contextmanager
def chroma_run(data: Path) -> Iterator[tuple[str, int]]:
    """A real `chroma run` on loopback serving `data`; yields (url, pid). Its log goes to data/../chroma.log."""
    import socket

    exe = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    log = open(data.parent / "chroma.log", "ab")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen([exe, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **_CHILD_ENV})
    try:
        deadline = time.time() + 120
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise WorkerError(f"chroma run did not start (see {data.parent / 'chroma.log'})") from None
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}", proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)
        log.close()


def worker_embed(request: dict[str, Any]) -> dict[str, Any]:
    """The real model's query embedding time (one question at a time, warm), to add to latencies
    measured with the cheap embedder."""
    from assistant.config import Settings
    from vectorstore.embeddings import load_embeddings

    settings = Settings()
    embeddings = load_embeddings(settings.embedding_model, settings.embed_batch_size, 1)
    questions = [c.question for c in select_questions(request["questions"])]
    for q in questions[:WARMUP_QUESTIONS]:
        embeddings.embed_query(q)
    wall = []
    for q in questions:
        t = time.perf_counter()
        embeddings.embed_query(q)
        wall.append((time.perf_counter() - t) * 1000)
    return {"model": settings.embedding_model, "latency_ms": latency_summary(wall)}


def _slug(model: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in model).strip("-")[:40] or "model"


def run_compare_bench(args: argparse.Namespace, tmp: Path,
                      on_step: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """The same measurements for several embedding models, interleaved stage by stage (each stage runs
    for every model before the next begins), so that a change in the machine's load during a long run
    does not fall on one model only. A failing measurement is recorded and the run goes on."""
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    paths = synthetic_corpus(Path(args.corpus) if args.corpus else tmp / "corpus", args.docs, args.seed)
    runs: dict[str, dict[str, Any]] = {m: {"ingest": {}, "query": {}, "errors": []} for m in models}
    stores = {m: tmp / _slug(m) for m in models}
    stages: list[tuple[str, str, Callable[[str], dict[str, Any]]]] = [
        ("ingest", "examples_text", lambda m: measure_ingest(f"{m}: examples (txt+md)", example_text_files(),
                                                             stores[m] / "store-examples", tmp, m)),
        ("ingest", "examples_pdf", lambda m: measure_ingest(f"{m}: examples (pdf)", example_pdfs(),
                                                            stores[m] / "store-pdf", tmp, m)),
        ("ingest", "synthetic", lambda m: measure_ingest(f"{m}: synthetic {args.docs}", paths,
                                                         stores[m] / "store-synthetic", tmp, m)),
        ("query", "examples", lambda m: measure_query(f"{m}: examples", "examples", stores[m] / "store-examples",
                                                      tmp, args.questions, args.repeat, args.seed, False, m)),
        ("query", "synthetic", lambda m: measure_query(f"{m}: synthetic {args.docs}", "synthetic",
                                                       stores[m] / "store-synthetic", tmp, args.questions,
                                                       args.repeat, args.seed, args.profile, m)),
    ]
    for part, key, measure in stages:
        for m in models:
            try:
                runs[m][part][key] = measure(m)
            except WorkerError as exc:  # unattended: note it and go on with the next measurement
                logger.error("%s %s with %s failed: %s", part, key, m, exc)
                runs[m]["errors"].append(f"{part} {key}: {exc}")
            if on_step is not None:
                on_step({"compare": runs})
    return {"compare": runs}


# -- command line start-up ------------------------------------------------------------------------

TARGET_ASK_S = 2.0
TARGET_HELP_S = 0.5
CLI_QUESTION = "Tot wanneer loopt de overeenkomst met Mechelen?"


def _child_peak_rss(cmd: Sequence[str], env: dict[str, str], cwd: Path, stdin: bytes | None) -> tuple[float, float, str, int]:
    """(wall s, peak RSS MB, stdout, exit code) of one process, measured with wait4."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    if stdin is not None:
        proc.stdin.write(stdin)  # type: ignore[union-attr]
        proc.stdin.close()  # type: ignore[union-attr]
    out = proc.stdout.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss = usage.ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else usage.ru_maxrss / 1024
    return wall, rss, out.decode(errors="replace"), proc.returncode


def _proc_status_mb(pid: int) -> dict[str, float]:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = round(int(rest.split()[0]) / 1024, 1)
    return values


def measure_chat(code: Path, env: dict[str, str], store: Path, questions: Sequence[str]) -> dict[str, Any]:
    """RSS of a real `akkoord chat` process: after start-up, and after answering the questions through
    its API (gradio_client), then the process is stopped."""
    import socket

    from gradio_client import Client

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "chat", "--store", str(store), "--port", str(port)],
                            cwd=code, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise WorkerError(f"akkoord chat stopped (exit {proc.returncode})")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
        ready_s = time.perf_counter() - started
        time.sleep(1.0)
        after_start = _proc_status_mb(proc.pid)
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        found = sum(bool(client.predict(q, None, api_name="/vraag")["found"]) for q in questions)
        after = _proc_status_mb(proc.pid)
        return {"ready_s": round(ready_s, 2), "rss_after_start_mb": after_start.get("VmRSS"),
                "rss_after_questions_mb": after.get("VmRSS"), "peak_rss_mb": after.get("VmHWM"),
                "questions": len(questions), "found": found}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)


def run_cli_bench(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    """Process start to printed output of `akkoord` commands, for the code in this checkout with each
    model and (--before DIR) for another checkout, e.g. the previous version. Variants and commands
    are interleaved in every round, so that other load on the machine falls on all of them."""
    variants: list[dict[str, Any]] = [
        {"label": "e5 (default)", "code": REPO, "env": {}},
        {"label": "MiniLM", "code": REPO, "env": {"AKKOORD_EMBEDDING_MODEL": "all-MiniLM-L6-v2"}},
    ]
    if args.before:
        variants.append({"label": "before (MiniLM)", "code": Path(args.before).resolve(), "env": {}})
    questions = [c.question for c in select_questions(20)]
    batch_input = ("\n".join(questions) + "\n").encode("utf-8")
    for v in variants:
        v["store"] = tmp / _slug(v["label"])
        v["full_env"] = {**os.environ, **_CHILD_ENV, "PYTHONPATH": str(v["code"]), **v["env"]}
        made = subprocess.run([sys.executable, "-m", "assistant.cli", "examples", "--store", str(v["store"])],
                              cwd=v["code"], env=v["full_env"], capture_output=True, check=False)
        if made.returncode != 0:
            raise WorkerError(f"examples store for {v['label']}: {made.stderr.decode(errors='replace')[-1500:]}")
        logger.info("examples store for %s in %s", v["label"], v["store"])
    commands: dict[str, tuple[list[str], bytes | None]] = {
        "--help": (["--help"], None),
        "docs list": (["docs", "list", "--store", "{store}"], None),
        "facts": (["facts", "scheldeland-samenwerkingsovereenkomst-2021.txt", "--store", "{store}"], None),
        "ask": (["ask", CLI_QUESTION, "--store", "{store}"], None),
        f"ask --batch ({len(questions)} questions)": (["ask", "--batch", "-", "--store", "{store}"], batch_input),
    }
    samples: dict[str, dict[str, list[tuple[float, float]]]] = {v["label"]: {c: [] for c in commands} for v in variants}
    failures: list[str] = []
    for round_ in range(args.repeat):
        for v in variants:
            for name, (argv, stdin) in commands.items():
                if name.startswith("ask --batch") and v["label"].startswith("before"):
                    continue  # the previous version has no --batch
                cmd = [sys.executable, "-m", "assistant.cli", *[a.format(store=v["store"]) for a in argv]]
                wall, rss, out, rc = _child_peak_rss(cmd, v["full_env"], v["code"], stdin)
                if rc != 0 or (name == "ask" and "31 december 2025" not in out):
                    failures.append(f"{v['label']} {name}: exit {rc}: {out[-300:]}")
                samples[v["label"]][name].append((wall, rss))
        logger.info("cli round %d/%d done", round_ + 1, args.repeat)
    results: dict[str, Any] = {}
    for label, by_command in samples.items():
        results[label] = {}
        for name, values in by_command.items():
            if not values:
                continue
            walls = [w for w, _ in values]
            results[label][name] = {"n": len(walls), "median_s": round(percentile(walls, 50), 3),
                                    "min_s": round(min(walls), 3), "max_s": round(max(walls), 3),
                                    "peak_rss_mb": round(max(r for _, r in values), 1)}
        batch = next((k for k in results[label] if k.startswith("ask --batch")), None)
        if batch:
            results[label][batch]["per_question_s"] = round(results[label][batch]["median_s"] / len(questions), 3)
    chat: dict[str, Any] = {}
    if args.chat:
        for v in variants:
            try:
                chat[v["label"]] = measure_chat(v["code"], v["full_env"], v["store"], questions[:10])
            except Exception as exc:  # noqa: BLE001 - a measurement, reported
                chat[v["label"]] = {"error": f"{type(exc).__name__}: {exc}"}
            logger.info("chat %s: %s", v["label"], chat[v["label"]])
    default = results.get("e5 (default)", {})
    verdict = {
        "ask_s": default.get("ask", {}).get("median_s"), "ask_target_s": TARGET_ASK_S,
        "help_s": default.get("--help", {}).get("median_s"), "help_target_s": TARGET_HELP_S,
    }
    verdict["met"] = bool(verdict["ask_s"] is not None and verdict["ask_s"] <= TARGET_ASK_S
                          and verdict["help_s"] is not None and verdict["help_s"] <= TARGET_HELP_S)
    return {"cli": {"results": results, "target": verdict, "failures": failures, "repeat": args.repeat,
                    "chat": chat}}


def render_cli(cli: dict[str, Any]) -> list[str]:
    rows = [[label, name, r["n"], r["median_s"], r["min_s"], r["max_s"], r.get("per_question_s"), r["peak_rss_mb"]]
            for label, by_command in cli["results"].items() for name, r in by_command.items()]
    t = cli["target"]
    out = ["", "CLI (process start to printed output; median of the rounds)",
           format_table(("variant", "command", "n", "median s", "min s", "max s", "per question s", "peak RSS MB"),
                        rows),
           (f"target (default model): ask <= {t['ask_target_s']} s, --help <= {t['help_target_s']} s: "
            f"{'MET' if t['met'] else 'MISSED'} (ask {t['ask_s']} s, --help {t['help_s']} s)")]
    out += [f"FAILED: {f}" for f in cli["failures"]]
    if cli.get("chat"):
        out += ["", "CHAT PROCESS (akkoord chat; RSS after start-up and after answering through its API)",
                format_table(("variant", "ready s", "RSS after start MB", "RSS after questions MB", "peak RSS MB",
                              "questions", "found"),
                             [[label, c.get("ready_s"), c.get("rss_after_start_mb"), c.get("rss_after_questions_mb"),
                               c.get("peak_rss_mb"), c.get("questions"), c.get("found") if "error" not in c
                               else c["error"]] for label, c in cli["chat"].items()])]
    return out


# -- install size ---------------------------------------------------------------------------------


def install_size(pyproject: Path, extras: Sequence[str]) -> dict[str, Any]:
    """Disk size of what `pip install .[extras]` puts into a virtualenv: the closure of the project's
    requirements over the distributions installed in this one (their RECORD files), by package."""
    import importlib.metadata as md
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    wanted = list(project.get("dependencies", []))
    for extra in extras:
        wanted += project.get("optional-dependencies", {}).get(extra, [])
    installed = {canonicalize_name(d.metadata["Name"]): d for d in md.distributions()}
    seen: dict[str, int] = {}
    missing: list[str] = []
    queue = [Requirement(r) for r in wanted]
    while queue:
        req = queue.pop()
        if req.marker is not None and not any(req.marker.evaluate({"extra": e}) for e in (*extras, "")):
            continue
        name = canonicalize_name(req.name)
        dist = installed.get(name)
        if dist is None:
            missing.append(req.name)
            continue
        if name not in seen:
            seen[name] = sum((f.size or 0) for f in (dist.files or []))
        for sub in dist.requires or []:
            sub_req = Requirement(sub)
            applies = sub_req.marker is None or any(sub_req.marker.evaluate({"extra": e})
                                                    for e in (req.extras or {""}))
            if applies and canonicalize_name(sub_req.name) not in seen:
                queue.append(sub_req)
    largest = sorted(seen.items(), key=lambda kv: -kv[1])[:12]
    return {"pyproject": str(pyproject), "extras": list(extras), "packages": len(seen),
            "total_mb": round(sum(seen.values()) / 1e6, 1),
            "largest_mb": {k: round(v / 1e6, 1) for k, v in largest}, "not_installed": sorted(set(missing))}


# -- output ---------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return str(value)


def format_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    body = ["  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
            for r in cells]
    return "\n".join([line, "-" * len(line), *body])


def _ingest_rows(results: Sequence[dict[str, Any]]) -> list[list[Any]]:
    return [[r["label"], r["docs"], r["pages"] or None, r["chunks"], r["wall_s"], r["setup_s"], r["ingest_s"],
             r["docs_per_s"], r["chunks_per_s"], r.get("embedded"), r.get("embedded_per_s"), r["pages_per_s"],
             r.get("cpu_s"), r.get("chunks_per_cpu_s"),
             r["peak_rss_mb"], r["store_mb"],
             _share(r, "embed"), " ".join(map(str, r["load_avg_start"]))] for r in results]


_INGEST_HEADERS = ("corpus", "docs", "pages", "chunks", "wall s", "setup s", "ingest s", "docs/s", "chunks/s",
                   "embedded", "embedded/s", "pages/s", "CPU s", "chunks/CPU s", "peak RSS MB", "store MB", "embed %", "load avg")


def _share(result: dict[str, Any], step: str) -> float | None:
    seconds = result.get("breakdown_s", {}).get(step)
    return None if seconds is None or not result["ingest_s"] else round(100 * seconds / result["ingest_s"], 1)


def _curve(result: dict[str, Any]) -> str:
    parts = [f"{s['pct']}%: {s['docs']} docs, {s['chunks_in_store']} chunks, {s['elapsed_s']:.0f} s, "
             f"RSS {s['rss_mb']} MB (peak {s['peak_rss_mb']})" for s in result["rss_curve"]]
    return "\n".join(f"  {p}" for p in parts)


def _query_rows(results: Sequence[dict[str, Any]]) -> list[list[Any]]:
    return [[r["label"], r["docs"], r["chunks"], r["index_first_call_ms"], r["index_rebuild_ms"],
             r["latency_ms"]["n"], r["latency_ms"]["p50"], r["latency_ms"]["p95"], r["latency_ms"]["max"],
             r.get("cpu_ms", {}).get("p50"), r.get("cpu_ms", {}).get("p95"), r["retrieve_ms"]["p50"], r["generate_ms"]["p50"],
             r["found_rate"], r["fact_accuracy"], r["peak_rss_mb"], " ".join(map(str, r["load_avg_start"]))]
            for r in results]


_QUERY_HEADERS = ("store", "docs", "chunks", "index ms", "rebuild ms", "n", "p50 ms", "p95 ms", "max ms",
                  "cpu p50", "cpu p95", "retr p50", "gen p50", "found", "fact acc", "peak RSS MB", "load avg")


_SCALE_HEADERS = ("mode", "size", "added", "chunks total", "embedded", "ingest s", "chunks/s",
                  "ingest peak RSS MB", "server peak RSS MB (ingest)", "store MB", "index build ms (none saved)", "index load ms (saved)", "p50 ms",
                  "p95 ms", "max ms", "cpu p50", "first q after +1 doc ms", "first q after -1 doc ms",
                  "query peak RSS MB (questions)", "query peak RSS MB (with changes)", "server peak RSS MB (query)", "load avg")


def _scale_row(row: dict[str, Any]) -> list[Any]:
    i, q = row.get("ingest") or {}, row.get("query") or {}
    lat, cpu = q.get("latency_ms") or {}, q.get("cpu_ms") or {}
    changes = q.get("changes") or []
    add = max((c["first_question_after_add_ms"] for c in changes), default=None)
    remove = max((c["first_question_after_remove_ms"] for c in changes), default=None)
    return [row.get("mode", "embedded"), row["size"], i.get("ingested"), i.get("chunks_total"), i.get("embedded"),
            i.get("ingest_s"), i.get("chunks_per_s"), i.get("peak_rss_mb"), i.get("server_peak_rss_mb"),
            q.get("store_mb", i.get("store_mb")), (q.get("cold") or {}).get("index_first_call_ms"),
            q.get("index_first_call_ms"), lat.get("p50"), lat.get("p95"),
            lat.get("max"), cpu.get("p50"), add, remove, q.get("peak_rss_questions_mb"), q.get("peak_rss_mb"),
            q.get("server_peak_rss_mb"),
            " ".join(map(str, q.get("load_avg_start") or i.get("load_avg_start") or [])) or None]


_COMPARE_HEADERS = ("model", "docs", "chunks", "embedded", "ingest s", "chunks/s", "embedded/s", "model load s",
                    "ingest peak RSS MB", "p50 ms (2 docs)", "p95 ms (2 docs)", "p50 ms (N docs)", "p95 ms (N docs)",
                    "query peak RSS MB (N docs)", "fact acc (2 docs)")


def _compare_row(model: str, run: dict[str, Any]) -> list[Any]:
    syn = run["ingest"].get("synthetic") or {}
    qe = run["query"].get("examples") or {}
    qs = run["query"].get("synthetic") or {}
    lat_e, lat_s = qe.get("latency_ms") or {}, qs.get("latency_ms") or {}
    return [model, syn.get("docs"), syn.get("chunks"), syn.get("embedded"), syn.get("ingest_s"),
            syn.get("chunks_per_s"), syn.get("embedded_per_s"), syn.get("model_load_s"), syn.get("peak_rss_mb"),
            lat_e.get("p50"), lat_e.get("p95"), lat_s.get("p50"), lat_s.get("p95"), qs.get("peak_rss_mb"),
            qe.get("fact_accuracy")]


_LEXICAL_HEADERS = ("documents", "rows", "terms", "saved", "held (traced)", "load peak (traced)",
                    "save peak above held (traced)", "RSS growth by the load", "process peak RSS")


def render_report(report: dict[str, Any]) -> str:
    m = report["machine"]
    out = [(f"machine: {m['cpus']} cores, {m['platform']}, Python {m['python']}; "
           f"load avg (1/5/15 min) at start {m['load_avg_start']}, at end {m['load_avg_end']}")]
    ingest = report.get("ingest")
    if ingest:
        out += ["", "INGEST (ingest s excludes setup = interpreter start-up + model load)",
                format_table(_INGEST_HEADERS, _ingest_rows(list(ingest.values())))]
        syn = ingest["synthetic"]
        out += [f"RSS curve, {syn['label']} (after the model load: {syn['rss_after_setup_mb']} MB):", _curve(syn),
                f"time breakdown of ingest s: {syn['breakdown_s']}"]
    query = report.get("query")
    if query:
        out += ["", "QUERY (grounded mode, warm process; latency = wall time of Assistant.ask)",
                format_table(_QUERY_HEADERS, _query_rows([query["examples"], query["synthetic"]]))]
        syn = query["synthetic"]
        verdict = "MET" if syn["meets_target"] else "MISSED"
        out.append(f"target p50 < {TARGET_P50_MS:.0f} ms, p95 < {TARGET_P95_MS:.0f} ms on {syn['docs']} docs: "
                   f"{verdict} (p50 {syn['latency_ms']['p50']} ms, p95 {syn['latency_ms']['p95']} ms)")
    if report.get("cli"):
        out += render_cli(report["cli"])
    compare = report.get("compare")
    if compare:
        out += ["", "COMPARE (the same runs per embedding model; ingest s excludes setup, query = warm Assistant.ask)",
                format_table(_COMPARE_HEADERS, [_compare_row(m, r) for m, r in compare.items()])]
        for model, run in compare.items():
            ingests = [r for r in run["ingest"].values() if r]
            queries = [r for r in run["query"].values() if r]
            if ingests:
                out += ["", f"INGEST, {model}", format_table(_INGEST_HEADERS, _ingest_rows(ingests))]
            if queries:
                out += ["", f"QUERY, {model}", format_table(_QUERY_HEADERS, _query_rows(queries))]
            out += [f"FAILED: {e}" for e in run.get("errors", [])]
    scale = report.get("scale")
    if scale:
        setup = report.get("scale_setup") or {}
        embedder = setup.get("embedder", "model")
        out += ["", "SCALE (one store per mode grown incrementally; ingest columns are for the added documents; "
                f"embedder: {embedder}"
                + (" = hashed words, NOT the language model: add the real query embedding below" if embedder == "hash"
                   else "") + ")",
                format_table(_SCALE_HEADERS, [_scale_row(r) for r in scale])]
        for r in scale:
            if r.get("ingest"):
                out += [f"RSS curve, {r.get('mode', 'embedded')} ingest to {r['size']}:", _curve(r["ingest"])]
            for c in (r.get("query") or {}).get("changes") or []:
                out.append(f"{r.get('mode', 'embedded')} {r['size']}, change {c['cycle']}: +1 doc "
                           f"{c['ingest_one_ms']:.0f} ms, first question {c['first_question_after_add_ms']:.0f} ms "
                           f"(index {c['index_after_add']}), -1 doc first question "
                           f"{c['first_question_after_remove_ms']:.0f} ms, RSS {c['rss_mb']} MB")
            if r.get("error"):
                out.append(f"FAILED at {r['size']} ({r.get('mode', 'embedded')}): {r['error']}")
        embed = report.get("real_query_embedding")
        if embed:
            lat = embed["latency_ms"]
            out.append(f"real query embedding ({embed['model']}, one question, warm): p50 {lat['p50']} ms, "
                       f"p95 {lat['p95']} ms")
    lexical = report.get("lexical")
    if lexical:
        out += ["", ("LEXICAL INDEX of a query client (built from the synthetic corpus, saved, then loaded and saved "
                     "again in a fresh process; MB)"),
                format_table(_LEXICAL_HEADERS, [[r["size"], r["rows"], r["terms"], r["saved_mb"], r["held_mb"],
                                                 r["load_peak_mb"], r["save_peak_above_held_mb"], r["rss_load_mb"],
                                                 r["peak_rss_mb"]] for r in lexical])]
    return "\n".join(out)


# -- command line ---------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m evals.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("ingest", "query", "scale", "all", "compare", "cli", "deps", "lexical"):
        p = sub.add_parser(name)
        p.add_argument("--docs", type=int, default=DEFAULT_DOCS, help="synthetic documents (default 500)")
        p.add_argument("--out", default=None, help="write the JSON report here")
        p.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpus")
        p.add_argument("--questions", type=int, default=DEFAULT_QUESTIONS, help="questions per store")
        p.add_argument("--repeat", type=int, default=2, help="passes over the questions")
        p.add_argument("--profile", action="store_true", help="cProfile one extra query pass (synthetic store)")
        p.add_argument("--keep", action="store_true", help="keep the temporary folder (corpus, stores)")
        p.add_argument("--store", default=None,
                       help="synthetic store: ingest builds it here (must be empty); query reuses it; "
                            "scale continues it (same --seed)")
        p.add_argument("--corpus", default=None, help="ingest: write the synthetic corpus here")
        p.add_argument("--sizes", default="500,2000", help="scale: corpus sizes (comma-separated)")
        p.add_argument("--modes", default="embedded", help="scale: store modes, `embedded` and/or `server` "
                       "(a real `chroma run` started by the benchmark)")
        p.add_argument("--embedder", default="model", choices=("model", "hash"),
                       help="scale: `model` = the configured embedding model; `hash` = hashed words, no "
                            "language model (evals/hashing.py), for runs too large to embed")
        p.add_argument("--dir", default=None, help="scale: keep the corpus and the store copies per size here "
                       "(copies that exist are reused)")
        p.add_argument("--phase", default="both", choices=("ingest", "query", "both"), help="scale: what to run")
        p.add_argument("--changes", type=int, default=3,
                       help="scale: add/remove cycles of one document, each followed by a question")
        p.add_argument("--pyproject", default=str(REPO / "pyproject.toml"), help="deps: the project file")
        p.add_argument("--chat", action="store_true", help="cli: also measure the RSS of a real `akkoord chat`")
        p.add_argument("--extras", default="", help="deps: extras to include (comma-separated)")
        p.add_argument("--before", default=None, help="cli: another checkout to time as well (e.g. the previous version)")
        p.add_argument("--models", default="all-MiniLM-L6-v2,multilingual-e5-small",
                       help="compare: AKKOORD_EMBEDDING_MODEL values (comma-separated)")
    worker = sub.add_parser("worker", help="internal: one measurement in a subprocess")
    worker.add_argument("request")
    worker.add_argument("result")
    return parser.parse_args(argv)


def save_partial(report: dict[str, Any], part: dict[str, Any], out: str | None) -> None:
    """Write the report so far, so that a long run that is stopped still leaves its numbers."""
    if out:
        snapshot = {**report, **part, "partial": True}
        snapshot["machine"] = {**report["machine"], "load_avg_end": load_avg()}
        Path(out).write_text(json.dumps(snapshot, ensure_ascii=False, indent=2), encoding="utf-8")
        logger.info("wrote the partial report to %s", out)


def machine_info() -> dict[str, Any]:
    return {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
            "load_avg_start": load_avg()}


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)
    for noisy in ("chromadb", "httpx", "sentence_transformers", "assistant", "ingest", "vectorstore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if args.command == "worker":
        run_worker(Path(args.request), Path(args.result))
        return 0

    if args.command == "deps":
        extras = [e for e in args.extras.split(",") if e]
        print(json.dumps(install_size(Path(args.pyproject), extras), indent=2))
        return 0
    report: dict[str, Any] = {"machine": machine_info(), "command": " ".join(sys.argv)}
    started = time.perf_counter()
    with scratch(args.keep) as tmp:
        if args.command == "ingest":
            report.update(run_ingest_bench(args, tmp))
        elif args.command == "query":
            report.update(run_query_bench(args, tmp))
        elif args.command == "all":
            built = run_ingest_bench(args, tmp)
            report.update(built)
            report.update(run_query_bench(args, tmp, built["stores"]))
        elif args.command == "scale":
            report.update(run_scale_bench(args, tmp, lambda part: save_partial(report, part, args.out)))
        elif args.command == "cli":
            report.update(run_cli_bench(args, tmp))
        elif args.command == "compare":
            report.update(run_compare_bench(args, tmp, lambda part: save_partial(report, part, args.out)))
        elif args.command == "lexical":
            report.update(run_lexical_bench(args, tmp))
    if not args.keep:
        report.pop("stores", None)  # the temporary stores are gone
    report["machine"]["load_avg_end"] = load_avg()
    report["total_s"] = round(time.perf_counter() - started, 1)
    if args.out:
        Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        logger.info("wrote %s", args.out)
    print(render_report(report))
    logger.info("benchmark took %.0f s", report["total_s"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
