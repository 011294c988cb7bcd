"""The eval datasets load, are well formed, and every fact is verbatim in its document.

Every suite of evals/suites.py (dev and blind) is checked the same way: the facts are looked up in
the text of the suite's corpus as akkoord reads it (loaded and cleaned, so PDF and Word files count
as they are ingested). These checks read the blind questions only mechanically; nobody tunes on them.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from evals.dataset import KINDS, DatasetError, EvalCase, load_dataset
from evals.scoring import alternatives, normalize
from evals.suites import SUITES, Suite

ROOT = Path(__file__).resolve().parents[2]
BY_NAME = {s.name: s for s in SUITES}


@lru_cache(maxsize=8)
def _texts(paths: tuple[Path, ...]) -> dict[str, str]:
    from ingest.clean import clean
    from ingest.load import load_file

    texts = {path.name: normalize(clean(load_file(path, 200 * 1024 * 1024)).text) for path in paths}
    assert texts, f"expected documents in {paths}"
    return texts


def corpus_texts(suite: Suite) -> dict[str, str]:
    """Normalised cleaned text of every document of a suite's corpus, by file name."""
    return _texts(tuple(suite.paths))


@pytest.fixture(scope="module", params=SUITES, ids=[s.name for s in SUITES])
def suite(request: pytest.FixtureRequest) -> Suite:
    return request.param


@pytest.fixture(scope="module")
def dataset(suite: Suite) -> list[EvalCase]:
    return load_dataset(suite.dataset)


def test_examples_size_and_refusals() -> None:
    cases = load_dataset(BY_NAME["examples"].dataset)
    assert len(cases) >= 80
    assert sum(1 for c in cases if not c.answer_facts) >= 15


def test_paraphrases_size_and_refusals() -> None:
    cases = load_dataset(BY_NAME["paraphrases"].dataset)
    assert len(cases) >= 30
    assert sum(1 for c in cases if not c.answer_facts) >= 3


def test_blind_set_size_kinds_and_refusals() -> None:
    cases = load_dataset(BY_NAME["blind"].dataset)
    assert len(cases) >= 120
    assert sum(1 for c in cases if not c.answer_facts) >= 0.15 * len(cases)
    kinds = Counter(c.kind for c in cases)
    for kind in ("party", "signatory", "date", "duration", "governance", "vote", "amount", "definition",
                 "topic", "multipart"):
        assert kinds[kind] >= 3, f"blind set has {kinds[kind]} {kind} questions"


def test_blind_corpus_shape() -> None:
    """At least 12 real documents, 6 complete ones over 8,000 characters, 2 PDF and 1 Word file."""
    corpus = BY_NAME["blind"].corpus
    files = BY_NAME["blind"].paths
    assert len(files) >= 12
    assert sum(p.suffix == ".pdf" for p in files) >= 2
    assert sum(p.suffix == ".docx" for p in files) >= 1
    assert sum(len(t) > 8000 for t in corpus_texts(BY_NAME["blind"]).values()) >= 6
    sources = (corpus.parent / "SOURCES.md").read_text(encoding="utf-8")
    assert all(p.name in sources for p in files), "every blind document is listed in SOURCES.md"


def test_dev_and_blind_corpora_share_no_document() -> None:
    blind = corpus_texts(BY_NAME["blind"])
    dev = {name: text for s in SUITES if s.split == "dev" for name, text in corpus_texts(s).items()}
    assert not set(blind) & set(dev)
    # nor the same text under another name (a near-copy shares its opening)
    openings = {t[:400] for t in dev.values()}
    assert not [n for n, t in blind.items() if t[:400] in openings]


def test_kinds_known_and_refusals_marked(dataset: list[EvalCase]) -> None:
    for case in dataset:
        assert case.kind in KINDS, case.id
        assert (case.kind == "unanswerable") == (not case.answer_facts), case.id


def test_ids_unique_across_datasets() -> None:
    ids = [c.id for s in SUITES for c in load_dataset(s.dataset)]
    assert len(ids) == len(set(ids))


def test_docs_name_existing_corpus_files(suite: Suite, dataset: list[EvalCase]) -> None:
    texts = corpus_texts(suite)
    for case in dataset:
        if case.doc is not None:
            assert case.doc in texts, f"{case.id}: unknown doc {case.doc!r}"


def test_every_fact_is_verbatim_in_its_document(suite: Suite, dataset: list[EvalCase]) -> None:
    texts_by_doc = corpus_texts(suite)
    problems = []
    for case in dataset:
        texts = [texts_by_doc[case.doc]] if case.doc else list(texts_by_doc.values())
        for fact in case.answer_facts:
            if not any(normalize(alt) in text for alt in alternatives(fact) for text in texts):
                problems.append(f"{case.id}: {fact!r} not in {case.doc or 'the corpus'}")
    assert not problems, "\n".join(problems)


def test_facts_are_short(dataset: list[EvalCase]) -> None:
    for case in dataset:
        for fact in case.answer_facts:
            for alt in alternatives(fact):
                assert len(alt.split()) <= 8, f"{case.id}: fact too long: {alt!r}"


# --- loader errors -----------------------------------------------------------------------

GOOD = {"id": "a", "question": "Wie tekent?", "answer_facts": ["X"], "kind": "signatory"}


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _line(**changes: object) -> str:
    record = {**GOOD, **changes}
    return json.dumps({k: v for k, v in record.items() if v is not ...})


def test_loader_reads_cases_skips_blank_lines_and_ignores_extra_keys(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [
            _line(),
            "",
            "   ",
            _line(id="b", answer_facts=[["A", "B"], "C"], doc="x.md", extra="ignored"),
            _line(id="c", answer_facts=[], kind="unanswerable"),
        ],
    )
    cases = load_dataset(path)
    assert [c.id for c in cases] == ["a", "b", "c"]
    assert cases[1] == EvalCase(
        id="b", question="Wie tekent?", answer_facts=(("A", "B"), "C"), kind="signatory", doc="x.md"
    )
    assert cases[0].doc is None
    assert cases[2].expects_refusal


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ('{"id": "b", "question": ', "invalid JSON"),
        (_line(id="b", question=...), "question"),
        (_line(id="b", question="  "), "question"),
        (_line(id="b", answer_facts="X"), "answer_facts"),
        (_line(id="b", answer_facts=["X", 3]), "answer_facts[1]"),
        (_line(id="b", answer_facts=[[]]), "empty list"),
        (_line(id="b", answer_facts=[["A", 1]]), "answer_facts[0]"),
        (_line(id="b", answer_facts=...), "answer_facts"),
        (_line(id=...), "id"),
        (_line(id=""), "id"),
        (_line(id="b", kind=...), "kind"),
        (_line(id="b", kind="weather"), "unknown kind"),
        (_line(id="b", doc=5), "doc"),
        ("[1, 2]", "JSON object"),
        (_line(), "duplicate id 'a'"),
    ],
)
def test_loader_errors_name_file_and_line(tmp_path: Path, bad_line: str, message: str) -> None:
    path = _write(tmp_path, [_line(), "", bad_line])
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    text = str(info.value)
    assert "cases.jsonl" in text
    assert "line 3" in text
    assert info.value.line == 3
    assert message in text
    assert isinstance(info.value, ValueError)


def test_duplicate_id_names_first_line(tmp_path: Path) -> None:
    path = _write(tmp_path, [_line(), _line(id="b"), _line()])
    with pytest.raises(DatasetError, match=r"line 3: duplicate id 'a' \(first used on line 1\)"):
        load_dataset(path)


def test_missing_file_is_a_dataset_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="nope.jsonl"):
        load_dataset(tmp_path / "nope.jsonl")
