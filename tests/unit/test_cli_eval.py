"""`akkoord eval` refuses impossible option combinations before doing any work."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import main
from tests.conftest import ROOT

DATASET = ROOT / "evals" / "datasets" / "dev" / "examples.jsonl"


@pytest.fixture()
def no_work(monkeypatch: pytest.MonkeyPatch) -> None:
    import evals.runner

    def run_cli(**_: object) -> int:  # pragma: no cover - reaching it is the failure
        raise AssertionError("the evaluation started although the options cannot work")

    monkeypatch.setattr(evals.runner, "run_cli", run_cli)


def test_baseline_without_corpus_is_refused_before_any_work(tmp_path: Path, no_work: None) -> None:
    result = CliRunner().invoke(main, ["eval", "--dataset", str(DATASET), "--store", str(tmp_path / "s"), "--baseline"])
    assert result.exit_code == 2, result.output
    assert "--baseline" in result.output and "--corpus" in result.output
    assert "Traceback" not in result.output
    assert "geef" in result.output.lower()  # the message is Dutch
    assert not (tmp_path / "s").exists()  # nothing was opened or created


def test_corpus_and_store_together_are_refused(tmp_path: Path, no_work: None) -> None:
    result = CliRunner().invoke(main, ["eval", "--dataset", str(DATASET), "--corpus", str(tmp_path),
                                       "--store", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert "--corpus" in result.output and "--store" in result.output
