"""The layers of docs/architecture.md hold: which part of storydiff may import which, and no
import makes a circle.

Read from the source (``ast``), imports inside functions included: an import moved into a
function still makes the dependency, it only hides it until the function runs. Imports
under ``if TYPE_CHECKING:`` are left out (they never run).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "storydiff"

_BASE = {"model", "errors", "settings"}
_LIBRARY = _BASE | {
    "serialize", "embeddings", "lean_imports", "analyze", "ingest", "stories", "compare", "render", "store",
    "prepare", "pool", "batch", "ingest.persist", "stream", "reports", "review",
}
#: Part -> the parts it may import (docs/architecture.md draws the same). A part is a
#: top-level module or package of storydiff; ``ingest.persist`` (ingest into a store) is
#: apart from the ingest readers, which know no store.
MAY_IMPORT: dict[str, set[str]] = {
    "model": set(),
    "errors": set(),
    "settings": set(),
    "lean_imports": set(),
    "storydiff": {"model"},  # the package itself: its public names
    "serialize": {"model"},
    "embeddings": {"errors", "settings"},
    "analyze": _BASE | {"serialize"},
    "ingest": _BASE,
    "render": _BASE | {"serialize"},
    "stories": _BASE | {"analyze", "embeddings"},
    "compare": _BASE | {"analyze", "ingest", "embeddings"},
    "review": _BASE,  # a person's verdict on a finding, and the finding's stable key
    "store": _BASE | {"serialize", "ingest", "review"},
    "prepare": _BASE | {"analyze", "embeddings", "stories"},
    "pool": _BASE | {"analyze", "embeddings", "lean_imports", "prepare"},
    "batch": _BASE | {"analyze", "embeddings", "prepare", "serialize"},
    "ingest.persist": _BASE | {"ingest", "store"},
    "stream": _BASE | {"embeddings", "ingest", "ingest.persist", "stories", "store", "prepare", "pool", "batch"},
    "reports": _BASE | {"store", "compare", "render"},
    "eval": _LIBRARY | {"storydiff"},
    "web": _LIBRARY | {"storydiff"},
    "cli": _LIBRARY | {"storydiff", "eval", "web"},
}


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return modules


def _part(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "storydiff"
    if parts[1] in ("store_schema", "store_stories", "store_findings"):
        return "store"
    if parts[1:3] == ["ingest", "persist"]:
        return "ingest.persist"
    return parts[1]


def _imports(modules: dict[str, Path]) -> dict[str, set[tuple[str, int]]]:
    """Module -> (storydiff module it imports, line), at any depth but TYPE_CHECKING."""

    def known(name: str) -> str:
        while name not in modules and "." in name:
            name = name.rsplit(".", 1)[0]
        return name

    out: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]

        def visit(node: ast.AST) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                    continue
                targets = []
                if isinstance(child, ast.Import):
                    targets = [alias.name for alias in child.names]
                elif isinstance(child, ast.ImportFrom):
                    base = child.module or ""
                    if child.level:
                        anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                        base = ".".join(anchor + ([base] if base else []))
                    targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in child.names]
                for target in targets:
                    if target == "storydiff" or target.startswith("storydiff."):
                        found = known(target)
                        if found != name:
                            out[name].add((found, child.lineno))
                visit(child)

        visit(ast.parse(path.read_text(encoding="utf-8")))
    return out


def test_every_part_is_placed_in_a_layer():
    unplaced = sorted({_part(m) for m in _modules()} - MAY_IMPORT.keys())
    assert not unplaced, (f"{unplaced}: new parts of storydiff; say what each may import in MAY_IMPORT here "
                          "and draw it in docs/architecture.md")


def test_imports_follow_the_layers():
    modules = _modules()
    wrong = [f"{modules[m].relative_to(ROOT)}:{line} imports {target} ({_part(m)} may not import {_part(target)})"
             for m, targets in _imports(modules).items() for target, line in targets
             if _part(target) != _part(m) and _part(target) not in MAY_IMPORT.get(_part(m), set())]
    assert not wrong, "imports against docs/architecture.md:\n" + "\n".join(sorted(wrong))


def test_no_import_makes_a_circle():
    graph = {m: {t for t, _ in targets} for m, targets in _imports(_modules()).items()}
    circles = []
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []

    def strongly_connected(module: str) -> None:  # Tarjan's algorithm
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in graph.get(module, ()):
            if target not in index:
                strongly_connected(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == module:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            strongly_connected(module)
    assert not circles, f"modules that import each other (directly or round a circle): {circles}"


def test_the_checks_see_a_circle_and_a_wrong_layer(tmp_path, monkeypatch):
    """The three checks above fail when they should: a store that imports a story index
    (against the layers) which imports the store back (a circle)."""
    package = tmp_path / "storydiff"
    (package / "stories").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "stories" / "__init__.py").write_text("")
    (package / "stories" / "index.py").write_text("from storydiff.store import Store\n")
    (package / "store.py").write_text("def load():\n    from storydiff.stories.index import StoryIndex\n")
    monkeypatch.setattr(f"{__name__}.PACKAGE", package)
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    modules = _modules()
    imports = _imports(modules)
    assert imports["storydiff.store"] == {("storydiff.stories.index", 2)}
    try:
        test_imports_follow_the_layers()
    except AssertionError as error:
        assert "store may not import stories" in str(error)
    else:
        raise AssertionError("the layer check missed store -> stories")
    try:
        test_no_import_makes_a_circle()
    except AssertionError as error:
        assert "storydiff.store" in str(error)
    else:
        raise AssertionError("the circle check missed store <-> stories.index")
