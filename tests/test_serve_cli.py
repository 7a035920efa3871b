"""``plkit serve`` without starting Voila: the workspace, the port check, the command, the CLI."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers_unit import REPO, assert_one_sentence

import plkit
from plkit.cli import main
from plkit.errors import ServeError
from plkit.paths import notebooks_source
from plkit.serve import check_port, kernel_transport, prepare_workspace, voila_command
from plkit.store import RESPONSES_FILE

NOTEBOOKS = ["home.ipynb", "defining/defining-personalized-learning.ipynb"]


@pytest.fixture
def listening() -> Iterator[int]:
    """A port on 127.0.0.1 that another program is listening on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        yield s.getsockname()[1]


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# -- the workspace ----------------------------------------------------------------------------


def test_prepare_workspace_copies_the_notebooks(tmp_path: Path) -> None:
    ws = prepare_workspace(tmp_path / "ws")
    assert ws == (tmp_path / "ws").resolve()
    src = notebooks_source("workbooks")
    for rel in NOTEBOOKS:
        assert (ws / rel).is_file(), rel
        assert (ws / rel).read_bytes() == (src / rel).read_bytes(), rel
        json.loads((ws / rel).read_text(encoding="utf-8"))  # a notebook, not a stub


def test_prepare_workspace_is_idempotent(tmp_path: Path) -> None:
    prepare_workspace(tmp_path)
    first = _snapshot(tmp_path)
    assert set(NOTEBOOKS) <= set(first)
    prepare_workspace(tmp_path)
    assert _snapshot(tmp_path) == first  # same files, same bytes, not even rewritten


def test_prepare_workspace_replaces_a_changed_copy(tmp_path: Path) -> None:
    prepare_workspace(tmp_path)
    copy = tmp_path / NOTEBOOKS[1]
    copy.write_text('{"cells": [], "stale": true}', encoding="utf-8")
    prepare_workspace(tmp_path)
    assert copy.read_bytes() == (notebooks_source("workbooks") / NOTEBOOKS[1]).read_bytes()


def test_prepare_workspace_never_touches_answers(tmp_path: Path) -> None:
    answers = tmp_path / "defining" / RESPONSES_FILE
    answers.parent.mkdir(parents=True)
    answers.write_text('{"schema": 2, "responses": {"k": {"value": "mine", "at": null}}}',
                       encoding="utf-8")
    os.utime(answers, ns=(1_000_000_000, 1_000_000_000))
    before = (answers.read_bytes(), answers.stat().st_mtime_ns)
    prepare_workspace(tmp_path)
    prepare_workspace(tmp_path)
    assert (answers.read_bytes(), answers.stat().st_mtime_ns) == before
    assert (tmp_path / NOTEBOOKS[1]).is_file()


def test_prepare_workspace_unwritable_gives_one_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(ServeError) as info:
        prepare_workspace(blocker / "ws")
    assert "--workspace" in str(info.value)
    assert_one_sentence(str(info.value))


# -- port and command -------------------------------------------------------------------------


def test_check_port_in_use(listening: int) -> None:
    with pytest.raises(ServeError, match="already in use") as info:
        check_port(listening)
    assert str(listening) in str(info.value)
    assert_one_sentence(str(info.value))


def test_check_port_free() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert check_port(port) is None


def test_voila_command(tmp_path: Path) -> None:
    cmd = voila_command(tmp_path, 8899)
    assert cmd[:3] == [sys.executable, "-m", "plkit.cli.voila"]  # Voila, "/" leading home
    assert "--PlkitVoila.home_page=voila/render/home.ipynb" in cmd
    assert str(tmp_path) in cmd
    assert "--port=8899" in cmd
    assert "--Voila.ip=127.0.0.1" in cmd
    assert "--no-browser" in cmd
    opts = dict(a.split("=", 1) for a in cmd if a.startswith("--MappingKernelManager."))
    assert int(opts["--MappingKernelManager.cull_interval"]) > 0
    assert int(opts["--MappingKernelManager.cull_idle_timeout"]) > 0
    assert "--preheat_kernel=True" in cmd
    assert "--preheat_kernel=True" not in voila_command(tmp_path, 8899, preheat=False)
    assert not any("0.0.0.0" in a for a in cmd)


def test_kernels_use_unix_sockets_where_they_fit(tmp_path: Path) -> None:
    cmd = voila_command(tmp_path, 8899)
    if os.name == "posix":
        assert "--KernelManager.transport=ipc" in cmd
        assert kernel_transport("/tmp") == ["--KernelManager.transport=ipc"]
    # a socket path longer than the system allows: kernels keep TCP rather than fail to start
    assert kernel_transport("/" + "t" * 80) == []


# -- the command line -------------------------------------------------------------------------


@pytest.mark.parametrize("port", ["99999", "0", "-5"])
def test_serve_bad_port(tmp_path: Path, capsys: pytest.CaptureFixture[str], port: str) -> None:
    ws = tmp_path / "ws"
    code = main(["serve", "--port", port, "--workspace", str(ws), "--no-browser"])
    assert code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("plkit: ")
    assert port in captured.err
    assert_one_sentence(captured.err)
    assert not ws.exists()  # nothing prepared for a command that cannot run


def test_serve_port_in_use(tmp_path: Path, capsys: pytest.CaptureFixture[str], listening: int) -> None:
    code = main(["serve", "--port", str(listening), "--workspace", str(tmp_path), "--no-browser"])
    assert code == 2
    err = capsys.readouterr().err
    assert "already in use" in err
    assert_one_sentence(err)


def test_serve_not_a_number(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["serve", "--port", "eighty"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "invalid int value" in err
    assert "Traceback" not in err


def test_version_subprocess() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "plkit", "--version"],
        capture_output=True, text=True, timeout=60, cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"plkit {plkit.__version__}"


def test_help_lists_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "serve" in out and "content" in out


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err
