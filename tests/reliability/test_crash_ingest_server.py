"""The same SIGKILL test against a real `chroma run` server (AKKOORD_CHROMA_URL)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.helpers import chroma_server, kill_during_ingest

pytestmark = [pytest.mark.integration, pytest.mark.server]


def test_sigkill_during_ingest_into_server_loses_nothing(tmp_path: Path) -> None:
    with chroma_server(tmp_path / "chroma-data") as url:
        report = kill_during_ingest(tmp_path, kill_after=[2, 9], copies=20, max_chars=2500, chroma_url=url)
    print("kills:", report.kills, f"final run {report.final_seconds:.0f} s, total {report.total_seconds:.0f} s")
