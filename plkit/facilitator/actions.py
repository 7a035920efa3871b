"""What the facilitator does during the day from the dashboard: release, collect and check, add a
participant. No widgets: each action returns an :class:`Outcome`, one plain sentence (and the
submissions that could not be checked, each its own sentence), never an exception.

:class:`Runner` runs one action at a time in a background thread, so the page never freezes and
an automatic refresh never overlaps a click.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from plkit.errors import PlkitError, RosterError, WorkbookNotFound, WorkshopError
from plkit.registry import WORKBOOKS, Workbook, get
from plkit.workshop.config import Workshop
from plkit.workshop.course import add_participants, autograde, collect, parse_due, release
from plkit.workshop.roster import Participant, check_id
from plkit.workshop.status import completion_matrix

__all__ = ["Outcome", "Runner", "title", "titles", "workshop_workbooks", "exchange_problem",
           "release_workbooks", "pending", "collect_and_check", "add_participant"]

Progress = Callable[[str, int, int], None]  # (what, done, total)

try:
    import fcntl  # POSIX file locks (one action at a time across dashboard tabs)
except ImportError:  # pragma: no cover - Windows: one at a time within a tab only
    fcntl = None  # type: ignore[assignment]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class Outcome:
    """The sentence that answers an action, and what went wrong with single submissions."""

    sentence: str
    ok: bool = True
    problems: list[str] = field(default_factory=list)


def title(workbook_id: str) -> str:
    """A workbook's title as a person reads it (its id if plkit does not know it)."""
    try:
        return get(workbook_id).title
    except WorkbookNotFound:
        return workbook_id


def titles(ids: Sequence[str]) -> str:
    """"A, B and C" of the workbooks' titles, each in quotation marks."""
    names = [f"“{title(i)}”" for i in ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def workshop_workbooks(ws: Workshop) -> list[Workbook]:
    """The workbooks this workshop holds (its nbgrader sources), in the registry's order."""
    source = ws.root / "source"
    held = {p.name for p in source.iterdir() if p.is_dir()} if source.is_dir() else set()
    return [wb for wb in WORKBOOKS if wb.id in held]


def exchange_problem(ws: Workshop) -> str | None:
    """One sentence when the exchange folder is not there (a shared drive not connected)."""
    if ws.exchange.is_dir():
        return None
    return (f"The exchange folder {ws.exchange} is missing or cannot be reached; check that the "
            "shared drive is connected (or run `plkit workshop init` again to make the folder), "
            "then try again.")


def release_workbooks(ws: Workshop, ids: Sequence[str], due: str | date | None = None,
                      today: date | None = None) -> Outcome:
    """Release ``ids`` (with a due date, or none: a date released before is kept)."""
    if not ids:
        return Outcome("Tick at least one workbook to release, then press the button again.", ok=False)
    try:
        when = parse_due(due) if due not in (None, "") else None
        if when is not None and when < (today or date.today()):
            raise WorkshopError(f"The due date {when.isoformat()} has already passed; choose today "
                                "or a later day, or leave it empty.")
        problem = exchange_problem(ws)
        if problem:
            raise WorkshopError(problem)
        done = release(ws, list(ids), due=when)
    except PlkitError as exc:
        return Outcome(str(exc), ok=False)
    by = f", due by {when.strftime('%A %d %B %Y').replace(' 0', ' ')}" if when else ""
    return Outcome(f"Released {titles(done)}{by}: participants find "
                   f"{'it' if len(done) == 1 else 'them'} on their home page.")


def pending(ws: Workshop) -> set[tuple[str, str]]:
    """(workbook, participant) submissions collected but not checked since (or by someone not on
    the roster, which autograde names)."""
    m = completion_matrix(ws)
    roster = set(m.participants)
    sub = ws.root / "submitted"
    found: set[tuple[str, str]] = set()
    for folder in (sub.glob("*/*") if sub.is_dir() else []):
        sid, wid = folder.parent.name, folder.name
        if folder.is_dir() and wid in m.workbooks and (sid not in roster or m.cells[(sid, wid)] == "submitted"):
            found.add((wid, sid))
    return found


def _collect_each(ws: Workshop, progress: Progress) -> list[str]:
    """Collect workbook by workbook: one that fails is reported and the others still come in."""
    problems = []
    wbs = workshop_workbooks(ws)
    for i, wb in enumerate(wbs):
        progress("Collecting", i, len(wbs))
        try:
            collect(ws, [wb.id])
        except PlkitError as exc:
            problems.append(f"“{wb.title}” could not be collected: {exc}")
    progress("Collecting", len(wbs), len(wbs))
    return problems


def collect_and_check(ws: Workshop, progress: Progress | None = None) -> Outcome:
    """Collect new submissions from the exchange, then check each new one (nbgrader's autograde
    with plkit's completion rules); one that cannot be checked is named and the rest go on."""
    report: Progress = progress or (lambda _what, _done, _total: None)
    at = datetime.now().strftime("%H:%M")
    problem = exchange_problem(ws)
    if problem:
        return Outcome(problem, ok=False)
    try:
        problems = _collect_each(ws, report)
        jobs = pending(ws)
        report("Checking", 0, len(jobs))
        result = autograde(ws, only=jobs, progress=lambda done, total: report("Checking", done, total))
    except PlkitError as exc:
        return Outcome(str(exc), ok=False)
    problems += [why for _wid, _sid, why in result.failed]
    n = len(result.graded)
    if not jobs:
        sentence = f"No new submissions at {at}; the views show everything collected so far."
    else:
        sentence = f"Checked {n} new submission{'s' if n != 1 else ''} at {at}"
        sentence += (f"; {len(result.failed)} could not be checked (listed below), the others are "
                     "in the views." if result.failed else "; the views are up to date.")
    if problems and not result.failed:
        sentence = sentence[:-1] + " (problems listed below)."
    return Outcome(sentence, ok=not problems, problems=problems)


def add_participant(ws: Workshop, pid: str, first: str = "", last: str = "", email: str = "") -> Outcome:
    """Add one participant to the gradebook (or update their name and email)."""
    try:
        if not pid.strip():
            raise RosterError("Give the participant an id (letters, digits, '.', '_', '@' or '-'), "
                              "such as dee.smith, then press Add again.")
        pid = check_id(pid)
        if email.strip() and not _EMAIL.match(email.strip()):
            raise RosterError(f"The email '{email.strip()}' is not an address; fix it or leave it empty.")
        known = pid in completion_matrix(ws).participants
        person = Participant(pid, first.strip(), last.strip(), email.strip())
        add_participants(ws, [person])
    except PlkitError as exc:
        return Outcome(str(exc), ok=False)
    who = f"{person.name} ({pid})" if person.name != pid else pid
    if known:
        return Outcome(f"{who} was already on the roster: their name and email are updated.")
    return Outcome(f"Added {who}: they join with the id {pid}.")


class Runner:
    """One action at a time, in a background thread; ``done`` gets its outcome (or a sentence for
    anything unexpected, so a failure is never silent). With ``lock_path`` (a file in the workshop
    folder) also one at a time across processes: two dashboard tabs are two kernels."""

    def __init__(self, lock_path: Path | None = None) -> None:
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._lock_path = lock_path

    @property
    def busy(self) -> bool:
        return self._lock.locked()

    def _other_process(self) -> int | None:
        """A file descriptor holding the workshop's lock, or None when another process holds it."""
        if self._lock_path is None or fcntl is None:
            return -1
        try:
            fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return -1  # a folder that cannot be written: the action will say so itself
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return None
        return fd

    def start(self, action: Callable[[], Outcome], done: Callable[[Outcome], None]) -> bool:
        """Start ``action``; False (and nothing started) while another one runs."""
        if not self._lock.acquire(blocking=False):
            return False
        fd = self._other_process()
        if fd is None:
            self._lock.release()
            return False

        def run() -> None:
            try:
                try:
                    outcome = action()
                except Exception as exc:  # noqa: BLE001 - a background failure must reach the page
                    outcome = Outcome(f"Something unexpected stopped this ({type(exc).__name__}); "
                                      "nothing saved is lost: try again, and if it happens again "
                                      "run the same step with `plkit workshop` in a terminal.", ok=False)
                done(outcome)
            finally:
                if fd >= 0:
                    os.close(fd)  # closing releases the file lock
                self._lock.release()

        thread = threading.Thread(target=run, name="plkit-dashboard-action", daemon=True)
        thread.start()
        self._thread = thread
        return True

    def wait(self, timeout: float | None = None) -> None:
        """Until the action started last has answered (tests, and stopping the page)."""
        if self._thread is not None:
            self._thread.join(timeout)
