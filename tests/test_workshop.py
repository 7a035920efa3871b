"""Workshops without running nbgrader's commands: the roster, the workshop's settings, the
generated assignment source, the participant's checks before submitting, the completion matrix
over a gradebook built with nbgrader's own API, and the completion check the hidden test runs."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from helpers_unit import assert_one_sentence

from plkit.completion import assert_complete
from plkit.content import load_catalog
from plkit.errors import RosterError, WorkbookNotFound, WorkshopError
from plkit.exchange import RECORD, Exchange, SubmitResult, fetch, from_env, submissions, submit
from plkit.paths import notebooks_source
from plkit.registry import WORKBOOKS
from plkit.store import RESPONSES_FILE, FileStore
from plkit.workbooks.defining.cardsort import deck
from plkit.workbooks.defining.keys import KEYS
from plkit.workshop.config import CONFIG_FILE, Workshop, load, nbgrader_config
from plkit.workshop.course import TEST_CELL_TEMPLATE, _port_race, init, source_notebook
from plkit.workshop.roster import Participant, check_id, parse_roster, read_roster
from plkit.workshop.status import STATES, Matrix, completion_matrix, matrix_csv, matrix_text, report_html

HEADER = "id,first name,last name,email\n"


# -- roster ---------------------------------------------------------------------------------

def test_roster_reads_every_column() -> None:
    people = parse_roster((HEADER + "ana,Ana,Lopez,ana@example.org\nben,Ben,,\n").encode())
    assert people == [Participant("ana", "Ana", "Lopez", "ana@example.org"),
                      Participant("ben", "Ben", "", "")]
    assert people[0].name == "Ana Lopez"


def test_roster_tolerates_what_spreadsheets_write() -> None:
    text = ("\ufeffUsername;Given name;Surname;E-mail\r\n"
            "\r\n"
            "  ana.lopez ; Ana ; Lopez ; ana@example.org \r\n"
            ";;;\r\n"
            "ben_o;Ben;Okafor;\r\n")
    people = parse_roster(text.encode("utf-8"))
    assert [p.id for p in people] == ["ana.lopez", "ben_o"]
    assert people[0] == Participant("ana.lopez", "Ana", "Lopez", "ana@example.org")


def test_roster_with_tabs_and_columns_in_any_order() -> None:
    text = "email\tlast name\tid\tfirst name\ncai@example.org\tWu\tcai-wu\tCai\n"
    assert parse_roster(text.encode()) == [Participant("cai-wu", "Cai", "Wu", "cai@example.org")]


def test_roster_in_a_windows_encoding() -> None:
    people = parse_roster((HEADER + "jose,José,Núñez,\n").encode("cp1252"))
    assert people[0].first_name == "José" and people[0].last_name == "Núñez"


def test_roster_of_ids_only() -> None:
    people = parse_roster(b"id\nana\nben\n")
    assert [p.name for p in people] == ["ana", "ben"]


@pytest.mark.parametrize(
    "text, expected",
    [
        (HEADER + "ana,Ana,,\nbad id,Bo,,\n", ["Row 3", "bad id"]),
        (HEADER + "ana,Ana,,\nan+a,,,\n", ["Row 3", "an+a"]),
        (HEADER + "Ana,Ana,,\nben,,,\nANA,,,\n", ["Row 4", "row 2", "ANA"]),
        (HEADER + "ana,Ana,,not-an-address\n", ["Row 2", "not-an-address"]),
        (HEADER + "ana,,,\n,Nobody,Here,\n", ["Row 3", "no id"]),
        ("name,email\nAna,ana@example.org\n", ["no 'id' column"]),
        ("", ["empty"]),
        ("\n \n", ["empty"]),
        (HEADER, ["no participants"]),
    ],
)
def test_bad_roster_is_one_sentence_naming_the_row(text: str, expected: list[str]) -> None:
    with pytest.raises(RosterError) as err:
        parse_roster(text.encode(), "roster.csv")
    message = str(err.value)
    assert_one_sentence(message)
    for part in expected:
        assert part in message


def test_read_roster_from_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RosterError) as err:
        read_roster(tmp_path / "nope.csv")
    assert_one_sentence(str(err.value))
    assert "nope.csv" in str(err.value)


def test_read_roster_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "pd-day.csv"
    path.write_text(HEADER + "a b,,,\n", encoding="utf-8")
    with pytest.raises(RosterError, match=r"Row 2 of pd-day\.csv"):
        read_roster(path)


@pytest.mark.parametrize("value", ["ana", "ana.lopez", "ben_okafor", "cai-wu", "dee@district",
                                   "A1", "x" * 64])
def test_usable_ids(value: str) -> None:
    assert check_id(f"  {value} ") == value


@pytest.mark.parametrize("value", ["", " ", "a b", "a+b", "a*", "-ana", ".ana", "x" * 65,
                                   "ana/ben", "ana;ben"])
def test_unusable_ids(value: str) -> None:
    with pytest.raises(RosterError) as err:
        check_id(value)
    assert_one_sentence(str(err.value))


# -- the workshop's settings ------------------------------------------------------------------

def _workshop(tmp_path: Path, db_url: str | None = None) -> Workshop:
    root = tmp_path / "course"
    root.mkdir()
    return Workshop(root, "pl-test", db_url or f"sqlite:///{root / 'gradebook.db'}",
                    root / "exchange")


def test_settings_round_trip_and_nbgrader_config(tmp_path: Path) -> None:
    ws = _workshop(tmp_path)
    ws.save()
    again = load(ws.root)
    assert again == ws
    data = json.loads((ws.root / CONFIG_FILE).read_text())
    assert data["course_id"] == "pl-test" and data["schema"] == 1
    text = (ws.root / "nbgrader_config.py").read_text()
    assert "c.ExchangeCollect.check_owner = False" in text
    assert repr(str(ws.exchange)) in text
    c = nbgrader_config(ws)
    assert c.CourseDirectory.course_id == "pl-test"
    assert c.CourseDirectory.db_url == ws.db_url
    assert c.Exchange.root == str(ws.exchange)
    assert c.ExchangeCollect.check_owner is False
    # the participant's answers never count as part of the assignment's files
    assert ".plkit-responses.json.lock" in c.CourseDirectory.ignore


def test_autograde_kernels_listen_on_private_unix_sockets(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """No TCP port (no "running over TCP without encryption" warning per submission, no port
    race between parallel workers): sockets in the private runtime folder, named per process."""
    runtime = tmp_path / "rt"
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(runtime))
    c = nbgrader_config(_workshop(tmp_path))
    assert c.KernelManager.transport == "ipc"
    assert c.KernelManager.ip == str(runtime / f"plkit-kernel-{os.getpid()}")
    assert runtime.is_dir() and (runtime.stat().st_mode & 0o077) == 0


def test_autograde_kernels_keep_tcp_where_a_socket_path_would_be_too_long(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / ("r" * 120)))
    c = nbgrader_config(_workshop(tmp_path))
    assert "transport" not in c.KernelManager and "ip" not in c.KernelManager


def test_load_what_is_not_a_workshop(tmp_path: Path) -> None:
    with pytest.raises(WorkshopError) as err:
        load(tmp_path)
    assert_one_sentence(str(err.value))
    assert "plkit workshop init" in str(err.value)


@pytest.mark.parametrize("content, expected", [("{not json", "damaged"),
                                                ('{"course_id": "x"}', "'db_url'")])
def test_load_a_damaged_workshop(tmp_path: Path, content: str, expected: str) -> None:
    (tmp_path / CONFIG_FILE).write_text(content)
    with pytest.raises(WorkshopError) as err:
        load(tmp_path)
    assert_one_sentence(str(err.value))
    assert expected in str(err.value)


# -- the assignment source ----------------------------------------------------------------------

@pytest.mark.parametrize("wb", WORKBOOKS, ids=lambda wb: wb.id)
def test_source_notebook_adds_one_hidden_completion_test(wb: Any) -> None:
    shipped = nbformat.read(notebooks_source("workbooks") / wb.path, as_version=4)
    nb = source_notebook(wb)
    assert len(nb.cells) == len(shipped.cells) + 1
    assert [c.source for c in nb.cells[:-1]] == [c.source for c in shipped.cells]
    cell = nb.cells[-1]
    assert cell.source == TEST_CELL_TEMPLATE.format(workbook=wb.id)
    assert f"assert_complete({wb.id!r})" in cell.source
    assert cell.source.startswith("### BEGIN HIDDEN TESTS")
    assert cell.source.rstrip().endswith("### END HIDDEN TESTS")
    meta = cell.metadata["nbgrader"]
    assert meta["grade"] is True and meta["solution"] is False and meta["locked"] is True
    assert meta["points"] == 1 and meta["grade_id"] == f"{wb.id}-complete"
    # the shipped notebook itself stays free of test code (Voila runs every cell)
    assert not any("assert_complete" in c.source for c in shipped.cells)
    nbformat.validate(nb)


def test_init_with_a_bad_course_id_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "course"
    with pytest.raises(WorkshopError) as err:
        init(root, "pl day 2026")
    assert_one_sentence(str(err.value))
    assert not root.exists()


def test_init_with_a_bad_participant_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "course"
    with pytest.raises(RosterError):
        init(root, "pl-test", [Participant("ana"), Participant("bad id")])
    assert not (root / CONFIG_FILE).exists()


def test_init_never_takes_over_another_workshop(tmp_path: Path) -> None:
    ws = _workshop(tmp_path)
    ws.save()
    before = (ws.root / CONFIG_FILE).read_bytes()
    with pytest.raises(WorkshopError) as err:
        init(ws.root, "another-course")
    assert_one_sentence(str(err.value))
    assert "pl-test" in str(err.value)
    assert (ws.root / CONFIG_FILE).read_bytes() == before


def test_init_with_an_unknown_workbook(tmp_path: Path) -> None:
    with pytest.raises(WorkbookNotFound):
        init(tmp_path / "course", "pl-test", workbooks=["no-such-workbook"])
    assert not (tmp_path / "course" / CONFIG_FILE).exists()


# -- the participant's side, before nbgrader is involved -----------------------------------------

def _released(tmp_path: Path, *workbooks: str) -> Exchange:
    ex = Exchange("pl-test", tmp_path / "exchange")
    ex.outbound.mkdir(parents=True)
    for wid in workbooks:
        (ex.outbound / wid).mkdir()
    return ex


def test_exchange_config_names_the_participant(tmp_path: Path) -> None:
    ex = Exchange("pl-test", tmp_path / "exchange")
    c = ex.config(tmp_path / "ws", "ana.lopez", "defining")
    assert c.CourseDirectory.student_id == "ana.lopez"
    assert c.CourseDirectory.course_id == "pl-test"
    assert c.Exchange.root == str(tmp_path / "exchange")
    assert c.Exchange.assignment_dir == str(tmp_path / "ws")
    assert ex.released() == []  # no exchange folder yet: nothing released, no error


def test_exchange_from_environment() -> None:
    assert from_env({}) is None
    assert from_env({"PLKIT_COURSE_ID": "pl-test"}) is None
    ex = from_env({"PLKIT_COURSE_ID": "pl-test", "PLKIT_EXCHANGE": "/srv/exchange"})
    assert ex == Exchange("pl-test", Path("/srv/exchange"))


def test_submit_without_a_workshop(tmp_path: Path) -> None:
    with pytest.raises(WorkshopError) as err:
        submit(None, tmp_path / "defining", "defining", "ana")
    assert_one_sentence(str(err.value))


def test_submit_an_unknown_workbook(tmp_path: Path) -> None:
    ex = _released(tmp_path, "defining")
    with pytest.raises(WorkbookNotFound):
        submit(ex, tmp_path / "nope", "nope", "ana")


def test_submit_with_an_unusable_id(tmp_path: Path) -> None:
    ex = _released(tmp_path, "defining")
    with pytest.raises(RosterError) as err:
        submit(ex, tmp_path / "defining", "defining", "ana lopez")
    assert_one_sentence(str(err.value))
    assert "Your participant id" in str(err.value)


def test_submit_when_the_exchange_is_unreachable(tmp_path: Path) -> None:
    ex = Exchange("pl-test", tmp_path / "unmounted-share")
    with pytest.raises(WorkshopError) as err:
        submit(ex, tmp_path / "defining", "defining", "ana")
    assert_one_sentence(str(err.value))
    assert "not reachable" in str(err.value)


def test_submit_a_workbook_not_released(tmp_path: Path) -> None:
    ex = _released(tmp_path, "defining")
    folder = tmp_path / "ws" / "nightmares"
    FileStore(folder, "nightmares", "ana").set("nightmares.reflective", "kept safe")
    with pytest.raises(WorkshopError) as err:
        submit(ex, folder, "nightmares", "ana")
    assert_one_sentence(str(err.value))
    assert "not been released" in str(err.value)
    assert FileStore(folder, "nightmares", "ana").get("nightmares.reflective") == "kept safe"
    assert submissions(tmp_path / "ws") == {}


def test_submit_from_the_wrong_folder(tmp_path: Path) -> None:
    ex = _released(tmp_path, "defining")
    with pytest.raises(WorkshopError) as err:
        submit(ex, tmp_path / "ws" / "elsewhere", "defining", "ana")
    assert_one_sentence(str(err.value))


def test_fetch_with_an_unusable_id(tmp_path: Path) -> None:
    with pytest.raises(RosterError):
        fetch(_released(tmp_path, "defining"), tmp_path / "ws", "a b")


def test_submit_result_message() -> None:
    first = SubmitResult("defining", "2026-03-02T09:15:00+00:00", False)
    again = SubmitResult("defining", "2026-03-02T09:45:00+00:00", True)
    assert first.message.startswith("Submitted at ") and "2026" in first.message
    assert "replaces" not in first.message
    assert again.message.endswith("It replaces your earlier submission.")


def test_submissions_record_survives_damage(tmp_path: Path) -> None:
    assert submissions(tmp_path) == {}
    (tmp_path / RECORD).write_text("{broken")
    assert submissions(tmp_path) == {}
    (tmp_path / RECORD).write_text(json.dumps({"defining": "2026-03-02T09:15:00+00:00", "x": 3}))
    assert submissions(tmp_path) == {"defining": "2026-03-02T09:15:00+00:00"}


# -- the completion check the hidden test cell runs ---------------------------------------------

def _complete() -> dict[str, Any]:
    return {
        KEYS["compare"]: "source-definition",
        KEYS["card_sort"]: {c.id: c.statement.kind for c in deck(load_catalog())},
        KEYS["own_definition"]: ("Personalized learning here means students and teachers "
                                 "co-design paths toward shared goals with clear checkpoints."),
        KEYS["why_word"]: "agency",
        KEYS["reflection"]: "People think it means every student alone on a laptop.",
    }


def test_assert_complete_on_saved_answers(tmp_path: Path) -> None:
    store = FileStore(tmp_path, "defining", "ana")
    with pytest.raises(AssertionError, match=r"Not complete yet \(0 of 5 steps\)"):
        assert_complete("defining", str(tmp_path))
    answers = _complete()
    store.set(KEYS["compare"], answers[KEYS["compare"]])
    store.set(KEYS["why_word"], answers[KEYS["why_word"]])
    with pytest.raises(AssertionError) as err:
        assert_complete("defining", str(tmp_path))
    assert "(2 of 5 steps)" in str(err.value)
    assert "Sort the remaining 16 statements" in str(err.value)
    store.set_many(answers)
    assert assert_complete("defining", str(tmp_path)).complete


def test_assert_complete_on_a_damaged_answers_file(tmp_path: Path) -> None:
    (tmp_path / RESPONSES_FILE).write_text("{ not json")
    with pytest.raises(AssertionError, match="could not be read"):
        assert_complete("defining", str(tmp_path))


# -- the completion matrix ----------------------------------------------------------------------

def _matrix() -> Matrix:
    cells = {("ana", "defining"): "complete", ("ana", "nightmares"): "submitted",
             ("ben", "defining"): "incomplete", ("ben", "nightmares"): "missing"}
    return Matrix(["defining", "nightmares"], ["ana", "ben"], {"ana": "Ana L", "ben": "ben"}, cells)


def test_matrix_as_csv_and_text() -> None:
    m = _matrix()
    rows = list(csv.reader(io.StringIO(matrix_csv(m))))
    assert rows == [["participant", "defining", "nightmares"],
                    ["ana", "complete", "submitted"], ["ben", "incomplete", "missing"]]
    text = matrix_text(m)
    # a person reads the workbooks' titles (wrapped within their columns), never their ids
    lines = text.splitlines()
    assert [ln.split() for ln in lines[:3]] == [["participant", "Defining", "Fifteen"],
                                                ["personalized", "nightmares"], ["learning"]]
    assert set(lines[3]) == {"-", " "}
    assert [ln.split() for ln in lines[4:6]] == [["ana", "complete", "submitted"], ["ben", "incomplete", "missing"]]
    assert "Defining personalized learning: 1 complete, 1 incomplete, 0 submitted, 0 missing" in text
    assert "defining" not in text and not any(ln.startswith("nightmares") for ln in lines)
    assert m.count("nightmares", "missing") == 1
    assert set(STATES) == {"complete", "incomplete", "submitted", "missing"}
    empty = Matrix(["defining"], [], {}, {})
    assert "add-participant" in matrix_text(empty)


def test_report_holds_counts_and_no_names(tmp_path: Path) -> None:
    page = report_html(_workshop(tmp_path), _matrix())
    assert "pl-test" in page and "<table" in page
    assert "Ana L" not in page and ">ana<" not in page and ">ben<" not in page
    assert '<th scope="row">Defining personalized learning</th>' in page
    assert ">defining<" not in page and ">nightmares<" not in page


def test_matrix_from_an_unreachable_gradebook(tmp_path: Path) -> None:
    ws = _workshop(tmp_path, db_url=f"sqlite:///{tmp_path / 'missing-folder' / 'gradebook.db'}")
    with pytest.raises(WorkshopError) as err:
        completion_matrix(ws)
    assert_one_sentence(str(err.value))


def test_matrix_states_from_the_gradebook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """complete / incomplete / submitted / missing, from a gradebook written with nbgrader's API."""
    # deferred: nbgrader takes about 1 s to import; only this test writes a gradebook with it
    from nbgrader.api import Gradebook

    # nbgrader creates the gradebook with the `alembic` command found on PATH, which is beside
    # this Python when the environment is not activated (as plkit's own commands arrange)
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    ws = _workshop(tmp_path)
    for wid in ("defining", "nightmares"):
        (ws.root / "source" / wid).mkdir(parents=True)
    with Gradebook(ws.db_url, ws.course_id) as gb:
        for sid, first in [("ana", "Ana"), ("ben", "Ben"), ("cai", None), ("dee", None)]:
            gb.add_student(sid, first_name=first, last_name="X" if first else None)
        for wid in ("defining", "nightmares"):
            gb.add_assignment(wid)
            gb.add_notebook("nb", wid)
            gb.add_grade_cell(f"{wid}-complete", "nb", wid, max_score=1, cell_type="code")
        for sid, score in [("ana", 1.0), ("ben", 0.0), ("cai", None)]:
            gb.add_submission("defining", sid)
            if score is not None:
                grade = gb.find_grade("defining-complete", "nb", "defining", sid)
                grade.auto_score = score
                gb.db.commit()
    m = completion_matrix(ws)
    assert m.workbooks == ["defining", "nightmares"]
    assert m.participants == ["ana", "ben", "cai", "dee"]
    assert {p: m.cells[(p, "defining")] for p in m.participants} == {
        "ana": "complete", "ben": "incomplete", "cai": "submitted", "dee": "missing"}
    assert all(m.cells[(p, "nightmares")] == "missing" for p in m.participants)
    assert m.names["ana"] == "Ana X" and m.names["dee"] == "dee"
    # a collected folder that nbgrader has not recorded yet is 'submitted' too
    (ws.root / "submitted" / "dee" / "nightmares").mkdir(parents=True)
    assert completion_matrix(ws).cells[("dee", "nightmares")] == "submitted"


def test_init_works_from_a_virtual_environment_that_is_not_activated(tmp_path: Path) -> None:
    """README runs `.venv/bin/plkit` without activating the environment: nbgrader's gradebook
    needs the `alembic` command that lives beside that Python, not on PATH."""
    env = {**os.environ, "PATH": "/usr/bin:/bin"}
    r = subprocess.run([sys.executable, "-m", "plkit", "workshop", "init", str(tmp_path / "w"),
                        "--course-id", "pl-path", "--exchange", str(tmp_path / "x")],
                       env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-1500:] + r.stderr[-1500:]
    assert (tmp_path / "w" / "gradebook.db").exists()


def test_a_kernel_port_race_is_recognised_and_nothing_else() -> None:
    """Parallel autograding retries a submission whose kernel lost a port race, not a bad one."""
    race = {"success": False, "log": "", "error": "zmq.error.ZMQError: Address already in use "
                                                  "(addr='tcp://127.0.0.1:51305')"}
    assert _port_race(race)
    assert not _port_race({"success": False, "log": "AssertionError: not complete", "error": ""})
    assert not _port_race(None)
