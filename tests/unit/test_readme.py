"""The README's configuration table names every setting, and nothing else."""

from __future__ import annotations

import re

from assistant.config import Settings
from tests.conftest import ROOT


def test_configuration_table_matches_the_settings() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `AKKOORD_([A-Z0-9_]+)` \|", readme, flags=re.MULTILINE))
    assert documented == {name.upper() for name in Settings.model_fields}
