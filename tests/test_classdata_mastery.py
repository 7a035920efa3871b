"""mastery: the vectorised roll-up equals rollup() on every group, for every method; status."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from plkit.classdata import METHODS, demo_gradebook, growth, mastery, rollup
from plkit.classdata.model import GradebookError


def random_table(seed: int = 7, students: int = 25, standards: int = 4) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for s in range(students):
        for d in range(standards):
            for k in range(int(rng.integers(1, 7))):
                status = rng.choice(["scored"] * 8 + ["missing", "excused"])
                mx = float(rng.choice([4, 10, 20]))
                score = float(rng.integers(0, int(mx) + 1)) if status == "scored" else np.nan
                rows.append((f"s{s}", f"i{d}-{k}", f"STD{d}", score, mx, status, int(rng.integers(0, 1000))))
    return pd.DataFrame(rows, columns=["student", "item", "standard", "score", "max_points", "status", "order"])


PARAMS = [
    ("highest", {}), ("latest", {}), ("average", {}), ("mode", {}), ("mode", {"tie": "latest"}),
    ("weighted_average", {"weight": 65}), ("decaying_average", {"weight": 75}),
    ("decaying_average", {"weight": 60, "rounding": "half_even"}), ("n_mastery", {"n": 2, "mastery": 2.5}),
    ("power_law", {}), ("power_law", {"at": "next"}), ("average", {"rounding": None}),
]  # fmt: skip


@pytest.mark.parametrize("method,params", PARAMS)
@pytest.mark.parametrize("seed", [1, 2])
def test_vectorised_equals_rollup_on_every_group(method: str, params: dict, seed: int) -> None:
    table = random_table(seed)
    got = mastery(table, method, **params)
    assert set(METHODS) >= {method}
    scored = table[table["status"] == "scored"].sort_values(["student", "standard", "order"], kind="stable")
    checked = 0
    for (student, standard), part in scored.groupby(["student", "standard"]):
        scaled = (part["score"] / part["max_points"] * 4.0).tolist()
        kw = dict(params)
        if method == "power_law":
            kw["scale_max"] = 4.0
        expected = rollup(scaled, method, **kw)
        row = got[(got["student"] == student) & (got["standard"] == standard)].iloc[0]
        if expected is None:
            assert np.isnan(row["rollup"])
        else:
            assert row["rollup"] == pytest.approx(expected, abs=1e-12)
        assert row["evidence"] == len(part)
        checked += 1
    assert checked > 50


def test_status_ready_not_yet_insufficient() -> None:
    t = pd.DataFrame(
        {
            "student": ["a", "a", "b", "b", "c", "d"],
            "item": ["q1", "q2", "q1", "q2", "q1", "q1"],
            "standard": ["S"] * 6,
            "score": [4.0, 4.0, 1.0, 2.0, 4.0, np.nan],
            "max_points": [4.0] * 6,
            "status": ["scored"] * 5 + ["excused"],
            "order": [0, 1, 0, 1, 0, 0],
        }
    )
    m = mastery(t, "average", min_evidence=2).set_index("student")
    assert m["status"].to_dict() == {"a": "ready", "b": "not_yet", "c": "insufficient_evidence",
                                     "d": "insufficient_evidence"}
    assert m.loc["d", "evidence"] == 0 and np.isnan(m.loc["d", "rollup"])
    assert mastery(t, "average", mastery=4.5).set_index("student").loc["a", "status"] == "not_yet"


def test_scaling_p_over_P_times_S_and_zero_points_possible_dropped() -> None:
    t = pd.DataFrame({"student": "a", "item": ["q1", "q2", "q3"], "standard": "S", "score": [5.0, 3.0, 2.0],
                      "max_points": [10.0, np.nan, 0.0], "status": "scored", "order": [0, 1, 2]})
    m = mastery(t, "average", scale=4.0)
    assert m.loc[0, "rollup"] == 2.5 and m.loc[0, "evidence"] == 2  # (2 + 3) / 2
    assert mastery(t, "highest", scale=100).loc[0, "rollup"] == 50.0


def test_not_assigned_and_unmapped_rows_are_ignored() -> None:
    t = pd.DataFrame({"student": ["a", "a", "b"], "item": ["q1", "q2", "q1"], "standard": ["S", None, "S"],
                      "score": [3.0, 4.0, np.nan], "max_points": 4.0,
                      "status": ["scored", "scored", "not_assigned"], "order": [0, 1, 0]})
    m = mastery(t, "latest")
    assert m["student"].tolist() == ["a"] and m["rollup"].tolist() == [3.0]


def test_demo_class_and_growth() -> None:
    gb = demo_gradebook()
    m = mastery(gb, "decaying_average")
    assert len(m) == 24 * 4 and set(m["status"]) <= {"ready", "not_yet", "insufficient_evidence"}
    g = growth(pd.DataFrame({"student": "a", "item": ["1", "2", "3"], "standard": "S", "score": [1.0, 2.0, 3.0],
                             "max_points": 4.0, "status": "scored", "order": [2, 0, 1]}))
    assert g.loc[0, "slope"] == pytest.approx(-0.5) and g.loc[0, "first"] == 2.0 and g.loc[0, "latest"] == 1.0


def test_bad_input_gets_one_sentence() -> None:
    with pytest.raises(GradebookError, match="no 'standard' column"):
        mastery(pd.DataFrame({"student": [1]}), "average")
    with pytest.raises(GradebookError, match="Unknown roll-up method"):
        mastery(random_table(), "median")
