"""No import cycles between the project's own modules, type-only imports included.

The graph is read from the source with `ast` (nothing is imported): every `import` and
`from ... import` anywhere in a module counts, inside `if TYPE_CHECKING:` and function bodies
too. `from pkg import name` is an edge to the module `pkg.name` when that is a module, else to
`pkg`; relative imports are resolved against the importing module's package.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

from lantern.settings import PROJECT_ROOT

# What the graph covers: the entry point and the packages of the project (the loopback Discord
# is a separate distribution and imports nothing of Lantern's).
TOP_LEVEL_MODULES = ("bot.py",)
PACKAGES = ("app", "cogs", "lantern", "bench")

Graph = Mapping[str, set[str]]


def project_modules(root: Path) -> dict[str, Path]:
    """Dotted module name -> file, for the files the graph covers."""
    found = {name[:-3]: root / name for name in TOP_LEVEL_MODULES if (root / name).exists()}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def _package_of(module: str, path: Path) -> str:
    """The package a relative import in `module` starts from."""
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def _resolve_from(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = _package_of(module, path)
    for _ in range(node.level - 1):
        base = base.rpartition(".")[0]
    return f"{base}.{node.module}" if node.module else base


def _owning_module(name: str, modules: Iterable[str]) -> str | None:
    """`name` or the longest of its prefixes that is a project module."""
    known = set(modules)
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in known:
            return candidate
    return None


def imports_of(module: str, path: Path, modules: Iterable[str]) -> set[str]:
    """The project modules `module` imports, anywhere in its source."""
    known = set(modules)
    targets: set[str | None] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets.update(_owning_module(alias.name, known) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve_from(module, path, node)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                targets.add(submodule if submodule in known else _owning_module(base, known))
    return {target for target in targets if target is not None and target != module}


def import_graph(root: Path) -> dict[str, set[str]]:
    modules = project_modules(root)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def strongly_connected(graph: Graph) -> list[list[str]]:
    """Tarjan's strongly connected components, in a stable order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def _path_back(graph: Graph, start: str, members: set[str]) -> list[str]:
    """A shortest way from `start` back to itself within one component (breadth first)."""
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in sorted(graph.get(node, ())):
                if target == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [start, *reversed(path[:-1]), start]
                if target in members and target not in previous:
                    previous[target] = node
                    following.append(target)
        frontier = following
    raise AssertionError(f"{start} is on no cycle")


def find_cycles(graph: Graph) -> list[list[str]]:
    """One cycle per component that has one, each as `[a, b, ..., a]`."""
    cycles = []
    for component in strongly_connected(graph):
        start = component[0]
        if len(component) > 1 or start in graph.get(start, ()):
            cycles.append(_path_back(graph, start, set(component)))
    return cycles


def without(graph: Graph, removed: Iterable[str]) -> dict[str, set[str]]:
    gone = set(removed)
    return {node: targets - gone for node, targets in graph.items() if node not in gone}


def describe(cycles: Iterable[list[str]]) -> str:
    return "\n".join(" -> ".join(cycle) for cycle in cycles)


# ----- the finder itself, on graphs small enough to check by hand -----


def test_the_finder_names_each_cycle_and_passes_an_acyclic_graph() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a", "e"}, "e": {"e"}, "f": set()}
    assert describe(find_cycles(graph)) == "a -> b -> c -> a\ne -> e"
    assert find_cycles({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []
    assert find_cycles(without(graph, {"b", "e"})) == []


def write_files(files: Mapping[str, str], root: Path) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_graph_sees_relative_type_only_and_function_body_imports(tmp_path: Path) -> None:
    files = {
        "lantern/__init__.py": "",
        "lantern/a.py": "def later():\n    from . import b\n",
        "lantern/b.py": (
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from lantern.a import X\n"
        ),
        "lantern/c.py": "import lantern.b\nfrom lantern import missing\nimport os\n",
    }
    write_files(files, tmp_path)
    graph = import_graph(tmp_path)
    assert graph == {
        "lantern": set(),
        "lantern.a": {"lantern.b"},
        "lantern.b": {"lantern.a"},
        "lantern.c": {"lantern", "lantern.b"},
    }
    assert describe(find_cycles(graph)) == "lantern.a -> lantern.b -> lantern.a"


# ----- the project -----


def test_the_graph_covers_the_project() -> None:
    graph = import_graph(PROJECT_ROOT)
    assert "lantern.database.trivia" in graph["lantern.trivia.service"]
    assert "lantern.trivia.records" in graph["lantern.database.trivia"]
    assert "cogs.spoilers._cog" in graph["cogs.spoilers"]


def test_the_project_has_no_import_cycles() -> None:
    cycles = find_cycles(import_graph(PROJECT_ROOT))
    assert not cycles, f"import cycles:\n{describe(cycles)}"


def test_nothing_imports_the_entry_script() -> None:
    graph = import_graph(PROJECT_ROOT)
    importers = sorted(module for module, imported in graph.items() if "bot" in imported)
    assert importers == [], f"bot.py is the entry point only, yet imported by {importers}"


def imported_names(path: Path) -> set[str]:
    """Every module a file imports, at any depth (type-only and function-local included)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module)
    return names


def test_the_domain_imports_no_discord() -> None:
    """lantern/ is plain Python: rules, matching, detection and stores, testable without Discord."""
    offenders = sorted(
        str(path.relative_to(PROJECT_ROOT))
        for path in (PROJECT_ROOT / "lantern").rglob("*.py")
        if any(name.split(".")[0] == "discord" for name in imported_names(path))
    )
    assert offenders == []
