"""A simulated participant: what a browser asks of JupyterHub and Voila, without rendering.

A participant's browser runs on their own laptop; only its requests reach the server. To measure
what the *server* can carry, this client makes those same requests and nothing else:

1. log in through the hub's form (with its ``_xsrf``), wait while the hub spawns the server, and
   follow the single-user server's OAuth redirects (a cookie jar, as a browser keeps);
2. open a page: ``GET /user/<name>/voila/render/<notebook>`` and read it to the end (Voila sends
   the page as the notebook's cells finish);
3. connect to the page's kernel (``/api/kernels/<id>/channels``), ask for every widget's state the
   way ipywidgets 8's front end does (a ``jupyter.widget.control`` comm and ``request_states``):
   when the states have arrived, a browser can draw every control, which is "interactive";
4. answer: send the update a browser sends when a text box changes (``comm_msg`` ``update``).

Loopback only: the hub URL must be on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
import re
import struct
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from websockets.asyncio.client import connect

#: ipywidgets 8's control comm protocol, as its front end announces it.
CONTROL_PROTOCOL = "1.0.0"
KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')


@dataclass
class Opened:
    """One page opened by a simulated participant."""

    kernel_id: str
    states: dict[str, dict[str, Any]]  # model id -> widget state
    page_seconds: float  # request -> the whole page received
    interactive_seconds: float  # request -> every widget's state received


def _check_loopback(url: str) -> None:
    host = urlsplit(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError(f"the simulated participant only talks to loopback, not {host}")


def _decode(frame: str | bytes) -> dict[str, Any]:
    """A kernel message from jupyter_server's (legacy) websocket format."""
    if isinstance(frame, str):
        return json.loads(frame)
    n = struct.unpack("!I", frame[:4])[0]
    offsets = struct.unpack(f"!{n}I", frame[4:4 + 4 * n])
    end = offsets[1] if n > 1 else len(frame)
    return json.loads(frame[offsets[0]:end].decode("utf-8"))


class Participant:
    """One simulated participant with their own cookies, like one browser profile."""

    def __init__(self, hub_url: str, name: str, password: str = "", timeout: float = 240,
                 token: str | None = None) -> None:
        """``token``: talk to a Jupyter server started with ``--ServerApp.token`` and
        ``--ServerApp.base_url=/user/<name>/`` directly (tests), instead of logging in."""
        _check_loopback(hub_url)
        self.hub_url = hub_url.rstrip("/")
        self.name = name
        self.password = password
        self.timeout = timeout
        self.http = requests.Session()
        self.session_id = uuid.uuid4().hex
        self.token = token
        if token:
            self.http.headers["Authorization"] = f"token {token}"

    # -- hub -------------------------------------------------------------------------------
    def login(self) -> float:
        """Log in and wait until the home page is served; seconds taken."""
        t0 = time.perf_counter()
        self.http.get(f"{self.hub_url}/hub/login", timeout=self.timeout)
        xsrf = self.http.cookies.get("_xsrf", "")
        r = self.http.post(f"{self.hub_url}/hub/login",
                           data={"username": self.name, "password": self.password,
                                 "_xsrf": xsrf}, timeout=self.timeout)
        if r.status_code >= 400 or "/hub/login" in r.url:
            raise RuntimeError(f"{self.name} could not log in (HTTP {r.status_code} at {r.url})")
        home = f"{self.hub_url}/user/{self.name}/voila/render/home.ipynb"
        while True:
            r = self.http.get(home, timeout=self.timeout)
            if r.status_code == 200 and urlsplit(r.url).path.startswith(f"/user/{self.name}/"):
                return time.perf_counter() - t0
            if time.perf_counter() - t0 > self.timeout:
                raise TimeoutError(f"{self.name}'s server did not start in {self.timeout:.0f} s "
                                   f"(last: HTTP {r.status_code} at {r.url})")
            time.sleep(0.5)  # the hub's spawn-pending page: the browser would wait too

    # -- a page ----------------------------------------------------------------------------
    def _get_page(self, notebook: str) -> tuple[str, float]:
        t0 = time.perf_counter()
        r = self.http.get(f"{self.hub_url}/user/{self.name}/voila/render/{notebook}",
                          timeout=self.timeout)
        r.raise_for_status()
        return r.text, time.perf_counter() - t0

    def _get(self, path: str) -> requests.Response:
        r = self.http.get(f"{self.hub_url}/user/{self.name}/{path}", timeout=self.timeout)
        r.raise_for_status()
        return r

    def _xsrf(self) -> str:
        """The single-user server's ``_xsrf`` cookie (the hub has one of its own, on /hub/)."""
        for c in self.http.cookies:
            if c.name == "_xsrf" and not (c.path or "/").startswith("/hub"):
                return c.value
        return ""

    def shutdown(self, kernel_id: str) -> None:
        """What Voila's page sends when it is closed (a beacon to ``voila/api/shutdown``)."""
        self.http.post(f"{self.hub_url}/user/{self.name}/voila/api/shutdown/{kernel_id}",
                       data={"_xsrf": self._xsrf()}, timeout=self.timeout)

    def _ws_url(self, kernel_id: str) -> str:
        host = urlsplit(self.hub_url).netloc
        return (f"ws://{host}/user/{self.name}/api/kernels/{kernel_id}/channels"
                f"?session_id={self.session_id}")

    def _headers(self) -> dict[str, str]:
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)
        # What a browser sends with a same-origin websocket (JupyterHub checks it).
        out = {"Cookie": cookies, "Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "websocket"}
        if self.token:
            out["Authorization"] = f"token {self.token}"
        return out

    def _msg(self, msg_type: str, content: dict[str, Any], channel: str = "shell",
             metadata: dict[str, Any] | None = None) -> dict:
        return {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type,
                           "username": self.name, "session": self.session_id,
                           "date": "", "version": "5.3"},
                "parent_header": {}, "metadata": metadata or {}, "content": content,
                "channel": channel, "buffers": []}

    async def open(self, notebook: str) -> OpenPage:
        """Open ``notebook`` (path under the workspace) as a browser would; keeps the
        connection to its kernel for :meth:`OpenPage.answer`."""
        t0 = time.perf_counter()
        html, page_s = await asyncio.to_thread(self._get_page, notebook)
        m = KERNEL_ID.search(html)
        if not m:
            raise RuntimeError(f"{self.name}: no kernel id in the page of {notebook}")
        kernel_id = m.group(1)
        await asyncio.to_thread(self._get, f"api/kernels/{kernel_id}")  # Voila's front end does
        ws = await connect(self._ws_url(kernel_id), additional_headers=self._headers(),
                           max_size=None, open_timeout=self.timeout)
        comm_id = uuid.uuid4().hex
        await ws.send(json.dumps(self._msg("kernel_info_request", {})))
        await ws.send(json.dumps(self._msg("comm_open", {
            "comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}},
            metadata={"version": CONTROL_PROTOCOL})))
        await ws.send(json.dumps(self._msg("comm_msg", {
            "comm_id": comm_id, "data": {"method": "request_states"}},
            metadata={"version": CONTROL_PROTOCOL})))
        deadline = time.monotonic() + self.timeout
        while True:  # other messages (status, the kernel's info) are not what we wait for
            frame = await asyncio.wait_for(ws.recv(), max(1.0, deadline - time.monotonic()))
            msg = _decode(frame)
            c = msg.get("content", {})
            if msg.get("msg_type") == "comm_msg" and c.get("comm_id") == comm_id \
                    and c.get("data", {}).get("method") == "update_states":
                states = c["data"]["states"]
                break
            if msg.get("msg_type") == "comm_close" and c.get("comm_id") == comm_id:
                raise RuntimeError(f"{self.name}: the kernel refused the widget control comm")
        opened = Opened(kernel_id, states, page_s, time.perf_counter() - t0)
        return OpenPage(self, ws, opened)


class OpenPage:
    def __init__(self, who: Participant, ws: Any, opened: Opened) -> None:
        self.who, self.ws, self.opened = who, ws, opened

    def model_with(self, **wanted: Any) -> str:
        """The id of the first widget whose state has all of ``wanted``."""
        for model_id, st in self.opened.states.items():
            state = st.get("state", st)
            if all(state.get(k) == v for k, v in wanted.items()):
                return model_id
        raise LookupError(f"no widget with {wanted} on the page")

    async def answer(self, model_id: str, value: Any) -> None:
        """What a browser sends when a person changes a control's value."""
        await self.ws.send(json.dumps(self.who._msg("comm_msg", {
            "comm_id": model_id,
            "data": {"method": "update", "state": {"value": value}, "buffer_paths": []}})))

    async def close(self) -> None:
        """Close the page as a browser tab is closed: the socket, then Voila's shutdown beacon."""
        await self.ws.close()
        await asyncio.to_thread(self.who.shutdown, self.opened.kernel_id)
