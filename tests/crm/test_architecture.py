"""The map of docs/architecture.md holds where import-linter cannot look: no module reaches
itself through others (a cycle inside one app breaks no floor), and models relate only to
models of their own floor or below (a ForeignKey("app.Model") string is no import)."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import grimp
from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
LINTER = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
FLOORS = next(c for c in LINTER["contracts"] if c["id"] == "floors")["layers"]


def _cycles(graph: grimp.ImportGraph) -> set[frozenset[str]]:
    """Every set of two or more modules that import each other, directly or not (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[frozenset[str]] = set()

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == module:
                    break
            if len(component) > 1:
                found.add(frozenset(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        for module in sorted(graph.modules):
            if module not in index:
                visit(module)
    finally:
        sys.setrecursionlimit(limit)
    return found


def test_no_module_imports_itself_through_other_modules():
    # given every import of the project, those under TYPE_CHECKING and inside functions too
    graph = grimp.build_graph(*LINTER["root_packages"], exclude_type_checking_imports=False)

    # when
    cycles = _cycles(graph)

    # then
    assert cycles == set()


def test_finding_cycles_finds_indirect_ones():
    # given a → b → c → a and c → d
    graph = grimp.ImportGraph()
    for importer, imported in (("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")):
        graph.add_import(importer=importer, imported=imported)

    # then
    assert _cycles(graph) == {frozenset({"a", "b", "c"})}


def test_models_relate_only_to_their_own_floor_or_below():
    # given each app's floor (0 the top), apps on one floor independent of each other
    floor = {app.strip(): height for height, layer in enumerate(FLOORS) for app in layer.split("|")}

    # when
    upward = []
    for model in apps.get_models():
        app = model._meta.app_label
        for field in model._meta.get_fields():
            related = field.related_model
            if app not in floor or not field.is_relation or field.auto_created or related is None:
                continue
            other = related._meta.app_label
            if other in floor and other != app and floor[other] <= floor[app]:
                upward.append(f"{model._meta.label}.{field.name} → {related._meta.label}")

    # then
    assert upward == []
