"""What the rest of plkit needs to know of the class-data workbook without loading pandas (which
``import plkit.classdata`` does): the roll-up methods and the keys of the answers the workbook
saves. The home page's progress check reads them, and its kernel stays about 50 MB smaller."""

from __future__ import annotations

__all__ = ["KEYS", "METHODS"]

#: Roll-up methods, in the order the workbook offers them.
METHODS = (
    "highest",
    "latest",
    "average",
    "mode",
    "weighted_average",
    "decaying_average",
    "n_mastery",
    "power_law",
)

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
