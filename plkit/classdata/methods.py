"""The roll-up methods plkit knows, by name, in the order the workbook offers them.

Imports nothing, so code that only needs the names (a workbook's completion rule, the command
line's parser) loads neither pandas nor numpy: ``import plkit.classdata.methods`` stays light.
"""

from __future__ import annotations

__all__ = ["METHODS"]

#: Roll-up methods, in the order the workbook offers them (CLASSDATA.md section 2).
METHODS: tuple[str, ...] = (
    "highest",
    "latest",
    "average",
    "mode",
    "weighted_average",
    "decaying_average",
    "n_mastery",
    "power_law",
)
