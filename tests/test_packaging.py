"""Packaging: environment.yml agrees with pyproject.toml, ``import plkit`` stays light, and the
public surface (``__all__``) is real."""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from helpers_unit import REPO
from packaging.requirements import Requirement

import plkit

PYPROJECT = REPO / "pyproject.toml"
ENVIRONMENT = REPO / "environment.yml"


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    reqs = list(project["dependencies"]) + list(project["optional-dependencies"]["test"])
    out: dict[str, str] = {}
    for line in reqs:
        r = Requirement(line)
        out[_name(r.name)] = ",".join(sorted(str(s) for s in r.specifier))
    return out


def _conda_requirement(entry: str) -> tuple[str, str]:
    m = re.fullmatch(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*?)\s*", entry)
    assert m, f"environment.yml: cannot read the dependency {entry!r}"
    spec = ",".join(sorted(s.strip().replace(" ", "") for s in m.group(2).split(",") if s.strip()))
    return _name(m.group(1)), spec


def _check_environment(path: Path) -> None:
    """Assert that the conda environment file at ``path`` mirrors pyproject's dependencies."""
    assert path.is_file(), (
        f"{path.name} is missing: it must list pyproject's runtime and test dependencies "
        "for conda users"
    )
    env = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(env, dict) and env.get("name"), "environment.yml needs a name"
    deps = env.get("dependencies")
    assert isinstance(deps, list) and deps, "environment.yml needs a dependencies list"
    not_text = [d for d in deps if not isinstance(d, str)]
    assert not not_text, f"environment.yml: expected plain conda dependencies, found {not_text}"
    conda = dict(_conda_requirement(d) for d in deps)
    assert conda.pop("python", None) == ">=3.11", "environment.yml must pin python>=3.11"
    assert "pip" in conda, "environment.yml must list pip"
    conda.pop("pip")
    expected = _pyproject_requirements()
    assert set(conda) == set(expected), (
        f"only in environment.yml: {sorted(set(conda) - set(expected))}; "
        f"only in pyproject.toml: {sorted(set(expected) - set(conda))}"
    )
    different = {k: (conda[k], expected[k]) for k in expected if conda[k] != expected[k]}
    assert not different, f"version specifiers differ (environment.yml, pyproject): {different}"


def test_environment_yml_mirrors_pyproject() -> None:
    _check_environment(ENVIRONMENT)


def _expected_environment() -> list[str]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    reqs = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    # conda has no extras: "psycopg[binary]>=3.1" is spelled "psycopg>=3.1"
    return ["python>=3.11", "pip", *(re.sub(r"\[[^\]]*\]", "", r) for r in reqs)]


def test_environment_check_accepts_the_expected_format(tmp_path: Path) -> None:
    path = tmp_path / "environment.yml"
    deps = [d.lower().replace(">=", " >=") for d in _expected_environment()]  # conda spelling
    path.write_text(yaml.safe_dump({"name": "plkit", "channels": ["conda-forge"],
                                    "dependencies": deps}), encoding="utf-8")
    _check_environment(path)


@pytest.mark.parametrize("change", ["missing", "extra", "version", "pip-section"])
def test_environment_check_catches_drift(tmp_path: Path, change: str) -> None:
    deps: list[object] = list(_expected_environment())
    if change == "missing":
        deps.remove(next(d for d in deps if str(d).startswith("pandas")))
    elif change == "extra":
        deps.append("numpy>=2")
    elif change == "version":
        deps = [re.sub(r"^pandas>=.*", "pandas>=1.0", str(d)) for d in deps]
    else:
        deps.append({"pip": ["-e .[test]"]})
    path = tmp_path / "environment.yml"
    path.write_text(yaml.safe_dump({"name": "plkit", "dependencies": deps}), encoding="utf-8")
    with pytest.raises(AssertionError):
        _check_environment(path)


def test_pyproject_requirement_parsing() -> None:
    reqs = _pyproject_requirements()
    assert reqs["pyyaml"] == ">=6.0"  # names normalised, specifiers kept
    assert "pytest" in reqs and "ipywidgets" in reqs
    assert _conda_requirement("PyYAML >=6.0") == ("pyyaml", ">=6.0")
    assert _conda_requirement("pytest_timeout>=2.3") == ("pytest-timeout", ">=2.3")


def test_tests_stay_out_of_the_wheel() -> None:
    cfg = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert cfg["packages"]["find"]["include"] == ["plkit*"]


_PROBE = (
    "import json, sys, plkit; "
    "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
    "('ipywidgets', 'pandas', 'voila', 'nbgrader', 'yaml', 'plkit'))))"
)


def test_import_plkit_is_light() -> None:
    result = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                            timeout=60, cwd=REPO)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    heavy = [m for m in loaded if m.split(".")[0] in ("ipywidgets", "pandas", "voila", "nbgrader")]
    assert heavy == []
    assert "plkit" in loaded


def test_every_public_name_resolves() -> None:
    assert plkit.__all__, "plkit has no public surface"
    assert len(plkit.__all__) == len(set(plkit.__all__))
    for name in plkit.__all__:
        assert getattr(plkit, name) is not None, name
    assert sorted(dir(plkit)) == sorted(plkit.__all__)
    with pytest.raises(AttributeError):
        plkit.no_such_thing  # noqa: B018


def _all_modules() -> list[str]:
    import pkgutil

    return sorted(m.name for m in pkgutil.walk_packages(plkit.__path__, "plkit.")
                  if not m.name.endswith("__main__"))


@pytest.mark.parametrize("name", sorted(plkit.PAGES))
def test_the_names_notebooks_call_are_page_modules(name: str) -> None:
    module = importlib.import_module(plkit.PAGES[name])
    assert getattr(plkit, name) is module


@pytest.mark.parametrize("name", _all_modules())
def test_every_module_imports_and_has_what_its_all_names(name: str) -> None:
    module = importlib.import_module(name)
    for public in getattr(module, "__all__", []):
        assert hasattr(module, public), f"{name}.__all__ names {public!r}, which is missing"


def test_version_matches_pyproject() -> None:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    assert plkit.__version__ == project["version"]


def test_ci_runs_exactly_the_test_command_readme_gives() -> None:
    """README's quick start command 2 is the last command of .ci/run, character for character."""
    import re

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)\n```", readme, flags=re.S)
    test_cmd = next(b for b in blocks if "pytest" in b).strip()
    ci_lines = [
        ln for ln in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.lstrip().startswith("#")
    ]
    assert ci_lines[-1].strip() == test_cmd
    serve_cmd = next(b for b in blocks if "plkit serve" in b).strip()
    assert serve_cmd.endswith("plkit serve") and "pip install -e ." in serve_cmd


def test_under_nbgrader_a_pages_cells_build_nothing() -> None:
    """nbgrader runs every cell before its hidden check: there the cells do nothing and load
    neither the page nor any widget, so autograding costs about what an empty notebook does."""
    import subprocess
    import sys

    code = ("import sys, plkit\n"
            "assert plkit.define.start() is None and plkit.define.card_sort() is None\n"
            "assert plkit.classdata_workbook.load() is None\n"
            "print(sorted(m for m in ('ipywidgets', 'pandas', 'plkit.workbooks.defining.page', "
            "'plkit.content.loader') if m in sys.modules))\n")
    env = {**os.environ, "NBGRADER_EXECUTION": "autograde"}
    graded = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert graded.returncode == 0, graded.stderr[-2000:]
    assert graded.stdout.strip() == "[]"
    env.pop("NBGRADER_EXECUTION")
    served = subprocess.run([sys.executable, "-c", "import plkit; print(plkit.define.__name__)"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert served.stdout.strip() == "plkit.workbooks.defining.page"
