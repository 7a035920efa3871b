"""The response store: round trips, two tabs, two processes, kills, corrupt and future files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from plkit.errors import StoreError
from plkit.store import (
    RESPONSES_FILE,
    SCHEMA_VERSION,
    FileStore,
    MemoryStore,
    ResponseStore,
    read_document,
    store_for,
    upgrade_document,
)

REPO = Path(__file__).resolve().parents[1]


def _file(folder: Path) -> Path:
    return folder / RESPONSES_FILE


def _unreadable(folder: Path) -> list[Path]:
    return sorted(folder.glob("plkit-responses.unreadable-*.json"))


@pytest.fixture(params=["memory", "file"])
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], ResponseStore]:
    if request.param == "memory":
        return lambda: MemoryStore("defining", "ana")
    return lambda: FileStore(tmp_path, "defining", "ana")


# -- the interface, for both stores -----------------------------------------------------------


def test_get_set_all(make_store: Callable[[], ResponseStore]) -> None:
    s = make_store()
    assert s.get("defining.why-word") is None
    assert s.get("defining.why-word", "none") == "none"
    assert s.all() == {}
    s.set("defining.why-word", "equity")
    s.set("defining.card-sort", {"a": "is", "b": "isnt"})
    s.set("defining.misunderstandings", ["m1", "m2"])
    s.set("defining.why-word", "agency")  # replaces
    assert s.get("defining.why-word") == "agency"
    assert s.all() == {
        "defining.why-word": "agency",
        "defining.card-sort": {"a": "is", "b": "isnt"},
        "defining.misunderstandings": ["m1", "m2"],
    }


def test_set_many_and_listeners(make_store: Callable[[], ResponseStore]) -> None:
    s = make_store()
    calls: list[tuple[str, Any]] = []
    s.on_change(lambda k, v: calls.append((k, v)))
    s.set("a", 1)
    s.set_many({"b": 2, "c": [3]})
    assert calls == [("a", 1), ("b", 2), ("c", [3])]
    assert s.all() == {"a": 1, "b": 2, "c": [3]}


def test_not_json_value_is_refused(make_store: Callable[[], ResponseStore]) -> None:
    s = make_store()
    calls: list[str] = []
    s.on_change(lambda k, v: calls.append(k))
    s.set("a", "kept")
    with pytest.raises(StoreError, match="cannot be saved as JSON"):
        s.set("b", object())
    with pytest.raises(StoreError):
        s.set_many({"c": "fine", "d": {1, 2}})
    assert s.all() == {"a": "kept"}
    assert calls == ["a"]


def test_empty_key_is_refused(make_store: Callable[[], ResponseStore]) -> None:
    with pytest.raises(StoreError):
        make_store().set("", 1)


# -- FileStore ----------------------------------------------------------------------------------


def test_two_tabs_on_one_folder(tmp_path: Path) -> None:
    tab1 = FileStore(tmp_path, "defining", "ana")
    tab2 = FileStore(tmp_path, "defining", "ana")
    tab1.set("defining.why-word", "equity")
    tab2.set("defining.own-definition", "Students steer their learning.")
    tab1.set("defining.closest-definition", "four-pillars")
    expected = {
        "defining.why-word": "equity",
        "defining.own-definition": "Students steer their learning.",
        "defining.closest-definition": "four-pillars",
    }
    assert tab1.all() == expected
    assert tab2.all() == expected
    assert tab2.get("defining.closest-definition") == "four-pillars"
    doc = read_document(_file(tmp_path))
    assert doc["schema"] == SCHEMA_VERSION
    assert doc["workbook"] == "defining"
    assert doc["participant"] == "ana"
    assert {k: v["value"] for k, v in doc["responses"].items()} == expected
    assert all(v["at"] for v in doc["responses"].values())


def test_other_tab_write_seen_even_with_coarse_timestamps(tmp_path: Path) -> None:
    """Filesystems with coarse modification times (NFS, older kernels: one tick = 1-10 ms, some
    network shares 1-2 s) give two quick writes the same mtime; a tab must still see the
    other tab's answer."""
    tab1 = FileStore(tmp_path, "defining", "ana")
    tab2 = FileStore(tmp_path, "defining", "ana")
    tab1.set("a", 1)
    assert tab1.get("a") == 1
    before = _file(tmp_path).stat()
    tab2.set("b", 2)
    os.utime(_file(tmp_path), ns=(before.st_atime_ns, before.st_mtime_ns))  # same tick
    assert tab1.get("b") == 2


_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from plkit.store import FileStore
    folder, prefix, go = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    deadline = time.monotonic() + 30
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.002)
    s = FileStore(folder, "defining", "ana")
    for i in range(50):
        s.set(f"{prefix}.{i}", {"i": i, "by": prefix})
    """
)


def test_two_processes_lose_nothing(tmp_path: Path) -> None:
    go = tmp_path / "go"
    folder = tmp_path / "answers"
    procs = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(folder), p, str(go)], cwd=REPO)
        for p in ("one", "two")
    ]
    go.touch()
    for p in procs:
        assert p.wait(timeout=60) == 0
    json.loads(_file(folder).read_text(encoding="utf-8"))  # valid JSON
    answers = FileStore(folder, "defining", "ana").all()
    expected = {f"{p}.{i}": {"i": i, "by": p} for p in ("one", "two") for i in range(50)}
    assert answers == expected
    assert not _unreadable(folder)


_LOOPER = textwrap.dedent(
    """
    import string, sys
    from plkit.store import FileStore
    s = FileStore(sys.argv[1], "defining", "ana")
    i = 0
    while True:
        letter = string.ascii_lowercase[i % 26]
        s.set("big", {"i": i, "blob": letter * 400_000})
        s.set(f"small.{i}", i)
        i += 1
    """
)


def test_kill_during_write_keeps_a_complete_version(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", _LOOPER, str(tmp_path)], cwd=REPO)
    try:
        deadline = time.monotonic() + 30
        seen = -1
        while time.monotonic() < deadline and seen < 4:
            assert proc.poll() is None, "the writer stopped by itself"
            if _file(tmp_path).exists():
                # a reader never sees a half-written file, even mid-loop
                seen = read_document(_file(tmp_path))["responses"]["big"]["value"]["i"]
            else:
                time.sleep(0.01)
        assert seen >= 4, "the writer made no progress"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    doc = read_document(_file(tmp_path))
    big = doc["responses"]["big"]["value"]
    assert big["i"] >= seen
    assert big["blob"] == "abcdefghijklmnopqrstuvwxyz"[big["i"] % 26] * 400_000
    smalls = {k for k in doc["responses"] if k.startswith("small.")}
    assert {f"small.{i}" for i in range(big["i"])} <= smalls  # every earlier write is there
    # leftovers of the killed write do not get in the way
    s = FileStore(tmp_path, "defining", "ana")
    assert s.get("big")["i"] == big["i"]
    assert s.notice is None
    s.set("after", "works")
    assert read_document(_file(tmp_path))["responses"]["after"]["value"] == "works"
    assert not _unreadable(tmp_path)


@pytest.mark.parametrize(
    "garbage",
    [b"\xff\xfe\x00\x9c garbage \x00", b'{"schema": 2, "responses": {"a": {"val', b"[1, 2, 3]"],
    ids=["bytes", "truncated", "array"],
)
def test_corrupt_file_is_moved_aside(tmp_path: Path, garbage: bytes) -> None:
    _file(tmp_path).write_bytes(garbage)
    s = FileStore(tmp_path, "defining", "ana")
    assert s.get("a") is None
    aside = _unreadable(tmp_path)
    assert len(aside) == 1
    assert aside[0].read_bytes() == garbage
    assert s.notice is not None
    assert "could not be read" in s.notice
    assert aside[0].name in s.notice
    assert "Traceback" not in s.notice and "Error" not in s.notice
    s.set("a", "fresh")
    assert read_document(_file(tmp_path))["responses"]["a"]["value"] == "fresh"
    assert aside[0].read_bytes() == garbage  # still there, untouched
    assert FileStore(tmp_path, "defining", "ana").get("a") == "fresh"


@pytest.mark.parametrize(
    "text",
    ["{}", '{"responses": {}}', '{"schema": "two", "responses": {}}', '{"schema": 0, "responses": {}}'],
    ids=["empty-object", "no-schema", "text-schema", "schema-zero"],
)
def test_object_without_a_known_schema_is_moved_aside(tmp_path: Path, text: str) -> None:
    """Only a *newer* schema means "upgrade plkit"; a JSON object with no usable schema is just
    unreadable, and must not block the participant from saving forever."""
    _file(tmp_path).write_text(text, encoding="utf-8")
    s = FileStore(tmp_path, "defining", "ana")
    assert s.get("a") is None
    assert s.notice is not None and "could not be read" in s.notice
    aside = _unreadable(tmp_path)
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == text
    s.set("a", "saved")
    assert read_document(_file(tmp_path))["responses"]["a"]["value"] == "saved"


def test_future_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    doc = {"schema": SCHEMA_VERSION + 1, "responses": {"a": {"value": 1, "at": None}}}
    raw = json.dumps(doc).encode()
    _file(tmp_path).write_bytes(raw)
    s = FileStore(tmp_path, "defining", "ana")
    with pytest.raises(StoreError, match="upgrade plkit"):
        s.get("a")
    with pytest.raises(StoreError):
        s.set("b", 2)
    assert _file(tmp_path).read_bytes() == raw
    assert not _unreadable(tmp_path)
    with pytest.raises(StoreError, match="schema version"):
        read_document(_file(tmp_path))


def test_upgrade_from_v1() -> None:
    v1 = {
        "version": 1,
        "workbook": "defining",
        "participant": "ana",
        "updated": "2024-01-01T00:00:00+00:00",
        "answers": {"defining.why-word": "equity", "defining.card-sort": {"x": "is"}},
    }
    v2 = upgrade_document(v1)
    assert v2["schema"] == 2
    assert v2["workbook"] == "defining" and v2["participant"] == "ana"
    assert v2["responses"] == {
        "defining.why-word": {"value": "equity", "at": "2024-01-01T00:00:00+00:00"},
        "defining.card-sort": {"value": {"x": "is"}, "at": "2024-01-01T00:00:00+00:00"},
    }
    assert "answers" not in v2


def test_v1_file_is_read_and_rewritten_as_v2(tmp_path: Path) -> None:
    v1 = {"version": 1, "workbook": "defining", "participant": "ana", "answers": {"old": "kept"}}
    _file(tmp_path).write_text(json.dumps(v1), encoding="utf-8")
    s = FileStore(tmp_path, "defining", "ana")
    assert s.get("old") == "kept"
    s.set("new", "added")
    doc = json.loads(_file(tmp_path).read_text(encoding="utf-8"))
    assert doc["schema"] == 2
    assert {k: v["value"] for k, v in doc["responses"].items()} == {"old": "kept", "new": "added"}


def test_upgrade_refuses_non_objects() -> None:
    with pytest.raises(StoreError):
        upgrade_document([1, 2])  # type: ignore[arg-type]
    with pytest.raises(StoreError):
        upgrade_document({"schema": 2, "responses": []})


def test_not_json_value_leaves_file_unchanged(tmp_path: Path) -> None:
    s = FileStore(tmp_path, "defining", "ana")
    s.set("a", "kept")
    before = _file(tmp_path).read_bytes()
    with pytest.raises(StoreError):
        s.set("b", {1, 2, 3})
    assert _file(tmp_path).read_bytes() == before


def test_read_document_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        read_document(tmp_path / RESPONSES_FILE)


def test_store_for_honours_store_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLKIT_STORE_DIR", str(tmp_path))
    monkeypatch.setenv("PLKIT_PARTICIPANT", "ana")
    s = store_for("defining")
    assert isinstance(s, FileStore)
    assert s.folder == tmp_path / "defining"
    assert s.participant == "ana"
    s.set("k", "v")
    assert read_document(tmp_path / "defining" / RESPONSES_FILE)["participant"] == "ana"


def test_store_for_defaults_to_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLKIT_STORE_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    s = store_for("defining")
    assert isinstance(s, FileStore)
    assert s.path.resolve() == (tmp_path / RESPONSES_FILE).resolve()


# -- valid JSON of the wrong shape, and leftovers of killed writes ----------------------------


@pytest.mark.parametrize(
    "text",
    [
        '{"schema": 2, "responses": {"k": 5}}',
        '{"schema": 2, "responses": {"k": "text"}}',
        '{"schema": 2, "responses": {"k": {"at": null}}}',
        '{"schema": 2, "responses": {"k": [1, 2]}}',
        '{"schema": 2, "responses": {"k": null}}',
        '{"responses": {"k": 5}}',
        '"a string"',
        "12",
        "null",
        "[" * 100_000 + "]" * 100_000,  # valid JSON nested too deep for Python's parser
    ],
    ids=["number-entry", "text-entry", "entry-without-value", "list-entry", "null-entry", "no-schema",
         "string", "number", "null", "deep"],
)
def test_valid_json_of_the_wrong_shape_is_moved_aside(tmp_path: Path, text: str) -> None:
    """Every read of such a file raised TypeError (or KeyError, RecursionError): it is set aside
    like a corrupt file, with the same notice, and saving works again."""
    _file(tmp_path).write_text(text, encoding="utf-8")
    s = FileStore(tmp_path, "defining", "ana")
    assert s.all() == {}
    assert s.get("k") is None
    assert s.notice is not None and "could not be read" in s.notice
    assert "Traceback" not in s.notice and "Error" not in s.notice
    aside = _unreadable(tmp_path)
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == text
    s.set("k", "fresh")
    assert FileStore(tmp_path, "defining", "ana").get("k") == "fresh"
    with pytest.raises(StoreError):
        read_document(aside[0])


def test_upgrade_refuses_entries_without_a_value() -> None:
    with pytest.raises(StoreError, match="k"):
        upgrade_document({"schema": 2, "responses": {"k": 5}})
    with pytest.raises(StoreError):
        upgrade_document({"schema": 2, "responses": {"k": {"at": None}}})
    ok = upgrade_document({"schema": 2, "responses": {"k": {"value": None, "at": None}}})
    assert ok["responses"]["k"]["value"] is None


def _tmp_file(folder: Path, name: str, age: float) -> Path:
    path = folder / name
    path.write_text('{"half": "writ', encoding="utf-8")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_stale_temp_files_of_a_killed_save_are_removed(tmp_path: Path) -> None:
    stale = _tmp_file(tmp_path, f".{RESPONSES_FILE}.abc123.tmp", age=3600)
    fresh = _tmp_file(tmp_path, f".{RESPONSES_FILE}.def456.tmp", age=0)
    other = _tmp_file(tmp_path, "notes.tmp", age=3600)  # not the store's: left alone
    s = FileStore(tmp_path, "defining", "ana")
    assert s.get("a") is None  # the store opens the folder
    assert not stale.exists()
    assert fresh.exists()  # a live save may still be writing it
    assert other.exists()
    s.set("a", 1)
    assert fresh.exists() and FileStore(tmp_path, "defining", "ana").get("a") == 1


def test_temp_files_are_left_while_another_writer_holds_the_lock(tmp_path: Path) -> None:
    import fcntl

    stale = _tmp_file(tmp_path, f".{RESPONSES_FILE}.abc123.tmp", age=3600)
    fd = os.open(tmp_path / f".{RESPONSES_FILE}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # a writer (another process, another tab) is saving
        FileStore(tmp_path, "defining", "ana").all()
        assert stale.exists()
    finally:
        os.close(fd)
    FileStore(tmp_path, "defining", "ana").all()
    assert not stale.exists()


def test_opening_a_folder_that_does_not_exist_yet_is_fine(tmp_path: Path) -> None:
    s = FileStore(tmp_path / "not-yet", "defining", "ana")
    assert s.all() == {}
    assert not (tmp_path / "not-yet").exists()
