"""Many users at once: ten questions sent at the same moment through Gradio's queue (gradio_client,
one client per thread, like ten browsers), all answered correctly. Real embedding model and store."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

pytestmark = pytest.mark.integration

# (question, documents filter, facts that must all be in the answer; none = must be refused)
CASES: list[tuple[str, list[str] | None, list[str]]] = [
    ("Tot wanneer loopt de overeenkomst met Mechelen?", None, ["31 december 2025"]),
    ("Wie tekent namens Zele?", None, ["Maria Verheirstraeten", "Tom De Graeve"]),
    ("Wie tekent namens Wetteren?", None, ["Marianne Gorré", "Pieter Orbie"]),
    ("Wie tekent namens Berlare?", None, ["Karel De Gucht", "Hilde Van der Jeugt"]),
    ("Wie tekent namens Lebbeke?", None, ["Peter Huyck", "Luc Vermeir"]),
    ("Wie tekent namens IVSES?", None, ["Tom Vermeire"]),
    ("Wanneer gaat de samenwerkingsovereenkomst van regio Scheldeland in?", None, ["1 oktober 2021"]),
    ("Welke acties gaan over mobiliteit?", ["mechelen-gemeenteraad-2021-03-01.md"], ["2.1"]),
    ("Wie tekent voor stad Mechelen?", None, ["Alexander Vandersmissen", "Erik Laga"]),
    ("Wat is de hoofdstad van Frankrijk?", None, []),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    from assistant.app import build
    from assistant.config import EXAMPLES_DIR, Settings
    from assistant.ingest_service import run_ingest
    from assistant.ui.layout import build_ui
    from assistant.ui.serve import launch_options

    settings = Settings(store=Path(tmp_path_factory.mktemp("store-concurrency")))
    report = run_ingest(settings, [str(EXAMPLES_DIR)], quiet=True)
    assert not report.failed, report.failed
    assistant = build(settings)
    demo = build_ui(assistant, settings)
    port = _free_port()
    demo.launch(
        prevent_thread_lock=True,
        server_name="127.0.0.1",
        server_port=port,
        quiet=True,
        **launch_options(settings),
    )
    try:
        yield f"http://127.0.0.1:{port}/", demo
    finally:
        demo.close()


def test_named_endpoint_is_the_only_public_api(served: tuple[str, Any]) -> None:
    from gradio_client import Client

    url, _ = served
    api = Client(url, verbose=False).view_api(print_info=False, return_format="dict")
    assert set(api["named_endpoints"]) == {"/vraag"}
    assert not api["unnamed_endpoints"]


def test_ten_simultaneous_questions_are_all_answered_correctly(served: tuple[str, Any]) -> None:
    from gradio_client import Client

    url, _ = served
    start = threading.Barrier(len(CASES))

    def one(case: tuple[str, list[str] | None, list[str]]) -> tuple[dict, float]:
        question, docs, _ = case
        client = Client(url, verbose=False)  # one session per simulated user
        start.wait(timeout=60)
        began = time.perf_counter()
        result = client.predict(question, docs, api_name="/vraag")
        return result, time.perf_counter() - began

    with ThreadPoolExecutor(max_workers=len(CASES)) as pool:
        results = list(pool.map(one, CASES))

    failures = []
    for (question, _, facts), (answer, _seconds) in zip(CASES, results, strict=True):
        assert answer["question"] == question
        if facts:
            missing = [f for f in facts if f not in answer["answer"]]
            if missing or not answer["found"] or not answer["citations"]:
                failures.append((question, missing, answer["answer"]))
        elif answer["found"] or answer["citations"]:
            failures.append((question, "should be refused", answer["answer"]))
    assert not failures, failures
    slowest = max(seconds for _, seconds in results)
    assert slowest < 60, f"slowest answer took {slowest:.1f} s"
