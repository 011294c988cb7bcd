"""The Chroma store: embedded (persistent folder) or a `chroma run` server, through langchain-chroma.

Collections:
- `<prefix>_chunks`: one record per chunk: the exact chunk text, its metadata and its embedding,
  always computed by akkoord (Chroma never embeds text by itself).
- `<prefix>_docs`: one manifest record per document (metadata + facts as JSON). The manifest is the
  commit point of a document: chunks become visible only when the manifest names their version.
- `<prefix>_vectors`: every embedded text's vector, by the hash of the text, so that a text is
  embedded once per store however many documents hold it. It records the model of its vectors and is
  used only when that is the store's model.
- `<prefix>_locks` (server mode): the ingest lease (vectorstore/lease.py).
- `<prefix>_chunks_next`, `<prefix>_vectors_next`: only while `akkoord reindex` re-embeds the store
  with another model (vectorstore/reindex.py).

Writing a document: add the new version's chunks, then write the manifest together with a new
generation token (one upsert, so readers that cache an index always notice the new version), then
delete the old version's chunks. A crash at any point leaves either the old or the new version
visible; leftovers are invisible to readers and removed by `repair()` at the start of the next ingest.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import uuid
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from ingest.records import Chunk, DocumentInfo
from vectorstore.lease import StoreLease

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
_GENERATION_ID = "__generation__"
_WRITE_BATCH = 256
_READ_PAGE = 10_000


class StoreError(Exception):
    """The store cannot be used as it is; the message names the problem and the fix."""


def _doc_record_id(name: str) -> str:
    return "doc:" + hashlib.sha1(name.encode("utf-8")).hexdigest()


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
        """The ingest lock kept in a shared Chroma server (see vectorstore/lease.py)."""
        collection = self._client.get_or_create_collection(name=f"{self._prefix}_locks", embedding_function=None)
        settings = self._client.get_settings()
        where = (f"lock record in collection {collection.name} on the Chroma server "
                 f"{settings.chroma_server_host}:{settings.chroma_server_http_port}")
        return StoreLease(collection, where, **timing)

    def _check_compatible(self, meta: dict[str, Any]) -> None:
        schema = meta.get("akkoord_schema")
        if schema is None:
            raise StoreError(
                "this Chroma store was not made by akkoord (no schema version recorded); "
                "use another store folder or collection"
            )
        if int(schema) != SCHEMA_VERSION:
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

    def list_documents(self) -> list[DocumentInfo]:
        got = _get_all(self._docs, ["metadatas", "documents"])
        docs = [
            _info_from_record(meta, text)
            for rid, meta, text in zip(got["ids"], got["metadatas"], got["documents"], strict=True)
            if rid != _GENERATION_ID
        ]
        return sorted(docs, key=lambda d: d.name)

    def get_document(self, name: str) -> DocumentInfo | None:
        got = self._docs.get(ids=[_doc_record_id(name)], include=["metadatas", "documents"])
        if not got["ids"]:
            return None
        return _info_from_record(got["metadatas"][0], got["documents"][0])

    def generation(self) -> str:
        """A token that changes whenever a document is written or removed."""
        got = self._docs.get(ids=[_GENERATION_ID], include=["metadatas"])
        return str(got["metadatas"][0]["value"]) if got["ids"] else ""

    def _bump_generation(self) -> None:
        self._docs.upsert(ids=[_GENERATION_ID], embeddings=[[1.0]], metadatas=[_new_generation()],
                          documents=[""])

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
        """Add or replace one document (see the module docstring for the crash-safe order)."""
        if len(chunks) != len(vectors):
            raise ValueError("one vector per chunk is required")
        if vectors:
            self._check_dimension(len(vectors[0]))
        version = chunks[0].doc_hash if chunks else ""
        for i in range(0, len(chunks), _WRITE_BATCH):
            batch = chunks[i : i + _WRITE_BATCH]
            self._chunks.upsert(
                ids=[c.id for c in batch],
                embeddings=[list(map(float, v)) for v in vectors[i : i + _WRITE_BATCH]],
                documents=[c.text for c in batch],
                metadatas=[c.to_metadata() for c in batch],
            )
        meta = _record_from_info(info, version)
        # the commit point: manifest and generation in one write, so that no crash can leave a
        # committed version that readers holding a cached index never notice
        self._docs.upsert(
            ids=[_doc_record_id(info.name), _GENERATION_ID],
            embeddings=[[1.0], [1.0]],
            metadatas=[meta, _new_generation()],
            documents=[json.dumps(info.facts, ensure_ascii=False), ""],
        )
        self._delete_stale(info.name, keep_version=version)

    def remove_document(self, name: str) -> bool:
        if self.get_document(name) is None:
            return False
        self._docs.delete(ids=[_doc_record_id(name)])
        self._bump_generation()  # before the chunks go: they are already invisible
        self._chunks.delete(where={"doc": name})
        return True

    def _delete_stale(self, name: str, keep_version: str) -> None:
        self._chunks.delete(where={"$and": [{"doc": name}, {"doc_hash": {"$ne": keep_version}}]})

    def repair(self) -> int:
        """Delete chunks that no manifest points to (left by an interrupted ingest). Returns their count."""
        versions = {d.name: d.version for d in self.list_documents()}
        got = _get_all(self._chunks, ["metadatas"])
        orphans = [
            cid
            for cid, meta in zip(got["ids"], got["metadatas"], strict=True)
            if versions.get(str(meta.get("doc"))) != meta.get("doc_hash")
        ]
        for i in range(0, len(orphans), _WRITE_BATCH):
            self._chunks.delete(ids=orphans[i : i + _WRITE_BATCH])
        if orphans:
            logger.info("removed %d orphan chunks", len(orphans))
        return len(orphans)

    def _check_dimension(self, dim: int) -> None:
        if self._dim is None:
            meta = dict(self._chunks.metadata or {})
            if meta.get("embedding_dim") is None:
                meta.pop("hnsw:space", None)  # cannot be changed after creation
                meta["embedding_dim"] = dim
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
            versions = {d.name: d.version for d in self.list_documents()}
            got = self._read_chunks(["documents", "metadatas"])
            if self.generation() == before:
                break
        chunks = [
            Chunk.from_metadata(cid, text, meta)
            for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
            if versions.get(str(meta.get("doc"))) == meta.get("doc_hash")
        ]
        return sorted(chunks, key=lambda c: (c.doc, c.start))

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
        return int(self._chunks.count())

    def dense_search(
        self, vector: Sequence[float], k: int, docs: Sequence[str] | None = None
    ) -> list[tuple[Chunk, float]]:
        """Nearest chunks by cosine similarity (higher is closer), limited to `docs` when given."""
        if self._dim is not None and len(vector) != self._dim:
            raise StoreError(
                f"the query embedding has dimension {len(vector)}, the store {self._dim}: "
                "the store was built with another embedding model; ingest the documents again"
            )
        where: dict[str, Any] | None = None
        if docs:
            where = {"doc": docs[0]} if len(docs) == 1 else {"doc": {"$in": list(docs)}}
        n = min(k * 2, max(self.count_chunks(), 1))
        if self._persist_dir is not None and self.generation() != self._loaded_generation:
            self._reopen()  # another process changed the store since its vector index was loaded
        try:
            pairs = self._langchain().similarity_search_by_vector_with_relevance_scores(list(vector), k=n,
                                                                                     filter=where)
        except Exception as exc:
            if self._persist_dir is None:
                raise StoreError(f"dense search on the Chroma server failed: {exc}") from exc
            # the index may have been loaded while another process was writing it: load it once more
            logger.warning("dense search failed (%s); reloading the store", exc)
            self._reopen(force=True)
            try:
                pairs = self._langchain().similarity_search_by_vector_with_relevance_scores(
                    list(vector), k=n, filter=where
                )
            except Exception as again:
                raise StoreError(
                    f"the vector index of the store cannot be read ({again}); it may be damaged: "
                    "ingest the documents again into a new store"
                ) from again
        results: list[tuple[Chunk, float]] = []
        for doc, distance in pairs:
            chunk = Chunk.from_metadata(str(doc.id), doc.page_content, doc.metadata)
            results.append((chunk, 1.0 - float(distance)))
        return results


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


def _get_all(collection: Any, include: list[str], page: int = _READ_PAGE) -> dict[str, list[Any]]:
    """Every record of a collection, read in pages: one `get` of more than 32,766 records fails in
    Chroma ("too many SQL variables"), which a store of 600 agreements already exceeds."""
    out: dict[str, list[Any]] = {"ids": [], **{key: [] for key in include}}
    offset = 0
    while True:
        got = collection.get(include=include, limit=page, offset=offset)
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


def _new_generation() -> dict[str, Any]:
    return {"value": uuid.uuid4().hex}


def _record_from_info(info: DocumentInfo, version: str) -> dict[str, Any]:
    meta = {k: v for k, v in asdict(info).items() if k != "facts"}
    meta["version"] = version
    return {k: ("" if v is None else v) for k, v in meta.items()}


def _info_from_record(meta: dict[str, Any], facts_json: str | None) -> DocumentInfo:
    try:
        facts = json.loads(facts_json) if facts_json else {}
    except json.JSONDecodeError:
        facts = {}
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
