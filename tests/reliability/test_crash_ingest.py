"""SIGKILL of a real `akkoord ingest` (real embedding model, embedded store) at several points of a run
over 22 documents: every document is complete or absent after each kill, and the next run completes
the job without leftovers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.helpers import kill_during_ingest

pytestmark = pytest.mark.integration


def test_sigkill_during_ingest_loses_nothing(tmp_path: Path) -> None:
    report = kill_during_ingest(tmp_path, kill_after=[2, 7, 13], copies=20, max_chars=2500)
    print("kills:", report.kills, f"final run {report.final_seconds:.0f} s, total {report.total_seconds:.0f} s")
