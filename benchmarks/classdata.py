"""Class-data speed: one million scores through read, roll-up (every method), status and groups.

A synthetic tidy long table (10,000 students x 20 standards x 5 attempts = 1,000,000 scores,
made with numpy from a fixed seed, with a few blank, ``EX`` and ``M`` cells as real exports
have) is written as CSV to a private temporary folder, then:

1. read: ``plkit.classdata.read_gradebook`` (decode, sniff, parse, classify, pseudonymise);
2. roll-up: ``plkit.classdata.mastery`` once per method (all eight);
3. status: the share ready / not yet / needing evidence per standard, from the mastery table;
4. groups: readiness groups for every standard (10,000 students each).

It prints each stage's time and the roll-up's speed against a straightforward pandas
groupby-apply that calls ``plkit.classdata.rollup`` once per student x standard, measured in the
same run (on a subsample of students, scaled up, and in full for one method unless ``--quick``).
Goals: the whole pipeline under 3 s on a 2-core machine; the roll-up at least 20x faster.

    python benchmarks/classdata.py              # full run
    python benchmarks/classdata.py --quick      # baseline on the subsample only
"""

from __future__ import annotations

import argparse
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from plkit.classdata import METHODS, mastery, read_gradebook, readiness_groups, rollup
from plkit.classdata.mastery import evidence_table
from plkit.classdata.summary import standard_rates

warnings.filterwarnings("ignore")

STUDENTS, STANDARDS, ATTEMPTS = 10_000, 20, 5
PARAMS: dict[str, dict] = {"n_mastery": {"n": 3}, "power_law": {"scale_max": 4.0}}
SEED = 20240605


def synthetic_csv(folder: Path, students: int = STUDENTS, seed: int = SEED) -> Path:
    """The long table as CSV: student id, student, standard, assessment, attempt, score, max."""
    rng = np.random.default_rng(seed)
    n = students * STANDARDS * ATTEMPTS
    sid = np.repeat(np.arange(100_000, 100_000 + students), STANDARDS * ATTEMPTS)
    std = np.tile(np.repeat(np.arange(STANDARDS), ATTEMPTS), students)
    att = np.tile(np.arange(1, ATTEMPTS + 1), students * STANDARDS)
    # Each student x standard starts somewhere and grows a little per attempt, with noise.
    start = rng.normal(2.2, 0.7, students * STANDARDS).repeat(ATTEMPTS)
    raw = start + 0.25 * (att - 1) + rng.normal(0, 0.45, n)
    score = np.clip(np.round(raw * 2) / 2, 0, 4)  # half points on a 4-point rubric
    cell = np.char.mod("%.1f", score).astype(object)
    roll = rng.random(n)
    cell[roll < 0.02] = ""  # no score
    cell[(roll >= 0.02) & (roll < 0.03)] = "EX"
    cell[(roll >= 0.03) & (roll < 0.035)] = "M"
    first = np.array(["Ana", "Bo", "Chen", "Dara", "Eli", "Femi", "Gus", "Hana"], dtype=object)
    names = (first[sid % 8] + " Student" + (sid - 100_000).astype(str).astype(object))
    codes = np.array([f"STD.{i + 1:02d}" for i in range(STANDARDS)], dtype=object)
    table = pd.DataFrame({
        "student id": sid.astype(str),
        "student": names,
        "standard": codes[std],
        "assessment": codes[std] + " check " + att.astype(str).astype(object),
        "attempt": att,
        "score": cell,
        "max points": "4",
    })
    path = folder / "long.csv"
    table.to_csv(path, index=False)
    return path


def groupby_apply(scores: pd.DataFrame, method: str, params: dict) -> pd.Series:
    """The straightforward way: scored evidence, scaled and sorted, then ``rollup`` per group."""
    keep = (scores["status"] == "scored") & scores["standard"].notna()
    ev = scores[keep]
    value = ev["score"] / ev["max_points"] * 4.0
    ev = ev.assign(value=value).sort_values(["student", "standard", "order"], kind="stable")
    return ev.groupby(["student", "standard"], sort=True)["value"].apply(
        lambda s: rollup(s.tolist(), method, **params))


def timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=1_000, help="students in the baseline subsample")
    ap.add_argument("--full-method", default="decaying_average",
                    help="method whose baseline also runs on all students")
    ap.add_argument("--quick", action="store_true", help="skip the full-size baseline")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="plkit-bench-") as tmp:  # mode 0700
        t0 = time.perf_counter()
        path = synthetic_csv(Path(tmp))
        size = path.stat().st_size / 1e6
        print(f"data: {STUDENTS:,} students x {STANDARDS} standards x {ATTEMPTS} attempts = "
              f"{STUDENTS * STANDARDS * ATTEMPTS:,} scores, {size:.0f} MB CSV "
              f"(made in {time.perf_counter() - t0:.1f} s, not timed)")

        gb, t_read = timed(read_gradebook, path, secret=b"benchmark secret")
    scores = gb.scores
    assert len(scores) == STUDENTS * STANDARDS * ATTEMPTS, len(scores)
    print(f"\nread       {t_read:6.2f} s   ({gb.layout}, {len(scores):,} rows, "
          f"{scores['student'].nunique():,} students)")

    t_roll, per_method, tables = 0.0, {}, {}
    for method in METHODS:
        m, t = timed(mastery, gb, method, **PARAMS.get(method, {}))
        per_method[method], tables[method] = t, m
        t_roll += t
    print(f"roll-up    {t_roll:6.2f} s   (all {len(METHODS)} methods, "
          f"{len(tables['highest']):,} student x standard rows each)")
    for method in METHODS:
        print(f"  {method:<17} {per_method[method]:6.3f} s")

    m = tables["decaying_average"]
    rates, t_status = timed(standard_rates, m)
    ready = float((m["status"] == "ready").mean())
    print(f"status     {t_status:6.2f} s   (per standard; {ready:.0%} of rows ready)")

    def all_groups() -> int:
        return sum(len(readiness_groups(m, s)["group"].unique()) for s in rates["standard"])

    n_groups, t_groups = timed(all_groups)
    print(f"groups     {t_groups:6.2f} s   ({n_groups:,} readiness groups over {len(rates)} standards)")
    total = t_read + t_roll + t_status + t_groups
    print(f"pipeline   {total:6.2f} s   goal < 3 s: {'met' if total < 3 else 'NOT met'}")

    # Baseline: groupby-apply with rollup per group, on a subsample of students, scaled.
    keys = pd.unique(scores["student"])
    sample = set(keys[: args.sample])
    sub = scores[scores["student"].isin(sample)]
    factor = len(keys) / len(sample)
    print(f"\nbaseline: pandas groupby-apply calling rollup() per student x standard, timed on "
          f"{len(sample):,} of {len(keys):,} students and scaled x{factor:.0f}")
    ratios = []
    for method in METHODS:
        p = PARAMS.get(method, {})
        base, t = timed(groupby_apply, sub, method, p)
        # the same values as the vectorised roll-up (a check, not timed)
        got = tables[method].set_index(["student", "standard"])["rollup"].reindex(base.index)
        want = base.astype(float)
        assert np.allclose(got.to_numpy(float), want.to_numpy(float), equal_nan=True), method
        scaled = t * factor
        ratio = scaled / per_method[method]
        ratios.append(ratio)
        print(f"  {method:<17} {scaled:7.2f} s (scaled)  vs {per_method[method]:6.3f} s  = {ratio:5.0f}x")
    if not args.quick:
        method = args.full_method
        _, t = timed(groupby_apply, scores, method, PARAMS.get(method, {}))
        ratio = t / per_method[method]
        print(f"  {method:<17} {t:7.2f} s (FULL, all {len(keys):,} students)  vs "
              f"{per_method[method]:6.3f} s  = {ratio:5.0f}x")
        ratios.append(ratio)
    print(f"roll-up speed-up: min {min(ratios):.0f}x, goal >= 20x: "
          f"{'met' if min(ratios) >= 20 else 'NOT met'}")


if __name__ == "__main__":
    main()
