"""pyproject.toml declares what the code imports, and imports what it declares.

A dependency that is declared and never imported (extruct was) costs every
install; one imported and not declared (numpy was) works only by accident,
through another package's requirements.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from tests.conftest import REPO

CODE_DIRS = ("newsbot", "pipelines", "spiders")
# Declared but used without an import statement of ours, and why.
USED_INDIRECTLY = {
    # scrapy-playwright's memory-usage extension, which newsbot/render/_memusage.py extends,
    # imports it and hands it over as self.psutil.
    "psutil",
}
FIRST_PARTY = {"newsbot", "pipelines", "spiders", "tests", "benchmarks"}


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def declared() -> tuple[set[str], dict[str, set[str]]]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    extras = {extra: {_name(r) for r in reqs}
              for extra, reqs in project.get("optional-dependencies", {}).items()}
    required = {_name(r) for r in project["dependencies"]}
    # psycopg[pool] is psycopg_pool's distribution, asked for through psycopg's extra.
    if any(re.match(r"psycopg\[[^]]*\bpool\b", r) for r in project["dependencies"]):
        required.add("psycopg-pool")
    return required, extras


def imported() -> set[str]:
    """Top-level module names the code imports (third-party only)."""
    modules: set[str] = set()
    for directory in CODE_DIRS:
        for path in (REPO / directory).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    modules |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules.add(node.module.split(".")[0])
    return {m for m in modules if m not in sys.stdlib_module_names and m not in FIRST_PARTY}


def distributions_of(modules: set[str]) -> dict[str, set[str]]:
    owners = packages_distributions()
    return {module: {d.lower().replace("_", "-") for d in owners.get(module, [])}
            for module in modules}


def test_everything_imported_is_declared():
    required, extras = declared()
    allowed = required | extras.get("parquet", set())
    undeclared = sorted(f"{module} ({', '.join(sorted(dists)) or 'not installed'})"
                        for module, dists in distributions_of(imported()).items()
                        if not dists & allowed)
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"


def test_everything_declared_is_imported():
    required, extras = declared()
    used = set().union(*distributions_of(imported()).values())
    unused = sorted(required - used - USED_INDIRECTLY)
    assert not unused, f"declared in pyproject.toml but never imported: {unused}"
    assert extras["parquet"] <= used, "the parquet extra is for newsbot export --format parquet"
