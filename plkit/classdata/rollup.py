"""Mastery roll-up of one ordered sequence of scores (oldest first), as CLASSDATA.md section 2.

>>> rollup([1, 2, 3, 4], "weighted_average", weight=65)
3.3
>>> rollup([2, 3, 4], "decaying_average", weight=75)
3.69
>>> rollup([1, 3, 4, 2], "n_mastery", n=2, mastery=3) , rollup([1, 2], "n_mastery", n=2, mastery=3)
(3.5, None)
>>> canvas_method("decaying_average", 65)
('weighted_average', {'weight': 65})
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any

from plkit.classdata.methods import METHODS
from plkit.classdata.model import GradebookError

__all__ = ["METHODS", "DEFAULTS", "canvas_method", "check_params", "round_score", "rollup"]

#: Default parameters (Canvas's defaults where Canvas has the method).
DEFAULTS: dict[str, Any] = {
    "weight": None,  # 65 for weighted_average, 75 for decaying_average
    "n": 5,
    "mastery": 3.0,
    "at": "last",
    "rounding": "half_up",
    "tie": "higher",
    "scale_max": None,
    "floor": 0.01,
}
_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN}


def round_score(value: float | None, rounding: str | None = "half_up") -> float | None:
    """Round to 2 decimals with ``decimal`` (half up by default; ``round()`` is half even).

    >>> round_score(2.675), round_score(2.665, "half_even"), round_score(2.675, None)
    (2.68, 2.66, 2.675)
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if rounding is None:
        return float(value)
    if rounding not in _MODES:
        raise GradebookError(f"Unknown rounding {rounding!r}; use 'half_up', 'half_even' or None.")
    # Decimal(str(x)) sees 2.675 as written, not as the binary 2.67499999...; the first
    # quantize drops float noise such as 3.3000000000000003.
    exact = Decimal(str(float(value))).quantize(Decimal("1e-7"), rounding=ROUND_HALF_EVEN)
    return float(exact.quantize(Decimal("0.01"), rounding=_MODES[rounding]))


def check_params(method: str, **params: Any) -> dict[str, Any]:
    """Validate a method and its parameters; return them with defaults filled in."""
    if method not in METHODS:
        raise GradebookError(f"Unknown roll-up method {method!r}; choose one of {', '.join(METHODS)}.")
    unknown = set(params) - set(DEFAULTS)
    if unknown:
        raise GradebookError(
            f"Unknown roll-up parameter {sorted(unknown)[0]!r}; use {', '.join(DEFAULTS)}."
        )
    p = {**DEFAULTS, **{k: v for k, v in params.items() if v is not None or k == "rounding"}}
    if p["weight"] is None:
        p["weight"] = 75 if method == "decaying_average" else 65
    if method in ("weighted_average", "decaying_average") and not 1 <= float(p["weight"]) <= 99:
        raise GradebookError(f"The weight must be a percent from 1 to 99, not {p['weight']}.")
    if method == "n_mastery" and not (int(p["n"]) == p["n"] and 1 <= int(p["n"]) <= 10):
        raise GradebookError(f"n must be a whole number from 1 to 10, not {p['n']}.")
    if p["at"] not in ("last", "next"):
        raise GradebookError(f"at must be 'last' or 'next', not {p['at']!r}.")
    if p["tie"] not in ("higher", "latest"):
        raise GradebookError(f"The mode tie rule must be 'higher' or 'latest', not {p['tie']!r}.")
    if p["rounding"] is not None and p["rounding"] not in _MODES:
        raise GradebookError(f"Unknown rounding {p['rounding']!r}; use 'half_up', 'half_even' or None.")
    return p


def _clean(scores: Iterable[Any]) -> list[float]:
    out = []
    for s in scores:
        if s is None:
            continue
        f = float(s)
        if not math.isnan(f):
            out.append(f)
    return out


def _mode(s: list[float], tie: str) -> float:
    counts = Counter(s)
    top = max(counts.values())
    tied = [v for v in counts if counts[v] == top]
    if tie == "higher":
        return max(tied)
    last = {v: i for i, v in enumerate(s)}
    return max(tied, key=lambda v: last[v])


def _weighted_average(s: list[float], w: float) -> float:
    if len(s) == 1:
        return s[0]
    return s[-1] * w + (sum(s[:-1]) / (len(s) - 1)) * (1 - w)


def _decaying_average(s: list[float], w: float) -> float:
    d = s[0]
    for x in s[1:]:
        d = d * (1 - w) + x * w
    return d


def _n_mastery(s: list[float], p: dict[str, Any]) -> float | None:
    at = [x for x in s if x >= float(p["mastery"])]
    return sum(at) / len(at) if len(at) >= int(p["n"]) else None


def _power_law(s: list[float], p: dict[str, Any]) -> float | None:
    n = len(s)
    if n < 3:
        return None
    floor = float(p["floor"])
    lx = [math.log(i) for i in range(1, n + 1)]
    ly = [math.log(max(x, floor)) for x in s]
    sx, sy = sum(lx), sum(ly)
    sxx = sum(v * v for v in lx)
    sxy = sum(a * b for a, b in zip(lx, ly))
    b = (n * sxy - sx * sy) / (n * sxx - sx * sx)
    lna = (sy - b * sx) / n
    x = n if p["at"] == "last" else n + 1
    y = math.exp(lna + b * math.log(x))
    top = p["scale_max"]
    return min(max(y, 0.0), float(top)) if top is not None else max(y, 0.0)


#: Each method on a non-empty list of scores (oldest first), the weight as a fraction and the
#: checked parameters.
_Method = Callable[[list[float], float, dict[str, Any]], float | None]
_BY_NAME: dict[str, _Method] = {
    "highest": lambda s, w, p: max(s),
    "latest": lambda s, w, p: s[-1],
    "average": lambda s, w, p: sum(s) / len(s),
    "mode": lambda s, w, p: _mode(s, p["tie"]),
    "weighted_average": lambda s, w, p: _weighted_average(s, w),
    "decaying_average": lambda s, w, p: _decaying_average(s, w),
    "n_mastery": lambda s, w, p: _n_mastery(s, p),
    "power_law": lambda s, w, p: _power_law(s, p),
}
assert set(_BY_NAME) == set(METHODS)


def _raw(s: list[float], method: str, p: dict[str, Any]) -> float | None:
    w = float(p["weight"]) / 100.0
    fn = _BY_NAME.get(method)
    if fn is None:  # pragma: no cover - check_params refuses unknown methods first
        raise GradebookError(f"Unknown roll-up method {method!r}.")
    return fn(s, w, p)


def rollup(scores: Iterable[float | None], method: str, **params: Any) -> float | None:
    """Roll one student's scores on one standard (oldest first) into one number, or None.

    Missing values (None or NaN) are ignored; pass only scored evidence (excused never counts).
    Parameters: ``weight`` (percent), ``n``, ``mastery``, ``at`` ("last"/"next"), ``rounding``
    ("half_up", "half_even" or None), ``tie`` ("higher"/"latest", for mode), ``scale_max``
    (power law clamp), ``floor`` (power law: zeros are raised to this before the log).

    >>> rollup([1, 2, 3], "highest"), rollup([1, 2, 3], "latest"), rollup([], "average")
    (3.0, 3.0, None)
    """
    p = check_params(method, **params)
    s = _clean(scores)
    if not s:
        return None
    return round_score(_raw(s, method, p), p["rounding"])


_CANVAS = {
    "decaying_average": "weighted_average",
    "standard_decaying_average": "decaying_average",
    "n_mastery": "n_mastery",
    "highest": "highest",
    "latest": "latest",
    "average": "average",
}


def canvas_method(api_value: str, calculation_int: int | None = None) -> tuple[str, dict[str, Any]]:
    """Map Canvas's outcome ``calculation_method`` (and ``calculation_int``) to ours.

    Canvas's ``decaying_average`` is our ``weighted_average``; its
    ``standard_decaying_average`` is our iterative ``decaying_average``.

    >>> canvas_method("standard_decaying_average", 75), canvas_method("n_mastery", 3)
    (('decaying_average', {'weight': 75}), ('n_mastery', {'n': 3}))
    """
    key = str(api_value).strip().lower()
    if key not in _CANVAS:
        raise GradebookError(
            f"Canvas calculation method {api_value!r} is not one plkit knows; use one of "
            f"{', '.join(_CANVAS)}."
        )
    method = _CANVAS[key]
    params: dict[str, Any] = {}
    if method in ("weighted_average", "decaying_average") and calculation_int is not None:
        params["weight"] = int(calculation_int)
    elif method == "n_mastery" and calculation_int is not None:
        params["n"] = int(calculation_int)
    if params:
        check_params(method, **params)
    return method, params
