"""Impact report speed: Guskey's five levels for a big workshop.

P generated participants, each with the knowledge check before (Start here) and after (Looking
back), exit tickets in five workbooks, nightmare ratings with a top three, class snapshots, and
both check-ins (first steps, presence, support), written as ``plkit workshop collect`` leaves
them (``submitted/<participant>/<workbook>/plkit-responses.json``). Times, per run, reading the
submissions, computing the measures, and rendering the CSV and the HTML page, as
``plkit workshop impact DIR --csv --html`` does; prints the median of the runs (goal: under 2 s).
The first run also imports scipy.stats (about 0.5 to 1 s), as a fresh command does; the median is
of warm runs. Then times the console command itself, each run a new process (imports included).

    python benchmarks/impact.py              # P=500, 5 runs
    python benchmarks/impact.py -p 100 -r 3
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from plkit.content import Catalog, load_catalog
from plkit.facilitator.collected import collect_responses
from plkit.facilitator.impact import SNAPSHOTS_KEY, measures
from plkit.facilitator.impact_report import impact_csv, impact_html
from plkit.page.exit_ticket import EXIT_KEYS
from plkit.store import FileStore
from plkit.workbooks.checkin.keys import KEYS as CHECKIN
from plkit.workbooks.looking_back.keys import KEYS as LOOKING_BACK
from plkit.workbooks.nightmares.keys import KEYS as NIGHTMARES
from plkit.workbooks.start_here.keys import KEYS as START
from plkit.workshop.config import Workshop

DAY = ("start-here", "defining", "nightmares", "sharing", "looking-back")
STATUS = ("done", "started", "not-yet")


def _knowledge(cat: Catalog, rng: random.Random, right: float) -> dict[str, str]:
    out = {}
    for item in cat.knowledge:
        wrong = [o.id for o in item.options if o.id != item.answer]
        out[item.id] = item.answer if rng.random() < right or not wrong else rng.choice(wrong)
    return out


def answers_of(cat: Catalog, rng: random.Random) -> dict[str, dict[str, Any]]:
    """One participant's answers, {workbook: {key: value}}, as the workbooks save them."""
    ids = [n.id for n in cat.nightmares]
    out: dict[str, dict[str, Any]] = {wb: {EXIT_KEYS["time"]: rng.randint(2, 5),
                                           EXIT_KEYS["relevance"]: rng.randint(1, 5),
                                           EXIT_KEYS["try_first"]: "A short note.",
                                           EXIT_KEYS["wonder"]: ""} for wb in DAY}
    out["start-here"][START["knowledge_pre"]] = _knowledge(cat, rng, 0.45)
    out["looking-back"][LOOKING_BACK["knowledge_post"]] = _knowledge(cat, rng, 0.7)
    ratings = {n: {"presence": rng.choice("0123"), "impact": rng.choice("123")} for n in ids}
    top = rng.sample(ids[:6], 3)
    out["nightmares"].update({NIGHTMARES["ratings"]: ratings, NIGHTMARES["top_three"]: top})
    shares = {f"RL.{i}": rng.random() for i in range(1, 9)}
    out["classdata"] = {SNAPSHOTS_KEY: {
        "before": {"taken": "2026-09-01", "standards": shares},
        "after": {"taken": "2026-10-15",
                  "standards": {k: min(1.0, max(0.0, v + rng.uniform(-0.1, 0.2))) for k, v in shares.items()}}}}
    for cid in ("checkin-2w", "checkin-6w"):
        out[cid] = {
            CHECKIN["steps"]: {n: {"status": rng.choice(STATUS), "obstacle": "time"} for n in top},
            CHECKIN["presence"]: {n: rng.choice(("0", "1", "2", "3", "not-sure")) for n in top},
            CHECKIN["support"]: {"time": rng.randint(1, 5), "coaching": rng.randint(1, 5),
                                 "evaluation": rng.randint(1, 5)},
        }
    return out


def make_submissions(root: Path, participants: int, cat: Catalog, seed: int = 13) -> Path:
    """``root/submitted`` with every participant's answers files, written by plkit's store."""
    rng = random.Random(seed)
    submitted = root / "submitted"
    for i in range(participants):
        who = f"p{i:04d}"
        for wb, answers in answers_of(cat, rng).items():
            FileStore(submitted / who / wb, wb, who).set_many(answers)
    return submitted


def run(submitted: Path, cat: Catalog) -> dict[str, float]:
    t0 = time.perf_counter()
    collected = collect_responses(submitted)
    t1 = time.perf_counter()
    rows = measures(collected, cat)
    t2 = time.perf_counter()
    impact_csv(rows)
    impact_html(rows, "bench")
    t3 = time.perf_counter()
    return {"read": t1 - t0, "measures": t2 - t1, "render": t3 - t2, "total": t3 - t0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-p", "--participants", type=int, default=500)
    ap.add_argument("-r", "--runs", type=int, default=5)
    args = ap.parse_args()
    cat = load_catalog(use_settings=False)
    with tempfile.TemporaryDirectory(prefix="plkit-impact-") as tmp:
        t = time.perf_counter()
        submitted = make_submissions(Path(tmp), args.participants, cat)
        print(f"Generated {args.participants} participants' submissions in {time.perf_counter() - t:.1f} s.")
        runs = [run(submitted, cat) for _ in range(args.runs)]
        root = Path(tmp)
        Workshop(root, "bench", f"sqlite:///{root / 'gradebook.db'}", root / "exchange").save()
        command = [str(Path(sys.executable).parent / "plkit"), "workshop", "impact", tmp,
                   "--csv", str(root / "impact.csv"), "--html", str(root / "impact.html")]
        cli = []
        for _ in range(args.runs):
            t = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            cli.append(time.perf_counter() - t)
    for part in ("read", "measures", "render", "total"):
        values = [r[part] for r in runs]
        print(f"{part:>8}: median {statistics.median(values):.3f} s over {len(values)} runs "
              f"(min {min(values):.3f}, max {max(values):.3f})")
    print(f"{'command':>8}: median {statistics.median(cli):.3f} s over {len(cli)} runs (min {min(cli):.3f}, "
          f"max {max(cli):.3f}): plkit workshop impact DIR --csv --html, a new process each time")
    total = statistics.median(r["total"] for r in runs)
    print(f"Impact report for {args.participants} participants: {total:.2f} s "
          f"({'meets' if total < 2 else 'misses'} the 2 s goal).")


if __name__ == "__main__":
    main()
