"""The Chroma store: embedded (persistent folder) or a `chroma run` server, through langchain-chroma.

Collections:
- `<prefix>_chunks`: one record per chunk: the exact chunk text, its metadata and its embedding,
  always computed by akkoord (Chroma never embeds text by itself). Each chunk also records the write
  it belongs to (`write`: unique per write of a document), the fencing token of its writer (`fence`)
  and the hash of its embedded text (`ekey`, the key of the vector cache).
- `<prefix>_docs`: the manifests. A document has a sequence of write-once manifest records ("slots")
  `doc:<hash>:<n>`; the one with the highest n (the head) is the document: its metadata, its facts
  as JSON, and the write whose chunks are visible. A head marked `removed` means the document is gone.
- `<prefix>_vectors`: every embedded text's vector, by the hash of the text, so that a text is
  embedded once per store however many documents hold it. It records the model of its vectors and is
  used only when that is the store's model. repair() drops vectors no chunk uses.
- `<prefix>_locks` (server mode): the ingest lease (vectorstore/lease.py).
- `<prefix>_chunks_next`, `<prefix>_vectors_next`: only while `akkoord reindex` re-embeds the store
  with another model (vectorstore/reindex.py).

Committing a document is adding its next slot. Chroma has no compare-and-set, but `add` of an id that
exists leaves the existing record alone, and one server log orders all writes: of several clients adding
slot n+1 of a document, exactly one record stays (vectorstore/lease.py has the measurements). So the
commit is a compare-and-set on the document: it succeeds only when nobody committed that document since
the writer read its head n, and the writer reads the record back to know. A writer:
1. reads the head (slot n) before writing anything;
2. adds its chunks (ids and `write` unique to this write, so nobody else ever writes or deletes them
   by accident);
3. adds slot n+1 naming its write (the commit point: readers see the new version from here on);
4. only if that slot is its own: deletes the chunks of the write that slot n named, and blanks the
   facts of the superseded slots (the records stay: see "generation").
A crash at any point leaves either the old or the new version visible; leftovers are invisible to
readers and removed by `repair()` at the start of the next ingest.

The invariant: **the chunks of the write a head names are all there** (no committed document with
missing chunks). Chunks are deleted only (a) by the writer that committed the next slot, which deletes
the write of the slot below its own, (b) by removal, after its `removed` slot is committed, and (c) by
repair(). A superseded write never becomes a head again (new slots name new writes, or copy the head
of their time), so (a) and (b) are safe whenever they run, also when the deleting client stalled and
lost its lease in between. repair() meets chunks that no head names, written by a client that may have
stalled and may still commit them. It first fences their document: it adds the slot above the head it
reads, a copy of that head. That writer read its head before writing the chunks repair() saw, so the
slot it would commit is now taken (or it was faster: then repair() reads its commit back and keeps its
chunks). Only then are the chunks deleted. A stalled holder that wakes up finds its slot taken, learns
from the lease that it lost it, and stops; no timing is assumed anywhere.

The generation (readers cache their index per generation) is the number of manifest records: every
commit, removal and fence adds one, and none is ever deleted, so it changes with every change that
readers can see, in the same write.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from ingest.facts.model import DocumentFacts
from ingest.records import Chunk, DocumentInfo
from vectorstore.lease import LostLeaseError, StoreLease

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

logger = logging.getLogger(__name__)

# 2: manifests as write-once slots, chunks with their write (schema 1 stores are read and upgraded
# on the first write, so that older akkoord versions refuse them from then on)
SCHEMA_VERSION = 2
_READABLE_SCHEMAS = (1, 2)
_GENERATION_ID = "__generation__"  # schema 1 only
_WRITE_BATCH = 256
_READ_PAGE = 10_000
_LIVE = {"superseded": {"$ne": True}}  # manifest records that are not superseded (also schema 1 ones)


class StoreError(Exception):
    """The store cannot be used as it is; the message names the problem and the fix."""


class CommitConflict(StoreError):
    """Another client committed the same document meanwhile, while this one still holds the lock (a
    client that lost its lease and woke up): this document was not written; the rest can go on."""


def _slot_id(name: str, slot: int) -> str:
    """Slot 0 is the manifest id of schema 1; a new document starts at slot 1."""
    key = "doc:" + hashlib.sha1(name.encode("utf-8")).hexdigest()
    return key if slot == 0 else f"{key}:{slot:08d}"


def _record_id(chunk_id: str, write: str) -> str:
    return f"{chunk_id}@{write}" if write else chunk_id


def _chunk_id(record_id: str) -> str:
    return record_id.split("@", 1)[0]


@dataclass(frozen=True)
class _Head:
    """The newest manifest record of one document."""

    slot: int
    meta: dict[str, Any]
    facts_json: str

    @property
    def removed(self) -> bool:
        return self.meta.get("state") == "removed"

    @property
    def write(self) -> tuple[str, str]:
        """(version, write) of the chunks this head makes visible; schema 1: (version, "")."""
        return str(self.meta.get("version", "")), str(self.meta.get("write", ""))


@dataclass(frozen=True)
class HeadWrite:
    """What a document's head names, without its facts."""

    slot: int
    write: tuple[str, str]  # (version, write)
    n_chunks: int
    removed: bool = False


def _write_of(meta: dict[str, Any]) -> tuple[str, str]:
    return str(meta.get("doc_hash", "")), str(meta.get("write", ""))


def make_client(store_dir: Path, chroma_url: str | None) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if chroma_url:
        parsed = urlparse(chroma_url)
        try:
            return chromadb.HttpClient(
                host=parsed.hostname or "localhost",
                port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                ssl=parsed.scheme == "https",
                settings=chroma_settings,
            )
        except Exception as exc:
            raise StoreError(f"cannot reach the Chroma server at {chroma_url}: {exc}") from exc
    store_dir.mkdir(parents=True, exist_ok=True)
    try:
        return chromadb.PersistentClient(path=str(store_dir), settings=chroma_settings)
    except Exception as exc:
        # Chroma caches the half-made client of this path: without this, opening the store again in
        # the same process (the chat after the user moved a damaged store away) reports that cache's
        # broken state instead of what is wrong with the folder
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
        raise StoreError(
            f"the store in {store_dir} cannot be opened ({exc}); it may be damaged or from an "
            "incompatible Chroma version: move it away and ingest the documents again"
        ) from exc


class Store:
    """Add, replace, remove and list documents; read chunks; dense search.

    `embeddings` may be None for a store that is only listed or read (no dense search, no writes);
    `check_model=False` opens a store built with another model (to list it, or to re-embed it)."""

    def __init__(self, client: Any, embeddings: Embeddings | None, model_id: str, prefix: str = "akkoord",
                 check_model: bool = True) -> None:
        self.embeddings = embeddings
        self.model_id = model_id
        self.recorded_model: str | None = None  # the model the store's vectors were made with
        self._check_model = check_model
        self._prefix = prefix
        self._dim: int | None = None
        self._reopen_lock = threading.Lock()
        self._persist_dir = _persist_dir(client)
        self._client = client
        self._lease: StoreLease | None = None  # the server lease this store's writes run under
        self._session = "s" + os.urandom(5).hex()  # the writer token when no lease is held
        self._open(client)

    def _open(self, client: Any) -> None:
        model_id, prefix = self.model_id, self._prefix
        wanted = {"akkoord_schema": SCHEMA_VERSION, "embedding_model": model_id, "hnsw:space": "cosine"}
        try:
            self._chunks = _get_collection(client, f"{prefix}_chunks")
            if self._chunks is None:
                if _get_collection(client, f"{prefix}_chunks_next") is not None:
                    # a reindex was stopped between removing the old chunks and renaming the new ones
                    raise StoreError(INTERRUPTED_REINDEX)
                self._chunks = client.get_or_create_collection(
                    name=f"{prefix}_chunks", embedding_function=None, metadata=wanted
                )
            self._docs = client.get_or_create_collection(
                name=f"{prefix}_docs", embedding_function=None, metadata={"akkoord_schema": SCHEMA_VERSION}
            )
            # every text embedded into this store, by the hash of the text (Chunk.embed_key); a new
            # cache records the model of the store's chunks
            chunks_model = (self._chunks.metadata or {}).get("embedding_model", model_id)
            self._vectors = client.get_or_create_collection(
                name=f"{prefix}_vectors", embedding_function=None,
                metadata={"akkoord_schema": SCHEMA_VERSION, "embedding_model": chunks_model},
            )
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(f"cannot open the Chroma collections ({exc}); ingest into a new store") from exc
        self._lc: Any = None  # the langchain-chroma view, made at the first dense search
        self._lc_client = client
        meta = dict(self._chunks.metadata or {})
        self.recorded_model = meta.get("embedding_model")
        # vectors cached before the cache recorded its model were made with the store's model
        self._vectors_model = (self._vectors.metadata or {}).get("embedding_model", self.recorded_model)
        self._check_compatible(meta)
        self._loaded_generation = self.generation()

    def _langchain(self) -> Any:
        """The chunks collection as a langchain-chroma vector store (imported only when searched)."""
        if self._lc is None:
            from langchain_chroma import Chroma

            self._lc = Chroma(client=self._lc_client, collection_name=self._chunks.name,
                              embedding_function=self.embeddings)
        return self._lc

    def _reopen(self, force: bool = False) -> None:
        """Load an embedded store afresh. Chroma's embedded client keeps the vector index it loaded:
        after another process wrote to the folder, its queries miss the new chunks or fail ("Error
        creating hnsw segment reader"), while documents and metadata are read afresh from SQLite."""
        from chromadb.api.shared_system_client import SharedSystemClient

        with self._reopen_lock:
            generation = self.generation()
            if not force and generation == self._loaded_generation:
                return  # another thread reloaded it meanwhile
            # drop Chroma's per-folder cache so that a new client loads the index from disk; clients
            # still holding the old one keep working with it
            SharedSystemClient._identifier_to_system.pop(self._persist_dir, None)
            SharedSystemClient._identifier_to_refcount.pop(self._persist_dir, None)
            self._open(make_client(Path(self._persist_dir), None))
            self._loaded_generation = generation

    @property
    def is_server(self) -> bool:
        return self._persist_dir is None

    def ingest_lease(self, **timing: float) -> StoreLease:
        """The ingest lock kept in a shared Chroma server (see vectorstore/lease.py). While it is held,
        this store's writes carry its fencing token and check it before every commit."""
        collection = self._client.get_or_create_collection(name=f"{self._prefix}_locks", embedding_function=None)
        settings = self._client.get_settings()
        # named without words: it appears in English and in Dutch messages
        where = f"Chroma {settings.chroma_server_host}:{settings.chroma_server_http_port}, {collection.name}"
        self._lease = StoreLease(collection, where, **timing)
        return self._lease

    def _token(self) -> str:
        """The fencing token of this writer: the lease number while the lease is held."""
        lease = self._lease
        return str(lease.token) if lease is not None and lease.is_locked else self._session

    def _check_lease(self) -> None:
        """Stop before writing when the lease was taken over (an early exit only: correctness rests on
        the commit protocol, since a client can stall right after this check)."""
        lease = self._lease
        if lease is not None and lease.is_locked:
            try:
                lease.ensure_held()
            except LostLeaseError as exc:
                raise StoreError(str(exc)) from exc

    def _writable(self) -> None:
        """Upgrade a schema-1 store before its first write in the new form."""
        if int(dict(self._chunks.metadata or {}).get("akkoord_schema", SCHEMA_VERSION)) >= SCHEMA_VERSION:
            return
        meta = self._fresh_metadata()
        if int(meta.get("akkoord_schema", SCHEMA_VERSION)) < SCHEMA_VERSION:
            meta["akkoord_schema"] = SCHEMA_VERSION
            self._chunks.modify(metadata=meta)

    def _fresh_metadata(self) -> dict[str, Any]:
        """The chunk collection's metadata as the server has it now (`modify` replaces all of it, so it
        must start from what other clients may have set meanwhile, not from this client's copy)."""
        meta = dict(self._client.get_collection(self._chunks.name).metadata or {})
        meta.pop("hnsw:space", None)  # cannot be changed after creation
        return meta

    def _check_compatible(self, meta: dict[str, Any]) -> None:
        schema = meta.get("akkoord_schema")
        if schema is None:
            raise StoreError(
                "this Chroma store was not made by akkoord (no schema version recorded); "
                "use another store folder or collection"
            )
        if int(schema) not in _READABLE_SCHEMAS:
            raise StoreError(
                f"the store has schema version {schema}, this akkoord expects {SCHEMA_VERSION}: "
                "ingest the documents again into a new store"
            )
        if self._check_model and meta.get("embedding_model") != self.model_id:
            raise StoreError(model_mismatch(meta.get("embedding_model"), self.model_id))
        dim = meta.get("embedding_dim")
        if dim is not None:
            self._dim = int(dim)

    # -- documents -------------------------------------------------------------------------------

    def _heads(self) -> dict[str, _Head]:
        """The head of every document (removed ones included)."""
        return _newest(_get_all(self._docs, ["metadatas", "documents"], where=_LIVE))

    def _head(self, name: str) -> _Head | None:
        got = self._docs.get(where={"$and": [{"name": name}, _LIVE]}, include=["metadatas", "documents"])
        return _newest(got).get(name)

    def list_documents(self) -> list[DocumentInfo]:
        docs = [_info_from_record(h.meta, h.facts_json) for h in self._heads().values() if not h.removed]
        return sorted(docs, key=lambda d: d.name)

    def get_document(self, name: str) -> DocumentInfo | None:
        head = self._head(name)
        return None if head is None or head.removed else _info_from_record(head.meta, head.facts_json)

    def generation(self) -> str:
        """A token that changes whenever a document is written or removed: the number of manifest
        records, which only ever grows, and grows with every commit (see the module docstring)."""
        return str(self._docs.count())

    def embed_chunks(self, chunks: Sequence[Chunk]) -> list[Sequence[float]]:
        """One vector per chunk. A text already embedded in this store (the same clause in many
        agreements, the agreement quoted in full in the minutes, the unchanged part of an edited
        document) reuses its stored vector; only new texts go through the model."""
        keys = [c.embed_key for c in chunks]
        known = self._known_vectors(list(dict.fromkeys(keys)))
        new = {c.embed_key: c.embed_text for c in chunks if c.embed_key not in known}
        if new:
            vectors = self.embeddings.embed_documents(list(new.values()))
            known.update(zip(new, vectors, strict=True))
            self._remember_vectors(list(new), vectors)
        logger.debug("embedded %d new texts, reused %d stored vectors", len(new), len(known) - len(new))
        return [known[k] for k in keys]

    def _known_vectors(self, keys: Sequence[str]) -> dict[str, Sequence[float]]:
        # looked up by id: a metadata filter on the chunks collection scans it, which made ingest
        # quadratic in the size of the store (and grew Chroma's memory with every lookup)
        found: dict[str, Sequence[float]] = {}
        if self._vectors_model != self.model_id:
            return found  # vectors of another model (a reindex was interrupted): never mix them in
        for i in range(0, len(keys), _WRITE_BATCH):
            got = self._vectors.get(ids=list(keys[i : i + _WRITE_BATCH]), include=["embeddings"])
            found.update(zip(got["ids"], got["embeddings"], strict=True))
        return found

    def _remember_vectors(self, keys: Sequence[str], vectors: Sequence[Sequence[float]]) -> None:
        if self._vectors_model != self.model_id:
            return
        for i in range(0, len(keys), _WRITE_BATCH):
            batch = slice(i, i + _WRITE_BATCH)
            self._vectors.upsert(ids=list(keys[batch]), embeddings=list(vectors[batch]))

    def write_document(self, info: DocumentInfo, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]]) -> None:
        """Add or replace one document (see the module docstring for the protocol and its invariant).
        Raises CommitConflict when another client committed this document meanwhile, StoreError when
        this client lost its lease."""
        if len(chunks) != len(vectors):
            raise ValueError("one vector per chunk is required")
        if vectors:
            self._check_dimension(len(vectors[0]))
        self._writable()
        head = self._head(info.name)  # before any chunk is written: the slot this write may commit
        token = self._token()
        write = f"{token}.{os.urandom(4).hex()}"
        version = chunks[0].doc_hash if chunks else ""
        for i in range(0, len(chunks), _WRITE_BATCH):
            batch = chunks[i : i + _WRITE_BATCH]
            self._chunks.upsert(
                ids=[_record_id(c.id, write) for c in batch],
                embeddings=[list(map(float, v)) for v in vectors[i : i + _WRITE_BATCH]],
                documents=[c.text for c in batch],
                metadatas=[{**c.to_metadata(), "write": write, "fence": token, "ekey": c.embed_key} for c in batch],
            )
        self._check_lease()
        meta = {**_record_from_info(info, version), "write": write}
        self._commit(info.name, head, meta, json.dumps(info.facts.dump(), ensure_ascii=False))
        self._delete_stale(info.name, head)

    def remove_document(self, name: str) -> bool:
        head = self._head(name)
        if head is None or head.removed:
            return False
        self._writable()
        self._check_lease()
        self._commit(name, head, {"name": name, "state": "removed", "write": ""}, "")
        self._delete_stale(name, head)
        return True

    def _commit(self, name: str, head: _Head | None, meta: dict[str, Any], facts_json: str) -> _Head:
        """Add the slot above `head` (insert-if-absent) and read it back: the compare-and-set of a
        document. Returns the new head; raises when another client took that slot first."""
        slot = (head.slot if head else 0) + 1
        nonce = os.urandom(8).hex()
        meta = {**meta, "slot": slot, "fence": self._token(), "commit": nonce, "superseded": False}
        meta.setdefault("state", "document")
        rid = _slot_id(name, slot)
        before = self.generation() if self._persist_dir is not None else None
        self._docs.add(ids=[rid], embeddings=[[1.0]], metadatas=[meta], documents=[facts_json])
        got = self._docs.get(ids=[rid], include=["metadatas"])
        if not got["ids"] or got["metadatas"][0].get("commit") != nonce:
            self._check_lease()  # the usual reason: this client stalled and lost its lease
            raise CommitConflict(
                f"document '{name}' werd tijdens deze ingest door een andere client gewijzigd; deze versie "
                "is niet opgeslagen (de andere blijft staan): lees het document opnieuw in"
            )
        if before is not None and before == self._loaded_generation and self.generation() == str(int(before) + 1):
            # nobody but this client wrote since its vector index was loaded, and it wrote through that
            # index: a search need not reload it (an embedded client sees its own writes)
            self._loaded_generation = str(int(before) + 1)
        if head is not None:
            # the replaced slot is never read again: blank its facts; the record stays, so that its
            # number stays taken and the generation never goes back
            self._docs.update(ids=[_slot_id(name, head.slot)], embeddings=[[1.0]], documents=[""],
                              metadatas=[{"superseded": True}])
        return _Head(slot, meta, facts_json)

    def _delete_stale(self, name: str, replaced: _Head | None) -> None:
        """After a commit: delete the chunks of the write the replaced head named (exactly those)."""
        if replaced is not None and not replaced.removed:
            self._delete_write(name, *replaced.write)

    def _delete_write(self, name: str, version: str, write: str) -> None:
        got = _get_all(self._chunks, ["metadatas"], where={"$and": [{"doc": name}, {"doc_hash": version}]})
        mine = [(rid, meta) for rid, meta in zip(got["ids"], got["metadatas"], strict=True)
                if _write_of(meta)[1] == write]
        ids = [rid for rid, _ in mine]
        for i in range(0, len(ids), _WRITE_BATCH):
            self._chunks.delete(ids=ids[i : i + _WRITE_BATCH])
        self._drop_unused_vectors({str(meta["ekey"]) for _, meta in mine if meta.get("ekey")})

    def _drop_unused_vectors(self, keys: set[str]) -> None:
        """Delete the cached vectors of these texts that no chunk uses any more (after a write's chunks
        were deleted), so that the cache does not keep removed documents until the next full repair.
        A text that another chunk still has keeps its vector."""
        if not keys:
            return
        candidates = sorted(keys)
        used: set[str] = set()
        for i in range(0, len(candidates), _WRITE_BATCH):
            batch = candidates[i : i + _WRITE_BATCH]
            got = self._chunks.get(where={"ekey": {"$in": batch}}, include=["metadatas"])
            used.update(str(meta.get("ekey")) for meta in got["metadatas"])
        unused = [k for k in candidates if k not in used]
        for i in range(0, len(unused), _WRITE_BATCH):
            self._vectors.delete(ids=unused[i : i + _WRITE_BATCH])

    def _fence(self, name: str) -> _Head:
        """Take the slot above the document's head with a copy of that head, so that no client that
        read an earlier head can commit any more. Returns the head after that: the copy, or the commit
        of a client that was faster (whose chunks are then committed and must stay)."""
        for _ in range(1000):
            head = self._head(name)
            if head is None or head.removed:
                meta, facts = {"name": name, "state": "removed", "write": ""}, ""
            else:
                meta, facts = dict(head.meta), head.facts_json
            try:
                return self._commit(name, head, meta, facts)
            except CommitConflict:
                continue  # a commit landed in between: fence above it
        raise StoreError(f"document '{name}' blijft veranderen terwijl de opslag hersteld wordt; probeer opnieuw")

    def needs_repair(self) -> bool:
        """Whether chunks that no manifest names may exist: the store holds more chunk records than its
        documents' manifests count (every committed document has all its chunks: module docstring).
        Reads the manifests' metadata and one count, not the chunks: an ingest into a large store
        skips the full repair when nothing was left behind (60-80 s at 10,000 documents)."""
        if int(dict(self._chunks.metadata or {}).get("akkoord_schema", SCHEMA_VERSION)) < SCHEMA_VERSION:
            return True  # a schema-1 store: the repair records the vector keys its chunks lack
        visible = sum(h.n_chunks for h in self.head_writes().values() if not h.removed)
        return self.count_chunks() != visible

    def repair(self) -> int:
        """Delete chunks that no manifest points to (left by an interrupted or stalled ingest), without
        ever deleting chunks that can still be committed, and drop vectors that no chunk uses.
        Returns the number of chunks deleted."""
        self._check_lease()
        heads = self._heads()
        got = _get_all(self._chunks, ["metadatas"])

        def current(meta: dict[str, Any]) -> bool:
            head = heads.get(str(meta.get("doc")))
            return head is not None and not head.removed and _write_of(meta) == head.write

        orphans = [(rid, meta) for rid, meta in zip(got["ids"], got["metadatas"], strict=True) if not current(meta)]
        if orphans:
            self._writable()
            for name in sorted({str(meta.get("doc")) for _, meta in orphans}):
                heads[name] = self._fence(name)
            orphans = [(rid, meta) for rid, meta in orphans if not current(meta)]
        for i in range(0, len(orphans), _WRITE_BATCH):
            self._chunks.delete(ids=[rid for rid, _ in orphans[i : i + _WRITE_BATCH]])
        if orphans:
            logger.info("removed %d orphan chunks", len(orphans))
        gone = {rid for rid, _ in orphans}
        self._prune_vectors([(rid, meta) for rid, meta in zip(got["ids"], got["metadatas"], strict=True)
                             if rid not in gone])
        return len(orphans)

    def _prune_vectors(self, kept: Sequence[tuple[str, dict[str, Any]]]) -> int:
        """Delete cached vectors whose text no remaining chunk has (removed or replaced documents).
        Chunks of schema 1 have no `ekey`: it is computed from their text once and recorded."""
        used = {str(meta["ekey"]) for _, meta in kept if meta.get("ekey")}
        missing = [rid for rid, meta in kept if not meta.get("ekey")]
        for i in range(0, len(missing), _WRITE_BATCH):
            got = self._chunks.get(ids=missing[i : i + _WRITE_BATCH], include=["documents", "metadatas"])
            keys = [Chunk.from_metadata(_chunk_id(rid), text, meta).embed_key
                    for rid, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)]
            used.update(keys)
            if keys:
                self._chunks.update(ids=got["ids"], metadatas=[{"ekey": k} for k in keys])
        unused = [key for key in _get_all(self._vectors, [])["ids"] if key not in used]
        for i in range(0, len(unused), _WRITE_BATCH):
            self._vectors.delete(ids=unused[i : i + _WRITE_BATCH])
        if unused:
            logger.info("removed %d cached vectors no chunk uses", len(unused))
        return len(unused)

    def _check_dimension(self, dim: int) -> None:
        if self._dim is None:
            meta = dict(self._chunks.metadata or {})
            if meta.get("embedding_dim") is None:
                meta = self._fresh_metadata()
                meta.setdefault("embedding_dim", dim)
                self._chunks.modify(metadata=meta)
            self._dim = int(meta.get("embedding_dim", dim))
        if dim != self._dim:
            raise StoreError(
                f"embedding dimension {dim} does not match the store's {self._dim}: "
                "ingest the documents again into a new store"
            )

    # -- reading ---------------------------------------------------------------------------------

    def all_chunks(self) -> list[Chunk]:
        """Every visible chunk (of a document whose manifest names its version), in document order.

        Manifests and chunks are two reads: when a document is replaced in between (another process
        ingests), the chunks read may belong to neither version read, so the reads are repeated until
        the generation did not change around them."""
        for _ in range(10):
            before = self.generation()
            writes = {name: h.write for name, h in self._heads().items() if not h.removed}
            got = self._read_chunks(["documents", "metadatas"])
            if self.generation() == before:
                break
        chunks = [
            Chunk.from_metadata(_chunk_id(rid), text, meta)
            for rid, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
            if writes.get(str(meta.get("doc"))) == _write_of(meta)
        ]
        return sorted(chunks, key=lambda c: (c.doc, c.start))

    # -- reading for an index kept up to date by changes (assistant/retrieval.py) ------------------

    def index_key(self) -> str:
        """What a saved lexical index belongs to: this chunks collection (its id changes when the store
        is made anew or converted by `reindex`), so that an index is never applied to another store."""
        return f"{self._prefix}:{self._chunks.id}"

    def head_writes(self) -> dict[str, HeadWrite]:
        """Per document (removed ones included): the slot of its head, the write its chunks belong to
        and their number. Reads the manifests' metadata only, not their facts."""
        got = _get_all(self._docs, ["metadatas"], where=_LIVE)
        heads = _newest({**got, "documents": [""] * len(got["ids"])})
        return {name: HeadWrite(h.slot, h.write, int(h.meta.get("n_chunks", 0) or 0), h.removed)
                for name, h in heads.items()}

    def manifests_since(self, known: int) -> list[dict[str, Any]] | None:
        """The metadata of the manifest records added after the first `known` ones (the generation a
        reader last saw), read as Chroma returns records: in the order they were added (measured in
        embedded and server mode; callers check that what they get is new). None when a record is not
        a document's slot (a schema-1 store)."""
        out: list[dict[str, Any]] = []
        offset = known
        while True:
            got = self._docs.get(include=["metadatas"], limit=_READ_PAGE, offset=offset)
            for rid, meta in zip(got["ids"], got["metadatas"], strict=True):
                if rid == _GENERATION_ID or (meta and "name" in meta and not rid.startswith("doc:")):
                    return None
                out.append(dict(meta or {}))
            if len(got["ids"]) < _READ_PAGE:
                return out
            offset += _READ_PAGE

    @staticmethod
    def head_of(meta: dict[str, Any]) -> tuple[str, HeadWrite] | None:
        """(name, what it names) of a manifest record; None for a record that is no document's slot."""
        if "name" not in meta:
            return None
        head = _Head(_slot_of(meta), meta, "")
        return str(meta["name"]), HeadWrite(head.slot, head.write, int(meta.get("n_chunks", 0) or 0), head.removed)

    def iter_chunk_records(self) -> Iterator[tuple[str, Chunk, tuple[str, str]]]:
        """Every chunk record as (record id, chunk, (version, write)), page by page (no snapshot:
        callers check what they read against the manifests)."""
        offset = 0
        while True:
            got = self._on_chunks(lambda offset=offset: self._chunks.get(include=["documents", "metadatas"],
                                                                         limit=_READ_PAGE, offset=offset))
            for rid, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
                yield rid, Chunk.from_metadata(_chunk_id(rid), text, meta), _write_of(meta)
            if len(got["ids"]) < _READ_PAGE:
                return
            offset += _READ_PAGE

    def head_document(self, name: str, slot: int) -> DocumentInfo | None:
        """The document as the manifest in `slot` has it (facts included), or as its newest head when
        that slot was superseded meanwhile (its facts are blanked then); None when it is gone."""
        got = self._docs.get(ids=[_slot_id(name, slot)], include=["metadatas", "documents"])
        if got["ids"] and got["metadatas"][0] and not got["metadatas"][0].get("superseded"):
            meta = got["metadatas"][0]
            if meta.get("state") != "removed":
                return _info_from_record(meta, got["documents"][0])
        return self.get_document(name)

    def write_chunks(self, name: str, write: tuple[str, str]) -> list[tuple[str, Chunk]]:
        """The chunks of one write of a document, as (record id, chunk) in document order."""
        version, _ = write
        got = self._on_chunks(lambda: _get_all(self._chunks, ["documents", "metadatas"],
                                               where={"$and": [{"doc": name}, {"doc_hash": version}]}))
        out = [(rid, Chunk.from_metadata(_chunk_id(rid), text, meta))
               for rid, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
               if _write_of(meta) == write]
        return sorted(out, key=lambda pair: pair[1].start)

    def chunks_by_record(self, record_ids: Sequence[str]) -> dict[str, Chunk]:
        """Chunks by record id (a record id names one write of one chunk: its text never changes).
        Records deleted meanwhile (their document was replaced) are missing from the result."""
        out: dict[str, Chunk] = {}
        for i in range(0, len(record_ids), _WRITE_BATCH):
            batch = list(record_ids[i : i + _WRITE_BATCH])
            got = self._on_chunks(lambda batch=batch: self._chunks.get(ids=batch, include=["documents", "metadatas"]))
            for rid, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
                out[rid] = Chunk.from_metadata(_chunk_id(rid), text, meta)
        return out

    def dense_among(self, vector: Sequence[float], record_ids: Sequence[str], k: int) -> list[tuple[str, Chunk, float]]:
        """The `k` chunks among `record_ids` nearest to `vector` by cosine similarity, computed exactly
        from their stored vectors: for a search restricted to a few documents this is several times
        faster than Chroma's filtered nearest-neighbour search (measured: 25 ms unfiltered, 95-180 ms
        with a filter on 2,000 documents)."""
        import numpy as np

        rows, vectors = self._on_vector_index(lambda: self._with_vectors(record_ids),
                                              "reading vectors from the Chroma server failed")
        if not rows:
            return []
        matrix = np.asarray(vectors, dtype=np.float32)
        query = np.asarray(vector, dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1) * (float(np.linalg.norm(query)) or 1.0)
        scores = matrix @ query / np.where(norms > 0, norms, 1.0)
        best = np.argsort(-scores, kind="stable")[: k * 2]
        return [(rows[i][0], Chunk.from_metadata(_chunk_id(rows[i][0]), rows[i][1], rows[i][2]), float(scores[i]))
                for i in best]

    def _on_vector_index(self, call: Callable[[], Any], server_failure: str) -> Any:
        """Run a call that reads Chroma's vector index. An embedded client keeps the index it loaded:
        after another process changed the store it is loaded afresh first, and when the call fails
        (the index was loaded while another process was writing it: "Error creating hnsw segment
        reader") it is loaded once more and the call repeated. A server's failure is reported as
        `server_failure: <reason>`."""
        if self._persist_dir is not None and self.generation() != self._loaded_generation:
            self._reopen()
        try:
            return call()
        except Exception as exc:
            if self._persist_dir is None:
                raise StoreError(f"{server_failure}: {exc}") from exc
            logger.warning("reading the vector index failed (%s); reloading the store", exc)
            self._reopen(force=True)
            try:
                return call()
            except Exception as again:
                raise StoreError(
                    f"the vector index of the store cannot be read ({again}); it may be damaged: "
                    "ingest the documents again into a new store"
                ) from again

    def _with_vectors(self, record_ids: Sequence[str]) -> tuple[list[tuple[str, str, dict[str, Any]]], list[Any]]:
        rows: list[tuple[str, str, dict[str, Any]]] = []
        vectors = []
        for i in range(0, len(record_ids), _WRITE_BATCH):
            batch = list(record_ids[i : i + _WRITE_BATCH])
            got = self._on_chunks(lambda batch=batch: self._chunks.get(
                ids=batch, include=["documents", "metadatas", "embeddings"]))
            for rid, text, meta, emb in zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"],
                                            strict=True):
                rows.append((rid, text, meta))
                vectors.append(emb)
        return rows, vectors

    @staticmethod
    def record_id(chunk_id: str, write: tuple[str, str]) -> str:
        """The record id of a chunk in a write ((version, write) as head_writes gives it)."""
        return _record_id(chunk_id, write[1])

    def _read_chunks(self, include: list[str]) -> dict[str, list[Any]]:
        from chromadb.errors import NotFoundError

        try:
            return _get_all(self._chunks, include)
        except NotFoundError:
            # the chunks collection was replaced (`akkoord reindex` in another process): open the new
            # one, which refuses when it holds another model's vectors
            self._open(self._lc_client)
            return _get_all(self._chunks, include)

    def count_chunks(self) -> int:
        return int(self._on_chunks(lambda: self._chunks.count()))

    def _on_chunks(self, call: Any) -> Any:
        """Run a call on the chunks collection; when it was replaced meanwhile (`akkoord reindex` in
        another process), open the new one (which refuses another model's vectors) and call again."""
        from chromadb.errors import NotFoundError

        try:
            return call()
        except NotFoundError:
            self._open(self._lc_client)
            return call()

    def dense_search(
        self, vector: Sequence[float], k: int, docs: Sequence[str] | None = None
    ) -> list[tuple[Chunk, float]]:
        """Nearest chunks by cosine similarity (higher is closer), limited to `docs` when given."""
        return [(chunk, score) for _, chunk, score in self.dense_search_records(vector, k, docs)]

    def dense_search_records(
        self, vector: Sequence[float], k: int, docs: Sequence[str] | None = None
    ) -> list[tuple[str, Chunk, float]]:
        """dense_search with the record id of each chunk (which names the write it belongs to)."""
        if self._dim is not None and len(vector) != self._dim:
            raise StoreError(
                f"the query embedding has dimension {len(vector)}, the store {self._dim}: "
                "the store was built with another embedding model; ingest the documents again"
            )
        where: dict[str, Any] | None = None
        if docs:
            where = {"doc": docs[0]} if len(docs) == 1 else {"doc": {"$in": list(docs)}}
        n = k * 2  # Chroma returns fewer when the store holds fewer (counting them costs more than a query)
        pairs = self._on_vector_index(
            lambda: self._langchain().similarity_search_by_vector_with_relevance_scores(list(vector), k=n, filter=where),
            "dense search on the Chroma server failed")
        return [(str(doc.id), Chunk.from_metadata(_chunk_id(str(doc.id)), doc.page_content, doc.metadata),
                 1.0 - float(distance)) for doc, distance in pairs]


INTERRUPTED_REINDEX = (
    "het omzetten van de opslag naar een ander embeddingmodel (`akkoord reindex`) werd onderbroken: "
    "voer `akkoord reindex` opnieuw uit om het af te ronden"
)


def model_mismatch(recorded: str | None, configured: str) -> str:
    """What to do when the store was built with another model than the configured one (Dutch)."""
    from vectorstore.embeddings import setting_for

    keep = setting_for(recorded)
    keep_hint = (f", of zet AKKOORD_EMBEDDING_MODEL={keep} om de opslag met dat model te blijven gebruiken"
                 if keep else "")
    return (
        f"de opslag is gebouwd met embeddingmodel '{recorded}', maar akkoord staat ingesteld op "
        f"'{configured}' (AKKOORD_EMBEDDING_MODEL): zet de opslag om met `akkoord reindex` "
        f"(berekent de vectoren opnieuw met het ingestelde model){keep_hint}"
    )


def _get_collection(client: Any, name: str) -> Any | None:
    """The named collection, or None when it does not exist."""
    from chromadb.errors import NotFoundError

    try:
        return client.get_collection(name, embedding_function=None)
    except NotFoundError:
        return None
    except ValueError as exc:  # older Chroma clients
        if "does not exist" in str(exc):
            return None
        raise


def _get_all(collection: Any, include: list[str], page: int = _READ_PAGE,
             where: dict[str, Any] | None = None) -> dict[str, list[Any]]:
    """Every record of a collection (that matches `where`), read in pages: one `get` of more than
    32,766 records fails in Chroma ("too many SQL variables"), which a store of 600 agreements
    already exceeds."""
    out: dict[str, list[Any]] = {"ids": [], **{key: [] for key in include}}
    offset = 0
    while True:
        got = collection.get(include=include, limit=page, offset=offset, where=where)
        for key, values in out.items():
            values.extend(got[key])
        if len(got["ids"]) < page:
            return out
        offset += page


def _persist_dir(client: Any) -> str | None:
    """The folder of an embedded (persistent) client; None for a server."""
    get_settings = getattr(client, "get_settings", None)
    settings = get_settings() if get_settings is not None else None
    if settings is None or not settings.is_persistent or not settings.persist_directory:
        return None
    return str(settings.persist_directory)


def _slot_of(meta: dict[str, Any]) -> int:
    return int(meta.get("slot", 0) or 0)


def _newest(got: dict[str, list[Any]]) -> dict[str, _Head]:
    """The head (highest slot) per document name among manifest records."""
    heads: dict[str, _Head] = {}
    for rid, meta, text in zip(got["ids"], got["metadatas"], got["documents"], strict=True):
        if rid == _GENERATION_ID or not meta or "name" not in meta:
            continue
        name, slot = str(meta["name"]), _slot_of(meta)
        if name not in heads or slot > heads[name].slot:
            heads[name] = _Head(slot, dict(meta), text or "")
    return heads


def _record_from_info(info: DocumentInfo, version: str) -> dict[str, Any]:
    meta = {f.name: getattr(info, f.name) for f in fields(info) if f.name != "facts"}
    meta["version"] = version
    return {k: ("" if v is None else v) for k, v in meta.items()}


def _info_from_record(meta: dict[str, Any], facts_json: str | None) -> DocumentInfo:
    try:
        facts = DocumentFacts.load(json.loads(facts_json) if facts_json else None)
    except json.JSONDecodeError:
        facts = DocumentFacts()
    info = DocumentInfo(
        name=str(meta["name"]),
        sha256=str(meta["sha256"]),
        format=str(meta.get("format", "")),
        kind=str(meta.get("kind", "other")),
        title=str(meta.get("title", "")),
        date=str(meta["date"]) if meta.get("date") else None,
        n_chunks=int(meta.get("n_chunks", 0)),
        n_pages=int(meta["n_pages"]) if meta.get("n_pages") not in (None, "") else None,
        pipeline_version=int(meta.get("pipeline_version", 0)),
        facts=facts,
        version=str(meta.get("version", "")),
    )
    return info


def has_store(client: Any, prefix: str) -> bool:
    """Whether the client holds an akkoord store with this collection prefix (also one whose reindex
    was interrupted)."""
    return any(_get_collection(client, f"{prefix}_{name}") is not None for name in ("chunks", "chunks_next"))
