"""Store keys of the "Defining personalized learning" workbook (prompt ids, cell tags, test handles)."""

from __future__ import annotations

from typing import Any

from plkit.completion import CHOICE, CHOICES, TEXT, answers_schema, nullable

__all__ = ["KEYS", "SCHEMA"]

KEYS = {
    "compare": "defining.closest-definition",
    "compare_note": "defining.compare-note",
    "card_sort": "defining.card-sort",
    "own_definition": "defining.own-definition",
    "why_word": "defining.why-word",
    "misunderstandings": "defining.misunderstandings",
    "reflection": "defining.misunderstandings-reflection",
}

#: The form of each answer (JSON Schema); an answer that does not fit counts as not given.
SCHEMA: dict[str, Any] = answers_schema({
    KEYS["compare"]: CHOICE,
    KEYS["compare_note"]: TEXT,
    KEYS["card_sort"]: nullable({"type": "object", "additionalProperties": CHOICE}),  # card id -> is/isnt
    KEYS["own_definition"]: TEXT,
    KEYS["why_word"]: TEXT,
    KEYS["misunderstandings"]: CHOICES,
    KEYS["reflection"]: TEXT,
})
