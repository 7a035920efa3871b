"""plkit's own Voila template: shipped as package data, found by Voila, chosen by ``plkit serve``
and by the hub's single-user servers; each completion criterion belongs to a step of its notebook.

The page itself (header, step navigation, print styles) is tested in a real browser by
tests/test_browser_template.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers_unit import REPO

from plkit.completion import evaluate
from plkit.hub import HubPlan, singleuser_command
from plkit.page.progress import step_states
from plkit.registry import WORKBOOKS
from plkit.serve import TEMPLATE, template_root, voila_command, voila_env

TEMPLATE_FILES = ("conf.json", "index.html.j2", "static/plkit.css", "static/plkit.js")


def _template_dir(root: Path) -> Path:
    return root / "voila" / "templates" / TEMPLATE


def test_the_template_is_in_the_package() -> None:
    folder = _template_dir(template_root())
    assert template_root() == REPO / "plkit" / "share" / "jupyter"
    for name in TEMPLATE_FILES:
        assert (folder / name).is_file(), name
    assert json.loads((folder / "conf.json").read_text(encoding="utf-8"))["base_template"] == "lab"


def test_package_data_carries_the_template(tmp_path: Path) -> None:
    """What setuptools puts into a wheel (build_py with pyproject's package data) holds the
    template, and Voila finds it there through the JUPYTER_PATH plkit gives it."""
    build = tmp_path / "lib"
    code = ("import sys; sys.argv = ['setup.py', '-q', 'build_py', '--build-lib', sys.argv[1]]; "
            "import setuptools; setuptools.setup()")
    done = subprocess.run([sys.executable, "-W", "ignore", "-c", code, str(build)], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    shipped = build / "plkit" / "share" / "jupyter"
    for name in TEMPLATE_FILES:
        assert (_template_dir(shipped) / name).is_file(), f"{name} is not package data"
    probe = ("import json; from voila.paths import collect_template_paths; "
             "print(json.dumps(collect_template_paths(['voila', 'nbconvert'], 'plkit', prune=True)))")
    env = {k: v for k, v in os.environ.items() if k != "JUPYTER_PATH"}
    env["JUPYTER_PATH"] = str(shipped)
    found = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True,
                           timeout=120)
    assert found.returncode == 0, found.stderr[-2000:]
    paths = json.loads(found.stdout)
    assert paths[0] == str(_template_dir(shipped))
    # the template extends Voila's "lab" template, found in Voila's own data folder
    assert any(p.endswith(os.path.join("voila", "templates", "lab")) for p in paths)


def test_voila_env_puts_plkits_data_folder_first() -> None:
    env = voila_env({"JUPYTER_PATH": os.pathsep.join(["/elsewhere", str(template_root())]), "X": "1"})
    assert env["JUPYTER_PATH"].split(os.pathsep) == [str(template_root()), "/elsewhere"]
    assert env["X"] == "1"
    assert voila_env({})["JUPYTER_PATH"] == str(template_root())


def test_plkit_serve_selects_the_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLKIT_VOILA_TEMPLATE", raising=False)
    assert "--VoilaConfiguration.template=plkit" in voila_command(tmp_path, 8899)
    assert "--VoilaConfiguration.template=plkit" in voila_command(tmp_path, 8899, preheat=False,
                                                                  home="voila/render/dashboard.ipynb")
    monkeypatch.setenv("PLKIT_VOILA_TEMPLATE", "lab")  # the benchmark's comparison
    assert "--VoilaConfiguration.template=lab" in voila_command(tmp_path, 8899)


@pytest.mark.parametrize("role", ["participant", "facilitator"])
def test_the_hubs_servers_select_the_template(tmp_path: Path, role: str) -> None:
    plan = HubPlan(role, "ana", tmp_path, "/voila/render/home.ipynb")
    cmd = singleuser_command(plan, ["--debug"])
    assert "--VoilaConfiguration.template=plkit" in cmd
    assert cmd[-1] == "--debug"  # the hub's own arguments still come last


def _notebook_tags(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [t for c in nb["cells"] if c["cell_type"] == "code" for t in c["metadata"].get("tags", [])]


@pytest.mark.parametrize("wb", WORKBOOKS, ids=lambda wb: wb.id)
def test_every_criterion_belongs_to_a_step_of_its_notebook(wb) -> None:  # type: ignore[no-untyped-def]
    tags = _notebook_tags(REPO / "workbooks" / wb.path)
    states = step_states(evaluate(wb.id, {}))
    assert states, f"{wb.id} has no steps to complete"
    missing = sorted(set(states) - set(tags))
    assert not missing, f"{wb.id}: criteria point at steps its notebook does not have: {missing}"
    assert set(states.values()) == {"todo"}
