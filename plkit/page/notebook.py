"""The rules a workbook notebook follows, checked for the shipped notebooks and for a district's
own copy of one (its framing text in the district's words).

A workbook notebook is markdown cells of framing and code cells that each make one call to one of
the workbook's registered activities: ``plkit.define.card_sort()`` (the first may also say
``import plkit``). Each code cell is tagged ``<workbook id>.<activity id>`` and is stored without
outputs or execution counts. The notebook is the source a person edits; plkit holds the logic.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from plkit.errors import ContentError
from plkit.registry import WORKBOOKS, Workbook

__all__ = ["activity_id", "activities", "notebook_problems", "check_notebook_file", "page_alias",
           "district_notebooks", "NOTEBOOKS_FOLDER"]

#: Where a district's content folder keeps its own copies of workbook notebooks, under the same
#: folder and file names as the shipped ones (``notebooks/defining/defining-personalized-learning.ipynb``).
NOTEBOOKS_FOLDER = "notebooks"

_CALL = re.compile(r"(?:import plkit\n)?plkit\.(?P<alias>\w+)\.(?P<fn>\w+)\(\)\s*")


def activity_id(fn: Callable[..., Any]) -> str:
    """The id of the activity ``fn`` shows: the tag suffix of its cell (``card-sort``)."""
    given = getattr(fn, "activity_id", None)
    return given if isinstance(given, str) else fn.__name__.replace("_", "-")


def page_alias(module_name: str) -> str:
    """The short name notebooks call a page module by (``define`` for the Defining page)."""
    import plkit  # the alias table lives on the package itself

    for alias, name in plkit.PAGES.items():
        if name == module_name:
            return alias
    raise KeyError(module_name)


def activities(wb: Workbook) -> dict[str, str]:
    """``{activity id: function name}`` of ``wb``'s page: its start and every cell of ``PAGE``."""
    page = importlib.import_module(wb.module("page"))
    cells: list[Callable[..., Any]] = [page.start, *page.PAGE]
    return {activity_id(fn): fn.__name__ for fn in cells}


def notebook_problems(nb: Mapping[str, Any], wb: Workbook) -> list[str]:
    """Everything in notebook ``nb`` (parsed JSON) that breaks the rules, one sentence each."""
    alias = page_alias(wb.module("page"))
    known = activities(wb)
    by_fn = {fn: aid for aid, fn in known.items()}
    problems: list[str] = []
    code = [c for c in nb.get("cells", []) if isinstance(c, Mapping) and c.get("cell_type") == "code"]
    if not code:
        problems.append("it has no code cell, so it would show none of the workbook's activities")
    for n, cell in enumerate(code, 1):
        problems += _cell_problems(n, cell, wb, alias, by_fn)
    return problems


def _cell_problems(n: int, cell: Mapping[str, Any], wb: Workbook, alias: str,
                   by_fn: Mapping[str, str]) -> list[str]:
    source = cell.get("source", "")
    text = "".join(source) if isinstance(source, list) else str(source)
    where = f"code cell {n}"
    m = _CALL.fullmatch(text)
    if m is None or m.group("alias") != alias or m.group("fn") not in by_fn:
        names = ", ".join(f"plkit.{alias}.{fn}()" for fn in by_fn)
        return [f"{where} ({text.strip()[:60]!r}) must be exactly one call to one of {names}"]
    problems = []
    tags = cell.get("metadata", {}).get("tags", [])
    want = f"{wb.id}.{by_fn[m.group('fn')]}"
    if want not in tags:
        problems.append(f"{where} calls {m.group('fn')}() and must be tagged {want!r} (tags: {tags})")
    if cell.get("outputs"):
        problems.append(f"{where} has saved outputs; clear them (Edit > Clear Outputs of All Cells)")
    if cell.get("execution_count") is not None:
        problems.append(f"{where} has an execution count; clear the outputs before saving")
    return problems


def check_notebook_file(path: str | Path, wb: Workbook) -> None:
    """Raise :class:`ContentError` with one sentence when the notebook at ``path`` breaks a rule."""
    p = Path(path)
    try:
        nb = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ContentError(str(p), "notebook", f"could not be read as a notebook ({exc})") from None
    if not isinstance(nb, dict):
        raise ContentError(str(p), "notebook", "is not a notebook (no cells)")
    problems = notebook_problems(nb, wb)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ContentError(str(p), "cells", f"break the workbook rules: {problems[0]}{more}")


def district_notebooks(content_dir: str | Path | None) -> dict[str, Path]:
    """The district's own copies of workbook notebooks in ``content_dir``, checked by the same rules
    as the shipped ones: ``{notebook path in the workspace: district file}``. Raises
    :class:`ContentError` (one sentence naming the file and what is wrong) for a copy that breaks
    them, or for a notebook that belongs to no workbook."""
    if content_dir is None:
        return {}
    folder = Path(content_dir).expanduser() / NOTEBOOKS_FOLDER
    if not folder.is_dir():
        return {}
    by_path = {wb.path: wb for wb in WORKBOOKS}
    found: dict[str, Path] = {}
    for path in sorted(folder.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        rel = path.relative_to(folder).as_posix()
        wb = by_path.get(rel)
        if wb is None:
            known = ", ".join(sorted(by_path))
            raise ContentError(str(path), "notebook", f"matches no workbook; name it as one of: {known}")
        check_notebook_file(path, wb)
        found[rel] = path
    return found
