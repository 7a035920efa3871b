"""Store keys of the "Designing guardrailed challenges" workbook: the list of challenges, the
one being edited, one key per challenge (its critical friend's feedback saved inside it), the
teacher's own standards, and the strategy they chose in the introduction."""

from __future__ import annotations

from typing import Any

from plkit.completion import CHOICE, CHOICES, TEXT, answers_schema, nullable

__all__ = ["KEYS", "SCHEMA", "STANDARDS_KEY", "challenge_key"]

KEYS = {
    "index": "challenges.index",
    "current": "challenges.current",
    #: Which way of making PL manageable the teacher will lean on (a strategy id, or "other"),
    #: and how (optional, in the introduction).
    "strategy": "challenges.strategy",
    "strategy_note": "challenges.strategy-note",
}
#: The standards the teacher loaded from their own file (a list of plain dicts).
STANDARDS_KEY = "challenges.standards"


def challenge_key(challenge_id: str) -> str:
    """The store key of one challenge.

    >>> challenge_key("ab12")
    'challenges.challenge.ab12'
    """
    return f"challenges.challenge.{challenge_id}"


# Inside a challenge a field may be blank or hold anything typed; only its type is checked.
_FIELD = {"type": ["string", "null"], "maxLength": 100_000}
_FIELDS = {"type": "object", "additionalProperties": _FIELD}
_IDS = {"type": "array", "items": {"type": "string", "maxLength": 500}}
#: A challenge as saved (``Challenge.to_dict()``).
_CHALLENGE = {"type": "object", "properties": {
    **dict.fromkeys(("id", "title", "driving_question", "for_whom", "audience", "product", "timeline",
                     "stage"), _FIELD),
    "outcomes": _IDS,
    "habits": _IDS,
    "dimensions": {"type": "object", "additionalProperties": {
        "type": "object", "properties": {"who": _FIELD, "guardrail": _FIELD}}},
    "checkpoints": _FIELDS,
    "self_check": _FIELDS,
    "critical_friend": _FIELDS,
    "rubric": {"type": "array", "items": {"type": "object", "properties": {"criterion": _FIELD, "outcomes": _IDS}}},
}}
_STANDARD = {"type": "object", "properties": dict.fromkeys(("code", "description", "subject", "grade"), _FIELD)}

#: The form of each answer (JSON Schema); an answer that does not fit counts as not given.
SCHEMA: dict[str, Any] = answers_schema(
    {
        KEYS["index"]: CHOICES,  # challenge ids, in order
        KEYS["current"]: CHOICE,
        KEYS["strategy"]: CHOICE,
        KEYS["strategy_note"]: TEXT,
        STANDARDS_KEY: nullable({"type": "array", "items": _STANDARD}),
    },
    {r"^challenges\.challenge\.": nullable(_CHALLENGE)},
)
