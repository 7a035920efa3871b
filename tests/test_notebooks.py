"""The notebooks are the source a person edits: every code cell is one call to a registered
activity, tagged with its id, stored clean. A district's own copy of a notebook is checked by the
same rules before plkit uses it."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

import plkit
from plkit.errors import ContentError
from plkit.page.notebook import activities, check_notebook_file, notebook_problems
from plkit.paths import notebooks_source
from plkit.registry import WORKBOOKS, Workbook, get

ROOT = Path(__file__).resolve().parents[1]


def _nb(wb: Workbook) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "workbooks" / wb.path).read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("wb", WORKBOOKS, ids=lambda wb: wb.id)
def test_every_shipped_workbook_notebook_follows_the_rules(wb: Workbook) -> None:
    assert notebook_problems(_nb(wb), wb) == []
    check_notebook_file(ROOT / "workbooks" / wb.path, wb)


@pytest.mark.parametrize("wb", WORKBOOKS, ids=lambda wb: wb.id)
def test_every_activity_of_a_page_has_its_cell(wb: Workbook) -> None:
    tags = [t for c in _nb(wb)["cells"] if c["cell_type"] == "code" for t in c["metadata"]["tags"]]
    assert tags, "the notebook has no tagged code cell"
    assert sorted(tags) == sorted(f"{wb.id}.{aid}" for aid in activities(wb))


def _other_notebooks() -> list[Path]:
    found = [ROOT / "workbooks" / "home.ipynb", *sorted((ROOT / "facilitator").glob("*.ipynb"))]
    assert len(found) >= 3, "home and the facilitator notebooks are missing"
    return found


@pytest.mark.parametrize("path", _other_notebooks(), ids=lambda p: p.name)
def test_home_and_facilitator_notebooks_are_thin_and_clean(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code, f"{path.name} has no code cell"
    for cell in code:
        src = "".join(cell["source"]).replace("import plkit\n", "")
        alias, _, call = src.removeprefix("plkit.").partition(".")
        module = getattr(plkit, alias)
        assert call.endswith("()") and call[:-2] in module.__all__, src
        assert cell["metadata"]["tags"][0].startswith(alias.split("_")[0] + "."), cell["metadata"]
        assert not cell["outputs"] and cell["execution_count"] is None


def test_the_notebook_generator_is_gone() -> None:
    assert not (ROOT / "tools" / "make_notebooks.py").exists()


@pytest.fixture
def defining() -> tuple[Workbook, dict[str, Any]]:
    wb = get("defining")
    return wb, _nb(wb)


def test_a_cell_with_logic_is_refused(defining: tuple[Workbook, dict[str, Any]]) -> None:
    wb, nb = defining
    bad = copy.deepcopy(nb)
    code = [c for c in bad["cells"] if c["cell_type"] == "code"]
    code[2]["source"] = "x = 1\nplkit.define.card_sort()"
    problems = notebook_problems(bad, wb)
    assert len(problems) == 1 and "code cell 3" in problems[0] and "exactly one call" in problems[0]


def test_a_call_to_another_workbook_or_an_unknown_activity_is_refused(
        defining: tuple[Workbook, dict[str, Any]]) -> None:
    wb, nb = defining
    for source in ("plkit.nightmares.rate()", "plkit.define.no_such_thing()", "plkit.define.card_sort(1)"):
        bad = copy.deepcopy(nb)
        [c for c in bad["cells"] if c["cell_type"] == "code"][1]["source"] = source
        assert notebook_problems(bad, wb), source


def test_a_wrong_tag_outputs_and_execution_counts_are_refused(
        defining: tuple[Workbook, dict[str, Any]]) -> None:
    wb, nb = defining
    bad = copy.deepcopy(nb)
    cell = [c for c in bad["cells"] if c["cell_type"] == "code"][2]
    cell["metadata"]["tags"] = ["defining.card_sort"]
    cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "hi"}]
    cell["execution_count"] = 4
    problems = notebook_problems(bad, wb)
    assert len(problems) == 3
    assert "'defining.card-sort'" in problems[0]


def test_a_notebook_without_code_is_refused(defining: tuple[Workbook, dict[str, Any]]) -> None:
    wb, nb = defining
    bare = {**nb, "cells": [c for c in nb["cells"] if c["cell_type"] == "markdown"]}
    assert notebook_problems(bare, wb) == [
        "it has no code cell, so it would show none of the workbook's activities"]


def test_a_damaged_file_is_one_sentence(tmp_path: Path) -> None:
    bad = tmp_path / "x.ipynb"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ContentError, match="could not be read as a notebook"):
        check_notebook_file(bad, get("defining"))
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ContentError, match="is not a notebook"):
        check_notebook_file(bad, get("defining"))


def test_shipped_notebooks_are_where_plkit_serves_them_from() -> None:
    for wb in WORKBOOKS:
        assert (notebooks_source() / wb.path).is_file(), wb.path


def _district_copy(folder: Path, wb: Workbook, edit: Any) -> Path:
    nb = _nb(wb)
    edit(nb)
    target = folder / "notebooks" / wb.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


def _reframe(nb: dict[str, Any]) -> None:
    nb["cells"][0]["source"] = ["# Defining personalized learning in Riverside\n", "\n", "Our own words."]


def test_a_districts_own_notebook_is_served_in_place_of_the_shipped_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from plkit.serve import prepare_workspace

    district = tmp_path / "riverside"
    _district_copy(district, get("defining"), _reframe)
    monkeypatch.setenv("PLKIT_CONTENT_DIR", str(district))
    ws = prepare_workspace(tmp_path / "ws")
    served = (ws / get("defining").path).read_text(encoding="utf-8")
    assert "in Riverside" in served
    assert (ws / get("nightmares").path).read_bytes() == (ROOT / "workbooks" / get("nightmares").path).read_bytes()
    monkeypatch.delenv("PLKIT_CONTENT_DIR")
    again = prepare_workspace(tmp_path / "ws")  # without the district: the shipped page comes back
    assert "in Riverside" not in (again / get("defining").path).read_text(encoding="utf-8")


def test_a_districts_notebook_that_breaks_the_rules_is_one_sentence(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from plkit.cli import main
    from plkit.serve import prepare_workspace

    district = tmp_path / "riverside"

    def add_logic(nb: dict[str, Any]) -> None:
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        code[1]["source"] = ["import os\n", "plkit.define.compare()"]

    bad = _district_copy(district, get("defining"), add_logic)
    monkeypatch.setenv("PLKIT_CONTENT_DIR", str(district))
    with pytest.raises(ContentError) as err:
        prepare_workspace(tmp_path / "ws")
    message = str(err.value)
    assert str(bad) in message and "code cell 2" in message and "exactly one call" in message
    assert message.count(". ") <= 1  # one sentence
    monkeypatch.delenv("PLKIT_CONTENT_DIR")
    assert main(["content", "validate", str(district)]) != 0
    assert "code cell 2" in capsys.readouterr().err
    bad.unlink()
    _district_copy(district, get("defining"), _reframe)
    assert main(["content", "validate", str(district)]) == 0
    assert "1 of its own notebook" in capsys.readouterr().out
    stray = district / "notebooks" / "extra" / "mine.ipynb"
    stray.parent.mkdir()
    stray.write_text("{}", encoding="utf-8")
    assert main(["content", "validate", str(district)]) != 0
    assert "matches no workbook" in capsys.readouterr().err


def test_a_killed_saves_temporary_file_is_never_submitted() -> None:
    from plkit.exchange import Exchange

    c = Exchange("pl-day", Path("/tmp/exchange")).config(Path("/tmp/ws"), "ana")
    assert ".plkit-responses.json.*.tmp" in c.CourseDirectory.ignore
    assert "plkit-responses.unreadable-*" in c.CourseDirectory.ignore
