"""Stopping ``plkit serve`` as a closed terminal or a service manager does (SIGTERM, SIGHUP) or
as Ctrl+C does (SIGINT) stops Voila and every kernel it started, and frees the port."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from browser_support import free_port

from plkit.errors import ServeError
from plkit.serve import check_port
from plkit.workshop.course import init

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]

STOP_DEADLINE = 40.0  # plkit's grace period for Voila and its kernels, and some margin


class Running:
    """``plkit serve`` started as a person starts it (no session of its own made by the test)."""

    def __init__(self, tmp: Path, args: list[str], page: str) -> None:
        self.port = free_port()
        self.page = page
        self.log_path = tmp / f"serve-{self.port}.log"
        self.log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop_all
        env = {k: v for k, v in os.environ.items() if k != "PLKIT_STORE_DIR"}
        env["PLKIT_PARTICIPANT"] = "stop-tester"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "plkit", "serve", "--no-browser", "--port", str(self.port), *args],
            env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        self.seen: dict[int, psutil.Process] = {}

    def text(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")[-3000:]

    def tree(self) -> list[psutil.Process]:
        with contextlib.suppress(psutil.Error):
            for p in psutil.Process(self.proc.pid).children(recursive=True):
                self.seen.setdefault(p.pid, p)
        return list(self.seen.values())

    def kernels(self) -> list[psutil.Process]:
        found = []
        for p in self.tree():
            with contextlib.suppress(psutil.Error):
                if any("ipykernel" in part for part in p.cmdline()):
                    found.append(p)
        return found

    def open_page(self, timeout: float = 180) -> None:
        """The page answers (its kernel ran it), and a kernel of the tree is running."""
        deadline = time.monotonic() + timeout
        url = f"http://127.0.0.1:{self.port}/voila/render/{self.page}"
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"plkit serve exited early:\n{self.text()}"
            try:
                with urllib.request.urlopen(url, timeout=120) as r:  # noqa: S310 - loopback
                    assert r.status == 200
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError(f"{url} did not answer in {timeout}s:\n{self.text()}")
        while not self.kernels():
            assert time.monotonic() < deadline, f"no kernel started:\n{self.text()}"
            time.sleep(0.1)

    def stop_all(self) -> None:
        """Whatever a failed test left: every process seen, then plkit serve."""
        for p in self.seen.values():
            with contextlib.suppress(psutil.Error):
                p.kill()
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=30)
        self.log.close()


@pytest.fixture
def started(tmp_path: Path) -> Iterator[list[Running]]:
    runs: list[Running] = []
    yield runs
    for run in runs:
        run.stop_all()


def _port_is_free(port: int) -> bool:
    try:
        check_port(port)
    except ServeError:
        return False
    return True


def _assert_everything_stops(run: Running, sig: signal.Signals) -> None:
    run.open_page()
    family = run.tree()
    assert run.kernels(), "the test needs a running kernel"
    os.kill(run.proc.pid, sig)
    gone, alive = psutil.wait_procs(family, timeout=STOP_DEADLINE)
    assert not alive, f"left running after {sig.name}: {[p.pid for p in alive]}\n{run.text()}"
    run.proc.wait(timeout=10)
    deadline = time.monotonic() + 10
    while not _port_is_free(run.port):
        assert time.monotonic() < deadline, f"port {run.port} still taken after {sig.name}"
        time.sleep(0.1)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=lambda s: s.name)
def test_a_signal_stops_voila_and_every_kernel(tmp_path: Path, started: list[Running],
                                               sig: signal.Signals) -> None:
    run = Running(tmp_path, ["--workspace", str(tmp_path / "ws")], "home.ipynb")
    started.append(run)
    _assert_everything_stops(run, sig)


def test_sigterm_stops_the_facilitator_dashboard_and_its_kernels(tmp_path: Path,
                                                                 started: list[Running]) -> None:
    workshop = tmp_path / "workshop"
    init(workshop, "pl-stop")
    run = Running(tmp_path, ["--facilitator", "--workshop", str(workshop)], "dashboard.ipynb")
    started.append(run)
    _assert_everything_stops(run, signal.SIGTERM)


def test_kernels_talk_over_unix_sockets_in_a_private_folder(tmp_path: Path,
                                                            started: list[Running]) -> None:
    """A kernel's five channels are Unix sockets in Voila's private folder, not TCP ports another
    account on the machine could connect to or another kernel could collide with (POSIX only).
    ipykernel itself keeps one loopback port, the pipe its forked subprocesses print through,
    which drops every message without its random id; that one is allowed."""
    if os.name != "posix":
        pytest.skip("Unix sockets are POSIX only; elsewhere kernels keep TCP")
    run = Running(tmp_path, ["--workspace", str(tmp_path / "ws")], "home.ipynb")
    started.append(run)
    run.open_page()
    kernels = run.kernels()
    for kernel in kernels:
        with contextlib.suppress(psutil.NoSuchProcess):
            cmd = kernel.cmdline()
            connection = Path(cmd[cmd.index("-f") + 1])
            info = json.loads(connection.read_text(encoding="utf-8"))
            assert info["transport"] == "ipc", info
            assert Path(info["ip"]).parent == connection.parent
            assert connection.parent.stat().st_mode & 0o077 == 0  # only this user
            sockets = {c.laddr for c in kernel.net_connections(kind="unix")}
            assert f"{info['ip']}-{info['shell_port']}" in sockets
            tcp = [c.laddr for c in kernel.net_connections(kind="tcp") if c.status == psutil.CONN_LISTEN]
            assert len(tcp) <= 1 and all(a.ip == "127.0.0.1" for a in tcp), tcp
    _assert_everything_stops(run, signal.SIGTERM)
