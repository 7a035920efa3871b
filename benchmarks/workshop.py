"""Workshop speed: autograding submissions, and the completion matrix of a big workshop.

1. Autograde N generated submissions of "Defining personalized learning" with plkit's
   ``autograde`` (as ``plkit workshop autograde`` runs it), and N submissions of a one-cell empty
   notebook through the same code, in alternating batches so both see the same machine load.
   Prints seconds per submission (median of the batch medians) and the ratio (goal: <= 1.2x).
2. Build a gradebook of P participants x 5 workbooks and time ``completion_matrix`` (goal: < 2 s).

    python benchmarks/workshop.py            # N=50, P=500
    python benchmarks/workshop.py -n 10 -p 100
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
import uuid
import warnings
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook
from sqlalchemy import create_engine, text

from plkit.content import load_catalog
from plkit.store import FileStore
from plkit.workbooks.defining.cardsort import deck
from plkit.workbooks.defining.keys import KEYS
from plkit.workshop.config import load
from plkit.workshop.course import api, autograde, init
from plkit.workshop.roster import Participant
from plkit.workshop.status import completion_matrix

warnings.filterwarnings("ignore")
KS = {"name": "python3", "display_name": "Python 3", "language": "python"}


def empty_assignment(root: Path) -> None:
    """An nbgrader assignment "empty": one graded cell that does nothing."""
    cell = new_code_cell("pass")
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "points": 1,
                                 "grade_id": "empty", "schema_version": 3, "task": False}
    folder = root / "source" / "empty"
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(new_notebook(cells=[cell], metadata={"kernelspec": KS}), folder / "empty.ipynb")
    res = api(load(root)).generate_assignment("empty", force=True, create=True)
    assert res["success"], res


def fake_submissions(root: Path, assignment: str, notebook: str, ids: list[str],
                     complete: bool) -> None:
    """Submissions as `plkit workshop collect` leaves them: release copy + answers + timestamp."""
    answers = {}
    if complete:
        cat = load_catalog(use_settings=False)
        answers = {
            KEYS["compare"]: "glossary",
            KEYS["card_sort"]: {c.id: c.statement.kind for c in deck(cat)},
            KEYS["own_definition"]: "Students steer meaningful authentic rigorous challenges "
                                    "toward outcomes we share with our whole community.",
            KEYS["why_word"]: "equity",
            KEYS["reflection"]: "Families worried PL meant screens all day long.",
        }
    for sid in ids:
        dest = root / "submitted" / sid / assignment
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copy(root / "release" / assignment / notebook, dest / notebook)
        (dest / "timestamp.txt").write_text("2026-11-23 10:00:00.000000 UTC")
        if answers:
            FileStore(dest, assignment, sid).set_many(answers)


def bench_autograde(n: int, batch: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="plkit-bench-wk-"))
    people = [Participant(f"p{i:03d}") for i in range(n)]
    ws = init(tmp / "course", "bench", people, workbooks=["defining"])
    empty_assignment(ws.root)
    wb_ids = [p.id for p in people]
    fake_submissions(ws.root, "defining", "defining-personalized-learning.ipynb", wb_ids, True)
    fake_submissions(ws.root, "empty", "empty.ipynb", wb_ids, False)
    per: dict[str, list[float]] = {"defining": [], "empty": []}
    for start in range(0, n, batch):
        chunk = wb_ids[start:start + batch]
        for assignment in ("empty", "defining"):
            # grade only this batch: move the others aside for the moment
            hidden = []
            for sid in wb_ids:
                if sid not in chunk:
                    src = ws.root / "submitted" / sid / assignment
                    if src.exists():
                        dst = ws.root / "held" / sid / assignment
                        dst.parent.mkdir(parents=True, exist_ok=True)
                        src.rename(dst)
                        hidden.append((dst, src))
            t0 = time.perf_counter()
            result = autograde(ws, [assignment])
            elapsed = time.perf_counter() - t0
            for dst, src in hidden:
                dst.rename(src)
            assert not result.failed, result.failed
            per[assignment].append(elapsed / len(chunk))
            print(f"  batch {start // batch + 1}: {assignment:8s} {elapsed / len(chunk):.2f} s per "
                  "submission", flush=True)
    m = completion_matrix(ws)
    complete = sum(1 for p in m.participants if m.cells[(p, "defining")] == "complete")
    d, e = statistics.median(per["defining"]), statistics.median(per["empty"])
    print(f"\nautograde, {n} submissions each (median of batch medians):")
    print(f"  workbook 'defining'   {d:.2f} s per submission  ({complete}/{n} complete)")
    print(f"  empty one-cell        {e:.2f} s per submission")
    print(f"  ratio                 x{d / e:.2f}   (goal: at most x1.2)")
    shutil.rmtree(tmp, ignore_errors=True)


def bench_status(participants: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="plkit-bench-status-"))
    people = [Participant(f"p{i:04d}", "First", "Last") for i in range(participants)]
    t0 = time.perf_counter()
    ws = init(tmp / "course", "big", people)
    workbooks = [p.name for p in (ws.root / "source").iterdir()]
    engine = create_engine(ws.db_url)
    with engine.begin() as conn:  # bulk-fill the gradebook the way autograde leaves it
        cells = conn.execute(text(
            "SELECT gc.id, n.id, a.id, a.name FROM grade_cells gc JOIN base_cell bc ON bc.id = gc.id "
            "JOIN notebook n ON n.id = bc.notebook_id JOIN assignment a ON a.id = n.assignment_id"
        )).all()
        sa_rows, sn_rows, g_rows = [], [], []
        for i, p in enumerate(people):
            for cell_id, nb_id, a_id, a_name in cells:
                if (i + len(a_name)) % 4 == 0:
                    continue  # some never submit
                sa, sn = uuid.uuid4().hex, uuid.uuid4().hex
                sa_rows.append({"id": sa, "a": a_id, "s": p.id})
                sn_rows.append({"id": sn, "sa": sa, "nb": nb_id})
                g_rows.append({"id": uuid.uuid4().hex, "c": cell_id, "n": sn,
                               "score": float(i % 3 != 0)})
        conn.execute(text("INSERT INTO submitted_assignment (id, assignment_id, student_id, "
                          "timestamp) VALUES (:id, :a, :s, '2026-11-23 10:00:00')"), sa_rows)
        conn.execute(text("INSERT INTO submitted_notebook (id, assignment_id, notebook_id, "
                          "flagged) VALUES (:id, :sa, :nb, 0)"), sn_rows)
        conn.execute(text("INSERT INTO grade (id, cell_id, notebook_id, auto_score, "
                          "needs_manual_grade) VALUES (:id, :c, :n, :score, 0)"), g_rows)
    engine.dispose()
    print(f"\nstatus: built a gradebook of {participants} participants x {len(workbooks)} "
          f"workbooks in {time.perf_counter() - t0:.1f} s")
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        m = completion_matrix(ws)
        times.append(time.perf_counter() - t0)
    print(f"  completion_matrix: median {statistics.median(times):.3f} s over 5 runs "
          f"({len(m.participants)} x {len(m.workbooks)} cells; goal: under 2 s)")
    shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=50, help="submissions to autograde (default 50)")
    ap.add_argument("-p", type=int, default=500, help="participants for status (default 500)")
    ap.add_argument("--batch", type=int, default=10)
    a = ap.parse_args()
    bench_autograde(a.n, a.batch)
    bench_status(a.p)


if __name__ == "__main__":
    main()
