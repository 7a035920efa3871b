"""The "Fifteen nightmares" without widgets: ratings, priority, ranking, the top three, action
plans, the anonymised group view, completion, the action-plan card and the priority chart."""

from __future__ import annotations

import html
import json
import re
from dataclasses import asdict
from datetime import date
from typing import Any

import pytest
from helpers_unit import outputs_across_hash_seeds

from plkit.completion import MIN_REFLECTION_WORDS, evaluate
from plkit.content import Catalog, load_catalog
from plkit.store import MemoryStore
from plkit.workbooks.nightmares.chart import chart_summary, priority_chart_svg, priority_table_html
from plkit.workbooks.nightmares.group import MIN_GROUP, group_view
from plkit.workbooks.nightmares.keys import KEYS, PLAN_FIELDS, plan_key
from plkit.workbooks.nightmares.model import (
    IMPACT,
    NOT_SURE,
    PRESENCE,
    Rating,
    plan_of,
    ranked_ids,
    ratings_from,
    score,
    suggested_top_three,
    top_three,
)
from plkit.workbooks.nightmares.takeaway import plan_card_html, plan_card_markdown


@pytest.fixture(autouse=True)
def _no_district(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLKIT_CONTENT_DIR", raising=False)


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog(use_settings=False)


@pytest.fixture(scope="module")
def order(cat: Catalog) -> list[str]:
    return [n.id for n in cat.nightmares]


def _nm(cat: Catalog, number: int) -> Any:
    return cat.nightmares[number - 1]


def _id(cat: Catalog, number: int) -> str:
    return _nm(cat, number).id


def _saved(**ratings: tuple[str | None, str | None]) -> dict[str, dict[str, str]]:
    """Ratings as the store keeps them; a None scale is left out, as an untouched radio group."""
    out: dict[str, dict[str, str]] = {}
    for nid, (p, i) in ratings.items():
        out[nid] = {k: v for k, v in (("presence", p), ("impact", i)) if v is not None}
    return out


# -- ratings ----------------------------------------------------------------------------------

_S = NOT_SURE


@pytest.mark.parametrize(
    "presence, impact, done, scored",
    [
        (None, None, False, False),
        ("3", None, False, False),
        (None, "2", False, False),
        ("0", None, False, False),
        ("3", "2", True, True),
        ("0", "1", True, True),
        (_S, None, True, False),
        (None, _S, True, False),
        (_S, "2", True, False),
        ("3", _S, True, False),
        ("0", _S, True, False),
        (_S, _S, True, False),
        ("4", "2", False, False),  # not a level
        ("3", "0", False, False),  # impact has no 0
        ("", "", False, False),
    ],
)
def test_rating_done_and_scored(presence: str | None, impact: str | None, done: bool,
                                scored: bool) -> None:
    r = Rating(presence, impact)
    assert (r.done, r.scored) == (done, scored)
    assert (score(r) is not None) == scored


def test_every_level_pair_is_done_and_scored() -> None:
    assert len(PRESENCE) == 5 and len(IMPACT) == 4
    for p in PRESENCE:
        for i in IMPACT:
            r = Rating(p, i)
            assert r.done, (p, i)
            assert r.scored == (_S not in (p, i)), (p, i)


def test_levels_and_labels() -> None:
    assert list(PRESENCE) == ["0", "1", "2", "3", _S]
    assert list(IMPACT) == ["1", "2", "3", _S]
    assert PRESENCE[_S] == IMPACT[_S] == "Not sure"
    assert list(PLAN_FIELDS) == ["what-if", "first-step", "who", "by-when", "evidence"]
    assert MIN_GROUP == 3


def test_ratings_from_reads_saved_ratings() -> None:
    got = ratings_from({"a": {"presence": "3", "impact": "2"}, "b": {"presence": _S},
                        "c": {"impact": "1"}, "d": {}})
    assert got == {"a": Rating("3", "2"), "b": Rating(_S, None), "c": Rating(None, "1"),
                   "d": Rating(None, None)}


@pytest.mark.parametrize("value", [None, "ratings", 42, ["a", "b"], {"a", "b"}])
def test_ratings_from_not_a_mapping(value: object) -> None:
    assert ratings_from(value) == {}


def test_ratings_from_ignores_junk() -> None:
    got = ratings_from({
        "a": "3x2",  # not a mapping: skipped
        "b": None,
        "c": ["3", "2"],
        "d": {"presence": "high", "impact": "9"},  # unknown levels: dropped
        "e": {"presence": 3, "impact": 2},  # numbers, not the saved strings
        "f": {"presence": "0", "impact": "0"},  # impact has no level 0
        "g": {"presence": "2", "impact": "3", "note": "extra keys are fine"},
        7: {"presence": "1", "impact": "1"},  # keys become strings
    })
    assert got == {
        "d": Rating(None, None),
        "e": Rating(None, None),
        "f": Rating("0", None),
        "g": Rating("2", "3"),
        "7": Rating("1", "1"),
    }


def test_ratings_from_ignores_unhashable_junk_levels() -> None:
    """A hand-edited or corrupted file may hold a list or an object where a level belongs."""
    got = ratings_from({"a": {"presence": ["3"], "impact": {"level": "2"}},
                        "b": {"presence": "3", "impact": ["2"]}})
    assert got == {"a": Rating(None, None), "b": Rating("3", None)}


# -- score and ranking ------------------------------------------------------------------------


def test_score_is_presence_times_impact() -> None:
    for p in ("0", "1", "2", "3"):
        for i in ("1", "2", "3"):
            assert score(Rating(p, i)) == int(p) * int(i)
    assert score(Rating("3", _S)) is None
    assert score(Rating(_S, "3")) is None
    assert score(Rating("3", None)) is None
    assert score(Rating()) is None


def test_ranked_ids_orders_by_score() -> None:
    r = {"a": Rating("1", "1"), "b": Rating("3", "3"), "c": Rating("2", "2"), "d": Rating("0", "3")}
    assert ranked_ids(r, ["a", "b", "c", "d"]) == ["b", "c", "a", "d"]


def test_ranked_ids_equal_score_higher_impact_first() -> None:
    # 6 = 3 x 2 = 2 x 3; 3 = 3 x 1 = 1 x 3; 0 = 0 x 1 = 0 x 3
    r = {"p6": Rating("3", "2"), "i6": Rating("2", "3"), "p3": Rating("3", "1"),
         "i3": Rating("1", "3"), "z1": Rating("0", "1"), "z3": Rating("0", "3")}
    assert ranked_ids(r, ["p6", "i6", "p3", "i3", "z1", "z3"]) == ["i6", "p6", "i3", "p3", "z3", "z1"]
    # the seed order does not decide when impact does
    assert ranked_ids(r, ["z3", "z1", "i3", "p3", "i6", "p6"]) == ["i6", "p6", "i3", "p3", "z3", "z1"]


def test_ranked_ids_identical_ratings_keep_seed_order() -> None:
    r = {"a": Rating("2", "2"), "b": Rating("2", "2"), "c": Rating("2", "2")}
    assert ranked_ids(r, ["c", "a", "b"]) == ["c", "a", "b"]
    assert ranked_ids(r, ["b", "c", "a"]) == ["b", "c", "a"]


def test_ranked_ids_leaves_out_not_sure_unrated_and_unknown() -> None:
    r = {"a": Rating(_S, "3"), "b": Rating("3", _S), "c": Rating("3", None), "d": Rating(),
         "e": Rating("1", "2"), "stranger": Rating("3", "3")}
    assert ranked_ids(r, ["a", "b", "c", "d", "e", "f"]) == ["e"]
    assert ranked_ids({}, ["a", "b"]) == []


def test_suggested_top_three() -> None:
    r = {"a": Rating("1", "1"), "b": Rating("3", "3"), "c": Rating("2", "2"),
         "d": Rating("3", "2"), "e": Rating("0", "3")}
    assert suggested_top_three(r, ["a", "b", "c", "d", "e"]) == ["b", "d", "c"]


def test_suggested_top_three_leaves_out_zero_scores() -> None:
    r = {"a": Rating("0", "3"), "b": Rating("1", "2"), "c": Rating("0", "1"), "d": Rating(_S, "3")}
    assert suggested_top_three(r, ["a", "b", "c", "d"]) == ["b"]
    assert suggested_top_three({"a": Rating("0", "3")}, ["a"]) == []
    assert suggested_top_three({}, ["a"]) == []


def test_suggested_top_three_with_two_scored() -> None:
    r = {"a": Rating("1", "1"), "b": Rating("2", "1"), "c": Rating(_S, _S)}
    assert suggested_top_three(r, ["a", "b", "c"]) == ["b", "a"]


def _responses(ratings: dict[str, Any], own: Any = "absent") -> dict[str, Any]:
    out: dict[str, Any] = {KEYS["ratings"]: ratings}
    if own != "absent":
        out[KEYS["top_three"]] = own
    return out


_R = _saved(a=("3", "3"), b=("2", "3"), c=("2", "2"), d=("1", "1"), e=("0", "2"))
_ORDER = ["a", "b", "c", "d", "e", "f"]


def test_top_three_without_own_choice_is_the_suggestion() -> None:
    assert top_three(_responses(_R), _ORDER) == ["a", "b", "c"]
    for own in (None, [], "", "a", {"a": 1}, ["", None], ["zzz", "yyy"]):
        assert top_three(_responses(_R, own), _ORDER) == ["a", "b", "c"], own


def test_top_three_honours_own_choice() -> None:
    assert top_three(_responses(_R, ["e", "d"]), _ORDER) == ["e", "d"]
    assert top_three(_responses(_R, ["f"]), _ORDER) == ["f"]  # unrated, but their choice
    assert top_three(_responses({}, ["d", "c", "b"]), _ORDER) == ["d", "c", "b"]


def test_top_three_cleans_own_choice() -> None:
    own = ["d", "zzz", "d", 7, None, "e", "b", "a"]
    assert top_three(_responses(_R, own), _ORDER) == ["d", "e", "b"]  # deduped, known, at most 3


def test_top_three_with_no_answers() -> None:
    assert top_three({}, _ORDER) == []


# -- action plans -----------------------------------------------------------------------------


def test_plan_key() -> None:
    assert plan_key("no-definition", "first-step") == "nightmares.plan.no-definition.first-step"
    assert {plan_key("x", p) for p in PLAN_FIELDS} == {f"nightmares.plan.x.{p}" for p in PLAN_FIELDS}
    with pytest.raises(KeyError):
        plan_key("no-definition", "first step")
    with pytest.raises(KeyError):
        plan_key("no-definition", "deadline")


def test_plan_of_drops_blank_fields() -> None:
    r = {
        plan_key("a", "first-step"): "  Meet the team.  ",
        plan_key("a", "who"): "   ",
        plan_key("a", "by-when"): "",
        plan_key("a", "evidence"): 42,  # not text
        plan_key("a", "what-if"): "What if students led it?",
        plan_key("b", "who"): "Someone else",
    }
    assert plan_of(r, "a") == {"first-step": "Meet the team.", "what-if": "What if students led it?"}
    assert plan_of(r, "b") == {"who": "Someone else"}
    assert plan_of(r, "c") == {}


def test_changing_the_top_three_keeps_every_plan(order: list[str]) -> None:
    store = MemoryStore("nightmares", "ana")
    a, b, c, d = order[:4]
    store.set(KEYS["ratings"], _saved(**{a: ("3", "3"), b: ("2", "2"), c: ("1", "2"), d: ("1", "1")}))
    assert top_three(store.all(), order) == [a, b, c]
    store.set_many({plan_key(a, "first-step"): "Start with a survey.", plan_key(a, "who"): "Deputy"})
    store.set(KEYS["top_three"], [b, c, d])
    assert a not in top_three(store.all(), order)
    assert plan_of(store.all(), a) == {"first-step": "Start with a survey.", "who": "Deputy"}
    store.set(KEYS["top_three"], None)  # back to the suggestion: A returns with its plan
    assert top_three(store.all(), order) == [a, b, c]
    assert plan_of(store.all(), a) == {"first-step": "Start with a survey.", "who": "Deputy"}


# -- the group view ---------------------------------------------------------------------------

_SECRET_NAMES = ("ana.secret", "Bruno Secreto", "carla@example.org", "dev-4242")


def _four(cat: Catalog) -> list[dict[str, Any]]:
    """Four participants, hand-computed below, plus two responses that must not count."""
    n1, n2, n3, n4 = (_id(cat, i) for i in (1, 2, 3, 4))
    return [
        {  # top three: n1 (9), n2 (4), n3 (1)
            "participant": _SECRET_NAMES[0],
            KEYS["ratings"]: _saved(**{n1: ("3", "3"), n2: ("2", "2"), n3: ("1", "1"),
                                       n4: (_S, "2")}),
            KEYS["yes_buts"]: "  What about time?  ",
            KEYS["not_fail"]: "We would let students lead.",
        },
        {  # top three: n2 (9), n1 (6), n4 (3); n3 scores 0
            "participant": _SECRET_NAMES[1],
            KEYS["ratings"]: _saved(**{n1: ("3", "2"), n2: ("3", "3"), n3: ("0", "3"),
                                       n4: ("1", "3")}),
            KEYS["yes_buts"]: "budget worries",
        },
        {  # their own top three: n4, n3
            "participant": _SECRET_NAMES[2],
            KEYS["ratings"]: _saved(**{n1: (_S, _S), n2: ("1", "2"), n3: ("2", "2"),
                                       n4: ("2", "3")}),
            KEYS["top_three"]: [n4, n3],
            KEYS["yes_buts"]: "What about time?",
        },
        {  # top three: n1 only (n2 has no impact yet)
            "participant": _SECRET_NAMES[3],
            KEYS["ratings"]: _saved(**{n1: ("3", "3"), n2: ("3", None)}),
            KEYS["yes_buts"]: "Are parents on board?",
            KEYS["reflective"]: "dev-4242 thinks the timetable must change",
        },
    ]


def _not_counted() -> list[Any]:
    return [
        {"participant": "no ratings", KEYS["yes_buts"]: "Should never be shown"},
        {"participant": "empty ratings", KEYS["ratings"]: {}, KEYS["yes_buts"]: "Nor this"},
        "not a response",
        None,
    ]


def _levels(labels: dict[str, str], **counts: int) -> dict[str, int]:
    """``{label: count}`` for every level; ``counts`` by value, with ``ns`` for not sure."""
    by_value = {("ns" if v == _S else f"v{v}"): label for v, label in labels.items()}
    return {label: counts.get(key, 0) for key, label in by_value.items()}


@pytest.mark.parametrize("n", [0, 1, 2])
def test_group_view_too_few_shows_nothing(cat: Catalog, n: int) -> None:
    rows = _four(cat)[:n] + _not_counted()
    gv = group_view(rows, cat.nightmares)
    assert gv.responses == n
    assert gv.enough is False
    assert "not enough" in gv.message.lower()
    assert str(MIN_GROUP) in gv.message
    assert gv.nightmares == [] and gv.top_three == [] and gv.yes_buts == []
    dumped = json.dumps(asdict(gv))
    assert len(_four(cat)) == 4 and len(cat.nightmares) == 15
    for row in _four(cat):
        assert row[KEYS["yes_buts"]].strip() not in dumped
    for nm in cat.nightmares:
        assert nm.title not in dumped


def test_group_view_exactly_enough(cat: Catalog) -> None:
    gv = group_view(_four(cat)[:3], cat.nightmares)
    assert gv.enough is True and gv.responses == 3
    assert "not enough" not in gv.message.lower()
    assert "3" in gv.message
    assert len(gv.nightmares) == 15 and gv.top_three and gv.yes_buts


def test_group_view_counts_levels(cat: Catalog) -> None:
    gv = group_view(_four(cat) + _not_counted(), cat.nightmares)
    assert gv.enough and gv.responses == 4
    assert [row["id"] for row in gv.nightmares] == [n.id for n in cat.nightmares]
    assert [row["number"] for row in gv.nightmares] == list(range(1, 16))
    assert [row["title"] for row in gv.nightmares] == [n.title for n in cat.nightmares]
    by_number = {row["number"]: row for row in gv.nightmares}
    expected = {
        1: (_levels(PRESENCE, v3=3, ns=1), _levels(IMPACT, v3=2, v2=1, ns=1)),
        2: (_levels(PRESENCE, v1=1, v2=1, v3=2), _levels(IMPACT, v2=2, v3=1)),
        3: (_levels(PRESENCE, v0=1, v1=1, v2=1), _levels(IMPACT, v1=1, v2=1, v3=1)),
        4: (_levels(PRESENCE, ns=1, v1=1, v2=1), _levels(IMPACT, v2=1, v3=2)),
    }
    for number, (presence, impact) in expected.items():
        assert by_number[number]["presence"] == presence, number
        assert by_number[number]["impact"] == impact, number
    assert list(by_number[1]["presence"]) == list(PRESENCE.values())
    assert list(by_number[1]["impact"]) == list(IMPACT.values())
    for number in range(5, 16):
        assert set(by_number[number]["presence"].values()) == {0}
        assert set(by_number[number]["impact"].values()) == {0}


def test_group_view_most_common_top_three(cat: Catalog) -> None:
    # n1: 3 participants; n2, n3 and n4: 2 each, so seed order picks n2 and n3
    gv = group_view(_four(cat), cat.nightmares)
    assert gv.top_three == [
        {"id": _id(cat, 1), "title": _nm(cat, 1).title, "participants": 3},
        {"id": _id(cat, 2), "title": _nm(cat, 2).title, "participants": 2},
        {"id": _id(cat, 3), "title": _nm(cat, 3).title, "participants": 2},
    ]


def test_group_view_top_three_tie_breaks_by_seed_order_not_input_order(cat: Catalog) -> None:
    n5, n9, n12 = _id(cat, 5), _id(cat, 9), _id(cat, 12)
    rows = [{KEYS["ratings"]: _saved(**{n12: ("1", "1")}), KEYS["top_three"]: [n12, n9, n5]}
            for _ in range(3)]
    gv = group_view(rows, cat.nightmares)
    assert [t["id"] for t in gv.top_three] == [n5, n9, n12]
    assert {t["participants"] for t in gv.top_three} == {3}


def test_group_view_yes_buts_sorted_and_deduplicated(cat: Catalog) -> None:
    gv = group_view(_four(cat) + _not_counted(), cat.nightmares)
    assert gv.yes_buts == ["Are parents on board?", "budget worries", "What about time?"]


def test_group_view_yes_buts_order_does_not_depend_on_hash_seed() -> None:
    """Case variants of one worry must come out in the same order on every run."""
    script = (
        "import json, types\n"
        "from plkit.workbooks.nightmares.keys import KEYS\nfrom plkit.workbooks.nightmares.group import group_view\n"
        "nms = [types.SimpleNamespace(id='a', number=1, title='A')]\n"
        "rows = [{KEYS['ratings']: {'a': {'presence': '1', 'impact': '1'}}, KEYS['yes_buts']: t}\n"
        "        for t in ('Time?', 'time?', 'TIME?', 'tIme?')]\n"
        "print(json.dumps(group_view(rows, nms).yes_buts))\n"
    )
    results = outputs_across_hash_seeds(script)
    assert len(results) == 1, f"yes_buts order changes with the hash seed: {sorted(results)}"


def test_group_view_names_nobody(cat: Catalog) -> None:
    gv = group_view(_four(cat), cat.nightmares)
    dumped = repr(gv) + json.dumps(asdict(gv))
    assert _SECRET_NAMES
    for name in _SECRET_NAMES:
        assert name not in dumped
    assert "participant\"" not in json.dumps(asdict(gv))  # no per-person field
    # answers that are not part of the group view stay out of it
    assert "students lead" not in dumped and "timetable" not in dumped


def test_group_view_min_group(cat: Catalog) -> None:
    rows = _four(cat)
    two = group_view(rows[:2], cat.nightmares, min_group=2)
    assert two.enough and two.responses == 2 and len(two.nightmares) == 15
    five = group_view(rows, cat.nightmares, min_group=5)
    assert not five.enough and five.responses == 4
    assert "5" in five.message
    assert five.nightmares == five.top_three == five.yes_buts == []


def test_group_view_accepts_a_generator(cat: Catalog) -> None:
    gv = group_view((r for r in _four(cat)), cat.nightmares)
    assert gv.enough and gv.responses == 4


# -- completion -------------------------------------------------------------------------------


def _all_rated(order: list[str]) -> dict[str, dict[str, str]]:
    """Every nightmare rated; some honestly not sure, on one scale or both."""
    out: dict[str, dict[str, str]] = {}
    for i, nid in enumerate(order):
        if i == 7:
            out[nid] = {"presence": _S}
        elif i == 8:
            out[nid] = {"presence": "2", "impact": _S}
        elif i == 9:
            out[nid] = {"presence": _S, "impact": _S}
        else:
            out[nid] = {"presence": str(i % 4), "impact": str(1 + i % 3)}
    return out


def _nightmares_done(order: list[str]) -> dict[str, Any]:
    ratings = _all_rated(order)
    top = top_three({KEYS["ratings"]: ratings}, order)
    return {
        KEYS["ratings"]: ratings,
        plan_key(top[0], "first-step"): "Ask the students.",
        KEYS["reflective"]: "We need shared time to plan.",
    }


def _met(responses: dict[str, Any]) -> dict[str, bool]:
    return {c.id: c.met for c in evaluate("nightmares", responses).criteria}


def test_nightmares_evaluate_empty() -> None:
    r = evaluate("nightmares", {})
    assert [c.id for c in r.criteria] == ["ratings", "action-plan", "reflective"]
    assert (r.done, r.total, r.complete) == (0, 3, False)
    assert "15" in r.criteria[0].todo


def test_nightmares_evaluate_complete(order: list[str]) -> None:
    r = evaluate("nightmares", _nightmares_done(order))
    assert r.complete and (r.done, r.total) == (3, 3)


def test_nightmares_ratings_criterion(order: list[str]) -> None:
    ratings = _all_rated(order)
    assert _met({KEYS["ratings"]: ratings})["ratings"]
    fourteen = {k: v for k, v in ratings.items() if k != order[3]}
    assert not _met({KEYS["ratings"]: fourteen})["ratings"]
    todo = evaluate("nightmares", {KEYS["ratings"]: fourteen}).criteria[0].todo
    assert "remaining 1 " in todo
    half = dict(ratings, **{order[3]: {"presence": "3"}})  # one scale only, and not "not sure"
    assert not _met({KEYS["ratings"]: half})["ratings"]
    extra = dict(fourteen, stranger={"presence": "1", "impact": "1"})  # unknown ids do not count
    assert not _met({KEYS["ratings"]: extra})["ratings"]


def test_nightmares_plan_must_be_for_the_top_three(order: list[str]) -> None:
    ratings = _all_rated(order)
    top = top_three({KEYS["ratings"]: ratings}, order)
    outside = next(n for n in order if n not in top)
    base = {KEYS["ratings"]: ratings}
    assert _met({**base, plan_key(top[2], "first-step"): "Talk to the board."})["action-plan"]
    assert not _met({**base, plan_key(outside, "first-step"): "Talk to the board."})["action-plan"]
    # every other field, but no first step
    no_first = {plan_key(top[0], p): "Something" for p in PLAN_FIELDS if p != "first-step"}
    assert not _met({**base, **no_first})["action-plan"]
    assert not _met({**base, plan_key(top[0], "first-step"): "   "})["action-plan"]
    # the participant's own top three decides
    own = {**base, KEYS["top_three"]: [outside], plan_key(outside, "first-step"): "Go."}
    assert _met(own)["action-plan"]


def test_nightmares_reflective_needs_five_words(order: list[str]) -> None:
    base = _nightmares_done(order)
    assert MIN_REFLECTION_WORDS == 5
    assert _met({**base, KEYS["reflective"]: "one two three four five"})["reflective"]
    assert not _met({**base, KEYS["reflective"]: "one two three four"})["reflective"]
    assert not _met({**base, KEYS["reflective"]: None})["reflective"]
    assert not evaluate("nightmares", {**base, KEYS["reflective"]: "too short"}).complete


# -- the action-plan card ---------------------------------------------------------------------

_TODAY = date(2025, 3, 14)


def _card_responses(cat: Catalog) -> dict[str, Any]:
    n = {i: _id(cat, i) for i in range(1, 16)}
    return {
        KEYS["ratings"]: _saved(**{n[7]: ("3", "3"), n[2]: ("3", "2"), n[11]: ("2", "3"),
                                   n[5]: ("1", "1"), n[8]: (_S, "2"), n[14]: ("3", None)}),
        plan_key(n[7], "what-if"): "What if every teacher wrote one line?",
        plan_key(n[7], "first-step"): "Draft a definition at the staff meeting.",
        plan_key(n[7], "who"): "The leadership team",
        plan_key(n[7], "by-when"): "End of March",
        plan_key(n[7], "evidence"): "Teachers can say it in their own words.",
        plan_key(n[11], "first-step"): "Celebrate a failed experiment.",
        KEYS["not_fail"]: "We would drop grades for a term.",
        KEYS["yes_buts"]: "Yes, but the parents?",
        KEYS["reflective"]: "Our timetable needs to bend.",
    }


def test_plan_card_markdown(cat: Catalog) -> None:
    r = _card_responses(cat)
    md = plan_card_markdown(r, today=_TODAY)
    assert md.startswith("# Our action plan: avoiding the PL nightmares\n")
    # top three (7: 9, 11: 6 with impact 3, 2: 6) in order, each with its number
    heads = re.findall(r"^## (\d)\. (.+) \(nightmare (\d+)\)$", md, flags=re.M)
    assert heads == [("1", _nm(cat, 7).title, "7"), ("2", _nm(cat, 11).title, "11"),
                     ("3", _nm(cat, 2).title, "2")]
    for text in ("**What if:** What if every teacher wrote one line?",
                 "**First step:** Draft a definition at the staff meeting.",
                 "**Who:** The leadership team", "**By when:** End of March",
                 "**How we will know:** Teachers can say it in their own words.",
                 "**First step:** Celebrate a failed experiment.",
                 "We would drop grades for a term.", "Yes, but the parents?",
                 "Our timetable needs to bend."):
        assert text in md, text
    assert md.count("(No plan written yet.)") == 1  # nightmare 2
    rows = re.findall(r"^\| (\d+) \| (.+?) \| (.+?) \| (.+?) \| (\d) \|$", md, flags=re.M)
    assert [(int(num), int(sc)) for num, _, _, _, sc in rows] == [(7, 9), (11, 6), (2, 6), (5, 1)]
    assert rows[0][2:4] == ("Very present", "Would hurt a great deal")
    assert f"Not sure yet: {_nm(cat, 8).title}." in md
    assert _nm(cat, 14).title not in md  # half rated: neither ranked nor not sure
    assert "Zmuda" in md and "Thompson" in md
    assert "2025-03-14" in md


def test_plan_card_html(cat: Catalog) -> None:
    r = _card_responses(cat)
    page = plan_card_html(r, today=_TODAY)
    assert page.startswith("<!DOCTYPE html>")
    e = html.escape
    heads = re.findall(r"<h2>(\d)\. (.+?) <span", page)
    assert heads == [("1", e(_nm(cat, 7).title)), ("2", e(_nm(cat, 11).title)),
                     ("3", e(_nm(cat, 2).title))]
    for text in ("What if every teacher wrote one line?", "Draft a definition at the staff meeting.",
                 "The leadership team", "End of March", "Teachers can say it in their own words.",
                 "Celebrate a failed experiment.", "We would drop grades for a term.",
                 "Yes, but the parents?", "Our timetable needs to bend."):
        assert e(text) in page, text
    assert page.count("No plan written yet.") == 1
    body = page.split("<tbody>", 1)[1]
    assert re.findall(r"<tr><td>(\d+)</td>", body) == ["7", "11", "2", "5"]
    assert "Zmuda" in page and "Thompson" in page and "2025-03-14" in page
    assert "http://" not in page and "https://" not in page


def test_plan_card_escapes_hostile_input(cat: Catalog) -> None:
    evil = "<script>alert(1)</script>"
    r = {
        KEYS["ratings"]: _saved(**{_id(cat, 1): ("3", "3")}),
        **{plan_key(_id(cat, 1), p): f"{p} {evil}" for p in PLAN_FIELDS},
        KEYS["not_fail"]: evil,
        KEYS["yes_buts"]: "<img src=x onerror=alert(2)>",
        KEYS["reflective"]: evil,
    }
    page = plan_card_html(r, today=_TODAY)
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") == len(PLAN_FIELDS) + 2
    assert evil in plan_card_markdown(r, today=_TODAY)  # Markdown keeps the text as typed


def test_plan_card_with_no_answers() -> None:
    md = plan_card_markdown({}, today=_TODAY)
    assert "(Rate the nightmares to find your top three.)" in md
    assert "All our ratings" not in md and "## 1." not in md
    assert "Zmuda" in md
    page = plan_card_html({}, today=_TODAY)
    assert "Rate the nightmares to find your top three." in page
    assert "<table" not in page


def test_plan_card_follows_own_top_three(cat: Catalog) -> None:
    r = {**_card_responses(cat), KEYS["top_three"]: [_id(cat, 15)]}
    md = plan_card_markdown(r, today=_TODAY)
    assert re.findall(r"^## \d\. .+ \(nightmare (\d+)\)$", md, flags=re.M) == ["15"]
    assert "Draft a definition" not in md  # nightmare 7's plan is kept, but not on the card


# -- the chart --------------------------------------------------------------------------------


def _ratings(cat: Catalog, **by_number: tuple[str | None, str | None]) -> dict[str, Rating]:
    return {_id(cat, int(k[1:])): Rating(*v) for k, v in by_number.items()}


def _svg_labels(svg: str) -> list[str]:
    """Text drawn in the SVG: matplotlib keeps each text as a comment beside its glyph paths
    (or as <text> when fonts are not converted); cell labels split on commas."""
    texts = re.findall(r"<!-- (.*?) -->", svg) + re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return [part.strip() for t in texts for part in t.split(",")]


def test_priority_chart_svg(cat: Catalog) -> None:
    r = _ratings(cat, n1=("3", "3"), n7=("2", "3"), n4=("2", "3"), n10=("0", "1"),
                 n8=(_S, "2"), n9=("1", None))
    top = [_id(cat, 1), _id(cat, 7), _id(cat, 10)]
    svg = priority_chart_svg(r, cat.nightmares, top)
    assert svg.startswith("<svg")
    opening = svg[: svg.index(">")]
    assert 'aria-hidden="true"' in opening
    labels = _svg_labels(svg)
    numbers = {x for x in labels if re.fullmatch(r"\[?\d+\]?", x)}
    assert numbers == {"[1]", "[7]", "4", "[10]"}  # not sure and half-rated are not drawn
    for tick in ("Not present", "Very present", "How present it is now", "How much it would hurt"):
        assert tick in labels


def test_priority_chart_svg_empty(cat: Catalog) -> None:
    svg = priority_chart_svg({}, cat.nightmares, [])
    assert svg.startswith("<svg") and 'aria-hidden="true"' in svg[: svg.index(">")]
    labels = _svg_labels(svg)
    assert "How present it is now" in labels  # the labels are found, so "no numbers" means something
    assert not [x for x in labels if re.fullmatch(r"\[?\d+\]?", x)]


def test_priority_chart_svg_changes_no_global_state(cat: Catalog) -> None:
    import matplotlib

    before = dict(matplotlib.rcParams)
    backend = matplotlib.get_backend()
    priority_chart_svg(_ratings(cat, n1=("3", "3")), cat.nightmares, [_id(cat, 1)])
    assert dict(matplotlib.rcParams) == before
    assert matplotlib.get_backend() == backend


def test_chart_summary(cat: Catalog) -> None:
    assert chart_summary({}, cat.nightmares, []) == (
        "Priority chart: no nightmare rated yet. Rate presence and impact to see it fill in."
    )
    not_sure_only = _ratings(cat, n1=(_S, _S), n2=("3", None))
    assert "no nightmare rated yet" in chart_summary(not_sure_only, cat.nightmares, [])
    r = _ratings(cat, n1=("3", "3"), n7=("2", "3"), n4=("1", "1"), n8=(_S, "2"))
    top = [_id(cat, 7), _id(cat, 1)]
    text = chart_summary(r, cat.nightmares, top)
    assert text == (
        "Priority chart of presence against impact for 3 rated nightmares. Your top three: "
        f"7. {_nm(cat, 7).title}; 1. {_nm(cat, 1).title}."
    )
    assert "top three" not in chart_summary(r, cat.nightmares, [])


def _table_rows(table: str) -> list[list[str]]:
    body = table.split("<tbody>", 1)[1]
    return [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", body)]


def test_priority_table_html(cat: Catalog) -> None:
    r = _ratings(cat, n3=("1", "1"), n12=("3", "3"), n6=("2", "3"), n8=(_S, "2"), n9=("1", None))
    top = [_id(cat, 12), _id(cat, 6), _id(cat, 3)]
    table = priority_table_html(r, cat.nightmares, top)
    assert table.startswith('<table class="plkit-table"><caption>')
    assert table.count('<th scope="col">') == 6
    rows = _table_rows(table)
    assert len(rows) == 15
    assert [int(row[0]) for row in rows] == [12, 6, 3] + [n for n in range(1, 16) if n not in (12, 6, 3)]
    assert rows[0] == ["12", html.escape(_nm(cat, 12).title), "Very present",
                       "Would hurt a great deal", "9", "Yes"]
    assert [row[4] for row in rows[:3]] == ["9", "6", "1"]
    assert [row[5] for row in rows].count("Yes") == 3
    by_number = {int(row[0]): row for row in rows}
    assert by_number[8][2:6] == ["Not sure", "Would hurt quite a lot", "", ""]
    assert by_number[9][2:6] == ["A little", "Not rated", "", ""]
    assert by_number[1][2:6] == ["Not rated", "Not rated", "", ""]
    assert sum(row.count("Not rated") for row in rows) == 2 * 10 + 1


def test_priority_table_escapes_titles() -> None:
    class Fake:
        def __init__(self, i: int, title: str) -> None:
            self.id, self.number, self.title = f"f{i}", i, title

    nms = [Fake(1, "<b>Bold</b> & brave")]
    table = priority_table_html({"f1": Rating("1", "1")}, nms, ["f1"])
    assert "<b>" not in table and "&lt;b&gt;Bold&lt;/b&gt; &amp; brave" in table
