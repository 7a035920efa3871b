"""Completion for the district's platform: Canvas's gradebook import CSV, and a plain long table
for any other platform.

Both are read from the completion matrix (:mod:`plkit.workshop.status`): 1 for a workbook whose
completion check passed, 0 for one submitted but not complete (or awaiting autograde), empty for
one never submitted. Cells a spreadsheet would run as a formula are neutralised, as every plkit
export does.

Files are UTF-8 with a byte-order mark: Canvas reads it (its own gradebook exports may carry
one), and Excel, where a facilitator may look at the file first, needs it to show names with
accents. They name participants, so they are written readable by their owner only (0600).

>>> m = Matrix(["defining"], ["ana"], {"ana": "Ana Lopez"}, {("ana", "defining"): "complete"},
...            {"ana": Participant("ana", "Ana", "Lopez", "ana@example.org")})
>>> print(canvas_csv(m), end="")
Student,ID,SIS User ID,SIS Login ID,Section,Defining personalized learning
    Points Possible,,,,,1
"Lopez, Ana",,ana,ana@example.org,,1
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from plkit.errors import WorkshopError
from plkit.workshop.config import Workshop
from plkit.workshop.roster import Participant
from plkit.workshop.status import Matrix, completion_matrix, title, write

__all__ = ["CANVAS_COLUMNS", "LONG_COLUMNS", "POINTS_POSSIBLE", "canvas_csv", "long_csv", "released",
           "export", "safe"]

#: The identity columns of Canvas's gradebook import, in Canvas's order.
CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
#: The first cell of Canvas's points-possible row (four leading spaces, as Canvas writes it).
POINTS_POSSIBLE = "    Points Possible"
#: The columns of the long table, one row per participant and workbook.
LONG_COLUMNS = ("participant_id", "name", "email", "workbook_id", "workbook_title", "status", "complete",
                "submitted_at")
_COMPLETE = {"complete": "1", "incomplete": "0", "submitted": "0", "missing": ""}
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe(value: str) -> str:
    """``value`` as a spreadsheet shows it, never runs it: a leading ``'`` before = + - @ tab CR.

    >>> safe("=HYPERLINK(1)"), safe("-ana"), safe("ana")
    ("'=HYPERLINK(1)", "'-ana", 'ana')
    """
    return "'" + value if value.startswith(_TRIGGERS) else value


def _rows_csv(rows: Sequence[Sequence[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for row in rows:
        w.writerow([c if c == POINTS_POSSIBLE else safe(c) for c in row])
    return buf.getvalue()


def _person(m: Matrix, pid: str) -> Participant:
    return m.people.get(pid) or Participant(pid)


def _canvas_name(p: Participant) -> str:
    """Canvas's "Last, First"; one of them when only one is known; else the participant id."""
    if p.first_name and p.last_name:
        return f"{p.last_name}, {p.first_name}"
    return p.last_name or p.first_name or p.id


def canvas_csv(m: Matrix, workbooks: Sequence[str] | None = None) -> str:
    """Canvas's gradebook import: one row per participant, one column per workbook named by its
    title (a name without an assignment id in brackets makes Canvas create the assignment),
    a points-possible row of 1s; the participant id in SIS User ID and the email in SIS Login ID.
    ``workbooks`` (default: all of the matrix) chooses the columns."""
    wbs = list(m.workbooks if workbooks is None else workbooks)
    rows = [[*CANVAS_COLUMNS, *(title(w) for w in wbs)],
            [POINTS_POSSIBLE, "", "", "", "", *("1" for _ in wbs)]]
    for pid in m.participants:
        p = _person(m, pid)
        rows.append([_canvas_name(p), "", pid, p.email, "", *(_COMPLETE[m.cells[(pid, w)]] for w in wbs)])
    return _rows_csv(rows)


def long_csv(m: Matrix, workbooks: Sequence[str] | None = None) -> str:
    """One row per participant and workbook (:data:`LONG_COLUMNS`): status is one of
    :data:`plkit.workshop.status.STATES`, complete 1, 0 or empty (never submitted), submitted_at
    when the graded submission was handed in (UTC, empty until autograded)."""
    wbs = list(m.workbooks if workbooks is None else workbooks)
    rows: list[list[str]] = [list(LONG_COLUMNS)]
    for pid in m.participants:
        p = _person(m, pid)
        name = f"{p.first_name} {p.last_name}".strip()
        for w in wbs:
            state = m.cells[(pid, w)]
            rows.append([pid, name, p.email, w, title(w), state, _COMPLETE[state],
                         m.submitted.get((pid, w), "")])
    return _rows_csv(rows)


def released(ws: Workshop, m: Matrix | None = None) -> list[str]:
    """The workbooks released to participants (in nbgrader's exchange), in the matrix's order,
    with any workbook someone submitted all the same; when nothing was released yet, all."""
    m = m or completion_matrix(ws)
    outbound = ws.exchange / ws.course_id / "outbound"
    out = [w for w in m.workbooks if (outbound / w).is_dir()
           or any(m.cells[(p, w)] != "missing" for p in m.participants)]
    return out or list(m.workbooks)


def export(ws: Workshop, canvas: str | Path | None = None, long: str | Path | None = None,
           workbooks: Sequence[str] | None = None) -> list[Path]:
    """Write Canvas's import file to ``canvas`` and the long table to ``long`` (either may be
    None), each whole or not at all and readable by its owner only; returns the paths written.
    ``workbooks`` defaults to :func:`released`."""
    if canvas is None and long is None:
        raise WorkshopError("Say what to write: --canvas FILE (Canvas's gradebook import) or --csv FILE "
                            "(one row per participant and workbook), or both.")
    m = completion_matrix(ws)
    wbs = list(workbooks) if workbooks else released(ws, m)
    unknown = [w for w in wbs if w not in m.workbooks]
    if unknown:
        raise WorkshopError(f"The workbook '{unknown[0]}' is not part of this workshop; choose among "
                            f"{', '.join(m.workbooks)}.")
    written = []
    if canvas is not None:
        written.append(write(canvas, canvas_csv(m, wbs), "canvas-import.csv", mode=0o600, encoding="utf-8-sig"))
    if long is not None:
        written.append(write(long, long_csv(m, wbs), "completion-long.csv", mode=0o600, encoding="utf-8-sig"))
    return written
