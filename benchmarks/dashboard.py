"""Dashboard refresh speed on a big workshop: goal under 2 s for 500 participants x every workbook.

Creates a demo workshop (:func:`plkit.workshop.demo.create`, fictional participants who answer
and submit through the real exchange, graded with the fast shortcut) unless ``--root`` names one
already made, then builds every section of ``facilitator/dashboard.ipynb`` once, as a page does,
and times a refresh: ``Dashboard.load`` (the gradebook's completion matrix and the collected
answers, re-read only where they changed) and every view (each re-rendered only when the answers
it shows changed), as "Refresh" and each collect-and-check do: with nothing new, and with a new
submission in every workbook (every view rendered again). Then a new page (every file read, every
section built). Prints each part and the median of the runs.

    python benchmarks/dashboard.py                         # 500 participants, 5 runs
    python benchmarks/dashboard.py -p 100 -r 3
    python benchmarks/dashboard.py --root /tmp/demo500     # reuse (created there if missing)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import plkit
from plkit.facilitator import dashboard as dash
from plkit.store import RESPONSES_FILE
from plkit.workshop.config import CONFIG_FILE
from plkit.workshop.demo import create

NOTEBOOK = Path(__file__).resolve().parents[1] / "facilitator" / "dashboard.ipynb"


def build_sections(root: Path) -> list[object]:
    """Every code cell of the dashboard notebook, called as Voila does (the first with the root)."""
    sections = []
    for cell in json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        call = "".join(cell["source"]).replace("import plkit\n", "").strip()
        alias, name = call.removeprefix("plkit.").removesuffix("()").split(".")
        func = getattr(getattr(plkit, alias), name)
        sections.append(func(root) if (alias, name) == ("dashboard", "start") else func())
    return sections


def touch(root: Path) -> None:
    """One participant's answers saved again in every workbook (as a resubmission collects them)."""
    now = time.time_ns()
    for wb in sorted(p.name for p in (root / "submitted").glob("*/*") if p.is_dir()):
        found = next((root / "submitted").glob(f"*/{wb}/{RESPONSES_FILE}"), None)
        if found is not None:
            os.utime(found, ns=(now, now))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-p", "--participants", type=int, default=500)
    ap.add_argument("-r", "--runs", type=int, default=5)
    ap.add_argument("--root", type=Path, help="a demo workshop to reuse (created there if missing)")
    args = ap.parse_args()
    root = args.root or Path(tempfile.mkdtemp(prefix="plkit-dashboard-bench-")) / "demo"
    if not (root / CONFIG_FILE).exists():
        t = time.perf_counter()
        create(root, participants=args.participants, seed=1, grade="fast")
        print(f"demo workshop of {args.participants} participants x every workbook created in "
              f"{time.perf_counter() - t:.0f} s: {root}")
    t = time.perf_counter()
    sections = build_sections(root)
    board = dash.dashboard()
    first = time.perf_counter() - t
    if board.error:
        print(f"the dashboard could not read the workshop: {board.error}", file=sys.stderr)
        return 1
    m = board.matrix
    print(f"{len(m.participants)} participants x {len(m.workbooks)} workbooks, "
          f"{sum(len(v) for v in board.collected.by_workbook.values())} collected answer files; "
          f"{len(sections)} sections; first build (imports, content, every section) {first:.2f} s")
    kinds = {"nothing new": lambda: None, "a new submission in every workbook": lambda: touch(root)}
    for kind, change in kinds.items():
        loads, renders, totals, cpu = [], [], [], []
        for _ in range(args.runs):
            change()
            c0, t0 = time.process_time(), time.perf_counter()
            board.load()
            t1 = time.perf_counter()
            for view in board.views:
                view()
            t2 = time.perf_counter()
            loads.append(t1 - t0)
            renders.append(t2 - t1)
            totals.append(t2 - t0)
            cpu.append(time.process_time() - c0)
        print(f"refresh, {kind}, median of {args.runs}: {statistics.median(totals):.2f} s (load "
              f"{statistics.median(loads):.2f} s, every view {statistics.median(renders):.2f} s; this "
              f"process's CPU {statistics.median(cpu):.2f} s, which other work on the machine does not "
              "inflate; goal under 2 s); runs: " + ", ".join(f"{x:.2f}" for x in totals))
    t = time.perf_counter()
    build_sections(root)
    print(f"a new page (new Dashboard: every file read, every section built): {time.perf_counter() - t:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
