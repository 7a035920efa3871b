"""Turning raw score cells into (score, status), one distinct value at a time.

Three states are never merged: no score (blank, ``-``), zero, and excused (``EX``) or not
assigned (``N/A``). Other codes go through a code map the teacher can edit; percent strings,
letter grades and Pass/Fail go through a scale (fractions of the points possible).

>>> classify_value("EX", CellRules())
('excused', nan, False, '')
>>> classify_value("10,5", CellRules(decimal_comma=True))
('scored', 10.5, False, '')
>>> classify_value("M", CellRules())
('missing', nan, False, 'code')
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = [
    "DEFAULT_CODE_MAP",
    "DEFAULT_SCALE",
    "CellRules",
    "classify",
    "classify_value",
    "parse_number",
    "read_max",
    "unwrap_formula",
]

#: Codes that mean something other than a score. Values: "missing" (not evidence; flagged),
#: "zero", "excused", "not_assigned", or a number of points.
DEFAULT_CODE_MAP: dict[str, str | float] = {
    "M": "missing",
    "MI": "missing",
    "MISSING": "missing",
    "LATE": "missing",
    "ABS": "missing",
    "INC": "missing",
    "COLLECTED": "missing",
    "NHI": "missing",
    "EX": "excused",
    "EXC": "excused",
    "EXCUSED": "excused",
    "N/A": "not_assigned",
}

#: Labels scored as a fraction of the points possible (Canvas's default letter scheme's lower
#: bounds, and Pass/Fail). Edit freely.
DEFAULT_SCALE: dict[str, float] = {
    "A+": 1.0, "A": 0.94, "A-": 0.90, "B+": 0.87, "B": 0.84, "B-": 0.80,
    "C+": 0.77, "C": 0.74, "C-": 0.70, "D+": 0.67, "D": 0.64, "D-": 0.61, "F": 0.0,
    "PASS": 1.0, "P": 1.0, "COMPLETE": 1.0, "FAIL": 0.0, "INCOMPLETE": 0.0,
}  # fmt: skip

_BLANKS = {"", "-", "\u2013", "\u2014"}
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PERCENT = re.compile(r"^([+-]?\d+(?:[.,]\d+)?)\s*%$")
_FORMULA = re.compile(r'^="(.*)"$', re.S)


def unwrap_formula(text: str) -> str:
    """Undo Canvas's ``="..."`` protection of a cell: ``'="=Bob"'`` becomes ``'=Bob'``."""
    match = _FORMULA.match(text)
    return match.group(1) if match else text


@dataclass
class CellRules:
    """How to read cells: the code map, the scale and number conventions."""

    code_map: Mapping[str, str | float] = field(default_factory=lambda: dict(DEFAULT_CODE_MAP))
    scale: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_SCALE))
    missing_as_zero: bool = False
    decimal_comma: bool = False

    def __post_init__(self) -> None:
        self.code_map = {str(k).strip().upper(): v for k, v in self.code_map.items()}
        self.scale = {str(k).strip().upper(): float(v) for k, v in self.scale.items()}


def parse_number(text: str, decimal_comma: bool = False) -> float | None:
    """A number written with a decimal point or comma, or None.

    >>> parse_number("10.00"), parse_number("10,00", True), parse_number("1,250"), parse_number("x")
    (10.0, 10.0, 1250.0, None)
    """
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if not decimal_comma and _THOUSANDS.match(text):
        return float(text.replace(",", ""))
    if decimal_comma and re.match(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$", text):
        text = text.replace(".", "")
    if _NUMBER.match(text):
        return float(text.replace(",", "."))
    return None


def read_max(text: object, decimal_comma: bool = False) -> float:
    """Points possible as written in a cell: a number; ``NaN`` when blank (none given); ``inf``
    when the cell holds something else (the points possible are unknown, never guessed).

    >>> read_max("10"), read_max(" "), read_max("ten")
    (10.0, nan, inf)
    """
    cell = unwrap_formula(str(text).strip()).strip()
    if cell in _BLANKS:
        return math.nan
    number = parse_number(cell, decimal_comma)
    return math.inf if number is None else number


def classify_value(raw: str, rules: CellRules) -> tuple[str, float, bool, str]:
    """(status, value, value_is_fraction_of_max, flag) for one distinct raw cell.

    ``flag`` is ``""``, ``"code"`` (a missing-type code), ``"zero_code"`` (a code counted as
    zero) or ``"unknown"`` (text plkit could not read).
    """
    text = unwrap_formula(str(raw).strip()).strip()
    if text in _BLANKS:
        return ("missing", math.nan, False, "")
    upper = " ".join(text.upper().split())
    if upper in rules.code_map:
        action = rules.code_map[upper]
        if isinstance(action, (int, float)):
            return ("scored", float(action), False, "")
        action = str(action).strip().lower()
        if action == "excused":
            return ("excused", math.nan, False, "")
        if action in {"not_assigned", "not assigned"}:
            return ("not_assigned", math.nan, False, "")
        if action == "zero" or (action == "missing" and rules.missing_as_zero):
            return ("scored", 0.0, False, "zero_code")
        return ("missing", math.nan, False, "code")
    number = parse_number(text, rules.decimal_comma)
    if number is not None:
        return ("scored", number, False, "")
    percent = _PERCENT.match(text)
    if percent:
        return ("scored", float(percent.group(1).replace(",", ".")) / 100.0, True, "")
    if upper in rules.scale:
        return ("scored", rules.scale[upper], True, "")
    return ("missing", math.nan, False, "unknown")


def classify(raw: pd.Series, max_points: np.ndarray, rules: CellRules) -> tuple[
    np.ndarray, np.ndarray, np.ndarray, list[str]
]:
    """Vectorised classification of a column of raw cells against each row's points possible.

    Each distinct value is read once, so a million cells cost only as much as their distinct
    values. Returns ``(score, status, max_points, warnings)``; a percent or letter cell with no
    points possible is scored out of 100.
    """
    codes, uniques = pd.factorize(raw.to_numpy(dtype=object), sort=False)  # blank cells: code -1
    table = [classify_value(u, rules) for u in uniques]
    status_u = np.array([t[0] for t in table] + ["missing"], dtype=object)
    value_u = np.array([t[1] for t in table] + [math.nan], dtype=float)
    frac_u = np.array([t[2] for t in table] + [False], dtype=bool)
    flag_u = np.array([t[3] for t in table] + [""], dtype=object)
    status = status_u[codes]
    value = value_u[codes]
    is_frac = frac_u[codes]
    has_max = np.isfinite(max_points) & (max_points > 0)
    base = np.where(has_max, max_points, 100.0)
    score = np.where(is_frac, value * base, value)
    fixed_max = np.where(is_frac & ~has_max, 100.0, max_points)
    warnings: list[str] = []
    flags = flag_u[codes]
    n_code = int((flags == "code").sum())
    if n_code:
        shown = sorted({str(u).strip().upper() for u, t in zip(uniques, table) if t[3] == "code"})
        warnings.append(
            f"{n_code} cells carried a missing-work code ({', '.join(shown[:6])}); they are "
            "flagged and not counted as evidence (use the code map to count them as zero)."
        )
    n_zero = int((flags == "zero_code").sum())
    if n_zero:
        warnings.append(f"{n_zero} cells carrying a missing-work code were counted as zero.")
    n_unknown = int((flags == "unknown").sum())
    if n_unknown:
        shown = sorted({str(u).strip()[:12] for u, t in zip(uniques, table) if t[3] == "unknown"})
        warnings.append(
            f"{n_unknown} cells held text plkit cannot read as a score (for example "
            f"{', '.join(repr(s) for s in shown[:3])}); add them to the code map or the scale."
        )
    n_frac_nomax = int((is_frac & ~has_max).sum())
    if n_frac_nomax:
        warnings.append(
            f"{n_frac_nomax} percent, letter or Pass/Fail cells had no points possible, so they "
            "were scored out of 100."
        )
    return score, status, fixed_max, warnings
