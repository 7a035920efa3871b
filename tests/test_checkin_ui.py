"""The check-in pages without a browser: every control labelled, each answer saved into its part of
the nested keys (other parts kept), everything back when the page is built again from the same
store, the plan read from the Fifteen nightmares answers saved beside it, and the home page's
"After the day" list."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest
from helpers_unit import walk

import plkit
from plkit.content import Catalog
from plkit.home import show
from plkit.page import session
from plkit.store import FileStore, MemoryStore
from plkit.workbooks.checkin.keys import KEYS, OWN
from plkit.workbooks.checkin.model import Day, read_day
from plkit.workbooks.checkin.widgets import (
    ChallengeReport,
    NextStep,
    OwnNextStep,
    StepReport,
    SupportScales,
)
from plkit.workbooks.nightmares.keys import KEYS as NIGHTMARES
from plkit.workbooks.nightmares.keys import plan_key

pytestmark = pytest.mark.usefixtures("clean_session")

RISK, LOOP = "risk-punished", "no-reflection"
PAGES = [plkit.checkin_2w, plkit.checkin_6w]


def nightmares_answers() -> dict[str, Any]:
    return {NIGHTMARES["top_three"]: [RISK, LOOP],
            NIGHTMARES["ratings"]: {RISK: {"presence": "3", "impact": "3"}},
            plan_key(RISK, "first-step"): "Ask my principal to observe a lesson where students choose",
            plan_key(RISK, "by-when"): "1 October",
            plan_key(LOOP, "first-step"): "Ask students for feedback every Friday"}


@pytest.fixture
def day(cat: Catalog) -> Day:
    return read_day(nightmares_answers(), {"challenges.index": ["c1"],
                                           "challenges.challenge.c1": {"title": "Plastic-free lunch"}},
                    cat.nightmares)


def texts(widget: Any) -> str:
    return " ".join(str(getattr(x, "value", "") or "") + " " + str(getattr(x, "description", "") or "")
                    for x in walk(widget))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.WORKBOOK)
def test_every_control_is_labelled_and_no_label_repeats(page: Any, day: Day) -> None:
    store = MemoryStore(page.WORKBOOK, "ana")
    built = [f(store=store, day=day) for f in page.PAGE]
    controls = [x for top in built for x in walk(top)
                if type(x).__name__ in {"Text", "Textarea", "RadioGroup", "Button", "Checkbox", "Dropdown"}]
    assert len(controls) >= 14
    labels = [c.description for c in controls if type(c).__name__ != "Button"]
    assert all(labels) and len(labels) == len(set(labels)), labels


def test_a_first_step_not_taken_asks_what_got_in_the_way(day: Day) -> None:
    store = MemoryStore("checkin-2w", "ana")
    report = StepReport(store, day.planned[0], 0)
    assert "Ask my principal" in texts(report) and "1 October" in texts(report)
    assert report.status.input.description == "Nightmare 11: did you take this first step?"
    assert not report.obstacle.shown
    report.status.input.value = "not-yet"
    assert report.obstacle.shown
    report.obstacle.input.value = "The timetable changed"
    assert store.get(KEYS["steps"]) == {RISK: {"status": "not-yet", "obstacle": "The timetable changed"}}
    report.status.input.value = "done"
    assert not report.obstacle.shown  # hidden, but kept
    assert store.get(KEYS["steps"])[RISK] == {"status": "done", "obstacle": "The timetable changed"}
    again = StepReport(store, day.planned[0], 0)  # the page built again from the same answers
    assert again.status.value == "done" and again.obstacle.value == "The timetable changed"
    assert "Saved earlier" in again.status.status.value


def test_parts_saved_elsewhere_are_kept(day: Day) -> None:
    store = MemoryStore("checkin-2w", "ana")
    store.set(KEYS["next"], {LOOP: {"first-step": "From another tab"}, "junk": 3})
    nxt = NextStep(store, day.planned[0], 0)
    assert "Saved earlier" not in nxt.step.status.value  # nothing of this nightmare saved yet
    nxt.step.input.value = "Invite my principal to the showcase"
    nxt.by_when.input.value = "November"
    nxt.presence.input.value = "2"
    mine = {"first-step": "Invite my principal to the showcase", "by-when": "November"}
    assert store.get(KEYS["next"]) == {LOOP: {"first-step": "From another tab"}, "junk": 3, RISK: mine}
    assert store.get(KEYS["presence"]) == {RISK: "2"}
    assert "Very present" in texts(nxt)  # the rating on the day, shown beside the new one
    again = NextStep(store, day.planned[0], 0)
    assert (again.step.value, again.by_when.value, again.presence.value) == (
        "Invite my principal to the showcase", "November", "2")


def test_support_is_saved_as_numbers_and_comes_back() -> None:
    store = MemoryStore("checkin-2w", "ana")
    scales = SupportScales(store)
    legends = [s.input.description for s in scales.scales.values()]
    assert legends[0].startswith("Time:") and "evaluated reward trying new things" in legends[2]
    assert scales.scales["time"].input.options[0] == ["1 - No time at all", "1"]
    scales.scales["time"].input.value = "2"
    scales.scales["evaluation"].input.value = "5"
    assert store.get(KEYS["support"]) == {"time": 2, "evaluation": 5}
    again = SupportScales(store)
    assert again.scales["time"].value == "2" and again.scales["coaching"].value is None


def test_challenges_and_an_own_next_step_save_under_their_ids() -> None:
    store = MemoryStore("checkin-2w", "ana")
    c = ChallengeReport(store, 1, "c1", "Plastic-free lunch", 0)
    c.status.input.value = "partly"
    c.note.input.value = "Two groups finished"
    own = OwnNextStep(store, 0, earlier=("Try exit tickets", "May"))
    assert "Try exit tickets" in texts(own) and "(by May)" in texts(own)
    own.step.input.value = "Try choice boards in one unit"
    assert store.get(KEYS["challenges"]) == {"c1": {"status": "partly", "note": "Two groups finished"}}
    assert store.get(KEYS["next"]) == {OWN: {"first-step": "Try choice boards in one unit"}}


def test_the_page_with_a_plan_then_complete(day: Day) -> None:
    page = plkit.checkin_2w
    store = MemoryStore("checkin-2w", "ana")
    cells = {f.__name__: f(store=store, day=day) for f in page.PAGE}
    plan = texts(cells["plan"])
    assert "Nightmare 11: Systems that punish risk" in plan and "Ask students for feedback" in plan
    assert "Plastic-free lunch" in plan and "Here is the plan you wrote" in plan and "revised" not in plan
    assert "No student names" in texts(cells["what_happened"])
    assert "Not reflecting or learning from feedback" in texts(cells["next_steps"])
    assert "Systems that punish risk" in texts(cells["support"])
    assert "keep a snapshot of your class" in texts(cells["class_data"])
    progress = cells["progress"]
    steps = [x for x in walk(cells["first_steps"]) if isinstance(x, StepReport)]
    steps[0].status.input.value = "started"
    nexts = [x for x in walk(cells["next_steps"]) if isinstance(x, NextStep)]
    nexts[1].step.input.value = "Ask again, in week 3"
    scales = next(x for x in walk(cells["support"]) if isinstance(x, SupportScales))
    for s in scales.scales.values():
        s.input.value = "3"
    assert progress.report.complete
    md = cells["download"].files["updated-action-plan.md"]
    assert "- **Taken:** Started" in md and "Ask again, in week 3" in md


def test_six_weeks_asks_about_the_step_revised_at_two_weeks(cat: Catalog) -> None:
    earlier = {KEYS["next"]: {RISK: {"first-step": "Invite my principal to the showcase.", "by-when": "Nov"}}}
    day = read_day(nightmares_answers(), {}, cat.nightmares, earlier=earlier)
    store = MemoryStore("checkin-6w", "ana")
    plan = texts(plkit.checkin_6w.plan(store=store, day=day))
    assert "Revised at the last check-in:</strong> Invite my principal to the showcase. (by Nov)" in plan
    assert "the questions ask about the revised step" in plan and "Ask my principal" in plan
    steps = texts(plkit.checkin_6w.first_steps(store=store, day=day))
    assert ("Your first step, as you revised it at the last check-in:</strong> Invite my principal to the "
            "showcase. <strong>By when:</strong> Nov.") in steps


def test_the_page_without_a_plan_says_what_to_do_and_still_asks_about_support() -> None:
    store = MemoryStore("checkin-6w", "ana")
    cells = {f.__name__: f(store=store) for f in plkit.checkin_6w.PAGE}  # store= alone: no plan
    plan = texts(cells["plan"])
    assert "There is no action plan" in plan and "../nightmares/fifteen-nightmares.ipynb" in plan
    assert "support further down are for you too" in plan
    assert not [x for x in walk(cells["first_steps"]) if isinstance(x, StepReport)]
    assert [x for x in walk(cells["next_steps"]) if isinstance(x, OwnNextStep)]
    assert [x for x in walk(cells["support"]) if isinstance(x, SupportScales)]
    assert "No challenge was saved" in texts(cells["challenges"])


def test_the_class_view_shows_the_change_per_standard(day: Day) -> None:
    snaps = {"before": {"taken": "2026-09-01", "standards": {"RL.1": 0.4, "RL.2": None}},
             "after": {"taken": "2026-10-15", "standards": {"RL.1": 0.65, "RL.2": 0.3}}}
    cell = plkit.checkin_6w.class_data(store=MemoryStore("checkin-6w", "ana"), day=Day(snapshots=snaps))
    shown = texts(cell)
    assert "<caption>Share of your students ready on each standard</caption>" in shown
    assert "<td>40%</td><td>65%</td><td>+25.0</td>" in shown and "1 standard is not shown" in shown
    one = plkit.checkin_6w.class_data(store=MemoryStore("checkin-6w", "ana"),
                                      day=Day(snapshots={"before": snaps["before"]}))
    assert "You kept one snapshot of your class on 2026-09-01" in texts(one)


def test_the_notebook_cell_reads_the_plan_saved_beside_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLKIT_STORE_DIR", raising=False)
    FileStore(tmp_path / "nightmares", "nightmares", "ana").set_many(nightmares_answers())
    (tmp_path / "checkin-2w").mkdir()
    monkeypatch.chdir(tmp_path / "checkin-2w")
    plan = plkit.checkin_2w.plan()
    assert "Ask my principal" in texts(plan)
    steps = plkit.checkin_2w.first_steps()
    report = next(x for x in walk(steps) if isinstance(x, StepReport))
    report.status.input.value = "done"
    saved = json.loads((tmp_path / "checkin-2w" / "plkit-responses.json").read_text())
    assert saved["responses"][KEYS["steps"]]["value"] == {RISK: {"status": "done"}}
    assert "checkin" not in (tmp_path / "nightmares" / "plkit-responses.json").read_text()
    session.reset()


# -- the home page ------------------------------------------------------------------------------

def listing(ws: Path) -> str:
    return next(x for x in walk(show(ws)) if isinstance(x, w.HTML) and "<nav" in x.value).value


def test_home_lists_the_check_ins_apart_for_after_the_day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLKIT_COURSE_ID", raising=False)
    monkeypatch.delenv("PLKIT_STORE_DIR", raising=False)
    text = listing(tmp_path)
    day, after = text.split("<h2>After the day</h2>")
    assert "Check-in" not in day and "Fifteen nightmares" in day
    assert "Check-in: two weeks on" in after and "For after the day (about two weeks on)." in after
    assert "For after the day (about six weeks on)." in after
    assert after.index("two weeks on") < after.index("six weeks on")
    assert '<nav aria-label="After the day">' in after


def test_home_shows_a_released_check_in_as_due(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLKIT_COURSE_ID", "pl-day")
    monkeypatch.delenv("PLKIT_STORE_DIR", raising=False)
    text = listing(tmp_path).split("<h2>After the day</h2>")[1]
    assert text.count("Not released yet") == 2 and "about two weeks on" in text
    folder = tmp_path / "checkin-2w"
    folder.mkdir()
    (folder / "checkin-two-weeks.ipynb").write_text("{}", encoding="utf-8")
    assert "<strong>Released</strong>: open it when you are ready." in listing(tmp_path)
    (folder / "plkit-release.json").write_text(json.dumps({"workbook": "checkin-2w", "due": "2027-03-15"}))
    text = listing(tmp_path)
    assert "Due by Monday 15 March 2027" in text and 'href="checkin-2w/checkin-two-weeks.ipynb"' in text
    assert text.split("<h2>After the day</h2>")[1].count("Not released yet") == 1  # six weeks on: waiting
    past = (date.today() - timedelta(days=3)).isoformat()
    (folder / "plkit-release.json").write_text(json.dumps({"workbook": "checkin-2w", "due": past}))
    assert "that date has passed: it is still open" in listing(tmp_path)
    for bad in ("{not json", "[]", json.dumps({"due": "soon"}), json.dumps({"workbook": "checkin-6w",
                                                                            "due": "2027-03-15"})):
        (folder / "plkit-release.json").write_text(bad)
        assert "<strong>Released</strong>" in listing(tmp_path), bad
