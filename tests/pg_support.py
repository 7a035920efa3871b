"""A throwaway PostgreSQL server that a test owns: started on 127.0.0.1 only, on a free port,
in a temporary data directory, and always stopped and removed afterwards.

``initdb`` refuses to run as root, so as root the server runs as the system user ``postgres``
(Debian's package creates it) or, failing that, ``nobody``, through ``runuser`` (or ``su``).
When PostgreSQL's programs are missing, or no unprivileged user can run them, the caller gets
:class:`Unavailable`; :func:`unavailable` turns that into a skip on a developer machine and a
failure in CI (environment variable ``CI`` set), where ``.ci/run`` must have installed it.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest

__all__ = ["Unavailable", "find_bin", "postgres_server", "unavailable", "in_ci"]

HOST = "127.0.0.1"  # never anything else
USER = "plkit"
DATABASE = "plkit"


class Unavailable(RuntimeError):
    """PostgreSQL cannot be started on this machine; the message says why and what to install."""


def in_ci() -> bool:
    return bool(os.environ.get("CI", "").strip()) and os.environ.get("CI", "").lower() not in {
        "0", "false", "no"}


def unavailable(reason: str) -> NoReturn:
    """Skip on a developer machine; fail in CI, where the server must be installed."""
    if in_ci():
        pytest.fail(f"{reason} (CI is set, so this must work: install postgresql with apt)")
    pytest.skip(reason)


def find_bin(name: str) -> str | None:
    """``name`` on PATH, else in Debian's /usr/lib/postgresql/<version>/bin (newest first)."""
    found = shutil.which(name)
    if found:
        return found

    def version(p: str) -> tuple[int, ...]:
        part = Path(p).parents[1].name
        return tuple(int(x) for x in part.split(".") if x.isdigit()) or (0,)

    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=version, reverse=True)
    return candidates[0] if candidates else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _runner() -> tuple[list[str] | None, str | None]:
    """How to run PostgreSQL's programs: (prefix, user to own the files) or raise Unavailable."""
    if os.geteuid() != 0:
        return None, None
    for user in ("postgres", "nobody"):
        try:
            pwd.getpwnam(user)
        except KeyError:
            continue
        runuser = shutil.which("runuser")
        if runuser:
            return [runuser, "-u", user, "--"], user
        if shutil.which("su"):
            return ["su", user, "-s", "/bin/sh", "-c"], user
    raise Unavailable("running as root, and there is neither a 'postgres' nor a 'nobody' user "
                      "with runuser or su to run initdb as")


def _cmd(prefix: list[str] | None, argv: list[str]) -> list[str]:
    if not prefix:
        return argv
    if prefix[0] == "su":
        return [*prefix, shlex.join(argv)]
    return [*prefix, *argv]


def _run(prefix: list[str] | None, argv: list[str], cwd: Path, log: Path, timeout: float) -> None:
    with open(log, "ab") as out:
        proc = subprocess.run(_cmd(prefix, argv), cwd=cwd, stdin=subprocess.DEVNULL, stdout=out,
                              stderr=subprocess.STDOUT, timeout=timeout, check=False)
    if proc.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"{Path(argv[0]).name} failed (exit {proc.returncode}):\n{tail}")


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """Start a server and yield ``postgresql+psycopg://plkit@127.0.0.1:PORT/plkit``."""
    initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise Unavailable("PostgreSQL's initdb and pg_ctl were not found (apt-get install -y "
                          "postgresql)")
    try:
        import psycopg  # deferred: optional (the postgres extra); missing means Unavailable
    except ImportError:
        raise Unavailable("psycopg is not installed (pip install 'psycopg[binary]')") from None
    prefix, owner = _runner()

    # A short path in /tmp: the socket path must stay under 107 characters, and the server's
    # user must be able to reach it (pytest's own tmp folders are private to root).
    base = Path(tempfile.mkdtemp(prefix="plkit-pg-"))
    data, log = base / "data", base / "server.log"
    log.touch()
    if owner:
        ent = pwd.getpwnam(owner)
        os.chown(base, ent.pw_uid, ent.pw_gid)
        os.chown(log, ent.pw_uid, ent.pw_gid)
    started = False
    try:
        try:
            _run(prefix, [initdb, "-D", str(data), "-U", USER, "--auth=trust", "-E", "UTF8",
                          "--no-locale", "--no-sync"], base, log, 120)
        except RuntimeError as exc:
            raise Unavailable(f"initdb could not create a data directory here: {exc}") from None
        for attempt in range(5):
            port = _free_port()
            opts = f"-k {base} -p {port} -h {HOST} -c fsync=off"
            try:
                _run(prefix, [pg_ctl, "-D", str(data), "-l", str(log), "-o", opts, "-w", "-t",
                              "60", "start"], base, log, 90)
                started = True
                break
            except RuntimeError as exc:
                if attempt == 4:
                    raise Unavailable(f"the PostgreSQL server did not start: {exc}") from None
                time.sleep(0.5)  # the port was taken between choosing and binding: try another
        with psycopg.connect(host=HOST, port=port, user=USER, dbname="postgres",
                             autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'CREATE DATABASE "{DATABASE}"')
        yield f"postgresql+psycopg://{USER}@{HOST}:{port}/{DATABASE}"
    finally:
        if started:
            try:
                _run(prefix, [pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"], base, log, 60)
            except Exception:  # noqa: BLE001 - stop our own server by its pid, then clean up
                _kill_own_server(data)
        shutil.rmtree(base, ignore_errors=True)


def _kill_own_server(data: Path) -> None:
    """Stop the server this module started, by the pid it wrote in its own data directory."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        pid = int((data / "postmaster.pid").read_text().split()[0])
        os.kill(pid, signal.SIGQUIT)
        for _ in range(50):
            os.kill(pid, 0)
            time.sleep(0.1)
