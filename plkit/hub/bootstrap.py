"""plkit under JupyterHub: what a hub user's single-user server needs before it starts.

JupyterHub starts one server per user. ``python -m plkit.hub`` is that server's command (the
hub's ``Spawner.cmd``): it runs *as the user*, prepares their folder, then replaces itself with
``jupyterhub-singleuser`` rooted there, so ``/user/<name>/voila/render/home.ipynb`` is plkit's
home page. Two kinds of user:

- a participant: ``~/plkit-workspace`` (or ``$PLKIT_WORKSPACE``), private to them (mode 700),
  holding the home page and the workbooks released in the workshop (``PLKIT_COURSE_ID`` and
  ``PLKIT_EXCHANGE``), fetched once and never overwritten. Their id is the hub user name
  (``JUPYTERHUB_USER``), whether the hub runs them as a system user of that name or as the
  container user ``jovyan`` (Zero to JupyterHub), so nbgrader attributes submissions right.
- the facilitator (the hub gives only them ``PLKIT_WORKSHOP``, the folder ``plkit workshop
  init`` created): the dashboard app in ``<workshop>/facilitator-app``; the workshop folder is
  made private to the facilitator, so participants cannot read the gradebook or collected work.

The participant's server also keeps a kernel ready for each released workbook
(:mod:`plkit.hub.preheat`, ``PLKIT_HUB_PREHEAT``), as ``plkit serve`` does on one machine, and
starts without nbgrader's grading pages, which are the facilitator's.

Nothing here starts a server of its own or changes ``plkit serve``.

>>> plan = plan_for({"JUPYTERHUB_USER": "ana", "HOME": "/home/ana"})
>>> plan.role, str(plan.root_dir), plan.default_url
('participant', '/home/ana/plkit-workspace', '/voila/render/home.ipynb')
>>> plan.env["PLKIT_PARTICIPANT"]
'ana'
"""

from __future__ import annotations

import os
import pwd
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from plkit.errors import PlkitError, WorkshopError
from plkit.exchange import check_id, from_env
from plkit.serve import TEMPLATE, prepare_workspace, voila_env
from plkit.workshop.config import load

__all__ = ["HubPlan", "plan_for", "prepare", "singleuser_command", "impostors", "main"]

HOME_URL = "/voila/render/home.ipynb"
DASHBOARD_URL = "/voila/render/dashboard.ipynb"


@dataclass(frozen=True)
class HubPlan:
    """What one user's server will serve, and the environment its kernels get."""

    role: str  # "participant" or "facilitator"
    user: str
    root_dir: Path
    default_url: str
    env: dict[str, str] = field(default_factory=dict)


def _hub_user(env: Mapping[str, str]) -> str:
    user = env.get("JUPYTERHUB_USER", "")
    if not user:
        raise PlkitError("JUPYTERHUB_USER is not set: `python -m plkit.hub` is meant to be started "
                         "by JupyterHub; use `plkit serve` on one machine.")
    return check_id(user, "The hub user name")


def plan_for(env: Mapping[str, str] | None = None) -> HubPlan:
    """Decide, from the environment the hub gave this server, who this is and what to serve."""
    env = dict(os.environ) if env is None else dict(env)
    user = _hub_user(env)
    home = Path(env.get("HOME") or Path.home())
    workshop = env.get("PLKIT_WORKSHOP")
    if workshop:
        root = Path(workshop).expanduser()
        return HubPlan("facilitator", user, root / "facilitator-app", DASHBOARD_URL,
                       {"PLKIT_WORKSHOP": str(root), "PLKIT_PARTICIPANT": user})
    workspace = Path(env.get("PLKIT_WORKSPACE") or home / "plkit-workspace").expanduser()
    out = {"PLKIT_PARTICIPANT": user, "PLKIT_WORKSPACE": str(workspace)}
    return HubPlan("participant", user, workspace, HOME_URL, out)


def _private(path: Path) -> None:
    """Owner-only access (a participant's answers; the facilitator's gradebook)."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)


def prepare(plan: HubPlan, env: Mapping[str, str] | None = None) -> list[str]:
    """Create the user's folder and fill it; returns messages worth logging (never raises for
    an unreachable exchange: the home page then says the workbooks are not released yet)."""
    env = dict(os.environ) if env is None else dict(env)
    notes: list[str] = []
    if plan.role == "facilitator":
        ws = load(plan.env["PLKIT_WORKSHOP"])  # one clear sentence if it is not a workshop
        _private(ws.root)
        prepare_workspace(plan.root_dir, kind="facilitator")
        return notes
    _private(plan.root_dir)
    exchange = from_env(env)
    try:
        prepare_workspace(plan.root_dir, exchange=exchange, participant=plan.user)
    except WorkshopError as exc:
        notes.append(f"plkit: released workbooks were not fetched now ({exc}); they will be "
                     "fetched at the next start.")
    return notes


#: Server extensions a participant's server does without: nbgrader's own pages (plkit fetches and
#: submits for them; the grading pages are the facilitator's) and the language server. Starting
#: without them takes about a quarter less CPU, which counts when a room logs in together.
PARTICIPANT_SKIPS = ("nbgrader.server_extensions.formgrader",
                     "nbgrader.server_extensions.course_list",
                     "nbgrader.server_extensions.assignment_list",
                     "nbgrader.server_extensions.validate_assignment",
                     "jupyter_lsp")


def singleuser_command(plan: HubPlan, argv: Sequence[str] = ()) -> list[str]:
    """``jupyterhub-singleuser`` rooted in the plan's folder, with plkit's preheated kernels
    (:mod:`plkit.hub.preheat`) and the hub's own arguments."""
    ext = "--ServerApp.jpserver_extensions="
    skips = [f"{ext}{name}=False" for name in PARTICIPANT_SKIPS] \
        if plan.role == "participant" else []
    # Voila runs as this server's extension: plkit's own template (found on JUPYTER_PATH, see main)
    return [sys.executable, "-m", "jupyterhub.singleuser", f"--ServerApp.root_dir={plan.root_dir}",
            f"{ext}plkit.hub.preheat=True", *skips, f"--VoilaConfiguration.template={TEMPLATE}", *argv]


def impostors(exchange_root: str | Path, course_id: str) -> list[tuple[str, str]]:
    """Submissions waiting in the exchange whose folder is not owned by the participant they
    name, as (folder name, owner). With system users (TLJH) each participant's submission is
    owned by their own account, so anything listed here was handed in under someone else's id.
    (In Zero to JupyterHub every submission is owned by ``jovyan``: this check does not apply.)
    Run it as the facilitator before ``collect``; nbgrader itself only logs a warning.
    """
    inbound = Path(exchange_root) / course_id / "inbound"
    out = []
    for entry in sorted(inbound.iterdir()) if inbound.is_dir() else []:
        claimed = entry.name.split("+", 1)[0]
        try:
            owner = pwd.getpwuid(entry.stat().st_uid).pw_name
        except KeyError:
            owner = str(entry.stat().st_uid)
        if owner != claimed:
            out.append((entry.name, owner))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m plkit.hub [singleuser args]``: prepare, then become jupyterhub-singleuser."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        plan = plan_for()
        for note in prepare(plan):
            print(note, file=sys.stderr, flush=True)
    except PlkitError as exc:
        print(f"plkit: {exc}", file=sys.stderr, flush=True)
        return 2
    os.environ.update(plan.env)
    os.environ["JUPYTER_PATH"] = voila_env(dict(os.environ))["JUPYTER_PATH"]  # plkit's Voila template
    if plan.role == "facilitator":
        os.environ.pop("PLKIT_COURSE_ID", None)  # the dashboard never submits
        # One facilitator: the dashboard's kernel starts when they open it, none waits.
        os.environ["PLKIT_HUB_PREHEAT"] = "none"
    cmd = singleuser_command(plan, args)
    os.chdir(plan.root_dir)
    os.execv(cmd[0], cmd)  # replaces this process: it does not return


if __name__ == "__main__":
    raise SystemExit(main())
