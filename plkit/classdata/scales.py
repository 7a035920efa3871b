"""Putting scores on the mastery scale, and saying so whenever a score does not fit it.

A score of p points out of P goes onto a mastery scale of top S as p/P*S (CLASSDATA.md 2). The
long table's ``max_points`` says how, per row:

- a positive number: the points possible;
- ``0``: no points possible, so no percentage; left out of mastery;
- ``NaN``: no points possible because the score is already on the mastery scale (outcome
  results, a long table of rubric levels);
- ``inf``: the points possible are unknown (a Canvas export without its Points Possible row, a
  wide table with no maximum whose scores go above the scale): left out of mastery, never put
  on the scale as raw points.

Scores stay as written in the table. On the scale, a score above the top (extra credit, a typo
such as 40 out of 4) counts as the top, and one below zero as zero; :func:`score_notes` says how
many, and on which items, when a file is read.

>>> import numpy as np
>>> v, ok = scaled(np.array([8.0, 40.0, -1.0, 3.0, 5.0]), np.array([10.0, 4.0, 4.0, np.nan, np.inf]), 4.0)
>>> v[ok].tolist(), ok.tolist()
([3.2, 4.0, 0.0, 3.0], [True, True, True, True, False])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["MASTERY_SCALE", "scaled", "score_notes"]

#: The top of the mastery scale plkit reports on (0 to 4).
MASTERY_SCALE = 4.0
#: Layouts whose scores without points possible are on the outcome's own scale.
_ON_SCALE_LAYOUTS = ("canvas_mastery", "canvas_outcomes")


def scaled(score: np.ndarray, max_points: np.ndarray, scale: float | None) -> tuple[np.ndarray, np.ndarray]:
    """Scores on the mastery scale (0..``scale``) and which rows count as evidence.

    ``scale=None`` keeps raw scores: nothing is scaled, capped or left out.
    """
    score = score.astype(float)
    mp = max_points.astype(float)
    finite = np.isfinite(mp)
    if scale is None:
        return score, np.ones(len(score), dtype=bool)
    usable = ~np.isinf(mp) & ~(finite & (mp <= 0))
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(finite & (mp > 0), score / mp * float(scale), score)
    return np.clip(value, 0.0, float(scale)), usable


def _examples(items: pd.Series) -> str:
    names = [str(i) for i in dict.fromkeys(items)]
    shown = ", ".join(names[:3]) + (" and others" if len(names) > 3 else "")
    return shown


def _unknown_maxima(out: pd.DataFrame, layout: str, scored: pd.Series) -> tuple[list[str], set[str]]:
    """Long and wide tables with no points possible: an item whose scores go beyond the scale
    cannot be on it, so its maximum is unknown (``inf``). Returns the note and those items."""
    if layout not in ("long", "wide"):
        return [], set()
    free = scored & out["max_points"].isna()
    beyond = free & ((out["score"] > MASTERY_SCALE) | (out["score"] < 0))
    if not beyond.any():
        return [], set()
    items = set(out.loc[beyond, "item"])
    rows = out["item"].isin(items) & out["max_points"].isna()
    out.loc[rows, "max_points"] = np.inf
    return [
        f"{len(items)} items have no points possible and scores outside 0 to {MASTERY_SCALE:g} (for "
        f"example {_examples(out.loc[beyond, 'item'])}), so they cannot go on the mastery scale and are "
        "left out of mastery; give their points possible (a max column or the column mapping)."
    ], items


def score_notes(out: pd.DataFrame, layout: str, no_points_row: bool = False) -> list[str]:
    """Notes on scores that do not fit the scale; marks unknown maxima in ``out`` (in place)."""
    notes, marked = _unknown_maxima(out, layout, out["status"] == "scored")
    scored = out["status"] == "scored"
    mp = out["max_points"]
    unknown = scored & np.isinf(mp) & ~out["item"].isin(marked)
    if unknown.any():
        lead = ("This Canvas export has no Points Possible row, so" if no_points_row
                else f"{out.loc[unknown, 'item'].nunique()} items have no points possible that plkit can read "
                f"(for example {_examples(out.loc[unknown, 'item'])}), so")
        notes.append(f"{lead} plkit does not know what their scores are out of, and they are left out "
                     "of mastery (raw points are not on the 0 to 4 scale); give the points possible (export "
                     "the file again with them, or use the column mapping).")
    negative = np.isfinite(mp) & (mp < 0)
    if negative.any():
        notes.append(
            f"{out.loc[negative, 'item'].nunique()} items have negative points possible (for example "
            f"{_examples(out.loc[negative, 'item'])}), so they give no percentage and are left out of mastery."
        )
    over = scored & np.isfinite(mp) & (mp > 0) & (out["score"] > mp)
    if over.any():
        notes.append(
            f"{int(over.sum())} scores are above the points possible (extra credit or a typo, for example on "
            f"{_examples(out.loc[over, 'item'])}); they are kept and flagged, and count as the top of the "
            "scale in mastery."
        )
    top = scored & mp.isna() & (out["score"] > MASTERY_SCALE)
    if top.any() and layout in _ON_SCALE_LAYOUTS:
        notes.append(
            f"{int(top.sum())} results are above {MASTERY_SCALE:g}, the top of plkit's mastery scale (for "
            f"example on {_examples(out.loc[top, 'item'])}); they are kept and flagged, and count as the top "
            "of the scale in mastery."
        )
    below = scored & (out["score"] < 0) & ~np.isinf(out["max_points"])
    if below.any():
        notes.append(
            f"{int(below.sum())} scores are below zero (for example on {_examples(out.loc[below, 'item'])}); "
            "they are kept and flagged, and count as 0 in mastery."
        )
    zero = out["max_points"] == 0
    if zero.any():
        notes.append(
            f"{out.loc[zero, 'item'].nunique()} items have 0 points possible (for example "
            f"{_examples(out.loc[zero, 'item'])}), so they give no percentage and are left out of mastery."
        )
    return notes
