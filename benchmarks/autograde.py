"""Autograde on two cores against one at a time, side by side in one run.

A demo workshop (``plkit.workshop.demo``, every workbook, fast grading to set it up) gives N
real submissions. They are autograded again by nbgrader in batches, each batch twice: with one
worker and with two (the order alternating from batch to batch, so both see the same machine
load), with the SQLite gradebook the demo uses. Each time includes starting the workers, as the
facilitator waits for it (forked from the fork server, which one untimed run starts first).
Prints seconds per submission (median over the batches), their ratio, and the median of the
batches' own ratios (each batch's two runs are a pair under about the same load)
(goal: two workers at least 1.7x faster).

    python benchmarks/autograde.py              # N=100, batches of 20
    python benchmarks/autograde.py -n 40 --batch 10
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from plkit.workshop.course import autograde
from plkit.workshop.demo import create


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=100, help="submissions to autograde (default 100)")
    ap.add_argument("--batch", type=int, default=20, help="submissions per timed batch (default 20)")
    ap.add_argument("--workers", type=int, default=2, help="workers of the parallel run (default 2)")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="plkit-bench-autograde-"))
    try:
        t0 = time.perf_counter()
        ws = create(tmp / "workshop", participants=a.n // 5 + 2, seed=1, grade="fast")
        submitted = ws.root / "submitted"
        jobs = sorted((p.name, p.parent.name) for p in submitted.glob("*/*") if p.is_dir())
        assert len(jobs) >= a.n, f"the demo gave {len(jobs)} submissions, fewer than {a.n}"
        jobs = jobs[: a.n]
        print(f"demo workshop with {len(jobs)} submissions to grade, made in {time.perf_counter() - t0:.0f} s; "
              f"{os.cpu_count()} cores, gradebook {ws.db_url.split(':')[0]}", flush=True)
        # untimed: the first autograde of a process starts multiprocessing's fork server (imports
        # nbgrader once); every later run, one worker or two, forks its workers from it
        autograde(ws, workers=1, only={jobs[0]})
        per: dict[int, list[float]] = {1: [], a.workers: []}
        for i, start in enumerate(range(0, len(jobs), a.batch)):
            chunk = set(jobs[start:start + a.batch])
            for workers in ((1, a.workers) if i % 2 == 0 else (a.workers, 1)):
                t = time.perf_counter()
                result = autograde(ws, workers=workers, only=chunk)
                elapsed = time.perf_counter() - t
                assert not result.failed, result.failed
                assert len(result.graded) == len(chunk)
                per[workers].append(elapsed / len(chunk))
                print(f"  batch {i + 1}: {workers} worker(s)  {elapsed / len(chunk):.2f} s per submission "
                      f"({len(result.complete)} complete, {len(result.incomplete)} incomplete)", flush=True)
        one, many = statistics.median(per[1]), statistics.median(per[a.workers])
        paired = statistics.median(x / y for x, y in zip(per[1], per[a.workers], strict=True))
        print(f"\nautograde, {len(jobs)} submissions (median over {len(per[1])} batches of {a.batch}):")
        print(f"  one at a time   {one:.2f} s per submission")
        print(f"  {a.workers} workers       {many:.2f} s per submission")
        print(f"  ratio           x{one / many:.2f} faster   (goal: at least x1.7)")
        print(f"  batch by batch  x{paired:.2f} faster   (median of the {len(per[1])} batches' ratios)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
