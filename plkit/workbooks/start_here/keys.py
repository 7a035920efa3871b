"""Store keys of the "Start here" workbook."""

from __future__ import annotations

__all__ = ["KEYS", "START_HERE"]

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
}
