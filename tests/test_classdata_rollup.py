"""rollup: every method of CLASSDATA.md section 2 against hand-computed examples."""

from __future__ import annotations

import doctest
import importlib

import numpy as np
import pytest

from plkit.classdata import METHODS, GradebookError, canvas_method, rollup
from plkit.classdata.rollup import round_score


def test_weighted_average_canvas_old_decaying() -> None:
    assert rollup([1, 2, 3, 4], "weighted_average", weight=65) == 3.30  # 4*.65 + 2*.35
    assert rollup([1, 2, 3, 4], "weighted_average") == 3.30  # default w=65
    assert rollup([2, 4], "weighted_average", weight=50) == 3.0


def test_decaying_average_is_iterative() -> None:
    # D1=2, D2=2*.25+3*.75=2.75, D3=2.75*.25+4*.75=3.6875
    assert rollup([2, 3, 4], "decaying_average", weight=75) == 3.69
    assert rollup([2, 3, 4], "decaying_average", weight=75, rounding=None) == pytest.approx(3.6875)
    assert rollup([2, 3, 4], "decaying_average") == 3.69  # default 75
    assert rollup([4, 2], "decaying_average", weight=50) == 3.0


def test_n_mastery() -> None:
    assert rollup([1, 3, 4, 2], "n_mastery", n=2, mastery=3) == 3.5
    assert rollup([1, 3, 2, 2], "n_mastery", n=2, mastery=3) is None
    assert rollup([3, 3, 3, 3], "n_mastery", mastery=3) is None  # default n=5
    assert rollup([3] * 5, "n_mastery", mastery=3) == 3.0


def test_simple_methods() -> None:
    s = [2, 4, 3, 3]
    assert rollup(s, "highest") == 4.0
    assert rollup(s, "latest") == 3.0
    assert rollup(s, "average") == 3.0
    assert rollup(s, "mode") == 3.0
    assert rollup([1, 2, 3], "average") == 2.0
    assert rollup([2, 3.5, 1], "average") == 2.17


def test_mode_tie_rule() -> None:
    assert rollup([4, 2, 4, 2], "mode") == 4.0  # higher level
    assert rollup([4, 2, 4, 2], "mode", tie="latest") == 2.0
    assert rollup([2, 4, 2, 4], "mode", tie="latest") == 4.0


def _power(scores, at="last", floor=0.01):
    y = np.maximum(np.array(scores, float), floor)
    x = np.arange(1, len(y) + 1)
    b, lna = np.polyfit(np.log(x), np.log(y), 1)
    xe = len(y) if at == "last" else len(y) + 1
    return float(np.exp(lna) * xe**b)


@pytest.mark.parametrize("scores", [[1, 2, 3], [2, 2, 3, 4], [4, 3, 3, 1], [0, 2, 3], [1, 1, 1]])
@pytest.mark.parametrize("at", ["last", "next"])
def test_power_law_matches_numpy_least_squares(scores, at) -> None:
    expected = float(round_score(_power(scores, at)))
    assert rollup(scores, "power_law", at=at) == pytest.approx(expected, abs=1e-9)


def test_power_law_needs_three_and_clamps_to_the_scale() -> None:
    assert rollup([1, 2], "power_law") is None
    assert rollup([1, 3, 4], "power_law", at="next", scale_max=4) == 4.0
    assert rollup([1, 3, 4], "power_law", at="next") > 4.0


def test_rounding_half_up_default_and_half_even() -> None:
    assert round_score(2.675) == 2.68  # the float 2.675 is 2.67499999...
    assert round_score(2.665, "half_even") == 2.66
    assert round_score(2.675, "half_even") == 2.68
    assert rollup([2.675], "average") == 2.68
    assert rollup([2.665], "average", rounding="half_even") == 2.66
    assert rollup([1, 2, 2], "average", rounding=None) == pytest.approx(5 / 3)
    assert rollup([1, 2, 2], "average") == 1.67


@pytest.mark.parametrize("method", METHODS)
def test_single_score_every_method(method: str) -> None:
    expected = None if method == "power_law" else 3.0
    params = {"n": 1} if method == "n_mastery" else {}
    assert rollup([3], method, **params) == expected


@pytest.mark.parametrize("method", METHODS)
def test_missing_values_are_ignored_and_empty_gives_none(method: str) -> None:
    assert rollup([], method) is None
    assert rollup([None, float("nan")], method) is None
    assert rollup([2, None, 3, float("nan"), 4], method, n=1) == rollup([2, 3, 4], method, n=1)


def test_bad_parameters_get_one_sentence() -> None:
    for call in (
        lambda: rollup([1], "median"),
        lambda: rollup([1], "weighted_average", weight=100),
        lambda: rollup([1], "n_mastery", n=11),
        lambda: rollup([1], "power_law", at="first"),
        lambda: rollup([1], "average", rounding="up"),
        lambda: rollup([1], "average", bogus=1),
    ):
        with pytest.raises(GradebookError) as info:
            call()
        assert "\n" not in str(info.value) and str(info.value).endswith(".")


def test_canvas_method_mapping() -> None:
    assert canvas_method("decaying_average", 65) == ("weighted_average", {"weight": 65})
    assert canvas_method("standard_decaying_average", 75) == ("decaying_average", {"weight": 75})
    assert canvas_method("n_mastery", 3) == ("n_mastery", {"n": 3})
    for name in ("highest", "latest", "average"):
        assert canvas_method(name, None) == (name, {})
    with pytest.raises(GradebookError, match="not one plkit knows"):
        canvas_method("median", 1)
    with pytest.raises(GradebookError):
        canvas_method("n_mastery", 20)
    method, params = canvas_method("decaying_average", 65)
    assert rollup([1, 2, 3, 4], method, **params) == 3.30


@pytest.mark.parametrize(
    "module",
    ["cells", "demo", "equity", "export", "groups", "mastery", "model", "profiles", "pseudonym", "read", "rollup"],
)
def test_docstring_examples_run(module: str) -> None:
    mod = importlib.import_module(f"plkit.classdata.{module}")
    result = doctest.testmod(mod)
    assert result.failed == 0
    assert mod.__all__
    for name in mod.__all__:
        obj = getattr(mod, name)
        if callable(obj) and not isinstance(obj, type(doctest)):
            assert getattr(obj, "__doc__", None), f"{module}.{name} has no docstring"
