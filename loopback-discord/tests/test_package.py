"""The distribution itself: it imports only what it declares (nothing of the project that uses it),
ships its data files, and its pytest plugin is registered once, through its entry point."""

from __future__ import annotations

import ast
import re
import sys
from importlib import metadata, resources
from pathlib import Path

import pytest

import loopback_discord
from loopback_discord import pytest_plugin

DISTRIBUTION = "loopback-discord"
PACKAGE_DIR = Path(loopback_discord.__file__).parent
TESTS_DIR = Path(__file__).parent
# pytest_plugin.py is loaded only by pytest, which brings these along.
PLUGIN_IMPORTS = {"pytest", "pytest_asyncio"}
# The tests' own modules, imported by name from this folder.
TEST_MODULES = {path.stem for path in TESTS_DIR.glob("*.py")}
SHIPPED = (
    "openapi.json",
    "openapi.LICENSE",
    "openapi.README.md",
    "web/static/index.html",
    "web/static/app.js",
    "web/static/app.css",
)


def imported_modules(path: Path) -> set[str]:
    """The top-level names of every absolute import in the file, nested ones included."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names - {"__future__"}


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared_distributions(*, extra: str | None) -> set[str]:
    """The distributions the package requires (with `extra`, those of that extra too)."""
    declared = set()
    for requirement in metadata.requires(DISTRIBUTION) or []:
        name, _, marker = requirement.partition(";")
        if marker and f'extra == "{extra}"' not in marker.replace("'", '"'):
            continue
        declared.add(_normalized(re.split(r"[\s<>=!~\[(]", name.strip(), maxsplit=1)[0]))
    return declared


def undeclared(modules: set[str], allowed: set[str], distributions: set[str]) -> set[str]:
    """The modules neither in the standard library, nor `allowed`, nor provided by one of the
    `distributions` (a project's own package, say `lantern` or `bot`, is provided by none)."""
    providers = metadata.packages_distributions()
    return {
        module
        for module in modules - allowed - set(sys.stdlib_module_names)
        if not {_normalized(d) for d in providers.get(module, [])} & distributions
    }


def test_the_package_imports_only_its_declared_dependencies() -> None:
    runtime = declared_distributions(extra=None)
    assert {"aiohttp", "jsonschema"} <= runtime
    sources = sorted(PACKAGE_DIR.rglob("*.py"))
    assert PACKAGE_DIR / "server.py" in sources
    problems = {
        str(path.relative_to(PACKAGE_DIR)): stray
        for path in sources
        if (
            stray := undeclared(
                imported_modules(path),
                {"loopback_discord"}
                | (PLUGIN_IMPORTS if path.name == "pytest_plugin.py" else set()),
                runtime,
            )
        )
    }
    assert not problems, f"imports that {DISTRIBUTION} does not declare: {problems}"


def test_its_tests_import_only_the_package_and_its_test_extra() -> None:
    declared = declared_distributions(extra=None) | declared_distributions(extra="test")
    assert {"discord-py", "pytest"} <= declared
    problems = {
        path.name: stray
        for path in sorted(TESTS_DIR.glob("*.py"))
        if (
            stray := undeclared(
                imported_modules(path), {"loopback_discord"} | TEST_MODULES, declared
            )
        )
    }
    assert not problems, f"imports that {DISTRIBUTION}[test] does not declare: {problems}"


def test_an_import_of_the_project_would_be_caught(tmp_path: Path) -> None:
    source = tmp_path / "module.py"
    source.write_text(
        "import json\nimport aiohttp\nimport lantern\nfrom cogs.trivia import Trivia\n"
    )
    stray = undeclared(imported_modules(source), set(), declared_distributions(extra=None))
    assert stray == {"lantern", "cogs"}


def test_the_package_ships_its_data_files() -> None:
    root = resources.files("loopback_discord")
    missing = [name for name in SHIPPED if not root.joinpath(name).is_file()]
    assert not missing, f"not in the installed package: {missing}"


def test_the_plugin_is_registered_once_through_its_entry_point(pytestconfig: pytest.Config) -> None:
    names = [
        name
        for name, plugin in pytestconfig.pluginmanager.list_name_plugin()
        if plugin is pytest_plugin
    ]
    assert names == ["loopback_discord"]
