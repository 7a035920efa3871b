"""Store keys of the "Fifteen nightmares" workbook: fixed prompts, and one key per nightmare and
plan field (plans are kept per nightmare, so changing the top three loses nothing)."""

from __future__ import annotations

import re
from typing import Any

from plkit.completion import CHOICE, CHOICES, TEXT, answers_schema, nullable

__all__ = ["KEYS", "PLAN_FIELDS", "SCHEMA", "plan_key", "note_key"]

KEYS = {
    "ratings": "nightmares.ratings",
    "notes": "nightmares.notes",
    "view": "nightmares.view",
    "top_three": "nightmares.top-three",
    "not_fail": "nightmares.not-fail",
    "yes_buts": "nightmares.yes-buts",
    "reflective": "nightmares.reflective",
}

#: Fields of an action plan: key suffix -> label.
PLAN_FIELDS: dict[str, str] = {
    "what-if": "A \"what if\" question that looks at this from a new angle",
    "first-step": "The first step",
    "who": "Who is involved",
    "by-when": "By when",
    "evidence": "How you will know it worked (what feedback you will gather)",
}


def plan_key(nightmare_id: str, part: str) -> str:
    """Action plans are stored per nightmare and field, so changing the top three loses nothing.

    >>> plan_key("no-definition", "first-step")
    'nightmares.plan.no-definition.first-step'
    """
    if part not in PLAN_FIELDS:
        raise KeyError(part)
    return f"nightmares.plan.{nightmare_id}.{part}"


def note_key(nightmare_id: str) -> str:
    return f"nightmares.note.{nightmare_id}"


_RATING = {"type": "object", "properties": {"presence": CHOICE, "impact": CHOICE}}
_PARTS = "|".join(re.escape(part) for part in PLAN_FIELDS)

#: The form of each answer (JSON Schema); an answer that does not fit counts as not given.
SCHEMA: dict[str, Any] = answers_schema(
    {
        KEYS["ratings"]: nullable({"type": "object", "additionalProperties": _RATING}),  # id -> rating
        KEYS["notes"]: TEXT,
        KEYS["view"]: CHOICE,
        KEYS["top_three"]: CHOICES,
        KEYS["not_fail"]: TEXT,
        KEYS["yes_buts"]: TEXT,
        KEYS["reflective"]: TEXT,
    },
    {rf"^nightmares\.plan\.[^.]+\.({_PARTS})$": TEXT, r"^nightmares\.note\.[^.]+$": TEXT},
)
