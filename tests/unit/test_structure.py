"""The project's modules form no import cycle, and the product never imports the evaluation tools.

Imports are read with `ast` from the source of assistant/, ingest/, vectorstore/, evals/ and prompts/,
including imports inside functions (a lazy import is still a dependency: the cycle cli <-> ui ran
through two of them), and a module-level import of a.b.c counts as importing the packages a.b and a
too (their __init__ runs first: `assistant.labels` importing `assistant.grounded.fact_answers` ran
`assistant/grounded/__init__`, which imported `assistant.labels` back). Imports under
`if TYPE_CHECKING:` are left out: they never run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

from tests.conftest import ROOT

PACKAGES = ("assistant", "ingest", "vectorstore", "evals", "prompts")
PRODUCT = ("assistant", "ingest", "vectorstore", "prompts")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    return {module_name(p): p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _runtime_nodes(tree: ast.AST) -> Iterable[tuple[ast.AST, bool]]:
    """Every node that runs, and whether it runs inside a function (a lazy import) or at import time."""
    stack: list[tuple[ast.AST, bool]] = [(tree, False)]
    while stack:
        node, lazy = stack.pop()
        yield node, lazy
        inner = lazy or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                stack.extend((c, inner) for c in child.orelse)
                continue
            stack.append((child, inner))


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules that module `name` imports at run time."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node, lazy in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import mod` imports the module pkg.mod where there is one
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:  # `import a.b.c` of a module a.b.c or a name in a.b
                target = target.rpartition(".")[0]
            if not target or target == name:
                continue
            found.add(target)
            # importing a.b.c at import time first runs the __init__ of a.b and a (unless they are
            # packages of this module, whose __init__ has run already): an import-time cycle can go
            # through a package's __init__
            parent = target.rpartition(".")[0]
            while not lazy and parent in known and not (name == parent or name.startswith(parent + ".")):
                found.add(parent)
                parent = parent.rpartition(".")[0]
    return found


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    known = set(modules)
    return {name: imports_of(name, path, known) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_cycles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"f"}, "f": {"e"}, "g": set()}
    assert sorted(cycles(graph)) == [["a", "b", "c"], ["e", "f"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_reader_sees_lazy_and_relative_imports(tmp_path: Path) -> None:
    source = tmp_path / "mod.py"
    source.write_text(
        "from typing import TYPE_CHECKING\nimport os\nfrom . import sibling\n"
        "if TYPE_CHECKING:\n    from pkg import typed\n"
        "def f():\n    from pkg.deep import thing\n    import pkg.other\n    from other.sub.leaf import y\n",
        encoding="utf-8")
    known = {"pkg", "pkg.mod", "pkg.sibling", "pkg.deep", "pkg.other", "pkg.typed", "other", "other.sub", "other.sub.leaf"}
    # a lazy import counts, but not the packages above it (they run when the function runs)
    assert imports_of("pkg.mod", source, known) == {"pkg.sibling", "pkg.deep", "pkg.other", "other.sub.leaf"}
    # importing other.sub.leaf runs the __init__ of other.sub and of other first
    source.write_text("from other.sub.leaf import x\n", encoding="utf-8")
    assert imports_of("pkg.mod", source, known) == {"other.sub.leaf", "other.sub", "other"}


def test_no_import_cycles_between_the_project_modules() -> None:
    graph = import_graph()
    assert "assistant.cli" in graph and "evals.runner" in graph  # the reader found the project
    assert graph["assistant.ingest_service"], "the reader found no imports at all"
    assert cycles(graph) == []


def test_the_product_never_imports_the_evaluation_tools() -> None:
    graph = import_graph()
    offenders = {name: sorted(t for t in targets if t.split(".")[0] in ("evals", "tests"))
                 for name, targets in graph.items() if name.split(".")[0] in PRODUCT}
    assert {k: v for k, v in offenders.items() if v} == {}
