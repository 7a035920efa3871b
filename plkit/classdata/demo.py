"""A small synthetic demo class, generated deterministically: invented students, real shapes.

24 students, 4 standards, 3 to 5 assessments per standard, exported as a Canvas-gradebook-like
CSV (with a Points Possible row, computed totals, an excused cell, a missing code and Canvas's
test student) and as a tidy long table with dates. Surnames are built from syllables, so no
demo student is a real person.

>>> gb = demo_gradebook()
>>> gb.layout, len(gb.students), len(gb.standards)
('canvas_gradebook', 24, 4)
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import cast

import numpy as np
import pandas as pd

from plkit.classdata.model import Gradebook
from plkit.classdata.read import read_gradebook

__all__ = ["DEMO_SECRET", "demo_gradebook", "demo_gradebook_csv", "demo_long_table", "demo_standards"]

#: The demo's pseudonym secret: demo students are invented, so a fixed secret is fine.
DEMO_SECRET = b"plkit-demo-class"
_FIRST = ["Avery", "Blake", "Casey", "Devon", "Emery", "Finley", "Harper", "Indra", "Jules",
          "Kai", "Lumi", "Marlo", "Noor", "Oren", "Pax", "Quinn", "Reese", "Sasha", "Tove",
          "Umi", "Vale", "Wren", "Xiomi", "Yael"]  # fmt: skip
_SYL = ["bra", "cel", "dov", "fen", "gar", "hol", "jin", "kes", "lor", "mav", "nix", "pel",
        "quor", "ros", "tav", "vel", "wix", "zan"]  # fmt: skip
_STANDARDS = {
    "RL.1": "Cite textual evidence",
    "RL.2": "Determine a theme",
    "W.1": "Write arguments",
    "L.2": "Conventions of spelling",
}


def _students(seed: int) -> list[tuple[str, str, str]]:
    rng = np.random.default_rng(seed)
    out = []
    for i, first in enumerate(_FIRST):
        a, b = rng.choice(len(_SYL), size=2, replace=False)
        last = (_SYL[a] + _SYL[b]).capitalize()
        out.append((first, last, str(410000 + 37 * i + seed)))
    return out


def _assessments(seed: int) -> list[tuple[str, str, int, date]]:
    rng = np.random.default_rng(seed + 1)
    items = []
    day = date(2025, 9, 8)
    for code in _STANDARDS:
        for k in range(int(rng.integers(3, 6))):
            items.append((f"{code} check {k + 1}", code, int(rng.choice([4, 10, 20])), day))
            day += timedelta(days=int(rng.integers(2, 6)))
    items.sort(key=lambda t: t[3])
    return items


def demo_standards(seed: int = 0) -> dict[str, str]:
    """Item title -> standard code, for the demo gradebook's assignments."""
    return {title: code for title, code, _, _ in _assessments(seed)}


def _scores(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed + 2)
    n_students, items = len(_FIRST), _assessments(seed)
    start = rng.uniform(0.35, 0.8, size=n_students)
    growth = rng.uniform(-0.02, 0.08, size=n_students)
    frac = start[:, None] + growth[:, None] * np.arange(len(items))[None, :]
    frac = np.clip(frac + rng.normal(0, 0.08, size=frac.shape), 0, 1)
    maxes = np.array([m for _, _, m, _ in items], dtype=float)
    return cast(np.ndarray, np.round(frac * maxes[None, :]))


def demo_long_table(seed: int = 0) -> pd.DataFrame:
    """The demo class as a tidy long table (student, student_id, standard, assessment, score, max, date)."""
    students, items, scores = _students(seed), _assessments(seed), _scores(seed)
    rows = []
    for i, (first, last, sid) in enumerate(students):
        for j, (title, code, maxp, day) in enumerate(items):
            rows.append((f"{first} {last}", sid, code, title, float(scores[i, j]), maxp, day.isoformat()))
    return pd.DataFrame(rows, columns=["student", "student_id", "standard", "assessment", "score", "max", "date"])


def demo_gradebook_csv(seed: int = 0) -> bytes:
    """The demo class as a Canvas "Export Entire Gradebook" CSV (UTF-8 with BOM)."""
    students, items, scores = _students(seed), _assessments(seed), _scores(seed)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    titles = [f"{t} ({150800 + k})" for k, (t, _, _, _) in enumerate(items)]
    w.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *titles,
                "Current Points", "Final Points", "Current Score", "Final Score"])  # fmt: skip
    w.writerow(["    Points Possible", "", "", "", "", *[f"{m:.2f}" for _, _, m, _ in items],
                "(read only)", "(read only)", "(read only)", "(read only)"])  # fmt: skip
    total = sum(m for _, _, m, _ in items)
    for i, (first, last, sid) in enumerate(students):
        cells = [f"{v:.2f}" for v in scores[i]]
        if i == 3:
            cells[2] = "EX"
        if i == 5:
            cells[4] = "M"
        if i == 7:
            cells[-1] = ""
        got = sum(float(c) for c in cells if c not in ("", "EX", "M"))
        pct = f"{100 * got / total:.2f}"
        w.writerow([f"{last}, {first}", str(90000 + i), sid, f"{first.lower()}.{last.lower()}",
                    "Period 2", *cells, f"{got:.2f}", f"{got:.2f}", pct, pct])  # fmt: skip
    w.writerow(["Student, Test", "99999", "", "", "Period 2", *["" for _ in items], "0.00", "0.00", "", ""])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def demo_gradebook(seed: int = 0) -> Gradebook:
    """The demo gradebook read like any upload, with items mapped to standards."""
    return read_gradebook(demo_gradebook_csv(seed), standards=demo_standards(seed), secret=DEMO_SECRET)
