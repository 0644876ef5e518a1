"""The demos' core imports one way: each module can be read, and tested, without the ones above it.

context <- models <- ratelimit <- sandbox <- middleware, with quota beside the models: the rate
limiter knows nothing of sandboxes, and the models nothing of the middleware. Every import
counts, including one inside a function (a way to hide a cycle, not to remove it).
"""

import ast
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

PACKAGE = "tutorial.demos"
ROOT = Path(__file__).resolve().parents[2]
DEMOS = ROOT / "tutorial" / "demos"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, modules: set[str]) -> set[str]:
    """The modules of tutorial.demos that ``path`` imports anywhere in its code."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in modules else base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {module for module in found if module in modules and module != name}


def graph() -> dict[str, set[str]]:
    paths = [path for path in DEMOS.rglob("*.py") if "migrations" not in path.parts]
    modules = {module_name(path) for path in paths}
    return {module_name(path): imported(path, modules) for path in paths}


def test_the_demos_modules_import_each_other_without_a_cycle():
    try:
        order = list(TopologicalSorter(graph()).static_order())
    except CycleError as error:
        pytest.fail(f"import cycle: {' -> '.join(error.args[1])}")
    assert f"{PACKAGE}.context" in order


def depends_on(module: str) -> set[str]:
    edges, seen, todo = graph(), set(), [f"{PACKAGE}.{module}"]
    while todo:
        for target in edges[todo.pop()] - seen:
            seen.add(target)
            todo.append(target)
    return {name.removeprefix(f"{PACKAGE}.") for name in seen}


@pytest.mark.parametrize(
    ("module", "never"),
    [
        ("context", {"models", "sandbox", "ratelimit", "middleware", "quota"}),
        ("quota", {"models", "sandbox", "ratelimit", "middleware", "context"}),
        ("models", {"sandbox", "ratelimit", "middleware", "limits"}),
        ("ratelimit", {"sandbox", "middleware", "limits"}),
        ("sandbox", {"middleware", "limits"}),
    ],
)
def test_each_core_module_stands_on_the_ones_below_it_only(module, never):
    assert depends_on(module) & never == set()


@pytest.mark.parametrize("module", ["context", "quota", "models", "ratelimit", "sandbox",
                                    "limits", "middleware"])  # fmt: skip
def test_each_core_module_imports_first_in_a_fresh_interpreter(module, tmp_path):
    """Imported first in a fresh interpreter (once Django is set up), each module finds what it
    needs already defined."""
    code = (
        "import django, importlib; django.setup(set_prefix=False); "
        f"importlib.import_module('{PACKAGE}.{module}')"
    )
    # The site's settings, not the tests' (importing those would delete this run's database).
    environment = {
        "DJANGO_SETTINGS_MODULE": "tutorial.settings",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_DATA_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
