"""README screenshots: the top of each workbook page (and the home page) as a laptop shows it.

Runs the real ``plkit serve`` on 127.0.0.1 over a fresh temporary workspace (plkit's demo content,
no answers, no student data), opens every page in headless Chromium 1280 px wide, waits until the
page's last cell has drawn its widgets, photographs the top 1280x800 px and writes it, scaled to
half size and reduced to a 256-colour palette with Pillow, as ``docs/screenshots/<id>.png``
(each well under 120 KB). Re-run it after changing a page's look:

    .venv/bin/python docs/screenshots/make.py            # every page
    .venv/bin/python docs/screenshots/make.py defining   # only these workbook ids (home: "home")
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import CHROMIUM, CHROMIUM_FLAGS, Server  # noqa: E402

from plkit.registry import WORKBOOKS  # noqa: E402

VIEWPORT = {"width": 1280, "height": 800}
SCALE = 0.5
LOAD = 180_000  # ms: the first page of a fresh server starts a kernel and builds every widget


def pages(only: list[str]) -> dict[str, str]:
    """{id: notebook path under workbooks/} for the pages to photograph."""
    every = {"home": "home.ipynb", **{wb.id: wb.path for wb in WORKBOOKS}}
    unknown = sorted(set(only) - set(every))
    if unknown:
        raise SystemExit(f"No page called {', '.join(unknown)}; choose from {', '.join(every)}.")
    return {k: v for k, v in every.items() if not only or k in only}


def small_png(png: bytes) -> bytes:
    """Half size, 256-colour palette, optimised: a README image of tens of KB."""
    im = Image.open(io.BytesIO(png)).convert("RGB")
    im = im.resize((round(im.width * SCALE), round(im.height * SCALE)), Image.Resampling.LANCZOS)
    im = im.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    im.save(out, format="PNG", optimize=True)
    return out.getvalue()


def shoot(browser: object, server: Server, page_id: str, path: str) -> Path:
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(LOAD)
    page = context.new_page()
    try:
        page.goto(server.url(path), timeout=LOAD)
        if page_id == "home":
            page.locator("li.plkit-panel h3 a").first.wait_for()
        else:
            page.get_by_role("button", name="Submit this workbook").wait_for()  # the last cell
        page.evaluate("() => document.fonts.ready")
        target = OUT / f"{page_id}.png"
        target.write_bytes(small_png(page.screenshot()))
        return target
    finally:
        context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="*", help="workbook ids (default: every page)")
    args = parser.parse_args(argv)
    todo = pages(args.ids)

    with tempfile.TemporaryDirectory(prefix="plkit-screenshots-") as tmp:
        server = Server(Path(tmp) / "workspace", participant="screenshots")
        try:
            server.wait_ready()
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                for page_id, path in todo.items():
                    target = shoot(browser, server, page_id, path)
                    print(f"{target.relative_to(ROOT)}  {target.stat().st_size // 1024} KB")
                browser.close()
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
