"""A whole workshop with the real pieces: ``plkit workshop`` (console command and
``plkit.cli.main``), nbgrader's commands, a real exchange directory and a SQLite gradebook.

Four participants are on the roster. A completes 'defining', B does part of it, C does
nothing but submits anyway, D never submits. Participants answer through plkit's response store
and submit with ``plkit.exchange.submit`` exactly as the app does. Then a second round:
B completes and resubmits, someone not on the roster submits, and C's collected notebook is
corrupted before autograding.

One workshop is shared by the module (each autograde costs a kernel start); each fixture keeps a
snapshot of what it saw, so the tests do not depend on the order they run in. The helpers at the
top are reused by ``test_workshop_postgres.py``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import pytest
from helpers_unit import assert_one_sentence

from plkit.cli import main
from plkit.content import load_catalog
from plkit.errors import WorkshopError
from plkit.exchange import Exchange, SubmitResult, fetch, submit
from plkit.registry import WORKBOOKS
from plkit.registry import get as get_workbook
from plkit.store import RESPONSES_FILE, FileStore
from plkit.workbooks.defining.cardsort import deck
from plkit.workbooks.defining.keys import KEYS
from plkit.workshop.config import CONFIG_FILE, load
from plkit.workshop.course import AutogradeResult, autograde, collect, init
from plkit.workshop.roster import Participant
from plkit.workshop.status import Matrix, completion_matrix, matrix_csv

pytestmark = pytest.mark.slow

COURSE = "pl-test"
WB = "defining"
# Distinct ids, in the styles a roster holds ('.', '_', '-', plain).
A, B, C, D = "ana.lopez", "ben_okafor", "cai-wu", "dee"
OUTSIDER = "zed"  # submits but is not on the roster
ROSTER = (
    "id,first name,last name,email\n"
    f"{A},Ana,Lopez,ana@example.org\n"
    f"{B},Ben,Okafor,ben@example.org\n"
    f"{C},Cai,Wu,\n"
    f"{D},Dee,Smith,dee@example.org\n"
)
#: What status must show after the first round, for every workbook of the workshop.
EXPECTED = {A: "complete", B: "incomplete", C: "incomplete", D: "missing"}
OTHER_WORKBOOKS = [wb.id for wb in WORKBOOKS if wb.id != WB]


# -- helpers (also used by the PostgreSQL module) --------------------------------------------

def plkit_command() -> list[str]:
    """The installed ``plkit`` console script (beside this Python, e.g. in CI's venv)."""
    beside = Path(sys.executable).parent / "plkit"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("plkit")
    assert found, "the plkit console script is not installed (pip install -e .)"
    return [found]


def run_plkit(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*plkit_command(), *args], capture_output=True, text=True, cwd=cwd,
                          stdin=subprocess.DEVNULL, timeout=600, check=False)


def run_main(*args: str) -> tuple[int, str, str]:
    """``plkit.cli.main`` in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main(list(args))
    return rc, out.getvalue(), err.getvalue()


def complete_answers() -> dict[str, Any]:
    cards = deck(load_catalog())
    return {
        KEYS["compare"]: "source-definition",
        KEYS["card_sort"]: {c.id: c.statement.kind for c in cards},
        KEYS["own_definition"]: ("Personalized learning at our school means students and "
                                 "teachers co-design paths toward shared goals with clear "
                                 "checkpoints."),
        KEYS["why_word"]: "agency",
        KEYS["reflection"]: "People think it means every student alone on a laptop.",
    }


def partial_answers() -> dict[str, Any]:
    """Two of the five steps: the closest definition and the one-word why."""
    full = complete_answers()
    return {KEYS["compare"]: full[KEYS["compare"]], KEYS["why_word"]: full[KEYS["why_word"]]}


def answer(workspace: Path, sid: str, answers: dict[str, Any]) -> None:
    """Answer as the workbook app does: through the participant's response store."""
    store = FileStore(workspace / WB, WB, sid)
    for key, value in answers.items():
        store.set(key, value)


def released_notebook(folder: Path) -> nbformat.NotebookNode:
    return nbformat.read(folder / get_workbook(WB).notebook, as_version=4)


def cells(m: Matrix) -> dict[str, dict[str, str]]:
    return {p: {w: m.cells[(p, w)] for w in m.workbooks} for p in m.participants}


def expected_cells(first: dict[str, str]) -> dict[str, dict[str, str]]:
    return {p: {WB: s, **{w: "missing" for w in OTHER_WORKBOOKS}} for p, s in first.items()}


@dataclass
class Round1:
    root: Path
    exchange: Exchange
    workspaces: dict[str, Path]
    fetched: dict[str, list[str]]
    submits: dict[str, SubmitResult]
    collect_rc: int
    collect_out: str
    autograde_rc: int
    autograde_out: str
    autograde_err: str
    matrix: Matrix
    autograded: dict[str, nbformat.NotebookNode] = field(default_factory=dict)


def participants_submit(root: Path, base: Path) -> Round1:
    """Three participants fetch, answer different amounts and submit; the facilitator collects
    and autogrades with ``plkit workshop`` (in this process, so the workshop stays the same)."""
    ws = load(root)
    exchange = Exchange(ws.course_id, ws.exchange)
    plan = {A: complete_answers(), B: partial_answers(), C: {}}
    workspaces, fetched, submits = {}, {}, {}
    for sid, answers in plan.items():
        workspace = base / f"workspace-{sid}"
        workspaces[sid] = workspace
        fetched[sid] = fetch(exchange, workspace, sid)
        answer(workspace, sid, answers)
        submits[sid] = submit(exchange, workspace / WB, WB, sid)
    collect_rc, collect_out, _ = run_main("workshop", "collect", str(root))
    grade_rc, grade_out, grade_err = run_main("workshop", "autograde", str(root))
    matrix = completion_matrix(load(root))
    autograded = {}
    for sid in plan:
        nbs = sorted((root / "autograded" / sid / WB).glob("*.ipynb"))
        if nbs:
            autograded[sid] = nbformat.read(nbs[0], as_version=4)
    return Round1(root, exchange, workspaces, fetched, submits, collect_rc, collect_out,
                  grade_rc, grade_out, grade_err, matrix, autograded)


def hidden_test_output(nb: nbformat.NotebookNode) -> str:
    """Every output of the notebook's last cell (the hidden completion test), as text."""
    parts = []
    for out in nb.cells[-1].get("outputs", []):
        parts.append(json.dumps(out))
    return "\n".join(parts)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- the shared workshop ---------------------------------------------------------------------

@dataclass
class Course:
    root: Path
    roster: Path
    base: Path
    init: subprocess.CompletedProcess[str]
    release: tuple[int, str, str]


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    base = tmp_path_factory.mktemp("workshop")
    roster = base / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    root = base / "course"
    init = run_plkit("workshop", "init", str(root), "--course-id", COURSE, "--roster", str(roster))
    release = run_main("workshop", "release", str(root), WB)
    return Course(root, roster, base, init, release)


@pytest.fixture(scope="module")
def round1(course: Course) -> Round1:
    assert course.init.returncode == 0, course.init.stderr
    assert course.release[0] == 0, course.release[2]
    return participants_submit(course.root, course.base)


@dataclass
class Round2:
    resubmit: SubmitResult
    outsider_submit: SubmitResult
    collected: dict[str, list[str]]
    after_collect: Matrix
    result: AutogradeResult
    after_autograde: Matrix


@pytest.fixture(scope="module")
def round2(round1: Round1) -> Round2:
    root, exchange = round1.root, round1.exchange
    answer(round1.workspaces[B], B, complete_answers())
    resubmit = submit(exchange, round1.workspaces[B] / WB, WB, B)
    outsider = round1.root.parent / f"workspace-{OUTSIDER}"
    fetch(exchange, outsider, OUTSIDER)
    answer(outsider, OUTSIDER, complete_answers())
    outsider_submit = submit(exchange, outsider / WB, WB, OUTSIDER)
    ws = load(root)
    collected = collect(ws)
    after_collect = completion_matrix(ws)
    for nb in (root / "submitted" / C / WB).glob("*.ipynb"):
        nb.write_text("{ this is not a notebook", encoding="utf-8")
    result = autograde(ws)
    return Round2(resubmit, outsider_submit, collected, after_collect, result,
                  completion_matrix(ws))


# -- setting up ------------------------------------------------------------------------------

def test_init_and_release_from_the_command_line(course: Course) -> None:
    assert course.init.returncode == 0, course.init.stderr
    assert "4 participants" in course.init.stdout
    assert "Traceback" not in course.init.stderr
    assert (course.root / CONFIG_FILE).is_file()
    assert (course.root / "nbgrader_config.py").is_file()
    assert (course.root / "gradebook.db").is_file()
    rc, out, err = course.release
    assert rc == 0, err
    assert out.strip() == f"Released: {WB}."
    outbound = course.root / "exchange" / COURSE / "outbound"
    assert sorted(p.name for p in outbound.iterdir()) == [WB]


def test_released_notebook_hides_the_completion_test(course: Course, round1: Round1) -> None:
    source = nbformat.read(course.root / "source" / WB / get_workbook(WB).notebook, as_version=4)
    assert "assert_complete('defining')" in source.cells[-1].source
    for folder in (course.root / "release" / WB, round1.workspaces[A] / WB):
        nb = released_notebook(folder)
        assert nb.cells[-1].source.strip() == "", nb.cells[-1].source
        assert len(nb.cells) == len(source.cells)
        assert not any("assert_complete" in c.source or "HIDDEN TESTS" in c.source
                       for c in nb.cells)
    # the participant's copy carries no answers of anyone else
    assert not (course.root / "release" / WB / RESPONSES_FILE).exists()


# -- the first round -------------------------------------------------------------------------

def test_participants_fetch_and_submit(round1: Round1) -> None:
    assert round1.fetched == {A: [WB], B: [WB], C: [WB]}
    assert sorted(round1.submits) == sorted([A, B, C])
    for result in round1.submits.values():
        assert result.workbook == WB
        assert not result.replaced_earlier
        assert result.message.startswith("Submitted at ")
        assert "replaces" not in result.message
    inbound = round1.exchange.root / COURSE / "inbound"
    senders = sorted(p.name.split("+")[0] for p in inbound.iterdir())
    assert senders == sorted([A, B, C])
    # fetching again never overwrites answers
    before = (round1.workspaces[A] / WB / RESPONSES_FILE).read_bytes()
    assert fetch(round1.exchange, round1.workspaces[A], A) == []
    assert (round1.workspaces[A] / WB / RESPONSES_FILE).read_bytes() == before


def test_collect_and_autograde_commands(round1: Round1) -> None:
    assert round1.collect_rc == 0
    assert f"{WB}: 3 submission(s) collected." in round1.collect_out
    assert round1.autograde_rc == 0, round1.autograde_err
    assert "3 submission(s) autograded." in round1.autograde_out
    assert "Could not autograde" not in round1.autograde_err
    assert "Traceback" not in round1.autograde_err
    assert "3/3" in round1.autograde_err  # the progress bar reached the end


def test_status_shows_exactly_who_completed_what(round1: Round1) -> None:
    m = round1.matrix
    assert m.workbooks == [wb.id for wb in WORKBOOKS]  # the order the workbooks are taken in
    assert sorted(m.participants) == sorted(EXPECTED)
    assert cells(m) == expected_cells(EXPECTED)
    assert m.names[A] == "Ana Lopez"


def test_autograded_notebook_says_what_is_missing(round1: Round1) -> None:
    assert "Not complete yet" not in hidden_test_output(round1.autograded[A])
    partly = hidden_test_output(round1.autograded[B])
    assert "AssertionError" in partly
    assert "Not complete yet (2 of 5 steps)" in partly
    assert "Sort the remaining 16 statements" in partly
    nothing = hidden_test_output(round1.autograded[C])
    assert "Not complete yet (0 of 5 steps)" in nothing


def test_status_command_writes_the_same_matrix_as_csv(round1: Round1, tmp_path: Path) -> None:
    # Reads the live gradebook, so it stays above the second-round tests (pytest keeps file order).
    out = tmp_path / "status.csv"
    proc = run_plkit("workshop", "status", str(round1.root), "--csv", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert f"Wrote {out}." in proc.stdout
    text = out.read_text(encoding="utf-8")
    assert text == matrix_csv(completion_matrix(load(round1.root)))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["participant", *(wb.id for wb in WORKBOOKS)]
    assert {r[0]: dict(zip(rows[0][1:], r[1:])) for r in rows[1:]} == expected_cells(EXPECTED)
    # the table on screen agrees; its header holds the workbooks' titles, wrapped in their columns
    lines = proc.stdout.splitlines()[1:]
    rule = next(i for i, ln in enumerate(lines) if ln.startswith("---"))
    header = "\n".join(lines[:rule])
    assert header.split()[0] == "participant"
    for wb in WORKBOOKS:
        assert all(word in header for word in wb.title.split()), wb.title
    ids = [wb.id for wb in WORKBOOKS]
    table = {ln.split()[0]: dict(zip(ids, ln.split()[1:])) for ln in lines[rule + 1:rule + 5]}
    assert table == expected_cells(EXPECTED)
    assert f"{get_workbook(WB).title}: 1 complete, 2 incomplete, 0 submitted, 1 missing" in proc.stdout
    # and `--csv` alone prints the CSV
    rc, stdout, _ = run_main("workshop", "status", str(round1.root), "--csv")
    assert rc == 0
    assert list(csv.reader(io.StringIO(stdout))) == rows


# -- the second round: resubmission, an outsider, a corrupted submission -------------------------

def test_resubmission_replaces_the_earlier_one(round1: Round1, round2: Round2) -> None:
    assert round2.resubmit.replaced_earlier
    assert "It replaces your earlier submission." in round2.resubmit.message
    assert round2.after_collect.cells[(B, WB)] == "submitted"  # collected, awaiting autograde
    assert round2.after_collect.cells[(A, WB)] == "complete"
    assert (WB, B) in round2.result.graded
    assert round2.after_autograde.cells[(B, WB)] == "complete"


def test_participant_not_on_the_roster(round2: Round2) -> None:
    assert OUTSIDER in round2.collected[WB]
    failed = {sid: why for wid, sid, why in round2.result.failed}
    assert OUTSIDER in failed
    why = failed[OUTSIDER]
    assert "add-participant" in why and OUTSIDER in why and "roster" in why
    assert "\n" not in why and "Traceback" not in why
    # the others were graded all the same, and the outsider is no row of the matrix
    assert {(WB, A), (WB, B)} <= set(round2.result.graded)
    assert OUTSIDER not in round2.after_autograde.participants
    assert round2.after_autograde.cells[(A, WB)] == "complete"
    assert round2.after_autograde.cells[(D, WB)] == "missing"


def test_corrupted_submission_is_reported_and_the_rest_graded(round2: Round2) -> None:
    failed = {sid: why for wid, sid, why in round2.result.failed}
    assert C in failed
    assert failed[C].strip()
    assert (WB, C) not in round2.result.graded
    assert {(WB, A), (WB, B)} <= set(round2.result.graded)


def test_corrupted_submission_reason_is_a_clear_sentence(round2: Round2) -> None:
    """The facilitator reads this line; it must say what is wrong, not point at a traceback
    nobody showed them (nbgrader's last log line reads 'NbGraderException: Please see the the
    above traceback...')."""
    why = {sid: why for wid, sid, why in round2.result.failed}[C]
    assert "traceback" not in why.lower(), why
    assert "Exception" not in why, why
    assert C in why or "notebook" in why.lower(), why


# -- participants' mistakes ---------------------------------------------------------------------

def test_submit_a_workbook_that_is_not_released(round1: Round1) -> None:
    workspace = round1.workspaces[A]
    answer_folder = workspace / "nightmares"
    FileStore(answer_folder, "nightmares", A).set("nightmares.reflective", "something")
    with pytest.raises(WorkshopError) as err:
        submit(round1.exchange, answer_folder, "nightmares", A)
    assert_one_sentence(str(err.value))
    assert "not been released" in str(err.value)
    inbound = round1.exchange.root / COURSE / "inbound"
    assert not any("+nightmares+" in p.name for p in inbound.iterdir())


def test_submit_without_an_exchange(round1: Round1) -> None:
    with pytest.raises(WorkshopError) as err:
        submit(None, round1.workspaces[A] / WB, WB, A)
    assert_one_sentence(str(err.value))


# -- re-running is safe ---------------------------------------------------------------------------

def test_rerunning_init_and_release_is_idempotent(course: Course, round1: Round1) -> None:
    root = course.root
    ws = load(root)
    before = (completion_matrix(ws), (root / CONFIG_FILE).read_bytes(),
              sorted(p.name for p in (ws.exchange / COURSE / "outbound").iterdir()))
    for _ in range(2):
        rc, _out, err = run_main("workshop", "init", str(root), "--course-id", COURSE,
                                 "--roster", str(course.roster))
        assert rc == 0, err
        rc, out, err = run_main("workshop", "release", str(root), WB)
        assert rc == 0, err
        assert out.strip() == f"Released: {WB}."
    ws = load(root)
    after = (completion_matrix(ws), (root / CONFIG_FILE).read_bytes(),
             sorted(p.name for p in (ws.exchange / COURSE / "outbound").iterdir()))
    assert cells(after[0]) == cells(before[0])
    assert after[0].participants == before[0].participants
    assert after[1:] == before[1:]
    # participants can still fetch the re-released workbook
    assert fetch(round1.exchange, course.base / "late-comer", "late-comer") == [WB]


# -- the facilitator's mistakes: one sentence, exit 2, nothing half-written ------------------------

def test_init_with_a_bad_roster_row_writes_nothing(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("id,first name,last name,email\nana,Ana,Lopez,\nbad id,Bo,Bad,\n",
                      encoding="utf-8")
    root = tmp_path / "course"
    proc = run_plkit("workshop", "init", str(root), "--course-id", COURSE, "--roster", str(roster))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert_one_sentence(proc.stderr)
    assert "Row 3" in proc.stderr and "bad id" in proc.stderr
    assert not (root / CONFIG_FILE).exists()
    assert not root.exists() or not any(root.iterdir())


@pytest.mark.parametrize(
    "args, expected",
    [
        (["status", "{tmp}/not-a-workshop"], "plkit workshop init"),
        (["release", "{tmp}/not-a-workshop"], "not a plkit workshop"),
        (["init", "{tmp}/new", "--course-id", "pl test"], "course id"),
        (["init", "{tmp}/new", "--course-id", COURSE, "--roster", "{tmp}/none.csv"],
         "could not be read"),
        (["init", "{root}", "--course-id", "another-course"], "already holds"),
        (["release", "{root}", "no-such-workbook"], "no workbook called"),
        (["collect", "{root}", "no-such-workbook"], "no workbook called"),
        (["add-participant", "{root}", "bad id"], "not usable"),
    ],
)
def test_command_line_errors(course: Course, tmp_path: Path, args: list[str], expected: str) -> None:
    argv = ["workshop", *(a.format(tmp=tmp_path, root=course.root) for a in args)]
    rc, out, err = run_main(*argv)
    assert rc == 2, (out, err)
    assert_one_sentence(err)
    assert err.startswith("plkit: ")
    assert expected in err
    assert not (tmp_path / "new" / CONFIG_FILE).exists()


def test_command_line_error_through_the_console_script(tmp_path: Path) -> None:
    proc = run_plkit("workshop", "status", str(tmp_path / "nowhere"))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert_one_sentence(proc.stderr)
    assert "Traceback" not in proc.stderr


def test_init_with_an_unreachable_database(tmp_path: Path) -> None:
    """A wrong --db-url (nothing listens on that port of 127.0.0.1) is one sentence naming the
    database, and leaves no workshop behind that points at it."""
    root = tmp_path / "course"
    url = f"postgresql+psycopg://plkit@127.0.0.1:{free_port()}/plkit"
    rc, out, err = run_main("workshop", "init", str(root), "--course-id", COURSE, "--db-url", url)
    assert rc == 2
    assert_one_sentence(err)
    assert "upgraded nbgrader" not in err, err
    assert "database" in err.lower() or "gradebook" in err.lower()
    assert not (root / CONFIG_FILE).exists()


def test_autograde_prints_no_kernel_warning_per_submission(tmp_path: Path) -> None:
    """Autograde's kernels listen on Unix sockets (plkit.workshop.config): over TCP, ipykernel
    warns "Kernel is running over TCP without encryption" on the terminal once per submission."""
    root = tmp_path / "course"
    people = ["ana", "ben"]
    init(root, "pl-quiet", [Participant(sid) for sid in people], workbooks=[WB])
    notebook = get_workbook(WB).notebook
    for sid in people:  # as `plkit workshop collect` leaves a submission
        dest = root / "submitted" / sid / WB
        dest.mkdir(parents=True)
        shutil.copy(root / "release" / WB / notebook, dest / notebook)
        (dest / "timestamp.txt").write_text("2026-11-23 10:00:00.000000 UTC")
    r = run_plkit("workshop", "autograde", str(root))
    assert r.returncode == 0, r.stderr[-3000:]
    assert "2 submission(s) autograded." in r.stdout
    assert "without encryption" not in r.stderr, r.stderr[-3000:]
    assert "WARNING" not in r.stderr, r.stderr[-3000:]
    assert cells(completion_matrix(load(root))) == {sid: {WB: "incomplete"} for sid in people}


def test_feedback_is_generated_and_released_to_participants(round1: Round1) -> None:
    """`plkit workshop feedback` writes each graded participant's feedback and puts it in the
    exchange, where nbgrader's fetch_feedback finds it."""
    code, out, err = run_main("workshop", "feedback", str(round1.root), WB)
    assert code == 0, err
    assert f"Feedback released for: {WB}." in out
    for sid in (A, B):
        pages = list((round1.root / "feedback" / sid / WB).glob("*.html"))
        assert pages, f"no feedback page for {sid}"
    released = round1.exchange.root / COURSE / "feedback"
    assert released.is_dir() and any(released.rglob("*.html"))
