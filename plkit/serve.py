"""``plkit serve``: Voila on 127.0.0.1 over a participant workspace.

The workspace holds copies of the workbooks and the participant's answers; plkit never writes
into the installed package or the repository. Notebooks are templates (Voila keeps nothing typed
into a page), so a newer shipped notebook replaces the copy; answer files are never touched.
"""

from __future__ import annotations

import errno
import filecmp
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import webbrowser
from pathlib import Path

from plkit.errors import ServeError
from plkit.exchange import Exchange, fetch
from plkit.page.notebook import district_notebooks
from plkit.paths import default_workspace, notebooks_source
from plkit.settings import Settings, current
from plkit.workshop.config import load

__all__ = [
    "prepare_workspace",
    "check_port",
    "voila_command",
    "serve",
    "serve_facilitator",
    "DEFAULT_PORT",
    "FACILITATOR_PORT",
    "HOME_PAGE",
]

DEFAULT_PORT = 8866
FACILITATOR_PORT = 8867
HOME_PAGE = "voila/render/home.ipynb"
DASHBOARD_PAGE = "voila/render/dashboard.ipynb"


def prepare_workspace(workspace: str | Path, kind: str = "workbooks",
                      exchange: Exchange | None = None, participant: str | None = None) -> Path:
    """Copy the shipped notebooks into ``workspace`` (created if needed); return it.

    In a workshop (``exchange`` given) the workbooks come from nbgrader's exchange instead, as
    released by the facilitator (fetched once; a participant's copy is never overwritten), and
    only the home page is copied from plkit.
    """
    ws = Path(workspace).expanduser().resolve()
    src = notebooks_source(kind)
    if not src.is_dir():
        raise ServeError(f"plkit's {kind} notebooks are missing from {src}; reinstall plkit.")
    # A district's own copy of a workbook notebook replaces the shipped one (checked first)
    own = district_notebooks(current().content_dir) if kind == "workbooks" else {}
    try:
        ws.mkdir(parents=True, exist_ok=True)
        for nb in sorted(src.rglob("*.ipynb")):
            if ".ipynb_checkpoints" in nb.parts:
                continue
            if exchange is not None and nb.parent != src:
                continue  # workbooks come from the exchange in a workshop
            rel = nb.relative_to(src)
            target = ws / rel
            nb = own.get(rel.as_posix(), nb)
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists() or not filecmp.cmp(nb, target, shallow=False):
                shutil.copyfile(nb, target)
        if exchange is not None:
            fetch(exchange, ws, participant or "participant")
    except OSError as exc:
        raise ServeError(
            f"The workspace {ws} could not be prepared ({exc.strerror or exc}); choose a folder "
            "you can write to with --workspace."
        ) from None
    return ws


def check_port(port: int, host: str = "127.0.0.1") -> None:
    """Raise ServeError with a clear sentence when ``port`` is taken."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        if os.name == "posix":  # as Tornado does: closed connections in TIME_WAIT don't count
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                raise ServeError(
                    f"Port {port} on {host} is already in use (perhaps plkit is already running: "
                    f"try http://{host}:{port}/{HOME_PAGE}); stop the other program or choose "
                    "another port with --port."
                ) from None
            raise ServeError(
                f"plkit cannot listen on {host}:{port} ({exc.strerror or exc}); choose another "
                "port with --port."
            ) from None


def voila_command(workspace: Path, port: int, preheat: bool = True) -> list[str]:
    cmd = [
        sys.executable, "-m", "voila", str(workspace),
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--no-browser",
        "--theme=light",
        "--VoilaConfiguration.show_tracebacks=False",
        # Voila does not stop a page's kernel when its tab closes: cull idle ones.
        "--MappingKernelManager.cull_interval=60",
        "--MappingKernelManager.cull_idle_timeout=1800",
        "--MappingKernelManager.cull_connected=False",
    ]
    if preheat:
        cmd += ["--preheat_kernel=True", "--pool_size=1"]
    return cmd


def _run(cmd: list[str], env: dict[str, str], cwd: Path, url: str, open_browser: bool,
         port: int) -> int:
    proc = subprocess.Popen(cmd, env=env, cwd=cwd)
    try:
        if open_browser and _wait_until_up(f"http://127.0.0.1:{port}/", proc):
            webbrowser.open(url)
        return proc.wait()
    except KeyboardInterrupt:
        print("\nplkit: stopping…", flush=True)
        proc.terminate()
        try:
            return proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            return proc.wait()


def serve_facilitator(workshop: str | Path, port: int = FACILITATOR_PORT,
                      open_browser: bool = True) -> int:
    """Serve the facilitator dashboard for the workshop in ``workshop``.

    It runs from the facilitator's own folder (``<workshop>/facilitator-app``), never from a
    participant's workspace, on 127.0.0.1 only: participants' servers cannot open it.
    """
    ws = load(workshop)  # one clear sentence if this is not a workshop
    app = prepare_workspace(ws.root / "facilitator-app", kind="facilitator")
    check_port(port)
    env = dict(os.environ)
    env["PLKIT_WORKSHOP"] = str(ws.root)
    env.pop("PLKIT_COURSE_ID", None)
    url = f"http://127.0.0.1:{port}/{DASHBOARD_PAGE}"
    print(f"plkit: facilitator dashboard for '{ws.course_id}' at {url} (Ctrl+C to stop)", flush=True)
    return _run(voila_command(app, port, preheat=False), env, app, url, open_browser, port)


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], timeout: float = 90.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as r:  # noqa: S310 - loopback only
                if r.status < 500:
                    return True
        except OSError:
            time.sleep(0.25)
    return False


def serve(
    port: int = DEFAULT_PORT,
    workspace: str | Path | None = None,
    open_browser: bool = True,
    participant: str | None = None,
    preheat: bool = True,
    course_id: str | None = None,
    exchange: str | Path | None = None,
) -> int:
    """Serve the workbooks until interrupted; returns Voila's exit code.

    With ``course_id`` and ``exchange`` the participant works in a workshop: workbooks are
    fetched from the exchange and each has a submit panel that hands it in.
    """
    if not 1 <= port <= 65535:
        raise ServeError(f"{port} is not a port number; choose one between 1 and 65535, such as 8866.")
    if bool(course_id) != bool(exchange):
        raise ServeError("A workshop needs both --course-id and --exchange; give both, or neither.")
    who = participant or Settings.from_env().participant
    ex = None
    if course_id and exchange:
        ex = Exchange(course_id, Path(exchange).expanduser().resolve())
    check_port(port)
    ws = prepare_workspace(workspace or default_workspace(), exchange=ex, participant=who)
    env = dict(os.environ)
    env["PLKIT_WORKSPACE"] = str(ws)
    env["PLKIT_PARTICIPANT"] = who
    if ex is not None:
        env["PLKIT_COURSE_ID"], env["PLKIT_EXCHANGE"] = ex.course_id, str(ex.root)
    url = f"http://127.0.0.1:{port}/{HOME_PAGE}"
    print(f"plkit: serving the workbooks in {ws}")
    print(f"plkit: open {url} in your browser (press Ctrl+C here to stop)", flush=True)
    return _run(voila_command(ws, port, preheat), env, ws, url, open_browser, port)
