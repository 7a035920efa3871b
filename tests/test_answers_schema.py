"""Answers of the wrong form are not counted: each workbook's answers have a JSON Schema (``SCHEMA``
in its keys module), evaluation checks it first, and an answer that does not fit counts as not
given. Whatever JSON a (damaged, tampered) file holds, no completion rule raises, and none is
met by an answer that is not of the form the workbook saves."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_challenge import good

from plkit.completion import assert_complete, criteria_for, evaluate, usable_answers
from plkit.content import load_catalog
from plkit.registry import WORKBOOKS, get
from plkit.store import FileStore
from plkit.workbooks.challenges.keys import KEYS as CHALLENGES
from plkit.workbooks.challenges.keys import challenge_key
from plkit.workbooks.checkin.keys import KEYS as CHECKIN
from plkit.workbooks.classdata.keys import KEYS as CLASSDATA
from plkit.workbooks.defining.cardsort import deck
from plkit.workbooks.defining.completion import MIN_DEFINITION_WORDS
from plkit.workbooks.defining.keys import KEYS as DEFINING
from plkit.workbooks.nightmares.keys import KEYS as NIGHTMARES
from plkit.workbooks.nightmares.keys import plan_key
from plkit.workbooks.sharing.keys import KEYS as SHARING
from plkit.workbooks.start_here.keys import KEYS as START
from plkit.workbooks.start_here.model import EXPERIENCE, ROLES

WORDS = "Students choose how they show what they have learned this term"


def _complete_defining() -> dict[str, Any]:
    return {
        DEFINING["compare"]: "four-pillars",
        DEFINING["card_sort"]: {c.id: "is" for c in deck(load_catalog(use_settings=False))},
        DEFINING["own_definition"]: " ".join(["word"] * MIN_DEFINITION_WORDS),
        DEFINING["why_word"]: "equity",
        DEFINING["reflection"]: "one two three four five",
    }


def _complete_nightmares() -> dict[str, Any]:
    order = [n.id for n in load_catalog(use_settings=False).nightmares]
    ratings = {nid: {"presence": "3", "impact": "3"} for nid in order}
    return {NIGHTMARES["ratings"]: ratings, plan_key(order[0], "first-step"): "Ask the leadership team",
            NIGHTMARES["reflective"]: WORDS}


def _complete_challenges() -> dict[str, Any]:
    c = good()
    return {CHALLENGES["index"]: [c.id], challenge_key(c.id): c.to_dict()}


COMPLETE: dict[str, Callable[[], dict[str, Any]]] = {
    "start-here": lambda: {START["role"]: ROLES[0][1], START["experience"]: EXPERIENCE[0][1],
                           START["pathway"]: {"order": ["defining"], "source": "own"}},
    "defining": _complete_defining,
    "nightmares": _complete_nightmares,
    "challenges": _complete_challenges,
    "classdata": lambda: {CLASSDATA["loaded"]: {"source": "demo", "layout": "canvas_gradebook"},
                          CLASSDATA["method"]: {"method": "highest"}, CLASSDATA["groups"]: {"confirmed": True},
                          CLASSDATA["reflection"]: WORDS},
    "sharing": lambda: {SHARING["audience"]: "families", SHARING["draft"]: " ".join([WORDS] * 5),
                        SHARING["answer"]: WORDS + " and more",
                        SHARING["roadmap"]: [{"who": "Families", "message": "Why", "channel": "Newsletter",
                                              "when": "October", "return": "class web page"}]},
    **{wb: lambda: {CHECKIN["steps"]: {"risk-punished": {"status": "started", "obstacle": "No time"}},
                    CHECKIN["support"]: {"time": 2, "coaching": 4, "evaluation": 1},
                    CHECKIN["next"]: {"risk-punished": {"first-step": "Ask for a free period", "by-when": "November"}}}
       for wb in ("checkin-2w", "checkin-6w")},
}
#: Keys made per item: one example of each.
DYNAMIC = {"nightmares": [plan_key("no-definition", "first-step"), "nightmares.note.no-definition"],
           "challenges": [challenge_key("c1"), challenge_key("good1")]}


def _schema(workbook: str) -> dict[str, Any]:
    schema: dict[str, Any] = importlib.import_module(get(workbook).module("keys")).SCHEMA
    return schema


def _keys(workbook: str) -> list[str]:
    module = importlib.import_module(get(workbook).module("keys"))
    keys = list(module.KEYS.values()) + DYNAMIC.get(workbook, [])
    keys += [module.STANDARDS_KEY] if hasattr(module, "STANDARDS_KEY") else []
    return keys


def _sub(workbook: str, key: str) -> Any:
    schema = _schema(workbook)
    if key in schema["properties"]:
        return schema["properties"][key]
    return next((s for p, s in schema["patternProperties"].items() if re.search(p, key)), None)


def _fits(workbook: str, key: str, value: Any) -> bool:
    return jsonschema.Draft202012Validator(_sub(workbook, key)).is_valid(value)


IDS = [wb.id for wb in WORKBOOKS]


def test_the_complete_examples_are_complete() -> None:
    assert set(COMPLETE) <= set(IDS)
    for wb, example in COMPLETE.items():
        report = evaluate(wb, example())
        assert report.complete and report.unusable == (), (wb, report)


@pytest.mark.parametrize("wb", IDS)
def test_every_key_a_workbook_saves_has_a_schema(wb: str) -> None:
    schema = _schema(wb)
    jsonschema.Draft202012Validator.check_schema(schema)
    json.dumps(schema)  # plain data
    for key in _keys(wb):
        assert _sub(wb, key) is not None, f"{key} has no schema"
    for key, value in COMPLETE.get(wb, dict)().items():
        assert _fits(wb, key, value), key
        assert _fits(wb, key, None), f"{key}: not given yet (null) must fit"


# -- the cases that were graded complete --------------------------------------------------------


@pytest.mark.parametrize("key, value", [
    (DEFINING["compare"], 12345),
    (DEFINING["compare"], ["four-pillars"]),
    (DEFINING["why_word"], "!!!"),
    (DEFINING["why_word"], " --- ?"),
    (DEFINING["why_word"], {"word": "equity"}),
    (DEFINING["card_sort"], {"x": ["is"]}),
    (DEFINING["card_sort"], [["a", "is"]]),
    (DEFINING["own_definition"], ["word"] * 20),
    (DEFINING["reflection"], 12345678901234567890),
])
def test_a_defining_answer_of_the_wrong_form_is_not_counted(key: str, value: Any) -> None:
    answers = {**_complete_defining(), key: value}
    report = evaluate("defining", answers)
    assert not report.complete
    assert report.unusable == (key,)


def test_assert_complete_names_the_unusable_answer(tmp_path: Path) -> None:
    store = FileStore(tmp_path, "defining", "ana")
    store.set_many({**_complete_defining(), DEFINING["compare"]: 12345})
    with pytest.raises(AssertionError) as info:
        assert_complete("defining", str(tmp_path))
    message = str(info.value)
    assert "defining.closest-definition" in message and "could not be used" in message
    assert "12345" not in message
    store.set(DEFINING["compare"], "four-pillars")
    assert assert_complete("defining", str(tmp_path)).complete


def test_usable_answers_keeps_the_good_and_names_the_bad() -> None:
    answers = {DEFINING["why_word"]: "equity", DEFINING["compare"]: 7, "someone.else": [1]}
    kept, bad = usable_answers("defining", answers)
    assert kept == {DEFINING["why_word"]: "equity", "someone.else": [1]}  # keys of no schema pass
    assert bad == (DEFINING["compare"],)


def test_answers_held_in_memory_as_tuples_are_arrays() -> None:
    kept, bad = usable_answers("defining", {DEFINING["misunderstandings"]: ("a", "b")})
    assert bad == () and kept


def test_the_completion_check_loads_jsonschema_without_its_slow_probe() -> None:
    """jsonschema is loaded only once there are answers, and without importing rfc3987-syntax (its
    optional IRI checker builds a grammar for about 2 s, which every autograde would pay); the
    package is importable again afterwards."""
    code = (
        "import sys\n"
        "from plkit.completion import evaluate, usable_answers\n"
        "evaluate('defining', {})\n"
        "assert 'jsonschema' not in sys.modules\n"
        "assert usable_answers('defining', {'defining.why-word': 7})[1] == ('defining.why-word',)\n"
        "assert 'jsonschema' in sys.modules and 'rfc3987_syntax' not in sys.modules\n"
        "import rfc3987_syntax\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]


# -- any JSON at all ----------------------------------------------------------------------------

#: Field names the rules look inside answers for, so that random objects reach deep paths.
VOCAB = ["source", "method", "confirmed", "order", "presence", "impact", "who", "guardrail", "title",
         "outcomes", "rubric", "criterion", "dimensions", "checkpoints", "self", "evidence", "id",
         "stage", "habits", "self_check", "message", "channel", "when", "return", "layout", "is",
         "critical_friend", "code", "description", "max_size", "weight", "n", "mastery"]
_CAT = load_catalog(use_settings=False)
VOCAB += [c.id for c in deck(_CAT)][:4] + [n.id for n in _CAT.nightmares][:4]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12) | st.sampled_from(["is", "isnt", "3", "not-sure", "demo", "highest", "!!", ""]),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(VOCAB) | st.text(max_size=6), inner, max_size=5),
    max_leaves=16,
)


def _check_any_value(wb: str, key: str, value: Any) -> None:
    base = COMPLETE.get(wb, dict)()
    rules = criteria_for(wb)
    rules({key: value})  # the rule alone never raises on any JSON
    rules({**base, key: value})
    alone = evaluate(wb, {key: value})
    assert not (wb in COMPLETE and alone.complete)  # one answer never completes these workbooks
    report = evaluate(wb, {**base, key: value})
    if not _fits(wb, key, value):
        without = {k: v for k, v in base.items() if k != key}
        assert report.criteria == evaluate(wb, without).criteria  # as if not given
        assert report.unusable == (key,)
    else:
        assert report.unusable == ()


@pytest.mark.parametrize("wb", IDS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_json_for_any_key_never_raises_and_never_completes_falsely(wb: str, data: st.DataObject) -> None:
    key = data.draw(st.sampled_from(_keys(wb)), label="key")
    value = data.draw(JSON, label="value")
    _check_any_value(wb, key, value)


@pytest.mark.parametrize("wb", IDS)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_json_document_never_raises(wb: str, data: st.DataObject) -> None:
    keys = _keys(wb)
    answers: Mapping[str, Any] = data.draw(st.dictionaries(st.sampled_from(keys), JSON, max_size=len(keys)))
    report = evaluate(wb, answers)
    kept = {k: v for k, v in answers.items() if k not in report.unusable}
    assert all(_fits(wb, k, v) for k, v in kept.items())  # only answers of the right form count
    criteria_for(wb)(answers)  # and the rules alone never raise either


def _mutate(value: Any, data: st.DataObject, depth: int = 0) -> Any:
    """``value`` with one part, somewhere inside it, replaced by any JSON: near misses of the form
    a workbook saves, which reach further into the rules than random documents do."""
    if depth > 4 or data.draw(st.integers(0, 3), label="replace here") == 0:
        return data.draw(JSON, label="replacement")
    if isinstance(value, dict) and value:
        key = data.draw(st.sampled_from(sorted(value)), label="field")
        return {**value, key: _mutate(value[key], data, depth + 1)}
    if isinstance(value, list) and value:
        i = data.draw(st.integers(0, len(value) - 1), label="item")
        return [*value[:i], _mutate(value[i], data, depth + 1), *value[i + 1:]]
    return data.draw(JSON, label="replacement")


@pytest.mark.parametrize("wb", sorted(COMPLETE))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_damaged_part_of_a_complete_answer_never_raises_and_never_completes_falsely(
        wb: str, data: st.DataObject) -> None:
    base = COMPLETE[wb]()
    key = data.draw(st.sampled_from(sorted(base)), label="key")
    _check_any_value(wb, key, _mutate(base[key], data))
