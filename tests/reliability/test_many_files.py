"""Thousands of tiny files (fake embedder): all ingested, with memory that stops growing and time that
grows linearly. Runs in its own process so that its memory figures are its own.
AKKOORD_RELIABILITY_FILES sets the number of files (default 1000; the report gives 2000)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.reliability.helpers import clean_env

pytestmark = pytest.mark.integration

N_FILES = int(os.environ.get("AKKOORD_RELIABILITY_FILES", "1000"))


def test_thousands_of_tiny_files(tmp_path: Path) -> None:
    folder = tmp_path / "notas"
    folder.mkdir()
    for i in range(N_FILES):
        (folder / f"nota-{i:05d}.txt").write_text(
            f"Nota {i}\n\nDe werkgroep {i} komt samen op maandag {i % 28 + 1} maart 2024 in zaal {i % 7}.\n",
            encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "tests.reliability.many_files", str(folder), str(tmp_path / "store")],
                          cwd=ROOT, env=clean_env(), capture_output=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-3000:]
    result = json.loads(proc.stdout)
    print(json.dumps(result))
    assert result["ingested"] == result["documents"] == result["chunks"] == N_FILES, result["failed"]
    samples = result["samples"]
    half, last = samples[len(samples) // 2 - 1], samples[-1]
    # memory: bounded overall, and (nearly) flat over the second half of the files
    assert result["rss_after_mb"] - result["rss_before_mb"] < 150
    assert last["rss_mb"] - half["rss_mb"] < 60
    # time: no per-file cost that grows with the store (the second half is not much slower)
    first_half_s, second_half_s = half["s"], last["s"] - half["s"]
    assert second_half_s < 4 * first_half_s + 5, samples
