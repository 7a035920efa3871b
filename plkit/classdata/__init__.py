"""Class data: read gradebook exports, roll up mastery, group and profile students, privately.

Everything runs on the teacher's machine. Students are keyed by pseudonyms; the roster (names,
ids, emails) stays in memory and :mod:`plkit.privacy` checks that none of it leaves.

The names below load on first use, so ``import plkit.classdata.methods`` (the method names only)
loads neither pandas nor numpy; ``from plkit.classdata import rollup`` loads what ``rollup`` needs.

>>> from plkit.classdata import rollup
>>> rollup([1, 2, 3, 4], "weighted_average", weight=65)
3.3
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from plkit.classdata.cells import DEFAULT_CODE_MAP, DEFAULT_SCALE
    from plkit.classdata.demo import demo_gradebook, demo_gradebook_csv, demo_long_table, demo_standards
    from plkit.classdata.equity import SubgroupReport, subgroup_gaps
    from plkit.classdata.export import neutralise, to_csv_bytes
    from plkit.classdata.groups import GroupingError, group_movement, mixed_groups, readiness_groups
    from plkit.classdata.mastery import mastery, mastery_matrix
    from plkit.classdata.methods import METHODS
    from plkit.classdata.model import LAYOUTS, SCORE_COLUMNS, STATUSES, Gradebook, GradebookError
    from plkit.classdata.profiles import LearnerProfile, growth, learner_profiles
    from plkit.classdata.pseudonym import local_secret, pseudonym
    from plkit.classdata.read import read_gradebook
    from plkit.classdata.rollup import canvas_method, rollup

__all__ = [
    "DEFAULT_CODE_MAP",
    "DEFAULT_SCALE",
    "Gradebook",
    "GradebookError",
    "GroupingError",
    "LAYOUTS",
    "LearnerProfile",
    "METHODS",
    "SCORE_COLUMNS",
    "STATUSES",
    "SubgroupReport",
    "canvas_method",
    "demo_gradebook",
    "demo_gradebook_csv",
    "demo_long_table",
    "demo_standards",
    "group_movement",
    "growth",
    "learner_profiles",
    "local_secret",
    "mastery",
    "mastery_matrix",
    "mixed_groups",
    "neutralise",
    "pseudonym",
    "read_gradebook",
    "readiness_groups",
    "rollup",
    "subgroup_gaps",
    "to_csv_bytes",
]

#: Where each public name lives (the submodule that defines it).
_HOMES: dict[str, tuple[str, ...]] = {
    "cells": ("DEFAULT_CODE_MAP", "DEFAULT_SCALE"),
    "demo": ("demo_gradebook", "demo_gradebook_csv", "demo_long_table", "demo_standards"),
    "equity": ("SubgroupReport", "subgroup_gaps"),
    "export": ("neutralise", "to_csv_bytes"),
    "groups": ("GroupingError", "group_movement", "mixed_groups", "readiness_groups"),
    "mastery": ("mastery", "mastery_matrix"),
    "methods": ("METHODS",),
    "model": ("LAYOUTS", "SCORE_COLUMNS", "STATUSES", "Gradebook", "GradebookError"),
    "profiles": ("LearnerProfile", "growth", "learner_profiles"),
    "pseudonym": ("local_secret", "pseudonym"),
    "read": ("read_gradebook",),
    "rollup": ("canvas_method", "rollup"),
}
_WHERE = {name: f"{__name__}.{module}" for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    """Load a public name's submodule on first use (PEP 562) and keep the name here."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Package(types.ModuleType):
    """This package, whose names ``rollup`` and ``mastery`` are functions, not submodules.

    Loading a submodule records it on its package (``plkit.classdata.rollup = <module>``). Two
    submodules share their name with the function they define; the package's name means the
    function, as it did when this module imported everything eagerly, so that record is skipped
    (the submodules stay in ``sys.modules``)."""

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, types.ModuleType) and name in _WHERE:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
