"""Load and validate evaluation datasets in the JSONL format of the dataset contract (evals/README.md).

One case per line::

    {"id": "q7", "question": "...", "answer_facts": ["31 december 2025"], "kind": "duration",
     "doc": "mechelen-gemeenteraad-2021-03-01.md"}

An element of ``answer_facts`` is a string, or a list of alternative strings of which one
must appear in the answer. An empty ``answer_facts`` means the documents do not answer the
question. ``doc`` is optional. Unknown extra keys are allowed and ignored.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

# A fact is one string, or a tuple of alternative strings of which one must appear.
Fact = str | tuple[str, ...]

# What a case asks (evals/README.md explains each); "unanswerable" is the kind of every case
# without facts. "minutes" and "comparison" are used by the first dev sets only.
KINDS = frozenset({
    "party", "signatory", "date", "duration", "governance", "vote", "amount", "definition", "decision",
    "action", "topic", "multipart", "minutes", "comparison", "unanswerable",
})


class DatasetError(ValueError):
    """A dataset file is unreadable or a line in it is not a valid case."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path.name}, line {line}" if line is not None else path.name
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class EvalCase:
    """One evaluation question with the facts a correct answer must contain."""

    id: str
    question: str
    answer_facts: tuple[Fact, ...]
    kind: str
    doc: str | None = None

    @property
    def expects_refusal(self) -> bool:
        """True when the documents do not answer the question."""
        return not self.answer_facts


def _required_text(record: dict[str, Any], key: str) -> str:
    """Return a required, non-empty string field or raise ValueError."""
    if key not in record:
        raise ValueError(f"missing required key {key!r}")
    value = record[key]
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{key!r} must be a non-empty string, got {value!r}")
    return value.strip()


def _parse_fact(raw: Any, index: int) -> Fact:
    """Turn one element of answer_facts into a string or a tuple of alternatives."""
    if isinstance(raw, str):
        if not raw.strip():
            raise ValueError(f"answer_facts[{index}] is an empty string")
        return raw
    if isinstance(raw, list):
        if not raw:
            raise ValueError(f"answer_facts[{index}] is an empty list of alternatives")
        for alt in raw:
            if not isinstance(alt, str) or not alt.strip():
                raise ValueError(f"answer_facts[{index}] must hold only non-empty strings, got {alt!r}")
        return tuple(raw)
    raise TypeError(f"answer_facts[{index}] must be a string or a list of strings, got {type(raw).__name__}")


def _parse_facts(record: dict[str, Any]) -> tuple[Fact, ...]:
    """Validate the answer_facts field."""
    if "answer_facts" not in record:
        raise ValueError("missing required key 'answer_facts'")
    raw = record["answer_facts"]
    if not isinstance(raw, list):
        raise TypeError(
            f"'answer_facts' must be a list of strings or lists of strings, got {type(raw).__name__}"
        )
    return tuple(_parse_fact(item, i) for i, item in enumerate(raw))


def _parse_doc(record: dict[str, Any]) -> str | None:
    """Validate the optional doc field."""
    doc = record.get("doc")
    if doc is None:
        return None
    if not isinstance(doc, str) or not doc.strip():
        raise ValueError(f"'doc' must be a non-empty string (a file name) when given, got {doc!r}")
    return doc.strip()


def _kind(record: dict[str, Any]) -> str:
    kind = _required_text(record, "kind")
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; allowed: {', '.join(sorted(KINDS))}")
    return kind


def parse_case(record: Any) -> EvalCase:
    """Build an EvalCase from one decoded JSON value.

    Raises TypeError for a value of the wrong type and ValueError for a missing or empty one.
    """
    if not isinstance(record, dict):
        raise TypeError(f"a case must be a JSON object, got {type(record).__name__}")
    return EvalCase(
        id=_required_text(record, "id"),
        question=_required_text(record, "question"),
        answer_facts=_parse_facts(record),
        kind=_kind(record),
        doc=_parse_doc(record),
    )


def load_dataset(path: str | Path) -> list[EvalCase]:
    """Read a JSONL dataset; blank lines are skipped.

    Raises DatasetError naming the file and line for every problem.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(path, None, f"cannot read dataset: {exc}") from exc

    cases: list[EvalCase] = []
    first_line_of: dict[str, int] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(path, lineno, f"invalid JSON: {exc.msg} (column {exc.colno})") from exc
        except RecursionError as exc:
            raise DatasetError(path, lineno, "invalid JSON: nested too deeply") from exc
        except ValueError as exc:  # e.g. an integer longer than Python's int/str conversion limit
            raise DatasetError(path, lineno, f"invalid JSON: {exc}") from exc
        try:
            case = parse_case(record)
        except (TypeError, ValueError) as exc:
            raise DatasetError(path, lineno, str(exc)) from exc
        if case.id in first_line_of:
            raise DatasetError(
                path, lineno, f"duplicate id {case.id!r} (first used on line {first_line_of[case.id]})"
            )
        first_line_of[case.id] = lineno
        cases.append(case)
    logger.debug("loaded %d cases from %s", len(cases), path)
    return cases
