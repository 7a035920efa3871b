"""Store keys of the "Defining personalized learning" workbook (prompt ids, cell tags, test handles)."""

from __future__ import annotations

__all__ = ["KEYS"]

KEYS = {
    "compare": "defining.closest-definition",
    "compare_note": "defining.compare-note",
    "card_sort": "defining.card-sort",
    "own_definition": "defining.own-definition",
    "why_word": "defining.why-word",
    "misunderstandings": "defining.misunderstandings",
    "reflection": "defining.misunderstandings-reflection",
}
