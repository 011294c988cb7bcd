"""Ingest FOLDER (thousands of tiny files) into STORE with the fake embedder, in this process, and print
JSON: seconds, the resident memory (VmRSS) before, at every eighth of the files and after, the peak
(VmHWM), and the report's counts.

    python -m tests.reliability.many_files FOLDER STORE
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from assistant.app import open_store
from assistant.config import Settings
from ingest.load import iter_paths
from ingest.pipeline import ingest_lock, ingest_paths
from tests.conftest import HashEmbeddings


def _status(field: str) -> int:
    """A memory figure of this process from /proc/self/status, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024
    raise KeyError(field)


def main(folder: str, store_dir: str) -> None:
    settings = Settings(store=Path(store_dir))
    store = open_store(settings, HashEmbeddings())
    n = len(list(iter_paths([folder])))
    samples: list[dict[str, float]] = []
    seen = 0
    started = time.monotonic()

    def on_file(path: Path) -> None:
        nonlocal seen
        seen += 1
        if seen % max(1, n // 8) == 0:
            samples.append({"files": seen, "rss_mb": _status("VmRSS"), "s": round(time.monotonic() - started, 2)})

    rss_before = _status("VmRSS")
    report = ingest_paths([folder], store, ingest_lock(settings.store), settings.max_file_bytes, on_file=on_file)
    print(json.dumps({
        "files": n, "ingested": len(report.ingested), "failed": report.failed[:3],
        "seconds": round(time.monotonic() - started, 2), "rss_before_mb": rss_before, "samples": samples,
        "rss_after_mb": _status("VmRSS"), "peak_mb": _status("VmHWM"),
        "documents": len(store.list_documents()), "chunks": store.count_chunks(),
    }))


if __name__ == "__main__":
    main(*sys.argv[1:3])
