"""``plkit serve``: Voila on 127.0.0.1 over a participant workspace.

The workspace holds copies of the workbooks and the participant's answers; plkit never writes
into the installed package or the repository. Notebooks are templates (Voila keeps nothing typed
into a page), so a newer shipped notebook replaces the copy; answer files are never touched.
"""

from __future__ import annotations

import contextlib
import errno
import filecmp
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import webbrowser
from pathlib import Path

import psutil

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
    "kernel_transport",
    "serve",
    "serve_facilitator",
    "voila_env",
    "template_root",
    "DEFAULT_PORT",
    "FACILITATOR_PORT",
    "HOME_PAGE",
    "TEMPLATE",
]

DEFAULT_PORT = 8866
FACILITATOR_PORT = 8867
HOME_PAGE = "voila/render/home.ipynb"
DASHBOARD_PAGE = "voila/render/dashboard.ipynb"
#: plkit's own Voila template (``plkit/share/jupyter/voila/templates/plkit``): the page's frame,
#: a header, the steps of the page and a main landmark around Voila's "lab" template.
TEMPLATE = "plkit"
#: Only for comparing with Voila's own template (``benchmarks/voila_tti.py --template lab``).
TEMPLATE_SETTING = "PLKIT_VOILA_TEMPLATE"


def template_root() -> Path:
    """The Jupyter data folder shipped inside plkit that holds its Voila template (package data,
    so an installed wheel and an editable install both have it)."""
    return Path(__file__).resolve().parent / "share" / "jupyter"


def voila_env(env: dict[str, str]) -> dict[str, str]:
    """``env`` with plkit's data folder first on ``JUPYTER_PATH``, where Voila looks for templates
    (``voila.paths.collect_template_paths``); a copy, ``env`` is unchanged."""
    out = dict(env)
    root = str(template_root())
    rest = [p for p in out.get("JUPYTER_PATH", "").split(os.pathsep) if p and p != root]
    out["JUPYTER_PATH"] = os.pathsep.join([root, *rest])
    return out


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


def voila_command(workspace: Path, port: int, preheat: bool = True,
                  home: str = HOME_PAGE) -> list[str]:
    """Voila over ``workspace`` (plkit's own app, :mod:`plkit.cli.voila`: ``/`` leads to ``home``)."""
    cmd = [
        sys.executable, "-m", "plkit.cli.voila", str(workspace),
        f"--PlkitVoila.home_page={home}",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--no-browser",
        "--theme=light",
        "--VoilaConfiguration.show_tracebacks=False",
        f"--VoilaConfiguration.template={os.environ.get(TEMPLATE_SETTING) or TEMPLATE}",
        # Voila does not stop a page's kernel when its tab closes: cull idle ones.
        "--MappingKernelManager.cull_interval=60",
        "--MappingKernelManager.cull_idle_timeout=1800",
        "--MappingKernelManager.cull_connected=False",
    ]
    if preheat:
        cmd += ["--preheat_kernel=True", "--pool_size=1"]
    return cmd + kernel_transport()


# Unix socket paths are limited to 108 bytes on Linux and 104 on macOS; keep a margin.
_SOCKET_PATH_MAX = 100


def kernel_transport(tmp: str | None = None) -> list[str]:
    """Kernels over Unix sockets (IPC) instead of TCP ports on 127.0.0.1, where possible.

    Voila keeps each kernel's connection file in a folder only this user can open
    (``<tmp>/voila_XXXXXXXX``, made by ``tempfile.mkdtemp``); over IPC the kernel's sockets are
    files beside it (``kernel-<id>-ipc-<n>``), so no other account on a shared machine can reach
    a kernel, two kernels never collide on a port, and ipykernel does not warn about plain-text
    TCP at every start. Where Unix sockets do not exist (Windows) or the temporary folder's path
    is too long for one, kernels keep TCP.
    """
    if os.name != "posix":
        return []
    longest = os.path.join(tmp or tempfile.gettempdir(), "voila_" + "x" * 8,
                           f"kernel-{'x' * 36}-ipc-99")
    if len(os.fsencode(longest)) > _SOCKET_PATH_MAX:
        return []
    return ["--KernelManager.transport=ipc"]


class _Stop(Exception):
    """A signal asked plkit serve to stop (SIGTERM, SIGHUP, SIGINT)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_stop(signum: int, frame: object) -> None:
    raise _Stop(signum)


STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT")
                     if hasattr(signal, name))
GRACE = 12.0  # Voila shuts its kernels down on SIGTERM (each gets 5 s to end on its own)


def stop_tree(proc: subprocess.Popen[bytes], grace: float = GRACE) -> None:
    """Stop Voila (started in a session of its own) and every process under it.

    Voila ends its kernels when it gets SIGTERM, but not on SIGHUP or when killed, and the kernels
    run in sessions of their own (jupyter_client starts them so): they are found first, and
    whatever of them is still there after ``grace`` seconds is killed with its process group.
    """
    try:
        kernels = psutil.Process(proc.pid).children(recursive=True)
    except psutil.Error:
        kernels = []
    deadline = time.monotonic() + grace
    _signal_group(proc.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=grace)
    _signal_group(proc.pid, signal.SIGKILL)  # Voila, if it is still there, and its own group
    _, alive = psutil.wait_procs(kernels, timeout=max(0.1, deadline - time.monotonic()))
    for p in alive:
        with contextlib.suppress(psutil.Error, OSError):
            if os.getpgid(p.pid) == p.pid:  # a kernel leads a group: its own children too
                _signal_group(p.pid, signal.SIGKILL)
            p.kill()
    psutil.wait_procs(alive, timeout=5)
    proc.wait()


def _signal_group(pgid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def _run(cmd: list[str], env: dict[str, str], cwd: Path, url: str, open_browser: bool,
         port: int) -> int:
    """Run Voila until it ends or plkit serve is told to stop; then stop Voila and its kernels.

    Voila gets a session (and process group) of its own, so plkit serve alone decides when it
    stops: a closed terminal (SIGHUP), a service manager (SIGTERM) or Ctrl+C (SIGINT) reaches
    plkit serve, which stops the whole tree and frees the port.
    """
    previous = {sig: signal.signal(sig, _raise_stop) for sig in STOP_SIGNALS}
    proc: subprocess.Popen[bytes] | None = None
    try:
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, start_new_session=True)
        if open_browser and _wait_until_up(port, proc):
            webbrowser.open(url)
        return proc.wait()
    except _Stop as stop:
        for sig in STOP_SIGNALS:  # a second signal must not interrupt the stopping
            signal.signal(sig, signal.SIG_IGN)
        if stop.signum == getattr(signal, "SIGINT", None):
            print("\nplkit: stopping…", flush=True)
        if proc is not None:
            stop_tree(proc)
        return 128 + stop.signum
    finally:
        if proc is not None and proc.poll() is None:  # an unexpected error: leave nothing behind
            stop_tree(proc)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def serve_facilitator(workshop: str | Path, port: int = FACILITATOR_PORT,
                      open_browser: bool = True) -> int:
    """Serve the facilitator dashboard for the workshop in ``workshop``.

    It runs from the facilitator's own folder (``<workshop>/facilitator-app``), never from a
    participant's workspace, on 127.0.0.1 only: participants' servers cannot open it.
    """
    ws = load(workshop)  # one clear sentence if this is not a workshop
    app = prepare_workspace(ws.root / "facilitator-app", kind="facilitator")
    check_port(port)
    env = voila_env(dict(os.environ))
    env["PLKIT_WORKSHOP"] = str(ws.root)
    env.pop("PLKIT_COURSE_ID", None)
    url = f"http://127.0.0.1:{port}/{DASHBOARD_PAGE}"
    print(f"plkit: facilitator dashboard for '{ws.course_id}' at {url} (Ctrl+C to stop)", flush=True)
    return _run(voila_command(app, port, preheat=False, home=DASHBOARD_PAGE), env, app, url, open_browser, port)


def _wait_until_up(port: int, proc: subprocess.Popen[bytes], timeout: float = 90.0) -> bool:
    """True once Voila answers on ``port``; its answer is not followed (``/`` redirects to a page,
    and rendering a page would take a kernel)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", "/")
            if conn.getresponse().status < 500:
                return True
        except OSError:
            time.sleep(0.25)
        finally:
            conn.close()
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
    env = voila_env(dict(os.environ))
    env["PLKIT_WORKSPACE"] = str(ws)
    env["PLKIT_PARTICIPANT"] = who
    if ex is not None:
        env["PLKIT_COURSE_ID"], env["PLKIT_EXCHANGE"] = ex.course_id, str(ex.root)
    url = f"http://127.0.0.1:{port}/{HOME_PAGE}"
    print(f"plkit: serving the workbooks in {ws}")
    print(f"plkit: open {url} in your browser (press Ctrl+C here to stop)", flush=True)
    return _run(voila_command(ws, port, preheat), env, ws, url, open_browser, port)
