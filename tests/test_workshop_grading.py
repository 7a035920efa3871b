"""Autograde on several cores with a SQLite gradebook, through the real console command: every
submission of a demo workshop graded again by nbgrader with two workers at once, each grade
checked against plkit's completion rules, no "database is locked"; and what the facilitator
reads: one progress bar on stderr, a summary on stdout, one sentence per failure, nothing else."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from nbgrader.api import Gradebook
from test_workshop_integration import run_plkit

from plkit.completion import evaluate
from plkit.facilitator.collected import collect_responses
from plkit.workshop import demo
from plkit.workshop.config import Workshop
from plkit.workshop.grading import LOG_FILE, workers_for
from plkit.workshop.status import completion_matrix

pytestmark = pytest.mark.slow

WORKBOOKS = ["start-here", "defining"]
DAMAGED = ("defining", 0)  # the first participant's defining notebook is damaged after collecting


@dataclass
class Run:
    ws: Workshop
    rc: int
    out: str
    err: str
    damaged: tuple[str, str]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    ws = demo.create(tmp_path_factory.mktemp("grading") / "workshop", participants=7, seed=11, grade="fast",
                     workbooks=WORKBOOKS)
    sid = demo.roster(7, 11)[DAMAGED[1]].id
    for nb in (ws.root / "submitted" / sid / DAMAGED[0]).glob("*.ipynb"):
        nb.write_text("{ this is not a notebook", encoding="utf-8")
    done = run_plkit("workshop", "autograde", str(ws.root), "--workers", "2")
    return Run(ws, done.returncode, done.stdout, done.stderr, (DAMAGED[0], sid))


def jobs(ws: Workshop) -> list[tuple[str, str]]:
    return sorted((p.name, p.parent.name) for p in (ws.root / "submitted").glob("*/*") if p.is_dir())


def test_every_submission_is_graded_right_in_parallel_on_sqlite(run: Run) -> None:
    assert run.ws.db_url.startswith("sqlite")
    assert workers_for(run.ws, 2, 10) == 2
    collected = collect_responses(run.ws.root / "submitted").by_workbook
    checked = 0
    with Gradebook(run.ws.db_url, run.ws.course_id) as gb:
        for wid, sid in jobs(run.ws):
            if (wid, sid) == run.damaged:
                continue
            expected = evaluate(wid, collected.get(wid, {}).get(sid, {})).complete
            sub = gb.find_submission(wid, sid)
            assert (sub.score == sub.max_score == 1) == expected, (wid, sid)
            # nbgrader ran it: the autograded notebook's hidden test cell failed exactly when incomplete
            nb = json.loads(next((run.ws.root / "autograded" / sid / wid).glob("*.ipynb")).read_text("utf-8"))
            errors = [o for o in nb["cells"][-1]["outputs"] if o["output_type"] == "error"]
            assert bool(errors) != expected, (wid, sid)
            checked += 1
    assert checked >= 10
    log = (run.ws.root / LOG_FILE).read_text(encoding="utf-8") if (run.ws.root / LOG_FILE).exists() else ""
    assert "database is locked" not in log + run.err + run.out
    m = completion_matrix(run.ws)
    assert m.count("start-here", "submitted") == 0


def test_the_command_prints_one_bar_a_summary_and_one_sentence_per_failure(run: Run) -> None:
    assert run.rc == 1  # one submission could not be graded
    wid, sid = run.damaged
    graded = len(jobs(run.ws)) - 1
    lines = run.out.splitlines()
    assert lines[0] == f"{graded} submission(s) autograded."
    assert lines[1].endswith(" complete: plkit's completion check passed on the submitted answers.")
    assert lines[2].split(" ", 1)[1].startswith("incomplete: some steps are not done yet; ")
    complete, incomplete = int(lines[1].split()[0]), int(lines[2].split()[0])
    assert complete + incomplete == graded and complete >= 3 and incomplete >= 1
    assert lines[3] == "1 failed: each is said below with what to do."
    assert lines[4] == f"nbgrader's own messages are in {run.ws.root / LOG_FILE}."
    assert len(lines) == 5
    bars, failures = [], []
    for line in run.err.splitlines():
        if line.startswith("Could not autograde"):
            failures.append(line)
            continue
        bars += [seg for seg in line.split("\r") if seg.strip()]
    assert bars and all(seg.startswith("Autograding") for seg in bars), run.err
    assert f"{graded + 1}/{graded + 1}" in bars[-1]  # one bar, to the end
    assert len(failures) == 1 and failures[0].startswith(f"Could not autograde {wid} for {sid}: ")
    assert "damaged" in failures[0] and failures[0].count(". ") == 0 and failures[0].endswith(".")
