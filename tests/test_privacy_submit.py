"""No submission from this computer names a student of a class loaded here: not with the class
in memory, not after a page reload (a fresh kernel), and not from another workbook. The refusal
is one sentence that says which answer to edit and never repeats the student."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers_unit import assert_one_sentence
from test_classdata_report import canary_class

import plkit.page.submit as submit_module
from plkit.classdata import read_gradebook
from plkit.exchange import SubmitResult
from plkit.page import session
from plkit.page.parts import known_students, submit_panel
from plkit.privacy import check_submission, identifiers_file
from plkit.store import FileStore
from plkit.workbooks.classdata import page as cw
from plkit.workbooks.classdata.keys import KEYS as CLASSDATA
from plkit.workbooks.nightmares.keys import KEYS as NIGHTMARES
from plkit.workbooks.nightmares.keys import plan_key

REPO = Path(__file__).resolve().parents[1]
CLASS = canary_class(12)
ROSTER = read_gradebook(CLASS, secret=b"test").roster
FIRST = next(iter(ROSTER.values()))  # "Zqavor Canarystuda", CX880000, zqavor@canary.test
GIVEN, FAMILY = FIRST["name"].split()


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.delenv("PLKIT_CONTENT_DIR", raising=False)
    monkeypatch.setenv("PLKIT_SAVE_DELAY", "0")
    monkeypatch.setenv("PLKIT_SECRET_FILE", str(tmp_path / "config" / "classdata-secret"))
    session.reset()
    cw._STATES.clear()
    yield
    session.reset()
    cw._STATES.clear()


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, str]]:
    """What reached the exchange (a stand-in for nbgrader's, which tests of the exchange cover)."""
    calls: list[tuple[Path, str]] = []

    def fake_submit(exchange: Any, folder: Path, workbook: str, student_id: str) -> SubmitResult:
        calls.append((Path(folder), workbook))
        return SubmitResult(workbook, "2026-03-02T09:15:00+00:00", False)

    monkeypatch.setattr(submit_module, "submit", fake_submit)
    return calls


def identifiers() -> list[str]:
    out = []
    for entry in ROSTER.values():
        out += [entry["name"], entry["first"], entry["last"], *entry["ids"], *entry["logins"], *entry["emails"]]
    return [str(x) for x in out if x]


def load_class(ws: Path) -> FileStore:
    """The teacher uploads their class on the class-data page (it stays in kernel memory)."""
    store = FileStore(ws / "classdata", "classdata", "ana")
    panel = cw.load(store)
    panel.upload._message(panel.upload, {"kind": "file", "name": "class.csv", "size": len(CLASS)},
                          [memoryview(CLASS)])
    assert cw.state(store).gb is not None
    return store


def reload_page() -> None:
    """What a page reload does to memory: a new kernel, so no session and no class."""
    session.reset()
    cw._STATES.clear()


def submit(workbook: str, folder: Path) -> str:
    store = FileStore(folder, workbook, "ana")
    session.bind(workbook, store)
    message = submit_panel(workbook).submit()
    assert isinstance(message, str)
    return message


def assert_refused(message: str, where: str, sent: list[tuple[Path, str]]) -> None:
    assert message.startswith("Not submitted:"), message
    assert where in message, message
    assert_one_sentence(message)
    lowered = message.lower()
    for ident in identifiers():
        for part in ident.replace(",", " ").replace("@", " ").split():
            if len(part) > 3:
                assert part.lower() not in lowered, (part, message)
    assert sent == []


def test_a_reflection_naming_a_student_is_refused_with_the_class_in_memory(
        tmp_path: Path, sent: list[tuple[Path, str]]) -> None:
    store = load_class(tmp_path)
    store.set(CLASSDATA["reflection"], f"Next week {GIVEN} {FAMILY} leads group 2.")
    message = submit_panel("classdata").submit()
    assert_refused(message, "classdata.next-week", sent)


def test_a_reflection_naming_a_student_is_refused_after_a_reload(
        tmp_path: Path, sent: list[tuple[Path, str]]) -> None:
    store = load_class(tmp_path)
    store.set(CLASSDATA["reflection"], f"Next week {GIVEN} {FAMILY} leads group 2.")
    reload_page()
    assert session.current_session("classdata") is None and not cw._STATES  # nothing in memory
    assert_refused(submit("classdata", tmp_path / "classdata"), "classdata.next-week", sent)
    # the teacher edits the answer the message names, and the submission goes through
    FileStore(tmp_path / "classdata", "classdata", "ana").set(CLASSDATA["reflection"], "Next week group 2 leads.")
    assert submit("classdata", tmp_path / "classdata").startswith("Submitted at")
    assert [wb for _, wb in sent] == ["classdata"]


@pytest.mark.parametrize("key, text", [
    (NIGHTMARES["reflective"], f"I keep thinking of {GIVEN} in period 3."),
    (NIGHTMARES["yes_buts"], f"what would {GIVEN.upper()} {FAMILY.upper()} say"),
    (plan_key("no-definition", "who"), f"Me and {FIRST['emails'][0]}"),
    (plan_key("no-definition", "evidence"), f"Scores of student {FIRST['ids'][0]}"),
])
def test_a_student_named_in_another_workbook_is_refused(
        tmp_path: Path, sent: list[tuple[Path, str]], key: str, text: str) -> None:
    load_class(tmp_path)
    reload_page()
    FileStore(tmp_path / "nightmares", "nightmares", "ana").set(key, text)
    assert_refused(submit("nightmares", tmp_path / "nightmares"), key, sent)


def test_ordinary_answers_go_through(tmp_path: Path, sent: list[tuple[Path, str]]) -> None:
    load_class(tmp_path)
    reload_page()
    FileStore(tmp_path / "nightmares", "nightmares", "ana").set(
        NIGHTMARES["reflective"], "Will we have time? May is busy; we will mark the essays together.")
    assert submit("nightmares", tmp_path / "nightmares").startswith("Submitted at")
    assert [wb for _, wb in sent] == ["nightmares"]


def test_no_class_ever_loaded_here_means_nothing_to_check(tmp_path: Path, sent: list[tuple[Path, str]]) -> None:
    FileStore(tmp_path / "nightmares", "nightmares", "ana").set(NIGHTMARES["reflective"], "About Zqavor today")
    assert submit("nightmares", tmp_path / "nightmares").startswith("Submitted at")
    assert not Path(os.environ["PLKIT_SECRET_FILE"]).exists()  # checking made no secret


def test_files_in_the_folder_are_checked_without_naming_them(tmp_path: Path, sent: list[tuple[Path, str]]) -> None:
    load_class(tmp_path)
    reload_page()
    folder = tmp_path / "nightmares"
    FileStore(folder, "nightmares", "ana").set(NIGHTMARES["reflective"], "Fine.")
    (folder / "notes.md").write_text(f"ask {FIRST['emails'][0]}", encoding="utf-8")
    assert_refused(submit("nightmares", folder), "the file notes.md", sent)
    (folder / "notes.md").unlink()
    (folder / f"{GIVEN} {FAMILY}.txt").write_text("nothing here", encoding="utf-8")
    assert_refused(submit("nightmares", folder), "the name of a file in your workbook folder", sent)


def test_what_the_exchange_leaves_out_is_not_read_but_a_killed_save_is(tmp_path: Path) -> None:
    load_class(tmp_path)
    folder = tmp_path / "defining"
    folder.mkdir()
    named = f"{GIVEN} {FAMILY}"
    (folder / "plkit-responses.unreadable-20260101.json").write_text(named, encoding="utf-8")
    (folder / ".ipynb_checkpoints").mkdir()
    (folder / ".ipynb_checkpoints" / "w-checkpoint.ipynb").write_text(named, encoding="utf-8")
    known = known_students()
    assert check_submission(folder, known) == []
    (folder / ".plkit-responses.json.abc.tmp").write_text(named, encoding="utf-8")
    assert [f.where for f in check_submission(folder, known)] == ["the file .plkit-responses.json.abc.tmp"]


def test_a_responses_file_of_the_wrong_shape_is_read_whole(tmp_path: Path) -> None:
    load_class(tmp_path)
    folder = tmp_path / "defining"
    folder.mkdir()
    (folder / "plkit-responses.json").write_text(json.dumps({"responses": {"k": FAMILY}}), encoding="utf-8")
    assert [f.where for f in check_submission(folder, known_students())] == ["the file plkit-responses.json"]


def test_the_record_holds_no_identifier(tmp_path: Path) -> None:
    load_class(tmp_path)
    raw = identifiers_file(Path(os.environ["PLKIT_SECRET_FILE"])).read_text(encoding="ascii").lower()
    for ident in identifiers():
        for part in ident.replace(",", " ").replace("@", " ").split():
            if len(part) > 3:
                assert part.lower() not in raw


_FRESH_KERNEL = """
import sys
from pathlib import Path
from plkit.page import session
from plkit.page.parts import submit_panel
from plkit.store import FileStore
folder = Path(sys.argv[1])
session.bind("nightmares", FileStore(folder, "nightmares", "ana"))
print(submit_panel("nightmares").submit())
"""


def test_a_fresh_kernel_with_no_class_in_memory_refuses(tmp_path: Path) -> None:
    load_class(tmp_path)
    folder = tmp_path / "nightmares"
    FileStore(folder, "nightmares", "ana").set(NIGHTMARES["not_fail"], f"{GIVEN} would lead it")
    env = {**os.environ, "PLKIT_COURSE_ID": "", "PLKIT_EXCHANGE": ""}
    result = subprocess.run([sys.executable, "-c", _FRESH_KERNEL, str(folder)], capture_output=True, text=True,
                            timeout=120, cwd=REPO, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert_refused(result.stdout.strip(), NIGHTMARES["not_fail"], [])
