"""The normalised result of reading a gradebook, and the errors a file can cause.

>>> gb = Gradebook(scores=empty_scores(), layout="long")
>>> list(gb.scores.columns)
['student', 'item', 'standard', 'score', 'max_points', 'status', 'order']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from plkit.errors import PlkitError

__all__ = [
    "Gradebook",
    "GradebookError",
    "LAYOUTS",
    "SCORE_COLUMNS",
    "STATUSES",
    "empty_scores",
]

#: Columns of the normalised long table, in order.
SCORE_COLUMNS = ["student", "item", "standard", "score", "max_points", "status", "order"]
#: The four states a score cell can be in; "missing" and "excused" are never merged.
STATUSES = ("scored", "missing", "excused", "not_assigned")
#: Layouts :func:`plkit.classdata.read_gradebook` knows.
LAYOUTS = ("canvas_gradebook", "canvas_mastery", "canvas_outcomes", "d2l", "long", "wide")


class GradebookError(PlkitError):
    """A file could not be read as a gradebook; the message says what was expected."""


def empty_scores() -> pd.DataFrame:
    """An empty long table with the normalised columns and dtypes."""
    return pd.DataFrame(
        {
            "student": pd.Series([], dtype=object),
            "item": pd.Series([], dtype=object),
            "standard": pd.Series([], dtype=object),
            "score": pd.Series([], dtype=float),
            "max_points": pd.Series([], dtype=float),
            "status": pd.Series([], dtype=object),
            "order": pd.Series([], dtype=np.int64),
        }
    )


@dataclass
class Gradebook:
    """One gradebook, normalised.

    ``scores`` is the long table (one row per student x item); ``student`` holds a pseudonym.
    ``roster`` maps each pseudonym to the person's name, ids, logins, emails and sections: it
    lives in memory only and is never written anywhere by plkit. ``info`` carries facts found in
    the file, such as ``order_source`` and, for Canvas mastery exports, ``mastery_points``.
    """

    scores: pd.DataFrame
    layout: str
    roster: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    warnings: list[str] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def students(self) -> list[str]:
        """The pseudonyms, in first-seen order."""
        return list(dict.fromkeys(self.scores["student"]))

    @property
    def standards(self) -> list[str]:
        """The standards that appear in the table (none when items are not yet mapped)."""
        return [s for s in dict.fromkeys(self.scores["standard"]) if isinstance(s, str)]

    def with_standards(self, standards: dict[str, str]) -> Gradebook:
        """A copy whose items are mapped to standards (``{item: standard}``).

        >>> gb = Gradebook(scores=empty_scores(), layout="long")
        >>> gb.with_standards({"Quiz 1": "RL.1"}).layout
        'long'
        """
        scores = self.scores.copy()
        mapped = scores["item"].map(standards)
        scores["standard"] = mapped.where(mapped.notna(), scores["standard"]).astype(object)
        return Gradebook(scores, self.layout, self.roster, list(self.warnings), dict(self.info))
