"""Class data: read gradebook exports, roll up mastery, group and profile students, privately.

Everything runs on the teacher's machine. Students are keyed by pseudonyms; the roster (names,
ids, emails) stays in memory and :mod:`plkit.privacy` checks that none of it leaves.

>>> from plkit.classdata import rollup
>>> rollup([1, 2, 3, 4], "weighted_average", weight=65)
3.3
"""

from __future__ import annotations

from plkit.classdata.cells import DEFAULT_CODE_MAP, DEFAULT_SCALE
from plkit.classdata.model import LAYOUTS, SCORE_COLUMNS, STATUSES, Gradebook, GradebookError
from plkit.classdata.pseudonym import local_secret, pseudonym
from plkit.classdata.read import read_gradebook

__all__ = [
    "DEFAULT_CODE_MAP",
    "DEFAULT_SCALE",
    "Gradebook",
    "GradebookError",
    "LAYOUTS",
    "SCORE_COLUMNS",
    "STATUSES",
    "local_secret",
    "pseudonym",
    "read_gradebook",
]
