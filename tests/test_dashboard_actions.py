"""The dashboard runs the day, headless, against a real workshop (nbgrader, a SQLite gradebook, a
real exchange folder): release with and without a due date, collect and check with the progress
bar, the automatic refresh, adding a participant, the credentials section, titles instead of ids.
Every action answers in one sentence in a live region, failures too (a missing exchange, a
damaged submission, an unknown workbook, a bad due date), and the rest goes on."""

from __future__ import annotations

import base64
import html
import json
import re
import shutil
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from helpers_unit import assert_one_sentence, walk

from plkit.exchange import Exchange, fetch, submit
from plkit.facilitator import actions, day
from plkit.facilitator import dashboard as dash
from plkit.facilitator.actions import Outcome, Runner, release_workbooks
from plkit.store import FileStore
from plkit.workbooks.defining.keys import KEYS
from plkit.workshop.badges import RECORD
from plkit.workshop.config import Workshop
from plkit.workshop.course import RELEASE_FILE, init
from plkit.workshop.roster import Participant
from plkit.workshop.status import completion_matrix

pytestmark = pytest.mark.slow

DEFINING = "Defining personalized learning"
CHECKIN = "Check-in: two weeks on"


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> Workshop:
    root = tmp_path_factory.mktemp("day") / "course"
    people = [Participant("ana", "Ana", "Lopez", "ana@example.org"), Participant("ben", "Ben", "Okafor")]
    return init(root, "pl-day", people, workbooks=["defining", "checkin-2w"])


@pytest.fixture
def board(workshop: Workshop, monkeypatch: pytest.MonkeyPatch) -> Iterator[dash.Dashboard]:
    monkeypatch.setattr(dash, "_DASHBOARD", None)
    monkeypatch.setattr(day, "_DAY", None)
    dash.start(workshop.root)
    yield dash.dashboard()
    day.day().stop_auto()
    day.day().runner.wait(120)


def text_of(widget: object) -> str:
    return " ".join(str(getattr(x, "value", "")) for x in walk(widget)
                    if isinstance(getattr(x, "value", None), str))


def find(widget: object, kind: str, description: str = "") -> Any:
    found = [x for x in walk(widget) if type(x).__name__ == kind
             and description in str(getattr(x, "description", ""))]
    assert found, f"no {kind} {description!r}"
    return found[0]


def status_sentence(widget: object) -> str:
    """The one sentence in the section's live region."""
    for x in walk(widget):
        value = getattr(x, "value", None)
        if isinstance(value, str) and 'role="status"' in value:
            return re.sub(r"<[^>]+>", " ", value.split("<ul>")[0]).strip()
    raise AssertionError("no live region")


def participant_submits(ws: Workshop, tmp: Path, who: str, damaged: bool = False) -> None:
    """As the app does: fetch the released workbook, answer, submit through the real exchange."""
    ex = Exchange(ws.course_id, ws.exchange)
    home = tmp / who
    home.mkdir(exist_ok=True)
    fetch(ex, home, who)
    FileStore(home / "defining", "defining", who).set_many({KEYS["why_word"]: "belonging"})
    if damaged:
        for nb in (home / "defining").glob("*.ipynb"):
            nb.write_text("{this is not a notebook", encoding="utf-8")
    submit(ex, home / "defining", "defining", who)


def test_release_the_day_then_a_check_in_with_a_due_date(board: dash.Dashboard, workshop: Workshop) -> None:
    section = day.release()
    assert find(section, "Checkbox", DEFINING).value is True
    assert find(section, "Checkbox", CHECKIN).value is False  # follow-up: only when ticked
    assert "After the day: the check-ins" in text_of(section)
    find(section, "Button", "Release").click()
    day.day().runner.wait(120)
    sentence = status_sentence(section)
    assert sentence == f"Released “{DEFINING}”: participants find it on their home page."
    assert_one_sentence(sentence)
    released = workshop.exchange / workshop.course_id / "outbound"
    assert (released / "defining").is_dir() and not (released / "checkin-2w").exists()

    find(section, "Checkbox", DEFINING).value = False
    find(section, "Checkbox", CHECKIN).value = True
    due = date.today() + timedelta(days=14)
    find(section, "DatePicker").value = due
    find(section, "Button", "Release").click()
    day.day().runner.wait(120)
    assert status_sentence(section).startswith(f"Released “{CHECKIN}”, due by ")
    assert str(due.year) in status_sentence(section)
    record = json.loads((workshop.root / "release" / "checkin-2w" / RELEASE_FILE).read_text())
    assert record == {"workbook": "checkin-2w", "due": due.isoformat()}
    assert (released / "checkin-2w").is_dir()


def test_a_bad_due_date_an_unknown_workbook_or_nothing_ticked_is_one_sentence(
        board: dash.Dashboard, workshop: Workshop) -> None:
    section = day.release()
    for box in [x for x in walk(section) if type(x).__name__ == "Checkbox"]:
        box.value = False
    find(section, "Button", "Release").click()
    day.day().runner.wait(120)
    assert_one_sentence(status_sentence(section))
    assert "Tick at least one workbook" in status_sentence(section)

    find(section, "Checkbox", CHECKIN).value = True
    find(section, "DatePicker").value = date.today() - timedelta(days=1)
    before = (workshop.root / "release" / "checkin-2w" / RELEASE_FILE).read_text() \
        if (workshop.root / "release" / "checkin-2w" / RELEASE_FILE).exists() else None
    find(section, "Button", "Release").click()
    day.day().runner.wait(120)
    assert "has already passed" in status_sentence(section)
    assert_one_sentence(status_sentence(section))
    after = (workshop.root / "release" / "checkin-2w" / RELEASE_FILE)
    assert (after.read_text() if after.exists() else None) == before  # nothing released

    for bad in (["no-such-workbook"], ["nightmares"]):  # unknown to plkit; not in this workshop
        outcome = release_workbooks(workshop, bad)
        assert not outcome.ok
        assert_one_sentence(outcome.sentence)
    assert not release_workbooks(workshop, ["defining"], due="15/10/2026").ok


def test_collect_and_check_shows_progress_grades_and_names_a_damaged_submission(
        board: dash.Dashboard, workshop: Workshop, tmp_path: Path) -> None:
    release_workbooks(workshop, ["defining"])
    matrix = dash.completion()
    section = day.run()
    participant_submits(workshop, tmp_path, "ana")
    participant_submits(workshop, tmp_path, "ben", damaged=True)
    seen: list[tuple[int, int]] = []
    bar = find(section, "IntProgress")
    bar.observe(lambda ch: seen.append((bar.value, bar.max)), names="value")
    assert "Defining personalized learning" in text_of(matrix)  # titles, not ids, in the headers
    find(section, "Button", "Collect and check now").click()
    day.day().runner.wait(300)
    sentence = status_sentence(section)
    assert sentence.startswith("Checked 1 new submission at ") and "1 could not be checked" in sentence
    assert_one_sentence(sentence)
    listed = html.unescape(text_of(section))
    assert "ben's submitted notebook" in listed and "is damaged" in listed  # named, its own sentence
    m = completion_matrix(workshop)
    assert m.cells[("ana", "defining")] == "incomplete"  # graded; the other still awaits a resubmission
    assert m.cells[("ben", "defining")] == "submitted"
    assert (2, 2) in seen or bar.value == bar.max  # the bar reached the end
    # the views were refreshed from the gradebook: Ana's row now says incomplete
    row = re.search(r"Ana Lopez \(ana\)</th>(.*?)</tr>", text_of(matrix))
    assert row and "incomplete" in row.group(1)
    csv = re.search(r'download="completion.csv" href="data:text/csv;charset=utf-8;base64,([^"]+)"', text_of(matrix))
    assert csv and base64.b64decode(csv.group(1)).decode().startswith("participant,defining")  # ids kept

    # Checking again grades only what is new (ben's damaged one again), never Ana's twice.
    find(section, "Button", "Collect and check now").click()
    day.day().runner.wait(300)
    assert status_sentence(section).startswith("Checked 0 new submissions")


def test_a_missing_exchange_is_one_sentence_and_the_views_still_refresh(
        board: dash.Dashboard, workshop: Workshop) -> None:
    section = day.run()
    moved = workshop.exchange.with_name("exchange-away")
    workshop.exchange.rename(moved)
    try:
        board.refreshed = "never"
        find(section, "Button", "Collect and check now").click()
        day.day().runner.wait(120)
        sentence = status_sentence(section)
        assert "exchange folder" in sentence and "missing or cannot be reached" in sentence
        assert_one_sentence(sentence)
        assert board.refreshed != "never"
        release = day.release()
        find(release, "Button", "Release").click()
        day.day().runner.wait(120)
        assert "missing or cannot be reached" in status_sentence(release)
    finally:
        moved.rename(workshop.exchange)


def test_add_a_participant_with_labelled_inputs(board: dash.Dashboard, workshop: Workshop) -> None:
    section = day.participant()
    matrix = dash.completion()
    fields = {d: find(section, "Text", d) for d in ("Participant id", "First name", "Last name", "Email")}
    button = find(section, "Button", "Add")
    for bad_id, bad_email, expect in (("", "", "Give the participant an id"),
                                      ("dee smith", "", "is not usable"),
                                      ("dee", "dee at school", "is not an address")):
        fields["Participant id"].value, fields["Email"].value = bad_id, bad_email
        button.click()
        day.day().runner.wait(60)
        assert expect in status_sentence(section)
        assert_one_sentence(status_sentence(section))
    assert "dee" not in completion_matrix(workshop).participants
    fields["Participant id"].value, fields["First name"].value = "dee", "Dee"
    fields["Last name"].value, fields["Email"].value = "Smith", "dee@example.org"
    button.click()
    day.day().runner.wait(60)
    assert status_sentence(section) == "Added Dee Smith (dee): they join with the id dee."
    assert "dee" in completion_matrix(workshop).participants
    assert "Dee Smith (dee)" in text_of(matrix)  # the views were refreshed
    assert fields["Participant id"].value == ""  # ready for the next one
    fields["Participant id"].value, fields["First name"].value = "dee", "Deborah"
    button.click()
    day.day().runner.wait(60)
    assert "already on the roster" in status_sentence(section)


def test_one_action_at_a_time(board: dash.Dashboard) -> None:
    section = day.participant()
    gate = threading.Event()
    assert day.day().runner.start(lambda: (gate.wait(30), Outcome("done"))[1], lambda _o: None)
    find(section, "Text", "Participant id").value = "eve"
    find(section, "Button", "Add").click()
    assert "Another action is still running" in status_sentence(section)
    assert_one_sentence(status_sentence(section))
    gate.set()
    day.day().runner.wait(30)


def test_an_unexpected_failure_in_the_background_is_still_one_sentence() -> None:
    answers: list[Outcome] = []
    runner = Runner()
    runner.start(lambda: 1 / 0, answers.append)  # type: ignore[arg-type, return-value]
    runner.wait(10)
    assert answers and not answers[0].ok and "ZeroDivisionError" in answers[0].sentence
    assert_one_sentence(answers[0].sentence)


def test_the_automatic_refresh_runs_every_interval_never_two_at_once(
        board: dash.Dashboard, monkeypatch: pytest.MonkeyPatch) -> None:
    running, runs, overlaps = [0], [0], [0]
    skipped, third = threading.Event(), threading.Event()
    real_busy = Runner.busy

    def busy(runner: Runner) -> bool:
        """Runner.busy as the refresh loop reads it; notes a turn skipped while a check runs."""
        answer = bool(real_busy.fget(runner))  # type: ignore[attr-defined]
        if answer:
            skipped.set()
        return answer

    def slow_check(_ws: object, _progress: object = None) -> Outcome:
        running[0] += 1
        overlaps[0] += running[0] > 1
        if third.is_set():  # a turn that began before the interval was made a minute: no waiting
            runs[0] += 1
            running[0] -= 1
            return Outcome(f"Checked run {runs[0]}.")
        skipped.clear()
        # a check that lasts longer than the interval: it ends only once the loop has come round
        # again and found it still running
        assert skipped.wait(30), "the automatic refresh did not come round while a check ran"
        runs[0] += 1
        running[0] -= 1
        if runs[0] >= 3:
            third.set()
        return Outcome(f"Checked run {runs[0]}.")

    monkeypatch.setattr(Runner, "busy", property(busy))
    monkeypatch.setattr(day, "collect_and_check", slow_check)
    monkeypatch.setattr(day, "AUTO_SECONDS", 0.05)
    section = day.run()
    auto = find(section, "Checkbox", "every minute")
    auto.value = True
    assert third.wait(60), "three automatic runs within a minute"
    monkeypatch.setattr(day, "AUTO_SECONDS", 60.0)  # the next turn is a minute away
    day.day().runner.wait(30)
    loops = [t for t in threading.enumerate() if t.name == "plkit-auto-refresh"]
    auto.value = False
    for loop in loops:  # the loop ends when the refresh is turned off: no run after that
        loop.join(30)
        assert not loop.is_alive()
    day.day().runner.wait(30)
    assert runs[0] >= 3 and overlaps[0] == 0
    assert "Automatic refresh is off" in status_sentence(section)
    stopped = runs[0]
    assert not [t for t in threading.enumerate() if t.name == "plkit-auto-refresh"]
    assert runs[0] == stopped


def test_credentials_list_who_earned_one(board: dash.Dashboard, workshop: Workshop) -> None:
    section = day.credentials()
    assert "No one has been issued a credential yet." in text_of(section)
    record = workshop.root / RECORD
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps({"schema": 1, "credentials": [
        {"participant": "ana", "achievement_name": "PL designer", "issued": "2026-11-30T10:00:00Z"}]}))
    try:
        board.refresh()
        text = text_of(section)
        assert "Ana Lopez" in text and "PL designer" in text and "2026-11-30" in text and "valid" in text
        record.write_text("{damaged")
        board.refresh()
        assert "could not be read" in text_of(section)  # one sentence; the other views go on
    finally:
        shutil.rmtree(record.parent)


def test_without_a_workshop_the_day_sections_say_how_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dash, "_DASHBOARD", dash.Dashboard(None))
    monkeypatch.setattr(day, "_DAY", None)
    for section in (day.release(), day.run(), day.participant()):
        assert "plkit serve --facilitator --workshop DIR" in text_of(section)
        assert not [x for x in walk(section) if type(x).__name__ == "Button"]


def test_titles_helpers() -> None:
    assert actions.titles(["defining"]) == f"“{DEFINING}”"
    assert actions.titles(["defining", "checkin-2w", "x"]) == f"“{DEFINING}”, “{CHECKIN}” and “x”"


def test_two_dashboard_tabs_never_run_two_actions_at_once(tmp_path: Path) -> None:
    """Two tabs are two kernels: the lock file in the workshop folder keeps them one at a time."""
    lock = tmp_path / ".plkit-dashboard.lock"
    first, second = Runner(lock), Runner(lock)
    gate = threading.Event()
    answers: list[Outcome] = []
    assert first.start(lambda: (gate.wait(30), Outcome("first"))[1], answers.append)
    assert not second.start(lambda: Outcome("second"), answers.append)
    gate.set()
    first.wait(30)
    assert second.start(lambda: Outcome("second"), answers.append)
    second.wait(30)
    assert [a.sentence for a in answers] == ["first", "second"]


def test_the_automatic_refresh_turns_itself_off_after_a_day(
        board: dash.Dashboard, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(day, "collect_and_check", lambda *_a: Outcome("Checked."))
    monkeypatch.setattr(day, "AUTO_LIMIT", 0.0)
    section = day.run()
    auto = find(section, "Checkbox", "every minute")
    off = threading.Event()
    auto.observe(lambda change: off.set() if change["new"] is False else None, names="value")
    auto.value = True
    assert off.wait(30), "the automatic refresh turned itself off"
    assert auto.value is False and "Automatic refresh is off" in status_sentence(section)


def test_a_refresh_reads_and_renders_again_only_what_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from plkit.facilitator.cached import CollectedReader

    sub = tmp_path / "submitted"
    for who in ("ana", "ben"):
        for wb in ("defining", "nightmares"):
            FileStore(sub / who / wb, wb, who).set_many({"x": f"{who}-{wb}"})
    reader = CollectedReader()
    first = reader.read(sub)
    assert first.by_workbook["defining"] == {"ana": {"x": "ana-defining"}, "ben": {"x": "ben-defining"}}
    assert reader.read(sub) is first  # nothing changed: nothing read
    FileStore(sub / "ana" / "defining", "defining", "ana").set_many({"x": "new"})
    (sub / "ben" / "nightmares" / "plkit-responses.json").write_text("{damaged", encoding="utf-8")
    second = reader.read(sub)
    assert second.by_workbook["defining"]["ana"] == {"x": "new"} and second.unreadable == 1
    assert second.by_workbook["nightmares"] == {"ana": {"x": "ana-nightmares"}}

    board = dash.Dashboard(None)
    board.error = None
    renders = {"defining": 0, "all": 0}

    def counting(name: str) -> Any:
        def render() -> str:
            renders[name] += 1
            return name
        return render

    board.view(counting("defining"), ("defining",))
    board.view(counting("all"), ("*",))
    assert renders == {"defining": 1, "all": 1}
    board.refresh = lambda: [v() for v in board.views]  # type: ignore[method-assign]
    board.refresh()
    assert renders == {"defining": 1, "all": 1}  # nothing changed
    board.collected = dash.Collected({**board.collected.by_workbook, "nightmares": {}})
    board.refresh()
    assert renders == {"defining": 1, "all": 2}  # only the view showing everything
    board.collected = dash.Collected({"defining": {"ana": {}}})
    board.refresh()
    assert renders == {"defining": 2, "all": 3}
