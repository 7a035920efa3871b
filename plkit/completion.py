"""What "complete" means: the report every workbook's criteria give, and the one check nbgrader's
hidden test cell runs.

Each workbook's own criteria live in ``plkit/workbooks/<id>/completion.py``; this module finds
them through the registry. The progress display, the submit panel, the home page and nbgrader
all go through :func:`evaluate`, so they always agree.

Before any rule sees them, the answers are checked against the workbook's JSON Schema (``SCHEMA``
in ``plkit/workbooks/<id>/keys.py``, built from the fragments here): an answer of the wrong type
(a number where a choice was saved, a "word" of punctuation alone, a damaged or tampered file)
counts as not given, and the report names it in ``unusable``.

>>> report = evaluate("defining", {})
>>> report.complete, report.done, report.total
(False, 0, 5)
>>> evaluate("defining", {"defining.closest-definition": 12345}).unusable
('defining.closest-definition',)
"""

from __future__ import annotations

import functools
import importlib
import re
import sys
from collections.abc import Callable, Collection, Mapping, Sequence
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
    "is_one_of",
    "usable_answers",
    "answers_schema",
    "TEXT",
    "CHOICE",
    "CHOICES",
    "FLAG",
    "nullable",
]

MIN_REFLECTION_WORDS = 5

# -- JSON Schema fragments for the answers a workbook saves (its keys.py ``SCHEMA``) ----------
#: Text typed by the participant: not given (null, blank) or holding at least one letter or
#: digit; punctuation alone is no answer.
TEXT: dict[str, Any] = {"type": ["string", "null"], "maxLength": 100_000, "pattern": r"^\s*$|\w"}
#: One option chosen by its id (None while nothing is chosen).
CHOICE: dict[str, Any] = {"type": ["string", "null"], "maxLength": 500}
#: Options ticked, by id.
CHOICES: dict[str, Any] = {"type": ["array", "null"], "items": {"type": "string", "maxLength": 500},
                           "maxItems": 1000}
#: A yes or no.
FLAG: dict[str, Any] = {"type": ["boolean", "null"]}


def nullable(schema: Mapping[str, Any]) -> dict[str, Any]:
    """``schema`` for an object, or null (not given yet)."""
    return {"anyOf": [{"type": "null"}, dict(schema)]}


def answers_schema(properties: Mapping[str, Any], patterns: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The schema of a workbook's answers: ``{store key: schema}``, and ``{key regex: schema}``
    for keys made per item (a plan per nightmare, a challenge per id). Other keys pass unchecked."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
            "properties": dict(properties), "patternProperties": dict(patterns or {})}



@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    met: bool
    todo: str
    #: The activity id of the notebook step it belongs to (the cell tagged ``<workbook>.<step>``),
    #: when it is not ``id``; the page's step navigation shows the step done when all of its are.
    step: str = ""

    @property
    def step_id(self) -> str:
        return self.step or self.id


@dataclass(frozen=True)
class Report:
    workbook: str
    criteria: tuple[Criterion, ...]
    #: Answers that were saved but are not of the form the workbook saves (counted as not given).
    unusable: tuple[str, ...] = ()

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


def is_one_of(value: Any, options: Collection[str]) -> bool:
    """Whether a saved choice is one of ``options`` (a saved value may be any JSON: never raises).

    >>> is_one_of("is", {"is", "isnt"}), is_one_of(["is"], {"is", "isnt"})
    (True, False)
    """
    return isinstance(value, str) and value in options


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


def _jsonschema_validators() -> Any:
    """``jsonschema.validators``, imported without its optional ``rfc3987_syntax`` probe.

    jsonschema looks for optional format checkers when it is imported; rfc3987-syntax (installed
    with jupyter_server) builds a grammar for about 2 s there, which every autograde and page would
    pay. plkit checks no string formats, so that one probe is made to fail (``sys.modules`` entry
    None) while jsonschema loads, and everything is as before afterwards."""
    hidden = [] if "jsonschema" in sys.modules else [m for m in _FORMAT_PROBES if m not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # None: importing it fails
    try:
        # deferred: jsonschema (about 0.1 s) only once there are answers to check
        import jsonschema.validators  # type: ignore[import-untyped]  # jsonschema ships no types
    finally:
        for name in hidden:
            sys.modules.pop(name, None)
    return jsonschema.validators


#: Optional packages jsonschema probes for its string-format checkers when it is imported
#: (rfc3987-syntax alone builds a grammar for about 2 s; the others add some 60 modules). plkit
#: checks no string formats, so they are made to fail while jsonschema loads.
_FORMAT_PROBES = ("rfc3987_syntax", "rfc3987", "rfc3986_validator", "rfc3339_validator", "fqdn", "idna",
                  "webcolors", "jsonpointer", "uri_template", "isoduration", "arrow")


@functools.cache
def _validator(workbook: str) -> Any:
    """The JSON Schema validator of ``workbook``'s answers (tuples count as arrays, any mapping
    as an object, so answers held in memory are checked as they would be once saved)."""
    schema = importlib.import_module(get(workbook).module("keys")).SCHEMA
    v = _jsonschema_validators()
    base = v.validator_for(schema)
    types = base.TYPE_CHECKER.redefine_many({
        "array": lambda _c, x: isinstance(x, (list, tuple)),
        "object": lambda _c, x: isinstance(x, Mapping),
    })
    return v.extend(base, type_checker=types)(schema)


def usable_answers(workbook: str, responses: Mapping[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The answers of the form ``workbook`` saves, and the keys of those that are not."""
    answers = dict(responses or {})
    if not answers:
        return answers, ()
    bad: set[str] = set()
    for error in _validator(workbook).iter_errors(answers):
        if error.path:
            bad.add(str(error.path[0]))
        else:  # cannot happen for a mapping of answers; drop everything rather than guess
            return {}, tuple(sorted(map(str, answers)))
    return {k: v for k, v in answers.items() if k not in bad}, tuple(sorted(bad))


def evaluate(workbook: str, responses: Mapping[str, Any]) -> Report:
    """Which criteria of ``workbook`` the ``responses`` meet (answers of the wrong form count as
    not given, and are listed in the report's ``unusable``)."""
    rules = criteria_for(workbook)
    answers, unusable = usable_answers(workbook, responses)
    return Report(workbook, tuple(rules(answers)), unusable)


def _unusable_sentence(keys: Sequence[str]) -> str:
    names = ", ".join(keys[:5]) + (f" and {len(keys) - 5} more" if len(keys) > 5 else "")
    if len(keys) == 1:
        return (f" The saved answer to {names} could not be used (it is not of the form the "
                "workbook saves), so it counts as not given.")
    return (f" The saved answers to {names} could not be used (they are not of the form the "
            "workbook saves), so they count as not given.")


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
        bad = _unusable_sentence(report.unusable) if report.unusable else ""
        raise AssertionError(f"Not complete yet ({report.done} of {report.total} steps): {todo}{bad}")
    return report
