"""The impact report of a real workshop: ``plkit workshop init``, ``release`` (the check-in only
when named, with nbgrader's due date and ``plkit-release.json`` in the released folder, kept when
released again without one), three
participants and one more answering and submitting through the real exchange, ``collect``,
``autograde``, then ``plkit workshop impact`` (the console command) and ``report``."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from helpers_unit import assert_one_sentence
from nbgrader.api import Gradebook
from test_workshop_integration import run_main, run_plkit

from plkit.content import load_catalog
from plkit.exchange import Exchange, fetch, submit
from plkit.home import RELEASE_FILE, release_due
from plkit.registry import get
from plkit.store import FileStore
from plkit.workbooks.checkin.keys import KEYS as CHECKIN
from plkit.workbooks.looking_back.keys import KEYS as LOOKING_BACK
from plkit.workbooks.start_here.keys import KEYS as START
from plkit.workshop.config import load

pytestmark = pytest.mark.slow

COURSE = "pl-impact"
DUE = "2027-03-15"
PEOPLE = ("ana", "ben", "cai")
LATE = "dee"  # takes only the second knowledge check
ROSTER = "id,first name,last name,email\n" + "".join(f"{p},{p.title()},Test,\n" for p in (*PEOPLE, LATE))
ITEMS = load_catalog(use_settings=False).knowledge
KNOWLEDGE = "Knowledge check: change in items right (same participants)"


def knowledge(right: int) -> dict[str, str]:
    return {i.id: i.answer if n < right else next(o.id for o in i.options if o.id != i.answer)
            for n, i in enumerate(ITEMS)}


def plan(n: int) -> dict[str, dict[str, Any]]:
    """What participant number ``n`` answers, by workbook."""
    return {
        "start-here": {START["knowledge_pre"]: knowledge(4 + n), "exit.time-well-spent": 3 + n,
                       "exit.relevance": 4},
        "looking-back": {LOOKING_BACK["knowledge_post"]: knowledge(9 + 2 * n), "exit.time-well-spent": 5},
        "checkin-2w": {CHECKIN["support"]: {"time": 2, "coaching": 3 + n, "evaluation": 4},
                       CHECKIN["steps"]: {"risk-punished": {"status": "done" if n else "started"}}},
    }


@dataclass
class Run:
    root: Path
    release_all: tuple[int, str, str]
    release_checkin: tuple[int, str, str]
    bad_date: tuple[int, str, str]
    workspaces: dict[str, Path]
    autograde: tuple[int, str, str]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    base = tmp_path_factory.mktemp("impact")
    (base / "roster.csv").write_text(ROSTER, encoding="utf-8")
    root = base / "course"
    init = run_main("workshop", "init", str(root), "--course-id", COURSE, "--roster", str(base / "roster.csv"))
    assert init[0] == 0, init[2]
    release_all = run_main("workshop", "release", str(root))
    bad_date = run_main("workshop", "release", str(root), "checkin-2w", "--due", "15/03/2027")
    release_checkin = run_main("workshop", "release", str(root), "checkin-2w", "--due", DUE)
    again = run_main("workshop", "release", str(root), "checkin-2w")  # keeps its due date
    assert again[0] == 0 and again[1].strip() == "Released: checkin-2w.", again
    ws = load(root)
    exchange = Exchange(ws.course_id, ws.exchange)
    workspaces = {}
    for n, who in enumerate((*PEOPLE, LATE)):
        workspace = base / f"workspace-{who}"
        workspaces[who] = workspace
        fetch(exchange, workspace, who)
        answers = plan(n) if who != LATE else {"looking-back": plan(n)["looking-back"]}
        for wid, saved in answers.items():
            FileStore(workspace / wid, wid, who).set_many(saved)
            submit(exchange, workspace / wid, wid, who)
    assert run_main("workshop", "collect", str(root))[0] == 0
    autograde = run_main("workshop", "autograde", str(root))
    return Run(root, release_all, release_checkin, bad_date, workspaces, autograde)


def test_release_keeps_follow_ups_back_until_named_with_a_due_date(run: Run) -> None:
    rc, out, err = run.release_all
    assert rc == 0, err
    released = out.splitlines()[0]
    assert "start-here" in released and "looking-back" in released and "checkin" not in released
    rc, out, err = run.release_checkin
    assert rc == 0, err
    assert out.strip() == f"Released: checkin-2w, due by {DUE}."
    outbound = run.root / "exchange" / COURSE / "outbound"
    assert "checkin-6w" not in {p.name for p in outbound.iterdir()}
    for folder in (run.root / "release" / "checkin-2w", outbound / "checkin-2w",
                   run.workspaces["ana"] / "checkin-2w"):
        meta = json.loads((folder / RELEASE_FILE).read_text(encoding="utf-8"))
        assert meta == {"workbook": "checkin-2w", "due": DUE}
    # the participant's home page reads it
    assert release_due(get("checkin-2w"), run.workspaces["ana"]) == date.fromisoformat(DUE)
    assert not (run.root / "release" / "start-here" / RELEASE_FILE).exists()


def test_the_due_date_is_nbgraders(run: Run) -> None:
    ws = load(run.root)
    with Gradebook(ws.db_url, ws.course_id) as gb:
        due = gb.find_assignment("checkin-2w").duedate
        assert due is not None and due.date() == date.fromisoformat(DUE)
        assert gb.find_assignment("start-here").duedate is None


def test_a_bad_due_date_is_one_sentence(run: Run) -> None:
    rc, out, err = run.bad_date
    assert rc == 2 and out == ""
    message = err.removeprefix("plkit: ")
    assert_one_sentence(message)
    assert "YYYY-MM-DD" in message


def test_the_impact_command_reports_every_level(run: Run, tmp_path: Path) -> None:
    rc, _out, err = run.autograde
    assert rc == 0, err
    result = run_plkit("workshop", "impact", str(run.root), "--csv", str(tmp_path / "impact.csv"),
                       "--html", str(tmp_path / "impact.html"))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"Wrote {tmp_path / 'impact.csv'}." in result.stdout
    rows = list(csv.DictReader(io.StringIO((tmp_path / "impact.csv").read_text(encoding="utf-8"))))
    assert list(rows[0]) == ["level", "measure", "n", "value", "note"]
    assert {r["level"] for r in rows} == {"1", "2", "3", "4", "5"}
    by = {r["measure"]: r for r in rows}
    # pre 4, 5, 6 and post 9, 11, 13 right: 6.0 more on average; dee has no first attempt
    k = by[KNOWLEDGE]
    assert k["n"] == "3" and k["value"].startswith(f"6.0 more items right of {len(ITEMS)}; 95% interval: ")
    assert "1 took only the second check and 0 only the first" in k["note"]
    assert (by["Time well spent, all workbooks"]["n"], by["Time well spent: Looking back: what changed for you"]["n"]) \
        == ("4", "4")
    assert by["Support: coaching or support, two weeks on"]["value"] == "4.0 of 5"
    assert by["First steps of the action plans, two weeks on"]["value"].startswith("67% done, 33% started")
    assert by["Support: time, six weeks on"]["n"] == "" and by["Support: time, six weeks on"]["value"] == \
        "not enough responses yet"
    page = (tmp_path / "impact.html").read_text(encoding="utf-8")
    assert page.count("<table>") == 5 and f"Workshop {COURSE}: impact" in page and page.count("<img") >= 3
    for who in (*PEOPLE, LATE):  # no participant id or name anywhere
        assert not re.search(rf"\b{who}\b", page + (tmp_path / "impact.csv").read_text(), re.IGNORECASE), who


def test_the_impact_command_says_a_bad_path_in_one_sentence(run: Run, tmp_path: Path) -> None:
    rc, out, err = run_main("workshop", "impact", str(run.root), "--csv", str(tmp_path))
    assert rc == 2
    assert_one_sentence(err.removeprefix("plkit: "))
    assert "is a folder" in err


def test_the_workshop_report_includes_the_impact_summary(run: Run, tmp_path: Path) -> None:
    rc, out, err = run_main("workshop", "report", str(run.root), "--out", str(tmp_path / "report.html"))
    assert rc == 0, err
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "completion summary" in page and "Impact on Guskey's five levels" in page
    assert "Level 5: Student learning outcomes" in page and page.count("<table>") == 6
