"""The check-ins (two and six weeks on) without widgets: reading the participant's plan from their
saved answers in other workbooks, completion, the facilitator's group view, the class snapshots and
the takeaway."""

from __future__ import annotations

import doctest
import importlib
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import plkit
from plkit.completion import evaluate
from plkit.content import Catalog
from plkit.page import session
from plkit.registry import get
from plkit.store import FileStore
from plkit.workbooks.challenges.keys import KEYS as CHALLENGES
from plkit.workbooks.challenges.keys import challenge_key
from plkit.workbooks.checkin.group import group_view
from plkit.workbooks.checkin.keys import KEYS, OWN, SCHEMA
from plkit.workbooks.checkin.model import CHECKINS, PRESENCE, Day, Item, read_day, top_three
from plkit.workbooks.checkin.page import SNAPSHOTS_KEY, load_day
from plkit.workbooks.checkin.snapshots import read_snapshots
from plkit.workbooks.checkin.takeaway import plan_html, plan_markdown
from plkit.workbooks.nightmares import model as nightmares_model
from plkit.workbooks.nightmares.keys import KEYS as NIGHTMARES
from plkit.workbooks.nightmares.keys import plan_key

RISK, LOOP, WHY = "risk-punished", "no-reflection", "unclear-why"


def day_answers() -> dict[str, Any]:
    """Fifteen nightmares as a participant left it: ratings, a top three, plans for two of them."""
    return {
        NIGHTMARES["ratings"]: {RISK: {"presence": "3", "impact": "3"}, LOOP: {"presence": "2", "impact": "3"},
                                WHY: {"presence": "1", "impact": "2"}},
        plan_key(RISK, "what-if"): "What if my evaluation counted one experiment a term?",
        plan_key(RISK, "first-step"): "Ask my principal to observe a lesson where students choose",
        plan_key(RISK, "by-when"): "1 October",
        plan_key(LOOP, "first-step"): "Ask students for feedback at the end of each week",
        plan_key(LOOP, "by-when"): "Friday",
    }


def challenge_answers() -> dict[str, Any]:
    return {CHALLENGES["index"]: ["c1", "gone"],
            challenge_key("c1"): {"id": "c1", "title": "Plastic-free lunch"},
            challenge_key("c2"): {"id": "c2", "title": "Deleted from the list"}}


# -- reading the plan ---------------------------------------------------------------------------

def test_the_plan_is_read_from_the_nightmares_answers(cat: Catalog) -> None:
    d = read_day(day_answers(), challenge_answers(), cat.nightmares)
    assert [(p.id, p.number) for p in d.planned] == [(RISK, 11), (LOOP, 15)]  # the third has no plan
    risk = d.planned[0]
    assert risk.title == "Systems that punish risk" and risk.presence == "3"
    assert risk.first_step.startswith("Ask my principal") and risk.by_when == "1 October"
    assert risk.plan["what-if"].startswith("What if") and not risk.revised
    assert d.challenges == (("c1", "Plastic-free lunch"),)  # listed ones only
    assert d.has_plan and d.snapshots is None


def test_a_chosen_top_three_wins_over_the_suggestion(cat: Catalog) -> None:
    d = read_day({**day_answers(), NIGHTMARES["top_three"]: [LOOP, "nonsense", LOOP]}, {}, cat.nightmares)
    assert [p.id for p in d.planned] == [LOOP]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_top_three_is_the_nightmares_workbooks_own(data: st.DataObject) -> None:
    """The check-in reimplements the small reading it needs; it must agree with the workbook's."""
    order = [f"n{i}" for i in range(8)]
    value = st.sampled_from(["0", "1", "2", "3", "not-sure", "9", None])
    ratings = data.draw(st.dictionaries(st.sampled_from(order), st.fixed_dictionaries(
        {"presence": value, "impact": value}), max_size=8))
    answers: dict[str, Any] = {NIGHTMARES["ratings"]: ratings}
    if data.draw(st.booleans()):
        answers[NIGHTMARES["top_three"]] = data.draw(st.lists(st.sampled_from([*order, "x"]), max_size=4))
    assert top_three(answers, order) == nightmares_model.top_three(answers, order)


def test_the_presence_scale_is_the_nightmares_workbooks_own() -> None:
    assert PRESENCE == nightmares_model.PRESENCE


def test_no_plan_and_junk_give_an_empty_plan(cat: Catalog) -> None:
    for junk in ({}, {NIGHTMARES["ratings"]: "x", plan_key(RISK, "first-step"): 7},
                 {NIGHTMARES["top_three"]: [RISK]}):
        d = read_day(junk, {CHALLENGES["index"]: "c1"}, cat.nightmares)
        assert not d.has_plan and d.challenges == ()


def test_six_weeks_starts_from_the_steps_revised_at_two_weeks(cat: Catalog) -> None:
    two = {KEYS["next"]: {RISK: {"first-step": "Invite my principal to the student showcase", "by-when": "Nov"},
                          LOOP: {"first-step": "  "}, OWN: {"first-step": "Try exit tickets", "by-when": "May"}},
           KEYS["presence"]: {RISK: "2"}}
    d = read_day(day_answers(), {}, cat.nightmares, earlier=two)
    risk, loop = d.planned
    assert (risk.first_step, risk.by_when, risk.revised, risk.presence) == (
        "Invite my principal to the student showcase", "Nov", True, "2")
    assert loop.first_step.startswith("Ask students") and not loop.revised and loop.presence == "2"
    assert d.revised and d.earlier_own == ("Try exit tickets", "May")


def test_the_page_reads_the_other_workbooks_saved_beside_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            cat: Catalog) -> None:
    monkeypatch.setenv("PLKIT_STORE_DIR", str(tmp_path))
    monkeypatch.delenv("PLKIT_CONTENT_DIR", raising=False)
    session.reset()
    FileStore(tmp_path / "nightmares", "nightmares", "ana").set_many(day_answers())
    FileStore(tmp_path / "challenges", "challenges", "ana").set_many(challenge_answers())
    snaps = {"before": {"taken": "2026-09-01", "standards": {"RL.1": 0.4}}}
    FileStore(tmp_path / "classdata", "classdata", "ana").set(SNAPSHOTS_KEY, snaps)
    FileStore(tmp_path / "checkin-2w", "checkin-2w", "ana").set(
        KEYS["next"], {RISK: {"first-step": "Invite my principal", "by-when": "Nov"}})
    before = (tmp_path / "nightmares" / "plkit-responses.json").read_bytes()
    s = session.session("checkin-6w")
    d = load_day(CHECKINS["checkin-6w"], s)
    assert [p.id for p in d.planned] == [RISK, LOOP] and d.planned[0].first_step == "Invite my principal"
    assert d.challenges == (("c1", "Plastic-free lunch"),) and d.snapshots == snaps and d.notes == ()
    two = load_day(CHECKINS["checkin-2w"], session.session("checkin-2w"))
    assert two.planned[0].first_step.startswith("Ask my principal")  # two weeks reads no check-in
    assert (tmp_path / "nightmares" / "plkit-responses.json").read_bytes() == before  # read only
    session.reset()


def test_a_damaged_nightmares_file_means_no_plan_and_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLKIT_STORE_DIR", str(tmp_path))
    session.reset()
    (tmp_path / "nightmares").mkdir()
    damaged = tmp_path / "nightmares" / "plkit-responses.json"
    damaged.write_text("{not json", encoding="utf-8")
    d = load_day(CHECKINS["checkin-2w"], session.session("checkin-2w"))
    assert not d.has_plan and len(d.notes) == 1 and "open that workbook" in d.notes[0]
    assert damaged.read_text(encoding="utf-8") == "{not json"  # left for its own page to set aside
    session.reset()


def test_this_check_ins_own_damaged_file_is_set_aside_and_reported(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLKIT_STORE_DIR", str(tmp_path))
    session.reset()
    (tmp_path / "checkin-2w").mkdir()
    (tmp_path / "checkin-2w" / "plkit-responses.json").write_text("{not json", encoding="utf-8")
    head = plkit.checkin_2w.start()
    assert any("unreadable" in str(getattr(c, "value", "")) or "could not" in str(getattr(c, "value", ""))
               for c in head.children)
    assert list((tmp_path / "checkin-2w").glob("plkit-responses.unreadable-*.json"))
    session.reset()


# -- completion ---------------------------------------------------------------------------------

def complete(**extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        KEYS["steps"]: {RISK: {"status": "started", "obstacle": "No time in October"}},
        KEYS["support"]: {"time": 2, "coaching": 4, "evaluation": 1},
        KEYS["next"]: {RISK: {"first-step": "Ask for one free period", "by-when": "November"}},
    }
    return {**base, **extra}


@pytest.mark.parametrize("wb", ["checkin-2w", "checkin-6w"])
def test_completion_needs_a_step_the_three_support_questions_and_a_next_step(wb: str) -> None:
    assert evaluate(wb, complete()).complete
    assert evaluate(wb, {}).done == 0
    for key, bad in [(KEYS["steps"], {RISK: {"obstacle": "time"}}), (KEYS["support"], {"time": 2, "coaching": 4}),
                     (KEYS["next"], {RISK: {"by-when": "May"}}), (KEYS["steps"], {RISK: {"status": "maybe"}}),
                     (KEYS["support"], {"time": 0, "coaching": 4, "evaluation": 1}),
                     (KEYS["support"], {"time": True, "coaching": 4, "evaluation": 1})]:
        report = evaluate(wb, complete(**{key: bad}))
        assert not report.complete and report.done == 2, (key, bad)


def test_without_a_plan_what_was_tried_and_an_own_next_step_complete_it() -> None:
    answers = {KEYS["happened"]: "I let students choose how to show their learning in one unit.",
               KEYS["support"]: {"time": 3, "coaching": 3, "evaluation": 3},
               KEYS["next"]: {OWN: {"first-step": "Try it in a second unit", "by-when": ""}}}
    assert evaluate("checkin-2w", answers).complete
    assert not evaluate("checkin-2w", {**answers, KEYS["happened"]: "Not much."}).complete


def test_the_schema_fits_what_the_page_saves() -> None:
    validator = jsonschema.Draft202012Validator(SCHEMA)
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    answers = {**complete(), KEYS["presence"]: {RISK: "not-sure"}, KEYS["happened"]: "It went well.",
               KEYS["challenges"]: {"c1": {"status": "partly", "note": "Two groups finished"}}}
    assert list(validator.iter_errors(answers)) == []
    for key in KEYS.values():
        assert validator.is_valid({key: None})
    assert evaluate("checkin-2w", {KEYS["presence"]: {RISK: "4"}}).unusable == (KEYS["presence"],)


JSON = st.recursive(st.none() | st.booleans() | st.integers(-2, 7) | st.floats() | st.text(max_size=8)
                    | st.sampled_from(["done", "started", "not-yet", "yes", "partly", "3", "not-sure", OWN, RISK]),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                        st.sampled_from(["status", "obstacle", "first-step", "by-when", "note", "time", "coaching",
                                         "evaluation", RISK, OWN, "c1"]) | st.text(max_size=4), inner, max_size=4),
                    max_leaves=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(sorted(KEYS.values())), value=JSON)
def test_any_json_never_raises_and_never_completes_alone(key: str, value: Any) -> None:
    assert not evaluate("checkin-2w", {key: value}).complete
    report = evaluate("checkin-2w", complete(**{key: value}))
    assert report.total == 3
    d = Day()
    plan_markdown(complete(**{key: value}), d, CHECKINS["checkin-2w"])
    group_view({str(i): {key: value} for i in range(4)})


# -- the group view -----------------------------------------------------------------------------

def participant(status: str, support: tuple[int, int, int], now: str) -> dict[str, Any]:
    return {KEYS["steps"]: {RISK: {"status": status}, LOOP: {"status": "done"}},
            KEYS["support"]: dict(zip(("time", "coaching", "evaluation"), support)),
            KEYS["presence"]: {RISK: now, LOOP: "not-sure"},
            KEYS["evidence"]: "Secret words nobody else may see"}


def test_the_group_view_shows_counts_and_means_only() -> None:
    checkins = {"ana": participant("done", (2, 4, 1), "2"), "ben": participant("not-yet", (3, 4, 2), "3"),
                "cy": participant("started", (4, 5, 1), "1"), "dee": {KEYS["happened"]: "Something"}}
    day = {who: {NIGHTMARES["ratings"]: {RISK: {"presence": "3", "impact": "3"}}} for who in checkins}
    g = group_view(checkins, day, {RISK: "Systems that punish risk"})
    assert g.enough and g.responses == 4
    assert g.steps == {"done": 4, "started": 1, "not-yet": 1}
    assert round(g.step_shares()["done"], 2) == 0.67
    assert g.support == {"time": (3.0, 3), "coaching": (4.33, 3), "evaluation": (1.33, 3)}
    [risk] = g.presence  # "not sure" is not a presence; LOOP was never numeric
    assert (risk.title, risk.participants, risk.before, risk.now, risk.change) == (
        "Systems that punish risk", 3, 3.0, 2.0, -1.0)
    assert "Secret" not in repr(g) and "ana" not in repr(g)


def test_nothing_is_shown_for_fewer_than_three() -> None:
    two = {"ana": participant("done", (2, 4, 1), "2"), "ben": participant("done", (3, 4, 2), "3"),
           "cy": {}, "dee": {KEYS["support"]: None}}
    g = group_view(two)
    assert not g.enough and g.responses == 2 and g.steps == {} and g.support == {} and g.presence == []
    assert g.message == "Not enough responses to show yet."


def test_each_part_of_the_group_view_needs_three_of_its_own() -> None:
    checkins = {"ana": participant("done", (2, 4, 1), "2"), "ben": {KEYS["happened"]: "x"},
                "cy": {KEYS["support"]: {"time": 5}}, "dee": {KEYS["support"]: {"time": 4}}}
    day = {"ana": {NIGHTMARES["ratings"]: {RISK: {"presence": "3"}}}}
    g = group_view(checkins, day)
    assert g.enough and g.steps == {}  # one participant reported steps
    assert g.support == {"time": (3.67, 3)}  # coaching and evaluation: one answer each
    assert g.presence == []  # one participant rated it on the day and now


# -- the class before and after ----------------------------------------------------------------

def test_the_change_per_standard_is_shown_where_both_snapshots_have_a_share() -> None:
    s = read_snapshots({"before": {"taken": "2026-09-01", "standards": {"A": 0.5, "B": None, "C": 0.2, "D": 0.9}},
                        "after": {"taken": "2026-10-20", "standards": {"A": 0.75, "B": 0.4, "C": 0.1, "E": 0.3}}})
    assert s.state == "both" and (s.before, s.after) == ("2026-09-01", "2026-10-20")
    assert [(c.standard, c.points) for c in s.changes] == [("A", 25.0), ("C", -10.0)]
    assert s.left_out == 3  # B suppressed before, D and E in one snapshot only


@pytest.mark.parametrize("value, state", [
    (None, "none"), ("x", "none"), ({"before": {"standards": "x"}}, "none"),
    ({"before": {"taken": "2026-09-01", "standards": {"A": 0.5}}}, "one"),
    ({"after": {"taken": "yesterday", "standards": {}}, "before": []}, "one"),
    ({"before": {"standards": {"A": 2, "B": True, "C": float("nan")}}, "after": {"standards": {"A": 0.5}}}, "both"),
])
def test_snapshots_are_read_defensively(value: Any, state: str) -> None:
    s = read_snapshots(value)
    assert s.state == state and s.changes == ()


# -- the takeaway and the doctests --------------------------------------------------------------

def test_the_updated_plan_downloads_with_everything_said(cat: Catalog) -> None:
    snaps = {"before": {"taken": "2026-09-01", "standards": {"RL.1": 0.4}},
             "after": {"taken": "2026-10-15", "standards": {"RL.1": 0.65}}}
    d = read_day(day_answers(), challenge_answers(), cat.nightmares, snapshots=snaps)
    answers = {**complete(), KEYS["presence"]: {RISK: "2"}, KEYS["evidence"]: "12 of 25 chose a <b>product</b>",
               KEYS["challenges"]: {"c1": {"status": "partly", "note": "Two groups finished"}}}
    md = plan_markdown(answers, d, CHECKINS["checkin-2w"], today=date(2026, 10, 16))
    assert md.startswith("# My personalized learning action plan, two weeks on\n\n_2026-10-16_")
    for part in ("## Nightmare 11: Systems that punish risk", "- **Taken:** Started",
                 "- **What got in the way:** No time in October", "Ask for one free period (by November)",
                 "Quite a lot (before: Very present)", "Time:** 2 of 5 (Very little time)",
                 "- **Plastic-free lunch:** Partly - Two groups finished", "| RL.1 | 40% | 65% | +25.0 |"):
        assert part in md, part
    page = plan_html(answers, d, CHECKINS["checkin-2w"])
    assert "&lt;b&gt;product&lt;/b&gt;" in page and "Content-Security-Policy" in page
    assert "Nightmare 15: Not reflecting or learning from feedback" in page
    assert "Nothing written yet" in plan_markdown({}, Day(), CHECKINS["checkin-6w"])


@pytest.mark.parametrize("name", ["model", "snapshots", "widgets"])
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(f"plkit.workbooks.checkin.{name}"))
    assert result.failed == 0 and result.attempted > 0


def test_both_check_ins_are_registered_as_follow_ups_sharing_one_package() -> None:
    two, six = get("checkin-2w"), get("checkin-6w")
    assert (two.package, six.package, two.stage, six.stage) == ("checkin", "checkin", "follow-up", "follow-up")
    assert two.module("page") == "plkit.workbooks.checkin.two_weeks"
    assert plkit.checkin_2w.WORKBOOK == "checkin-2w" and plkit.checkin_6w.WORKBOOK == "checkin-6w"
    assert two.module("completion") == six.module("completion")
    assert Item("x", 1, "X").title == "X"
