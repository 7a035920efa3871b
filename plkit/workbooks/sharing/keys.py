"""Store keys of the "Sharing the why" workbook."""

from __future__ import annotations

from typing import Any

from plkit.completion import CHOICE, CHOICES, TEXT, answers_schema, nullable

__all__ = ["KEYS", "ROADMAP_FIELDS", "SCHEMA"]

KEYS = {
    "learn_note": "sharing.learn-note",
    "audience": "sharing.audience",
    "draft": "sharing.draft",
    "heard": "sharing.yes-buts-heard",
    "own_yes_buts": "sharing.own-yes-buts",
    "answer_to": "sharing.answer-to",
    "answer": "sharing.answer",
    "roadmap": "sharing.roadmap",
}

#: The columns of one roadmap row: field -> label.
ROADMAP_FIELDS: dict[str, str] = {
    "who": "Who",
    "message": "What message",
    "channel": "Which channel",
    "when": "When",
    "return": "Where they can come back to it",
}

#: The form of each answer (JSON Schema); an answer that does not fit counts as not given.
SCHEMA: dict[str, Any] = answers_schema({
    KEYS["learn_note"]: TEXT,
    KEYS["audience"]: CHOICE,
    KEYS["draft"]: TEXT,
    KEYS["heard"]: CHOICES,
    KEYS["own_yes_buts"]: TEXT,
    KEYS["answer_to"]: CHOICE,
    KEYS["answer"]: TEXT,
    KEYS["roadmap"]: nullable({"type": "array", "maxItems": 100, "items": {
        "type": "object", "properties": dict.fromkeys(ROADMAP_FIELDS, TEXT)}}),
})
