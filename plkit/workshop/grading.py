"""Autograding collected submissions with nbgrader's autograde, on several cores whatever the
gradebook's database.

Each submission is graded in a worker process. Running the submitted notebook (starting its
kernel and running its cells, nearly all of the time) goes on in parallel. With a SQLite
gradebook, every other phase of nbgrader's autograde (recording the submission, overwriting
locked cells from the source, saving the grades, late penalties) holds one file lock beside the
gradebook, so one process at a time reads and writes it and SQLite never answers "database is
locked". PostgreSQL needs no lock.

Whatever the workers and their kernels print (nbgrader's log, ipykernel's warnings, SQLAlchemy's
warnings) goes to ``DIR/logs/autograde.log``, never to the facilitator's terminal.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from plkit.workshop.config import Workshop, api, load

__all__ = ["AutogradeResult", "PORT_RACE_RETRIES", "LOCK_FILE", "LOG_FILE", "MAX_WORKERS", "grade", "workers_for"]

#: Held by a worker while it uses a SQLite gradebook (not while its notebook runs).
LOCK_FILE = ".plkit-gradebook.lock"
#: Where workers' and kernels' output goes, appended run after run.
LOG_FILE = Path("logs") / "autograde.log"
#: At most this many submissions at once by default (each runs a kernel of about 100 MB).
MAX_WORKERS = 8
#: How many times a submission is graded again when its kernel lost a port race (see below).
PORT_RACE_RETRIES = 3
#: Whether this system has the file lock (POSIX); without it, a SQLite gradebook takes one worker.
CAN_LOCK = sys.platform != "win32"


@dataclass
class AutogradeResult:
    graded: list[tuple[str, str]] = field(default_factory=list)  # workbook, participant
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # workbook, participant, why
    #: Graded, and plkit's completion check did not pass (some steps are not done yet).
    incomplete: list[tuple[str, str]] = field(default_factory=list)

    @property
    def complete(self) -> list[tuple[str, str]]:
        left = set(self.incomplete)
        return [g for g in self.graded if g not in left]


class _FileLock:
    """An exclusive lock between processes on one file (``flock``); nothing where there is none."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._fd: int | None = None
        #: Seconds spent waiting for the lock, and running notebooks without it (for the log).
        self.waited = self.ran = 0.0

    def acquire(self) -> None:
        if self.path is None or self._fd is not None or sys.platform == "win32":
            return
        # deferred: fcntl exists on POSIX only (CAN_LOCK says where)
        import fcntl

        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        t = time.perf_counter()
        fcntl.flock(fd, fcntl.LOCK_EX)
        self.waited += time.perf_counter() - t
        self._fd = fd

    def release(self) -> None:
        if self._fd is None or sys.platform == "win32":
            return
        # deferred: fcntl exists on POSIX only (CAN_LOCK says where)
        import fcntl

        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        self.acquire()
        try:
            yield
        finally:
            self.release()


#: This worker's gradebook lock (set by :func:`_worker_start`; no lock in the parent process).
_LOCK = _FileLock(None)


def _unlocked_execute() -> type:
    """nbgrader's Execute preprocessor, letting go of the gradebook lock while the notebook runs."""
    # deferred: nbgrader takes about 1 s to import; only grading workers need it
    from nbgrader.preprocessors import Execute

    class UnlockedExecute(Execute):  # type: ignore[misc]  # nbgrader has no type hints
        def preprocess(self, nb: Any, resources: Any = None, km: Any = None) -> Any:
            _LOCK.release()
            t = time.perf_counter()
            try:
                return super().preprocess(nb, resources, km)
            finally:
                _LOCK.ran += time.perf_counter() - t
                _LOCK.acquire()

    return UnlockedExecute


def _config() -> Any:
    """Autograde's preprocessors with :func:`_unlocked_execute` in place of Execute."""
    # deferred: traitlets and nbgrader only in grading workers
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import Execute  # deferred, as above
    from traitlets.config import Config  # deferred, as above

    c = Config()
    unlocked = _unlocked_execute()
    default = Autograde.class_traits()["autograde_preprocessors"].default()
    c.Autograde.autograde_preprocessors = [unlocked if p is Execute else p for p in default]
    return c


def _worker_start(log: str, lock: str | None) -> None:
    """In each worker: output (its own and its kernels') to the log; the gradebook lock."""
    global _LOCK
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    warnings.simplefilter("ignore")  # nbgrader's and SQLAlchemy's warnings mean nothing to a facilitator
    _LOCK = _FileLock(Path(lock) if lock else None)
    _config()  # nbgrader's import, once per worker and before any lock, not inside the first job


def _port_race(res: dict[str, Any] | None) -> bool:
    text = ((res or {}).get("log") or "") + ((res or {}).get("error") or "")
    return "Address already in use" in text


def _damaged_notebook(folder: Path) -> str | None:
    """The name of a submitted notebook that cannot be read, if any."""
    for nb in sorted(folder.glob("*.ipynb")):
        try:
            nbformat.validate(nbformat.read(nb, as_version=4))  # type: ignore[no-untyped-call]  # no annotations
        except Exception:  # noqa: BLE001 - any failure to read it means it is damaged
            return nb.name
    return None


def _on_roster(a: Any, sid: str) -> bool:
    """Whether ``sid`` is in the gradebook (one lookup, not a read of every participant)."""
    # deferred: nbgrader takes about 1 s to import (see _unlocked_execute)
    from nbgrader.api import MissingEntry

    with a.gradebook as gb:
        try:
            gb.find_student(sid)
        except MissingEntry:
            return False
    return True


def _complete(a: Any, wid: str, sid: str) -> bool:
    with a.gradebook as gb:
        sub = gb.find_submission(wid, sid)
        return bool(sub.max_score) and sub.score >= sub.max_score


def _why(ws: Workshop, wid: str, sid: str, res: dict[str, Any] | None) -> str:
    log = (res or {}).get("log", "") + "\n" + ((res or {}).get("error") or "")
    lines = [ln.strip() for ln in log.splitlines() if ln.strip()
             and "NbGraderException" not in ln and "traceback" not in ln.lower()]
    detail = lines[-1][:200] if lines else "no details"
    return (f"nbgrader could not autograde {sid}'s {wid} ({detail}); check the submission in "
            f"{ws.root / 'submitted' / sid / wid}.")


def _grade_one(root: str, wid: str, sid: str) -> tuple[str, str, bool, bool, str]:
    """(workbook, participant, graded, complete, why not graded): one submission, in a worker."""
    ws = load(root)
    start, _LOCK.waited, _LOCK.ran = time.perf_counter(), 0.0, 0.0
    try:
        return _grade_locked(ws, wid, sid)
    finally:
        print(f"plkit: {wid} of {sid} took {time.perf_counter() - start:.2f} s: the notebook ran "
              f"{_LOCK.ran:.2f} s, waiting for the gradebook {_LOCK.waited:.2f} s", file=sys.stderr, flush=True)


def _grade_locked(ws: Workshop, wid: str, sid: str) -> tuple[str, str, bool, bool, str]:
    """nbgrader's autograde (it writes the gradebook) under the lock; checks and reads outside it."""
    damaged = _damaged_notebook(ws.root / "submitted" / sid / wid)
    if damaged:
        return wid, sid, False, False, (
            f"{sid}'s submitted notebook {damaged} is damaged (not a readable notebook); ask "
            "them to submit again, then collect and autograde.")
    a = api(ws, _config())
    # reads, outside the lock: SQLite lets readers wait out a writer's commit (they never deadlock)
    if not _on_roster(a, sid):
        return wid, sid, False, False, (
            f"{sid} is not on this workshop's roster; add them with "
            f"`plkit workshop add-participant {ws.root} {sid}` and autograde again.")
    with _LOCK.held():
        res = a.autograde(wid, sid, force=True, create=False)
        for _retry in range(PORT_RACE_RETRIES):
            # Where kernels still use TCP (see config._kernels_over_ipc), parallel workers start
            # them at the same moment, and jupyter_client picks a free port by binding and
            # releasing it, so two kernels can pick the same one. That says nothing about the
            # submission: start the kernel again.
            if res and res.get("success") or not _port_race(res):
                break
            res = a.autograde(wid, sid, force=True, create=False)
    if not (res and res.get("success")):
        return wid, sid, False, False, _why(ws, wid, sid, res)
    return wid, sid, True, _complete(a, wid, sid), ""


def workers_for(ws: Workshop, workers: int | None, jobs: int) -> int:
    """How many submissions are graded at once: ``workers``, else every core (at most
    :data:`MAX_WORKERS`), never more than there are submissions."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    n = workers or min(cores, MAX_WORKERS)
    if ws.db_url.startswith("sqlite") and not CAN_LOCK:
        n = 1
    return max(1, min(n, jobs))


def _outcome(ws: Workshop, fut: Future[tuple[str, str, bool, bool, str]],
             job: tuple[str, str]) -> tuple[str, str, bool, bool, str]:
    """A worker's answer; a worker that died or raised is one sentence, and the rest go on."""
    try:
        return fut.result()
    except Exception as exc:  # noqa: BLE001 - whatever broke, this submission is reported, not the run
        wid, sid = job
        return wid, sid, False, False, (
            f"grading {sid}'s {wid} stopped ({type(exc).__name__}: {str(exc)[:150]}); autograde again, "
            f"and if it happens again see {ws.root / LOG_FILE}.")


#: Imported once in the fork server, so its workers start with them (see :func:`_context`); the
#: caller's main module too, as multiprocessing does by default, or each worker would import it.
PRELOAD = ["__main__", "plkit.workshop.grading", "nbgrader.apps", "nbgrader.converters", "nbgrader.preprocessors"]


def _context() -> Any:
    """Workers are never a fork of the caller (a Voila kernel or the dashboard has threads): they
    fork from multiprocessing's fork server, a clean process started once that has imported
    nbgrader already, so a worker starts in a moment; where there is none (Windows), a fresh
    interpreter each."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)  # no effect once the server runs, which has them already
    return ctx


def grade(ws: Workshop, jobs: Sequence[tuple[str, str]], workers: int | None = None,
          progress: Callable[[int, int], None] | None = None) -> AutogradeResult:
    """Autograde ``jobs`` ((workbook, participant) pairs) in worker processes; a broken one is
    reported and the rest go on. ``progress(done, total)`` once before the first (0 done) and
    after each."""
    result = AutogradeResult()
    if not jobs:
        return result
    if progress:
        progress(0, len(jobs))  # the bar shows how many there are from the start
    log = ws.root / LOG_FILE
    log.parent.mkdir(parents=True, exist_ok=True)
    lock = str(ws.root / LOCK_FILE) if ws.db_url.startswith("sqlite") else None
    with ProcessPoolExecutor(max_workers=workers_for(ws, workers, len(jobs)), mp_context=_context(),
                             initializer=_worker_start, initargs=(str(log), lock)) as pool:
        futures = {pool.submit(_grade_one, str(ws.root), wid, sid): (wid, sid) for wid, sid in jobs}
        for done, fut in enumerate(as_completed(futures), start=1):
            wid, sid, ok, complete, why = _outcome(ws, fut, futures[fut])
            if ok:
                result.graded.append((wid, sid))
                if not complete:
                    result.incomplete.append((wid, sid))
            else:
                result.failed.append((wid, sid, why))
            if progress:
                progress(done, len(jobs))
    return result
