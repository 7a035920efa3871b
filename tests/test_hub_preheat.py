"""Preheated kernels on a hub user's server (plkit.hub.preheat).

The unit tests cover which notebooks get a ready kernel. The integration test starts a real
Jupyter server with Voila and plkit's extension on 127.0.0.1, as ``jupyterhub-singleuser`` runs
it for a participant (same base URL, same extension argument, a token instead of the hub's
login), and talks to it the way a browser does (tests/hub_client.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import pytest
from browser_support import free_port, responses, stop_group
from hub_client import Participant
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from plkit.hub import HubPlan, singleuser_command
from plkit.hub import preheat as hub_preheat
from plkit.registry import WORKBOOKS
from plkit.serve import prepare_workspace
from plkit.store import FileStore
from plkit.workbooks.defining.keys import KEYS

DEFINING = "defining/defining-personalized-learning.ipynb"


def run(coro_fn, *args):  # noqa: ANN001, ANN002, ANN201
    """Run a coroutine function on a loop of its own, in a thread: Playwright's sync API (the
    browser tests in the same session) keeps an event loop running in the main thread."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(coro_fn(*args))).result()


TOKEN = "plkit-preheat-test"


def _workspace(tmp: Path) -> Path:
    ws = prepare_workspace(tmp / "ws")
    (ws / ".ipynb_checkpoints").mkdir()
    (ws / ".ipynb_checkpoints" / "home-checkpoint.ipynb").write_text("{}")
    return ws


# -- which notebooks ------------------------------------------------------------------------
def test_selected_understands_home_workbook_ids_paths_all_and_none(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    every = hub_preheat.selected(ws, "all")
    assert "home.ipynb" in every and DEFINING in every
    assert len(every) == len(WORKBOOKS) + 1  # every workbook and the home page
    assert not any(".ipynb_checkpoints" in n for n in every)
    assert hub_preheat.selected(ws, None) == [n for n in every if n != "home.ipynb"]  # default
    assert hub_preheat.selected(ws, "none") == []
    assert hub_preheat.selected(ws, " Home , defining ") == [DEFINING, "home.ipynb"]
    assert hub_preheat.selected(ws, DEFINING) == [DEFINING]
    assert hub_preheat.selected(ws, "no-such-workbook") == []


def test_a_mistyped_name_is_reported(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    assert hub_preheat.unmatched(ws, "defning, nightmares") == ["defning"]
    assert hub_preheat.unmatched(ws, "home,defining") == []
    assert hub_preheat.unmatched(ws, "none") == []


def test_pools_config_gives_one_kernel_to_listed_notebooks_only() -> None:
    cfg = hub_preheat.pools_config(["home.ipynb"])
    assert cfg == {"default": {"pool_size": 0}, "home.ipynb": {"pool_size": 1}}


def test_delay_setting_falls_back_on_nonsense() -> None:
    assert hub_preheat._delay({}) == hub_preheat.DEFAULT_DELAY
    assert hub_preheat._delay({hub_preheat.DELAY_SETTING: "12"}) == 12.0
    assert hub_preheat._delay({hub_preheat.DELAY_SETTING: "soon"}) == hub_preheat.DEFAULT_DELAY
    assert hub_preheat._delay({hub_preheat.DELAY_SETTING: "-3"}) == 0.0
    assert hub_preheat._delay({hub_preheat.DELAY_SETTING: "nan"}) == hub_preheat.DEFAULT_DELAY


def test_singleuser_command_enables_the_extension_and_skips_grading_pages_for_participants() -> None:
    plan = HubPlan("participant", "ana", Path("/home/ana/plkit-workspace"), "/voila/render/home.ipynb")
    cmd = singleuser_command(plan)
    assert "--ServerApp.jpserver_extensions=plkit.hub.preheat=True" in cmd
    assert "--ServerApp.jpserver_extensions=nbgrader.server_extensions.formgrader=False" in cmd
    fac = HubPlan("facilitator", "lee", Path("/home/lee/workshop/facilitator-app"),
                  "/voila/render/dashboard.ipynb")
    assert not any("formgrader" in a for a in singleuser_command(fac))


def test_home_page_kernel_does_not_load_pandas(tmp_path: Path) -> None:
    """The home page only checks progress: its kernel (one per participant on a hub) stays
    small. Loading pandas there costs about 50 MB per participant."""
    ws = _workspace(tmp_path)
    code = ("import json, sys\n"
            "nb = json.load(open('home.ipynb'))\n"
            "for c in nb['cells']:\n"
            "    if c['cell_type'] == 'code': exec(''.join(c['source']))\n"
            "print(json.dumps(sorted(m for m in ('pandas', 'numpy', 'matplotlib') if m in sys.modules)))\n")
    env = {**os.environ, "PLKIT_PARTICIPANT": "ana", "PLKIT_STORE_DIR": str(tmp_path / "store")}
    r = subprocess.run([sys.executable, "-c", code], cwd=ws, env=env, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert json.loads(r.stdout.strip().splitlines()[-1]) == []


# -- a real server ----------------------------------------------------------------------------
class Server:
    """``jupyter server`` with Voila and plkit.hub.preheat, as a hub participant's server."""

    def __init__(self, ws: Path, user: str, preheat: str, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PLKIT_", "VOILA_"))}
        env.update({"PLKIT_PARTICIPANT": user, "PLKIT_WORKSPACE": str(ws),
                    "PLKIT_HUB_PREHEAT": preheat, "PLKIT_HUB_PREHEAT_DELAY": "1",
                    "PLKIT_SAVE_DELAY": "0.2", "JUPYTER_RUNTIME_DIR": str(log.parent / "rt")})
        plan = HubPlan("participant", user, ws, "/voila/render/home.ipynb")
        cmd = singleuser_command(plan)
        cmd[1:3] = ["-m", "jupyter_server"]  # the same server, without the hub's login
        cmd += ["--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
                f"--ServerApp.token={TOKEN}", f"--ServerApp.base_url=/user/{user}/",
                "--VoilaConfiguration.theme=light", "--VoilaConfiguration.show_tracebacks=False"]
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        self.log = open(log, "wb")
        self.proc = subprocess.Popen(cmd, cwd=ws, env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)

    def text(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")

    def wait_for_log(self, pattern: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if re.search(pattern, self.text()):
                return
            if self.proc.poll() is not None:
                raise AssertionError(f"the server exited:\n{self.text()[-4000:]}")
            time.sleep(0.2)
        raise AssertionError(f"no {pattern!r} in the server's log:\n{self.text()[-4000:]}")

    def kernel_waits(self, folder: Path) -> bool:
        """Whether a kernel of a page in ``folder`` is waiting for its page to be opened: it has
        run the page's first cell up to ``voila.utils.wait_for_request`` (so it has read the
        answers and built what it builds ahead) and is connected to this server's
        ``/voila/query`` socket, the only connection a kernel makes to the server's HTTP port."""
        folder = folder.resolve()
        for proc in psutil.Process(self.proc.pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):  # a kernel that ended meanwhile
                if Path(proc.cwd()).resolve() == folder and any(
                        c.status == psutil.CONN_ESTABLISHED and c.raddr and c.raddr.port == self.port
                        for c in proc.net_connections("tcp")):
                    return True
        return False

    def wait_for_waiting_kernel(self, folder: Path, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.kernel_waits(folder):
                return
            if self.proc.poll() is not None:
                raise AssertionError(f"the server exited:\n{self.text()[-4000:]}")
            time.sleep(0.2)
        raise AssertionError(f"no kernel of {folder.name}/ waits for its page request:\n"
                             f"{self.text()[-4000:]}")

    def stop(self) -> None:
        stop_group(self.proc, 30)
        self.log.close()


@pytest.fixture
def server(tmp_path: Path, request: pytest.FixtureRequest):  # noqa: ANN201
    preheat = getattr(request, "param", "home,defining")
    ws = _workspace(tmp_path)
    s = Server(ws, "ana", preheat, tmp_path / "server.log")
    s.ws = ws  # type: ignore[attr-defined]
    try:
        yield s
    finally:
        s.stop()


@pytest.mark.slow
def test_a_preheated_page_reads_answers_when_opened_and_saves_new_ones(server: Server) -> None:
    server.wait_for_log(r"Kernel pool of defining/\S+ is filled")
    # Saved after the kernel started, imported plkit, read the answers and began waiting for its
    # page request: the page must show it all the same (answers are checked at request time).
    server.wait_for_waiting_kernel(server.ws / "defining")
    FileStore(server.ws / "defining", "defining", "ana").set(KEYS["why_word"], "agency")
    who = Participant(server.url, "ana", token=TOKEN)

    async def go() -> tuple[str, bool]:
        page = await who.open(DEFINING)
        box = page.model_with(placeholder="e.g. equity")
        value = page.opened.states[box]["state"]["value"]
        ahead = any("plkit-built-ahead" in st["state"].get("_dom_classes", ())
                    for st in page.opened.states.values())
        await page.answer(box, "belonging")
        t0 = time.monotonic()
        while responses(server.ws, "defining").get(KEYS["why_word"]) != "belonging":
            assert time.monotonic() - t0 < 30, "the answer was not saved"
            await asyncio.sleep(0.05)
        await page.close()
        return value, ahead

    value, ahead = run(go)
    assert value == "agency"
    assert not ahead  # the answer changed while the kernel waited: built again on opening
    log = server.text()
    assert re.search(r"Using pre-heated kernel: \S+ for defining/", log), log[-3000:]
    # the used kernel is replaced, so the next opening is preheated too
    server.wait_for_log(r"(?s)Using pre-heated kernel: \S+ for defining/.*"
                        r"Kernel pool of defining/\S+ is filled")


async def built_ahead(who: Participant, notebook: str) -> bool:
    """Whether the page came from a kernel that had built it ahead (its header says so)."""
    page = await who.open(notebook)
    await page.close()
    return any("plkit-built-ahead" in st.get("state", st).get("_dom_classes", ())
               for st in page.opened.states.values())


@pytest.mark.slow
def test_an_unchanged_page_is_sent_as_built_while_the_kernel_waited(server: Server) -> None:
    FileStore(server.ws / "defining", "defining", "ana").set(KEYS["why_word"], "agency")
    server.wait_for_log(r"Kernel pool of defining/\S+ is filled")
    server.wait_for_waiting_kernel(server.ws / "defining")  # built ahead from the saved answer
    who = Participant(server.url, "ana", token=TOKEN)
    deadline = time.monotonic() + 60
    while not run(built_ahead, who, DEFINING):  # a kernel that read the answers before they were saved
        assert time.monotonic() < deadline, "no page was built ahead"
        server.wait_for_log(r"(?s)Using pre-heated kernel.*Kernel pool of defining/\S+ is filled")
        server.wait_for_waiting_kernel(server.ws / "defining")  # the kernel that replaced it

    async def go() -> str:
        page = await who.open(DEFINING)
        value = page.opened.states[page.model_with(placeholder="e.g. equity")]["state"]["value"]
        await page.close()
        return value

    assert run(go) == "agency"


@pytest.mark.slow
@pytest.mark.parametrize("server", ["defining"], indirect=True)
def test_only_listed_pages_get_a_ready_kernel(server: Server) -> None:
    server.wait_for_log(r"a preheated kernel for each of defining/[^,\n]*\n")  # only it
    server.wait_for_log(r"Kernel pool of defining/\S+ is filled")  # the server is listening
    who = Participant(server.url, "ana", token=TOKEN)

    async def go() -> None:
        page = await who.open("home.ipynb")  # not listed: started on request, still works
        assert page.opened.states
        await page.close()

    run(go)
    assert "for home.ipynb" not in server.text()
    assert "Kernel pool of home.ipynb" not in server.text()


@pytest.mark.slow
def test_only_the_kernel_itself_may_ask_for_its_page_request(server: Server) -> None:
    """A browser (through the hub's proxy) cannot connect to another page's request socket."""
    server.wait_for_log(r"Kernel pool of home.ipynb is filled")
    kid = "0a0a0a0a-0000-4000-8000-000000000000"
    url = f"ws://127.0.0.1:{server.port}/user/ana/voila/query/{kid}"

    async def refused(headers: dict[str, str]) -> int:
        try:
            ws = await connect(url, additional_headers=headers)
        except InvalidStatus as exc:
            return exc.response.status_code
        await ws.close()
        return 101

    assert run(refused, {"X-Forwarded-For": "10.0.0.7"}) == 403
    assert run(refused, {"Origin": "http://127.0.0.1:8000"}) == 403
    assert run(refused, {}) == 101  # what a waiting kernel does
