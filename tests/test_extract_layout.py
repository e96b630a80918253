"""kg/extract/ as one-way stages: no import circle, and each module imports only modules listed before it in
the order kg/extract/__init__.py's docstring documents (so a newcomer can read the stages top to bottom)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import kg.extract

PACKAGE = Path(kg.extract.__file__).parent


def documented_order() -> list[str]:
    """Module names in the order the package docstring lists them (lines that start with ``name``)."""
    doc = ast.get_docstring(ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))) or ""
    return [m.group(1) for m in re.finditer(r"^``(\w+)``\s", doc, re.MULTILINE)]


def package_imports(path: Path) -> set[str]:
    """Modules of kg.extract that ``path`` imports anywhere in it (top level, inside functions, under
    TYPE_CHECKING): ``import kg.extract.x``, ``from kg.extract.x import y``, ``from kg.extract import x``,
    ``from . import x`` and ``from .x import y``."""
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("kg.extract."):
                    found.add(alias.name.split(".")[2])
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = "kg.extract" + ("." + base if base else "")
            if base == "kg.extract":
                found.update(a.name for a in node.names if a.name in modules)
            elif base.startswith("kg.extract."):
                found.add(base.split(".")[2])
    found.discard(path.stem)
    return found


def import_graph() -> dict[str, set[str]]:
    return {p.stem: package_imports(p) for p in sorted(PACKAGE.glob("*.py")) if p.stem != "__init__"}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle found by a depth-first walk, each as the list of modules around it."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def walk(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                found.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                walk(nxt, path + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            walk(node, [node])
    return found


def test_the_walk_finds_a_circle() -> None:
    """The circle check itself: it must see a circle of three and of two, and none in a chain."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"frames": {"relations"}, "relations": {"frames"}}) == [["frames", "relations", "frames"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_the_import_parser_sees_every_form(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("import kg.extract.nlp\nfrom kg.extract.names import norm\nfrom kg.extract import rules, other\n"
                     "from . import source\nfrom .values import value_of\nimport kg.errors\n"
                     "def later():\n    from kg.extract.frames import apply_frames\n"
                     "if TYPE_CHECKING:\n    from kg.extract.draft import to_yaml\n", encoding="utf-8")
    assert package_imports(probe) == {"nlp", "names", "rules", "source", "values", "frames", "draft"}


def test_no_import_circle_in_kg_extract() -> None:
    assert cycles(import_graph()) == []


def test_every_module_is_in_the_documented_order() -> None:
    order = documented_order()
    assert len(order) == len(set(order)), f"a module is listed twice: {order}"
    assert set(order) == set(import_graph()), "kg/extract/__init__.py's docstring must list every module once"
    assert order[:3] == ["rules", "names", "values"] and order[-2:] == ["draft", "evaluate"]
    assert order.index("source") < order.index("nlp") < order.index("mentions") < order.index("relations")


def test_each_module_imports_only_earlier_ones() -> None:
    order = documented_order()
    late = {(module, imported) for module, imports in import_graph().items() for imported in imports
            if order.index(imported) >= order.index(module)}
    assert late == set(), f"these imports go against the documented stage order: {sorted(late)}"


def test_no_stage_imports_evaluate() -> None:
    users = {module for module, imports in import_graph().items() if "evaluate" in imports}
    assert users == set()
