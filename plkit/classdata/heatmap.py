"""The mastery heat map: students x standards, coloured by roll-up, with its table alternative.

Row-level: it shows every student, so it belongs on the teacher's own screen only, labelled with
names from the in-memory roster (or pseudonyms while names are hidden). It is never part of a
shareable summary, and nothing here writes a file.

Drawn with matplotlib's object API (no pyplot, no global backend) as inline SVG whose text stays
text; the drawing is hidden from screen readers, which get :func:`heatmap_summary` and the same
data as a table (:func:`heatmap_table`).

>>> import pandas as pd
>>> m = pd.DataFrame({"student": ["k1", "k1", "k2"], "standard": ["RL.1", "W.1", "RL.1"],
...     "rollup": [3.5, 2.0, None], "evidence": [3, 2, 0],
...     "status": ["ready", "not_yet", "insufficient_evidence"]})
>>> print(heatmap_summary(m))  # doctest: +NORMALIZE_WHITESPACE
Mastery heat map of 2 students by 2 standards: 1 of 4 cells ready to move on, 1 not yet,
1 needs more evidence, 1 with no evidence.
>>> heatmap_table(m, {"k1": "Ana", "k2": "Bo"}).values.tolist()
[['Ana', '3.50 ready to move on', '2.00 not yet'], ['Bo', 'no result, needs more evidence', 'no evidence']]
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from plkit.classdata.chart import label, plain_svg
from plkit.classdata.summary import STATUS_LABELS

__all__ = ["heatmap_summary", "heatmap_svg", "heatmap_table"]

#: Above this many students the cells carry no numbers or outlines (too small to read); the
#: table has them.
MAX_ANNOTATED = 60
#: Above this many students the rows carry no labels; the table has them.
MAX_LABELLED = 150


def _grid(m: pd.DataFrame, labels: Mapping[str, str] | None) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Roll-ups and statuses as students x standards, rows sorted by their label."""
    values = m.pivot(index="student", columns="standard", values="rollup").astype(float)
    status = m.pivot(index="student", columns="standard", values="status")
    names = {k: str((labels or {}).get(k, k)) for k in values.index}
    rows = sorted(values.index, key=lambda k: (names[k].casefold(), names[k], str(k)))
    cols = sorted(values.columns, key=str)
    return values.loc[rows, cols], status.loc[rows, cols], [names[k] for k in rows]


def heatmap_table(m: pd.DataFrame, labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The heat map's data: one row per student, one column per standard, each cell the roll-up
    and the status in words ("no evidence" where the student has no cell on that standard).

    ``labels`` maps pseudonyms to what the teacher sees (names on their own screen).
    """
    values, status, names = _grid(m, labels)
    cells = {}
    for col in values.columns:
        text = []
        for v, s in zip(values[col], status[col]):
            if not isinstance(s, str):
                text.append("no evidence")
            elif np.isnan(v):
                text.append(f"no result, {STATUS_LABELS.get(s, s)}")
            else:
                text.append(f"{v:.2f} {STATUS_LABELS.get(s, s)}")
        cells[str(col)] = text
    out = pd.DataFrame({"student": names, **cells})
    return out.reset_index(drop=True)


def heatmap_summary(m: pd.DataFrame) -> str:
    """One sentence for screen readers: the grid's size and how many cells are in each status
    (counts only, never a student)."""
    students, standards = m["student"].nunique(), m["standard"].nunique()
    if not students or not standards:
        return "Mastery heat map: nothing to show yet."
    cells = students * standards
    counts = m["status"].value_counts()
    ready, not_yet = int(counts.get("ready", 0)), int(counts.get("not_yet", 0))
    more = int(counts.get("insufficient_evidence", 0))
    empty = cells - len(m)
    s = "student" if students == 1 else "students"
    d = "standard" if standards == 1 else "standards"
    text = (f"Mastery heat map of {students} {s} by {standards} {d}: {ready} of {cells} cells ready to "
            f"move on, {not_yet} not yet, {more} {'needs' if more == 1 else 'need'} more evidence")
    if empty:
        text += f", {empty} with no evidence"
    return text + "."


def _ink(rgba: tuple[float, ...]) -> str:
    """Black or white, whichever contrasts more with the cell (at least 4.58:1 either way)."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * channel(rgba[0]) + 0.7152 * channel(rgba[1]) + 0.0722 * channel(rgba[2])
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#ffffff"


def _prefix_ids(svg: str, prefix: str) -> str:
    """Make the SVG's ids unique on a page that holds several matplotlib drawings."""
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}\1"', svg)
    svg = re.sub(r'url\(#([^)]+)\)', rf"url(#{prefix}\1)", svg)
    return re.sub(r'href="#([^"]+)"', rf'href="#{prefix}\1"', svg)


def heatmap_svg(m: pd.DataFrame, labels: Mapping[str, str] | None = None, *, scale: float = 4.0,
                mastery: float = 3.0) -> str:
    """Students (rows) x standards (columns), each cell coloured by its roll-up on ``0..scale``
    (cividis: dark is low, light is high, readable with colour-vision differences), cells ready
    to move on outlined, cells with no result hatched grey (numbers, outlines and hatching only up
    to :data:`MAX_ANNOTATED` students; row labels up to :data:`MAX_LABELLED`; ``labels`` maps
    pseudonyms to what the teacher sees). Returns an SVG string hidden from
    screen readers: pair it with :func:`heatmap_summary` and :func:`heatmap_table`.
    """
    # deferred: matplotlib (about 40 MB) loads only when the heat map is drawn, not for its table
    from matplotlib import colormaps
    from matplotlib.backends.backend_svg import FigureCanvasSVG  # deferred: matplotlib, as above
    from matplotlib.colors import Normalize  # deferred: matplotlib, as above
    from matplotlib.figure import Figure  # deferred: matplotlib, as above
    from matplotlib.patches import Rectangle  # deferred: matplotlib, as above

    values, status, names = _grid(m, labels)
    n_rows, n_cols = max(1, values.shape[0]), max(1, values.shape[1])
    width = min(10.0, max(5.0, 2.2 + 0.85 * n_cols))
    height = min(40.0, 1.6 + 0.26 * n_rows)
    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasSVG(fig)
    ax = fig.add_axes((0.28, 0.9 / height, 0.56, 1 - 1.5 / height))
    cmap = colormaps["cividis"].with_extremes(bad="#d9d9d9")
    norm = Normalize(0.0, float(scale))
    grid = np.ma.masked_invalid(values.to_numpy(dtype=float))
    ax.imshow(grid, cmap=cmap, norm=norm, aspect="auto", interpolation="nearest")
    annotate = values.shape[0] <= MAX_ANNOTATED
    for (i, j), v in np.ndenumerate(values.to_numpy(dtype=float) if annotate else np.empty((0, 0))):
        if np.isnan(v):
            ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch="//", edgecolor="#6b6b6b",
                                   linewidth=0))
            continue
        ink = _ink(cmap(norm(v)))
        if status.iat[i, j] == "ready":
            ax.add_patch(Rectangle((j - 0.44, i - 0.44), 0.88, 0.88, fill=False, edgecolor=ink,
                                   linewidth=1.6))
        if annotate:
            ax.text(j, i, f"{v:.1f}", ha="center", va="center", fontsize=8, color=ink)
    ax.set_xticks(range(values.shape[1]), [label(c) for c in values.columns], fontsize=9, parse_math=False)
    ax.xaxis.tick_top()
    if values.shape[0] <= MAX_LABELLED:
        ax.set_yticks(range(values.shape[0]), [label(n) for n in names], fontsize=8 if annotate else 6,
                      parse_math=False)
    else:
        ax.set_yticks([])
        ax.set_ylabel(f"{values.shape[0]} students (see the table)", fontsize=9)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    bar = fig.colorbar(ax.images[0], ax=ax, fraction=0.08, pad=0.03)
    bar.set_label(f"Roll-up (0 to {scale:g})", fontsize=9)
    bar.ax.axhline(float(mastery), color="#000000", linewidth=1.5)
    ticks = [t for t in np.linspace(0, float(scale), 5) if abs(t - float(mastery)) > float(scale) / 16]
    ticks = sorted([*ticks, float(mastery)])
    bar.set_ticks(ticks, labels=[f"{t:g} mastery" if t == float(mastery) else f"{t:g}" for t in ticks])
    bar.ax.tick_params(labelsize=8)
    ax.set_xlabel("Outlined: ready to move on. Hatched grey: no result yet." if annotate else
                  "Grey: no result yet. Too many students to mark each cell; the table has them all.",
                  fontsize=9)
    return _prefix_ids(plain_svg(fig, {"svg.hashsalt": "plkit-heatmap", "hatch.linewidth": 0.6}), "hm-")
