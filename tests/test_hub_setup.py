"""plkit.hub without a hub: who a server belongs to, what it serves, and the shipped config."""

from __future__ import annotations

import doctest
import os
import pwd
import random
import socket
from pathlib import Path

import pytest
from traitlets.config import Config

import plkit.hub as hub
from plkit.errors import PlkitError
from plkit.workshop.course import init, release

CONFIG = Path(__file__).resolve().parents[1] / "facilitator" / "deploy" / "jupyterhub_config.py"


def test_docstring_examples_run() -> None:
    assert doctest.testmod(hub).failed == 0


def test_a_participant_is_the_hub_user_whatever_the_os_account() -> None:
    # Zero to JupyterHub: every container runs as jovyan; the hub user name is the participant.
    plan = hub.plan_for({"JUPYTERHUB_USER": "ben", "USER": "jovyan", "HOME": "/home/jovyan"})
    assert plan.role == "participant" and plan.env["PLKIT_PARTICIPANT"] == "ben"
    assert plan.root_dir == Path("/home/jovyan/plkit-workspace")


def test_without_a_hub_there_is_one_clear_sentence() -> None:
    with pytest.raises(PlkitError, match="meant to be started by JupyterHub"):
        hub.plan_for({"HOME": "/tmp"})
    with pytest.raises(PlkitError, match="not usable"):
        hub.plan_for({"JUPYTERHUB_USER": "a b", "HOME": "/tmp"})


def test_participant_workspace_is_private_and_holds_released_workbooks(tmp_path: Path) -> None:
    ws = init(tmp_path / "course", "pl-hub-unit", workbooks=["defining", "nightmares"])
    release(ws, ["defining"])
    env = {"JUPYTERHUB_USER": "ana", "HOME": str(tmp_path / "ana"),
           "PLKIT_COURSE_ID": ws.course_id, "PLKIT_EXCHANGE": str(ws.exchange)}
    plan = hub.plan_for(env)
    assert hub.prepare(plan, env) == []
    root = plan.root_dir
    assert (root / "home.ipynb").exists() and (root / "defining").is_dir()
    assert not (root / "nightmares").exists()
    assert os.stat(root).st_mode & 0o777 == 0o700
    # A second start never overwrites answers.
    (root / "defining" / "plkit-responses.json").write_text("{}")
    hub.prepare(plan, env)
    assert (root / "defining" / "plkit-responses.json").read_text() == "{}"
    cmd = hub.singleuser_command(plan, ["--debug"])
    assert cmd[1:3] == ["-m", "jupyterhub.singleuser"] and cmd[-1] == "--debug"
    assert f"--ServerApp.root_dir={root}" in cmd


def test_an_unreachable_exchange_does_not_stop_the_server(tmp_path: Path) -> None:
    env = {"JUPYTERHUB_USER": "ana", "HOME": str(tmp_path), "PLKIT_COURSE_ID": "pl-x",
           "PLKIT_EXCHANGE": str(tmp_path / "gone")}
    notes = hub.prepare(hub.plan_for(env), env)
    assert (tmp_path / "plkit-workspace" / "home.ipynb").exists()
    assert notes == [] or "next start" in notes[0]


def test_the_facilitator_gets_the_dashboard_and_a_private_workshop(tmp_path: Path) -> None:
    ws = init(tmp_path / "course", "pl-hub-unit", workbooks=["defining"])
    os.chmod(ws.root, 0o755)
    plan = hub.plan_for({"JUPYTERHUB_USER": "fac", "HOME": str(tmp_path),
                         "PLKIT_WORKSHOP": str(ws.root)})
    assert plan.role == "facilitator" and plan.default_url.endswith("dashboard.ipynb")
    hub.prepare(plan, {})
    assert (plan.root_dir / "dashboard.ipynb").exists()
    assert os.stat(ws.root).st_mode & 0o777 == 0o700


def test_impostors_names_submissions_owned_by_someone_else(tmp_path: Path) -> None:
    me = pwd.getpwuid(os.getuid()).pw_name
    inbound = tmp_path / "pl-x" / "inbound"
    (inbound / f"{me}+defining+2026-01-01 10:00:00.000000 UTC+abc").mkdir(parents=True)
    (inbound / "someone-else+defining+2026-01-01 10:00:00.000000 UTC+def").mkdir()
    assert hub.impostors(tmp_path, "pl-x") == [
        ("someone-else+defining+2026-01-01 10:00:00.000000 UTC+def", me)]
    assert hub.impostors(tmp_path / "none", "pl-x") == []


def _load_config(env: dict[str, str]) -> object:
    c = Config()
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        exec(compile(CONFIG.read_text(), str(CONFIG), "exec"), {"get_config": lambda: c})
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return c


def test_the_shipped_config_reads_its_values_from_the_environment() -> None:
    c = _load_config({"PLKIT_HUB_FACILITATOR": "mrivera", "PLKIT_HUB_PARTICIPANTS": "ana, ben",
                      "PLKIT_COURSE_ID": "pl-day", "PLKIT_EXCHANGE": "/srv/ex",
                      "PLKIT_HUB_PREHEAT": "home,defining",
                      "PLKIT_HUB_STATE_DIR": "/srv/hub"})
    assert c.Authenticator.admin_users == {"mrivera"}
    assert c.Authenticator.allowed_users == {"mrivera", "ana", "ben"}
    assert c.Authenticator.allow_all is False
    assert c.JupyterHub.authenticator_class == "pam" and c.JupyterHub.ip == "127.0.0.1"
    assert c.Spawner.cmd[1:] == ["-m", "plkit.hub"]
    assert c.Spawner.default_url == "/voila/render/home.ipynb"
    assert c.Spawner.environment == {"PLKIT_COURSE_ID": "pl-day", "PLKIT_EXCHANGE": "/srv/ex",
                                     "PLKIT_HUB_PREHEAT": "home,defining",
                                     "PLKIT_HUB_PREHEAT_DELAY": "5"}
    assert any("cull_idle_timeout" in a for a in c.Spawner.args)

    class User:
        name = "mrivera"

    class Spawner:
        user = User()
        environment = dict(c.Spawner.environment)
        default_url = c.Spawner.default_url

    c.Spawner.pre_spawn_hook(Spawner)
    assert 20000 <= Spawner.port <= 29999  # never where kernels' ports come from
    assert Spawner.environment["PLKIT_WORKSHOP"] == "~mrivera/workshop"  # expanded on the server
    assert Spawner.default_url.endswith("dashboard.ipynb")
    other = type("S", (), {"user": type("U", (), {"name": "ana"})(), "environment": {},
                           "default_url": "/voila/render/home.ipynb"})
    c.Spawner.pre_spawn_hook(other)
    assert "PLKIT_WORKSHOP" not in other.environment


def test_dummy_login_requires_a_password() -> None:
    with pytest.raises(KeyError):
        _load_config({"PLKIT_HUB_AUTHENTICATOR": "dummy"})
    c = _load_config({"PLKIT_HUB_AUTHENTICATOR": "dummy", "PLKIT_HUB_DUMMY_PASSWORD": "s3cret",
                      "PLKIT_HUB_SPAWNER": "systemd", "PLKIT_HUB_MEM_LIMIT": "768M"})
    assert c.DummyAuthenticator.password == "s3cret"
    assert c.SystemdSpawner.mem_limit == "768M"


def test_users_servers_get_free_ports_outside_the_kernels_range() -> None:
    c = Config()
    ns: dict[str, object] = {"get_config": lambda: c}
    exec(compile(CONFIG.read_text(), str(CONFIG), "exec"), ns)
    user_port = ns["user_port"]
    rng = random.Random(0)
    for _attempt in range(200):  # a busy machine may hold either port: find a free pair
        lo = rng.randint(20000, 29998)  # the user ports' own default range, away from ephemeral ones
        with socket.socket() as taken, socket.socket() as probe:
            try:
                taken.bind(("", lo + 1))
                probe.bind(("", lo))
            except OSError:
                continue
            taken.listen()
            probe.close()
            # the only other port of a two-port range is chosen; then none is left
            ports = f"{lo}-{lo + 1}"
            assert user_port(ports) == lo  # type: ignore[operator]
            with pytest.raises(RuntimeError, match="PLKIT_HUB_USER_PORTS"):
                user_port(ports)  # type: ignore[operator]  # lo was just given to a starting server
            break
    else:
        pytest.fail("no two neighbouring ports were free in 200 tries")
    low, high = map(int, Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    assert 29999 < low, "the default user ports overlap the system's ephemeral ports"
    assert "--ServerApp.port_retries=0" in c.Spawner.args


def test_a_port_range_that_is_not_one_stops_the_hub_with_one_sentence() -> None:
    for bad in ("abc", "30000-20000", "80-90"):
        with pytest.raises(SystemExit, match="PLKIT_HUB_USER_PORTS=.*such as 20000-29999"):
            _load_config({"PLKIT_HUB_USER_PORTS": bad})


def test_systemd_spawner_takes_its_port_from_the_users_range() -> None:
    """SystemdSpawner (TLJH style) picks a port in start() itself, ignoring Spawner.port."""
    # deferred: systemdspawner loads JupyterHub's spawner machinery; only this test needs it
    import systemdspawner.systemdspawner as sd

    saved = sd.random_port
    try:
        c = _load_config({"PLKIT_HUB_SPAWNER": "systemd", "PLKIT_HUB_USER_PORTS": "21000-21099"})
        assert c.JupyterHub.spawner_class == "systemdspawner.SystemdSpawner"
        assert 21000 <= sd.random_port() <= 21099
    finally:
        sd.random_port = saved
