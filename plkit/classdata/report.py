"""The teacher's class-data report: an HTML page with a chart and tables, plus CSVs.

``shareable=True`` writes only aggregates, suppressed below the minimum group size, and first
runs the privacy guard over what a person would read in it (:mod:`plkit.classdata.selfcheck`:
the page's text and the CSVs' cells, without the report's own words): if any roster name, ID,
login or email is found, nothing is written and a :class:`ReportError` says so. Without it, the
report is the teacher's own (names included), written to a folder only they can read, its files
private from their first byte (:mod:`plkit.classdata.output`). ``by`` adds the share ready per
group of any column of the file (a program, a flag), with gaps, under every suppression rule.

>>> from plkit.classdata.demo import demo_gradebook
>>> page = summary_html(demo_gradebook(), MethodChoice(), shareable=True)
>>> "Mastery per standard" in page and "Tavpel" not in page
True
"""

from __future__ import annotations

import functools
import html
import os
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from plkit.classdata.chart import mastery_chart_summary, mastery_chart_svg
from plkit.classdata.equity import subgroup_gaps
from plkit.classdata.export import to_csv_bytes
from plkit.classdata.groups import readiness_groups
from plkit.classdata.linking import examples
from plkit.classdata.methods import METHODS
from plkit.classdata.model import Gradebook
from plkit.classdata.output import OutputError, folder_for, write_files
from plkit.classdata.read import read_gradebook
from plkit.classdata.selfcheck import csv_rows, leaks, visible_text, words
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
    student_groups,
    subgroup_report,
)
from plkit.errors import PlkitError
from plkit.privacy import Leak, normalise_text

__all__ = ["ReportError", "Written", "display_name", "own_words", "shareable_leaks", "student_table",
           "summary_html", "table_html", "visible_text", "write_report"]


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


def _group_tables(gb: Gradebook, m: pd.DataFrame, groups: pd.Series, min_n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per standard, the share ready per group and the gaps between groups, as two long tables."""
    rows, gaps = [], []
    for standard in gb.standards:
        rep = subgroup_report(gb, m, standard, groups, min_n)
        rows.append(rep.groups.rename(columns={"result": "ready to move on"}).assign(standard=standard))
        gaps.append(rep.gaps.assign(standard=standard))
    first = ["standard", "subgroup", "n", "ready to move on", "note"]
    table = pd.concat(rows, ignore_index=True)[first] if rows else pd.DataFrame(columns=first)
    second = ["standard", "between", "gap", "n", "note"]
    return table, (pd.concat(gaps, ignore_index=True)[second] if gaps else pd.DataFrame(columns=second))


def _group_section(column: str, groups: pd.DataFrame, gaps: pd.DataFrame) -> list[str]:
    parts = [f"<h2>Groups by {html.escape(column)}</h2>"]
    for standard, part in groups.groupby("standard", sort=False):
        parts.append(table_html(part.drop(columns="standard"), f"Ready to move on by {column}, {standard}"))
        between = gaps[gaps["standard"] == standard]
        if len(between):
            parts.append(table_html(between.drop(columns="standard"), f"Gaps between {column} groups, {standard}"))
    return parts


def _section_part(gb: Gradebook, m: pd.DataFrame, min_n: int) -> list[str]:
    gaps = []
    for standard in gb.standards:
        rep = section_gaps(gb, m, standard, min_n)
        if rep is not None and len(rep.groups) > 1:
            gaps.append(table_html(rep.groups, f"Ready to move on by section, {standard}"))
            if len(rep.gaps):
                gaps.append(table_html(rep.gaps, f"Gaps between sections, {standard}"))
    return ["<h2>Sections</h2>", *gaps] if gaps else []


def summary_html(gb: Gradebook, choice: MethodChoice, *, shareable: bool = True,
                 min_n: int = MIN_N, title: str = "Class mastery summary", by: str | None = None,
                 made: date | None = None) -> str:
    """The report page. Shareable: aggregates only. Otherwise also who is ready and groups.
    ``by`` names a column of the file to compare groups by (see :func:`student_groups`)."""
    e = html.escape
    m = analyse(gb, choice)
    groups = student_groups(gb, by) if by else None
    rates = standard_rates(m)
    limit = min_n if shareable else None
    alt = mastery_chart_summary(rates, limit)
    parts = [
        f"<h1>{e(title)}</h1>",
        f"<p>Made {(made or date.today()).isoformat()} with plkit from "
        f"{e(LAYOUT_LABELS.get(gb.layout, gb.layout))}. Roll-up: {e(choice.describe())}; a status of ready "
        f"needs at least {choice.min_evidence} score(s).</p>",
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
        *_section_part(gb, m, min_n),
    ]
    if by and groups is not None:
        parts += _group_section(by, *_group_tables(gb, m, groups, min_n))
    if gb.warnings:
        parts += ["<h2>Notes on the file</h2>",
                  "<ul>" + "".join(f"<li>{e(w)}</li>" for w in gb.warnings) + "</ul>"]
    if not shareable:
        parts += _private_part(gb, m, choice)
    return _page(title, "".join(parts))


def _private_part(gb: Gradebook, m: pd.DataFrame, choice: MethodChoice) -> list[str]:
    parts = ["<h2>Who is ready to move on</h2>",
             table_html(student_table(gb, m), "Status and roll-up per student and standard"),
             "<h2>Suggested readiness groups</h2>"]
    for standard in gb.standards:
        groups = readiness_groups(m, standard, mastery=choice.mastery)
        groups = groups.assign(student=[display_name(gb, k) for k in groups["student"]])
        parts.append(table_html(groups, f"Readiness groups for {standard}, neediest first"))
    return parts


@functools.lru_cache(maxsize=1)
def own_words() -> frozenset[str]:
    """The words the shareable report writes itself, whatever the class: those of a reference
    report of an invented class (with sections, groups, gaps and suppression), of every method's
    description and layout's name, and of every kind of subgroup row. No word of a real class."""
    rows = ["student,student id,section,program,standard,assessment,score,max,date"]
    for i in range(40):
        for j, std in enumerate(["Qqstda", "Qqstda", "Qqstdb"]):
            rows.append(f"Zzref{i:02d} Qqref,ZZ{i:02d},Qqsec {'AB'[i // 30]},Qqgrp {'ABCD'[min(i // 12, 3)]},"
                        f"{std},Qqtask {j},{(i + j) % 5},4,2025-09-0{j + 1}")
    gb = read_gradebook(("\n".join(rows) + "\n").encode(), secret=b"plkit-reference-report")
    choice = MethodChoice()
    m = analyse(gb, choice)
    page = summary_html(gb, choice, by="program")
    texts = [visible_text(page), *csv_rows(to_csv_bytes(shareable_table(gb, m)))]
    for table in _group_tables(gb, m, student_groups(gb, "program"), MIN_N):
        texts += csv_rows(to_csv_bytes(table))
    ready = pd.Series([1, 0] * 20, index=[f"s{i}" for i in range(40)])
    for labels in (["A"] * 40, ["A"] * 12 + ["B"] * 12 + ["C"] * 12 + ["D"] * 4, ["A"] * 36 + ["B"] * 4):
        rep = subgroup_gaps(ready, pd.Series(labels, index=ready.index))
        texts += [rep.groups.to_csv(), rep.gaps.to_csv()]
    texts += [MethodChoice(method).describe() for method in METHODS] + list(LAYOUT_LABELS.values())
    return words(texts) - words(["Zzref Qqref Qqsec Qqgrp Qqstda Qqstdb Qqtask"])


def shareable_leaks(page: str, tables: bytes | Sequence[bytes], roster: Any, made: date | None = None) -> list[Leak]:
    """Roster identifiers in what a person reads of a shareable report: the page's text and the
    CSVs' cells, without the report's own words (:func:`own_words`) and its date."""
    data = [tables] if isinstance(tables, bytes) else list(tables)
    own = own_words() | frozenset(normalise_text((made or date.today()).isoformat()).split())
    return leaks(page, data, roster, own)


class Written(list[Path]):
    """The paths a report wrote, and ``notes``: what a person should know (a folder made private)."""

    def __init__(self, paths: Sequence[Path] = (), notes: Sequence[str] = ()) -> None:
        super().__init__(paths)
        self.notes = list(notes)


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
    by: str | None = None,
    sheet: str | int | None = None,
    **params: Any,
) -> Written:
    """Write the report (``report.html`` and CSVs) into ``out``; return the paths written.

    ``gradebook`` is a :class:`Gradebook` or a file to read (``sheet`` chooses a spreadsheet's
    sheet); ``standards`` maps items to standards; ``by`` names a column to compare groups by;
    ``params`` are the method's (``weight``, ``n``, ``at``, ``min_evidence``). Nothing is
    written unless everything can be: a shareable report that would name a student, or a folder
    that cannot be written, leaves the folder as it was.
    """
    if not 5 <= int(min_n) <= 30:
        raise ReportError(f"The minimum group size must be from 5 to 30, not {min_n}.")
    gb = gradebook if isinstance(gradebook, Gradebook) else read_gradebook(gradebook, secret=secret, sheet=sheet)
    if standards:
        gb = _linked(gb, standards)
    choice = MethodChoice(method=method, mastery=mastery, **params)
    made = date.today()
    files = _files(gb, choice, shareable, min_n, by, made)
    try:
        folder, notes = folder_for(out, private=not shareable)
    except OutputError as exc:
        raise ReportError(str(exc)) from None
    if shareable:
        found = shareable_leaks(files["shareable-summary.html"].decode("utf-8"),
                                [v for k, v in files.items() if k.endswith(".csv")], gb, made)
        if found:
            kinds = ", ".join(sorted({leak.kind for leak in found}))
            raise ReportError(f"The shareable report was not written: it would show {len(found)} student "
                              f"identifiers ({kinds}), so check the standard names, group names and notes on the "
                              "file for a student's name or ID.")
    try:
        return Written(write_files(folder, files, private=not shareable), notes)
    except OutputError as exc:
        raise ReportError(str(exc)) from None


def _linked(gb: Gradebook, standards: Mapping[str, str]) -> Gradebook:
    linked = gb.with_standards(dict(standards))
    missing = list(linked.info.get("unmatched_standards") or [])
    if missing and not linked.standards:
        raise ReportError(
            f"None of the {len(missing)} items in the standards file is in the gradebook (not found: "
            f"{examples(missing)}); name them as the export does, such as 'Quiz 1' or 'Quiz 1 (1001)'."
        )
    return linked


def _files(gb: Gradebook, choice: MethodChoice, shareable: bool, min_n: int, by: str | None,
           made: date) -> dict[str, bytes]:
    """Each file of the report, by name, as bytes (nothing is written here)."""
    m = analyse(gb, choice)
    extra: dict[str, bytes] = {}
    if by:
        groups, gaps = _group_tables(gb, m, student_groups(gb, by), min_n)
        prefix = "shareable-" if shareable else ""
        extra = {f"{prefix}subgroups.csv": to_csv_bytes(groups), f"{prefix}gaps.csv": to_csv_bytes(gaps)}
    if shareable:
        page = summary_html(gb, choice, shareable=True, min_n=min_n, by=by, made=made)
        return {"shareable-summary.html": page.encode("utf-8"),
                "shareable-summary.csv": to_csv_bytes(shareable_table(gb, m, min_n)), **extra}
    groups_table = pd.concat(
        [readiness_groups(m, s, mastery=choice.mastery).assign(standard=s) for s in gb.standards],
        ignore_index=True,
    )
    groups_table.insert(0, "name", [display_name(gb, k) for k in groups_table["student"]])
    page = summary_html(gb, choice, shareable=False, min_n=min_n, title="Class mastery report (private)", by=by,
                        made=made)
    return {
        "report.html": page.encode("utf-8"),
        "mastery-by-standard.csv": to_csv_bytes(shareable_table(gb, m, min_n)),
        "students.csv": to_csv_bytes(student_table(gb, m)),
        "groups.csv": to_csv_bytes(groups_table[["standard", "group", "band", "name", "student", "rollup"]]),
        **extra,
    }
