"""The "Start here" intake: a few questions, a recommended pathway, and the participant's own. No widgets.

PD should model PL: participants get a suggestion based on who they are and what they hope for,
and keep the last word (voice and choice). Everything here takes and returns plain data.

>>> from plkit.registry import WORKBOOKS
>>> path = recommend({KEYS["experience"]: "new"}, WORKBOOKS)
>>> path.ids[0]
'defining'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from plkit.registry import Workbook
from plkit.workbooks.start_here.keys import KEYS, START_HERE

__all__ = [
    "KEYS",
    "START_HERE",
    "ROLES",
    "EXPERIENCE",
    "HOPES",
    "LEADER_ROLES",
    "COMMUNICATION_WORRIES",
    "ENTRY_POINTS",
    "CLOSING",
    "FOLLOW_UP",
    "Question",
    "Step",
    "Pathway",
    "questions",
    "recommend",
    "chosen_pathway",
    "effective_pathway",
    "own_pathway",
]


ROLES: tuple[tuple[str, str], ...] = (
    ("Classroom teacher", "classroom-teacher"),
    ("Instructional coach", "coach"),
    ("School leader", "school-leader"),
    ("District leader", "district-leader"),
    ("Other", "other"),
)

EXPERIENCE: tuple[tuple[str, str], ...] = (
    ("New: I am just starting to hear about it", "new"),
    ("Exploring: I have read about it or tried a little", "exploring"),
    ("Practising: it is part of my work already", "practising"),
    ("Leading: I help others grow it", "leading"),
)

HOPES: tuple[tuple[str, str], ...] = (
    ("A shared definition of personalized learning", "definition"),
    ("Getting started in my classroom", "getting-started"),
    ("Leading change in my school", "leading-change"),
    ("Using my class data to group students", "class-data"),
)

LEADER_ROLES = frozenset({"school-leader", "district-leader"})

#: Nightmares about telling the story of PL: a shared definition is the first remedy for them.
COMMUNICATION_WORRIES = ("unclear-why", "weak-communication-plan", "educator-jargon", "no-definition")

#: Where a workbook can be entered: (activity id, what the participant sees), first is the default.
ENTRY_POINTS: dict[str, tuple[tuple[str, str], ...]] = {
    "defining": (
        ("defining.compare", "section 1, Compare the definitions"),
        ("defining.own-definition", "section 3, Write your school's definition"),
    ),
    "nightmares": (("nightmares.rate", "section 1, Rate the nightmares"),),
    "challenges": (
        ("challenges.background", "Before you design"),
        ("challenges.designer", "Design your challenge"),
    ),
    "classdata": (("classdata.load", "section 1, Load a class (the demo class works too)"),),
    "sharing": (
        ("sharing.learn", "section 1, Bringing people along"),
        ("sharing.draft", "section 3, Draft your message"),
    ),
}

#: One clause per workbook saying what it gives, for the reason of a step no rule asked for.
_GIVES = {
    "defining": "it builds a shared language for what PL is and is not",
    "nightmares": "it names what could stall PL in your school and plans first steps",
    "challenges": "it turns PL into a real challenge for your next unit",
    "classdata": "it shows what your own class data says about who is ready for what",
    "sharing": "it helps you explain PL to families and colleagues and plan when and where",
    "looking-back": "it shows you what changed for you today and what you will take back to school",
}

#: Stages of :class:`plkit.registry.Workbook`: closing workbooks end the day's pathway, and
#: follow-up ones (back at school, weeks later) are never part of it.
CLOSING, FOLLOW_UP = "closing", "follow-up"


@dataclass(frozen=True)
class Question:
    """One intake question: its store key, its label, and ``[(label, value), ...]`` options."""

    key: str
    label: str
    kind: str  # "one", "many" or "text"
    options: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Step:
    workbook: str
    reason: str
    entry: str  # activity id to start with ("" means from the beginning)
    entry_label: str


@dataclass(frozen=True)
class Pathway:
    steps: tuple[Step, ...]
    source: str  # "recommended" or "own"

    @property
    def ids(self) -> list[str]:
        return [s.workbook for s in self.steps]


def questions(nightmares: Sequence[Any] = ()) -> list[Question]:
    """The intake questions in the order they are asked; ``nightmares`` from the catalog."""
    return [
        Question(KEYS["role"], "Which best describes your role?", "one", ROLES),
        Question(KEYS["experience"], "How much experience do you have with personalized learning?",
                 "one", EXPERIENCE),
        Question(KEYS["hopes"], "What do you hope to get from today? Tick any that apply.", "many",
                 HOPES),
        Question(KEYS["hopes_other"], "Anything else you hope for? (optional)", "text"),
        Question(KEYS["worries"],
                 "Which of these implementation nightmares worry you? Tick any that apply.",
                 "many", tuple((n.title, n.id) for n in nightmares)),
    ]


def _one(answers: Mapping[str, Any], key: str, options: Iterable[tuple[str, str]]) -> str | None:
    value = answers.get(key)
    return value if value in {v for _, v in options} else None


def _many(answers: Mapping[str, Any], key: str) -> set[str]:
    value = answers.get(key)
    return {v for v in value if isinstance(v, str)} if isinstance(value, list) else set()


def _entry(workbook: str, answers: Mapping[str, Any]) -> tuple[str, str]:
    """The section to start a workbook with: experienced participants skip the background."""
    points = ENTRY_POINTS.get(workbook, ())
    if not points:
        return "", "the beginning"
    experience = _one(answers, KEYS["experience"], EXPERIENCE)
    seasoned = experience in ("practising", "leading")
    if workbook == "defining" and seasoned and "definition" in _many(answers, KEYS["hopes"]):
        return points[1]
    if workbook in ("challenges", "sharing") and seasoned:
        return points[1]
    return points[0]


@dataclass(frozen=True)
class _Intake:
    """The intake answers the recommendation rules read."""

    role: str | None
    experience: str | None
    hopes: set[str]
    worries: set[str]

    @property
    def leader(self) -> bool:
        return self.role in LEADER_ROLES

    @property
    def comms(self) -> list[str]:
        """The communication nightmares ticked."""
        return [w for w in COMMUNICATION_WORRIES if w in self.worries]


def _intake(answers: Mapping[str, Any]) -> _Intake:
    return _Intake(
        role=_one(answers, KEYS["role"], ROLES),
        experience=_one(answers, KEYS["experience"], EXPERIENCE),
        hopes=_many(answers, KEYS["hopes"]),
        worries=_many(answers, KEYS["worries"]),
    )


def _defining_first(i: _Intake) -> str | None:
    """Rule 1: new to PL, hoping for a definition, or a leader worried about communication."""
    if i.experience == "new":
        return "You are new to PL, so begin with a shared language for what it is and what it is not."
    if "definition" in i.hopes:
        return "You hoped for a shared definition, and here you write one with live feedback."
    if i.leader and i.comms:
        return ("The nightmares that worry you are about telling one clear story, which "
                "starts with a shared definition.")
    return None


def _nightmares_for_leaders(i: _Intake) -> str | None:
    """Rule 2: a leader worried about communication or hoping to lead change."""
    if i.leader and (i.comms or "leading-change" in i.hopes):
        return ("As a leader you can spot what could stall PL in your school and plan "
                "first steps for your top three.")
    return None


def _sharing(i: _Intake) -> str | None:
    """Rule 3: anyone worried about a communication nightmare."""
    if i.comms:
        return ("The nightmares you ticked are about telling PL's story, and here you draft a "
                "message for the people you need to bring along and plan when and where to share it.")
    return None


def _challenges(i: _Intake) -> str | None:
    """Rule 4: hoping to get started in the classroom, or a classroom teacher."""
    if "getting-started" in i.hopes:
        return ("You hoped to get started in your classroom, and designing a real "
                "challenge for your next unit is the most direct way in.")
    if i.role == "classroom-teacher":
        return ("As a classroom teacher, designing a challenge for your next unit "
                "brings PL straight into your room.")
    return None


def _classdata(i: _Intake) -> str | None:
    """Rule 5: hoping to use class data."""
    if "class-data" in i.hopes:
        return ("You hoped to use your class data, and this workbook suggests flexible "
                "groups from it on your own computer.")
    return None


def _nightmares_for_others(i: _Intake) -> str | None:
    """Rule 6: any leader or coach, anyone hoping to lead change, or anyone who ticked a nightmare."""
    if not (i.leader or i.role == "coach" or "leading-change" in i.hopes or i.worries):
        return None
    if i.worries:
        n = len(i.worries)
        return f"You ticked {n} nightmare{'s' if n != 1 else ''}, and here you rate them and plan first steps."
    return "Leading PL means seeing the common ways it stalls and planning around them."


#: The rules of :func:`recommend` in order: (workbook, rule giving the reason or None).
_RULES: tuple[tuple[str, Callable[[_Intake], str | None]], ...] = (
    ("defining", _defining_first),
    ("nightmares", _nightmares_for_leaders),
    ("sharing", _sharing),
    ("challenges", _challenges),
    ("classdata", _classdata),
    ("nightmares", _nightmares_for_others),
)


def recommend(answers: Mapping[str, Any], workbooks: Sequence[Workbook]) -> Pathway:
    """A recommended order through ``workbooks`` with a reason and an entry point for each.

    The rules, applied in this order; each adds a workbook (if it exists and is not yet in the
    pathway) to the end of the pathway so far:

    1. New to PL, or hoping for a shared definition, or a school or district leader worried
       about a communication nightmare (unclear why, no communication plan, jargon, no shared
       definition): "defining" first.
    2. A school or district leader who is worried about a communication nightmare or hopes to
       lead change: "nightmares" next.
    3. Anyone worried about a communication nightmare: "sharing" (Sharing the why) next.
    4. Hoping to get started in their classroom, or a classroom teacher: "challenges" next.
    5. Hoping to use their class data: "classdata" next (only when that workbook exists).
    6. Any other leader or coach, anyone hoping to lead change, or anyone who ticked a
       nightmare: "nightmares" next.
    7. Every other workbook of the day, in the registry's order ("start-here" itself never
       appears).
    8. Closing workbooks (stage ``closing``, such as "Looking back") always come last, after
       every other workbook, whatever the rules above say; follow-up workbooks (stage
       ``follow-up``, taken back at school weeks later) never appear in the day's pathway.

    Entry points: practising or leading participants who hope for a definition start
    "defining" at writing their own; practising or leading participants start "challenges" at
    the designer and "sharing" at drafting the message; everyone else starts each workbook at its
    first section.
    """
    day = [wb for wb in workbooks if wb.id != START_HERE and wb.stage != FOLLOW_UP]
    closing = {wb.id for wb in day if wb.stage == CLOSING}
    available = [wb.id for wb in day]
    intake = _intake(answers)
    reasons: dict[str, str] = {}

    def add(workbook: str, reason: str) -> None:
        if workbook in available and workbook not in reasons:
            reasons[workbook] = reason

    for workbook, rule in _RULES:
        reason = rule(intake)
        if reason is not None:
            add(workbook, reason)
    for wb in day:
        add(wb.id, f"Also worth your time: {_GIVES.get(wb.id, wb.title.lower())}.")
    for wb_id in [w for w in reasons if w in closing]:  # rule 8: closing workbooks end the day
        del reasons[wb_id]
        reasons[wb_id] = f"Last, to close your day: {_GIVES.get(wb_id, 'it rounds off what you did')}."
    steps = tuple(Step(wb, reason, *_entry(wb, answers)) for wb, reason in reasons.items())
    return Pathway(steps, "recommended")


def own_pathway(order: Sequence[str], source: str = "own") -> dict[str, Any]:
    """The value saved under ``KEYS["pathway"]`` for a confirmed pathway (duplicates dropped)."""
    clean = [w for w in dict.fromkeys(order) if isinstance(w, str) and w and w != START_HERE]
    return {"order": clean, "source": "recommended" if source == "recommended" else "own"}


def chosen_pathway(responses: Mapping[str, Any],
                   workbooks: Sequence[Workbook] | None = None) -> list[str] | None:
    """The pathway the participant confirmed (workbook ids in their order), or None.

    Workbooks that no longer exist are left out when ``workbooks`` is given.

    >>> chosen_pathway({KEYS["pathway"]: {"order": ["nightmares", "defining"], "source": "own"}})
    ['nightmares', 'defining']
    >>> chosen_pathway({}) is None
    True
    """
    saved = responses.get(KEYS["pathway"]) if responses else None
    if not isinstance(saved, Mapping) or not isinstance(saved.get("order"), list):
        return None
    known = None if workbooks is None else {wb.id for wb in workbooks}
    order = [w for w in own_pathway(saved["order"])["order"] if known is None or w in known]
    return order or None


def effective_pathway(responses: Mapping[str, Any], workbooks: Sequence[Workbook]) -> Pathway:
    """The participant's own pathway when they confirmed one; otherwise the recommendation."""
    recommended = recommend(responses, workbooks)
    chosen = chosen_pathway(responses, workbooks)
    if chosen is None:
        return recommended
    saved = responses.get(KEYS["pathway"]) or {}
    source = "recommended" if saved.get("source") == "recommended" else "own"
    by_id = {s.workbook: s for s in recommended.steps}
    steps = []
    for wb in chosen:
        entry, label = _entry(wb, responses)
        reason = by_id[wb].reason if source == "recommended" and wb in by_id else "Your choice."
        steps.append(Step(wb, reason, entry, label))
    return Pathway(tuple(steps), source)


