"""Completion for the district's platform (plkit.workshop.export): Canvas's gradebook import CSV
and the long table, from a matrix built by hand, then from a real workshop on the command line."""

from __future__ import annotations

import contextlib
import csv
import doctest
import io
import stat
from datetime import datetime
from pathlib import Path
from types import ModuleType

import pytest
from helpers_unit import assert_one_sentence

from plkit.cli import main
from plkit.errors import WorkshopError
from plkit.registry import get
from plkit.workshop import demo
from plkit.workshop import export as export_module
from plkit.workshop import status as status_module
from plkit.workshop.config import Workshop, load
from plkit.workshop.course import init, release
from plkit.workshop.export import CANVAS_COLUMNS, LONG_COLUMNS, POINTS_POSSIBLE, canvas_csv, export, long_csv
from plkit.workshop.roster import Participant
from plkit.workshop.status import Matrix, _utc, completion_matrix

WBS = ["start-here", "defining"]
PEOPLE = [Participant("ana", "Ana", "Núñez", "ana@example.org"),
          Participant("-bo", "=HYPERLINK(\"x\")", "Bad", "bo@example.org"),
          Participant("cai"),
          Participant("dee", "Dee", "", "")]
CELLS = {("ana", "start-here"): "complete", ("ana", "defining"): "incomplete",
         ("-bo", "start-here"): "submitted", ("-bo", "defining"): "missing",
         ("cai", "start-here"): "missing", ("cai", "defining"): "missing",
         ("dee", "start-here"): "complete", ("dee", "defining"): "complete"}


def _matrix() -> Matrix:
    return Matrix(WBS, [p.id for p in PEOPLE], {p.id: p.name for p in PEOPLE}, dict(CELLS),
                  {p.id: p for p in PEOPLE}, {("ana", "start-here"): "2026-11-30T10:15:00"})


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_canvas_import_layout() -> None:
    rows = _rows(canvas_csv(_matrix()))
    titles = [get(w).title for w in WBS]
    assert rows[0] == [*CANVAS_COLUMNS, *titles]
    assert rows[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert rows[1] == [POINTS_POSSIBLE, "", "", "", "", "1", "1"]
    assert rows[1][0] == "    Points Possible"
    body = {r[2]: r for r in rows[2:]}
    assert len(rows) == 2 + len(PEOPLE)
    # 1 complete; 0 submitted but not complete, or awaiting autograde; empty never submitted
    assert body["ana"] == ["Núñez, Ana", "", "ana", "ana@example.org", "", "1", "0"]
    assert body["dee"] == ["Dee", "", "dee", "", "", "1", "1"]
    assert body["cai"] == ["cai", "", "cai", "", "", "", ""]
    # a column name without "(assignment id)" makes Canvas create the assignment
    assert not any(t.rstrip().endswith(")") for t in rows[0][5:])


def test_every_cell_a_spreadsheet_would_run_is_neutralised() -> None:
    for text in (canvas_csv(_matrix()), long_csv(_matrix())):
        for row in _rows(text):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    rows = _rows(canvas_csv(_matrix()))
    bo = next(r for r in rows if r[2] == "'-bo")
    assert bo[0] == "Bad, =HYPERLINK(\"x\")"  # does not start with a trigger: kept as written
    assert bo[5:] == ["0", ""]
    long = _rows(long_csv(_matrix()))
    assert ["'-bo", "'=HYPERLINK(\"x\") Bad"] == long[3][:2]


def test_long_table() -> None:
    rows = _rows(long_csv(_matrix()))
    assert rows[0] == list(LONG_COLUMNS)
    assert len(rows) == 1 + len(PEOPLE) * len(WBS)
    assert rows[1] == ["ana", "Ana Núñez", "ana@example.org", "start-here", "Start here", "complete", "1",
                       "2026-11-30T10:15:00"]
    assert rows[2] == ["ana", "Ana Núñez", "ana@example.org", "defining", "Defining personalized learning",
                       "incomplete", "0", ""]
    by = {(r[0], r[3]): r for r in rows[1:]}
    assert by[("'-bo", "start-here")][5:7] == ["submitted", "0"]
    assert by[("cai", "defining")][5:7] == ["missing", ""]
    assert by[("cai", "defining")][1:3] == ["", ""]


def test_chosen_columns() -> None:
    rows = _rows(canvas_csv(_matrix(), ["defining"]))
    assert rows[0] == [*CANVAS_COLUMNS, "Defining personalized learning"]
    assert all(len(r) == 6 for r in rows)


def test_export_needs_a_file_to_write(tmp_path: Path) -> None:
    ws = Workshop(tmp_path, "pl-test", f"sqlite:///{tmp_path / 'gradebook.db'}", tmp_path / "exchange")
    with pytest.raises(WorkshopError) as err:
        export(ws)
    assert_one_sentence(str(err.value))


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main(list(args))
    return rc, out.getvalue(), err.getvalue()


def test_not_a_workshop_folder(tmp_path: Path) -> None:
    rc, out, err = _run("workshop", "export", str(tmp_path), "--canvas", str(tmp_path / "c.csv"))
    assert rc == 2 and out == ""
    assert_one_sentence(err)
    assert "not a plkit workshop" in err
    assert not (tmp_path / "c.csv").exists()


# -- a real workshop (nbgrader's gradebook), on the command line ------------------------------------

@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("export") / "course"
    people = [Participant("ana", "Ana", "Núñez", "ana@example.org"), Participant("ben", "Ben", "Okafor", "")]
    init(root, "pl-export", people, workbooks=["start-here", "defining"])
    release(load(root), ["defining"])
    return root


def test_export_command_writes_both_files_owner_only(workshop: Path, tmp_path: Path) -> None:
    canvas, long = tmp_path / "out" / "canvas.csv", tmp_path / "long.csv"
    rc, out, err = _run("workshop", "export", str(workshop), "--canvas", str(canvas), "--csv", str(long))
    assert rc == 0, err
    assert f"Wrote {canvas}." in out and f"Wrote {long}." in out
    for path in (canvas, long):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, for Excel
    rows = _rows(canvas.read_text(encoding="utf-8-sig"))
    # only the released workbook (defining), no one submitted yet: every cell empty
    assert rows[0] == [*CANVAS_COLUMNS, "Defining personalized learning"]
    assert rows[2:] == [["Núñez, Ana", "", "ana", "ana@example.org", "", ""],
                        ["Okafor, Ben", "", "ben", "", "", ""]]
    long_rows = _rows(long.read_text(encoding="utf-8-sig"))
    assert [r[3] for r in long_rows[1:]] == ["defining", "defining"]
    # named workbooks choose the columns
    rc, _, err = _run("workshop", "export", str(workshop), "start-here", "defining", "--canvas", str(canvas))
    assert rc == 0, err
    assert _rows(canvas.read_text(encoding="utf-8-sig"))[0][5:] == ["Start here", "Defining personalized learning"]


@pytest.mark.parametrize("where", ["{tmp}", "{tmp}/file.txt/x.csv"])
def test_an_unwritable_path_is_one_sentence(workshop: Path, tmp_path: Path, where: str) -> None:
    (tmp_path / "file.txt").write_text("x")
    target = where.format(tmp=tmp_path)
    rc, out, err = _run("workshop", "export", str(workshop), "--canvas", target)
    assert rc == 2 and out == ""
    assert_one_sentence(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


def test_an_unknown_workbook_is_one_sentence(workshop: Path, tmp_path: Path) -> None:
    rc, _, err = _run("workshop", "export", str(workshop), "nightmares", "--csv", str(tmp_path / "x.csv"))
    assert rc == 2
    assert_one_sentence(err)
    assert "nightmares" in err
    assert not (tmp_path / "x.csv").exists()


# -- the demo workshop read back by export ------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_workshop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("export-demo") / "demo"
    demo.create(root, participants=12, seed=3, grade="fast")
    return root


@pytest.mark.slow
def test_the_canvas_file_of_a_demo_workshop_agrees_with_the_status_matrix(demo_workshop: Path,
                                                                            tmp_path: Path) -> None:
    canvas, long = tmp_path / "canvas.csv", tmp_path / "long.csv"
    rc, _, err = _run("workshop", "export", str(demo_workshop), "--canvas", str(canvas), "--csv", str(long))
    assert rc == 0, err
    m = completion_matrix(load(demo_workshop))
    rows = _rows(canvas.read_text(encoding="utf-8-sig"))
    header, points, body = rows[0], rows[1], rows[2:]
    # every workbook was released in the demo (the check-ins too): one column each, by title
    assert header == [*CANVAS_COLUMNS, *(get(w).title for w in m.workbooks)]
    assert points == [POINTS_POSSIBLE, "", "", "", "", *("1" for _ in m.workbooks)]
    assert [r[2] for r in body] == m.participants
    expected = {"complete": "1", "incomplete": "0", "submitted": "0", "missing": ""}
    for row in body:
        pid = row[2]
        person = m.people[pid]
        assert row[:5] == [f"{person.last_name}, {person.first_name}", "", pid, person.email, ""]
        for column, wid in enumerate(m.workbooks, start=5):
            assert row[column] == expected[m.cells[(pid, wid)]], (pid, wid)
    # the demo holds every kind of cell, so each mapping above was exercised
    assert {c for r in body for c in r[5:]} == {"1", "0", ""}
    long_rows = _rows(long.read_text(encoding="utf-8-sig"))
    assert len(long_rows) == 1 + len(m.participants) * len(m.workbooks)
    for pid, name, email, wid, title_, state, complete, submitted_at in long_rows[1:]:
        assert name == m.names[pid]
        assert state == m.cells[(pid, wid)] and complete == expected[state]
        assert title_ == get(wid).title and email == m.people[pid].email
        assert bool(submitted_at) == (state in ("complete", "incomplete"))


def test_the_timestamps_nbgrader_writes_are_read_as_utc() -> None:
    assert _utc("2026-11-23 10:00:00.000000 UTC") == datetime(2026, 11, 23, 10, 0)
    assert _utc("2026-11-23 10:00:00.5") == datetime(2026, 11, 23, 10, 0, 0, 500000)
    assert _utc("2026-11-23T11:00:00+01:00") == datetime(2026, 11, 23, 10, 0)
    assert _utc(datetime(2026, 11, 23, 10, 0)) == datetime(2026, 11, 23, 10, 0)


@pytest.mark.parametrize("module", [export_module, status_module])
def test_doctests(module: ModuleType) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
