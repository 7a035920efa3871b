"""Completion criteria per workbook, computed from saved responses alone.

Used by the progress display in the app and by nbgrader's hidden test cells, so both always
agree on what "complete" means.

>>> report = evaluate("defining", {})
>>> report.complete, report.done, report.total
(False, 0, 5)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from plkit.workbooks.defining.model import word_count
from plkit.errors import WorkbookNotFound

__all__ = [
    "Criterion",
    "Report",
    "evaluate",
    "assert_complete",
    "criteria_for",
    "KEYS",
    "MIN_DEFINITION_WORDS",
]

MIN_DEFINITION_WORDS = 12
MIN_REFLECTION_WORDS = 5

#: Stable prompt ids of the "defining" workbook (store keys, cell tags, test handles).
KEYS = {
    "compare": "defining.closest-definition",
    "compare_note": "defining.compare-note",
    "card_sort": "defining.card-sort",
    "own_definition": "defining.own-definition",
    "why_word": "defining.why-word",
    "misunderstandings": "defining.misunderstandings",
    "reflection": "defining.misunderstandings-reflection",
}


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    met: bool
    todo: str


@dataclass(frozen=True)
class Report:
    workbook: str
    criteria: tuple[Criterion, ...]

    @property
    def done(self) -> int:
        return sum(c.met for c in self.criteria)

    @property
    def total(self) -> int:
        return len(self.criteria)

    @property
    def complete(self) -> bool:
        return self.done == self.total

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0


def _defining(r: Mapping[str, Any]) -> list[Criterion]:
    from plkit.workbooks.defining.cardsort import CHOICES, deck
    from plkit.content import load_catalog

    cards = deck(load_catalog())
    sort = r.get(KEYS["card_sort"]) or {}
    sorted_n = sum(1 for c in cards if isinstance(sort, dict) and sort.get(c.id) in CHOICES)
    words = word_count(r.get(KEYS["own_definition"]))
    why = (r.get(KEYS["why_word"]) or "").strip() if isinstance(r.get(KEYS["why_word"]), str) else ""
    refl = word_count(r.get(KEYS["reflection"]))
    return [
        Criterion(
            "compare",
            "Chose the definition closest to your school's",
            bool(r.get(KEYS["compare"])),
            "Pick the definition closest to how your school talks about PL.",
        ),
        Criterion(
            "card-sort",
            f"Sorted all {len(cards)} statements",
            sorted_n == len(cards),
            f"Sort the remaining {len(cards) - sorted_n} statements.",
        ),
        Criterion(
            "own-definition",
            "Wrote your school's definition",
            words >= MIN_DEFINITION_WORDS,
            f"Write at least {MIN_DEFINITION_WORDS} words for your definition (now {words}).",
        ),
        Criterion("why-word", "Gave your one-word why", bool(why), "Add your one word or phrase."),
        Criterion(
            "reflection",
            "Reflected on misunderstandings",
            refl >= MIN_REFLECTION_WORDS,
            f"Write at least {MIN_REFLECTION_WORDS} words about a misunderstanding you have met.",
        ),
    ]


def _nightmares(r: Mapping[str, Any]) -> list[Criterion]:
    from plkit.content import load_catalog
    from plkit.workbooks.nightmares.model import KEYS as NK
    from plkit.workbooks.nightmares.model import plan_of, ratings_from, top_three

    order = [n.id for n in load_catalog().nightmares]
    ratings = ratings_from(r.get(NK["ratings"]))
    rated = sum(1 for nid in order if nid in ratings and ratings[nid].done)
    plans = [nid for nid in top_three(r, order) if plan_of(r, nid).get("first-step")]
    refl = word_count(r.get(NK["reflective"]))
    return [
        Criterion(
            "ratings",
            f"Rated all {len(order)} nightmares (or marked them not sure)",
            rated == len(order),
            f"Rate the remaining {len(order) - rated} nightmares, or mark them not sure.",
        ),
        Criterion(
            "action-plan",
            "Wrote an action plan with a first step",
            bool(plans),
            "Write the first step of an action plan for one of your top three.",
        ),
        Criterion(
            "reflective",
            "Answered the reflective question",
            refl >= MIN_REFLECTION_WORDS,
            f"Answer the reflective question in at least {MIN_REFLECTION_WORDS} words.",
        ),
    ]


def _challenges(r: Mapping[str, Any]) -> list[Criterion]:
    from plkit.workbooks.challenges.model import KEYS as CK
    from plkit.workbooks.challenges.model import Challenge, challenge_key, passes_all

    ids = r.get(CK["index"]) if isinstance(r.get(CK["index"]), list) else []
    designed = [Challenge.from_dict(r.get(challenge_key(i))) for i in ids
                if isinstance(r.get(challenge_key(i)), Mapping)]
    good = [c for c in designed if passes_all(c)]
    return [
        Criterion("designed", "Designed a challenge", bool(designed), "Start a challenge."),
        Criterion(
            "guardrails",
            "Designed a challenge that passes every guardrail check",
            bool(good),
            "Work through the guardrail checks until one challenge passes them all.",
        ),
    ]


def _start_here(r: Mapping[str, Any]) -> list[Criterion]:
    from plkit.workbooks.start_here.model import EXPERIENCE, KEYS as SK, ROLES, chosen_pathway

    return [
        Criterion("role", "Said what your role is", r.get(SK["role"]) in {v for _, v in ROLES},
                  "Choose the role that best describes you."),
        Criterion("experience", "Said how much experience you have with PL",
                  r.get(SK["experience"]) in {v for _, v in EXPERIENCE},
                  "Say how much experience you have with personalized learning."),
        Criterion("pathway", "Confirmed your pathway", chosen_pathway(r) is not None,
                  "Use the recommended pathway or choose your own order."),
    ]


def _classdata(r: Mapping[str, Any]) -> list[Criterion]:
    from plkit.workbooks.classdata.keys import KEYS as DK
    from plkit.workbooks.classdata.keys import METHODS

    loaded, chosen, groups = r.get(DK["loaded"]), r.get(DK["method"]), r.get(DK["groups"])
    refl = word_count(r.get(DK["reflection"]))
    return [
        Criterion("loaded", "Loaded a class (the demo class or your own)",
                  isinstance(loaded, Mapping) and loaded.get("source") in ("demo", "own"),
                  "Upload your gradebook or use the demo class."),
        Criterion("method", "Chose a roll-up method and mastery threshold",
                  isinstance(chosen, Mapping) and chosen.get("method") in METHODS,
                  "Choose how scores roll up into mastery."),
        Criterion("groups", "Chose groups for next week",
                  isinstance(groups, Mapping) and bool(groups.get("confirmed")),
                  "Look at the suggested groups and choose the ones you will use."),
        Criterion("reflection", "Planned what to do next week with these groups",
                  refl >= MIN_REFLECTION_WORDS,
                  f"Write at least {MIN_REFLECTION_WORDS} words about next week."),
    ]


_CRITERIA: dict[str, Callable[[Mapping[str, Any]], list[Criterion]]] = {
    "start-here": _start_here,
    "defining": _defining,
    "nightmares": _nightmares,
    "challenges": _challenges,
    "classdata": _classdata,
}


def criteria_for(workbook: str) -> Callable[[Mapping[str, Any]], list[Criterion]]:
    try:
        return _CRITERIA[workbook]
    except KeyError:
        raise WorkbookNotFound(f"There are no completion criteria for workbook '{workbook}'.") from None


def evaluate(workbook: str, responses: Mapping[str, Any]) -> Report:
    """Which criteria of ``workbook`` the ``responses`` meet."""
    return Report(workbook, tuple(criteria_for(workbook)(responses or {})))


def assert_complete(workbook: str, folder: str | None = None) -> Report:
    """The check nbgrader's hidden test cell runs: fail, naming what is left, unless complete.

    Reads the responses file in ``folder`` (default: the current folder, which is where nbgrader
    runs a submitted notebook), never the participant's live workspace settings.
    """
    from pathlib import Path

    from plkit.errors import StoreError
    from plkit.store import RESPONSES_FILE, read_document

    path = Path(folder or Path.cwd()) / RESPONSES_FILE
    answers: dict[str, Any] = {}
    if path.exists():
        try:
            answers = {k: v["value"] for k, v in read_document(path)["responses"].items()}
        except StoreError as exc:
            raise AssertionError(f"The saved answers could not be read: {exc}.") from None
    report = evaluate(workbook, answers)
    if not report.complete:
        todo = "; ".join(c.todo for c in report.criteria if not c.met)
        raise AssertionError(f"Not complete yet ({report.done} of {report.total} steps): {todo}")
    return report
