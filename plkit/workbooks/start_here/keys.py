"""Store keys of the "Start here" workbook."""

from __future__ import annotations

from typing import Any

from plkit.completion import CHOICE, CHOICES, TEXT, answers_schema, nullable

__all__ = ["KEYS", "SCHEMA", "START_HERE"]

#: The id of this workbook; it never recommends itself.
START_HERE = "start-here"

#: Stable prompt ids of the "Start here" workbook (store keys, test handles).
KEYS = {
    "role": "start.role",
    "experience": "start.experience",
    "hopes": "start.hopes",
    "hopes_other": "start.hopes-other",
    "worries": "start.worries",
    "pathway": "start.pathway",
    # the knowledge check's first attempt, before anything else: {item id: option id}
    "knowledge_pre": "start.knowledge-pre",
}

#: The form of each answer (JSON Schema); an answer that does not fit counts as not given.
SCHEMA: dict[str, Any] = answers_schema({
    KEYS["role"]: CHOICE,
    KEYS["experience"]: CHOICE,
    KEYS["hopes"]: CHOICES,
    KEYS["hopes_other"]: TEXT,
    KEYS["worries"]: CHOICES,
    KEYS["pathway"]: nullable({"type": "object", "required": ["order"],
                               "properties": {"order": CHOICES | {"type": "array"}, "source": CHOICE}}),
    KEYS["knowledge_pre"]: nullable({"type": "object", "additionalProperties": CHOICE}),  # item -> option
})
