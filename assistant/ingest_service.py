"""Ingest orchestration used by the command line, the chat and the evaluations.

It opens the store named by the settings, takes the ingest lock (a lock file, or the lease of a shared
server) and runs the pipeline of `ingest/`; it also adds the bundled examples, removes documents and
re-embeds a store. It lives in `assistant/` (not in `ingest/`) because it needs the app's settings and
`open_store`; the CLI, the UI and `evals/` import it, and it imports none of them, so no import cycle
goes through it. Messages for the person waiting go through `on_wait` (the CLI writes them to
standard error); progress bars are drawn only when `quiet` is false and standard error is a terminal.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.config import Settings
    from ingest.pipeline import IngestReport
    from vectorstore.reindex import ReindexReport
    from vectorstore.store import Store

logger = logging.getLogger(__name__)


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr)


def run_ingest(settings: Settings, paths: list[str], quiet: bool = True, store: Store | None = None,
               on_wait: Callable[[str], None] = _to_stderr) -> IngestReport:
    """Ingest files and folders into the store of `settings` (or into `store`, already open)."""
    from assistant.app import open_store
    from ingest.load import iter_paths
    from ingest.pipeline import ingest_lock, ingest_paths

    store = store or open_store(settings, for_ingest=True)
    files = list(iter_paths(paths))
    bar = None
    if not quiet and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="bestand", file=sys.stderr)

    def on_file(path: Path) -> None:
        if bar is not None:
            bar.set_postfix_str(path.name[:40])
            bar.update(1)

    try:
        lock = ingest_lock(settings.store, store, settings.ingest_lease_s)
        # the paths as given: a document's identity is its path in the folder given (ingest/load.py)
        return ingest_paths(paths, store, lock, settings.max_file_bytes, on_file, on_wait)
    finally:
        if bar is not None:
            bar.close()


def ensure_examples(settings: Settings, store: Store | None = None, quiet: bool = False) -> IngestReport | None:
    """Ingest the bundled example documents into an empty (or new) store; None when it already holds
    documents."""
    from assistant.app import open_store, store_exists
    from assistant.config import EXAMPLES_DIR

    if store is None:
        # a store that already holds documents is left alone without loading the model
        if store_exists(settings) and open_store(settings, with_model=False, check_model=False).list_documents():
            return None
        store = open_store(settings, for_ingest=True)
    if store.list_documents():
        return None
    return run_ingest(settings, [str(EXAMPLES_DIR)], quiet=quiet, store=store)


def remove_document(settings: Settings, store: Store, name: str) -> bool:
    """Remove one document under the ingest lock; False when it is not in the store."""
    from ingest.pipeline import ingest_lock

    with ingest_lock(settings.store, store, settings.ingest_lease_s):
        return store.remove_document(name)


def run_reindex(settings: Settings, force: bool = False, quiet: bool = True,
                on_wait: Callable[[str], None] = _to_stderr) -> ReindexReport:
    """Re-embed every chunk of the store with the configured embedding model."""
    from filelock import Timeout

    from assistant.app import open_store, require_store
    from ingest.pipeline import ingest_lock
    from vectorstore.lease import LostLeaseError, StoreLease
    from vectorstore.reindex import finish_interrupted, reindex
    from vectorstore.store import INTERRUPTED_REINDEX, StoreError, make_client

    require_store(settings)
    try:
        target = open_store(settings, for_ingest=True, check_model=False)
    except StoreError as exc:
        if str(exc) != INTERRUPTED_REINDEX:
            raise
        # no ingest can run on a store that cannot be opened: finish the swap, then open it
        finish_interrupted(make_client(settings.store, settings.chroma_url), settings.collection)
        target = open_store(settings, for_ingest=True, check_model=False)
    lock = ingest_lock(settings.store, target, settings.ingest_lease_s)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        on_wait(f"er loopt al een inleesopdracht op deze opslag ({lock.lock_file}); wachten tot ze klaar is")
        try:
            lock.acquire(timeout=3600)
        except Timeout as exc:
            raise StoreError(f"een andere inleesopdracht hield de opslag een uur bezet ({lock.lock_file})") from exc

    def check() -> None:
        if isinstance(lock, StoreLease):
            try:
                lock.check()
            except LostLeaseError as exc:
                raise StoreError(str(exc)) from exc

    bar: Any = None

    def on_progress(done: int, total: int) -> None:
        nonlocal bar
        if quiet or not sys.stderr.isatty():
            return
        if bar is None:
            from tqdm import tqdm

            bar = tqdm(total=total, unit="tekst", file=sys.stderr, desc="vectoren berekenen")
        bar.update(done - bar.n)

    try:
        return reindex(target, on_progress=on_progress, force=force, check=check)
    finally:
        if bar is not None:
            bar.close()
        lock.release()
