"""JupyterHub configuration for plkit on one server (The Littlest JupyterHub style).

Every participant is a system user of the server; the hub starts each one's own Jupyter server
*as that user* with ``python -m plkit.hub``, which prepares their private workspace, fetches the
workbooks the facilitator released, and lands them on plkit's home page at
``/user/<name>/voila/render/home.ipynb``. The facilitator is the hub's only admin and the only
user whose server gets ``PLKIT_WORKSHOP``: their server shows the dashboard; nobody else's can.

Every value comes from an environment variable with a default (read below, each one described),
so IT sets them in the hub's systemd unit (``Environment=``) and never edits this file:

    sudo PLKIT_HUB_FACILITATOR=mrivera PLKIT_HUB_ROSTER=/srv/plkit/roster.csv \\
        PLKIT_COURSE_ID=pl-day-2026 jupyterhub -f jupyterhub_config.py

Who can reach what (see README.md in this folder for the limits of nbgrader's exchange):
- JupyterHub lets a user reach only their own server (/user/<name>/); only admins reach others'.
  The facilitator is the only admin, so the dashboard (on the facilitator's server) is theirs.
- The operating system keeps participants apart: each runs as their own account, their
  workspace is mode 700, and the facilitator's workshop folder (gradebook, collected work) is 700.
"""

import os
import random
import shlex
import socket
import sys
import time
from pathlib import Path

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file


def env(name: str, default: str) -> str:
    return os.environ.get(name) or default


def people() -> list[str]:
    """Participants: PLKIT_HUB_PARTICIPANTS (comma-separated user names) and/or the id column of
    PLKIT_HUB_ROSTER (the same CSV as `plkit workshop init --roster`)."""
    names = [n.strip() for n in env("PLKIT_HUB_PARTICIPANTS", "").split(",") if n.strip()]
    roster = os.environ.get("PLKIT_HUB_ROSTER")
    if roster:
        # deferred: only a roster needs plkit in the hub's own Python (the users' is PLKIT_HUB_PYTHON)
        from plkit.workshop.roster import read_roster

        names += [p.id for p in read_roster(roster)]
    return names


# -- values (environment variable: meaning, default) -------------------------------------------
#: PLKIT_HUB_IP / PLKIT_HUB_PORT: where the hub listens. Loopback by default: put a TLS reverse
#: proxy (TLJH uses traefik) in front, or set 0.0.0.0 only on a private network.
IP = env("PLKIT_HUB_IP", "127.0.0.1")
PORT = int(env("PLKIT_HUB_PORT", "8000"))
#: PLKIT_HUB_STATE_DIR: the hub's own database, cookie secret and logs (root only).
STATE = Path(env("PLKIT_HUB_STATE_DIR", "/srv/plkit-hub"))
#: PLKIT_HUB_FACILITATOR: the facilitator's user name (the only admin).
FACILITATOR = env("PLKIT_HUB_FACILITATOR", "facilitator")
#: PLKIT_WORKSHOP: the folder `plkit workshop init` created, in the facilitator's home.
WORKSHOP = env("PLKIT_WORKSHOP", f"~{FACILITATOR}/workshop")
#: PLKIT_COURSE_ID / PLKIT_EXCHANGE: the workshop's course id and nbgrader's exchange folder
#: (mode 777; nbgrader's own default location).
COURSE_ID = env("PLKIT_COURSE_ID", "pl-workshop")
EXCHANGE = env("PLKIT_EXCHANGE", "/srv/nbgrader/exchange")
#: PLKIT_HUB_AUTHENTICATOR: how people log in. "pam" (system passwords, the default),
#: "firstuse" (pip install jupyterhub-firstuseauthenticator: each sets a password at first
#: login, as in TLJH), or "dummy" (one shared password PLKIT_HUB_DUMMY_PASSWORD; for a trial
#: on a closed network and for plkit's tests). Only listed users may log in in every case.
AUTHENTICATOR = env("PLKIT_HUB_AUTHENTICATOR", "pam")
#: PLKIT_HUB_SPAWNER: "local" (LocalProcessSpawner, the default) or "systemd"
#: (pip install jupyterhub-systemdspawner: adds per-user memory and CPU limits, as in TLJH).
SPAWNER = env("PLKIT_HUB_SPAWNER", "local")
#: PLKIT_HUB_PYTHON: the Python of the user environment that has plkit (TLJH: /opt/tljh/user/bin/python).
PYTHON = env("PLKIT_HUB_PYTHON", sys.executable)
#: PLKIT_HUB_PROXY: the configurable-http-proxy command (npm install -g configurable-http-proxy).
PROXY = env("PLKIT_HUB_PROXY", "configurable-http-proxy")
#: PLKIT_HUB_IDLE_MINUTES: stop a user's server after this long without activity
#: (pip install jupyterhub-idle-culler; skipped with a log line when it is not installed).
IDLE_MINUTES = int(env("PLKIT_HUB_IDLE_MINUTES", "60"))
#: PLKIT_HUB_KERNEL_IDLE_MINUTES: stop a page's kernel after this long idle (Voila keeps a
#: kernel of about 118 MB per open page, and does not stop it when the tab closes).
KERNEL_IDLE_MINUTES = int(env("PLKIT_HUB_KERNEL_IDLE_MINUTES", "30"))
#: PLKIT_HUB_PREHEAT: the pages each participant's server keeps a kernel ready for (started,
#: plkit imported), so a room opening a workbook together does not wait for twenty kernel
#: start-ups at once: "workbooks" (default: every released workbook), "all" (with the home
#: page), "none", or a comma-separated list such as "defining,nightmares" (workbook ids). Each
#: ready kernel holds 50 to 100 MB while it waits; list only today's workbooks when memory is
#: short (see README.md).
PREHEAT = env("PLKIT_HUB_PREHEAT", "workbooks")
#: PLKIT_HUB_PREHEAT_DELAY: seconds before a used ready kernel is replaced (default 5).
PREHEAT_DELAY = env("PLKIT_HUB_PREHEAT_DELAY", "5")
#: PLKIT_HUB_USER_PORTS: the ports users' servers listen on (default 20000-29999). They must lie
#: outside the range the system hands out to programs asking for any free port
#: (/proc/sys/net/ipv4/ip_local_port_range, 32768-60999 on Linux), which is where every kernel's
#: five ports come from: JupyterHub's own choice comes from that range too, and a kernel starting
#: for one participant could take the port the hub had just chosen for another's server (seen
#: with 20 logging in at once: that server moved to another port and the hub waited in vain).
USER_PORTS = env("PLKIT_HUB_USER_PORTS", "20000-29999")
#: PLKIT_HUB_MEM_LIMIT / PLKIT_HUB_CPU_LIMIT: per-user limits (systemd spawner only).
MEM_LIMIT = env("PLKIT_HUB_MEM_LIMIT", "1G")
CPU_LIMIT = float(env("PLKIT_HUB_CPU_LIMIT", "1"))

# -- the hub ---------------------------------------------------------------------------------
c.JupyterHub.ip = IP
c.JupyterHub.port = PORT
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env("PLKIT_HUB_INTERNAL_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env('PLKIT_HUB_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = shlex.split(PROXY)
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every user's server

# -- who may log in -------------------------------------------------------------------------
PARTICIPANTS = people()
c.Authenticator.admin_users = {FACILITATOR}
c.Authenticator.allowed_users = {FACILITATOR, *PARTICIPANTS}
c.Authenticator.allow_all = False  # never "any system user": root and staff accounts stay out
if AUTHENTICATOR == "dummy":
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = os.environ["PLKIT_HUB_DUMMY_PASSWORD"]  # required
elif AUTHENTICATOR == "firstuse":
    c.JupyterHub.authenticator_class = "firstuseauthenticator.FirstUseAuthenticator"
    c.FirstUseAuthenticator.create_users = False
else:
    c.JupyterHub.authenticator_class = "pam"

# -- each user's server ---------------------------------------------------------------------
if SPAWNER == "systemd":
    c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
    c.SystemdSpawner.dynamic_users = False  # participants are real system users
    c.SystemdSpawner.mem_limit = MEM_LIMIT
    c.SystemdSpawner.cpu_limit = CPU_LIMIT
    c.SystemdSpawner.isolate_tmp = True
    c.SystemdSpawner.isolate_devices = True
    c.SystemdSpawner.disable_user_sudo = True
else:
    c.JupyterHub.spawner_class = "localprocess"
# python -m plkit.hub prepares the workspace as the user, then execs jupyterhub-singleuser.
c.Spawner.cmd = [PYTHON, "-m", "plkit.hub"]
c.Spawner.default_url = "/voila/render/home.ipynb"
#: PLKIT_HUB_SPAWN_TIMEOUT: seconds a server may take to start (many logging in at once on few
#: cores take longer than one).
c.Spawner.http_timeout = int(env("PLKIT_HUB_SPAWN_TIMEOUT", "120"))
c.Spawner.start_timeout = int(env("PLKIT_HUB_SPAWN_TIMEOUT", "120"))
c.Spawner.environment = {"PLKIT_COURSE_ID": COURSE_ID, "PLKIT_EXCHANGE": EXCHANGE,
                         "PLKIT_HUB_PREHEAT": PREHEAT, "PLKIT_HUB_PREHEAT_DELAY": PREHEAT_DELAY}
c.Spawner.env_keep = ["PATH", "LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV", "CONDA_PREFIX",
                      "PLKIT_BUILD_AHEAD"]  # 0: ready kernels do not build their page ahead
c.Spawner.args = [
    "--VoilaConfiguration.show_tracebacks=False",
    "--VoilaConfiguration.theme=light",
    "--MappingKernelManager.cull_interval=60",
    f"--MappingKernelManager.cull_idle_timeout={KERNEL_IDLE_MINUTES * 60}",
    "--MappingKernelManager.cull_connected=False",
    # A server that cannot have its port stops (the hub reports a failed start, and logging in
    # again starts it afresh) instead of listening elsewhere, where the hub never looks.
    "--ServerApp.port_retries=0",
]


_GIVEN: dict[int, float] = {}  # ports handed to servers still starting (not listening yet)


def port_range(ports: str) -> tuple[int, int]:
    """``"low-high"`` as two ports; a setting that is not one stops the hub with one sentence."""
    low, _, high = ports.partition("-")
    try:
        lo, hi = int(low), int(high or low)
    except ValueError:
        lo = hi = 0
    if not 1024 <= lo <= hi <= 65535:
        raise SystemExit(f"PLKIT_HUB_USER_PORTS={ports!r} is not a port range; give two ports "
                         "between 1024 and 65535 such as 20000-29999.")
    return lo, hi


port_range(USER_PORTS)  # checked when the hub starts, not at the first login


def user_port(ports: str = USER_PORTS) -> int:
    """A free port in ``ports`` ("low-high") for a user's server."""
    lo, hi = port_range(ports)
    now = time.monotonic()
    for port, at in list(_GIVEN.items()):
        if now - at > 600:
            del _GIVEN[port]
    candidates = [p for p in range(lo, hi + 1) if p not in _GIVEN]
    random.shuffle(candidates)
    for port in candidates[:500]:
        with socket.socket() as sock:
            try:
                sock.bind(("", port))
            except OSError:
                continue
        _GIVEN[port] = now
        return port
    raise RuntimeError(f"No free port for a user's server in PLKIT_HUB_USER_PORTS={ports}; "
                       "widen the range.")


def before_spawn(spawner) -> None:  # noqa: ANN001 - JupyterHub's Spawner
    """Each server's port from PLKIT_HUB_USER_PORTS; only the facilitator's server gets the
    workshop folder, hence the dashboard."""
    spawner.port = user_port()
    if spawner.user.name == FACILITATOR:
        spawner.environment = {**spawner.environment,
                               "PLKIT_WORKSHOP": os.path.expanduser(WORKSHOP)}
        spawner.default_url = "/voila/render/dashboard.ipynb"


c.Spawner.pre_spawn_hook = before_spawn

if SPAWNER == "systemd":
    # SystemdSpawner picks its own port in start() with JupyterHub's random_port (from the
    # kernels' range), ignoring Spawner.port; give it ours.
    try:
        import systemdspawner.systemdspawner as _systemd
    except ImportError:
        raise SystemExit("PLKIT_HUB_SPAWNER=systemd needs SystemdSpawner: pip install "
                         "jupyterhub-systemdspawner in the hub's environment.") from None
    _systemd.random_port = user_port

# -- idle culling ----------------------------------------------------------------------------
try:
    import jupyterhub_idle_culler  # noqa: F401

    c.JupyterHub.services = [{
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                    f"--timeout={IDLE_MINUTES * 60}", "--cull-every=120"],
    }]
    c.JupyterHub.load_roles = [{
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }]
except ImportError:
    print("plkit hub: jupyterhub-idle-culler is not installed; idle servers are not stopped "
          "(pip install jupyterhub-idle-culler).", file=sys.stderr)
