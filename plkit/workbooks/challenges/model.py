"""A guardrailed challenge as plain data (what is saved), and the parts it is made of. No widgets.

The checks that keep a challenge personalized *and* aligned are in
:mod:`plkit.workbooks.challenges.guardrails`.

>>> c = Challenge.new("c1", "Plastic-free lunch")
>>> c.title, c.who("evidence")
('Plastic-free lunch', 'teacher')
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "WHO",
    "DIMENSIONS",
    "CHECKPOINTS",
    "SELF_CHECK",
    "FEEDBACK",
    "Challenge",
    "clean_text",
    "keep_feedback",
    "new_id",
    "with_feedback",
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
#: What a critical friend said about the challenge (the protocol's three parts) and what the
#: teacher changed because of it: key -> what the teacher records there.
FEEDBACK = {
    "works": "What works: what your colleague said will serve students well",
    "wonder": "What I wonder: the questions your colleague asked",
    "what_if": "What if: your colleague's ideas",
    "changed": "What I changed because of this feedback",
}


def new_id() -> str:
    return uuid.uuid4().hex[:10]


def clean_text(v: Any) -> str:
    """A saved text without surrounding spaces; anything that is not text reads as empty.

    >>> clean_text("  Lunch "), clean_text(None)
    ('Lunch', '')
    """
    return v.strip() if isinstance(v, str) else ""


def _mapping(v: Any) -> Mapping[str, Any]:
    return v if isinstance(v, Mapping) else {}


def _list(v: Any) -> list[Any]:
    return v if isinstance(v, list) else []


def _texts(v: Any) -> list[str]:
    return [x for x in _list(v) if isinstance(x, str)]


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
            "critical_friend": {k: "" for k in FEEDBACK},
        })

    @classmethod
    def from_dict(cls, raw: Any) -> Challenge:
        """Tolerant of missing or damaged fields: a value of the wrong type takes its default."""
        src = _mapping(raw)
        cid = src.get("id")
        base = cls.new(cid if isinstance(cid, str) and cid else None).data
        for key in ("title", "driving_question", "for_whom", "audience", "product", "timeline"):
            base[key] = clean_text(src.get(key))
        stage = src.get("stage")
        base["stage"] = stage if isinstance(stage, str) and stage else None
        base["outcomes"] = _texts(src.get("outcomes"))
        base["habits"] = _texts(src.get("habits"))
        for group in ("checkpoints", "self_check", "critical_friend"):
            given = src.get(group)
            if isinstance(given, Mapping):
                for k in base[group]:
                    base[group][k] = clean_text(given.get(k))
        dims = _mapping(src.get("dimensions"))
        for d in DIMENSIONS:
            entry = _mapping(dims.get(d))
            who = entry.get("who")
            base["dimensions"][d] = {
                "who": who if isinstance(who, str) and who in WHO else "teacher",
                "guardrail": clean_text(entry.get("guardrail")),
            }
        base["rubric"] = [
            {"criterion": clean_text(row.get("criterion")), "outcomes": _texts(row.get("outcomes"))}
            for row in _list(src.get("rubric")) if isinstance(row, Mapping)
        ]
        return cls(base)

    def to_dict(self) -> dict[str, Any]:
        return copy.deepcopy(self.data)

    def duplicate(self) -> Challenge:
        d = self.to_dict()
        d["id"] = new_id()
        d["title"] = f"{clean_text(d.get('title')) or 'Untitled challenge'} (copy)"
        return Challenge(d)

    @property
    def feedback(self) -> dict[str, str]:
        """The critical friend's feedback and what changed because of it (a key of :data:`FEEDBACK`
        -> text)."""
        return {k: clean_text(self.data["critical_friend"].get(k)) for k in FEEDBACK}

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def title(self) -> str:
        return clean_text(self.data.get("title")) or "Untitled challenge"

    def who(self, dimension: str) -> str:
        """``teacher``, ``guardrails`` or ``free`` (a key of :data:`WHO`)."""
        who: str = self.data["dimensions"][dimension]["who"]
        return who

    def guardrail(self, dimension: str) -> str:
        return clean_text(self.data["dimensions"][dimension]["guardrail"])


def _feedback(v: Any) -> dict[str, str]:
    given = _mapping(_mapping(v).get("critical_friend"))
    return {k: clean_text(given.get(k)) for k in FEEDBACK}


def keep_feedback(data: Mapping[str, Any], saved: Any) -> dict[str, Any]:
    """``data`` (a challenge as the form holds it) with the critical friend's feedback as last
    saved: the feedback has its own step, which saves it into the same challenge.

    >>> kept = keep_feedback({"id": "c1", "title": "New"}, {"critical_friend": {"works": "The audience"}})
    >>> kept["title"], kept["critical_friend"]["works"], kept["critical_friend"]["changed"]
    ('New', 'The audience', '')
    """
    return {**copy.deepcopy(dict(data)), "critical_friend": _feedback(saved)}


def with_feedback(saved: Any, challenge_id: str, feedback: Mapping[str, Any]) -> dict[str, Any]:
    """The saved challenge ``saved`` with ``feedback`` in place of its critical friend's feedback,
    everything else as saved.

    >>> with_feedback({"id": "c1", "title": "Lunch"}, "c1", {"works": " The audience "})["critical_friend"]
    {'works': 'The audience', 'wonder': '', 'what_if': '', 'changed': ''}
    """
    base = copy.deepcopy(dict(saved)) if isinstance(saved, Mapping) else {"id": challenge_id}
    base["critical_friend"] = {k: clean_text(feedback.get(k)) for k in FEEDBACK}
    return base
