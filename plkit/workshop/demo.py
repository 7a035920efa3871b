"""A complete demo workshop of invented participants, so a facilitator can try every view
before the day (and tests and benchmarks have a realistic workshop).

:func:`create` makes the workshop with :func:`plkit.workshop.course.init`, releases every
workbook (the two check-ins too), and then each fictional participant fetches the released
workbooks, answers them (:mod:`plkit.workshop.demo_answers`: some complete everything, some part,
some nothing) and submits through nbgrader's real exchange (:mod:`plkit.exchange`), exactly as
the app does. The facilitator's side then collects and autogrades with the real nbgrader.

``grade="fast"`` is a shortcut for big demos (500 participants): instead of running every
submitted notebook in a kernel, it runs the hidden test cell's own check
(:func:`plkit.completion.assert_complete`) on each submission's saved answers and records the
result in the gradebook through nbgrader's ``Gradebook`` API, with the same submission, grade
cell id and points autograde writes. The status matrix reads both the same.
"""

from __future__ import annotations

import csv
import io
import random
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from plkit.completion import assert_complete
from plkit.content import load_catalog
from plkit.errors import WorkshopError
from plkit.exchange import Exchange, fetch, submit
from plkit.registry import WORKBOOKS
from plkit.store import FileStore
from plkit.workshop.config import CONFIG_FILE, Workshop
from plkit.workshop.course import api, autograde, collect, init, release
from plkit.workshop.demo_answers import answers
from plkit.workshop.roster import Participant

__all__ = ["create", "roster", "plan", "fast_grade", "GRADES", "PROFILES", "ROSTER_FILE", "README_FILE",
           "WORKSPACES", "FOLLOW_UPS", "MAX_PARTICIPANTS"]

#: How a demo is graded: ``real`` runs nbgrader's autograde; ``fast`` is the shortcut above.
GRADES = ("real", "fast")
#: The demo's roster, as ``plkit workshop init --roster`` reads it, with a column saying
#: every participant is fictional.
ROSTER_FILE = "demo-roster.csv"
README_FILE = "DEMO-README.txt"
#: Each fictional participant's own folder (what would be their computer), under the workshop.
WORKSPACES = "demo-participants"
#: The check-ins, released in a demo so the facilitator sees them answered.
FOLLOW_UPS = ("checkin-2w", "checkin-6w")
MAX_PARTICIPANTS = 2000
#: How far each participant gets, in turn: every fifth or so does it all, some part, one in ten
#: submits without answering, one in ten never submits. The first five hold three who do it all,
#: so even a tiny demo shows the group views (which need three answers).
PROFILES = ("all", "all", "some", "all", "empty", "some", "all", "some", "absent", "all")

_FIRST = ("Alder", "Bryn", "Corin", "Dara", "Ellis", "Farrow", "Greer", "Hollis", "Isla", "Jory", "Kit",
          "Linden", "Merritt", "Nell", "Odette", "Perrin", "Roan", "Sorrel", "Teagan", "Wynne")
_LAST = ("Applewood", "Birchfield", "Cloudberry", "Dunmore", "Elmsworth", "Fernhill", "Glenbrook",
         "Hollowell", "Ivybridge", "Juniper", "Kestrel", "Larkspur", "Meadowcroft", "Northwind", "Oakhurst")
_DOMAINS = ("example.org", "example.com", "example.net")
_NOTE = "fictional (invented for a plkit demo)"


def roster(n: int, seed: int = 0) -> list[Participant]:
    """``n`` clearly invented participants, with emails at reserved example domains."""
    rng = random.Random(f"plkit-demo-roster:{seed}")
    people, seen = [], set()
    for i in range(n):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        pid = f"{first}.{last}".lower()
        if pid in seen:
            pid = f"{pid}{i + 1}"
        seen.add(pid)
        people.append(Participant(pid, first, last, f"{pid}@{_DOMAINS[i % len(_DOMAINS)]}"))
    return people


def _roster_csv(people: Iterable[Participant]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "first name", "last name", "email", "note"])
    for p in people:
        w.writerow([p.id, p.first_name, p.last_name, p.email, _NOTE])
    return buf.getvalue()


def plan(index: int, workbooks: Iterable[str], seed: int = 0) -> dict[str, str]:
    """{workbook: level} for participant number ``index``: what they submit, and how far they got
    (see :data:`plkit.workshop.demo_answers.LEVELS`); a workbook left out is never submitted."""
    profile = PROFILES[index % len(PROFILES)]
    rng = random.Random(f"plkit-demo-plan:{seed}:{index}")
    out: dict[str, str] = {}
    for wid in workbooks:
        follow_up = wid in FOLLOW_UPS
        if profile == "absent":
            continue
        if profile == "empty":
            level = "none" if not follow_up else ""
        elif profile == "all":
            # the first three who do it all answer both check-ins, so even a small demo shows them
            answered = index < 4 or rng.random() < (0.75 if wid == "checkin-2w" else 0.45)
            level = "full" if not follow_up or answered else ""
        else:
            level = rng.choices(("full", "part", ""), (0.45, 0.4, 0.15) if not follow_up else (0.2, 0.2, 0.6))[0]
        if level:
            out[wid] = level
    return out


def _check(root: Path, participants: int, grade: str, workbooks: list[str]) -> None:
    if not 1 <= participants <= MAX_PARTICIPANTS:
        raise WorkshopError(f"A demo needs between 1 and {MAX_PARTICIPANTS} participants, not {participants}.")
    if grade not in GRADES:
        raise WorkshopError(f"The grading '{grade}' is not known; use 'real' (nbgrader's autograde) or "
                            "'fast' (the shortcut for big demos).")
    known = {wb.id for wb in WORKBOOKS}
    for wid in workbooks:
        if wid not in known:
            raise WorkshopError(f"The workbook '{wid}' does not exist; choose from {', '.join(sorted(known))}.")
    if (root / CONFIG_FILE).exists() or (root.exists() and not root.is_dir()):
        raise WorkshopError(f"{root} already holds a workshop or a file; give a new folder for the demo.")
    if root.is_dir() and any(root.iterdir()):
        raise WorkshopError(f"{root} is not empty; give a new or empty folder for the demo.")


def create(root: str | Path, participants: int = 24, seed: int = 0, grade: str = "real",
           course_id: str = "pl-demo", workbooks: Iterable[str] | None = None, workers: int | None = None,
           progress: Callable[[int, int], None] | None = None) -> Workshop:
    """Create the demo workshop in ``root`` (a new or empty folder); the same ``seed`` gives the
    same participants and answers. ``workbooks`` limits it to some workbooks (default: all);
    ``progress(done, total)`` follows the grading."""
    root = Path(root).expanduser().resolve()
    wids = list(workbooks) if workbooks else [wb.id for wb in WORKBOOKS]
    _check(root, participants, grade, wids)
    people = roster(participants, seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / ROSTER_FILE).write_text(_roster_csv(people), encoding="utf-8")
    ws = init(root, course_id, people, workbooks=wids)
    release(ws, wids)  # named, so the check-ins are released too
    exchange = Exchange(ws.course_id, ws.exchange)
    catalog = load_catalog(use_settings=False)
    for i, person in enumerate(people):
        levels = plan(i, wids, seed)
        if not levels:
            continue
        workspace = root / WORKSPACES / person.id
        fetch(exchange, workspace, person.id, list(levels))
        for wid, level in levels.items():
            saved = answers(wid, level, random.Random(f"plkit-demo:{seed}:{person.id}:{wid}"), catalog)
            if saved:
                FileStore(workspace / wid, wid, person.id).set_many(saved)
            submit(exchange, workspace / wid, wid, person.id)
    collect(ws)
    if grade == "fast":
        fast_grade(ws, progress=progress)
    else:
        result = autograde(ws, workers=workers, progress=progress)
        if result.failed:
            raise WorkshopError(f"{len(result.failed)} demo submission(s) could not be autograded; the "
                                f"first: {result.failed[0][2]}")
    (root / README_FILE).write_text(_readme(ws, participants, seed, grade), encoding="utf-8")
    return ws


def _readme(ws: Workshop, n: int, seed: int, grade: str) -> str:
    how = ("graded by nbgrader's autograde" if grade == "real" else
           "graded with the fast shortcut (completion recorded in the gradebook without running notebooks)")
    return (f"This is a DEMO workshop ({ws.course_id}): {n} invented participants (seed {seed}), {how}.\n"
            "Every name, email and answer here is fictional; no real person or student is in it.\n"
            f"The roster is {ROSTER_FILE}; each participant's own folder is under {WORKSPACES}/.\n"
            f"Try: plkit workshop status {ws.root}\n"
            f"     plkit serve --facilitator --workshop {ws.root}   (the dashboard)\n")


def _no_sync(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    dbapi_connection.execute("PRAGMA synchronous = OFF")


def fast_grade(ws: Workshop, progress: Callable[[int, int], None] | None = None) -> int:
    """Record every collected submission's completion in the gradebook as autograde would, without
    running notebooks: the hidden test cell's check on the saved answers, one point if it passes,
    under the same submission (with its collected timestamp) and grade cell. Returns how many."""
    # deferred: nbgrader takes about 1 s to import; the demo's answers need none of it
    from nbgrader.api import Gradebook
    from nbgrader.coursedir import CourseDirectory  # deferred, as above
    from sqlalchemy import event  # deferred: comes with nbgrader, as above
    from sqlalchemy.exc import SAWarning  # deferred: comes with nbgrader, as above

    coursedir: CourseDirectory = api(ws).coursedir
    submitted = ws.root / "submitted"
    jobs = sorted((p.parent.name, p.name) for p in submitted.glob("*/*") if p.is_dir()) if submitted.is_dir() else []
    with warnings.catch_warnings(), Gradebook(ws.db_url, ws.course_id) as gb:
        # nbgrader's own session warns when it creates a submission; it means nothing here
        warnings.simplefilter("ignore", SAWarning)
        if ws.db_url.startswith("sqlite"):
            # a demo's gradebook can be made again: no wait for the disk at each of nbgrader's commits
            event.listen(gb.engine.pool, "checkout", _no_sync)
        for done, (sid, wid) in enumerate(jobs, start=1):
            folder = submitted / sid / wid
            stamp = coursedir.get_existing_timestamp(str(folder))
            gb.update_or_create_submission(wid, sid, **({"timestamp": stamp} if stamp else {}))
            try:
                assert_complete(wid, str(folder))
                score = 1.0
            except AssertionError:
                score = 0.0
            for nb in gb.find_assignment(wid).notebooks:
                for cell in nb.grade_cells:
                    grade = gb.find_grade(cell.name, nb.name, wid, sid)
                    grade.auto_score = score * cell.max_score
                    grade.needs_manual_grade = grade.manual_score is not None
            gb.db.commit()
            if progress:
                progress(done, len(jobs))
    return len(jobs)
