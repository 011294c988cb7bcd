"""The two properties of a real `chroma run` that the lease and the commit protocol rely on
(vectorstore/lease.py): `add` is an insert-if-absent with exactly one winner under a race of
processes, and `update` never creates a record. `python -m tests.reliability.chroma_primitives`
measures them at a larger scale, and how often a `delete(where=...)` is not atomic."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.chroma_primitives import race_adds, update_missing
from tests.reliability.helpers import chroma_server

pytestmark = [pytest.mark.integration, pytest.mark.server]


def test_add_has_exactly_one_winner_and_update_creates_nothing(tmp_path: Path) -> None:
    with chroma_server(tmp_path / "server") as url:
        result = race_adds(url, processes=4, ids=100)
        assert result == {"ids": 100, "processes": 4, "one_winner": 100, "stored": 100}
        assert update_missing(url)
