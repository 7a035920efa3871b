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
    python benchmarks/classdata.py --shuffle    # rows in random order (worst case)
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from plkit.classdata import METHODS, mastery, read_gradebook, readiness_groups, rollup
from plkit.classdata.summary import standard_rates

warnings.filterwarnings("ignore")

STUDENTS, STANDARDS, ATTEMPTS = 10_000, 20, 5
PARAMS: dict[str, dict] = {"n_mastery": {"n": 3}, "power_law": {"scale_max": 4.0}}
SEED = 20240605


def synthetic_csv(folder: Path, students: int = STUDENTS, seed: int = SEED, shuffle: bool = False) -> Path:
    """The long table as CSV: student id, student, standard, assessment, attempt, score, max.

    Rows come grouped by student, as most exports list them; ``shuffle`` writes them in a random
    order instead (the worst case for reading and grouping)."""
    rng = np.random.default_rng(seed)
    n = students * STANDARDS * ATTEMPTS
    sid = np.repeat(np.arange(100_000, 100_000 + students), STANDARDS * ATTEMPTS)
    std = np.tile(np.repeat(np.arange(STANDARDS), ATTEMPTS), students)
    att = np.tile(np.arange(1, ATTEMPTS + 1), students * STANDARDS)
    # Each student x standard starts somewhere and grows a little per attempt, with noise.
    start = rng.normal(2.2, 0.7, students * STANDARDS).repeat(ATTEMPTS)
    raw = start + 0.25 * (att - 1) + rng.normal(0, 0.45, n)
    score = np.clip(np.round(raw * 2) / 2, 0, 4)  # half points on a 4-point rubric
    cell = np.array([f"{x / 2:.1f}" for x in range(9)], dtype=object)[(score * 2).astype(int)]
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
    if shuffle:
        table = table.iloc[rng.permutation(n)]
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


def pipeline(path: Path) -> tuple[dict[str, float], dict[str, float], pd.DataFrame, dict]:
    """One pass: read, roll-up with every method, status, groups. Returns the times."""
    stage: dict[str, float] = {}
    gb, stage["read"] = timed(read_gradebook, path, secret=b"benchmark secret")
    per_method, tables = {}, {}
    for method in METHODS:
        tables[method], per_method[method] = timed(mastery, gb, method, **PARAMS.get(method, {}))
    stage["roll-up"] = sum(per_method.values())
    m = tables["decaying_average"]
    rates, stage["status"] = timed(standard_rates, m)

    def all_groups() -> int:
        return sum(int(readiness_groups(m, s)["group"].max()) for s in rates["standard"])

    n_groups, stage["groups"] = timed(all_groups)
    facts = {"gb": gb, "tables": tables, "rates": rates, "groups": n_groups}
    return stage, per_method, m, facts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="passes of the pipeline (median reported)")
    ap.add_argument("--sample", type=int, default=1_000, help="students in the baseline subsample")
    ap.add_argument("--full-method", default="decaying_average",
                    help="method whose baseline also runs on all students")
    ap.add_argument("--quick", action="store_true", help="skip the full-size baseline")
    ap.add_argument("--shuffle", action="store_true", help="write the rows in a random order")
    args = ap.parse_args()
    med = statistics.median

    with tempfile.TemporaryDirectory(prefix="plkit-bench-") as tmp:  # a user-only folder (0700)
        t0 = time.perf_counter()
        path = synthetic_csv(Path(tmp), shuffle=args.shuffle)
        size = path.stat().st_size / 1e6
        print(f"data: {STUDENTS:,} students x {STANDARDS} standards x {ATTEMPTS} attempts = "
              f"{STUDENTS * STANDARDS * ATTEMPTS:,} scores, a {size:.0f} MB long CSV "
              f"({'rows in random order' if args.shuffle else 'rows grouped by student'}) "
              f"(made in {time.perf_counter() - t0:.1f} s, not timed); {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.1f}")
        stages: list[dict[str, float]] = []
        methods: list[dict[str, float]] = []
        base: list[dict[str, float]] = []
        for rep in range(args.repeat):
            stage, per_method, m, facts = pipeline(path)
            stages.append(stage)
            methods.append(per_method)
            print(f"  pass {rep + 1}: " + ", ".join(f"{k} {v:.2f} s" for k, v in stage.items())
                  + f"; total {sum(stage.values()):.2f} s")
            # The baseline in the same pass, on a subsample of students, scaled up.
            scores = facts["gb"].scores
            keys = pd.unique(scores["student"])
            sample = scores[scores["student"].isin(set(keys[: args.sample]))]
            factor = len(keys) / min(args.sample, len(keys))
            times = {}
            for method in METHODS:
                got, t = timed(groupby_apply, sample, method, PARAMS.get(method, {}))
                times[method] = t * factor
                if rep == 0:  # the same values as the vectorised roll-up (checked, not timed)
                    mine = facts["tables"][method].set_index(["student", "standard"])["rollup"]
                    mine = mine.reindex(got.index).to_numpy(float)
                    assert np.allclose(mine, got.to_numpy(float), equal_nan=True), method
            base.append(times)

    gb, tables = facts["gb"], facts["tables"]
    scores = gb.scores
    n_pairs = len(tables["highest"])
    print(f"\nmedian of {args.repeat} passes (each stage timed on its own):")
    print(f"  read      {med(s['read'] for s in stages):6.2f} s   ({gb.layout}, {len(scores):,} rows, "
          f"{scores['student'].nunique():,} students)")
    print(f"  roll-up   {med(s['roll-up'] for s in stages):6.2f} s   (all {len(METHODS)} methods, "
          f"{n_pairs:,} student x standard results each)")
    for method in METHODS:
        print(f"    {method:<17} {med(x[method] for x in methods):6.3f} s")
    ready = float((m["status"] == "ready").mean())
    print(f"  status    {med(s['status'] for s in stages):6.2f} s   (share ready / not yet / needing "
          f"evidence per standard; {ready:.0%} ready)")
    print(f"  groups    {med(s['groups'] for s in stages):6.2f} s   ({facts['groups']:,} readiness groups "
          f"over {len(facts['rates'])} standards)")
    totals = [sum(s.values()) for s in stages]
    total = med(totals)
    print(f"  pipeline  {total:6.2f} s   (best pass {min(totals):.2f} s); goal < 3 s: "
          f"{'met' if total < 3 else 'NOT met'}")

    print(f"\nroll-up against a pandas groupby-apply calling rollup() per student x standard, timed "
          f"in each pass on the first {args.sample:,} of {scores['student'].nunique():,} students and "
          "scaled up linearly (median of passes):")
    ratios = []
    for method in METHODS:
        mine, theirs = med(x[method] for x in methods), med(x[method] for x in base)
        ratios.append(theirs / mine)
        print(f"  {method:<17} groupby-apply {theirs:6.2f} s (scaled)  vs  mastery {mine:6.3f} s  "
              f"= {theirs / mine:4.0f}x")
    if not args.quick:
        method = args.full_method
        _, t = timed(groupby_apply, scores, method, PARAMS.get(method, {}))
        mine = med(x[method] for x in methods)
        ratios.append(t / mine)
        print(f"  {method:<17} groupby-apply {t:6.2f} s (FULL, all students, not scaled)  vs  "
              f"mastery {mine:6.3f} s  = {t / mine:4.0f}x")
    print(f"roll-up speed-up: lowest {min(ratios):.0f}x; goal >= 20x: {'met' if min(ratios) >= 20 else 'NOT met'}")


if __name__ == "__main__":
    main()
