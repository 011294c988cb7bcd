"""Ingest pipeline: load -> clean -> sections -> chunks -> facts -> embed -> store, one document at a time."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from ingest.chunk import chunk_document, sections
from ingest.clean import clean
from ingest.describe import document_date, document_kind, document_title
from ingest.facts import extract_facts
from ingest.load import check_file, file_sha256, iter_documents, load_file
from ingest.records import PIPELINE_VERSION, DocumentInfo, IngestError, LoadedFile, ProcessedDocument
from vectorstore.lease import LostLeaseError, StoreLease
from vectorstore.store import CommitConflict, Store, StoreError

logger = logging.getLogger(__name__)

LOCK_NAME = ".ingest.lock"


@dataclass
class IngestReport:
    ingested: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, list]:
        return asdict(self)

    @property
    def ok(self) -> bool:
        return not self.failed


def version_key(name: str, sha256: str) -> str:
    """Identity of one version of one document: its name, its content and the pipeline that read it."""
    return hashlib.sha1(f"{name}\0{sha256}\0{PIPELINE_VERSION}".encode()).hexdigest()[:16]


def process(loaded: LoadedFile) -> ProcessedDocument:
    """Everything but the embeddings, for one loaded file."""
    text = clean(loaded)
    plain = loaded.format in ("pdf", "txt")
    # a council publication page (agenda, decision list, minutes) is of the minutes genre
    kind = "minutes" if loaded.publication is not None else document_kind(text.text)
    secs = sections(text, plain, kind)
    title = loaded.title or document_title(text, secs, kind, loaded.name)
    key = version_key(loaded.name, loaded.sha256)
    chunks = chunk_document(text, loaded.name, key, title, plain, kind)
    if not chunks:
        raise IngestError("no text found in file")
    facts = extract_facts(text, secs, kind, loaded.publication)
    # the meeting date of minutes read from their heading ("Datum en tijd 10 juli 2025") goes before a
    # date that only names a meeting further down ("stemmen van de raadsvergadering 9 juli 2025")
    heading_date = facts.minutes.meeting_date.date if facts.minutes and facts.minutes.meeting_date else None
    info = DocumentInfo(
        name=loaded.name,
        sha256=loaded.sha256,
        format=loaded.format,
        kind=kind,
        title=title,
        date=_meeting_date(loaded) or heading_date or document_date(text.text, kind, loaded.name),
        n_chunks=len(chunks),
        n_pages=len(loaded.pages) if loaded.format == "pdf" else None,
        facts=facts,
        version=key,
    )
    return ProcessedDocument(info=info, chunks=tuple(chunks), clean=text)


def _meeting_date(loaded: LoadedFile) -> str | None:
    """The meeting date that an HTML publication gives in its linked data."""
    meeting = loaded.publication.meeting if loaded.publication is not None else None
    return meeting.date if meeting is not None else None


IngestLock = FileLock | StoreLease


def ingest_lock(store_dir: Path, store: Store | None = None, lease_s: float = 60.0) -> IngestLock:
    """The lock that serialises ingests: a lease record in the server when `store` is a shared Chroma
    server (clients on other machines see it), else a lock file in the store folder."""
    if store is not None and store.is_server:
        return store.ingest_lease(lease_s=lease_s)
    store_dir.mkdir(parents=True, exist_ok=True)
    return FileLock(str(store_dir / LOCK_NAME))


def ingest_paths(
    paths: Iterable[str | Path],
    store: Store,
    lock: IngestLock,
    max_bytes: int,
    on_file: Callable[[Path], None] | None = None,
    on_wait: Callable[[str], None] | None = None,
    lock_timeout: float = 3600,
) -> IngestReport:
    """Ingest files and folders. Each file succeeds or fails on its own; the store stays consistent."""
    files = list(iter_documents(paths))
    report = IngestReport()
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait:
            on_wait(f"another ingest is running on this store ({lock.lock_file}); waiting for it to finish")
        try:
            lock.acquire(timeout=lock_timeout)
        except Timeout as exc:
            raise StoreError(f"another ingest kept the store locked ({lock.lock_file})") from exc
    try:
        if store.needs_repair():  # the full repair reads every chunk: only when something was left behind
            store.repair()
        first_with_name: dict[str, Path] = {}
        for path, name in files:
            _check(lock)  # another client took the lease over: stop before the next document
            if on_file:
                on_file(path)
            # two files with one identity in one run (the same relative path under two given folders,
            # or two files given by themselves with the same name) would replace each other
            first = first_with_name.setdefault(name, path)
            if first.resolve() != path.resolve():
                report.failed.append({"file": str(path), "reason": (
                    f"another file with the same name was ingested in this run ({first}); documents are "
                    f"known by their path in the folder given (here '{name}'): rename one of them")})
                continue
            _ingest_one(path, name, store, max_bytes, report)
        _check(lock, ask_server=True)  # a lease lost during the last document is reported too
    finally:
        lock.release()
    return report


def _check(lock: IngestLock, ask_server: bool = False) -> None:
    """Raise StoreError (in Dutch, naming the fix) when another client took the server lease over."""
    if isinstance(lock, StoreLease):
        try:
            lock.ensure_held() if ask_server else lock.check()
        except LostLeaseError as exc:
            raise StoreError(str(exc)) from exc


def replaces(store: Store, name: str, path: Path) -> bool:
    """Whether ingesting `path` as `name` would replace another document: the store holds a document
    of that name with other content (the chat asks before it does that)."""
    existing = store.get_document(name)
    return existing is not None and existing.sha256 != file_sha256(path)


def _ingest_one(path: Path, name: str, store: Store, max_bytes: int, report: IngestReport) -> None:
    try:
        check_file(path, max_bytes)
        existing = store.get_document(name)
        sha256 = file_sha256(path)
        if (
            existing is not None
            and existing.pipeline_version == PIPELINE_VERSION
            and existing.sha256 == sha256
        ):
            report.unchanged.append(name)
            return
        # earlier versions knew every document by its bare file name: that document, when it has this
        # very content, is this one (ingested from a subfolder then) and is replaced by it
        earlier = store.get_document(path.name) if name != path.name and existing is None else None
        if earlier is not None and earlier.sha256 != sha256:
            earlier = None
        processed = process(load_file(path, max_bytes, name))
        vectors = store.embed_chunks(processed.chunks)
        store.write_document(processed.info, processed.chunks, vectors)
        if earlier is not None and store.remove_document(earlier.name):
            logger.info("%s replaces %s, stored by its file name by an earlier version", name, earlier.name)
            existing = earlier
    except (IngestError, CommitConflict) as exc:
        report.failed.append({"file": str(path), "reason": str(exc)})
        return
    except StoreError:
        raise
    except Exception as exc:
        logger.exception("unexpected error while ingesting %s", path)
        report.failed.append({"file": str(path), "reason": f"unexpected error: {type(exc).__name__}: {exc}"})
        return
    (report.replaced if existing is not None else report.ingested).append(name)
