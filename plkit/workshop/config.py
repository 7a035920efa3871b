"""A workshop's settings on disk, and the nbgrader configuration plkit writes from them.

A facilitator never edits nbgrader's configuration by hand: ``plkit workshop init`` writes
``plkit-workshop.json`` (plkit's record) and ``nbgrader_config.py`` (for nbgrader's own tools,
such as the formgrader), and every plkit command builds nbgrader's configuration from the JSON.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from plkit.errors import WorkshopError

__all__ = ["Workshop", "CONFIG_FILE", "load", "nbgrader_config", "api"]

CONFIG_FILE = "plkit-workshop.json"
SCHEMA = 1
#: The longest path a Unix socket may have (108 bytes on Linux, with its terminating zero), less
#: room for the "-<number>" jupyter_client adds to each of a kernel's five sockets.
_SOCKET_PATH_MAX = 100


@dataclass
class Workshop:
    root: Path
    course_id: str
    db_url: str
    exchange: Path
    #: Where participants join on JupyterHub (``https://hub.example.org``), for the join page.
    hub_url: str = ""
    #: A git repository the workbooks come from instead (an nbgitpuller link), for the join page.
    repo_url: str = ""

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_FILE

    def save(self) -> None:
        data = {"schema": SCHEMA, "course_id": self.course_id, "db_url": self.db_url,
                "exchange": str(self.exchange)}
        data.update({k: v for k, v in (("hub_url", self.hub_url), ("repo_url", self.repo_url)) if v})
        tmp = self.config_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, self.config_path)
        (self.root / "nbgrader_config.py").write_text(_nbgrader_config_text(self), encoding="utf-8")

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["root"], d["exchange"] = str(self.root), str(self.exchange)
        return d


def _nbgrader_config_text(ws: Workshop) -> str:
    return f'''# Written by `plkit workshop` from {CONFIG_FILE}; edit that file (or re-run init), not this one.
c = get_config()  # noqa: F821
c.CourseDirectory.root = {str(ws.root)!r}
c.CourseDirectory.course_id = {ws.course_id!r}
c.CourseDirectory.db_url = {ws.db_url!r}
c.Exchange.root = {str(ws.exchange)!r}
# Participants may share one OS account (a lab, or one machine): trust the student id.
c.ExchangeCollect.check_owner = False
c.ExecutePreprocessor.timeout = 120
# A workbook's answers live beside its notebook; they are never part of the source.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback",
                            ".plkit-responses.json.lock", "plkit-responses.unreadable-*"]
'''


def nbgrader_config(ws: Workshop) -> Any:
    """The same settings as a traitlets Config for nbgrader's Python API, plus how plkit's own
    commands talk to the kernels that autograde runs (:func:`_kernels_over_ipc`)."""
    # deferred: traitlets' Config is only needed once an nbgrader command runs, not at CLI start-up
    from traitlets.config import Config

    c = Config()
    c.CourseDirectory.root = str(ws.root)
    c.CourseDirectory.course_id = ws.course_id
    c.CourseDirectory.db_url = ws.db_url
    c.Exchange.root = str(ws.exchange)
    c.ExchangeCollect.check_owner = False
    c.ExecutePreprocessor.timeout = 120
    c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback",
                                ".plkit-responses.json.lock", "plkit-responses.unreadable-*"]
    _kernels_over_ipc(c)
    return c


def _kernels_over_ipc(c: Any) -> None:
    """Autograde's kernels listen on Unix sockets in this user's private Jupyter runtime folder
    instead of TCP ports on 127.0.0.1. Over TCP, ipykernel warns at every kernel start that it is
    "running over TCP without encryption" (one warning per submission on the facilitator's
    terminal), and two parallel workers can pick the same free port. The socket names carry this
    process's id, so parallel workers never meet. Where Unix sockets do not exist (Windows) or the
    runtime folder's path is too long for one, kernels keep TCP."""
    if os.name != "posix":
        return
    # deferred: jupyter_core (with platformdirs) only once nbgrader is configured, not at CLI start-up
    from jupyter_core.paths import jupyter_runtime_dir

    runtime = Path(jupyter_runtime_dir())
    prefix = runtime / f"plkit-kernel-{os.getpid()}"
    if len(os.fsencode(prefix)) > _SOCKET_PATH_MAX:
        return
    try:
        runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return
    c.KernelManager.transport = "ipc"
    # absolute: the kernel runs in the submission's folder, autograde in the facilitator's
    c.KernelManager.ip = str(prefix)


def load(root: str | Path) -> Workshop:
    """The workshop in ``root``; one clear sentence if there is none or it is damaged."""
    root = Path(root).expanduser().resolve()
    path = root / CONFIG_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise WorkshopError(
            f"{root} is not a plkit workshop (no {CONFIG_FILE}); run `plkit workshop init "
            f"{root} --course-id ID` first."
        ) from None
    except json.JSONDecodeError:
        raise WorkshopError(f"{path} is damaged (not valid JSON); re-run `plkit workshop init`.") from None
    try:
        return Workshop(root, str(data["course_id"]), str(data["db_url"]), Path(data["exchange"]),
                        hub_url=str(data.get("hub_url") or ""), repo_url=str(data.get("repo_url") or ""))
    except KeyError as exc:
        raise WorkshopError(f"{path} has no '{exc.args[0]}'; re-run `plkit workshop init`.") from None


def _quiet_nbgrader() -> None:
    for name in ("traitlets", "nbgrader", "NbGraderAPI"):
        logging.getLogger(name).setLevel(logging.ERROR)
    _alembic_on_path()


def _alembic_on_path() -> None:
    """nbgrader creates its gradebook by running the ``alembic`` command found on PATH. When
    plkit is run from a virtual environment that is not activated (``.venv/bin/plkit``, as the
    README does), that command is beside this Python, not on PATH: put that folder first."""
    here = os.path.dirname(sys.executable)
    if shutil.which("alembic") is None and os.path.exists(os.path.join(here, "alembic")):
        os.environ["PATH"] = here + os.pathsep + os.environ.get("PATH", "")


def api(ws: Workshop, config: Any = None) -> Any:
    """nbgrader's Python API for this workshop (configured here, never by hand); ``config``
    (a traitlets Config) is merged over :func:`nbgrader_config`."""
    # deferred: nbgrader takes about 1 s to import; plkit.workshop.config is read by commands
    # (status, --help) that never run nbgrader
    from nbgrader.apps import NbGraderAPI
    from nbgrader.auth import Authenticator  # deferred, as above
    from nbgrader.coursedir import CourseDirectory  # deferred, as above

    _quiet_nbgrader()
    c = nbgrader_config(ws)
    if config is not None:
        c.merge(config)
    coursedir = CourseDirectory(config=c)
    return NbGraderAPI(coursedir=coursedir, authenticator=Authenticator(config=c), config=c)
