"""The impact report as files and pages: CSV (one row per measure, ``level, measure, n, value,
note``), a plain-text table for the terminal, and HTML with, for each of Guskey's levels, a bar
chart (SVG written into the page as an image, with its figures as its text alternative) and a
table of the same measures. No widgets; the dashboard and ``plkit workshop impact`` and
``report`` call these.

>>> from plkit.facilitator.impact import Measure
>>> impact_csv([Measure(1, "=cmd()", 3, "4.0 of 5", "note")]).splitlines()
['level,measure,n,value,note', "1,'=cmd(),3,4.0 of 5,note"]
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import pandas as pd

from plkit.classdata.export import neutralise
from plkit.content import load_catalog
from plkit.errors import WorkshopError
from plkit.facilitator.collected import collect_responses
from plkit.facilitator.impact import LEVELS, Measure, measures
from plkit.privacy import MIN_RESPONSES
from plkit.ui.printable import page_html
from plkit.workshop.config import load
from plkit.workshop.status import write

__all__ = ["COLUMNS", "QUESTIONS", "impact_csv", "impact_text", "levels_html", "impact_html", "summary_html",
           "chart_svg", "workshop_measures", "write_impact"]

#: The CSV's columns, in order.
COLUMNS = ("level", "measure", "n", "value", "note")
#: What each level asks (Guskey 2002), in a facilitator's words.
QUESTIONS: dict[int, str] = {
    1: "Did participants find the time well spent and relevant to their work?",
    2: "Did participants learn what the workshop set out to teach?",
    3: "Does the school give the time, support and room to try new things?",
    4: "Are participants using what they learned, weeks later?",
    5: "What changed for students, as teachers' own class snapshots show it?",
}
_INTRO = (
    "Guskey's five levels of PD evaluation (Educational Leadership 59(6), 2002), from how "
    "participants felt about the day to what changed for their students. Each level answers its "
    "own question, and good results at one level do not prove the next: these figures are "
    f"evidence to discuss, not proof. Nothing is shown for fewer than {MIN_RESPONSES} "
    "participants, and no figure is about one person."
)
e = html.escape

# The chart's geometry (SVG user units).
_WIDTH, _LABEL, _BAR, _ROW = 680, 130, 430, 22


def impact_csv(rows: Sequence[Measure]) -> str:
    """CSV with :data:`COLUMNS`; a cell a spreadsheet would run as a formula starts with '."""
    table = pd.DataFrame([(m.level, m.measure, "" if m.n is None else str(m.n), m.value, m.note)
                          for m in rows], columns=list(COLUMNS), dtype=object)
    text: str = neutralise(table).to_csv(index=False, lineterminator="\n")
    return text


def impact_text(rows: Sequence[Measure]) -> str:
    """A plain-text table for the terminal, level by level (the notes are in the CSV and HTML)."""
    lines = []
    for level, title in LEVELS.items():
        lines.append(f"Level {level}: {title}")
        for m in (r for r in rows if r.level == level):
            n = f"n={m.n}" if m.n is not None else f"n<{MIN_RESPONSES}"
            lines.append(f"  {m.measure}: {m.value} ({n})")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def chart_svg(rows: Sequence[Measure]) -> str:
    """Horizontal bars for the measures that have any: each measure's name, then its bars."""
    parts, y = [], 0
    for m in rows:
        if not (m.shown and m.bars):
            continue
        y += _ROW
        parts.append(f'<text x="0" y="{y - 6}" font-weight="bold">{e(_short(m.measure, 95))}</text>')
        for bar in m.bars:
            y += _ROW
            width = max(0.0, min(1.0, bar.length)) * _BAR
            parts.append(
                f'<text x="8" y="{y - 6}">{e(_short(bar.label, 18))}</text>'
                f'<rect x="{_LABEL}" y="{y - 18}" width="{_BAR}" height="14" fill="#e4ecf2"/>'
                f'<rect x="{_LABEL}" y="{y - 18}" width="{width:.1f}" height="14" fill="#1f5f8b"/>'
                f'<text x="{_LABEL + _BAR + 6}" y="{y - 6}">{e(bar.text)}</text>')
    height = y + 6
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{height}" '
            f'viewBox="0 0 {_WIDTH} {height}" font-family="system-ui, sans-serif" font-size="13" '
            f'fill="#1b1b1b">{"".join(parts)}</svg>')


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _alt(level: int, rows: Sequence[Measure]) -> str:
    said = "; ".join(f"{m.measure}: " + ", ".join(f"{b.label} {b.text}" for b in m.bars)
                     for m in rows if m.shown and m.bars)
    return f"Bar chart of level {level}. {said}."


def _figure(level: int, rows: Sequence[Measure]) -> str:
    if not any(m.shown and m.bars for m in rows):
        return ""
    src = "data:image/svg+xml;base64," + base64.b64encode(chart_svg(rows).encode("utf-8")).decode("ascii")
    return (f'<figure><img src="{src}" alt="{e(_alt(level, rows))}" style="max-width:100%;height:auto">'
            "<figcaption class=\"muted\">The chart's figures are in the table below.</figcaption></figure>")


def _table(level: int, rows: Sequence[Measure], table_class: str) -> str:
    body = "".join(
        f'<tr><th scope="row">{e(m.measure)}</th>'
        f"<td>{m.n if m.n is not None else f'fewer than {MIN_RESPONSES}'}</td>"
        f"<td>{e(m.value)}</td><td>{e(m.note)}</td></tr>" for m in rows)
    attr = f' class="{e(table_class)}"' if table_class else ""
    return (f"<table{attr}><caption>Level {level}: the measures (n: participants)</caption><thead><tr>"
            '<th scope="col">Measure</th><th scope="col">n</th><th scope="col">Value</th>'
            '<th scope="col">What it can and cannot show</th></tr></thead>'
            f"<tbody>{body}</tbody></table>")


def levels_html(rows: Sequence[Measure], heading: int = 2, table_class: str = "") -> str:
    """For each level 1 to 5: a heading, the level's question, a chart and a table (with the
    class ``table_class``, for the dashboard's style)."""
    out = []
    for level, title in LEVELS.items():
        mine = [m for m in rows if m.level == level]
        out.append(f'<section aria-labelledby="impact-level-{level}"><h{heading} id="impact-level-'
                   f'{level}">Level {level}: {e(title)}</h{heading}><p>{e(QUESTIONS[level])}</p>'
                   + _figure(level, mine) + _table(level, mine, table_class) + "</section>")
    return "".join(out)


def impact_html(rows: Sequence[Measure], workshop: str = "") -> str:
    """The impact report as one self-contained, printable page."""
    title = f"Workshop {workshop}: impact on Guskey's five levels" if workshop else "Impact on Guskey's five levels"
    body = (f"<h1>{e(title)}</h1><p>{e(_INTRO)}</p><p class=\"muted\">Generated "
            f"{datetime.now().strftime('%d %B %Y, %H:%M')}.</p>" + levels_html(rows))
    return page_html(title, body)


def summary_html(rows: Sequence[Measure]) -> str:
    """The impact section of the workshop report for the host school (under its h1)."""
    return f"<h2>Impact on Guskey's five levels</h2><p>{e(_INTRO)}</p>" + levels_html(rows, heading=3)


def workshop_measures(root: str | Path) -> list[Measure]:
    """The measures of the workshop in ``root``, from its collected submissions."""
    ws = load(root)
    return measures(collect_responses(ws.root / "submitted"), load_catalog())


def _target(path: str | Path, what: str, example: str) -> tuple[Path, str]:
    p = Path(path).expanduser()
    if p.is_dir():
        raise WorkshopError(f"{p} is a folder; give a file name for the {what}, such as {p / example}.")
    if any(d.exists() and not d.is_dir() for d in p.parents):
        raise WorkshopError(f"{p} cannot be written: a file stands where a folder should be; choose another place.")
    return p, example


def write_impact(root: str | Path, csv: str | Path | None = None,
                 html_file: str | Path | None = None) -> tuple[list[Measure], list[Path]]:
    """The workshop's measures, written as CSV and/or HTML; every path is checked before
    anything is written, and each file is written whole or not at all (``plkit.workshop.status.write``:
    a path that cannot be written is one sentence)."""
    targets = []
    if csv is not None:
        targets.append(_target(csv, "CSV", "impact.csv"))
    if html_file is not None:
        targets.append(_target(html_file, "HTML page", "impact.html"))
    ws = load(root)
    rows = workshop_measures(ws.root)
    written = []
    for path, name in targets:
        text = impact_csv(rows) if name.endswith(".csv") else impact_html(rows, ws.course_id)
        written.append(write(path, text, name))
    return rows, written
