"""Launching the chat prints akkoord's own Dutch line and no advice from Gradio to share it publicly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.browser.conftest import free_port

REPO = Path(__file__).resolve().parents[2]


def test_launch_prints_no_share_hint(tmp_path: Path) -> None:
    """`akkoord chat` on an empty store, stopped after start-up: its output has no share advice."""
    code = (
        "import threading, os, sys\n"
        "from assistant.config import Settings\n"
        "from assistant.app import open_store\n"
        "import gradio.blocks as b\n"
        "b.Blocks.block_thread = lambda self: (self.close(), sys.exit(0))\n"
        f"s = Settings(store={str(tmp_path / 'store')!r}, port={free_port()})\n"
        "open_store(s)\n"
        "from assistant.ui.serve import launch\n"
        "launch(s)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], check=False, cwd=REPO, capture_output=True, text=True, timeout=300,
                         env={"PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin",
                              "HOME": str(tmp_path)})
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "de chat draait op http://127.0.0.1:" in output
    assert "share=True" not in output and "public link" not in output.lower()
