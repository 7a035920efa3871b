"""Preheated kernels for plkit's pages on a JupyterHub user's server.

``plkit serve`` runs Voila on its own, where Voila keeps a kernel ready for every notebook
("preheated": started, plkit imported, the page's first cell run up to
:func:`plkit.page.session.wait_for_request`). On JupyterHub, Voila runs inside the user's Jupyter
server instead (``/user/<name>/voila/render/...``), and there Voila starts a kernel only when a
page is opened: every participant pays the kernel's start-up, and when a whole room opens a
workbook at the facilitator's signal, the server's cores pay it for everyone at once.

This Jupyter server extension gives the user's server the same pools Voila's own app has:

- it replaces the server's kernel manager with Voila's preheating one (same class underneath,
  same culling settings), keeping one kernel ready per chosen notebook;
- it adds Voila's ``/voila/query/<kernel>`` socket, on which a waiting kernel learns that its page
  was requested; only the kernel itself may connect (a request that came through the hub's proxy
  is refused), so nobody can take another person's page request.

Which notebooks get a ready kernel: ``PLKIT_HUB_PREHEAT`` (set by the hub): ``workbooks`` (the
default: every released workbook, not the home page, which is opened once at login while the
server itself starts and is light without a ready kernel), ``all``, ``none``, or a
comma-separated list of ``home``, workbook ids (the folder names, such as ``defining``) or
notebook paths relative to the workspace. Each ready kernel holds 50 to 100 MB while it waits, so
a district with little memory lists only the workbook of the day. ``PLKIT_HUB_PREHEAT_DELAY`` is
the seconds before a used kernel is replaced (default 5: a room opening a workbook together is
not slowed by twenty replacements at once).

Enabled by ``python -m plkit.hub`` (see :func:`plkit.hub.singleuser_command`); on a server where
``PLKIT_HUB_PREHEAT`` is ``none`` it keeps no kernel ready and only puts plkit's Voila template
on ``JUPYTER_PATH``, where Voila's own extension finds it.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from traitlets.config import LoggingConfigurable

from plkit.serve import voila_env

__all__ = ["selected", "unmatched", "pools_config", "SETTING", "DELAY_SETTING"]

SETTING = "PLKIT_HUB_PREHEAT"
DELAY_SETTING = "PLKIT_HUB_PREHEAT_DELAY"
DEFAULT = "workbooks"
DEFAULT_DELAY = 5.0


def _notebooks(root: Path) -> list[str]:
    out = []
    for nb in sorted(root.rglob("*.ipynb")):
        rel = nb.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue  # .ipynb_checkpoints and other hidden folders
        out.append(rel.as_posix())
    return out


def selected(root: str | Path, spec: str | None) -> list[str]:
    """The notebooks (paths relative to ``root``) that get a ready kernel under ``spec``.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for p in ["home.ipynb", "defining/a.ipynb", "nightmares/b.ipynb"]:
    ...     (d / p).parent.mkdir(exist_ok=True); _ = (d / p).write_text("{}")
    >>> selected(d, "home, defining")
    ['defining/a.ipynb', 'home.ipynb']
    >>> selected(d, "none"), len(selected(d, "all")), selected(d, "workbooks")
    ([], 3, ['defining/a.ipynb', 'nightmares/b.ipynb'])
    """
    spec = (spec or DEFAULT).strip().lower()
    names = _notebooks(Path(root))
    if spec == "all":
        return names
    if spec == "workbooks":
        return [n for n in names if "/" in n]
    if spec in ("none", "off", "0"):
        return []
    wanted = {t.strip().strip("/") for t in spec.split(",") if t.strip()}
    if "home" in wanted:
        wanted.add("home.ipynb")
    return [n for n in names
            if n.lower() in wanted or n.split("/", 1)[0].lower() in wanted]


def unmatched(root: str | Path, spec: str | None) -> list[str]:
    """Names in a list ``spec`` that match no notebook here (a typo, or a workbook not released
    yet), so the server's log can say so instead of silently keeping nothing ready.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); (d / "defining").mkdir()
    >>> _ = (d / "defining" / "a.ipynb").write_text("{}")
    >>> unmatched(d, "defning, defining"), unmatched(d, "all")
    (['defning'], [])
    """
    spec = (spec or DEFAULT).strip().lower()
    if spec in ("", "all", "workbooks", "none", "off", "0"):
        return []
    return [t.strip().strip("/") for t in spec.split(",")
            if t.strip() and not selected(root, t)]


def pools_config(notebooks: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Voila's ``kernel_pools_config``: one ready kernel for each listed notebook, none else."""
    cfg: dict[str, dict[str, Any]] = {"default": {"pool_size": 0}}
    for nb in notebooks:
        cfg[nb] = {"pool_size": 1}
    return cfg


def _delay(env: dict[str, str]) -> float:
    try:
        value = float(env.get(DELAY_SETTING, DEFAULT_DELAY))
    except ValueError:
        return DEFAULT_DELAY
    return max(0.0, value) if math.isfinite(value) else DEFAULT_DELAY


class VoilaHost(LoggingConfigurable):
    """A stand-in for Voila's app: what its kernel manager reads from its parent."""

    def __init__(self, server_app: Any, voila_configuration: Any,
                 template_paths: list[str]) -> None:
        super().__init__(parent=server_app, log=server_app.log)
        self.root_dir = server_app.root_dir
        self.base_url = server_app.base_url
        self.server_url = server_app.base_url
        self.port = server_app.port
        self.notebook_path = None
        self.voila_configuration = voila_configuration
        self.app = server_app.web_app
        self.template_paths = template_paths
        self.config_manager = server_app.config_manager
        self.contents_manager = server_app.contents_manager
        self.kernel_spec_manager = server_app.kernel_spec_manager


def _query_handler_class() -> type[Any]:
    # deferred: Voila and Tornado are loaded by the server this extension runs in, and only when
    # some page gets a ready kernel; choosing the notebooks (selected, unmatched) needs neither
    from tornado.web import HTTPError
    from voila.request_info_handler import RequestInfoSocketHandler  # deferred, as above

    class KernelOnlyRequestInfo(RequestInfoSocketHandler):  # type: ignore[misc]  # voila ships no types
        """Voila's request-info socket, for the waiting kernel only: the kernel connects
        straight to the server on loopback; a browser's connection comes through the proxy
        (``X-Forwarded-For``) or carries an ``Origin``."""

        def prepare(self) -> None:
            h = self.request.headers
            if "X-Forwarded-For" in h or "Origin" in h or \
                    self.request.remote_ip not in ("127.0.0.1", "::1"):
                raise HTTPError(403)

    return KernelOnlyRequestInfo


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "plkit.hub.preheat"}]


def _load_jupyter_server_extension(server_app: Any) -> None:
    # plkit's Voila template (--VoilaConfiguration.template=plkit): Voila's own extension, loaded
    # after this one (a server loads its extensions in alphabetical order), looks for templates
    # on JUPYTER_PATH; so does this one below.
    os.environ["JUPYTER_PATH"] = voila_env(dict(os.environ))["JUPYTER_PATH"]
    env = dict(os.environ)
    spec = env.get(SETTING)
    for name in unmatched(server_app.root_dir, spec):
        server_app.log.warning("plkit: %s names %r, which is no notebook or released workbook in "
                               "%s; check the spelling (workbook ids are folder names such as "
                               "'defining').", SETTING, name, server_app.root_dir)
    notebooks = selected(server_app.root_dir, spec)
    if not notebooks:
        server_app.log.info("plkit: no kernels kept ready (%s=%s)", SETTING, spec or DEFAULT)
        return
    # deferred: Voila's kernel manager and handlers, only for a server that keeps kernels ready
    from jupyter_server.utils import url_path_join
    from voila.configuration import VoilaConfiguration  # deferred, as above
    from voila.paths import collect_template_paths  # deferred, as above
    from voila.server_extension import load_config_file  # deferred, as above
    from voila.voila_kernel_manager import voila_kernel_manager_factory  # deferred, as above

    voila_configuration = VoilaConfiguration(parent=server_app)  # as Voila's extension builds it
    local = load_config_file()
    if local is not None:
        voila_configuration.update_config(local)
    template_paths = collect_template_paths(["voila", "nbconvert"], voila_configuration.template)
    host = VoilaHost(server_app, voila_configuration, template_paths)

    old = server_app.kernel_manager
    cls = voila_kernel_manager_factory(type(old), True, 0)
    km = cls(parent=host, log=server_app.log, connection_dir=old.connection_dir,
             kernel_spec_manager=server_app.kernel_spec_manager,
             kernel_pools_config=pools_config(notebooks), fill_delay=_delay(env))
    # Everything that held the old (still empty) manager now holds the preheating one.
    server_app.kernel_manager = km
    server_app.session_manager.kernel_manager = km
    server_app.web_app.settings["kernel_manager"] = km
    server_app.web_app.add_handlers(".*$", [(
        url_path_join(server_app.base_url, r"/voila/query/(?P<kernel_id>\w+-\w+-\w+-\w+-\w+)"),
        _query_handler_class())])
    server_app.log.info("plkit: a preheated kernel for each of %s", ", ".join(notebooks))
