"""Mastery per standard as a chart: inline SVG drawn offline with matplotlib, plus its text
alternative. Aggregate only: the chart never shows a student.

Drawn with matplotlib's object API (no pyplot, no global backend), text kept as text in the SVG
so the privacy guard can read it.

>>> import pandas as pd
>>> rates = pd.DataFrame({"standard": ["RL.1"], "students": [24], "ready": [0.5],
...     "not_yet": [0.25], "insufficient_evidence": [0.25], "mean": [2.9]})
>>> mastery_chart_summary(rates)
'Mastery per standard for 1 standard: RL.1 50% ready to move on, 25% not yet, 25% need more evidence.'
"""

from __future__ import annotations

import io
import re
from typing import Any

import pandas as pd

from plkit.classdata.summary import MIN_N, coded_rate

__all__ = ["MAX_BARS", "MAX_LABEL", "label", "mastery_chart_svg", "mastery_chart_summary", "plain_svg"]

#: Longer labels are cut (with an ellipsis) in a drawing; the table beside it has them whole.
MAX_LABEL = 60
#: The chart draws at most this many standards (more would be unreadable, and slow to draw); its
#: text alternative says so and the table beside it lists them all.
MAX_BARS = 40

_COLOURS = {"ready": "#1e6b34", "not_yet": "#c9a227", "insufficient_evidence": "#8a8a8a"}
_LABELS = {"ready": "Ready to move on", "not_yet": "Not yet", "insufficient_evidence": "Needs more evidence"}


def _shown(rates: pd.DataFrame, min_n: int | None) -> pd.DataFrame:
    if min_n is None:
        return rates
    return rates[rates["students"] >= int(min_n)]


def label(value: object) -> str:
    """A label for a drawing: plain text (matplotlib is told not to read ``$...$`` as math), one
    line, at most :data:`MAX_LABEL` characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "\u2026"


def plain_svg(fig: Any, rc: dict[str, Any] | None = None) -> str:
    """A figure as inline SVG whose text stays text and which carries no metadata, hidden from
    screen readers (the page gives the same content as a sentence and a table)."""
    from matplotlib import rc_context  # deferred: matplotlib loads only when a chart is drawn

    settings: dict[Any, Any] = {"svg.fonttype": "none", "svg.hashsalt": "plkit", "text.usetex": False}
    settings.update(rc or {})
    buf = io.StringIO()
    with rc_context(settings):
        fig.savefig(buf, format="svg", bbox_inches="tight",
                    metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    return re.sub(r"<svg\b", '<svg aria-hidden="true" focusable="false"', svg, count=1)


def mastery_chart_summary(rates: pd.DataFrame, min_n: int | None = None) -> str:
    """One sentence per chart: each standard's share ready, not yet and needing evidence."""
    shown = _shown(rates, min_n)
    hidden = len(rates) - len(shown)
    if shown.empty:
        lead = "Mastery per standard: nothing to show yet."
        if hidden:
            lead = f"Mastery per standard: every standard has fewer than {min_n} students, so all are suppressed."
        return lead
    parts = [
        f"{r.standard} {coded_rate(r.ready)} ready to move on, {coded_rate(r.not_yet)} not yet, "
        f"{coded_rate(r.insufficient_evidence)} need more evidence"
        for r in shown.itertuples(index=False)
    ]
    noun = "standard" if len(shown) == 1 else "standards"
    text = f"Mastery per standard for {len(shown)} {noun}: " + "; ".join(parts) + "."
    if hidden:
        text += f" {hidden} more suppressed (n<{min_n})."
    if len(shown) > MAX_BARS:
        text += f" The chart draws the first {MAX_BARS} of them; the table lists them all."
    return text


def mastery_chart_svg(rates: pd.DataFrame, min_n: int | None = MIN_N) -> str:
    """Stacked horizontal bars per standard (ready, not yet, needs evidence), as an SVG string.

    Standards with fewer than ``min_n`` students are left out (``min_n=None`` keeps all, for the
    teacher's own screen), and only the first :data:`MAX_BARS` are drawn. The drawing is hidden
    from screen readers: pair it with :func:`mastery_chart_summary` and a table.
    """
    # deferred: matplotlib (about 40 MB) loads only when a chart is drawn, not for its summary
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure  # deferred: matplotlib, as above

    shown = _shown(rates, min_n).iloc[:MAX_BARS].iloc[::-1]
    height = 1.3 + 0.45 * max(1, len(shown))
    fig = Figure(figsize=(7.2, height), dpi=100)
    FigureCanvasSVG(fig)
    ax = fig.add_axes((0.16, 0.9 / height + 0.25 / height * 2, 0.8, 1 - 1.35 / height))
    y = list(range(len(shown)))
    left = [0.0] * len(shown)
    for key, colour in _COLOURS.items():
        values = [100 * float(v) for v in shown[key]] if len(shown) else []
        ax.barh(y, values, left=left, color=colour, edgecolor="#ffffff", label=_LABELS[key], height=0.7)
        for yi, (lo, v) in enumerate(zip(left, values)):
            if v >= 12:
                ax.text(lo + v / 2, yi, f"{v:.0f}%", ha="center", va="center", fontsize=9, parse_math=False,
                        color="#ffffff" if key != "not_yet" else "#1b1b1b")
        left = [a + b for a, b in zip(left, values)]
    ax.set_yticks(y, [label(s) for s in shown["standard"]], fontsize=10, parse_math=False)
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of students (%)", fontsize=10)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.5 / height * 2 - 0.12), ncol=3, fontsize=9, frameon=False)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    return plain_svg(fig)
