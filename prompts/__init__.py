"""Dutch prompt templates as files, rendered strictly: a missing variable is an error."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from string import Template

_DIR = Path(__file__).resolve().parent


class PromptError(ValueError):
    """A prompt template is missing or a variable it needs was not given."""


@cache
def load(name: str) -> Template:
    path = _DIR / f"{name}.md"
    if not path.is_file():
        raise PromptError(f"prompt '{name}' not found in {_DIR}")
    return Template(path.read_text(encoding="utf-8"))


def render(name: str, **variables: str) -> str:
    template = load(name)
    try:
        return template.substitute(variables).strip()
    except KeyError as exc:
        raise PromptError(f"prompt '{name}' needs variable {exc.args[0]!r}") from exc
    except ValueError as exc:
        raise PromptError(f"prompt '{name}' is malformed: {exc}") from exc


def names() -> list[str]:
    return sorted(p.stem for p in _DIR.glob("*.md"))
