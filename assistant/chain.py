"""The answer pipeline, the same in both modes and for `ask` and `stream`:
condense (follow-ups) -> retrieve -> generate -> check citations -> Answer.

The steps are plain functions over one `_State`, run by one generator (`_run`): `stream` yields what it
yields, `ask` keeps only its last item. An earlier version ran `ask` through a LangChain
`RunnableLambda` chain while `stream` re-implemented the same steps by hand, so one question could take
two paths. The Runnable added nothing here (no tracing, batching or async is configured, and every
step is our own function) and cost about 1-6 ms per question in LangChain's config and callback
machinery, on answers that take 10-20 ms; LangChain stays where it earns its place: the chat models
of llm mode and the Chroma store."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.answer import EMPTY_STORE, NOT_FOUND, Answer, Composer, Source
from assistant.condense import condense, is_follow_up
from assistant.config import Settings
from assistant.grounded import GroundedAnswerer, idf_from_index
from assistant.retrieval import RetrievalResult, Retriever

if TYPE_CHECKING:
    from assistant.llm import LLMAnswerer

logger = logging.getLogger(__name__)


class ModeError(ValueError):
    """An answer mode that does not exist or is not configured."""


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

    # -- public ----------------------------------------------------------------------------------

    def ask(self, question: str, history: Sequence[tuple[str, str]] = (), docs: Sequence[str] | None = None,
            mode: str | None = None) -> Answer:
        final = None
        for item in self._run(self._state(question, history, docs, mode), streaming=False):
            final = item
        assert isinstance(final, Answer)
        return final

    def stream(self, question: str, history: Sequence[tuple[str, str]] = (), docs: Sequence[str] | None = None,
               mode: str | None = None) -> Iterator[str | Answer]:
        """Yields the answer's text in pieces as it is produced (join them for the text so far), then
        the checked Answer, whose text may differ: markers that failed the check are removed, an
        unsupported answer is replaced."""
        return self._run(self._state(question, history, docs, mode), streaming=True)

    def _run(self, state: _State, streaming: bool) -> Iterator[str | Answer]:
        """The one pipeline behind `ask` and `stream`."""
        if not self.retriever.documents():
            state.raw = EMPTY_STORE
            yield self._finish(state)
            return
        self._condense(state)
        self._retrieve(state)
        yield from self._generate(state, streaming)
        self._check(state)
        yield self._finish(state)

    # -- steps -----------------------------------------------------------------------------------

    def _state(self, question: str, history: Sequence[tuple[str, str]], docs: Sequence[str] | None,
               mode: str | None) -> _State:
        mode = mode or self.settings.mode
        if mode not in ("grounded", "llm"):
            raise ModeError(f"onbekende antwoordmodus {mode!r}; kies grounded of llm")
        if mode == "llm" and self.llm is None:
            raise ModeError("de llm-modus is niet ingesteld: zet AKKOORD_LLM_BASE_URL en AKKOORD_LLM_MODEL")
        return _State(question=question.strip(), history=list(history), docs=list(docs) if docs else None, mode=mode)

    def _condense(self, state: _State) -> None:
        started = time.perf_counter()
        standalone = state.question
        if state.history and is_follow_up(state.question):
            if state.mode == "llm" and self.llm is not None:
                standalone = self.llm.condense(state.question, state.history)
            else:
                standalone = condense(state.question, state.history, self._names_in)
        state.standalone = standalone
        state.timings["condense"] = (time.perf_counter() - started) * 1000

    def _names_in(self, text: str) -> list[str]:
        from assistant.analysis import words

        names = self.retriever.index().names
        return [w for w in dict.fromkeys(words(text)) if w in names]

    def _retrieve(self, state: _State) -> None:
        started = time.perf_counter()
        state.retrieval = self.retriever.search(state.standalone, docs=state.docs)
        state.timings["retrieve"] = (time.perf_counter() - started) * 1000

    def _generate(self, state: _State, streaming: bool) -> Iterator[str]:
        """The draft answer into `state.raw`; when streaming, its text in pieces as it grows."""
        started = time.perf_counter()
        assert state.retrieval is not None
        if state.mode == "llm" and self.llm is not None:
            if streaming:
                parts = []
                for piece in self.llm.stream(state.standalone, state.retrieval.hits):
                    parts.append(piece)
                    yield piece
                state.raw = "".join(parts)
            else:
                state.raw = self.llm.generate(state.standalone, state.retrieval.hits)
        else:
            index = self.retriever.index()
            answerer = GroundedAnswerer(idf_from_index(index.bm25.document_frequency, index.bm25.n), index.query_terms,
                                        embed=getattr(self.retriever.store.embeddings, "embed_documents", None),
                                        embed_model=getattr(self.retriever.store, "model_id", None))
            draft = answerer.answer(state.standalone, state.retrieval, index.documents,
                                    lambda text, docs: self.retriever.search(text, docs=docs))
            state.raw, state.found, state.sources = draft.text, draft.found, draft.sources
            if streaming:  # the grounded answer is ready at once: shown a few words at a time
                words = state.raw.split(" ")
                for i in range(0, len(words), 4):
                    yield " ".join(words[i : i + 4]) + (" " if i + 4 < len(words) else "")
        state.timings["generate"] = (time.perf_counter() - started) * 1000

    def _check(self, state: _State) -> None:
        if state.mode == "llm":
            from assistant.llm import check_citations  # LangChain's chat models load only in llm mode

            checked = check_citations(state.raw, state.retrieval.hits if state.retrieval else [])
            state.raw, state.found, state.sources = checked.text, checked.found, checked.sources
            state.warnings += checked.warnings
        elif state.found and not state.sources:
            # grounded answers always carry their sources; one without is not shown as supported
            state.raw, state.found = NOT_FOUND, False

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
