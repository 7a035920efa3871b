"""What leaves with a submission, checked against every class loaded on this computer.

:func:`check_submission` reads the workbook folder as nbgrader's exchange sends it (everything but
:data:`NOT_SUBMITTED`): each answer of the responses file by its key (where lone name parts count,
rule 4 of :mod:`plkit.privacy`), and every other file's name and text (whole names, IDs, logins
and emails). :func:`refusal` says where, in one sentence that names the answers to edit and never
the student.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from plkit.errors import StoreError
from plkit.privacy.memory import Identifiers
from plkit.privacy.words import file_texts
from plkit.store import RESPONSES_FILE, STORE_SIDE_FILES, TEMP_PATTERN, read_document

__all__ = ["NOT_SUBMITTED", "Finding", "check_submission", "refusal"]

#: What the exchange leaves out of a submission (glob patterns for nbgrader's
#: ``CourseDirectory.ignore``): the store's own files, checkpoints, caches, feedback.
NOT_SUBMITTED = (*STORE_SIDE_FILES, ".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback")
#: What the check skips: all of that but a killed save's temporary file, which holds answers and
#: which an exchange set up without :data:`NOT_SUBMITTED` would send.
_SKIPPED = tuple(p for p in NOT_SUBMITTED if p != TEMP_PATTERN)
_WHAT = {"name": "a student's name", "id": "a student's ID, login or email"}


@dataclass(frozen=True)
class Finding:
    """Where a student can be recognised (an answer, a file), and how: ``name`` and/or ``id``."""

    where: str
    kinds: frozenset[str]


def _submitted(folder: Path) -> Iterator[Path]:
    """The files of ``folder`` that the exchange sends, in a stable order."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not any(fnmatch.fnmatch(d, p) for p in _SKIPPED))
        for name in sorted(files):
            if not any(fnmatch.fnmatch(name, p) for p in _SKIPPED):
                yield Path(root) / name


def _answers(path: Path, known: Identifiers, label: str) -> list[Finding]:
    """The answers of the responses file that identify a student, each by its key."""
    try:
        responses = read_document(path)["responses"]
    except StoreError:  # sent as it is: read it all, as an answer
        kinds = set().union(*(known.kinds(text, parts=True) for _, text in file_texts(path)))
        return [Finding(label, frozenset(kinds))] if kinds else []
    answers = {key: entry["value"] for key, entry in responses.items()}
    return [Finding(f"your answer to “{where}”" if not known.kinds(where, parts=True)
                    else "one of your answers", frozenset(kinds))
            for where, kinds in known.find_in_answers(answers).items()]


def check_submission(folder: str | Path, known: Identifiers) -> list[Finding]:
    """Where what ``folder`` would submit identifies a student ``known`` holds."""
    folder = Path(folder)
    findings: list[Finding] = []
    if not known or not folder.is_dir():
        return findings
    for path in _submitted(folder):
        rel = path.relative_to(folder).as_posix()
        named = known.kinds(rel, parts=True)
        if named:
            findings.append(Finding("the name of a file in your workbook folder", frozenset(named)))
        label = "a file in your workbook folder" if named else f"the file {rel}"
        if rel == RESPONSES_FILE:
            findings += _answers(path, known, label)
            continue
        kinds = set().union(*(known.kinds(text, parts=False) for _, text in file_texts(path)))
        if kinds:
            findings.append(Finding(label, frozenset(kinds)))
    return findings


def refusal(findings: Sequence[Finding]) -> str:
    """One sentence (no full stop) saying where a student can be recognised and what to do.

    >>> refusal([Finding("your answer to “a.b”", frozenset({"name"}))]).split(";")[0]
    "your answer to “a.b” holds a student's name"
    """
    places = list(dict.fromkeys(f.where for f in findings))
    kinds = sorted(set().union(*(f.kinds for f in findings)), key=list(_WHAT).index)
    shown = places if len(places) <= 3 else [*places[:2], f"{len(places) - 2} other places"]
    where = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
    one = len(places) == 1
    return (f"{where} {'holds' if one else 'hold'} {' and '.join(_WHAT[k] for k in kinds)}; edit "
            f"{'it' if one else 'them'} so that no student is named or can be recognised, then submit again")
