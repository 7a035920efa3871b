"""What the rest of plkit needs to know of the class-data workbook without loading pandas: the
roll-up methods (from :mod:`plkit.classdata.methods`, which imports nothing) and the keys of the
answers the workbook saves. The home page's progress check reads them, and its kernel stays about
50 MB smaller."""

from __future__ import annotations

from typing import Any

from plkit.classdata.methods import METHODS
from plkit.completion import CHOICE, FLAG, TEXT, answers_schema, nullable

__all__ = ["KEYS", "METHODS", "SCHEMA"]

#: Keys of the choices and reflections the workbook saves (never row-level student data).
KEYS = {
    "loaded": "classdata.loaded",
    "layout_confirmed": "classdata.layout-confirmed",
    "mapping": "classdata.column-mapping",
    "item_standards": "classdata.item-standards",
    "method": "classdata.method",
    "min_n": "classdata.min-n",
    "groups": "classdata.groups",
    "hide_names": "classdata.hide-names",
    "pillars": "classdata.pillars",
    "reflection": "classdata.next-week",
    "snapshots": "classdata.snapshots",
}

_NUMBER = {"type": ["number", "null"]}
_STRINGS = {"type": "object", "additionalProperties": {"type": ["string", "null"]}}

#: The form of each answer (JSON Schema); an answer that does not fit counts as not given.
SCHEMA: dict[str, Any] = answers_schema({
    KEYS["loaded"]: nullable({"type": "object", "properties": {"source": CHOICE, "layout": CHOICE}}),
    KEYS["layout_confirmed"]: CHOICE,
    KEYS["mapping"]: nullable({"type": "object"}),  # the column-mapping step's choices
    KEYS["item_standards"]: nullable(_STRINGS),  # assessment item -> standard
    KEYS["method"]: nullable({"type": "object", "properties": {
        "method": CHOICE, "weight": _NUMBER, "n": _NUMBER, "at": CHOICE, "mastery": _NUMBER,
        "min_evidence": _NUMBER}}),
    KEYS["min_n"]: {"type": ["integer", "null"]},
    KEYS["groups"]: nullable({"type": "object", "properties": {
        "standard": CHOICE, "max_size": _NUMBER, "confirmed": FLAG}}),
    KEYS["hide_names"]: FLAG,
    KEYS["pillars"]: TEXT,
    KEYS["reflection"]: TEXT,
    # {"before"|"after": {"taken": "YYYY-MM-DD", "min_n": int, "standards": {name: share or null}}}:
    # aggregate shares only, null where the group was too small to show
    KEYS["snapshots"]: nullable({"type": "object", "additionalProperties": {"type": "object", "properties": {
        "taken": CHOICE, "min_n": _NUMBER,
        "standards": {"type": "object", "additionalProperties": _NUMBER}}}}),
})
