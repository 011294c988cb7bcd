"""Fixtures for the browser tests: a store with the example documents (real embedding model), the app
served in-process on a free loopback port, and headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS = REPO / "artifacts" / "screenshots"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def example_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the two bundled examples, ingested once per session with the real model."""
    from assistant.config import EXAMPLES_DIR, Settings
    from assistant.ingest_service import run_ingest

    store = tmp_path_factory.mktemp("store-examples")
    report = run_ingest(Settings(store=store), [str(EXAMPLES_DIR)], quiet=True)
    assert not report.failed, report.failed
    assert len(report.ingested) == 2
    return store


class Served:
    """The app launched in this process."""

    def __init__(self, store: Path) -> None:
        from assistant.app import build
        from assistant.config import Settings
        from assistant.ui.layout import build_ui
        from assistant.ui.serve import launch_options

        self.settings = Settings(store=store)
        self.assistant = build(self.settings)
        self.demo = build_ui(self.assistant, self.settings)
        port = free_port()
        self.demo.launch(
            prevent_thread_lock=True,
            server_name="127.0.0.1",
            server_port=port,
            quiet=True,
            **launch_options(self.settings),
        )
        self.url = f"http://127.0.0.1:{port}/"

    def close(self) -> None:
        self.demo.close()


@pytest.fixture(scope="session")
def app(example_store: Path) -> Iterator[Served]:
    """The app over the example store; its documents are never changed (questions only)."""
    served = Served(example_store)
    yield served
    served.close()


@pytest.fixture(scope="module")
def upload_app(example_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The app over a copy of the example store, for tests that upload and remove documents."""
    store = tmp_path_factory.mktemp("store-upload") / "store"
    shutil.copytree(example_store, store)
    served = Served(store)
    yield served
    served.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (make system-deps); "
            "the tests never download a browser"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-BE")  # type: ignore[attr-defined]
    # every wait, click and fill, also those without their own timeout, may take up to a minute: on a
    # machine whose cores are busy (CI, benchmarks) Playwright's 30 s default made the upload test flaky
    context.set_default_timeout(60_000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.page_errors = errors  # type: ignore[attr-defined]
    yield pg
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
