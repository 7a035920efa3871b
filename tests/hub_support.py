"""Helpers for the JupyterHub tests and benchmark: real system users, a real hub on loopback.

Everything started here is stopped by the same object, by process id, and every user it created
is removed with ``userdel -r``.
"""

from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from browser_support import free_port, stop_group

ROOT = Path(__file__).resolve().parents[1]
RUNUSER = shutil.which("runuser") or "/usr/sbin/runuser"
CONFIG = ROOT / "facilitator" / "deploy" / "jupyterhub_config.py"
CHP_DIR = ROOT / ".cache" / "chp"
CHP = CHP_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
PASSWORD = "plkit-hub-test"
#: What other accounts get as PATH: this environment's scripts first (nbgrader runs `alembic`
#: from PATH), then the system's; never root's private folders (an unreadable entry is an error).
USER_PATH = f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"


def ensure_chp() -> Path | None:
    """configurable-http-proxy from npm, installed once into .cache/chp (gitignored)."""
    if CHP.exists():
        return CHP
    try:
        CHP_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(CHP_DIR),
                        "configurable-http-proxy@4"], check=True, capture_output=True, timeout=300)
    except (OSError, subprocess.SubprocessError):
        return None
    return CHP if CHP.exists() else None


def python_usable_by_others() -> str:
    """'' when an unprivileged account can run this Python with plkit and JupyterHub, else why."""
    try:
        r = subprocess.run([RUNUSER, "-u", "nobody", "--", sys.executable, "-c",
                            "import plkit.hub, jupyterhub, voila"],
                           capture_output=True, text=True, timeout=120, cwd="/")
    except (OSError, subprocess.SubprocessError) as exc:
        return f"runuser failed ({exc})"
    if r.returncode == 0:
        return ""
    return (f"other accounts cannot run {sys.executable} with plkit and jupyterhub (is it under a "
            f"private folder such as /root?); run the tests from a world-readable environment "
            f"such as .ci/run's .venv. ({r.stderr.strip().splitlines()[-1:]})")


def run_as(user: str, *cmd: str, env: dict[str, str] | None = None,
           timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """Run ``cmd`` as ``user`` (runuser keeps our environment unless told otherwise)."""
    home = f"/home/{user}"
    full_env = {"PATH": USER_PATH, "HOME": home, "USER": user,
                "LANG": "C.UTF-8", **(env or {})}
    return subprocess.run([RUNUSER, "-u", user, "--", *cmd], capture_output=True, text=True,
                          timeout=timeout, env=full_env, cwd="/")


def run_python_as(user: str, code: str, env: dict[str, str] | None = None,
                  timeout: float = 180) -> Any:
    """Run Python ``code`` as ``user``; the code prints one JSON value, returned here."""
    r = run_as(user, sys.executable, "-c", code, env=env, timeout=timeout)
    if r.returncode != 0:
        raise AssertionError(f"as {user}: exit {r.returncode}\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def _pids_of(uids: set[int]) -> list[int]:
    """Running processes of these users (a zombie has already ended: it is not counted)."""
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if d.stat().st_uid in uids and (d / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                    out.append(int(d.name))
            except (OSError, IndexError):
                pass
    return out


class Users:
    """System users made for one run (``useradd -m``), removed with ``userdel -r``."""

    def __init__(self) -> None:
        self.suffix = secrets.token_hex(2)
        self.names: list[str] = []

    def add(self, base: str) -> str:
        name = f"{base}{self.suffix}"
        subprocess.run(["useradd", "-m", "-s", "/bin/bash", name], check=True,
                       capture_output=True, timeout=30)
        self.names.append(name)
        return name

    def uids(self) -> set[int]:
        out = set()
        for n in self.names:
            try:
                out.add(pwd.getpwnam(n).pw_uid)
            except KeyError:
                pass
        return out

    def remove(self) -> None:
        uids = self.uids()
        for sig in (signal.SIGTERM, signal.SIGKILL):  # leftovers started for these users only
            for pid in _pids_of(uids):
                try:
                    os.kill(pid, sig)
                except OSError:
                    pass
            if sig == signal.SIGTERM:  # give them up to 10 s to end by themselves
                deadline = time.monotonic() + 10
                while _pids_of(uids) and time.monotonic() < deadline:
                    time.sleep(0.1)
        for n in self.names:
            subprocess.run(["userdel", "-r", n], capture_output=True, timeout=30)
        self.names.clear()


class Hub:
    """JupyterHub with plkit's shipped config, on a free loopback port, run as root."""

    def __init__(self, base: Path, facilitator: str, participants: list[str], workshop: Path,
                 course_id: str, exchange: Path, extra_env: dict[str, str] | None = None) -> None:
        self.base = base
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        state = base / "hub-state"
        state.mkdir(mode=0o700, exist_ok=True)
        self.log_path = base / "jupyterhub.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PLKIT_", "JUPYTERHUB_"))}
        env.update({
            "PATH": f"{USER_PATH}:{CHP.parent}",
            "PLKIT_HUB_IP": "127.0.0.1",
            "PLKIT_HUB_PORT": str(self.port),
            "PLKIT_HUB_INTERNAL_PORT": str(free_port()),
            "PLKIT_HUB_PROXY_API_PORT": str(free_port()),
            "PLKIT_HUB_STATE_DIR": str(state),
            "PLKIT_HUB_FACILITATOR": facilitator,
            "PLKIT_HUB_PARTICIPANTS": ",".join(participants),
            "PLKIT_HUB_AUTHENTICATOR": "dummy",
            "PLKIT_HUB_DUMMY_PASSWORD": PASSWORD,
            "PLKIT_HUB_PROXY": str(CHP),
            "PLKIT_HUB_PYTHON": sys.executable,
            "PLKIT_WORKSHOP": str(workshop),
            "PLKIT_COURSE_ID": course_id,
            "PLKIT_EXCHANGE": str(exchange),
            "PLKIT_SAVE_DELAY": "0.3",
            **(extra_env or {}),
        })
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)], cwd=state, env=env,
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterHub exited early:\n{self.read_log()}")
            try:
                with urllib.request.urlopen(self.url + "/hub/api", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"JupyterHub did not answer in {timeout}s:\n{self.read_log()}")

    def read_log(self) -> str:
        if not self.log.closed:
            self.log.flush()
        return self.log_path.read_text(errors="replace")[-6000:]

    def stop(self) -> None:
        """SIGTERM: the hub stops every user's server (cleanup_servers) and its proxy."""
        stop_group(self.proc, 40)
        self.log.close()


def make_base() -> Path:
    """A folder every test user can traverse (pytest's tmp_path is private to root)."""
    base = Path(tempfile.mkdtemp(prefix="plkit-hub-", dir="/tmp"))
    os.chmod(base, 0o755)
    return base


def make_exchange(base: Path) -> Path:
    """nbgrader's exchange: world-writable, as nbgrader requires (it resets other modes)."""
    ex = base / "exchange"
    ex.mkdir()
    os.chmod(ex, 0o777)
    return ex


def remove_base(base: Path) -> None:
    shutil.rmtree(base, ignore_errors=True)


def login(page: Any, hub_url: str, user: str, timeout_ms: int = 150_000) -> None:
    """Log in through the hub's own form; the hub spawns the server and redirects to it."""
    page.goto(f"{hub_url}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    page.wait_for_url(f"{hub_url}/user/{user}/voila/render/**", timeout=timeout_ms)
