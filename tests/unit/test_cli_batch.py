"""`akkoord ask --batch FILE|-`: one process answers many questions, one JSON line per answer, the same
object as `ask --json` (fake embedder, real store)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.app import open_store
from assistant.cli import main
from assistant.config import Settings
from assistant.ingest_service import run_ingest
from tests.conftest import CORPUS, MECHELEN, HashEmbeddings

QUESTIONS = ["Tot wanneer loopt de overeenkomst met Mechelen?", "Wie tekent namens Zele?",
             "Wat is het telefoonnummer van de burgemeester?"]


@pytest.fixture()
def store_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    settings = Settings(store=tmp_path / "store")
    assert run_ingest(settings, [str(CORPUS)], store=open_store(settings, HashEmbeddings())).ok
    monkeypatch.setattr("assistant.app.load_embeddings", lambda *args, **kwargs: HashEmbeddings())
    return settings.store


def _without_timings(answer: dict) -> dict:
    return {k: v for k, v in answer.items() if k != "timings_ms"}


def test_batch_from_stdin_matches_ask_json(store_dir: Path) -> None:
    runner = CliRunner()
    lines = "\n".join([QUESTIONS[0], "", QUESTIONS[1], json.dumps({"question": QUESTIONS[2]})]) + "\n"
    result = runner.invoke(main, ["ask", "--batch", "-", "--store", str(store_dir)], input=lines)
    assert result.exit_code == 0, (result.output, result.exception)
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["question"] for a in answers] == QUESTIONS  # empty lines are skipped
    for question, answer in zip(QUESTIONS, answers, strict=True):
        single = runner.invoke(main, ["ask", question, "--json", "--store", str(store_dir)])
        assert single.exit_code == 0
        assert _without_timings(answer) == _without_timings(json.loads(single.stdout))
    assert answers[0]["found"] and "31 december 2025" in answers[0]["answer"]
    assert not answers[2]["found"]


def test_batch_from_file_with_docs_and_bad_lines(store_dir: Path, tmp_path: Path) -> None:
    questions = tmp_path / "vragen.txt"
    questions.write_text("\n".join([
        json.dumps({"question": "Tot wanneer loopt de overeenkomst?", "docs": [MECHELEN]}),
        "{geen json",
        json.dumps({"question": "Wie tekent?", "docs": ["bestaat-niet.txt"]}),
        "Hoe vaak komt de stuurgroep samen?",
    ]), encoding="utf-8")
    result = CliRunner().invoke(main, ["ask", "--batch", str(questions), "--store", str(store_dir)])
    assert result.exit_code == 1, result.output  # some lines failed; the others were answered
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(answers) == 4
    assert answers[0]["found"] and all(c["doc"] == MECHELEN for c in answers[0]["citations"])
    assert answers[1] == {"line": 2, "error": answers[1]["error"]} and "regel 2" in answers[1]["error"]
    assert "bestaat-niet.txt" in answers[2]["error"]
    assert answers[3]["question"] == "Hoe vaak komt de stuurgroep samen?" and "answer" in answers[3]


def test_question_and_batch_are_exclusive(store_dir: Path) -> None:
    runner = CliRunner()
    for args in (["ask"], ["ask", "Wie tekent?", "--batch", "-"]):
        result = runner.invoke(main, [*args, "--store", str(store_dir)], input="")
        assert result.exit_code == 2 and "--batch" in result.output
