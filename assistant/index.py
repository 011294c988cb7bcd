"""The lexical index of a store, kept up to date by changes instead of rebuilt, and saved to disk.

What it holds per chunk (a row): its document, its number in the document (the record id of its
write follows from these), its offsets, and its BM25 postings (assistant/lexical.py). Chunk texts stay
in Chroma and are read by record id for the passages a question retrieves, so a client's memory does
not grow with the texts of the store. Per document it holds its manifest slot, the write its chunks
belong to, its metadata without facts (facts are read from the store when an answer needs them, with
a small cache) and the words that name it.

Keeping it current (`refresh`): the manifests' metadata is read (not their facts); a document whose
head names another write than the index has is re-read: its chunks of exactly that write and its
facts, tokenised, and its old rows marked dead; a removed document's rows are marked dead. Reads are
repeated until the store's generation did not change around them, and a document whose chunk count
differs from its manifest's is read again, so the index only ever holds complete writes that a head
named (never stale or partial chunks). Adding one document to 10,000 costs the manifests' metadata
and that document (see README "Benchmarks").

Saving: the index is written to `<store folder>/lexical-index/` (embedded and server mode: the client's
folder) after a full build at once and after updates in the background, at most every few seconds.
A saved index names its store (the chunks collection's id) and the write of every document it holds;
loaded, it is brought up to date by the same refresh, so a saved index from any generation is valid:
rows of a write a head still names are that write's chunks (a write's records never change).
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import re
import tempfile
import threading
import time
import zipfile
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

import numpy as np

from assistant.analysis import fold, split_compound, stem, stopwords, terms, words
from assistant.lexical import BM25Index
from assistant.spelling import correction, max_edits
from ingest.genre import genre
from ingest.records import Chunk, DocumentInfo
from vectorstore.store import HeadWrite, Store

logger = logging.getLogger(__name__)

FORMAT = 1  # of the saved index
INDEX_DIR = "lexical-index"
SAVE_DELAY_S = 3.0  # updates are saved at most this often
COMPACT_SHARE = 0.25  # dead rows above this share of all rows are dropped
COMPACT_MIN_ROWS = 1000  # (and only from this many rows on)
FULL_READ_SHARE = 0.2  # more changed documents than this share (and FULL_READ_MIN) are read in one pass
FULL_READ_MIN = 200
FACTS_CACHE = 256  # documents whose facts are kept in memory
CHUNK_CACHE = 2048  # chunk texts kept in memory
# a title word names its document only when at most this share of the documents' texts use it (or
# only one text does); a word of a third of them tells them apart no better than a common word
NAMING_SHARE = 1 / 3
_CHUNK_NUMBER = re.compile(r"^(.*)-(\d+)$")
_EMPTY = np.empty(0, dtype=np.int32)


@lru_cache(maxsize=1)
def analysis_fingerprint() -> str:
    """What a saved index's terms and names depend on: the code and data of the analysis (stems,
    stop words, compound splitting, the genre's words) and of this index. A saved index with another
    fingerprint is built afresh, so that a changed stemmer never meets terms of the old one."""
    import hashlib

    import snowballstemmer

    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha1(str(getattr(snowballstemmer, "__version__", "")).encode())
    for part in ("assistant/analysis.py", "assistant/index.py", "assistant/lexical.py",
                 "assistant/data/stopwords_nl.txt", "assistant/data/irregular_plurals_nl.txt", "ingest/genre.toml",
                 "ingest/genre.py"):
        digest.update((root / part).read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def generic_name_words() -> frozenset[str]:
    """Words that name the genre, not one document (ingest/genre.toml)."""
    g = genre()
    found = set(words(" ".join(g.title_words + g.document_nouns + g.councils + g.minutes_markers)))
    return frozenset(found | {"txt", "pdf", "docx", "md", "html", "htm"})


_CAPITALISED = re.compile(r"[A-ZÀ-Ý][\w-]+(?:\s+(?:van\s+|voor\s+|der\s+|de\s+)?[A-ZÀ-Ý][\w-]+)+")


def _name_words(text: str) -> list[str]:
    """The folded words of a name; of a hyphenated region name ("Zuid-Holland") only the joined form:
    "Holland" in a question does not name the document of a "Streekoverleg Zuid-Holland"."""
    qualifiers = genre().name_qualifiers
    found: list[str] = []
    for token in re.findall(r"\S+", fold(text)):
        parts = [p for p in re.split(r"[^a-z0-9]+", token) if p]
        if len(parts) > 1 and "-" in token and parts[0] in qualifiers:
            found.append("".join(parts))
        else:
            found.extend(words(token))
    return found


def name_candidates(doc: DocumentInfo) -> tuple[frozenset[str], frozenset[str]]:
    """Folded words that may name a document: (words that always do: party short names,
    municipalities, the words of its identity (folders and file name), the initials of the names in the title ("Brabants
    Historisch Centrum" -> "bhc"), the abbreviations it defines; title words, which name it only
    when few documents use them)."""
    fixed: set[str] = set()
    # the words of the identity: folders and file name without its extension ("aalst/notulen.pdf")
    stemless = re.split(r"[-_.\s/]+", fold(str(PurePosixPath(doc.name).with_suffix(""))))
    fixed.update(w for w in stemless if len(w) >= 4 and not w.isdigit())
    title = {w for w in _name_words(doc.title) if len(w) >= 4 and not w.isdigit()}
    for name in _CAPITALISED.findall(doc.title):
        parts = [w for w in name.split() if w[0].isupper()]
        for i in range(len(parts)):
            for j in range(i + 3, len(parts) + 1):
                fixed.add(fold("".join(w[0] for w in parts[i:j])))
    facts = doc.facts
    for party in facts.parties:
        for value in (party.short, party.name):
            if value:
                fixed.update(w for w in _name_words(value) if len(w) >= 3)
    for definition in facts.definitions:
        if definition.term.isupper() and 2 <= len(definition.term) <= 10:
            fixed.add(fold(definition.term))
    if facts.minutes and facts.minutes.municipality:
        fixed.update(words(facts.minutes.municipality))
    generic = generic_name_words() | stopwords()  # "der" of "Koninkrijk der Nederlanden" names nothing
    return frozenset(fixed - generic), frozenset(title - fixed - generic)


class NameIndex:
    """Folded word (or its stem) -> the documents it names. A title word names a document only while
    it is distinctive (few documents' texts use its stem); a word that names most documents names
    none. Both depend on the whole store, so they are applied when a word is looked up. (The same test
    for file-name and party words is applied to the question's term in `Retriever.named_documents`.)"""

    def __init__(self, index: LiveIndex) -> None:
        self._index = index
        self._fixed: dict[str, set[str]] = {}
        self._title: dict[str, dict[str, str]] = {}  # word -> {document: stem of its title word}
        self._cache: dict[str, set[str]] = {}

    @staticmethod
    def keys(word: str) -> set[str]:
        """A name word and its stem, unless the stem is a function word: the stemmer makes "en" of
        "eenheden", and "en" in a question then named the document."""
        return {word} | ({stem(word)} - stopwords())

    def add(self, doc: str, fixed: frozenset[str], title: frozenset[str]) -> None:
        for word in fixed:
            for key in self.keys(word):
                self._fixed.setdefault(key, set()).add(doc)
        for word in title:
            for key in self.keys(word):
                self._title.setdefault(key, {})[doc] = stem(word)
        self._cache = {}

    def remove(self, doc: str, fixed: frozenset[str], title: frozenset[str]) -> None:
        for word in fixed:
            for key in self.keys(word):
                found = self._fixed.get(key)
                if found is not None:
                    found.discard(doc)
                    if not found:
                        del self._fixed[key]
        for word in title:
            for key in self.keys(word):
                found_t = self._title.get(key)
                if found_t is not None:
                    found_t.pop(doc, None)
                    if not found_t:
                        del self._title[key]
        self._cache = {}

    def get(self, word: str, default: set[str] | None = None) -> set[str]:
        found = self._cache.get(word)
        if found is None:
            n = len(self._index.docs)
            found = set(self._fixed.get(word, ()))
            for doc, term in self._title.get(word, {}).items():
                if doc not in found and self._index.distinctive(term):
                    found.add(doc)
            limit = max(1, math.ceil(0.6 * n)) if n > 2 else 1
            if len(found) > limit or n == 0:
                found = set()
            self._cache[word] = found
        return found if found or default is None else default

    def __contains__(self, word: str) -> bool:
        return bool(self.get(word))

    def words(self) -> set[str]:
        return {w for w in set(self._fixed) | set(self._title) if self.get(w)}


@dataclass
class IndexedDocument:
    number: int  # the document's number in the rows
    slot: int  # its head's manifest slot
    write: tuple[str, str]  # (version, write) of its chunks
    rows: np.ndarray  # its rows, in document order
    info: DocumentInfo  # without facts
    fixed: frozenset[str]
    title: frozenset[str]
    ids: tuple[str, ...] | None = None  # chunk ids that do not follow `<version>-<number>`


class Documents(Mapping[str, DocumentInfo]):
    """The indexed documents by name; facts are read from the store when asked for (cached)."""

    def __init__(self, index: LiveIndex) -> None:
        self._index = index

    def __getitem__(self, name: str) -> DocumentInfo:
        return self._index.document(name)

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._index.docs))

    def __len__(self) -> int:
        return len(self._index.docs)

    def __contains__(self, name: object) -> bool:
        return name in self._index.docs


@lru_cache(maxsize=1)
def _no_facts() -> Any:
    """One empty facts object shared by the light document records (making one per document costs
    pydantic's validation each time)."""
    from ingest.facts.model import DocumentFacts

    return DocumentFacts()


def _light(info: DocumentInfo) -> DocumentInfo:
    return DocumentInfo(**{f.name: getattr(info, f.name) for f in fields(info) if f.name != "facts"},
                        facts=_no_facts())


class LiveIndex:
    """See the module docstring. All reads and updates take `lock`."""

    def __init__(self, store: Store, folder: Path | None) -> None:
        self.store = store
        self.folder = folder
        self.lock = threading.RLock()
        self.generation = ""
        self.bm25 = BM25Index()
        self.docs: dict[str, IndexedDocument] = {}
        self.slots: dict[str, int] = {}  # every document name (removed ones too) -> its newest slot seen
        self.doc_names: list[str] = []  # number -> name
        self.row_doc = _EMPTY  # per row: document number
        self.row_seq = _EMPTY  # per row: chunk number in its document
        self.row_start = _EMPTY
        self.row_end = _EMPTY
        self.names = NameIndex(self)
        self.documents = Documents(self)
        self.build_ms = 0.0
        self.last_update: dict[str, Any] = {}
        self._facts: OrderedDict[tuple[str, int], DocumentInfo] = OrderedDict()
        self._chunks: OrderedDict[str, Chunk] = OrderedDict()
        self._doc_share: dict[str, float] = {}
        self._terms: list[str] | None = None  # the live passages' terms, for spelling corrections
        self._corrected: dict[str, str | None] = {}
        self._save_timer: threading.Timer | None = None

    key = ""  # the store (chunks collection) this index belongs to

    def _reset(self) -> None:
        self.generation = ""
        self.bm25 = BM25Index()
        self.docs = {}
        self.slots = {}
        self.doc_names = []
        self.row_doc = self.row_seq = self.row_start = self.row_end = _EMPTY
        self.names = NameIndex(self)
        self._facts.clear()
        self._chunks.clear()
        self._forget_terms()

    # -- reading -----------------------------------------------------------------------------------

    @property
    def n_chunks(self) -> int:
        return self.bm25.n

    def _forget_terms(self) -> None:
        """The passages changed: what was read from their terms is stale."""
        self._doc_share = {}
        self._terms = None
        self._corrected = {}

    def corrected(self, word: str) -> str | None:
        """The index term a mistyped question word stands for (assistant/spelling.py), None when the
        documents use the word or none is near enough."""
        own = terms(word)
        if len(own) != 1:
            return None
        term = own[0]
        if term in self._corrected:
            return self._corrected[term]
        found = None
        if max_edits(term) and self.bm25.document_frequency(term) == 0:
            if self._terms is None:
                self._terms = self.bm25.live_terms()
            found = correction(term, self._terms)
        self._corrected[term] = found
        return found

    def vocabulary(self, word: str) -> bool:
        """Whether the documents use a (folded) word."""
        return self.bm25.document_frequency(stem(word)) > 0

    def query_terms(self, text: str) -> list[str]:
        """Index terms of a question: its stems, a compound the documents do not use replaced by its
        parts that they do ('sluisverdrag' -> 'sluis', 'verdrag'), a mistyped word by the term it
        stands for ('geschillencomissie' -> the stem of 'geschillencommissie')."""
        own: list[str] = []
        for word in words(text):
            parts = split_compound(word, self.vocabulary)
            fixed = None if parts else self.corrected(word)
            for t in terms(" ".join(parts)) if parts else [fixed] if fixed else terms(word):
                if t not in own:
                    own.append(t)
        return own

    def distinctive(self, term: str) -> bool:
        """Whether a word can tell documents apart: at most NAMING_SHARE of the documents' texts use it,
        or only one does."""
        return self.doc_share(term) <= max(NAMING_SHARE, 1 / max(len(self.docs), 1))

    def doc_share(self, term: str) -> float:
        """The share of the documents whose passages use a term."""
        found = self._doc_share.get(term)
        if found is None:
            rows, _ = self.bm25.posting(term)
            live = rows[self.row_doc[rows] >= 0] if len(rows) else rows
            found = len(np.unique(self.row_doc[live])) / max(len(self.docs), 1)
            self._doc_share[term] = found
        return found

    def doc_rows(self, name: str) -> np.ndarray:
        doc = self.docs.get(name)
        return doc.rows if doc is not None else _EMPTY

    def record_id(self, row: int) -> str:
        doc = self.docs[self.doc_names[int(self.row_doc[row])]]
        seq = int(self.row_seq[row])
        chunk_id = doc.ids[seq] if doc.ids is not None else f"{doc.write[0]}-{seq:05d}"
        return Store.record_id(chunk_id, doc.write)

    def row_of(self, name: str, chunk_id: str) -> int | None:
        """The row of a chunk id of a document (None when the index does not hold it)."""
        doc = self.docs.get(name)
        if doc is None:
            return None
        if doc.ids is not None:
            seq = doc.ids.index(chunk_id) if chunk_id in doc.ids else -1
        else:
            match = _CHUNK_NUMBER.match(chunk_id)
            seq = int(match.group(2)) if match and match.group(1) == doc.write[0] else -1
        if 0 <= seq < len(doc.rows) and int(self.row_seq[doc.rows[seq]]) == seq:
            return int(doc.rows[seq])
        return None

    def chunks(self, rows: Sequence[int]) -> dict[int, Chunk]:
        """The chunks of rows, read from the store by record id (a few are cached). A row whose
        record is gone (its document was replaced meanwhile) is missing from the result."""
        with self.lock:
            wanted = {int(r): self.record_id(int(r)) for r in rows}
        out: dict[int, Chunk] = {}
        missing = []
        for row, rid in wanted.items():
            chunk = self._chunks.get(rid)
            if chunk is None:
                missing.append(rid)
            else:
                out[row] = chunk
        if missing:
            found = self.store.chunks_by_record(missing)
            with self.lock:
                for rid, chunk in found.items():
                    self._chunks[rid] = chunk
                while len(self._chunks) > CHUNK_CACHE:
                    self._chunks.popitem(last=False)
            for row, rid in wanted.items():
                if rid in found:
                    out[row] = found[rid]
        return out

    def remember(self, record_id: str, chunk: Chunk) -> None:
        with self.lock:
            self._chunks[record_id] = chunk
            while len(self._chunks) > CHUNK_CACHE:
                self._chunks.popitem(last=False)

    def all_chunk_ids(self, name: str | None = None) -> list[str]:
        """Chunk ids of every live row, or of one document's (for tests and checks)."""
        with self.lock:
            out = []
            for doc in self.docs.values() if name is None else [self.docs[name]] if name in self.docs else []:
                for row in doc.rows:
                    out.append(self.record_id(int(row)).split("@", 1)[0])
            return out

    def document(self, name: str) -> DocumentInfo:
        """The document with its facts (as the head the index holds has them)."""
        doc = self.docs[name]
        key = (name, doc.slot)
        info = self._facts.get(key)
        if info is None:
            info = self.store.head_document(name, doc.slot) or doc.info
            with self.lock:
                self._facts[key] = info
                while len(self._facts) > FACTS_CACHE:
                    self._facts.popitem(last=False)
        return info

    # -- keeping it current ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Bring the index to the store's current generation (see the module docstring)."""
        started = time.perf_counter()
        with self.lock:
            self.store.count_chunks()  # opens the new chunks collection when `reindex` replaced it
            key = self.store.index_key()
            if key != self.key:
                if self.key:
                    self._reset()  # another collection: nothing of this index applies
                self.key = key
            loaded = False
            if not self.docs and not self.generation:
                loaded = self._load()
            building = not self.docs
            stats = self._catch_up()
            if building and not loaded:
                stats["mode"] = "build"
            stats["compacted"] = bool(stats["changed"] or stats["removed"]) and self._maybe_compact()
            stats["loaded"] = loaded
            stats["ms"] = round((time.perf_counter() - started) * 1000, 1)
            self.last_update = stats
            if stats["mode"] == "build":
                self.build_ms = stats["ms"]
                self._save_now()
            elif stats["changed"] or stats["removed"] or stats["slots"]:
                self._save_later()
        logger.info("lexical index: %s", stats)

    def _changes(self) -> tuple[str, dict[str, HeadWrite], bool]:
        """(generation, heads of the documents that may have changed, whether that is all of them).
        The manifest records added since the index's generation when they can be read alone (every
        one of them new: a slot above the one the index knows for its document), else all heads."""
        generation = self.store.generation()
        known = int(self.generation) if self.generation.isdigit() else -1
        if 0 <= known <= int(generation):
            added = self.store.manifests_since(known)
            if added is not None and len(added) == int(generation) - known:
                heads: dict[str, HeadWrite] = {}
                fresh = True
                for meta in added:
                    found = self.store.head_of(meta)
                    if found is None:
                        continue  # not a document's record (a reindex marks the generation)
                    name, head = found
                    if head.slot <= self.slots.get(name, 0):
                        fresh = False  # an old record: the order is not what was measured
                        break
                    if name not in heads or head.slot > heads[name].slot:
                        heads[name] = head
                if fresh:
                    return generation, heads, False
        return generation, self.store.head_writes(), True

    def _catch_up(self) -> dict[str, Any]:
        stats: dict[str, Any] = {"changed": 0, "removed": 0, "slots": 0, "mode": "incremental", "read": "",
                                 "manifests": "", "chunks_read": 0}
        for _ in range(10):
            before, heads, complete = self._changes()
            stats["manifests"] = "all" if complete else f"{len(heads)} new"
            gone = [name for name in self.docs if (name not in heads and complete)
                    or (name in heads and heads[name].removed)]
            live = {name: h for name, h in heads.items() if not h.removed}
            changed = [name for name, h in live.items() if name not in self.docs or self.docs[name].write != h.write]
            for name, h in live.items():  # a fence or repair copies the head: same write, new slot
                doc = self.docs.get(name)
                if doc is not None and doc.write == h.write and doc.slot != h.slot:
                    doc.slot = h.slot
                    stats["slots"] += 1
            for name in gone:
                self._drop(name)
            stats["removed"] += len(gone)
            done = True
            if changed:
                full = len(changed) > max(FULL_READ_MIN, FULL_READ_SHARE * len(self.docs))
                stats["read"] = "all" if full else "per document"
                read = self._read_all(live, set(changed)) if full else self._read_some(live, changed)
                stats["chunks_read"] += sum(len(chunks) for _, chunks in read.values())
                for name, (info, chunks) in read.items():
                    h = live[name]
                    if len(chunks) != h.n_chunks or info is None:
                        done = False  # read while it changed: read it again
                        continue
                    self._drop(name)
                    self._add(name, h.slot, h.write, info, chunks)
                    stats["changed"] += 1
            after = self.store.generation()
            if after == before and done:
                for name, h in heads.items():
                    self.slots[name] = max(self.slots.get(name, 0), h.slot)
                self.generation = after
                return stats
            if complete:
                self.slots = {}
            self.generation = ""  # read all heads in the next round
        # the store kept changing: serve what is complete; the next question catches up again
        return stats

    def _read_some(self, heads: Mapping[str, Any], names: Sequence[str]) -> dict[str, tuple[DocumentInfo | None, list[tuple[str, Chunk]]]]:
        out = {}
        for name in names:
            h = heads[name]
            out[name] = (self.store.head_document(name, h.slot), self.store.write_chunks(name, h.write))
        return out

    def _read_all(self, heads: Mapping[str, Any], names: set[str]) -> dict[str, tuple[DocumentInfo | None, list[tuple[str, Chunk]]]]:
        """Many documents: every chunk and manifest in paged reads instead of one read per document."""
        chunks: dict[str, list[tuple[str, Chunk]]] = {name: [] for name in names}
        for rid, chunk, write in self.store.iter_chunk_records():
            if chunk.doc in names and heads[chunk.doc].write == write:
                chunks[chunk.doc].append((rid, chunk))
        infos = {info.name: info for info in self.store.list_documents() if info.name in names}
        return {name: (infos.get(name), sorted(chunks[name], key=lambda p: p[1].start)) for name in names}

    def _add(self, name: str, slot: int, write: tuple[str, str], info: DocumentInfo,
             chunks: Sequence[tuple[str, Chunk]]) -> None:
        number = len(self.doc_names)
        self.doc_names.append(name)
        ids = [c.id for _, c in chunks]
        regular = all(i == f"{write[0]}-{k:05d}" for k, i in enumerate(ids))
        rows = self.bm25.add([terms(f"{c.section}\n{c.text}") for _, c in chunks])
        self.row_doc = np.concatenate([self.row_doc, np.full(len(rows), number, dtype=np.int32)])
        self.row_seq = np.concatenate([self.row_seq, np.arange(len(rows), dtype=np.int32)])
        self.row_start = np.concatenate([self.row_start, np.array([c.start for _, c in chunks], dtype=np.int32)])
        self.row_end = np.concatenate([self.row_end, np.array([c.end for _, c in chunks], dtype=np.int32)])
        fixed, title = name_candidates(info)
        self.docs[name] = IndexedDocument(number, slot, write, rows, _light(info), fixed, title,
                                          None if regular else tuple(ids))
        self.names.add(name, fixed, title)
        self._facts[(name, slot)] = info
        while len(self._facts) > FACTS_CACHE:
            self._facts.popitem(last=False)
        self._forget_terms()

    def _drop(self, name: str) -> None:
        doc = self.docs.pop(name, None)
        if doc is None:
            return
        self.bm25.remove(doc.rows)
        row_doc = self.row_doc.copy()
        row_doc[doc.rows] = -1
        self.row_doc = row_doc
        self.names.remove(name, doc.fixed, doc.title)
        self._forget_terms()

    def _maybe_compact(self) -> bool:
        if self.bm25.dead <= COMPACT_SHARE * max(self.bm25.rows, 1) or self.bm25.rows < COMPACT_MIN_ROWS:
            return False
        remap = self.bm25.compact()
        keep = remap >= 0
        renumber = {}
        names: list[str] = []
        for name in sorted(self.docs, key=lambda n: self.docs[n].number):
            renumber[self.docs[name].number] = len(names)
            names.append(name)
        old_doc = self.row_doc[keep]
        self.row_doc = np.array([renumber[int(d)] for d in old_doc], dtype=np.int32) if len(old_doc) else _EMPTY
        self.row_seq, self.row_start, self.row_end = (a[keep] for a in (self.row_seq, self.row_start, self.row_end))
        self.doc_names = names
        for doc in self.docs.values():
            doc.number = renumber[doc.number]
            doc.rows = remap[doc.rows]
        self._forget_terms()
        return True

    # -- saving ------------------------------------------------------------------------------------

    def _path(self) -> Path | None:
        if self.folder is None:
            return None
        key = re.sub(r"[^A-Za-z0-9_.-]+", "_", self.store.index_key())
        return self.folder / f"{key}.npz"

    def _state(self) -> dict[str, list[np.ndarray]]:
        """What a save writes, as `_write_npz` entries. A document's rows are not listed: they are the
        rows whose document number is its number (in order), found again when the index is loaded."""
        docs = {name: {"number": d.number, "slot": d.slot, "write": list(d.write),
                       "info": {k: v for k, v in asdict(d.info).items() if k != "facts"},
                       "fixed": sorted(d.fixed), "title": sorted(d.title),
                       "ids": list(d.ids) if d.ids is not None else None}
                for name, d in self.docs.items()}
        meta = {"format": FORMAT, "analysis": analysis_fingerprint(), "key": self.store.index_key(),
                "generation": self.generation,
                "doc_names": self.doc_names, "docs": docs, "slots": self.slots}
        blob = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)
        return {**self.bm25.parts(), "meta": [blob], "row_doc": [self.row_doc], "row_seq": [self.row_seq],
                "row_start": [self.row_start], "row_end": [self.row_end]}

    def _save_now(self) -> None:
        path = self._path()
        if path is None:
            return
        started = time.perf_counter()
        with self.lock:  # the arrays are replaced, never changed in place, by later updates
            state = self._state()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".saving-", suffix=".npz", dir=path.parent)
            with os.fdopen(fd, "wb") as out:
                _write_npz(out, state)
            os.replace(tmp, path)
        except OSError as exc:  # a read-only folder: the index works, it is only not saved
            logger.warning("could not save the lexical index to %s: %s", path, exc)
            with contextlib.suppress(Exception):
                os.unlink(tmp)
            return
        logger.info("saved the lexical index (%d rows) in %.0f ms", self.bm25.rows,
                    (time.perf_counter() - started) * 1000)

    def _save_later(self) -> None:
        if self._path() is None or (self._save_timer is not None and self._save_timer.is_alive()):
            return
        self._save_timer = threading.Timer(SAVE_DELAY_S, self._save_now)
        self._save_timer.daemon = True
        self._save_timer.start()

    def flush(self) -> None:
        """Save now if an update is waiting to be saved (tests; a process about to end)."""
        timer = self._save_timer
        if timer is not None and timer.is_alive():
            timer.cancel()
            self._save_now()

    def _load(self) -> bool:
        path = self._path()
        if path is None or not path.exists():
            return False
        started = time.perf_counter()
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(bytes(data["meta"]).decode("utf-8"))
                if (meta.get("format") != FORMAT or meta.get("key") != self.store.index_key()
                        or meta.get("analysis") != analysis_fingerprint()):
                    return False
                bm25 = BM25Index.from_arrays(data)
                row_doc, row_seq = np.array(data["row_doc"]), np.array(data["row_seq"])
                row_start, row_end = np.array(data["row_start"]), np.array(data["row_end"])
        except Exception as exc:  # noqa: BLE001 (damaged or from another version: build afresh)
            logger.warning("ignoring the saved lexical index %s: %s", path, exc)
            return False
        self.bm25, self.row_doc, self.row_seq, self.row_start, self.row_end = bm25, row_doc, row_seq, row_start, row_end
        self.doc_names = list(meta["doc_names"])
        self.docs = {}
        self.names = NameIndex(self)
        rows_of = _rows_by_document(row_doc)
        for name, d in meta["docs"].items():
            info = DocumentInfo(**d["info"], facts=_no_facts())
            fixed, title = frozenset(d["fixed"]), frozenset(d["title"])
            number = int(d["number"])
            self.docs[name] = IndexedDocument(number, int(d["slot"]), (d["write"][0], d["write"][1]),
                                              rows_of.get(number, _EMPTY), info, fixed, title,
                                              tuple(d["ids"]) if d["ids"] is not None else None)
            self.names.add(name, fixed, title)
        self.slots = {str(k): int(v) for k, v in meta["slots"].items()}
        self.generation = str(meta["generation"])
        logger.info("loaded the lexical index of generation %s (%d rows) in %.0f ms", self.generation,
                    bm25.rows, (time.perf_counter() - started) * 1000)
        return True


def _rows_by_document(row_doc: np.ndarray) -> dict[int, np.ndarray]:
    """Document number -> its live rows in order (dead rows have number -1)."""
    if not len(row_doc):
        return {}
    order = np.argsort(row_doc, kind="stable").astype(np.int32)
    numbers, starts = np.unique(row_doc[order], return_index=True)
    ends = [*starts[1:], len(order)]
    return {int(n): order[a:b] for n, a, b in zip(numbers, starts, ends, strict=True) if n >= 0}


def _write_npz(out: BinaryIO, entries: Mapping[str, Sequence[np.ndarray]]) -> None:
    """An .npz file (as np.savez writes it, np.load reads it) of one-dimensional arrays, each given
    in parts written one after the other: a save does not copy the postings into one array first
    (that copy was the largest memory peak of a query client with a large store)."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        for name, parts in entries.items():
            dtype = parts[0].dtype
            header = {"descr": np.lib.format.dtype_to_descr(dtype), "fortran_order": False,
                      "shape": (sum(len(p) for p in parts),)}
            with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                np.lib.format.write_array_header_2_0(member, header)
                for part in parts:
                    member.write(np.ascontiguousarray(part, dtype=dtype).data)
