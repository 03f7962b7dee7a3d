"""The packages import only downwards: no import cycle between modules, function-local and
conditional imports included (a cycle hidden in a function is still a cycle)."""
from __future__ import annotations

import ast
import logging
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["checker", "web"]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}


def _target(name: str, modules: dict[str, Path]) -> str | None:
    """The project module `name` stands for (its longest known prefix), else None."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Project modules `module` imports anywhere in its text (``from X import name`` counts
    as importing X.name when that is a module, else X itself)."""
    is_package = path.name == "__init__.py"
    base = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            origin = node.module or ""
            if node.level:
                anchor = base.rsplit(".", node.level - 1)[0] if node.level > 1 else base
                origin = f"{anchor}.{origin}" if origin else anchor
            names = [f"{origin}.{alias.name}" if f"{origin}.{alias.name}" in modules else origin
                     for alias in node.names]
        else:
            continue
        found.update(t for n in names if (t := _target(n, modules)) and t != module)
    return found


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of `graph` as a list of modules, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def test_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " → ".join(cycle)


def test_the_detector_sees_function_local_imports(tmp_path):
    """A cycle made only of imports inside functions is still found."""
    modules = {"pkg.a": tmp_path / "a.py", "pkg.b": tmp_path / "b.py"}
    modules["pkg.a"].write_text("def f():\n    from pkg.b import g\n")
    modules["pkg.b"].write_text("def g():\n    from pkg import a\n")
    graph = {m: imports_of(m, p, {**modules, "pkg": tmp_path / "__init__.py"})
             for m, p in modules.items()}
    assert find_cycle(graph) == ["pkg.a", "pkg.b", "pkg.a"]


@pytest.mark.parametrize("leaf", ["checker.rulebook.errors", "checker.values", "checker.dates",
                                  "checker.placeholders", "checker.rulebook.sources"])
def test_leaf_modules_import_nothing_of_the_project(leaf):
    assert import_graph()[leaf] == set()


def test_web_modules_do_not_import_the_web_package_or_the_pages():
    """Only web/__init__ assembles the app; the API takes nothing from the HTML pages."""
    graph = import_graph()
    for module, targets in graph.items():
        if module.startswith("web."):
            assert "web" not in targets, module
    assert "web.reviews" not in graph["web.api"]
    assert "web.security" not in graph["web.service"]
    assert "web.security" not in graph["web.auth"]


# import-linter configures logging (logging.config.dictConfig without
# disable_existing_loggers=False): in the test process it would disable every logger that
# exists already — the application's among them — for the rest of the session, and tests that
# run later on the same process (or xdist worker) would find their log records missing.  So it
# runs in a process of its own.
LINT = ("import sys; from importlinter.cli import lint_imports; "
        "sys.exit(lint_imports(config_filename=sys.argv[1]))")


def test_layers_import_downwards_only():
    """The import-linter contracts of pyproject.toml hold: application → energy account →
    facts → engine → findings → outcome → documents → store → web, never upwards."""
    result = subprocess.run([sys.executable, "-c", LINT, str(ROOT / "pyproject.toml")],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_checking_the_layers_leaves_the_logging_of_the_test_process_alone(caplog):
    """Checking the layers does not silence the application's loggers (it did when
    import-linter ran in the test process: tests/store/test_provider.py then found the
    provider's warnings missing, depending on which tests its worker had run before)."""
    log = logging.getLogger("checker.rulebook.provider")  # the provider's logger
    test_layers_import_downwards_only()
    with caplog.at_level(logging.WARNING, logger=log.name):
        log.warning("参数设置中的值未采用")
    assert "参数设置中的值未采用" in caplog.text
