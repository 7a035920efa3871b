"""The "Start here" intake without widgets: recommendation rules, the participant's own pathway
overriding it, completion, and the facilitator's anonymous pathway groups."""

from __future__ import annotations

import doctest
from typing import Any

import pytest

from plkit.completion import evaluate
from plkit.content import load_catalog
from plkit.registry import WORKBOOKS, Workbook
from plkit.workbooks.start_here import model as intake
from plkit.workbooks.start_here.group import pathway_groups
from plkit.workbooks.start_here.keys import KEYS
from plkit.workbooks.start_here.model import chosen_pathway, effective_pathway, own_pathway, questions, recommend

CLASSDATA = Workbook("classdata", "Exploring your class data", "classdata", "class-data.ipynb",
                     "Load a gradebook export and see mastery.", 40, "classdata")
#: A follow-up workbook (back at school, weeks later) and a closing one, whatever the registry holds.
FOLLOW_UP = Workbook("weeks-later", "A check-in weeks later", "weeks-later", "weeks-later.ipynb",
                     "Back at school.", 20, "weeks_later", stage="follow-up")
CLOSING = Workbook("the-end", "Another closing workbook", "the-end", "the-end.ipynb", "Close the day.",
                   10, "the_end", stage="closing")
WITH_DATA = tuple(wb for wb in WORKBOOKS if wb.id != "classdata") + (CLASSDATA, FOLLOW_UP)
WITHOUT_DATA = tuple(wb for wb in WORKBOOKS if wb.id != "classdata") + (FOLLOW_UP,)


def day(workbooks: tuple[Workbook, ...]) -> list[str]:
    """The workbooks a day's pathway may hold: no Start here, no follow-ups."""
    return [wb.id for wb in workbooks if wb.id != "start-here" and wb.stage != "follow-up"]


def closing(workbooks: tuple[Workbook, ...]) -> list[str]:
    return [wb.id for wb in workbooks if wb.stage == "closing"]


def answers(role: str | None = None, experience: str | None = None,
            hopes: list[str] | None = None, worries: list[str] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if role:
        out[KEYS["role"]] = role
    if experience:
        out[KEYS["experience"]] = experience
    if hopes is not None:
        out[KEYS["hopes"]] = hopes
    if worries is not None:
        out[KEYS["worries"]] = worries
    return out


def test_doctests() -> None:
    result = doctest.testmod(intake)
    assert result.attempted > 0 and result.failed == 0


def test_questions_offer_every_nightmare_by_title() -> None:
    cat = load_catalog(use_settings=False)
    qs = {q.key: q for q in questions(cat.nightmares)}
    assert [label for label, _ in qs[KEYS["worries"]].options] == [n.title for n in cat.nightmares]
    assert {q.key for q in qs.values()} == set(KEYS.values()) - {KEYS["pathway"], KEYS["knowledge_pre"]}
    assert qs and all(q.label for q in qs.values())


def test_no_answers_gives_every_workbook_of_the_day_in_registry_order_closing_last() -> None:
    path = recommend({}, WITHOUT_DATA)
    ends = closing(WITHOUT_DATA)
    assert ends == ["looking-back"]
    assert path.ids == [w for w in day(WITHOUT_DATA) if w not in ends] + ends
    unknown = Workbook("later", "A later workbook", "later", "later.ipynb", "Soon.", 20, "later")
    extra = recommend({}, (*WITHOUT_DATA, unknown)).steps[-2]  # before the closing workbook
    assert (extra.workbook, extra.entry, extra.entry_label) == ("later", "", "the beginning")
    assert path.steps and all(s.reason.endswith(".") and s.entry_label for s in path.steps)
    assert path.source == "recommended"


def test_new_to_pl_starts_with_defining() -> None:
    explorer = recommend(answers("school-leader", "exploring", ["leading-change"]), WITHOUT_DATA)
    assert explorer.ids[0] != "defining"
    newcomer = recommend(answers("school-leader", "new", ["leading-change"]), WITHOUT_DATA)
    assert newcomer.ids[0] == "defining"
    assert "new to PL" in newcomer.steps[0].reason
    assert newcomer.steps[0].entry == "defining.compare"


def test_leader_worried_about_communication_gets_defining_then_nightmares() -> None:
    worried = recommend(answers("district-leader", "practising", [], ["weak-communication-plan"]),
                        WITHOUT_DATA)
    assert worried.ids[:3] == ["defining", "nightmares", "sharing"]
    # the same worry from a classroom teacher does not put defining first: they start by
    # drafting their message in "Sharing the why", then their challenge
    teacher = recommend(answers("classroom-teacher", "practising", [], ["weak-communication-plan"]),
                        WITHOUT_DATA)
    assert teacher.ids[:2] == ["sharing", "challenges"]
    assert "telling PL's story" in teacher.steps[0].reason
    assert teacher.steps[0].entry == "sharing.draft"  # practising: straight to the draft
    # a leader worried only about something else starts with the nightmares
    other = recommend(answers("school-leader", "practising", [], ["device-first"]), WITHOUT_DATA)
    assert other.ids[0] == "nightmares" and "1 nightmare," in other.steps[0].reason
    assert "sharing" in other.ids and "Also worth" in other.steps[other.ids.index("sharing")].reason


def test_teacher_hoping_to_get_started_meets_challenges_early() -> None:
    plain = recommend(answers("coach", "exploring", []), WITHOUT_DATA)
    assert plain.ids[0] != "challenges"
    started = recommend(answers("coach", "exploring", ["getting-started"]), WITHOUT_DATA)
    assert started.ids[0] == "challenges" and "get started" in started.steps[0].reason
    new_teacher = recommend(answers("classroom-teacher", "new", ["getting-started"]), WITHOUT_DATA)
    assert new_teacher.ids[:2] == ["defining", "challenges"]


def test_entry_points_follow_experience() -> None:
    seasoned = recommend(answers("classroom-teacher", "leading", ["definition"]), WITHOUT_DATA)
    entries = {s.workbook: s.entry for s in seasoned.steps}
    assert entries["defining"] == "defining.own-definition"
    assert entries["challenges"] == "challenges.designer"
    fresh = recommend(answers("classroom-teacher", "exploring", ["definition"]), WITHOUT_DATA)
    entries = {s.workbook: s.entry for s in fresh.steps}
    assert entries["defining"] == "defining.compare"
    assert entries["challenges"] == "challenges.background"


def test_data_goal_recommends_classdata_only_when_it_exists() -> None:
    a = answers("classroom-teacher", "practising", ["getting-started", "class-data"])
    with_data = recommend(a, WITH_DATA)
    assert with_data.ids[:2] == ["challenges", "classdata"]
    assert with_data.steps[1].entry == "classdata.load"
    without = recommend(a, WITHOUT_DATA)
    assert "classdata" not in without.ids
    no_goal = recommend(answers("classroom-teacher", "practising", ["getting-started"]), WITH_DATA)
    assert no_goal.ids[-2:] == ["classdata", "looking-back"]  # only as a later extra, before the close


def test_recommendation_ignores_unknown_answers() -> None:
    odd = {KEYS["role"]: "astronaut", KEYS["experience"]: 3, KEYS["hopes"]: "definition"}
    assert recommend(odd, WITHOUT_DATA).ids == recommend({}, WITHOUT_DATA).ids


def test_recommendation_is_deterministic_and_never_repeats() -> None:
    a = answers("school-leader", "new", ["definition", "getting-started", "leading-change",
                                         "class-data"], ["no-definition", "device-first"])
    first, second = recommend(a, WITH_DATA), recommend(a, WITH_DATA)
    assert first == second
    assert len(first.ids) == len(set(first.ids)) == len(day(WITH_DATA))


def test_chosen_pathway_overrides_the_recommendation() -> None:
    a = answers("school-leader", "new")
    assert chosen_pathway(a) is None
    assert effective_pathway(a, WITHOUT_DATA).source == "recommended"
    a[KEYS["pathway"]] = own_pathway(["challenges", "nightmares", "challenges", "start-here"])
    assert chosen_pathway(a) == ["challenges", "nightmares"]
    path = effective_pathway(a, WITHOUT_DATA)
    assert path.ids == ["challenges", "nightmares"] and path.source == "own"
    assert path.steps[0].reason == "Your choice."
    assert recommend(a, WITHOUT_DATA).ids[0] == "defining"  # the recommendation itself is unchanged


def test_chosen_pathway_drops_workbooks_that_no_longer_exist() -> None:
    a = {KEYS["pathway"]: own_pathway(["classdata", "defining"])}
    assert chosen_pathway(a, WITHOUT_DATA) == ["defining"]
    assert chosen_pathway(a, WITH_DATA) == ["classdata", "defining"]
    assert chosen_pathway({KEYS["pathway"]: own_pathway(["classdata"])}, WITHOUT_DATA) is None
    assert chosen_pathway({KEYS["pathway"]: "defining"}) is None


def test_accepted_recommendation_keeps_its_reasons() -> None:
    a = answers("classroom-teacher", "new")
    a[KEYS["pathway"]] = own_pathway(recommend(a, WITHOUT_DATA).ids, "recommended")
    path = effective_pathway(a, WITHOUT_DATA)
    assert path.source == "recommended"
    assert path.steps == recommend(a, WITHOUT_DATA).steps


def test_completion_needs_role_experience_and_a_confirmed_pathway() -> None:
    assert evaluate("start-here", {}).done == 0
    a = answers("coach", "leading")
    report = evaluate("start-here", a)
    assert (report.done, report.total, report.complete) == (2, 3, False)
    a[KEYS["pathway"]] = own_pathway(["defining"])
    assert evaluate("start-here", a).complete
    a[KEYS["role"]] = "astronaut"
    assert not evaluate("start-here", a).complete


def _choice(first: str) -> dict[str, Any]:
    return {KEYS["pathway"]: own_pathway([first, "challenges"])}


def test_pathway_groups_show_nothing_under_three() -> None:
    groups = pathway_groups({"ana": _choice("defining"), "ben": _choice("nightmares"),
                             "cy": answers("coach", "new")})
    assert groups.counts == () and groups.responses == 2
    assert "Fewer than 3" in groups.message


def test_pathway_groups_count_first_workbooks_anonymously() -> None:
    everyone = {"ana.lopez": _choice("defining"), "ben.ng": _choice("defining"),
                "cy.okafor": _choice("nightmares"), "dee.smith": answers("coach", "new")}
    groups = pathway_groups(everyone)
    assert groups.responses == 3
    assert groups.counts == (("defining", 2), ("nightmares", 1))
    text = repr(groups)
    assert not any(name in text for name in everyone)
    assert pathway_groups(list(everyone.values())) == groups


def test_pathway_groups_threshold_is_adjustable() -> None:
    group = [_choice("defining")] * 4
    assert pathway_groups(group, min_group=5).counts == ()
    assert pathway_groups(group, min_group=4).counts == (("defining", 4),)


@pytest.mark.parametrize("role", ["school-leader", "district-leader"])
def test_leaders_hoping_to_lead_change_get_nightmares_first(role: str) -> None:
    assert recommend(answers(role, "practising", ["leading-change"]), WITHOUT_DATA).ids[0] == "nightmares"
    assert recommend(answers("classroom-teacher", "practising", ["leading-change"]),
                     WITHOUT_DATA).ids[0] == "challenges"


ANSWERS = [
    {},
    answers("classroom-teacher", "new", ["getting-started", "class-data"]),
    answers("school-leader", "practising", ["leading-change"], ["no-definition", "unclear-why"]),
    answers("district-leader", "leading", ["definition"], ["weak-communication-plan"]),
    answers("coach", "exploring", [], ["device-first"]),
]


@pytest.mark.parametrize("a", ANSWERS)
def test_closing_workbooks_always_come_last_and_follow_ups_never_appear(a: dict[str, Any]) -> None:
    """Rule 8: whatever the answers, the day ends with its closing workbooks, and workbooks taken
    back at school weeks later are not part of the day's pathway."""
    workbooks = (*WITH_DATA[:2], CLOSING, *WITH_DATA[2:])  # a closing workbook early in the registry
    path = recommend(a, workbooks)
    assert path.ids[-2:] == ["the-end", "looking-back"]  # in registry order among themselves
    assert "weeks-later" not in path.ids and all(w in day(workbooks) for w in path.ids)
    assert sorted(path.ids) == sorted(day(workbooks))
    last = path.steps[-1]
    assert last.reason.startswith("Last, to close your day") and last.entry == ""
    assert "weeks-later" not in effective_pathway(a, workbooks).ids


def test_the_rules_are_documented_with_the_closing_and_follow_up_rule() -> None:
    doc = recommend.__doc__ or ""
    assert "8. Closing workbooks" in doc and "follow-up" in doc


def test_an_own_pathway_may_leave_out_the_closing_workbook() -> None:
    a = {KEYS["pathway"]: own_pathway(["challenges", "defining"])}
    assert effective_pathway(a, WITHOUT_DATA).ids == ["challenges", "defining"]


def test_completion_does_not_ask_for_the_knowledge_check() -> None:
    a = answers("coach", "leading")
    a[KEYS["pathway"]] = own_pathway(["defining"])
    assert evaluate("start-here", a).complete
    assert evaluate("start-here", {KEYS["knowledge_pre"]: {"coaching-small-groups": "is-coaching"}}).done == 0
