"""plkit's page frame in the real browser: every workbook and the facilitator dashboard, served by
``plkit serve`` with plkit's own Voila template, at 1280 px (a laptop) and 768 px (a tablet).

For each page and width: the step navigation lists every ``##`` heading of the notebook; a step
reached by Tab and opened with Enter puts focus on its heading; the skip link leads to the main
landmark; the navigation is collapsible at 768 px (its button toggles ``aria-expanded``) and stays
in view at 1280 px; printed, the page shows no controls; axe-core finds nothing serious or
critical. A step's state turns to done once it is answered. Screenshots land in
``test-artifacts/``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import ROOT, Server, run_axe

from plkit.registry import WORKBOOKS
from plkit.workshop.config import Workshop
from plkit.workshop.course import init
from plkit.workshop.roster import Participant

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = (1280, 768)
PAGES = [(wb.id, wb.path) for wb in WORKBOOKS]
DEFINING = "defining/defining-personalized-learning.ipynb"


def headings(notebook: Path) -> list[str]:
    """The notebook's steps: its ``## `` headings, as the page shows them."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    out = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        out += [line[3:].replace("*", "").replace("`", "").strip()
                for line in source.split("\n") if line.startswith("## ")]
    return out


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> Workshop:
    root = tmp_path_factory.mktemp("frame-workshop") / "course"
    people = [Participant("ana", "Ana"), Participant("ben", "Ben"), Participant("cy", "Cy")]
    return init(root, "pl-frame", people, workbooks=["defining"])


@pytest.fixture(scope="module")
def facilitator(workshop: Workshop, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv = Server(tmp_path_factory.mktemp("frame-fac") / "unused", participant="facilitator",
                 args=["--facilitator", "--workshop", str(workshop.root)])
    try:
        srv.wait_ready()
        yield srv
    finally:
        srv.stop()


@pytest.fixture()
def sized(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    width = request.param
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_navigation_timeout(180_000)
    context.set_default_timeout(90_000)
    pg = context.new_page()
    yield pg
    context.close()


def open_page(page: object, url: str) -> None:
    page.goto(url)
    page.locator("#plkit-cells").wait_for(state="visible", timeout=180_000)
    page.locator("#plkit-cells .jp-OutputArea-output").first.wait_for(state="visible")


def tab_to(page: object, locator: object, limit: int = 60) -> None:
    """Press Tab until ``locator`` has focus (it must be reachable by keyboard)."""
    handle = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("el => document.activeElement === el", handle):
            return
    raise AssertionError(f"{locator} was not reached with Tab in {limit} presses")


def check_frame(page: object, width: int, steps: list[str], artifacts: Path, axe_js: Path,
                name: str) -> None:
    nav = page.locator("nav.plkit-steps")
    links = nav.locator("a[data-cell]")
    assert page.locator("header").count() == 1 and page.locator("main").count() == 1
    titles = [t.strip() for t in links.locator(".plkit-step-title").all_inner_texts()]
    assert titles == steps
    toggle = nav.locator("button.plkit-steps-toggle")
    page.screenshot(path=str(artifacts / f"frame-{name}-{width}-top.png"))

    # The skip link is the first stop and leads to the main landmark.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=re.compile("^Skip to the"))
    assert page.evaluate("() => document.activeElement.classList.contains('plkit-skip')")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'plkit-main'")

    # The steps by keyboard: Tab to the last one (opening the list first at 768 px), Enter.
    page.evaluate("() => window.scrollTo(0, 0)")
    page.locator(".plkit-skip").focus()  # Tab from the top of the page again
    last = links.last
    if width < 1100:
        assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
        assert not last.is_visible()
        tab_to(page, toggle)
        page.keyboard.press("Enter")
        assert toggle.get_attribute("aria-expanded") == "true"
        last.wait_for(state="visible")
        page.screenshot(path=str(artifacts / f"frame-{name}-{width}-steps-open.png"))
    else:
        assert not toggle.is_visible()
    tab_to(page, last)
    page.keyboard.press("Enter")
    page.wait_for_function(
        "t => { const a = document.activeElement; return a && a.tagName === 'H2' && a.textContent.includes(t); }",
        arg=steps[-1])
    assert last.get_attribute("aria-current") == "step"
    focused_top = page.evaluate("() => document.activeElement.getBoundingClientRect().top")
    assert 0 <= focused_top < 900, "the step's heading is scrolled into view"
    if width < 1100:
        assert toggle.get_attribute("aria-expanded") == "false", "choosing a step closes the list"
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "false"
        assert not last.is_visible()
    else:
        # sticky: at the end of a long page the steps are still on screen
        page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
        page.wait_for_function("() => window.scrollY > 0")
        box = nav.bounding_box()
        assert box is not None and box["y"] >= -1 and box["y"] < 900 and links.first.is_visible()
    page.screenshot(path=str(artifacts / f"frame-{name}-{width}-step.png"))

    # Printed: the participant's work, not the controls.
    page.emulate_media(media="print")
    try:
        assert not nav.is_visible()
        for sel in ("button", ".widget-progress", ".plkit-banner-back a", "#plkit-progress"):
            shown = page.locator(sel).evaluate_all("els => els.filter(e => e.getClientRects().length).length")
            assert shown == 0, f"{sel} is printed"
        assert page.locator("h2").first.is_visible()
        for area in page.locator("textarea").all():
            assert area.evaluate("t => t.scrollHeight <= t.clientHeight + 2"), "a text area is cut off"
        if width == 1280:
            page.pdf(path=str(artifacts / f"frame-{name}.pdf"))
    finally:
        page.emulate_media(media="screen")

    violations = run_axe(page, axe_js)
    assert violations == [], violations


@pytest.mark.parametrize("sized", WIDTHS, indirect=True, ids=lambda w: f"{w}px")
@pytest.mark.parametrize("wb,path", PAGES, ids=[p[0] for p in PAGES])
def test_workbook_frame(sized: object, server: Server, artifacts: Path, axe_js: Path,
                        wb: str, path: str) -> None:
    page = sized
    width = page.viewport_size["width"]
    open_page(page, server.url(path))
    assert page.locator("header .plkit-banner-back a").get_attribute("href").endswith("voila/render/home.ipynb")
    assert page.get_by_role("navigation", name="Steps in this workbook").count() == 1
    page.wait_for_function("() => /Progress: \\d+ of \\d+/.test(document.getElementById('plkit-progress').textContent)")
    check_frame(page, width, headings(ROOT / "workbooks" / path), artifacts, axe_js, wb)


@pytest.mark.parametrize("sized", WIDTHS, indirect=True, ids=lambda w: f"{w}px")
def test_dashboard_frame(sized: object, facilitator: Server, artifacts: Path, axe_js: Path) -> None:
    page = sized
    width = page.viewport_size["width"]
    open_page(page, facilitator.url("dashboard.ipynb"))
    assert page.locator("header .plkit-banner-back").count() == 0  # the dashboard is the facilitator's home
    assert page.get_by_role("navigation", name="Sections of the dashboard").count() == 1
    check_frame(page, width, headings(ROOT / "facilitator" / "dashboard.ipynb"), artifacts, axe_js, "dashboard")


@pytest.mark.parametrize("sized", [1280], indirect=True, ids=lambda w: f"{w}px")
def test_home_has_the_header_and_no_way_back(sized: object, server: Server, artifacts: Path,
                                             axe_js: Path) -> None:
    page = sized
    open_page(page, server.url("home.ipynb"))
    header = page.get_by_role("banner")
    assert "Personalized learning workbooks" in header.inner_text()
    assert header.get_by_role("link").count() == 0
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'plkit-main'")
    page.screenshot(path=str(artifacts / "frame-home-1280.png"))
    assert run_axe(page, axe_js) == []


@pytest.mark.parametrize("sized", [1280], indirect=True, ids=lambda w: f"{w}px")
def test_a_step_turns_done_when_it_is_answered(sized: object, tmp_path: Path, artifacts: Path) -> None:
    """Its own server and workspace: the answer is saved, the progress cell recomputes, and the
    step's state in the navigation (and the header's progress) follow without a reload."""
    page = sized
    srv = Server(tmp_path / "workspace", participant="frame-tester")
    try:
        srv.wait_ready()
        open_page(page, srv.url(DEFINING))
        step = page.locator('nav.plkit-steps li:has(a[data-step="defining.why-word"])')
        step.locator(".plkit-step-state-text").filter(has_text="not yet done").wait_for(state="attached")
        assert step.get_attribute("data-state") == "todo"
        progress = page.locator("#plkit-progress")
        assert progress.inner_text().strip() == "Progress: 0 of 5"
        page.get_by_label("My one word or phrase").fill("equity")
        page.wait_for_function(
            "() => document.querySelector('nav.plkit-steps li:has(a[data-step=\"defining.why-word\"])')"
            ".getAttribute('data-state') === 'done'", timeout=60_000)
        assert step.locator(".plkit-step-state-text").text_content() == " (done)"
        assert progress.inner_text().strip() == "Progress: 1 of 5"
        # a step with nothing to complete shows no state
        submit = page.locator('nav.plkit-steps li:has(a[data-step="defining.submit"])')
        assert submit.get_attribute("data-state") is None
        page.locator("nav.plkit-steps").screenshot(path=str(artifacts / "frame-defining-why-done.png"))
    finally:
        srv.stop()
