"""Setting up and running a workshop with nbgrader: init, participants, release, collect,
autograde, feedback. Every function is safe to run again (idempotent)."""

from __future__ import annotations

import contextlib
import copy
import json
import re
from collections.abc import Callable, Container, Iterable, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import nbformat

from plkit.errors import WorkshopError
from plkit.paths import notebooks_source
from plkit.registry import WORKBOOKS, Workbook
from plkit.registry import get as get_workbook
from plkit.workshop.config import Workshop, _alembic_on_path, api, load
from plkit.workshop.grading import PORT_RACE_RETRIES, AutogradeResult, _port_race, grade
from plkit.workshop.roster import Participant, check_id

__all__ = [
    "init",
    "api",
    "add_participants",
    "release",
    "collect",
    "autograde",
    "feedback",
    "AutogradeResult",
    "source_notebook",
    "TEST_CELL_TEMPLATE",
    "RELEASE_FILE",
    "parse_due",
    "PORT_RACE_RETRIES",
    "_port_race",
]

#: Written into a released workbook's folder, so it reaches the participant's copy (the home
#: page reads it): ``{"workbook": id, "due": "YYYY-MM-DD"}``. The same name as
#: ``plkit.home.RELEASE_FILE``, which a test compares.
RELEASE_FILE = "plkit-release.json"

TEST_CELL_TEMPLATE = """### BEGIN HIDDEN TESTS
from plkit.completion import assert_complete
assert_complete({workbook!r})
### END HIDDEN TESTS"""


def source_notebook(wb: Workbook) -> nbformat.NotebookNode:
    """The workbook as an nbgrader assignment source: the same cells plus one hidden test cell
    that calls plkit's completion criteria on the saved answers (worth 1 point)."""
    # nbformat's functions carry no annotations (its NotebookNode does)
    nb: nbformat.NotebookNode = nbformat.read(  # type: ignore[no-untyped-call]
        notebooks_source("workbooks") / wb.path, as_version=4)
    nb = copy.deepcopy(nb)
    cell = nbformat.v4.new_code_cell(  # type: ignore[no-untyped-call]  # nbformat: no annotations
        TEST_CELL_TEMPLATE.format(workbook=wb.id))
    cell["id"] = f"{wb.id}-complete"
    cell.metadata["tags"] = [f"{wb.id}.complete"]
    cell.metadata["nbgrader"] = {
        "grade": True, "solution": False, "locked": True, "points": 1,
        "grade_id": f"{wb.id}-complete", "schema_version": 3, "task": False,
    }
    nb.cells.append(cell)
    return nb


def _check_course_id(course_id: str) -> str:
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", course_id or ""):
        raise WorkshopError(
            f"The course id '{course_id}' is not usable; use letters, digits, '.', '_' or '-' "
            "(no spaces), such as pl-day-2026."
        )
    return course_id


def _check_database(url: str) -> None:
    try:
        # deferred: SQLAlchemy is only needed for a database URL given to init
        from sqlalchemy import create_engine

        engine = create_engine(url)
        with engine.connect():
            pass
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - every driver has its own errors
        raise WorkshopError(
            f"The gradebook could not be opened ({type(exc).__name__}); check --db-url and that "
            "the database server is running."
        ) from None


def _result(res: dict[str, Any] | None, doing: str) -> None:
    if res is None or not res.get("success", False):
        log = (res or {}).get("log", "") + "\n" + ((res or {}).get("error") or "")
        last = next((ln.strip() for ln in reversed(log.splitlines())
                     if ln.strip() and not ln.startswith(" ")), "no details")
        raise WorkshopError(f"nbgrader could not {doing} ({last[:200]}).")


def init(root: str | Path, course_id: str, roster: Sequence[Participant] = (),
         db_url: str | None = None, exchange: str | Path | None = None,
         workbooks: Iterable[str] | None = None) -> Workshop:
    """Create (or update) the course in ``root``: config, gradebook, assignment sources."""
    root = Path(root).expanduser().resolve()
    _check_course_id(course_id)
    for p in roster:  # everything is checked before anything is written
        check_id(p.id)
    wbs = [get_workbook(w) for w in workbooks] if workbooks else list(WORKBOOKS)
    if db_url:
        _check_database(db_url)  # before anything is written
    root.mkdir(parents=True, exist_ok=True)
    if (root / "plkit-workshop.json").exists():
        old = load(root)
        if old.course_id != course_id:
            raise WorkshopError(
                f"{root} already holds the workshop '{old.course_id}'; choose another folder for "
                f"'{course_id}'."
            )
    ws = Workshop(
        root=root,
        course_id=course_id,
        db_url=db_url or f"sqlite:///{root / 'gradebook.db'}",
        exchange=Path(exchange).expanduser().resolve() if exchange else root / "exchange",
    )
    ws.exchange.mkdir(parents=True, exist_ok=True)
    ws.save()
    for wb in wbs:
        folder = root / "source" / wb.id
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(source_notebook(wb), folder / wb.notebook)  # type: ignore[no-untyped-call]  # no annotations
    a = api(ws)
    for wb in wbs:
        _result(a.generate_assignment(wb.id, force=True, create=True),
                f"prepare the workbook '{wb.id}'")
    add_participants(ws, roster)
    return ws


def add_participants(ws: Workshop, people: Sequence[Participant]) -> int:
    """Add or update participants in the gradebook; returns how many were given."""
    # deferred: nbgrader takes about 1 s to import (see api)
    from nbgrader.api import Gradebook

    _alembic_on_path()
    for p in people:
        check_id(p.id)
    try:
        with Gradebook(ws.db_url, ws.course_id) as gb:
            for p in people:
                gb.update_or_create_student(p.id, first_name=p.first_name or None,
                                            last_name=p.last_name or None,
                                            email=p.email or None)
    except WorkshopError:
        raise
    except Exception as exc:  # noqa: BLE001 - SQLAlchemy errors for a bad database URL
        raise WorkshopError(f"The gradebook could not be opened ({type(exc).__name__}); check "
                            "--db-url and that the database server is running.") from None
    return len(people)


def _ids(ws: Workshop, workbooks: Iterable[str] | None) -> list[str]:
    available = sorted(p.name for p in (ws.root / "source").iterdir() if p.is_dir()) \
        if (ws.root / "source").is_dir() else []
    if not workbooks:
        return available
    out = []
    for w in workbooks:
        if w not in available:
            get_workbook(w)  # an unknown id gets its own clear sentence
            raise WorkshopError(f"The workbook '{w}' is not part of this workshop; re-run init "
                                "to add it.")
        out.append(w)
    return out


def parse_due(text: str | date) -> date:
    """A due date given as ``YYYY-MM-DD``; anything else is one sentence."""
    if isinstance(text, date):
        return text
    with contextlib.suppress(ValueError):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            return date.fromisoformat(text.strip())
    raise WorkshopError(f"The due date '{text}' is not a date; write it as YYYY-MM-DD, such as "
                        f"{date.today().isoformat()}.")


def _set_due(ws: Workshop, wid: str, due: date | None) -> date | None:
    """Set the gradebook's due date of ``wid`` (end of that day); without one, keep its own."""
    # deferred: nbgrader takes about 1 s to import (see api)
    from nbgrader.api import Gradebook

    with Gradebook(ws.db_url, ws.course_id) as gb:
        if due is not None:
            gb.update_or_create_assignment(wid, duedate=datetime.combine(due, time(23, 59, 59)))
            return due
        kept = gb.find_assignment(wid).duedate
    return kept.date() if kept is not None else None


def release(ws: Workshop, workbooks: Iterable[str] | None = None, due: str | date | None = None) -> list[str]:
    """Release workbooks to participants through the exchange (again: replaced, not doubled).

    Without names, every workbook of the day; follow-up workbooks (the check-ins) only when
    named. ``due`` (``YYYY-MM-DD``) becomes nbgrader's due date and is written into the released
    folder as :data:`RELEASE_FILE`; released again without one, a workbook keeps its date."""
    when = parse_due(due) if due is not None else None
    ids = _ids(ws, workbooks)
    if not workbooks:
        follow_up = {wb.id for wb in WORKBOOKS if wb.stage == "follow-up"}
        ids = [wid for wid in ids if wid not in follow_up]
    a = api(ws)
    done = []
    for wid in ids:
        _result(a.generate_assignment(wid, force=True, create=True), f"prepare '{wid}'")
        kept = _set_due(ws, wid, when)
        if kept is not None:
            (ws.root / "release" / wid / RELEASE_FILE).write_text(
                json.dumps({"workbook": wid, "due": kept.isoformat()}) + "\n", encoding="utf-8")
        if wid in set(a.get_released_assignments()):
            a.unrelease(wid)
        _result(a.release_assignment(wid), f"release '{wid}'")
        done.append(wid)
    return done


def collect(ws: Workshop, workbooks: Iterable[str] | None = None) -> dict[str, list[str]]:
    """Collect submissions from the exchange; returns {workbook: [participants collected]}."""
    a = api(ws)
    out = {}
    for wid in _ids(ws, workbooks):
        _result(a.collect(wid, update=True), f"collect '{wid}'")
        out[wid] = sorted(a.get_submitted_students(wid))
    return out


def autograde(ws: Workshop, workbooks: Iterable[str] | None = None, workers: int | None = None,
              progress: Callable[[int, int], None] | None = None,
              only: Container[tuple[str, str]] | None = None) -> AutogradeResult:
    """Autograde every collected submission (``only``: those (workbook, participant) pairs), several
    at a time on every core (see :mod:`plkit.workshop.grading`); a broken one is reported and the
    rest go on. ``progress(done, total)`` after each."""
    jobs = []
    sub = ws.root / "submitted"
    for wid in _ids(ws, workbooks):
        if not sub.is_dir():
            continue
        for student in sorted(p.name for p in sub.iterdir() if (p / wid).is_dir()):
            jobs.append((wid, student))
    jobs = [job for job in jobs if only is None or job in only]
    return grade(ws, jobs, workers, progress)


def feedback(ws: Workshop, workbooks: Iterable[str] | None = None) -> list[str]:
    """Generate and release feedback for every autograded submission."""
    a = api(ws)
    out = []
    for wid in _ids(ws, workbooks):
        _result(a.generate_feedback(wid), f"generate feedback for '{wid}'")
        _result(a.release_feedback(wid), f"release feedback for '{wid}'")
        out.append(wid)
    return out
