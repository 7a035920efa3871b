"""Helpers for browser tests: start/stop ``plkit serve``, launch Chromium, run axe-core."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("PLKIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_DIR = ROOT / ".cache" / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"


def stop_group(proc: subprocess.Popen, timeout: float) -> None:
    """SIGTERM a server started with ``start_new_session=True`` and everything it started;
    SIGKILL what is still there after ``timeout`` seconds, including processes in sessions of
    their own (``plkit serve`` runs Voila in one, and jupyter_client each kernel)."""
    if proc.poll() is None:
        try:
            family = psutil.Process(proc.pid).children(recursive=True)
        except psutil.Error:
            family = []
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        _, alive = psutil.wait_procs(family, timeout=timeout)
        for p in alive:
            with contextlib.suppress(psutil.Error):
                p.kill()
        psutil.wait_procs(alive, timeout=10)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ensure_axe() -> Path | None:
    """axe-core from npm, installed once into .cache/axe (gitignored)."""
    if AXE_JS.exists():
        return AXE_JS
    npm = "npm"
    try:
        AXE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--prefix", str(AXE_DIR), "axe-core@4"],
            check=True, capture_output=True, timeout=300,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return AXE_JS if AXE_JS.exists() else None


class Server:
    """``plkit serve`` as a user runs it, on a free loopback port and a temporary workspace."""

    def __init__(self, workspace: Path, participant: str = "browser-tester",
                 extra_env: dict[str, str] | None = None, args: list[str] | None = None) -> None:
        self.workspace = workspace
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if k != "PLKIT_STORE_DIR"}
        env.update({"PLKIT_PARTICIPANT": participant, "PLKIT_SAVE_DELAY": "0.3"})
        env.update(extra_env or {})
        self.log = open(workspace.parent / f"serve-{self.port}.log", "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "plkit", "serve", "--no-browser", "--port", str(self.port),
             "--workspace", str(workspace), *(args or [])],
            env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"plkit serve exited early: {self.read_log()}")
            # "/" leads to the home page; following it would render the page in a kernel
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            try:
                conn.request("GET", "/")
                if conn.getresponse().status in (200, 302):
                    return
            except OSError:
                time.sleep(0.2)
            finally:
                conn.close()
        raise RuntimeError(f"plkit serve did not answer in {timeout}s: {self.read_log()}")

    def read_log(self) -> str:
        self.log.flush()
        return (self.workspace.parent / f"serve-{self.port}.log").read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        stop_group(self.proc, 20)
        self.log.close()

    def url(self, path: str) -> str:
        return f"{self.base}/voila/render/{path}"


def responses(workspace: Path, folder: str) -> dict[str, Any]:
    path = workspace / folder / "plkit-responses.json"
    if not path.exists():
        return {}
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return {}
    return {k: v["value"] for k, v in doc.get("responses", {}).items()}


def wait_for(predicate: Any, timeout: float = 30.0, what: str = "condition") -> Any:
    """Poll a store condition (the file the kernel writes), not a fixed sleep."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def run_axe(page: Any, axe_js: Path) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations on the page (WCAG 2.1 A/AA and best practice)."""
    page.add_script_tag(path=str(axe_js))
    result = page.evaluate(
        """async () => await axe.run(document, {
              runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
              resultTypes: ['violations']})"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["html"][:160] for n in v["nodes"][:5]]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def shoot(page: object, artifacts: Path, name: str) -> None:
    """Screenshots of each activity (Voila scrolls inside its own container)."""
    outs = page.locator(".jp-OutputArea-output")
    for i in range(outs.count()):
        out = outs.nth(i)
        out.scroll_into_view_if_needed()
        out.screenshot(path=str(artifacts / f"{name}-{i:02d}.png"))
