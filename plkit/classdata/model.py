"""The normalised result of reading a gradebook, and the errors a file can cause.

>>> gb = Gradebook(scores=empty_scores(), layout="long")
>>> list(gb.scores.columns)
['student', 'item', 'standard', 'score', 'max_points', 'status', 'order']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from plkit.classdata.linking import examples, resolve
from plkit.errors import PlkitError

__all__ = [
    "Gradebook",
    "GradebookError",
    "LAYOUTS",
    "SCORE_COLUMNS",
    "STATUSES",
    "UNLINKED_NOTE",
    "empty_scores",
]

#: Columns of the normalised long table, in order.
SCORE_COLUMNS = ["student", "item", "standard", "score", "max_points", "status", "order"]
#: The four states a score cell can be in; "missing" and "excused" are never merged.
STATUSES = ("scored", "missing", "excused", "not_assigned")
#: Layouts :func:`plkit.classdata.read_gradebook` knows.
LAYOUTS = ("canvas_gradebook", "canvas_mastery", "canvas_outcomes", "d2l", "long", "wide")
#: The note a gradebook carries while no item is linked to a standard.
UNLINKED_NOTE = "No item is linked to a standard yet; map items to standards before computing mastery."
_NOT_FOUND = "items named in the standards are not in the gradebook"


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

    def with_standards(self, standards: Mapping[str, str]) -> Gradebook:
        """A copy whose items are mapped to standards (``{item: standard}``).

        An item may be named as the gradebook names it ("Quiz 1") or as the export heads its
        column ("Quiz 1 (1001)"), in any case and spacing. Names that match no item are listed in
        the copy's notes; the note that no item is linked goes once one is.

        >>> gb = Gradebook(scores=empty_scores(), layout="long")
        >>> gb.with_standards({"Quiz 1": "RL.1"}).warnings[0]
        '1 items named in the standards are not in the gradebook (Quiz 1); check their names against the file.'
        """
        scores = self.scores.copy()
        links, missing = resolve(standards, scores["item"].unique(), self.info.get("sources") or {})
        by_item = {item: standards[name] for name, item in links.items()}
        mapped = scores["item"].map(by_item)
        scores["standard"] = mapped.where(mapped.notna(), scores["standard"]).astype(object)
        notes = [w for w in self.warnings if w != UNLINKED_NOTE and _NOT_FOUND not in w]
        if missing:
            notes.append(f"{len(missing)} {_NOT_FOUND} ({examples(missing)}); check their names against the file.")
        if scores["standard"].isna().all():
            notes.append(UNLINKED_NOTE)
        info = dict(self.info, unmatched_standards=missing)
        return Gradebook(scores, self.layout, self.roster, notes, info)
