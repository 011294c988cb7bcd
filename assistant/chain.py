"""The answer chain, the same shape in both modes:
condense (follow-ups) -> retrieve -> generate -> check citations -> Answer."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from langchain_core.runnables import Runnable, RunnableLambda

from assistant.answer import NOT_FOUND, Answer, Composer, Source
from assistant.condense import condense, is_follow_up
from assistant.config import Settings
from assistant.grounded import GroundedAnswerer, idf_from_index
from assistant.llm import LLMAnswerer, check_citations
from assistant.retrieval import RetrievalResult, Retriever

logger = logging.getLogger(__name__)


@dataclass
class _State:
    question: str
    history: Sequence[tuple[str, str]]
    docs: Sequence[str] | None
    mode: str
    standalone: str = ""
    retrieval: RetrievalResult | None = None
    raw: str = ""
    found: bool = False
    sources: list[Source] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


class Assistant:
    """Everything needed to answer: retriever, optional chat model, settings."""

    def __init__(self, settings: Settings, retriever: Retriever, llm: LLMAnswerer | None = None) -> None:
        self.settings = settings
        self.retriever = retriever
        self.store = retriever.store
        self.llm = llm
        self.chain: Runnable = (
            RunnableLambda(self._condense, name="condense")
            | RunnableLambda(self._retrieve, name="retrieve")
            | RunnableLambda(self._generate, name="generate")
            | RunnableLambda(self._check, name="check_citations")
            | RunnableLambda(self._finish, name="answer")
        )

    # -- public ----------------------------------------------------------------------------------

    def ask(self, question: str, history: Sequence[tuple[str, str]] = (), docs: Sequence[str] | None = None,
            mode: str | None = None) -> Answer:
        return self.chain.invoke(self._state(question, history, docs, mode))

    def stream(self, question: str, history: Sequence[tuple[str, str]] = (), docs: Sequence[str] | None = None,
               mode: str | None = None) -> Iterator[str | Answer]:
        """Yields text as it is produced, then the checked Answer (whose text may differ: markers that
        failed the check are removed, an unsupported answer is replaced)."""
        state = self._retrieve(self._condense(self._state(question, history, docs, mode)))
        if state.mode == "llm" and self.llm is not None:
            started = time.perf_counter()
            parts = []
            for piece in self.llm.stream(state.standalone, state.retrieval.hits if state.retrieval else []):
                parts.append(piece)
                yield piece
            state.raw = "".join(parts)
            state.timings["generate"] = (time.perf_counter() - started) * 1000
        else:
            state = self._generate(state)
            words = state.raw.split(" ")
            for i in range(0, len(words), 4):
                yield " ".join(words[: i + 4])
        yield self._finish(self._check(state))

    # -- steps -----------------------------------------------------------------------------------

    def _state(self, question: str, history: Sequence[tuple[str, str]], docs: Sequence[str] | None,
               mode: str | None) -> _State:
        mode = mode or self.settings.mode
        if mode not in ("grounded", "llm"):
            raise ValueError(f"unknown mode {mode!r}; allowed: grounded, llm")
        if mode == "llm" and self.llm is None:
            raise ValueError("llm mode is not configured: set AKKOORD_LLM_BASE_URL and AKKOORD_LLM_MODEL")
        return _State(question=question.strip(), history=list(history), docs=list(docs) if docs else None, mode=mode)

    def _condense(self, state: _State) -> _State:
        started = time.perf_counter()
        standalone = state.question
        if state.history and is_follow_up(state.question):
            if state.mode == "llm" and self.llm is not None:
                standalone = self.llm.condense(state.question, state.history)
            else:
                standalone = condense(state.question, state.history, self._names_in)
        state.standalone = standalone
        state.timings["condense"] = (time.perf_counter() - started) * 1000
        return state

    def _names_in(self, text: str) -> list[str]:
        from assistant.analysis import words

        names = self.retriever.index().names
        return [w for w in dict.fromkeys(words(text)) if w in names]

    def _retrieve(self, state: _State) -> _State:
        started = time.perf_counter()
        state.retrieval = self.retriever.search(state.standalone, docs=state.docs)
        state.timings["retrieve"] = (time.perf_counter() - started) * 1000
        return state

    def _generate(self, state: _State) -> _State:
        started = time.perf_counter()
        assert state.retrieval is not None
        if state.mode == "llm" and self.llm is not None:
            state.raw = self.llm.generate(state.standalone, state.retrieval.hits)
        else:
            index = self.retriever.index()
            answerer = GroundedAnswerer(idf_from_index(index.bm25.document_frequency, index.bm25.n), index.query_terms)
            draft = answerer.answer(state.standalone, state.retrieval, index.documents,
                                    lambda text, docs: self.retriever.search(text, docs=docs))
            state.raw, state.found, state.sources = draft.text, draft.found, draft.sources
        state.timings["generate"] = (time.perf_counter() - started) * 1000
        return state

    def _check(self, state: _State) -> _State:
        if state.mode == "llm":
            checked = check_citations(state.raw, state.retrieval.hits if state.retrieval else [])
            state.raw, state.found, state.sources = checked.text, checked.found, checked.sources
            state.warnings += checked.warnings
        elif state.found and not state.sources:
            # grounded answers always carry their sources; one without is not shown as supported
            state.raw, state.found = NOT_FOUND, False
        return state

    def _finish(self, state: _State) -> Answer:
        composer = Composer()
        composer.sources = list(state.sources)
        state.timings["total"] = sum(v for k, v in state.timings.items() if k != "total")
        return Answer(
            question=state.question,
            answer=state.raw,
            found=state.found,
            citations=composer.citations() if state.found else [],
            mode=state.mode,
            timings_ms=dict(state.timings),
            standalone_question=state.standalone,
            warnings=state.warnings,
        )
