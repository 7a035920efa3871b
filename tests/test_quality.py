"""The architecture and the code's strictness, checked by the same command as every other test:
import-linter's contracts, ``mypy --strict``, ``ruff``, module sizes and each workbook package's
shape (the file roles every workbook shares, as Django apps or Home Assistant integrations do)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plkit.registry import WORKBOOKS

ROOT = Path(__file__).resolve().parents[1]
PLKIT = ROOT / "plkit"
BIN = Path(sys.executable).parent

#: The file roles of a workbook package (see ARCHITECTURE.md). Every workbook has these ...
REQUIRED_ROLES = ("__init__.py", "keys.py", "completion.py", "page.py")
#: ... and these where it has that role (a workbook with no takeaway has no takeaway.py).
OPTIONAL_ROLES = ("model.py", "group.py", "takeaway.py", "widgets.py")


def _tool(name: str) -> str:
    path = BIN / name
    found = str(path) if path.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: install the test extras (pip install -e '.[test]')")
    return found


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)


def test_import_contracts_are_kept() -> None:
    result = _run(_tool("lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "broken" not in result.stdout.lower().replace("0 broken", "")


def test_at_least_three_import_contracts() -> None:
    import tomllib

    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    assert len(contracts) >= 3


def test_mypy_strict_is_clean() -> None:
    result = _run(_tool("mypy"), "--no-incremental")  # files and --strict come from pyproject.toml
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]


def test_ruff_is_clean() -> None:
    result = _run(_tool("ruff"), "check", "--no-cache", "plkit", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]


def _modules() -> list[Path]:
    found = sorted(PLKIT.rglob("*.py"))
    assert len(found) > 50, "plkit's modules were not found"
    return found


def test_no_module_is_over_400_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in _modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}


def test_at_most_twelve_modules_directly_in_plkit() -> None:
    top = sorted(p.name for p in PLKIT.glob("*.py"))
    assert len(top) <= 12, top


@pytest.mark.parametrize("wb", WORKBOOKS, ids=lambda wb: wb.id)
def test_each_workbook_package_has_the_shared_file_roles(wb: object) -> None:
    folder = PLKIT / "workbooks" / wb.package  # type: ignore[attr-defined]
    assert folder.is_dir(), f"{wb!r} has no package"
    missing = [role for role in REQUIRED_ROLES if not (folder / role).exists()]
    assert missing == []
    present = [role for role in OPTIONAL_ROLES if (folder / role).exists()]
    assert len(present) >= 2, f"{folder.name} has almost none of the shared file roles"


def test_every_workbook_package_is_registered() -> None:
    packages = sorted(p.name for p in (PLKIT / "workbooks").iterdir()
                      if p.is_dir() and (p / "__init__.py").exists())
    assert packages, "no workbook packages"
    assert packages == sorted({wb.package for wb in WORKBOOKS})


def test_imports_inside_functions_say_why() -> None:
    """An import inside a function hides the import graph; it is allowed only to defer a heavy
    import or break a cycle, with a comment saying so on the line or the line before."""
    unexplained = []
    for path in _modules():
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            stripped = line.lstrip()
            indented = len(line) - len(stripped) > 0
            if indented and (stripped.startswith("import ") or stripped.startswith("from ")) \
                    and " import " in f" {stripped}" and "TYPE_CHECKING" not in "".join(lines[max(0, i - 3):i]):
                before = lines[i - 1].strip() if i else ""
                if "#" not in line and not before.startswith("#") and not _in_type_checking(lines, i):
                    unexplained.append(f"{path.relative_to(ROOT)}:{i + 1}: {stripped}")
    assert unexplained == []


def _in_type_checking(lines: list[str], i: int) -> bool:
    for j in range(i - 1, -1, -1):
        s = lines[j]
        if s and not s.startswith((" ", "\t")):
            return s.startswith("if TYPE_CHECKING")
    return False


HEAVY = ("pandas", "numpy", "matplotlib", "ipywidgets", "anywidget", "nbformat", "nbgrader", "openpyxl")


@pytest.mark.parametrize("wb", WORKBOOKS, ids=lambda wb: wb.id)
def test_the_completion_check_loads_nothing_heavy(wb: object) -> None:
    """What nbgrader's hidden cell runs, in a fresh interpreter: only completion rules load."""
    code = (
        "import sys\n"
        "from plkit.completion import evaluate\n"
        f"report = evaluate({wb.id!r}, {{}})\n"  # type: ignore[attr-defined]
        "assert report.total > 0\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "[]"
