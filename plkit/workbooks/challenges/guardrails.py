"""The guardrail checks that keep a challenge personalized *and* aligned. No widgets.

Personalized learning asks students to take on meaningful, authentic and rigorous challenges
within guardrails that keep the work tied to the desired outcomes; it is not "anything goes
under a topic". Each check names one way a design drifts from that, says why in plain words,
and says what to do.

A check is one small function registered with :func:`guardrail`, which carries its title, its
explanation (what it checks and why) and its fix (what to do). The function reads the
challenge's :class:`Facts` and returns ``None`` when the check passes, or a :class:`Problem`
(naming what is at fault, when it can) when it fails. Checks run in the order they are
registered here, the order a designer meets them. Adding a check is adding one decorated
function below.

>>> from plkit.workbooks.challenges.model import Challenge
>>> c = Challenge.new("c1", "Plastic-free lunch")
>>> [k.id for k in run_checks(c) if not k.ok][:3]
['no-outcome', 'no-choice', 'no-checkpoint']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from plkit.workbooks.challenges.model import DIMENSIONS, Challenge, clean_text

__all__ = ["Check", "Facts", "Problem", "Guardrail", "guardrail", "guardrails", "run_checks", "passes_all"]


@dataclass(frozen=True)
class Check:
    """One check's result for one challenge, as the designer and the cards show it."""

    id: str
    ok: bool
    title: str
    explanation: str
    fix: str


@dataclass(frozen=True)
class Facts:
    """What the checks look at, read once from a challenge."""

    challenge: Challenge
    #: The chosen outcomes (only the known ones, when a list of known outcomes is given).
    outcomes: list[str]
    #: The success criteria that have text (a blank criterion is no criterion).
    criteria: list[dict[str, Any]]
    #: Who decides each dimension: dimension id -> a key of ``model.WHO``.
    who: dict[str, str]
    #: Dimension id -> its name in words (a dimension without one is named by its id).
    dimension_names: Mapping[str, str]

    def name(self, dimension: str) -> str:
        return self.dimension_names.get(dimension, dimension)

    @property
    def opened(self) -> list[str]:
        """The dimensions students have a say in (within guardrails or freely)."""
        return [dim for dim, who in self.who.items() if who != "teacher"]

    @classmethod
    def read(cls, challenge: Challenge, known_outcomes: Iterable[str] | None = None,
             dimension_names: Mapping[str, str] | None = None) -> Facts:
        d = challenge.data
        known = None if known_outcomes is None else set(known_outcomes)
        return cls(
            challenge=challenge,
            outcomes=[o for o in d["outcomes"] if known is None or o in known],
            criteria=[r for r in d["rubric"] if clean_text(r.get("criterion"))],
            who={dim: challenge.who(dim) for dim in DIMENSIONS},
            dimension_names=dict(dimension_names or {}),
        )


@dataclass(frozen=True)
class Problem:
    """A failing check. ``detail`` names what is at fault; empty: the check's explanation says it."""

    detail: str = ""


#: A check's test: ``None`` when the challenge passes it, a :class:`Problem` when it fails.
Rule = Callable[[Facts], Problem | None]


@dataclass(frozen=True)
class Guardrail:
    """A registered check: its id, what it is called, why it matters, what to do, and its test."""

    id: str
    title: str
    explanation: str
    fix: str
    rule: Rule
    #: Keep the fix on the result even when the check passes (the designer and the cards show a
    #: fix only for a failing check; this keeps saved and compared results as they were).
    fix_when_passing: bool = False

    def run(self, facts: Facts) -> Check:
        problem = self.rule(facts)
        ok = problem is None
        explanation = problem.detail if problem is not None and problem.detail else self.explanation
        return Check(self.id, ok, self.title, explanation,
                     self.fix if not ok or self.fix_when_passing else "")


_REGISTRY: list[Guardrail] = []


def guardrail(check_id: str, title: str, *, explanation: str, fix: str,
              fix_when_passing: bool = False) -> Callable[[Rule], Rule]:
    """Register the decorated function as the next check, with its title, explanation and fix."""

    def register(rule: Rule) -> Rule:
        if any(g.id == check_id for g in _REGISTRY):
            raise ValueError(f"Two guardrail checks have the id {check_id!r}; give each its own.")
        _REGISTRY.append(Guardrail(check_id, title, explanation, fix, rule, fix_when_passing))
        return rule

    return register


def guardrails() -> tuple[Guardrail, ...]:
    """Every registered check, in the order a designer meets them."""
    return tuple(_REGISTRY)


def run_checks(challenge: Challenge, known_outcomes: Iterable[str] | None = None,
               dimension_names: Mapping[str, str] | None = None) -> list[Check]:
    """Every guardrail check, passing or not, in the order a designer meets them."""
    facts = Facts.read(challenge, known_outcomes, dimension_names)
    return [g.run(facts) for g in _REGISTRY]


def passes_all(challenge: Challenge, known_outcomes: Iterable[str] | None = None) -> bool:
    return all(c.ok for c in run_checks(challenge, known_outcomes))


# -- the checks, in the order a designer meets them --------------------------------------------


@guardrail(
    "no-outcome", "Aims at desired outcomes",
    explanation="A challenge with no desired outcome has nothing to keep it aligned with the "
                "standards, so students' choices can drift anywhere.",
    fix="Choose at least one standard or outcome this challenge should show.",
    fix_when_passing=True,
)
def no_outcome(f: Facts) -> Problem | None:
    return None if f.outcomes else Problem()


@guardrail(
    "criterion-untied", "Every success criterion is tied to an outcome",
    explanation="Success criteria tell students what good looks like; each should point to an outcome.",
    fix="Tick at least one of the challenge's outcomes under each criterion.",
)
def criterion_untied(f: Facts) -> Problem | None:
    chosen = set(f.outcomes)
    untied = [r["criterion"] for r in f.criteria if not set(r["outcomes"]) & chosen]
    if not untied:
        return None
    return Problem("These criteria assess no chosen outcome: " + "; ".join(untied) + ".")


@guardrail(
    "outcome-unassessed", "Every outcome is assessed by a criterion",
    explanation="Each outcome you aim at should show up in how students will be assessed.",
    fix="Add a success criterion for each outcome, or tick it under an existing criterion.",
)
def outcome_unassessed(f: Facts) -> Problem | None:
    assessed = {o for r in f.criteria for o in r["outcomes"]}
    unassessed = [o for o in f.outcomes if o not in assessed]
    if not unassessed:
        return None
    return Problem("No criterion assesses: " + ", ".join(unassessed) + ".")


@guardrail(
    "guardrail-missing", "Every choice given to students has guardrails",
    explanation="Choices students make within limits come with the limits written down.",
    fix="Write the options or limits students choose within (e.g. three formats to pick from, or a "
        "length and audience).",
)
def guardrail_missing(f: Facts) -> Problem | None:
    unguarded = [dim for dim, who in f.who.items() if who == "guardrails" and not f.challenge.guardrail(dim)]
    if not unguarded:
        return None
    return Problem("Students choose within guardrails for " + ", ".join(f.name(x) for x in unguarded)
                   + ", but the guardrail is not written yet.")


@guardrail(
    "no-choice", "Students have a say in something",
    explanation="If the teacher sets every dimension, it is a well-planned task but not yet "
                "personalized: PL is progressively student-driven.",
    fix="Open at least one dimension (for example the evidence students create) to student choice "
        "within guardrails.",
)
def no_choice(f: Facts) -> Problem | None:
    return None if f.opened else Problem()


@guardrail(
    "all-free", "Not everything is a free choice",
    explanation="When students choose everything with no guardrails, the work can lose touch with "
                "the standards: that is on the \"isn't\" side of PL.",
    fix="Set guardrails for at least one dimension, or set it yourself.",
)
def all_free(f: Facts) -> Problem | None:
    return Problem() if f.opened and all(who == "free" for who in f.who.values()) else None


@guardrail(
    "no-checkpoint", "Has formative checkpoints",
    explanation="Without checkpoints students and teacher find out too late how the work is going; "
                "formative checks grow students' awareness of their own learning.",
    fix="Describe at least one checkpoint: a self-assessment, peer feedback or a teacher check-in.",
)
def no_checkpoint(f: Facts) -> Problem | None:
    filled = [k for k, v in (f.challenge.data.get("checkpoints") or {}).items() if clean_text(v)]
    return None if filled else Problem()


@guardrail(
    "not-authentic", "Reaches beyond the classroom",
    explanation="Authentic work has a real audience or use outside school, so students can see what "
                "it looks like and the difference it makes.",
    fix="Name an audience or use beyond the classroom (families, a local group, younger students, a "
        "real client).",
)
def not_authentic(f: Facts) -> Problem | None:
    return None if clean_text(f.challenge.data.get("audience")) else Problem()
