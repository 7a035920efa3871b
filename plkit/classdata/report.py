"""The teacher's class-data report: an HTML page with a chart and tables, plus CSVs.

``shareable=True`` writes only aggregates, suppressed below the minimum group size, and then
runs :func:`plkit.privacy.guard` over its own output: if any roster name, ID, login or email is
found, the files are removed and a :class:`plkit.errors.PlkitError` says so. Without it, the
report is the teacher's own (names included), written to a folder only they can read.

>>> from plkit.classdata.demo import demo_gradebook
>>> page = summary_html(demo_gradebook(), MethodChoice(), shareable=True)
>>> "Mastery per standard" in page and "Tavpel" not in page
True
"""

from __future__ import annotations

import html
import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from plkit.classdata.chart import mastery_chart_summary, mastery_chart_svg
from plkit.classdata.export import to_csv_bytes
from plkit.classdata.groups import readiness_groups
from plkit.classdata.model import Gradebook
from plkit.classdata.read import read_gradebook
from plkit.classdata.summary import (
    LAYOUT_LABELS,
    MIN_N,
    STATUS_LABELS,
    MethodChoice,
    analyse,
    growth_summary,
    section_gaps,
    shareable_table,
    standard_rates,
    standard_summary,
)
from plkit.errors import PlkitError
from plkit.privacy import PrivacyError, guard

__all__ = ["ReportError", "display_name", "student_table", "summary_html", "table_html", "write_report"]


class ReportError(PlkitError):
    """The report could not be written, or would have carried student identity."""


def table_html(table: pd.DataFrame, caption: str) -> str:
    """An accessible HTML table (caption, column headers) with every cell escaped."""
    e = html.escape
    head = "".join(f'<th scope="col">{e(str(c))}</th>' for c in table.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{e('' if pd.isna(v) else str(v))}</td>" for v in row) + "</tr>"
        for row in table.itertuples(index=False)
    )
    return (f'<table class="plkit-table"><caption>{e(caption)}</caption><thead><tr>{head}</tr>'
            f"</thead><tbody>{rows}</tbody></table>")


def display_name(gb: Gradebook, key: str) -> str:
    """The student's name from the in-memory roster (the pseudonym when there is none)."""
    entry = gb.roster.get(key) or {}
    name = entry.get("name") or " ".join(p for p in (entry.get("first"), entry.get("last")) if p)
    return str(name or key)


def student_table(gb: Gradebook, m: pd.DataFrame, names: bool = True) -> pd.DataFrame:
    """Who is ready on what: one row per student, one column per standard (status and roll-up).

    Row-level: for the teacher's own screen and private report only, never for sharing.
    """
    cell = m.assign(text=[
        f"{STATUS_LABELS[s]} ({'no result' if pd.isna(r) else f'{r:.2f}'})"
        for s, r in zip(m["status"], m["rollup"])
    ])
    wide = cell.pivot(index="student", columns="standard", values="text").fillna("no evidence")
    wide.columns = [str(c) for c in wide.columns]
    wide.index.name = None
    label = [display_name(gb, k) if names else k for k in wide.index]
    wide.insert(0, "student", label)
    return wide.sort_values("student", kind="stable").reset_index(drop=True)


def _page(title: str, body: str) -> str:
    css = (
        "body{font-family:system-ui,sans-serif;max-width:60rem;margin:1.5rem auto;padding:0 1rem;"
        "color:#1b1b1b;line-height:1.5}table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}"
        "caption{text-align:left;font-weight:600}th,td{border:1px solid #8a8a8a;padding:.2rem .45rem;"
        "text-align:left}figure{margin:.5rem 0}svg{max-width:100%;height:auto}"
        ".note{border:2px solid #8a4b00;background:#fff6e5;padding:.4rem .8rem;border-radius:6px}"
    )
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}'
            f"</title><style>{css}</style></head><body><main>{body}</main></body></html>\n")


def summary_html(gb: Gradebook, choice: MethodChoice, *, shareable: bool = True,
                 min_n: int = MIN_N, title: str = "Class mastery summary") -> str:
    """The report page. Shareable: aggregates only. Otherwise also who is ready and groups."""
    e = html.escape
    m = analyse(gb, choice)
    rates = standard_rates(m)
    limit = min_n if shareable else None
    alt = mastery_chart_summary(rates, limit)
    parts = [
        f"<h1>{e(title)}</h1>",
        f"<p>Made {date.today().isoformat()} with plkit from {e(LAYOUT_LABELS.get(gb.layout, gb.layout))}. "
        f"Roll-up: {e(choice.describe())}; a status of ready needs at least {choice.min_evidence} "
        "score(s).</p>",
    ]
    if shareable:
        parts.append(
            f'<p class="note">Shareable summary: aggregates only. Any group of fewer than {min_n} '
            "students is suppressed, and rates at the extremes are coded.</p>")
    else:
        parts.append('<p class="note">Private report: it names students. Keep it on your own '
                     "computer; share the shareable summary instead.</p>")
    parts += [
        "<h2>Mastery per standard</h2>",
        f'<figure><div role="img" aria-label="{e(alt)}">{mastery_chart_svg(rates, limit)}</div>'
        f"<figcaption>{e(alt)} The table below holds the same information.</figcaption></figure>",
        table_html(standard_summary(m, min_n), "Mastery per standard"),
        "<h2>Growth per standard</h2>",
        table_html(growth_summary(gb, min_n), "Growth per standard (students with at least two scores)"),
    ]
    gaps = []
    for standard in gb.standards:
        rep = section_gaps(gb, m, standard, min_n)
        if rep is not None and len(rep.groups) > 1:
            gaps.append(table_html(rep.groups, f"Ready to move on by section, {standard}"))
            if len(rep.gaps):
                gaps.append(table_html(rep.gaps, f"Gaps between sections, {standard}"))
    if gaps:
        parts += ["<h2>Sections</h2>", *gaps]
    if gb.warnings:
        parts += ["<h2>Notes on the file</h2>",
                  "<ul>" + "".join(f"<li>{e(w)}</li>" for w in gb.warnings) + "</ul>"]
    if not shareable:
        parts += ["<h2>Who is ready to move on</h2>",
                  table_html(student_table(gb, m), "Status and roll-up per student and standard")]
        parts.append("<h2>Suggested readiness groups</h2>")
        for standard in gb.standards:
            groups = readiness_groups(m, standard, mastery=choice.mastery)
            groups = groups.assign(student=[display_name(gb, k) for k in groups["student"]])
            parts.append(table_html(groups, f"Readiness groups for {standard}, neediest first"))
    return _page(title, "".join(parts))


def _private_dir(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True, mode=0o700)


def write_report(
    gradebook: Gradebook | str | os.PathLike[str] | bytes,
    out: str | os.PathLike[str],
    *,
    method: str = "decaying_average",
    mastery: float = 3.0,
    shareable: bool = False,
    min_n: int = MIN_N,
    standards: Mapping[str, str] | None = None,
    secret: bytes | str | None = None,
    **params: Any,
) -> list[Path]:
    """Write the report (``report.html`` and CSVs) into ``out``; return the paths written.

    ``gradebook`` is a :class:`Gradebook` or a file to read; ``standards`` maps items to
    standards; ``params`` are the method's (``weight``, ``n``, ``at``, ``min_evidence``).
    """
    if not 5 <= int(min_n) <= 30:
        raise ReportError(f"The minimum group size must be from 5 to 30, not {min_n}.")
    gb = gradebook if isinstance(gradebook, Gradebook) else read_gradebook(gradebook, secret=secret)
    if standards:
        gb = gb.with_standards(dict(standards))
    choice = MethodChoice(method=method, mastery=mastery, **params)
    m = analyse(gb, choice)
    folder = Path(out).expanduser()
    try:
        _private_dir(folder)
    except OSError as exc:
        raise ReportError(
            f"The folder {folder} could not be made ({exc.strerror or exc}); choose another with --out."
        ) from None
    if shareable:
        files = {
            "shareable-summary.html": summary_html(gb, choice, shareable=True, min_n=min_n).encode("utf-8"),
            "shareable-summary.csv": to_csv_bytes(shareable_table(gb, m, min_n)),
        }
    else:
        groups = pd.concat(
            [readiness_groups(m, s, mastery=choice.mastery).assign(standard=s) for s in gb.standards],
            ignore_index=True,
        )
        groups.insert(0, "name", [display_name(gb, k) for k in groups["student"]])
        files = {
            "report.html": summary_html(gb, choice, shareable=False, min_n=min_n,
                                        title="Class mastery report (private)").encode("utf-8"),
            "mastery-by-standard.csv": to_csv_bytes(shareable_table(gb, m, min_n)),
            "students.csv": to_csv_bytes(student_table(gb, m)),
            "groups.csv": to_csv_bytes(groups[["standard", "group", "band", "name", "student", "rollup"]]),
        }
    written = []
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        if not shareable:
            os.chmod(path, 0o600)
        written.append(path)
    if shareable:
        try:
            guard(written, gb)
        except PrivacyError as exc:
            for path in written:
                path.unlink(missing_ok=True)
            raise ReportError(f"The shareable report was not written: {str(exc).rstrip('.')}.") from None
    return written

