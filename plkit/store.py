"""The response store: one JSON document per participant per workbook.

Writes are atomic (temporary file, fsync, ``os.replace``) and serialised with a lock file, and
each write re-reads the document first and changes only its own key, so two browser tabs on the
same workbook never lose each other's answers. A kill during a write leaves the last good version;
its temporary file goes when a store next opens the folder (once a minute old and unlocked). A
file that cannot be read, or is JSON of the wrong shape, is moved aside (never overwritten) and
the reason is kept in ``store.notice`` for the app to show.

>>> s = MemoryStore("defining", "ana")
>>> s.set("defining.why-word", "equity")
>>> s.get("defining.why-word")
'equity'
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from plkit.errors import StoreError
from plkit.settings import current

if sys.platform == "win32":  # pragma: no cover
    import msvcrt  # Windows has no fcntl; msvcrt locks a byte range instead
else:
    import fcntl  # POSIX file locks

__all__ = ["FutureSchemaError", "SCHEMA_VERSION", "RESPONSES_FILE", "STORE_SIDE_FILES", "ResponseStore",
           "MemoryStore", "FileStore", "upgrade_document", "read_document", "store_for", "file_lock"]

SCHEMA_VERSION = 2
RESPONSES_FILE = "plkit-responses.json"
#: A save's temporary file, renamed over the responses file when complete.
TEMP_PATTERN = f".{RESPONSES_FILE}.*.tmp"
#: Files the store keeps beside the answers that are never part of a submission (glob patterns,
#: as nbgrader's ``CourseDirectory.ignore`` takes them): the lock, a killed save's temporary
#: file, and files moved aside because they could not be read.
STORE_SIDE_FILES = (f".{RESPONSES_FILE}.lock", TEMP_PATTERN, "plkit-responses.unreadable-*")
STALE_TEMP_SECONDS = 60.0  # seconds: an unlocked temporary file this old is a killed save's leftover

Listener = Callable[[str, Any], None]
Updater = Callable[[Any], Any]


class FutureSchemaError(StoreError):
    """The file was written by a newer plkit: it is good data, so it is never moved aside."""


def _always(value: Any) -> Updater:
    """An updater that ignores the old value and gives ``value``."""
    return lambda _old: value


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _empty(workbook: str, participant: str) -> dict[str, Any]:
    return {"schema": SCHEMA_VERSION, "workbook": workbook, "participant": participant, "updated": None,
            "responses": {}}


def upgrade_document(doc: dict[str, Any]) -> dict[str, Any]:
    """Bring a stored document of any known schema version to the current one.

    Version 1 (plkit 0.0) kept bare values under ``answers``; version 2 keeps each answer with
    the time it was given, which is what lets two tabs merge per answer.

    >>> old = {"version": 1, "workbook": "w", "participant": "p", "answers": {"k": 1}}
    >>> upgrade_document(old)["responses"]["k"]["value"]
    1
    """
    if not isinstance(doc, dict):
        raise StoreError("the responses file does not hold a JSON object")
    version = doc.get("schema", doc.get("version"))
    if version == 1:
        at = doc.get("updated")
        answers = doc.get("answers", {})
        if not isinstance(answers, dict):
            raise StoreError("the responses file's 'answers' is not a JSON object")
        doc = {
            "schema": 2,
            "workbook": doc.get("workbook", ""),
            "participant": doc.get("participant", ""),
            "updated": at,
            "responses": {k: {"value": v, "at": at} for k, v in answers.items()},
        }
        version = 2
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise FutureSchemaError(
            f"the responses file has schema version {version!r}, which this plkit "
            f"(schema {SCHEMA_VERSION}) does not know; upgrade plkit to open it"
        )
    if version != SCHEMA_VERSION:
        raise StoreError(f"the responses file has no valid schema version (found {version!r})")
    if not isinstance(doc.get("responses"), dict):
        raise StoreError("the responses file has no 'responses' object")
    for key, entry in doc["responses"].items():
        if not isinstance(entry, dict) or "value" not in entry:
            raise StoreError(f"the answer saved under {key[:80]!r} is not in the form plkit saves")
    return doc


def read_document(path: str | Path) -> dict[str, Any]:
    """Read and upgrade one responses file (used by the facilitator side); raise StoreError."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StoreError(f"{path} does not exist") from None
    except UnicodeDecodeError:
        raise StoreError(f"{path} is not UTF-8 text") from None
    try:
        doc = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # not JSON, a number too long, nesting too deep
        where = f" (line {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise StoreError(f"{path} is not valid JSON that plkit can read{where}") from None
    return upgrade_document(doc)


class ResponseStore(ABC):
    """Answers of one participant in one workbook, keyed by stable prompt ids."""

    def __init__(self, workbook: str, participant: str) -> None:
        self.workbook = workbook
        self.participant = participant
        self.notice: str | None = None
        self._listeners: list[Listener] = []
        #: How often the saved answers were found changed by another process (another tab,
        #: another kernel) since this store first read them.
        self.changes_elsewhere = 0

    def version(self, on_disk: bool = False) -> object | None:
        """Which version of the saved answers this store last read or wrote, or (``on_disk``)
        the one saved now; None when versions cannot be told apart (an in-memory store).

        A page built ahead compares the two to know whether answers changed meanwhile."""
        return None

    @abstractmethod
    def _read_all(self) -> dict[str, dict[str, Any]]: ...

    @abstractmethod
    def _apply(self, updaters: dict[str, Updater]) -> dict[str, Any]:
        """Apply ``{key: fn(old_value) -> new_value}`` atomically; return the new values."""

    def all(self) -> dict[str, Any]:
        """Every answer, as ``{prompt_id: value}``."""
        return {k: v["value"] for k, v in self._read_all().items()}

    def get(self, key: str, default: Any = None) -> Any:
        entry = self._read_all().get(key)
        return default if entry is None else entry["value"]

    def set(self, key: str, value: Any) -> None:
        self.set_many({key: value})

    def set_many(self, changes: dict[str, Any]) -> None:
        for key, value in changes.items():
            self._check(key, value)
        self._commit({k: _always(v) for k, v in changes.items()})

    def update(self, key: str, fn: Updater) -> Any:
        """Change one answer from its latest saved value, under the store's lock: how a widget
        that holds many small answers under one key (a card sort) saves just the part that
        changed, so another tab's changes to other parts are kept."""

        def checked(old: Any) -> Any:
            new = fn(old)
            self._check(key, new)
            return new

        return self._commit({key: checked})[key]

    @staticmethod
    def _check(key: str, value: Any) -> None:
        if not isinstance(key, str) or not key:
            raise StoreError("an answer's key must be a non-empty prompt id")
        try:
            json.dumps(value)
        except (TypeError, ValueError):
            raise StoreError(f"the answer to {key} cannot be saved as JSON") from None

    def _commit(self, updaters: dict[str, Updater]) -> dict[str, Any]:
        new = self._apply(updaters)
        for key, value in new.items():
            for listener in list(self._listeners):
                listener(key, value)
        return new

    def on_change(self, listener: Listener) -> None:
        """Call ``listener(key, value)`` after every saved change in this process."""
        self._listeners.append(listener)


class MemoryStore(ResponseStore):
    """An in-memory store for tests and demos; the same interface as FileStore."""

    def __init__(self, workbook: str = "demo", participant: str = "participant") -> None:
        super().__init__(workbook, participant)
        self._data: dict[str, dict[str, Any]] = {}

    def _read_all(self) -> dict[str, dict[str, Any]]:
        return self._data

    def _apply(self, updaters: dict[str, Updater]) -> dict[str, Any]:
        at = _now()
        new = {k: fn(self._data.get(k, {}).get("value")) for k, fn in updaters.items()}
        for key, value in new.items():
            self._data[key] = {"value": value, "at": at}
        return new


_THREAD_LOCK = threading.Lock()


def _lock_fd(fd: int, wait: bool) -> bool:
    """Take the exclusive lock on ``fd``; without ``wait``, False when someone holds it."""
    try:
        if sys.platform == "win32":  # pragma: no cover - Windows: msvcrt locks a byte range
            msvcrt.locking(fd, msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
        else:
            fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        if wait:
            raise
        return False


def _remove_stale_temps(folder: Path) -> None:
    """Remove temporary files of killed saves: a minute old, and only while this process holds
    the lock, so no live writer (which holds the lock while its temporary file exists) loses one."""
    try:
        cutoff = time.time() - STALE_TEMP_SECONDS
        stale = [p for p in folder.glob(TEMP_PATTERN) if p.stat().st_mtime < cutoff]
        if not stale or not _THREAD_LOCK.acquire(blocking=False):
            return
    except OSError:
        return
    try:
        fd = os.open(folder / f".{RESPONSES_FILE}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:  # a read-only folder: nothing can be cleaned (or saved) there
        _THREAD_LOCK.release()
        return
    try:
        for path in stale if _lock_fd(fd, wait=False) else []:
            with contextlib.suppress(OSError):
                path.unlink()
    finally:
        os.close(fd)  # closing releases the lock
        _THREAD_LOCK.release()


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    """An exclusive lock shared by every process writing this document."""
    with _THREAD_LOCK:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock_fd(fd, wait=True)
            yield
        finally:
            os.close(fd)  # closing releases the lock


#: The lock every writer of a shared file takes (the store's answers, the privacy guard's record).
file_lock = _locked


class FileStore(ResponseStore):
    """Answers in ``<folder>/plkit-responses.json``, written atomically."""

    def __init__(self, folder: str | Path, workbook: str, participant: str) -> None:
        super().__init__(workbook, participant)
        self.folder = Path(folder)
        self.path = self.folder / RESPONSES_FILE
        self._cache: dict[str, Any] | None = None
        self._stamp: tuple[int, int, int] | None = None
        self._opened = False

    def _open_folder(self) -> None:
        """Once per store, before its first read or write: clear a killed save's leftovers."""
        if not self._opened:
            self._opened = True
            _remove_stale_temps(self.folder)

    def version(self, on_disk: bool = False) -> object | None:
        return ("file", self._file_stamp() if on_disk else self._stamp)

    # -- reading ---------------------------------------------------------------------------
    def _move_aside(self, reason: str) -> None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        aside = self.path.with_name(f"{self.path.stem}.unreadable-{stamp}.json")
        os.replace(self.path, aside)
        self.notice = (
            f"Your saved answers file could not be read ({reason}); it was kept as {aside.name} "
            "and a fresh file was started. Ask your facilitator to recover it if answers are missing."
        )

    def _file_stamp(self) -> tuple[int, int, int] | None:
        """Identity of the file's current version: every atomic write makes a new inode, so this
        changes with each write even where timestamps are coarse (network shares)."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def _load_disk(self, fresh: bool = False) -> dict[str, Any]:
        stamp = self._file_stamp()
        if self._cache is not None and stamp != self._stamp:
            self.changes_elsewhere += 1
        if stamp is None:
            self._cache, self._stamp = _empty(self.workbook, self.participant), None
            return self._cache
        if not fresh and self._cache is not None and self._stamp == stamp:
            return self._cache
        try:
            doc = read_document(self.path)
        except FutureSchemaError:
            raise  # a newer plkit wrote it: never move a good file aside
        except StoreError as exc:
            self._move_aside(str(exc).replace(str(self.path), "the file"))
            self._cache, self._stamp = _empty(self.workbook, self.participant), None
            return self._cache
        self._cache, self._stamp = doc, stamp
        return doc

    def _read_all(self) -> dict[str, dict[str, Any]]:
        self._open_folder()
        return dict(self._load_disk()["responses"])  # its shape is checked on reading

    # -- writing ---------------------------------------------------------------------------
    def _apply(self, updaters: dict[str, Updater]) -> dict[str, Any]:
        self._open_folder()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with _locked(self.folder / f".{RESPONSES_FILE}.lock"):
                # always re-read under the lock: another tab may have written
                doc = dict(self._load_disk(fresh=True))
                responses = dict(doc["responses"])
                at = _now()
                new = {k: fn(responses.get(k, {}).get("value")) for k, fn in updaters.items()}
                for key, value in new.items():
                    responses[key] = {"value": value, "at": at}
                doc.update(schema=SCHEMA_VERSION, workbook=self.workbook, participant=self.participant,
                           updated=at, responses=responses)
                self._atomic_write(doc)
                self._cache = doc
                self._stamp = self._file_stamp()
        except OSError as exc:
            raise StoreError(
                f"your answer could not be saved ({exc.strerror or exc}); check that the "
                "workspace folder is writable and has free space"
            ) from None
        return new

    def _atomic_write(self, doc: dict[str, Any]) -> None:
        data = json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=True).encode("utf-8")
        fd, tmp = tempfile.mkstemp(prefix=f".{RESPONSES_FILE}.", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        with contextlib.suppress(OSError):  # make the rename itself durable
            dfd = os.open(self.folder, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)


def store_for(workbook: str, folder: str | Path | None = None) -> ResponseStore:
    """The store a workbook's kernel should use, from plkit's settings.

    ``folder`` defaults to ``PLKIT_STORE_DIR/<workbook>`` when set, else the current folder
    (under Voila, the notebook's own folder, so nbgrader's submit carries the answers).
    """
    s = current()
    if folder is None:
        folder = s.store_dir / workbook if s.store_dir else Path.cwd()
    return FileStore(folder, workbook, s.participant)
