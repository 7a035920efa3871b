"""A guardrailed challenge and the checks that keep it personalized *and* aligned. No widgets.

Personalized learning asks students to take on meaningful, authentic and rigorous challenges
within guardrails that keep the work tied to the desired outcomes; it is not "anything goes
under a topic". Each check below names one way a design drifts from that, says why in plain
words, and says what to do.

>>> c = Challenge.new("c1", "Plastic-free lunch")
>>> [k.id for k in run_checks(c) if not k.ok][:3]
['no-outcome', 'no-choice', 'no-checkpoint']
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from plkit.workbooks.challenges.keys import KEYS, challenge_key

__all__ = [
    "WHO",
    "DIMENSIONS",
    "CHECKPOINTS",
    "SELF_CHECK",
    "KEYS",
    "Challenge",
    "Check",
    "run_checks",
    "passes_all",
    "challenge_key",
    "new_id",
]

#: Who decides a dimension: value -> label.
WHO = {
    "teacher": "I set it",
    "guardrails": "Students choose within guardrails",
    "free": "Students choose freely",
}
#: The six things that can be personalized (ids match content's ``dimensions``).
DIMENSIONS = ("task", "process", "research", "assessment", "evidence", "collaboration")
CHECKPOINTS = {"self": "Self-assessment", "peer": "Peer feedback", "teacher": "Teacher check-in"}
SELF_CHECK = {
    "meaningful": "Meaningful: why would this matter to your students themselves?",
    "authentic": "Authentic: where does work like this happen outside school, and with what impact?",
    "rigorous": "Rigorous: what will push students to deepen their skills, knowledge and reflection?",
}


def new_id() -> str:
    return uuid.uuid4().hex[:10]


def _text(v: Any) -> str:
    return v.strip() if isinstance(v, str) else ""


@dataclass
class Challenge:
    """A challenge as saved: plain data, so it round-trips through JSON."""

    data: dict[str, Any]

    @classmethod
    def new(cls, challenge_id: str | None = None, title: str = "") -> Challenge:
        return cls({
            "id": challenge_id or new_id(),
            "title": title,
            "driving_question": "",
            "for_whom": "",
            "audience": "",
            "product": "",
            "outcomes": [],
            "dimensions": {d: {"who": "teacher", "guardrail": ""} for d in DIMENSIONS},
            "stage": None,
            "checkpoints": {k: "" for k in CHECKPOINTS},
            "rubric": [],
            "habits": [],
            "timeline": "",
            "self_check": {k: "" for k in SELF_CHECK},
        })

    @classmethod
    def from_dict(cls, raw: Any) -> Challenge:
        """Tolerant of missing or damaged fields: a value of the wrong type takes its default."""
        src: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
        cid = src.get("id")
        base = cls.new(cid if isinstance(cid, str) and cid else None).data

        def texts(v: Any) -> list[str]:
            return [x for x in v if isinstance(x, str)] if isinstance(v, list) else []

        for key in ("title", "driving_question", "for_whom", "audience", "product", "timeline"):
            base[key] = _text(src.get(key))
        stage = src.get("stage")
        base["stage"] = stage if isinstance(stage, str) and stage else None
        base["outcomes"] = texts(src.get("outcomes"))
        base["habits"] = texts(src.get("habits"))
        for group in ("checkpoints", "self_check"):
            given = src.get(group)
            if isinstance(given, Mapping):
                for k in base[group]:
                    base[group][k] = _text(given.get(k))
        dims = src.get("dimensions") if isinstance(src.get("dimensions"), Mapping) else {}
        for d in DIMENSIONS:
            entry = dims.get(d) if isinstance(dims.get(d), Mapping) else {}
            who = entry.get("who")
            base["dimensions"][d] = {
                "who": who if isinstance(who, str) and who in WHO else "teacher",
                "guardrail": _text(entry.get("guardrail")),
            }
        rubric = src.get("rubric") if isinstance(src.get("rubric"), list) else []
        base["rubric"] = [
            {"criterion": _text(row.get("criterion")), "outcomes": texts(row.get("outcomes"))}
            for row in rubric if isinstance(row, Mapping)
        ]
        return cls(base)

    def to_dict(self) -> dict[str, Any]:
        return copy.deepcopy(self.data)

    def duplicate(self) -> Challenge:
        d = self.to_dict()
        d["id"] = new_id()
        d["title"] = f"{_text(d.get('title')) or 'Untitled challenge'} (copy)"
        return Challenge(d)

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def title(self) -> str:
        return _text(self.data.get("title")) or "Untitled challenge"

    def who(self, dimension: str) -> str:
        return self.data["dimensions"][dimension]["who"]

    def guardrail(self, dimension: str) -> str:
        return _text(self.data["dimensions"][dimension]["guardrail"])


@dataclass(frozen=True)
class Check:
    id: str
    ok: bool
    title: str
    explanation: str
    fix: str


def run_checks(challenge: Challenge, known_outcomes: Iterable[str] | None = None,
               dimension_names: Mapping[str, str] | None = None) -> list[Check]:
    """Every guardrail check, passing or not, in the order a designer meets them."""
    d = challenge.data
    names = dict(dimension_names or {})
    name = lambda dim: names.get(dim, dim)  # noqa: E731
    outcomes = [o for o in d["outcomes"] if known_outcomes is None or o in set(known_outcomes)]
    rubric = [r for r in d["rubric"] if _text(r.get("criterion"))]
    whos = {dim: challenge.who(dim) for dim in DIMENSIONS}
    opened = [dim for dim, who in whos.items() if who != "teacher"]
    unguarded = [dim for dim, who in whos.items() if who == "guardrails" and not challenge.guardrail(dim)]
    assessed = {o for r in rubric for o in r["outcomes"]}
    untied = [r["criterion"] for r in rubric if not set(r["outcomes"]) & set(outcomes)]
    unassessed = [o for o in outcomes if o not in assessed]
    checkpoints = [k for k, v in (d.get("checkpoints") or {}).items() if _text(v)]
    beyond = _text(d.get("audience"))

    def check(cid: str, ok: bool, title: str, why: str, fix: str) -> Check:
        return Check(cid, ok, title, why, fix)

    return [
        check("no-outcome", bool(outcomes), "Aims at desired outcomes",
              "A challenge with no desired outcome has nothing to keep it aligned with the "
              "standards, so students' choices can drift anywhere.",
              "Choose at least one standard or outcome this challenge should show."),
        check("criterion-untied", not untied,
              "Every success criterion is tied to an outcome",
              ("These criteria assess no chosen outcome: " + "; ".join(untied) + "."
               if untied else "Success criteria tell students what good looks like; "
               "each should point to an outcome."),
              "Tick at least one of the challenge's outcomes under each criterion." if untied
              else ""),
        check("outcome-unassessed", not unassessed,
              "Every outcome is assessed by a criterion",
              ("No criterion assesses: " + ", ".join(unassessed) + "." if unassessed else
               "Each outcome you aim at should show up in how students will be assessed."),
              "Add a success criterion for each outcome, or tick it under an existing criterion."
              if unassessed else ""),
        check("guardrail-missing", not unguarded, "Every choice given to students has guardrails",
              ("Students choose within guardrails for " + ", ".join(name(x) for x in unguarded)
               + ", but the guardrail is not written yet." if unguarded else
               "Choices students make within limits come with the limits written down."),
              "Write the options or limits students choose within (e.g. three formats to pick "
              "from, or a length and audience)." if unguarded else ""),
        check("no-choice", bool(opened), "Students have a say in something",
              "If the teacher sets every dimension, it is a well-planned task but not yet "
              "personalized: PL is progressively student-driven.",
              "Open at least one dimension (for example the evidence students create) to "
              "student choice within guardrails." if not opened else ""),
        check("all-free", not (opened and all(w == "free" for w in whos.values())),
              "Not everything is a free choice",
              "When students choose everything with no guardrails, the work can lose touch with "
              "the standards: that is on the \"isn't\" side of PL.",
              "Set guardrails for at least one dimension, or set it yourself."
              if opened and all(w == "free" for w in whos.values()) else ""),
        check("no-checkpoint", bool(checkpoints), "Has formative checkpoints",
              "Without checkpoints students and teacher find out too late how the work is going; "
              "formative checks grow students' awareness of their own learning.",
              "Describe at least one checkpoint: a self-assessment, peer feedback or a teacher "
              "check-in." if not checkpoints else ""),
        check("not-authentic", bool(beyond), "Reaches beyond the classroom",
              "Authentic work has a real audience or use outside school, so students can see "
              "what it looks like and the difference it makes.",
              "Name an audience or use beyond the classroom (families, a local group, younger "
              "students, a real client)." if not beyond else ""),
    ]


def passes_all(challenge: Challenge, known_outcomes: Iterable[str] | None = None) -> bool:
    return all(c.ok for c in run_checks(challenge, known_outcomes))


