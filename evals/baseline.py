"""The plain LangChain RAG a user would build from the tutorials, as a yardstick.

RecursiveCharacterTextSplitter (1000 / 200) over the raw extracted text, dense-only Chroma with the
same embedding model, top 4, and the answer is the best chunk. It never refuses.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from ingest.load import iter_paths, load_file
from ingest.records import IngestError


class BaselineRAG:
    def __init__(self, corpus: Path | list[Path], embeddings: Embeddings, max_bytes: int = 50 * 1024 * 1024) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        texts, metadatas = [], []
        for path in iter_paths(corpus if isinstance(corpus, list) else [corpus]):
            try:
                loaded = load_file(path, max_bytes)
            except IngestError:
                continue
            for page_no, page in enumerate(loaded.pages, start=1):
                for piece in splitter.split_text(page):
                    texts.append(piece)
                    metadatas.append({"doc": loaded.name, "page": page_no if loaded.format == "pdf" else -1})
        client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
        self.db = Chroma(client=client, collection_name=f"baseline_{uuid.uuid4().hex[:8]}",
                         embedding_function=embeddings)
        if texts:
            self.db.add_texts(texts, metadatas=metadatas)
        self.n_chunks = len(texts)

    def retrieve(self, question: str, k: int = 4) -> list[Any]:
        return self.db.similarity_search(question, k=k)

    def ask(self, question: str) -> dict[str, Any]:
        started = time.perf_counter()
        docs = self.retrieve(question, k=4)
        elapsed = (time.perf_counter() - started) * 1000
        if not docs:
            return {"question": question, "answer": "", "found": False, "citations": [], "mode": "baseline",
                    "timings_ms": {"total": elapsed}}
        best = docs[0]
        page = best.metadata.get("page", -1)
        return {
            "question": question,
            "answer": best.page_content + " [1]",
            "found": True,
            "citations": [{"n": 1, "doc": best.metadata["doc"], "title": best.metadata["doc"], "section": "",
                           "page": None if page in (-1, None) else page, "quote": best.page_content}],
            "mode": "baseline",
            "timings_ms": {"total": elapsed},
        }
