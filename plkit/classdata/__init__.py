"""Class data: read gradebook exports, roll up mastery, group and profile students, privately.

Everything runs on the teacher's machine. Students are keyed by pseudonyms; the roster (names,
ids, emails) stays in memory and :mod:`plkit.privacy` checks that none of it leaves.

>>> from plkit.classdata import rollup
>>> rollup([1, 2, 3, 4], "weighted_average", weight=65)
3.3
"""

from __future__ import annotations

from plkit.classdata.cells import DEFAULT_CODE_MAP, DEFAULT_SCALE
from plkit.classdata.demo import demo_gradebook, demo_gradebook_csv, demo_long_table, demo_standards
from plkit.classdata.equity import SubgroupReport, subgroup_gaps
from plkit.classdata.export import neutralise, to_csv_bytes
from plkit.classdata.groups import GroupingError, group_movement, mixed_groups, readiness_groups
from plkit.classdata.mastery import mastery, mastery_matrix
from plkit.classdata.model import LAYOUTS, SCORE_COLUMNS, STATUSES, Gradebook, GradebookError
from plkit.classdata.profiles import LearnerProfile, growth, learner_profiles
from plkit.classdata.pseudonym import local_secret, pseudonym
from plkit.classdata.read import read_gradebook
from plkit.classdata.rollup import METHODS, canvas_method, rollup

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
