"""Time to interactive: navigation -> first interactive widget, per workbook, vs an empty notebook.

Runs the real ``plkit serve`` (Voila on 127.0.0.1) over a temporary workspace that also holds a
one-cell empty notebook and a one-widget notebook, then loads each page cold (a new browser
context every time) in round-robin order so that all pages see the same machine load. Prints
the median of N loads per page and each page's ratio to the empty notebook, for the served
configuration (preheated kernels) and, with ``--modes preheat,cold``, without preheating too.

    python benchmarks/voila_tti.py            # N=5, preheat (what plkit serve does)
    python benchmarks/voila_tti.py -n 7 --modes preheat,cold
    python benchmarks/voila_tti.py --templates plkit,lab   # plkit's template against Voila's own

With ``--templates plkit,lab`` one server per template runs at the same time and each page is
loaded from each in turn (alternating), so both templates see the same machine load; the table
then also gives each page's ratio of the first template to the second.

"Interactive" means: for the empty notebook, its rendered cell is on screen (nothing more can
become interactive); for every other page, the first enabled input, textarea or button of a
widget is on screen.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import CHROMIUM, CHROMIUM_FLAGS, Server  # noqa: E402

from plkit.registry import WORKBOOKS  # noqa: E402

KS = {"name": "python3", "display_name": "Python 3", "language": "python"}
INTERACTIVE = (
    ".jp-OutputArea-output input:not([disabled]), .jp-OutputArea-output textarea, "
    ".jp-OutputArea-output button, .jp-OutputArea-output a[href]"
)


def write_baselines(ws: Path) -> None:
    ws.mkdir(parents=True, exist_ok=True)
    nbformat.write(new_notebook(cells=[new_code_cell("pass")], metadata={"kernelspec": KS}),
                   ws / "bench-empty.ipynb")
    nbformat.write(
        new_notebook(cells=[new_code_cell("import ipywidgets\nipywidgets.Text(description='x')")],
                     metadata={"kernelspec": KS}),
        ws / "bench-one-widget.ipynb",
    )


def load_once(browser, url: str, empty: bool) -> float:
    ctx = browser.new_context()
    page = ctx.new_page()
    t0 = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=120_000)
    if empty:
        page.locator(".jp-Cell").first.wait_for(state="attached", timeout=120_000)
        page.wait_for_load_state("load")
    else:
        page.locator(INTERACTIVE).first.wait_for(state="visible", timeout=120_000)
    elapsed = time.perf_counter() - t0
    ctx.close()
    return elapsed


def run_mode(mode: str, n: int, settle: float, templates: list[str]) -> dict[str, dict[str, list[float]]]:
    """``{template: {page: [seconds per load]}}``: one server per template, loads alternating."""
    from playwright.sync_api import sync_playwright

    args = [] if mode == "preheat" else ["--no-preheat"]
    servers: dict[str, Server] = {}
    pages = {"empty notebook": "bench-empty.ipynb", "one-widget notebook": "bench-one-widget.ipynb",
             "home": "home.ipynb"}
    pages.update({f"workbook: {wb.id}": wb.path for wb in WORKBOOKS})
    times: dict[str, dict[str, list[float]]] = {t: {k: [] for k in pages} for t in templates}
    try:
        for template in templates:
            ws = Path(tempfile.mkdtemp(prefix=f"plkit-bench-{template}-")) / "workspace"
            write_baselines(ws)
            servers[template] = Server(ws, participant="bench", args=args,
                                       extra_env={"PLKIT_VOILA_TEMPLATE": template})
        for server in servers.values():
            server.wait_ready()
        time.sleep(settle * 2 * len(templates))  # let the first kernel pools fill
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            for server in servers.values():  # warm static assets
                load_once(browser, server.url(pages["empty notebook"]), True)
            time.sleep(settle)
            for i in range(n):
                for name, path in pages.items():
                    # alternate which template goes first, so neither always meets a fuller pool
                    order = templates if i % 2 == 0 else templates[::-1]
                    for template in order:
                        t = load_once(browser, servers[template].url(path), name == "empty notebook")
                        times[template][name].append(t)
                        print(f"  [{mode}, {template}] load {i + 1}/{n} {name}: {t:.2f} s", flush=True)
                        time.sleep(settle)  # let a preheated pool refill before the next load
            browser.close()
    finally:
        for server in servers.values():
            server.stop()
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=5, help="cold loads per page (default 5)")
    ap.add_argument("--modes", default="preheat", help="comma list of preheat,cold")
    ap.add_argument("--settle", type=float, default=3.0, help="seconds between loads")
    ap.add_argument("--templates", default="plkit",
                    help="comma list of Voila templates: plkit (plkit's own, what plkit serve uses), lab "
                         "(Voila's own); two are measured side by side")
    a = ap.parse_args()
    templates = [t.strip() for t in a.templates.split(",") if t.strip()]
    results = {m: run_mode(m, a.n, a.settle, templates) for m in a.modes.split(",")}
    print()
    for mode, by_template in results.items():
        for template, times in by_template.items():
            base = statistics.median(times["empty notebook"])
            print(f"== {mode}, template {template}: median of {a.n} cold loads, ratio to the empty notebook ==")
            for name, ts in times.items():
                med = statistics.median(ts)
                print(f"{name:32s} {med:6.2f} s   x{med / base:4.2f}   (min {min(ts):.2f}, max {max(ts):.2f})")
            print()
        if len(templates) >= 2:
            first, second = templates[0], templates[1]
            print(f"== {mode}: {first} against {second}, medians and their ratio ==")
            for name in by_template[first]:
                m1 = statistics.median(by_template[first][name])
                m2 = statistics.median(by_template[second][name])
                print(f"{name:32s} {m1:6.2f} s  {m2:6.2f} s   x{m1 / m2:4.2f}")
            print()


if __name__ == "__main__":
    main()
