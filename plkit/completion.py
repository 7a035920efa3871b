"""What "complete" means: the report every workbook's criteria give, and the one check nbgrader's
hidden test cell runs.

Each workbook's own criteria live in ``plkit/workbooks/<id>/completion.py``; this module finds
them through the registry. The progress display, the submit panel, the home page and nbgrader
all go through :func:`evaluate`, so they always agree.

>>> report = evaluate("defining", {})
>>> report.complete, report.done, report.total
(False, 0, 5)
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plkit.errors import StoreError, WorkbookNotFound
from plkit.registry import get
from plkit.store import RESPONSES_FILE, read_document

__all__ = [
    "Criterion",
    "Report",
    "evaluate",
    "assert_complete",
    "criteria_for",
    "MIN_REFLECTION_WORDS",
    "word_count",
]

MIN_REFLECTION_WORDS = 5



@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    met: bool
    todo: str


@dataclass(frozen=True)
class Report:
    workbook: str
    criteria: tuple[Criterion, ...]

    @property
    def done(self) -> int:
        return sum(c.met for c in self.criteria)

    @property
    def total(self) -> int:
        return len(self.criteria)

    @property
    def complete(self) -> bool:
        return self.done == self.total

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0


def word_count(text: str | None) -> int:
    """Words in an answer (letters and digits; punctuation alone is no word).

    >>> word_count("Students own their learning!")
    4
    """
    return len(re.findall(r"\w+", text if isinstance(text, str) else ""))


def criteria_for(workbook: str) -> Callable[[Mapping[str, Any]], list[Criterion]]:
    """The ``criteria`` function of ``workbook``'s ``completion`` module.

    Only that one module is imported (by the name the registry gives), so nbgrader's hidden
    cell loads the completion rules of the workbook it checks and nothing else."""
    try:
        wb = get(workbook)
    except WorkbookNotFound:
        raise WorkbookNotFound(f"There are no completion criteria for workbook '{workbook}'.") from None
    module = importlib.import_module(wb.module("completion"))
    fn: Callable[[Mapping[str, Any]], list[Criterion]] = module.criteria
    return fn


def evaluate(workbook: str, responses: Mapping[str, Any]) -> Report:
    """Which criteria of ``workbook`` the ``responses`` meet."""
    return Report(workbook, tuple(criteria_for(workbook)(responses or {})))


def assert_complete(workbook: str, folder: str | None = None) -> Report:
    """The check nbgrader's hidden test cell runs: fail, naming what is left, unless complete.

    Reads the responses file in ``folder`` (default: the current folder, which is where nbgrader
    runs a submitted notebook), never the participant's live workspace settings.
    """
    path = Path(folder or Path.cwd()) / RESPONSES_FILE
    answers: dict[str, Any] = {}
    if path.exists():
        try:
            answers = {k: v["value"] for k, v in read_document(path)["responses"].items()}
        except StoreError as exc:
            raise AssertionError(f"The saved answers could not be read: {exc}.") from None
    report = evaluate(workbook, answers)
    if not report.complete:
        todo = "; ".join(c.todo for c in report.criteria if not c.met)
        raise AssertionError(f"Not complete yet ({report.done} of {report.total} steps): {todo}")
    return report
