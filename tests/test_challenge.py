"""The "Designing guardrailed challenges" workbook without widgets: the challenge model, each
guardrail check (each must be able to fail), the anonymised group view, completion, and the
teacher and student challenge cards."""

from __future__ import annotations

import doctest
import html
import importlib
import json
import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import pytest
from helpers_unit import outputs_across_hash_seeds

from plkit.completion import evaluate
from plkit.workbooks.challenges.group import group_view
from plkit.workbooks.challenges.guardrails import guardrail, guardrails, passes_all, run_checks
from plkit.workbooks.challenges.keys import KEYS, challenge_key
from plkit.workbooks.challenges.model import CHECKPOINTS, DIMENSIONS, SELF_CHECK, WHO, Challenge
from plkit.workbooks.challenges.standards import Standard, sample_standards
from plkit.workbooks.challenges.takeaway import (
    student_card_html,
    student_card_markdown,
    teacher_card_html,
    teacher_card_markdown,
)

CHECK_IDS = [
    "no-outcome",
    "criterion-untied",
    "outcome-unassessed",
    "guardrail-missing",
    "no-choice",
    "all-free",
    "no-checkpoint",
    "not-authentic",
]
ECO, DATA = "SCI.5.ECO.1", "MATH.5.DATA.1"
TODAY = date(2025, 3, 4)


@pytest.fixture(autouse=True)
def _no_district(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLKIT_CONTENT_DIR", raising=False)


def good(cid: str = "good1") -> Challenge:
    """A challenge designed the way the workbook asks: it passes every check."""
    c = Challenge.new(cid, "Plastic-free lunch")
    d = c.data
    d["driving_question"] = "How might we cut the plastic our lunches throw away?"
    d["for_whom"] = "Grade 5"
    d["audience"] = "The school board"
    d["product"] = "A proposal and a pitch"
    d["outcomes"] = [ECO]
    d["dimensions"]["evidence"] = {"who": "guardrails", "guardrail": "A poster, a video or a pitch"}
    d["checkpoints"]["self"] = "Day 3: a checklist against the criteria"
    d["rubric"] = [{"criterion": "Uses data from our own lunch audit", "outcomes": [ECO]}]
    return c


def failing(c: Challenge, known: list[str] | None = None) -> set[str]:
    return {k.id for k in run_checks(c, known) if not k.ok}


def status(c: Challenge) -> dict[str, bool]:
    return {k.id: k.ok for k in run_checks(c)}


def by_id(c: Challenge, names: dict[str, str] | None = None) -> dict[str, Any]:
    return {k.id: k for k in run_checks(c, None, names)}


# -- the model --------------------------------------------------------------------------------


def test_good_challenge_passes_every_check() -> None:
    c = good()
    checks = run_checks(c)
    assert [k.id for k in checks] == CHECK_IDS  # every check runs, in the designer's order
    assert all(k.ok for k in checks), [k.id for k in checks if not k.ok]
    assert passes_all(c)


def test_the_registry_holds_every_check_in_order_with_its_words() -> None:
    registered = guardrails()
    assert [g.id for g in registered] == CHECK_IDS
    assert len(registered) == len(CHECK_IDS)  # so the loop below checks every one
    for g in registered:
        assert g.title.strip() and g.explanation.strip() and g.fix.strip(), g.id
        assert g.explanation.endswith(".") and g.fix.endswith("."), g.id


def test_a_second_check_with_a_registered_id_is_refused() -> None:
    with pytest.raises(ValueError, match="no-outcome"):
        guardrail("no-outcome", "Again", explanation="Again.", fix="Again.")(lambda f: None)
    assert [g.id for g in guardrails()] == CHECK_IDS  # nothing was added


@pytest.mark.parametrize("module", ["guardrails", "model", "keys", "takeaway", "standards", "checks_view",
                                    "downloads"])
def test_docstring_examples_run(module: str) -> None:
    mod = importlib.import_module(f"plkit.workbooks.challenges.{module}")
    result = doctest.testmod(mod)
    assert result.attempted > 0 and result.failed == 0, result


def test_new_challenge_fails_and_is_not_personalized() -> None:
    c = Challenge.new("c1", "Plastic-free lunch")
    assert failing(c) == {"no-outcome", "no-choice", "no-checkpoint", "not-authentic"}
    assert not passes_all(c)
    assert Challenge.new().id != Challenge.new().id


# Each case: (check id, break the good challenge, the minimal fix, checks failing once broken).
def _no_outcome(d: dict[str, Any]) -> None:
    d["outcomes"] = []


def _fix_no_outcome(d: dict[str, Any]) -> None:
    d["outcomes"] = [ECO]


def _untied(d: dict[str, Any]) -> None:
    d["rubric"].append({"criterion": "Neat handwriting", "outcomes": []})


def _fix_untied(d: dict[str, Any]) -> None:
    d["rubric"][-1]["outcomes"] = [ECO]


def _unassessed(d: dict[str, Any]) -> None:
    d["outcomes"].append(DATA)


def _fix_unassessed(d: dict[str, Any]) -> None:
    d["rubric"][0]["outcomes"].append(DATA)


def _no_rail(d: dict[str, Any]) -> None:
    d["dimensions"]["evidence"]["guardrail"] = ""


def _fix_no_rail(d: dict[str, Any]) -> None:
    d["dimensions"]["evidence"]["guardrail"] = "Three formats to pick from"


def _no_choice(d: dict[str, Any]) -> None:
    for dim in DIMENSIONS:
        d["dimensions"][dim] = {"who": "teacher", "guardrail": ""}


def _fix_no_choice(d: dict[str, Any]) -> None:
    d["dimensions"]["process"] = {"who": "free", "guardrail": ""}


def _all_free(d: dict[str, Any]) -> None:
    for dim in DIMENSIONS:
        d["dimensions"][dim] = {"who": "free", "guardrail": ""}


def _fix_all_free(d: dict[str, Any]) -> None:
    d["dimensions"]["task"] = {"who": "teacher", "guardrail": ""}


def _no_checkpoint(d: dict[str, Any]) -> None:
    d["checkpoints"] = {k: "" for k in CHECKPOINTS}


def _fix_no_checkpoint(d: dict[str, Any]) -> None:
    d["checkpoints"]["peer"] = "Gallery walk on day 6"


def _not_authentic(d: dict[str, Any]) -> None:
    d["audience"] = ""


def _fix_not_authentic(d: dict[str, Any]) -> None:
    d["audience"] = "Families at the spring fair"


Edit = Callable[[dict[str, Any]], None]
CASES: list[tuple[str, Edit, Edit, set[str]]] = [
    # with no outcome the existing criterion is tied to nothing chosen, so it fails too
    ("no-outcome", _no_outcome, _fix_no_outcome, {"no-outcome", "criterion-untied"}),
    ("criterion-untied", _untied, _fix_untied, {"criterion-untied"}),
    ("outcome-unassessed", _unassessed, _fix_unassessed, {"outcome-unassessed"}),
    ("guardrail-missing", _no_rail, _fix_no_rail, {"guardrail-missing"}),
    ("no-choice", _no_choice, _fix_no_choice, {"no-choice"}),
    ("all-free", _all_free, _fix_all_free, {"all-free"}),
    ("no-checkpoint", _no_checkpoint, _fix_no_checkpoint, {"no-checkpoint"}),
    ("not-authentic", _not_authentic, _fix_not_authentic, {"not-authentic"}),
]


def test_cases_cover_every_check() -> None:
    assert [case[0] for case in CASES] == CHECK_IDS


@pytest.mark.parametrize("check_id, breaks, fix, expected", CASES, ids=[c[0] for c in CASES])
def test_each_check_fails_then_the_minimal_fix_passes(
    check_id: str, breaks: Edit, fix: Edit, expected: set[str]
) -> None:
    c = good()
    breaks(c.data)
    assert failing(c) == expected  # the other checks are not affected
    assert not passes_all(c)
    fix(c.data)
    assert failing(c) == set(), f"{check_id} still failing after the fix"
    assert passes_all(c)


@pytest.mark.parametrize("check_id, breaks, fix, expected", CASES, ids=[c[0] for c in CASES])
def test_failing_checks_explain_in_plain_sentences(
    check_id: str, breaks: Edit, fix: Edit, expected: set[str]
) -> None:
    c = good()
    breaks(c.data)
    k = by_id(c)[check_id]
    assert not k.ok
    for text in (k.title, k.explanation, k.fix):
        assert text.strip(), f"{check_id}: empty text"
        assert not re.search(r"[<>*`#\[\]{}]", text), f"{check_id}: markup in {text!r}"
        assert "None" not in text and "[]" not in text
    for text in (k.explanation, k.fix):
        assert text[0].isupper() and text.endswith("."), f"{check_id}: not a sentence: {text!r}"


def test_untied_and_unassessed_name_what_to_fix() -> None:
    c = good()
    _untied(c.data)
    _unassessed(c.data)
    checks = by_id(c)
    assert "Neat handwriting" in checks["criterion-untied"].explanation
    assert DATA in checks["outcome-unassessed"].explanation
    assert ECO not in checks["outcome-unassessed"].explanation  # assessed: not listed


def test_guardrail_missing_names_the_dimension_in_words() -> None:
    c = good()
    _no_rail(c.data)
    names = {"evidence": "Evidence of learning"}
    assert "Evidence of learning" in by_id(c, names)["guardrail-missing"].explanation
    assert "evidence" in by_id(c)["guardrail-missing"].explanation  # no names: the id


def test_passing_checks_have_no_fix_to_suggest() -> None:
    checks = by_id(good())
    for cid in ("criterion-untied", "outcome-unassessed", "guardrail-missing", "no-choice",
                "all-free", "no-checkpoint", "not-authentic"):
        assert checks[cid].ok and checks[cid].fix == "", cid


def test_criterion_tied_to_an_outcome_not_chosen_is_untied() -> None:
    c = good()
    c.data["rubric"].append({"criterion": "Reads line plots", "outcomes": [DATA]})
    assert failing(c) == {"criterion-untied"}
    c.data["outcomes"].append(DATA)
    assert failing(c) == set()


def test_known_outcomes_drop_codes_not_in_the_list() -> None:
    c = good()
    assert failing(c, known=[ECO, DATA]) == set()
    assert "no-outcome" in failing(c, known=[DATA])
    assert not passes_all(c, known_outcomes=[DATA])
    assert passes_all(c, known_outcomes=[ECO])


def test_free_choice_counts_as_student_choice_but_guardrails_keep_it_aligned() -> None:
    c = good()
    _all_free(c.data)
    c.data["dimensions"]["research"] = {"who": "guardrails", "guardrail": "Two named sites"}
    assert failing(c) == set()  # five free, one within guardrails: fine
    c.data["dimensions"]["research"]["guardrail"] = ""
    assert failing(c) == {"guardrail-missing"}


@pytest.mark.parametrize(
    "edit, check_id",
    [
        (lambda d: d.update(audience="   \n\t"), "not-authentic"),
        (lambda d: d["checkpoints"].update(self=" \n "), "no-checkpoint"),
        (lambda d: d["dimensions"]["evidence"].update(guardrail="   "), "guardrail-missing"),
        # a blank criterion is no criterion, so the outcome it "assesses" is unassessed
        (lambda d: d["rubric"][0].update(criterion="   "), "outcome-unassessed"),
    ],
    ids=["audience", "checkpoint", "guardrail", "criterion"],
)
def test_whitespace_only_fields_count_as_empty(edit: Edit, check_id: str) -> None:
    c = good()
    edit(c.data)
    assert failing(c) == {check_id}


def test_whitespace_only_title_reads_as_untitled() -> None:
    c = Challenge.new("c1", "  \n ")
    assert c.title == "Untitled challenge"
    assert Challenge.new("c1", "  Lunch ").title == "Lunch"


def test_to_dict_round_trips_through_json() -> None:
    c = good()
    c.data["habits"] = ["persisting"]
    c.data["stage"] = "we-do"
    c.data["self_check"]["meaningful"] = "It is their own lunch."
    raw = json.loads(json.dumps(c.to_dict()))
    again = Challenge.from_dict(raw)
    assert again.to_dict() == c.to_dict()
    assert again.id == "good1"
    assert c.to_dict() is not c.data and c.to_dict()["rubric"] is not c.data["rubric"]


def test_from_dict_fills_missing_fields_with_defaults() -> None:
    c = Challenge.from_dict({"id": "x1", "title": "Lunch", "dimensions": {"task": {"who": "free"}}})
    assert c.id == "x1" and c.title == "Lunch"
    assert set(c.data) == set(Challenge.new().data)
    assert c.who("task") == "free" and c.guardrail("task") == ""
    assert all(c.who(d) == "teacher" for d in DIMENSIONS if d != "task")
    assert set(c.data["checkpoints"]) == set(CHECKPOINTS)
    assert set(c.data["self_check"]) == set(SELF_CHECK)


def test_from_dict_ignores_unknown_who_and_unknown_keys() -> None:
    raw = good().to_dict()
    raw["dimensions"]["task"] = {"who": "everyone", "guardrail": 7}
    raw["dimensions"]["feelings"] = {"who": "free"}
    raw["checkpoints"]["parent"] = "A call home"
    raw["secret"] = "not part of a challenge"
    c = Challenge.from_dict(raw)
    assert c.who("task") == "teacher" and c.guardrail("task") == ""
    assert set(c.data["dimensions"]) == set(DIMENSIONS)
    assert set(c.data["checkpoints"]) == set(CHECKPOINTS)
    assert "secret" not in c.data
    assert passes_all(c)


_TEXT_FIELDS = ("title", "driving_question", "for_whom", "audience", "product", "timeline")
JUNK: list[Any] = [
    None,
    "a challenge",
    42,
    [1, 2, 3],
    {"dimensions": {"task": "free", "process": None, "research": {"who": ["free"]}}},
    {"rubric": "Uses data", "outcomes": None, "habits": 5},
    {"rubric": [None, "Uses data", {"criterion": 5, "outcomes": [ECO, 3, None]}]},
    {"title": 5, "driving_question": ["Why?"], "audience": {"a": 1}, "timeline": 3.5},
    {"outcomes": ECO, "habits": "persisting"},
    {"rubric": [{"criterion": "Uses data", "outcomes": ECO}]},
    {"dimensions": ["task", "free"]},
    {"checkpoints": "every Friday"},
    {"self_check": 5},
]


@pytest.mark.parametrize("raw", JUNK, ids=[f"junk{i}" for i in range(len(JUNK))])
def test_from_dict_tolerates_junk(raw: Any) -> None:
    c = Challenge.from_dict(raw)
    d = c.data
    assert isinstance(c.id, str) and c.id
    for key in _TEXT_FIELDS:
        assert isinstance(d[key], str), f"{key} = {d[key]!r}"
    # a string where a list belongs is not split into single characters
    assert d["outcomes"] in ([], [ECO]) and all(isinstance(o, str) for o in d["outcomes"])
    assert d["habits"] in ([], ["persisting"])
    given = raw.get("rubric") if isinstance(raw, Mapping) else None
    rows = [r for r in given if isinstance(r, Mapping)] if isinstance(given, list) else []
    assert len(d["rubric"]) == len(rows)  # one row per readable row, so the loop below runs when it should
    for row in d["rubric"]:
        assert isinstance(row["criterion"], str)
        assert row["outcomes"] in ([], [ECO]), row
    assert set(d["dimensions"]) == set(DIMENSIONS)
    assert all(d["dimensions"][x]["who"] in WHO for x in DIMENSIONS)
    assert isinstance(d["checkpoints"], dict) and set(d["checkpoints"]) == set(CHECKPOINTS)
    assert isinstance(d["self_check"], dict) and set(d["self_check"]) == set(SELF_CHECK)
    # and everything downstream still works
    assert len(run_checks(c)) == len(CHECK_IDS)
    assert teacher_card_html(c, today=TODAY) and student_card_html(c, today=TODAY)
    assert Challenge.from_dict(json.loads(json.dumps(c.to_dict()))).to_dict() == c.to_dict()


def test_duplicate_is_a_separate_copy() -> None:
    c = good()
    c.data["habits"] = ["persisting"]
    copy = c.duplicate()
    assert copy.id != c.id and len(copy.id) >= 8
    assert copy.title == "Plastic-free lunch (copy)"
    rest = {k: v for k, v in copy.data.items() if k not in ("id", "title")}
    assert rest == {k: v for k, v in c.data.items() if k not in ("id", "title")}
    # nothing nested is shared: changing the copy leaves the original alone
    copy.data["dimensions"]["evidence"]["guardrail"] = "changed"
    copy.data["checkpoints"]["self"] = "changed"
    copy.data["rubric"][0]["outcomes"].append(DATA)
    copy.data["outcomes"].append(DATA)
    copy.data["habits"].clear()
    copy.data["self_check"]["rigorous"] = "changed"
    assert c.data == good().data | {"habits": ["persisting"]}
    assert Challenge.new("u").duplicate().title == "Untitled challenge (copy)"


# -- group view -------------------------------------------------------------------------------

_NAMES = ["Ana Secret", "Ben Hidden", "Cleo Private", "Dev Unseen"]


def _person(name: str, *challenges: Challenge) -> dict[str, Any]:
    r: dict[str, Any] = {"participant": name, "defining.own-definition": f"{name} wrote this",
                         KEYS["index"]: [c.id for c in challenges]}
    for c in challenges:
        r[challenge_key(c.id)] = c.to_dict()
    return r


def _group() -> list[dict[str, Any]]:
    a = good("a1")  # evidence within guardrails; passes all
    a.data["driving_question"] = "How might we cut plastic?"
    b = good("b1")
    _all_free(b.data)  # all free: fails all-free
    b.data["driving_question"] = "  Why do rivers flood?  "
    c = good("c1")
    _no_choice(c.data)  # all teacher: fails no-choice
    _not_authentic(c.data)  # and not-authentic
    c.data["driving_question"] = "How might we cut plastic?"  # a duplicate question
    d = good("d1")
    d.data["dimensions"]["task"] = {"who": "free", "guardrail": ""}
    d.data["dimensions"]["process"] = {"who": "guardrails", "guardrail": ""}  # guardrail missing
    d.data["driving_question"] = "   "
    return [_person(_NAMES[0], a), _person(_NAMES[1], b), _person(_NAMES[2], c, d)]


def _not_counted() -> list[Any]:
    return [
        _person(_NAMES[3]),  # no challenge
        {"participant": "junk", KEYS["index"]: "a1"},
        {"participant": "dangling", KEYS["index"]: ["zz"]},
        "not a response",
        None,
    ]


@pytest.mark.parametrize("n", [0, 1, 2])
def test_group_view_under_three_shows_only_a_message(n: int) -> None:
    gv = group_view(_group()[:n] + _not_counted())
    assert gv["enough"] is False
    assert gv["participants"] == n
    assert "3" in gv["message"] and "not enough" in gv["message"].lower()
    assert set(gv) == {"enough", "participants", "message"}
    dumped = json.dumps(gv)
    assert "plastic" not in dumped.lower() and "rivers" not in dumped


def test_group_view_counts_dimensions_and_failures() -> None:
    gv = group_view(_group() + _not_counted())
    assert gv["enough"] is True
    assert gv["participants"] == 3 and gv["challenges"] == 4
    dims = gv["dimensions"]
    assert set(dims) == set(DIMENSIONS)
    assert dims["evidence"] == {"teacher": 1, "guardrails": 2, "free": 1}
    assert dims["task"] == {"teacher": 2, "guardrails": 0, "free": 2}
    assert dims["process"] == {"teacher": 2, "guardrails": 1, "free": 1}
    for dim in ("research", "assessment", "collaboration"):
        assert dims[dim] == {"teacher": 3, "guardrails": 0, "free": 1}, dim
    assert all(sum(v.values()) == 4 for v in dims.values())
    assert gv["check_failures"] == {
        "no-outcome": 0,
        "criterion-untied": 0,
        "outcome-unassessed": 0,
        "guardrail-missing": 1,
        "no-choice": 1,
        "all-free": 1,
        "no-checkpoint": 0,
        "not-authentic": 1,
    }


def test_group_view_questions_deduplicated_sorted_and_anonymous() -> None:
    gv = group_view(_group() + _not_counted())
    assert gv["driving_questions"] == ["How might we cut plastic?", "Why do rivers flood?"]
    dumped = json.dumps(gv)
    for name in _NAMES + ["junk", "dangling"]:
        assert name not in dumped
    assert "wrote this" not in dumped  # other answers stay out
    assert "participant\"" not in dumped and "a1" not in dumped  # no per-person field or id


def test_group_view_question_order_does_not_depend_on_hash_seed() -> None:
    """Case variants of one question must come out in the same order on every run."""
    script = (
        "import json\n"
        "from plkit.workbooks.challenges.group import group_view\n"
        "from plkit.workbooks.challenges.keys import KEYS, challenge_key\n"
        "from plkit.workbooks.challenges.model import Challenge\n"
        "rows = []\n"
        "for i, q in enumerate(['Why?', 'why?', 'WHY?', 'wHy?']):\n"
        "    c = Challenge.new(f'c{i}', 't'); c.data['driving_question'] = q\n"
        "    rows.append({KEYS['index']: [c.id], challenge_key(c.id): c.to_dict()})\n"
        "print(json.dumps(group_view(rows)['driving_questions']))\n"
    )
    results = outputs_across_hash_seeds(script)
    assert len(results) == 1, f"driving question order changes with the hash seed: {sorted(results)}"


def test_group_view_min_group() -> None:
    rows = _group()
    assert group_view(rows[:2], min_group=2)["enough"] is True
    five = group_view(rows, min_group=5)
    assert five["enough"] is False and "5" in five["message"]


# -- completion -------------------------------------------------------------------------------


def _met(responses: dict[str, Any]) -> dict[str, bool]:
    return {c.id: c.met for c in evaluate("challenges", responses).criteria}


def test_completion_with_no_challenge() -> None:
    report = evaluate("challenges", {})
    assert _met({}) == {"designed": False, "guardrails": False}
    assert not report.complete
    assert report.criteria and all(c.todo.strip() for c in report.criteria)
    assert _met({KEYS["index"]: "good1", challenge_key("good1"): good().to_dict()}) == {
        "designed": False, "guardrails": False}


def test_completion_with_a_challenge_failing_a_check() -> None:
    c = good()
    _no_checkpoint(c.data)
    r = {KEYS["index"]: [c.id], challenge_key(c.id): c.to_dict()}
    assert _met(r) == {"designed": True, "guardrails": False}
    assert not evaluate("challenges", r).complete


def test_completion_with_a_passing_challenge() -> None:
    weak, c = Challenge.new("weak"), good()
    r = {KEYS["index"]: [weak.id, c.id], challenge_key(weak.id): weak.to_dict(),
         challenge_key(c.id): c.to_dict()}
    assert _met(r) == {"designed": True, "guardrails": True}
    assert evaluate("challenges", r).complete


def test_completion_ignores_a_deleted_passing_challenge() -> None:
    weak, c = Challenge.new("weak"), good()
    # deleted: still saved (so undo can bring it back) but no longer in the index
    r = {KEYS["index"]: [weak.id], challenge_key(weak.id): weak.to_dict(),
         challenge_key(c.id): c.to_dict()}
    assert _met(r) == {"designed": False, "guardrails": False}
    assert not evaluate("challenges", r).complete


def test_a_blank_challenge_is_not_yet_designed() -> None:
    """The designer saves a blank challenge when it opens: progress must not count it."""
    blank = Challenge.new("blank")
    r = {KEYS["index"]: [blank.id], challenge_key(blank.id): blank.to_dict()}
    assert _met(r) == {"designed": False, "guardrails": False}
    titled = Challenge.new("titled", title="Water in our town")
    r = {KEYS["index"]: [titled.id], challenge_key(titled.id): titled.to_dict()}
    assert _met(r)["designed"]
    asked = Challenge.new("asked")
    asked.data["driving_question"] = "  ?!  "
    r = {KEYS["index"]: [asked.id], challenge_key(asked.id): asked.to_dict()}
    assert not _met(r)["designed"], "punctuation alone is not a driving question"


# -- cards ------------------------------------------------------------------------------------


def full() -> Challenge:
    """A passing challenge with every part filled in, for the cards."""
    c = good("card1")
    d = c.data
    d["outcomes"] = [ECO, DATA]
    d["rubric"] = [
        {"criterion": "Uses data from our own lunch audit", "outcomes": [ECO, DATA]},
        {"criterion": "The pitch persuades a real listener", "outcomes": [ECO]},
    ]
    d["dimensions"]["task"] = {"who": "free", "guardrail": ""}
    d["checkpoints"]["peer"] = "Gallery walk on day 6"
    d["checkpoints"]["teacher"] = "Conference in week 2"
    d["habits"] = ["persisting", "thinking-interdependently"]
    d["stage"] = "you-do-together"
    d["timeline"] = "Three weeks from 4 March"
    d["self_check"] = {"meaningful": "It is their own lunch waste.",
                       "authentic": "The board decides the catering contract.",
                       "rigorous": "They must defend numbers they collected."}
    return c


def _plain(page: str) -> str:
    """Visible text of an HTML card (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _teacher_cards() -> list[tuple[str, str]]:
    st = sample_standards()
    c = full()
    return [("md", teacher_card_markdown(c, st, TODAY)), ("html", teacher_card_html(c, st, TODAY))]


@pytest.mark.parametrize("kind", ["md", "html"])
def test_teacher_card_shows_the_whole_design(kind: str) -> None:
    text = dict(_teacher_cards())[kind]
    if kind == "html":
        assert text.startswith("<!DOCTYPE html>") and "<table>" in text
        text = _plain(text)
    descriptions = {s.code: s.description for s in sample_standards()}
    for expected in [
        "Plastic-free lunch",
        "How might we cut the plastic our lunches throw away?",
        "Grade 5",
        "The school board",
        "A proposal and a pitch",
        "Three weeks from 4 March",
        "You do together",  # the gradual-release stage by name
        f"{DATA}: {descriptions[DATA]}",
        "Who decides",
        "A poster, a video or a pitch",
        "Students choose within guardrails",
        "Students choose freely",
        "I set it",
        "Day 3: a checklist against the criteria",
        "Gallery walk on day 6",
        "Conference in week 2",
        f"Uses data from our own lunch audit (assesses: {ECO}, {DATA})",
        f"The pitch persuades a real listener (assesses: {ECO})",
        "Persisting",
        "Thinking interdependently",
        "It is their own lunch waste.",
        "The board decides the catering contract.",
        "They must defend numbers they collected.",
        "Guardrail checks",
        "2025-03-04",
    ]:
        assert expected in text, f"{kind}: missing {expected!r}"
    assert "persisting" not in text  # habits by name, not id
    assert text.count("Pass:") == len(CHECK_IDS) and "To fix" not in text


def test_teacher_card_lists_what_to_fix() -> None:
    c = full()
    _not_authentic(c.data)
    _no_rail(c.data)
    md = teacher_card_markdown(c, today=TODAY)
    fixes = [ln for ln in md.splitlines() if ln.startswith("- To fix:")]
    assert len(fixes) == 2
    assert any("Reaches beyond the classroom" in f and "Name an audience" in f for f in fixes)
    assert any("guardrails" in f and "Write the options" in f for f in fixes)
    assert md.count("- Pass:") == len(CHECK_IDS) - 2
    assert "To fix: Reaches beyond the classroom" in _plain(teacher_card_html(c, today=TODAY))


def test_teacher_card_without_standards_shows_codes() -> None:
    md = teacher_card_markdown(full(), today=TODAY)
    assert f"- {ECO}\n" in md
    empty = teacher_card_markdown(Challenge.new("e"), today=TODAY)
    assert "(none yet)" in empty and "Untitled challenge" in empty


def _table_rows_md(md: str) -> list[str]:
    return [ln for ln in md.splitlines() if ln.startswith("|")]


@pytest.mark.parametrize("rail", ["pick a | b | c", "line one\nline two", "line one\r\nline two"],
                         ids=["pipe", "newline", "crlf"])
def test_guardrail_text_does_not_break_the_who_decides_table(rail: str) -> None:
    c = full()
    c.data["dimensions"]["process"] = {"who": "guardrails", "guardrail": rail}
    md = teacher_card_markdown(c, today=TODAY)
    rows = _table_rows_md(md)
    assert len(rows) == 2 + len(DIMENSIONS)  # header, rule, one per dimension
    assert all(r.count("|") == 4 for r in rows), rows
    page = teacher_card_html(c, today=TODAY)
    body = page[page.index("<table>"):page.index("</table>")]
    assert body.count("<tr>") == 1 + len(DIMENSIONS)
    assert body.count("<td>") == 3 * len(DIMENSIONS)
    assert "line two" in _plain(body) or "b" in _plain(body)


@pytest.mark.parametrize("kind", ["md", "html"])
def test_student_card_speaks_to_the_student(kind: str) -> None:
    c = full()
    st = sample_standards()
    text = student_card_markdown(c, st, TODAY) if kind == "md" else _plain(
        student_card_html(c, st, TODAY))
    if kind == "md":
        assert text.startswith("# Your challenge: Plastic-free lunch\n")
    assert "Your challenge: Plastic-free lunch" in text
    for expected in [
        "How might we cut the plastic our lunches throw away?",
        "A proposal and a pitch",
        "The school board",
        "You choose what you make to show your learning, within these limits: "
        "A poster, a video or a pitch",
        "You decide what exactly you work on",
        "Your teacher sets how you go about the work",
        "You check your own work: Day 3: a checklist against the criteria",
        "A classmate gives you feedback: Gallery walk on day 6",
        "Your teacher checks in with you: Conference in week 2",
        "Uses data from our own lunch audit",
        "Persisting",
        "Three weeks from 4 March",
    ]:
        assert expected in text, f"{kind}: missing {expected!r}"
    # nothing that is only for the teacher
    for teacher_only in ["Guardrail checks", "Who decides", "Pass:", "To fix", "|---",
                         "Students choose within guardrails", "I set it", "Grade 5",
                         "It is their own lunch waste.", "Meaningful", "Gradual release",
                         "assesses:"]:
        assert teacher_only not in text, f"{kind}: teacher-only {teacher_only!r}"


def test_student_card_guardrail_not_written_yet() -> None:
    c = full()
    _no_rail(c.data)
    md = student_card_markdown(c, today=TODAY)
    assert "You choose what you make to show your learning, within limits your teacher will share." in md


def test_student_card_all_set_by_teacher_has_no_choice_section() -> None:
    c = full()
    _no_choice(c.data)
    md = student_card_markdown(c, today=TODAY)
    assert "What you get to choose" not in md
    assert md.count("Your teacher sets") == len(DIMENSIONS)


HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def _hostile() -> tuple[Challenge, list[Standard]]:
    c = Challenge.new("evil", "T" + HOSTILE)
    d = c.data
    for key in ("driving_question", "for_whom", "audience", "product", "timeline"):
        d[key] = key + HOSTILE
    d["outcomes"] = ["X" + HOSTILE, "S1"]
    for dim in DIMENSIONS:
        d["dimensions"][dim] = {"who": "guardrails", "guardrail": dim + HOSTILE}
    for k in CHECKPOINTS:
        d["checkpoints"][k] = k + HOSTILE
    for k in SELF_CHECK:
        d["self_check"][k] = k + HOSTILE
    d["rubric"] = [{"criterion": "crit" + HOSTILE, "outcomes": ["X" + HOSTILE, "S1"]},
                   {"criterion": "[click me](javascript:alert(3))", "outcomes": ["S1"]}]
    return c, [Standard("S1", "desc" + HOSTILE, "Sci" + HOSTILE, "5")]


@pytest.mark.parametrize("render", [teacher_card_html, student_card_html],
                         ids=["teacher", "student"])
def test_card_html_escapes_hostile_input(render: Callable[..., str]) -> None:
    c, st = _hostile()
    page = render(c, st, TODAY)
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert 'href="javascript' not in page.lower()
    text = _plain(page)
    fields = ["T", "driving_question", "audience", "product", "timeline", "crit", "X", "desc"]
    fields += list(CHECKPOINTS) + list(DIMENSIONS)
    if render is teacher_card_html:
        fields += ["for_whom", *SELF_CHECK]
    for f in fields:
        assert f + HOSTILE in text, f"{f}: hostile text not shown as text"


def test_card_title_is_escaped_in_the_page_title() -> None:
    c, st = _hostile()
    for page in (teacher_card_html(c, st, TODAY), student_card_html(c, st, TODAY)):
        title = page[page.index("<title>"):page.index("</title>")]
        assert "<script" not in title and "&lt;script&gt;" in title
