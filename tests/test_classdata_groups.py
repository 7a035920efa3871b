"""Readiness and mixed-readiness groups, learner profiles, subgroup gaps with suppression."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from plkit.classdata import (
    GroupingError,
    demo_gradebook,
    group_movement,
    learner_profiles,
    mastery,
    mixed_groups,
    readiness_groups,
    subgroup_gaps,
)
from plkit.classdata.model import GradebookError


def table(rollups: list[float], standard: str = "S") -> pd.DataFrame:
    return pd.DataFrame({"student": [f"s{i:02d}" for i in range(len(rollups))], "standard": standard,
                         "rollup": rollups, "evidence": 3, "status": "not_yet"})


def test_readiness_bands_split_into_near_equal_groups_of_3_to_5() -> None:
    r = [0.5, 1.0, 1.2, 1.5, 1.8, 2.0, 1.1, 3.0, 3.2, 3.4, 3.6, 3.9, 4.0, 3.1, 3.3, 3.5, 3.7]
    g = readiness_groups(table(r), "S")
    sizes = g.groupby("group").size()
    assert sizes.between(3, 5).all()
    assert g.groupby("band")["group"].nunique().to_dict() == {"building": 2, "ready": 2}
    assert sorted(sizes.tolist()) == [3, 4, 5, 5]  # 7 -> 4+3, 10 -> 5+5
    assert g["band"].iloc[0] == "building"  # neediest first
    means = g.groupby("group")["rollup"].mean()
    assert means.is_monotonic_increasing


def test_small_leftover_band_merges_into_nearest() -> None:
    r = [0.5, 1.0, 1.2, 2.6, 3.2, 3.5, 3.9]  # approaching has 1 student
    g = readiness_groups(table(r), "S")
    assert g.groupby("group").size().min() >= 3
    assert g.set_index("student").loc["s03", "band"] == "approaching"  # merged group keeps the needier name
    assert set(g["band"]) == {"building", "approaching"}


def test_no_rollup_students_form_a_more_evidence_band() -> None:
    r = [1.0, 1.1, 1.2, np.nan, np.nan, np.nan, 3.5, 3.6, 3.9]
    g = readiness_groups(table(r), "S")
    assert g["band"].tolist()[-3:] == ["more evidence"] * 3
    with pytest.raises(GroupingError, match="standard"):
        readiness_groups(table(r), "nope")


def test_mixed_groups_snake_deal_is_balanced() -> None:
    values = pd.Series(np.arange(12, dtype=float), index=[f"s{i:02d}" for i in range(12)])
    g = mixed_groups(values, 3)
    assert g.groupby("group").size().tolist() == [4, 4, 4]
    means = g.groupby("group")["value"].mean()
    assert means.max() - means.min() <= 0.5
    first = g[g["student"] == "s11"]["group"].iloc[0]
    assert g[g["student"] == "s06"]["group"].iloc[0] == first  # snake: 11 and 6 share group 1


def test_mixed_groups_honour_keep_apart_and_keep_together() -> None:
    values = pd.Series(np.arange(12, dtype=float), index=[f"s{i:02d}" for i in range(12)])
    apart = [("s11", "s06"), ("s00", "s05")]
    together = [("s11", "s10"), ("s01", "s02")]
    g = mixed_groups(values, 3, keep_apart=apart, keep_together=together, min_size=3, max_size=5)
    grp = g.set_index("student")["group"]
    assert all(grp[a] != grp[b] for a, b in apart)
    assert all(grp[a] == grp[b] for a, b in together)
    assert g.groupby("group").size().between(3, 5).all()
    assert g.attrs["unmet"] == []


def test_mixed_groups_report_impossible_constraints_and_sizes() -> None:
    values = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], index=list("abcdef"))
    g = mixed_groups(values, 2, keep_together=[("a", "b"), ("a", "c"), ("a", "d")], min_size=3, max_size=3)
    assert g.attrs["unmet"]
    with pytest.raises(GroupingError, match="cannot make"):
        mixed_groups(values, 3, min_size=3)
    with pytest.raises(GroupingError, match="not in this class"):
        mixed_groups(values, 2, keep_apart=[("a", "zz")])


def test_group_movement_between_cycles() -> None:
    before = readiness_groups(table([1.0, 1.1, 1.2, 3.5, 3.6, 3.9]), "S")
    after = readiness_groups(table([3.0, 1.1, 1.2, 3.5, 3.6, 1.0]), "S")
    moved = group_movement(before, after).set_index("student")["moved"]
    assert moved["s00"] and moved["s05"] and not moved["s01"]


def test_learner_profiles_use_standards_not_labels() -> None:
    gb = demo_gradebook()
    profiles = learner_profiles(gb, "decaying_average", interests={gb.students[0]: ["robots"]})
    assert len(profiles) == 24
    p = profiles[gb.students[0]]
    assert p.interests == ["robots"] and p.evidence > 0
    assert set(p.standards.columns) >= {"standard", "rollup", "status", "slope", "evidence"}
    for prof in profiles.values():
        assert set(prof.strengths).isdisjoint(prof.needs)
        text = prof.summary().lower()
        for label in ("low", "high", "gifted", "struggling", "weak", "smart"):
            assert label not in text.split()
    some = [x for x in profiles.values() if x.missing_rate > 0]
    assert some and some[0].missing_rate == pytest.approx(1 / 14)


def rate_data(sizes: dict[str, int], ready: dict[str, float]) -> tuple[pd.Series, pd.Series]:
    vals: list[int] = []
    grp: list[str] = []
    for g, n in sizes.items():
        k = round(ready[g] * n)
        vals += [1] * k + [0] * (n - k)
        grp += [g] * n
    idx = [f"s{j}" for j in range(len(vals))]
    return pd.Series(vals, index=idx), pd.Series(grp, index=idx)


def test_small_group_suppressed_without_its_n_and_complementary_suppression() -> None:
    v, g = rate_data({"A": 25, "B": 14, "C": 4}, {"A": 0.6, "B": 0.5, "C": 0.5})
    r = subgroup_gaps(v, g).groups.set_index("subgroup")
    assert r.loc["C", "result"] == "suppressed (n<10)" and r.loc["C", "n"] == "suppressed (n<10)"
    assert "4" not in " ".join(r.loc["C"].astype(str))
    assert r.loc["B", "result"] == "suppressed"  # next smallest, complementary
    assert r.loc["A", "result"] == "60%" and r.loc["A", "n"] == "25"


def test_two_suppressed_groups_need_no_complement_and_min_n_is_configurable() -> None:
    v, g = rate_data({"A": 25, "B": 12, "C": 4, "D": 3}, {"A": 0.6, "B": 0.5, "C": 0.5, "D": 0.3})
    r = subgroup_gaps(v, g).groups.set_index("subgroup")
    assert r.loc["B", "result"] == "50%"
    r = subgroup_gaps(v, g, min_n=15).groups.set_index("subgroup")
    assert r.loc["B", "result"] == "suppressed (n<15)"
    for bad in (4, 31):
        with pytest.raises(GradebookError, match="5 to 30"):
            subgroup_gaps(v, g, min_n=bad)


def test_whole_class_subgroup_and_all_or_none_coding() -> None:
    v, g = rate_data({"A": 20, "B": 20}, {"A": 1.0, "B": 0.0})
    r = subgroup_gaps(v, g).groups.set_index("subgroup")
    assert r.loc["A", "result"] == ">=95%" and r.loc["B", "result"] == "<=5%"
    every = pd.Series(["all"] * 40, index=v.index)
    r = subgroup_gaps(v, every).groups.set_index("subgroup")
    assert r.loc["all", "result"] == "not reported"


def test_gaps_only_between_passing_groups_with_n_and_instability() -> None:
    v, g = rate_data({"A": 30, "B": 12, "C": 25, "D": 3, "E": 2},
                     {"A": 0.6, "B": 0.25, "C": 0.4, "D": 0.5, "E": 0.5})
    gaps = subgroup_gaps(v, g).gaps.set_index("between")
    assert set(gaps.index) == {"A vs B", "A vs C", "B vs C"}
    assert gaps.loc["A vs C", "gap"] == "+20 points" and gaps.loc["A vs C", "n"] == "30 and 25"
    assert gaps.loc["A vs C", "note"] == "" and gaps.loc["A vs B", "note"].startswith("unstable")
    means = subgroup_gaps(v.astype(float) * 4, g, metric="mean").gaps.set_index("between")
    assert means.loc["A vs C", "gap"] == "+0.80"


def test_mastery_feeds_groups_end_to_end() -> None:
    m = mastery(demo_gradebook(), "decaying_average")
    g = readiness_groups(m, "RL.1")
    assert len(g) == 24 and g.groupby("group").size().between(3, 5).all()
    mixed = mixed_groups(m, 6)
    assert mixed.groupby("group").size().tolist() == [4] * 6
