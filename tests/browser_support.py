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


# -- layout checks (tests/test_browser_layout.py; reusable by any browser test) ------------

_TEXT_RECTS_JS = r"""
(args) => {
  const tol = args.tolerance;
  const skipTags = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'SELECT',
                            'OPTION', 'TITLE', 'svg', 'SVG']);
  const vh = window.innerHeight;
  // The box that scrolls the page (the window, or Voila's own scroll box): it and the frame
  // around it do not hide text, which the reader reaches by scrolling; smaller scroll boxes do.
  const pageScroller = (el, s, r) => /auto|scroll/.test(s.overflowY) && el.scrollHeight > el.clientHeight + 1
    && r.height >= 0.5 * vh;
  const styles = new Map();
  const cs = (el) => { let s = styles.get(el); if (!s) { s = getComputedStyle(el); styles.set(el, s); } return s; };
  function visibleClip(el) {
    // The region of the page where el's text can be seen, or null when it cannot be seen at all.
    let clip = {left: -1e9, top: -1e9, right: 1e9, bottom: 1e9};
    let seenPage = false;
    for (let a = el; a && a.nodeType === 1; a = a.parentElement) {
      const s = cs(a);
      if (a.getAttribute('aria-hidden') === 'true' || a.hasAttribute('data-layout-ignore')) return null;
      if (s.display === 'none' || s.opacity === '0' || s.contentVisibility === 'hidden') return null;
      if (s.clip && s.clip !== 'auto' && s.position === 'absolute') return null;
      if (s.clipPath && s.clipPath !== 'none') return null;
      // a closed <details> lays out its content but does not paint it, except the summary
      const summary = el.closest('summary');
      if (a.tagName === 'DETAILS' && !a.open && !(summary && summary.parentElement === a)) return null;
      if (a === document.body || a === document.documentElement) break;
      const ox = s.overflowX, oy = s.overflowY;
      if (ox !== 'visible' || oy !== 'visible') {
        const r = a.getBoundingClientRect();
        if (pageScroller(a, s, r)) { seenPage = true; continue; }
        if (!seenPage) {
          clip = {left: Math.max(clip.left, r.left), top: Math.max(clip.top, r.top),
                  right: Math.min(clip.right, r.right), bottom: Math.min(clip.bottom, r.bottom)};
        }
      }
    }
    if (cs(el).visibility !== 'visible') return null;
    return clip;
  }
  // Measure at the top of the page: what lies above or left of it then cannot be scrolled to
  // (a skip link parked off screen), and sticky parts sit where the layout put them.
  const scrolled = [];
  for (const el of [document.scrollingElement, ...document.querySelectorAll('body *')]) {
    if (el && (el.scrollTop || el.scrollLeft) && (el === document.scrollingElement
        || pageScroller(el, cs(el), el.getBoundingClientRect()))) {
      scrolled.push([el, el.scrollTop, el.scrollLeft]);
      el.scrollTop = 0; el.scrollLeft = 0;
    }
  }
  // Text in a position: fixed part is drawn over whatever scrolls beneath it: compared only
  // with text of the same fixed part.
  const layer = (el) => { for (let a = el; a && a !== document.body; a = a.parentElement) {
    if (cs(a).position === 'fixed') return a; } return null; };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const items = [];
  const ids = new Map();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.nodeValue.trim()) continue;
    const el = n.parentElement;
    if (!el || skipTags.has(el.tagName) || el.closest('svg, textarea, select, script, style')) continue;
    const clip = visibleClip(el);
    if (!clip) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    if (!ids.has(el)) ids.set(el, ids.size);
    const fixed = layer(el);
    for (const r of range.getClientRects()) {
      const c = {left: Math.max(r.left, clip.left, 0), top: Math.max(r.top, clip.top, 0),
                 right: Math.min(r.right, clip.right), bottom: Math.min(r.bottom, clip.bottom)};
      if (c.right - c.left <= tol || c.bottom - c.top <= tol) continue;  // clipped away
      items.push({el: ids.get(el), fixed, text: n.nodeValue.trim().slice(0, 80), ...c});
    }
  }
  for (const [el, top, left] of scrolled) { el.scrollTop = top; el.scrollLeft = left; }
  const overlaps = [];
  items.sort((a, b) => a.top - b.top);
  for (let i = 0; i < items.length; i++) {
    const a = items[i];
    for (let j = i + 1; j < items.length && items[j].top < a.bottom - tol; j++) {
      const b = items[j];
      if (a.el === b.el || a.fixed !== b.fixed) continue;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > tol && h > tol) {
        overlaps.push({a: a.text, b: b.text, width: Math.round(w), height: Math.round(h),
                       at: [Math.round(Math.max(a.left, b.left)), Math.round(Math.max(a.top, b.top))]});
        if (overlaps.length >= args.limit) return overlaps;
      }
    }
  }
  return overlaps;
}
"""


def overlapping_text(page: Any, tolerance: float = 2.0, limit: int = 20) -> list[dict[str, Any]]:
    """Pairs of visible text drawn over one another on the page as it is now.

    Walks every text node, takes its line boxes (``Range.getClientRects``), clips them to any
    ancestor that hides overflow below the box that scrolls the page (the window or Voila's
    scroll box: text under the fold is reached by scrolling, so it counts), and reports each pair
    of rectangles of *different* elements that intersect by more than ``tolerance`` px both ways:
    ``{"a": text, "b": text, "width", "height", "at": [x, y]}``. It measures with the page
    scrolled to the top (and scrolls back): text above or left of the page then cannot be
    reached and is left out, and a ``position: fixed`` part is compared only with itself.
    Invisible, clipped-away, closed ``<details>``, ``aria-hidden="true"`` and
    ``data-layout-ignore`` text, form fields' own text (textarea, select) and SVG are left out.
    An empty list means no text overlaps."""
    return list(page.evaluate(_TEXT_RECTS_JS, {"tolerance": tolerance, "limit": limit}))


def horizontal_overflow(page: Any) -> dict[str, int]:
    """What scrolls sideways: the page (its scroll width against its client width) and any box
    that shows a horizontal scroll bar, except a focusable ``role="region"`` (a wide data table's,
    plkit.ui.tables.table_region). ``{}`` when nothing does; else, for each, the box, the
    innermost element that sticks out, and by how many px."""
    return dict(page.evaluate(
        """() => {
          const out = {};
          const els = [document.scrollingElement, ...document.querySelectorAll('body *')];
          for (const el of els) {
            if (!el) continue;
            const s = getComputedStyle(el);
            // a labelled region the keyboard reaches may scroll on purpose (a wide data table's)
            const region = el.getAttribute('role') === 'region' && el.tabIndex >= 0;
            const scrolls = el === document.scrollingElement
              || (/auto|scroll/.test(s.overflowX) && el.clientWidth > 0 && s.display !== 'none' && !region);
            if (scrolls && el.scrollWidth > el.clientWidth + 1) {
              // name the innermost element that sticks out, so the report says what to fix
              const edge = el === document.scrollingElement ? window.innerWidth : el.getBoundingClientRect().right;
              let culprit = null;
              for (const d of el.querySelectorAll('*')) {
                const r = d.getBoundingClientRect();
                if (r.width && r.right > edge + 1) culprit = d;
              }
              const what = (d) => d ? `${d.tagName.toLowerCase()}.${String(d.className).split(' ').slice(-2).join('.')}`
                + ` "${(d.textContent || '').trim().slice(0, 40)}"` : '';
              const name = el === document.scrollingElement ? 'document' : (el.id || el.className || el.tagName);
              out[`${String(name).slice(0, 40)}: ${what(culprit)}`] = el.scrollWidth - el.clientWidth;
            }
          }
          return out;
        }"""
    ))
