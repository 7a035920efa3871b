"""The nightmare priority chart (presence x impact) as inline SVG, with its text alternative.

Drawn with matplotlib's object API (no pyplot, no global backend switch), so it renders offline
in Voila and changes no global state.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Mapping, Sequence
from typing import Protocol

from plkit.workbooks.nightmares.model import IMPACT, NOT_SURE, PRESENCE, Rating, ranked_ids, score

__all__ = ["NightmareLike", "priority_chart_svg", "priority_table_html", "chart_summary"]


class NightmareLike(Protocol):
    """What the chart reads of a nightmare (a :class:`plkit.content.model.Nightmare` or alike)."""

    @property
    def id(self) -> str: ...

    @property
    def number(self) -> int: ...

    @property
    def title(self) -> str: ...

_PRES = [v for v in PRESENCE if v != NOT_SURE]
_IMP = [v for v in IMPACT if v != NOT_SURE]


def _cells(ratings: Mapping[str, Rating], numbers: Mapping[str, int]) -> dict[tuple[str, str], list[int]]:
    cells: dict[tuple[str, str], list[int]] = {}
    for nid, r in ratings.items():
        if r.scored and nid in numbers and r.presence is not None and r.impact is not None:
            cells.setdefault((r.presence, r.impact), []).append(numbers[nid])
    return {k: sorted(v) for k, v in cells.items()}


def chart_summary(ratings: Mapping[str, Rating], nightmares: Sequence[NightmareLike],
                  top: Sequence[str]) -> str:
    """One or two sentences saying what the chart shows (its short text alternative)."""
    titles = {n.id: f"{n.number}. {n.title}" for n in nightmares}
    scored = sum(1 for r in ratings.values() if r.scored)
    if not scored:
        return "Priority chart: no nightmare rated yet. Rate presence and impact to see it fill in."
    lead = f"Priority chart of presence against impact for {scored} rated nightmares."
    if top:
        lead += " Your top three: " + "; ".join(titles[t] for t in top if t in titles) + "."
    return lead


def priority_chart_svg(ratings: Mapping[str, Rating], nightmares: Sequence[NightmareLike],
                       top: Sequence[str]) -> str:
    """An SVG grid: presence across, impact up; each cell lists the nightmare numbers in it."""
    # deferred: matplotlib costs about 40 MB and 0.5 s, and only the priorities step draws
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure  # deferred, as above
    from matplotlib.patches import Rectangle  # deferred, as above

    numbers = {n.id: n.number for n in nightmares}
    top_numbers = {numbers[t] for t in top if t in numbers}
    cells = _cells(ratings, numbers)
    fig = Figure(figsize=(7.2, 4.6), dpi=100)
    FigureCanvasSVG(fig)
    ax = fig.add_axes((0.2, 0.16, 0.78, 0.8))
    for xi, p in enumerate(_PRES):
        for yi, i in enumerate(_IMP):
            s = int(p) * int(i)
            shade = 1 - 0.55 * s / 9  # white (no priority) to a medium orange (highest)
            ax.add_patch(
                Rectangle((xi, yi), 1, 1, facecolor=(1.0, 0.55 + 0.45 * shade, 0.2 + 0.8 * shade),
                          edgecolor="#5c5c5c", linewidth=1)
            )
            nums = cells.get((p, i), [])
            if nums:
                label = ", ".join(
                    (f"[{n}]" if n in top_numbers else str(n)) for n in nums
                )
                ax.text(xi + 0.5, yi + 0.5, label, ha="center", va="center", fontsize=11,
                        color="#111111", wrap=True,
                        fontweight="bold" if any(n in top_numbers for n in nums) else "normal")
    ax.set_xlim(0, len(_PRES))
    ax.set_ylim(0, len(_IMP))
    ax.set_xticks([x + 0.5 for x in range(len(_PRES))], [PRESENCE[p] for p in _PRES], fontsize=10)
    ax.set_yticks([y + 0.5 for y in range(len(_IMP))],
                  [IMPACT[i].replace("Would hurt ", "") for i in _IMP], fontsize=10)
    ax.set_xlabel("How present it is now", fontsize=11)
    ax.set_ylabel("How much it would hurt", fontsize=11)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    buf = io.StringIO()
    fig.savefig(buf, format="svg")
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    # unique ids per render are not needed (one chart per page); hide the drawing from screen
    # readers, which get the summary and the table instead
    return re.sub(r"<svg\b", '<svg aria-hidden="true" focusable="false"', svg, count=1)


def priority_table_html(ratings: Mapping[str, Rating], nightmares: Sequence[NightmareLike],
                        top: Sequence[str]) -> str:
    """The chart's data as a table, highest priority first, unrated and not-sure ones last."""
    e = html.escape
    order = [n.id for n in nightmares]
    by_id = {n.id: n for n in nightmares}
    ranked = ranked_ids(ratings, order)
    rest = [nid for nid in order if nid not in ranked]
    rows = []
    for nid in ranked + rest:
        n = by_id[nid]
        r = ratings.get(nid, Rating())
        sc = score(r)
        rows.append(
            "<tr>"
            f"<td>{n.number}</td><td>{e(n.title)}</td>"
            f"<td>{e(PRESENCE.get(r.presence or '', 'Not rated'))}</td>"
            f"<td>{e(IMPACT.get(r.impact or '', 'Not rated'))}</td>"
            f"<td>{'' if sc is None else sc}</td>"
            f"<td>{'Yes' if nid in top else ''}</td></tr>"
        )
    return (
        '<table class="plkit-table"><caption>Your ratings, highest priority first '
        "(priority = presence x impact, 0 to 9)</caption><thead><tr>"
        '<th scope="col">#</th><th scope="col">Nightmare</th><th scope="col">Present now</th>'
        '<th scope="col">Would hurt</th><th scope="col">Priority</th>'
        '<th scope="col">Top three</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>"
    )
