"""Store keys of the "Looking back" workbook."""

from __future__ import annotations

from typing import Any

from plkit.completion import CHOICE, TEXT, answers_schema, nullable

__all__ = ["KEYS", "SCHEMA", "LOOKING_BACK"]

#: The id of this workbook.
LOOKING_BACK = "looking-back"

#: Stable prompt ids of "Looking back" (store keys, test handles).
KEYS = {
    # the knowledge check, second attempt: {item id: option id}
    "knowledge_post": "looking-back.knowledge-post",
    # what the participant will take back to school first
    "take_back": "looking-back.take-back",
}

#: The form of each answer (JSON Schema); an answer that does not fit counts as not given.
SCHEMA: dict[str, Any] = answers_schema({
    KEYS["knowledge_post"]: nullable({"type": "object", "additionalProperties": CHOICE}),  # item -> option
    KEYS["take_back"]: TEXT,
})
