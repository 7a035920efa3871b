"""What a check-in knows: the participant's plan from the day (read from their saved answers in
Fifteen nightmares and Designing guardrailed challenges, and at six weeks from the two-week
check-in), the scales it asks on, and its own answers read defensively. No widgets, nothing heavy
(the completion rules use it).

>>> nightmares = {"nightmares.top-three": ["risk-punished"],
...               "nightmares.plan.risk-punished.first-step": "Ask my principal about evaluation"}
>>> day = read_day(nightmares, {}, [Item("risk-punished", 11, "Systems that punish risk")])
>>> [(p.number, p.first_step) for p in day.planned]
[(11, 'Ask my principal about evaluation')]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from plkit.workbooks.challenges.keys import KEYS as CHALLENGES
from plkit.workbooks.challenges.keys import challenge_key
from plkit.workbooks.checkin.keys import CHALLENGE_STATUS, KEYS, OWN, STEP_STATUS, SUPPORT_IDS
from plkit.workbooks.nightmares.keys import KEYS as NIGHTMARES
from plkit.workbooks.nightmares.keys import PLAN_FIELDS, plan_key

__all__ = ["PRESENCE", "SUPPORT", "CHECKINS", "Checkin", "Scale", "Item", "Planned", "Day", "read_day",
           "top_three", "text", "entry", "step_status", "reported_steps", "next_steps", "presence_now",
           "support_answers", "challenge_status", "OWN"]

#: How present a nightmare is: the labels of the Fifteen nightmares workbook's scale
#: (``plkit.workbooks.nightmares.model.PRESENCE``), copied because a workbook imports no other
#: workbook's model; tests/test_checkin.py checks that the two stay the same.
PRESENCE: dict[str, str] = {
    "0": "Not present",
    "1": "A little",
    "2": "Quite a lot",
    "3": "Very present",
    "not-sure": "Not sure",
}

@dataclass(frozen=True)
class Scale:
    """A question answered on a labelled 1 to 5 scale."""

    name: str
    question: str
    labels: tuple[str, str, str, str, str]

    def options(self) -> list[tuple[str, str]]:
        """``[(label, value)]`` for a radio group, "1 - ..." to "5 - ..."."""
        return [(f"{i} - {label}", str(i)) for i, label in enumerate(self.labels, 1)]


#: Support from the school or district (Guskey's level 3), one scale each.
SUPPORT: dict[str, Scale] = {
    "time": Scale("Time", "Did you have time to work on your plan?",
                  ("No time at all", "Very little time", "Some time", "Most of the time I needed",
                   "All the time I needed")),
    "coaching": Scale("Coaching or support", "Did you have coaching or support (a coach, a colleague, "
                      "a leader) while you tried it?",
                      ("None", "Very little", "Some", "Good support", "Strong, regular support")),
    "evaluation": Scale("Evaluation", "Does the way you are evaluated reward trying new things?",
                        ("It counts against trying new things", "It rather discourages it",
                         "Neither rewards nor discourages it", "It rather rewards it",
                         "It clearly rewards trying new things")),
}

@dataclass(frozen=True)
class Checkin:
    """One check-in: its workbook id, when it is taken, and the check-in before it (if any)."""

    id: str
    #: "two weeks on": how long after the day
    weeks_on: str
    #: The check-in before this one, whose revised plan this one starts from.
    earlier: str | None = None


CHECKINS: dict[str, Checkin] = {
    "checkin-2w": Checkin("checkin-2w", "two weeks on"),
    "checkin-6w": Checkin("checkin-6w", "six weeks on", earlier="checkin-2w"),
}


class _Nightmare(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def number(self) -> int: ...
    @property
    def title(self) -> str: ...


@dataclass(frozen=True)
class Item:
    """A nightmare as the check-in needs it (the catalog's nightmares fit too)."""

    id: str
    number: int
    title: str


@dataclass(frozen=True)
class Planned:
    """One nightmare of the participant's top three that has an action plan."""

    id: str
    number: int
    title: str
    #: The plan written on the day: ``{field: text}`` (``PLAN_FIELDS`` of Fifteen nightmares).
    plan: dict[str, str]
    #: The first step to report on now, and by when: the day's, or the one revised at the
    #: check-in before this one.
    first_step: str
    by_when: str
    revised: bool = False
    #: How present it was when last rated (on the day, or at the check-in before), or None.
    presence: str | None = None


@dataclass(frozen=True)
class Day:
    """What the participant brought from the day (and from the check-in before this one)."""

    planned: tuple[Planned, ...] = ()
    #: (challenge id, title) of each challenge kept in Designing guardrailed challenges.
    challenges: tuple[tuple[str, str], ...] = ()
    #: The class-data workbook's aggregate snapshots, as saved (read with plkit...snapshots).
    snapshots: Any = None
    #: Whether the plan comes partly from an earlier check-in.
    revised: bool = False
    #: The next step written without a plan at the check-in before: (step, by when), or None.
    earlier_own: tuple[str, str] | None = None
    #: Notes for the participant (an answers file that could not be read).
    notes: tuple[str, ...] = field(default=())

    @property
    def has_plan(self) -> bool:
        return bool(self.planned)


def text(value: Any) -> str:
    """A saved text, stripped ("" for anything that is not text)."""
    return value.strip() if isinstance(value, str) else ""


def entry(answers: Mapping[str, Any], key: str, item: str) -> Mapping[str, Any]:
    """The saved ``{field: value}`` of ``item`` under ``key`` (empty when missing or damaged)."""
    outer = answers.get(key)
    inner = outer.get(item) if isinstance(outer, Mapping) else None
    return inner if isinstance(inner, Mapping) else {}


def _ids(answers: Mapping[str, Any], key: str) -> list[str]:
    outer = answers.get(key)
    return [k for k in outer if isinstance(k, str)] if isinstance(outer, Mapping) else []


# -- the check-in's own answers --------------------------------------------------------------

def step_status(answers: Mapping[str, Any], nightmare_id: str) -> str | None:
    status = entry(answers, KEYS["steps"], nightmare_id).get("status")
    return status if isinstance(status, str) and status in STEP_STATUS else None


def reported_steps(answers: Mapping[str, Any]) -> dict[str, str]:
    """``{nightmare id: status}`` of every first step reported on."""
    found = {nid: step_status(answers, nid) for nid in _ids(answers, KEYS["steps"])}
    return {nid: s for nid, s in found.items() if s is not None}


def next_steps(answers: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """``{item id: {"first-step": .., "by-when": ..}}`` of every next step written (``OWN`` too)."""
    out = {}
    for item in _ids(answers, KEYS["next"]):
        e = entry(answers, KEYS["next"], item)
        step = text(e.get("first-step"))
        if step:
            out[item] = {"first-step": step, "by-when": text(e.get("by-when"))}
    return out


def presence_now(answers: Mapping[str, Any], nightmare_id: str) -> str | None:
    outer = answers.get(KEYS["presence"])
    value = outer.get(nightmare_id) if isinstance(outer, Mapping) else None
    return value if isinstance(value, str) and value in PRESENCE else None


def support_answers(answers: Mapping[str, Any]) -> dict[str, int]:
    """``{question id: 1..5}`` of the support questions answered."""
    saved = answers.get(KEYS["support"])
    out = {}
    for q in SUPPORT_IDS:
        v = saved.get(q) if isinstance(saved, Mapping) else None
        if not isinstance(v, bool) and isinstance(v, (int, float)) and v in (1, 2, 3, 4, 5):
            out[q] = int(v)
    return out


def challenge_status(answers: Mapping[str, Any], challenge_id: str) -> str | None:
    status = entry(answers, KEYS["challenges"], challenge_id).get("status")
    return status if isinstance(status, str) and status in CHALLENGE_STATUS else None


# -- the participant's plan from the day -------------------------------------------------------

def top_three(nightmares: Mapping[str, Any], order: Sequence[str]) -> list[str]:
    """The top three of Fifteen nightmares: the participant's own choice, else the suggestion
    (presence x impact, ties to the higher impact, then presence, then order; above zero only).
    The same rule as ``plkit.workbooks.nightmares.model.top_three``, which tests compare."""
    chosen = nightmares.get(NIGHTMARES["top_three"])
    if isinstance(chosen, list):
        picked = list(dict.fromkeys(c for c in chosen if isinstance(c, str) and c in order))
        if picked:
            return picked[:3]
    ratings = nightmares.get(NIGHTMARES["ratings"])
    ranked = []
    for pos, nid in enumerate(order):
        r = ratings.get(nid) if isinstance(ratings, Mapping) else None
        p, i = (r.get("presence"), r.get("impact")) if isinstance(r, Mapping) else (None, None)
        if p in ("0", "1", "2", "3") and i in ("1", "2", "3") and int(p) * int(i) > 0:
            ranked.append((-int(p) * int(i), -int(i), -int(p), pos, nid))
    return [nid for *_, nid in sorted(ranked)[:3]]


def _plan(nightmares: Mapping[str, Any], nightmare_id: str) -> dict[str, str]:
    found = {part: text(nightmares.get(plan_key(nightmare_id, part))) for part in PLAN_FIELDS}
    return {part: v for part, v in found.items() if v}


def _presence_then(nightmares: Mapping[str, Any], nightmare_id: str) -> str | None:
    ratings = nightmares.get(NIGHTMARES["ratings"])
    r = ratings.get(nightmare_id) if isinstance(ratings, Mapping) else None
    p = r.get("presence") if isinstance(r, Mapping) else None
    return p if isinstance(p, str) and p in PRESENCE else None


def _challenges(saved: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    index = saved.get(CHALLENGES["index"])
    out = []
    for cid in dict.fromkeys(index if isinstance(index, list) else []):
        if not isinstance(cid, str):
            continue
        c = saved.get(challenge_key(cid))
        if isinstance(c, Mapping):
            out.append((cid, text(c.get("title")) or "Untitled challenge"))
    return tuple(out)


def read_day(nightmares: Mapping[str, Any], challenges: Mapping[str, Any], catalog: Sequence[_Nightmare],
             earlier: Mapping[str, Any] | None = None, snapshots: Any = None,
             notes: Sequence[str] = ()) -> Day:
    """The participant's plan: each of their top three with a plan, their challenges, and (at
    six weeks) the next steps and presence they gave at the check-in before (``earlier``)."""
    by_id = {n.id: n for n in catalog}
    planned = []
    revised_any = False
    for nid in top_three(nightmares, [n.id for n in catalog]):
        plan = _plan(nightmares, nid)
        if not plan:
            continue
        step, when, revised = plan.get("first-step", ""), plan.get("by-when", ""), False
        again = next_steps(earlier or {}).get(nid)
        if again:
            step, when, revised = again["first-step"], again["by-when"], True
        presence = presence_now(earlier or {}, nid) or _presence_then(nightmares, nid)
        n = by_id[nid]
        planned.append(Planned(nid, n.number, n.title, plan, step, when, revised, presence))
        revised_any = revised_any or revised
    own = next_steps(earlier or {}).get(OWN)
    return Day(tuple(planned), _challenges(challenges), snapshots, revised_any,
               (own["first-step"], own["by-when"]) if own else None, tuple(notes))
