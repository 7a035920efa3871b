"""What the rest of plkit needs to know of the class-data workbook without loading pandas: the
roll-up methods (from :mod:`plkit.classdata.methods`, which imports nothing) and the keys of the
answers the workbook saves. The home page's progress check reads them, and its kernel stays about
50 MB smaller."""

from __future__ import annotations

from plkit.classdata.methods import METHODS

__all__ = ["KEYS", "METHODS"]

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
}
