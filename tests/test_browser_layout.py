"""Layout in the browser (issue 17): every workbook, the home page and the facilitator's
dashboard at a laptop's 1280 px and a tablet's 768 px. After the page's widgets have rendered and
what a person opens is open (a long standards list in Challenges, the list of all nightmares, the
demo class, ...), no text is drawn over other text, nothing scrolls sideways on the tablet, and
axe-core finds no serious or critical violation at either width. Screenshots of every activity at
both widths go to the test artifacts."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import Server, horizontal_overflow, overlapping_text, run_axe, shoot

from plkit.workshop import demo

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = ((1280, 900), (768, 1024))
LOAD = 180_000  # ms: Voila sends the page once every cell has run, slower on a busy machine

# Standards long enough to wrap onto two or three lines at either width.
LONG_STANDARDS = (
    "code,description,subject,grade\n"
    'LONG.1,"Construct an argument supported by empirical evidence and scientific reasoning that '
    'a change to one part of a local ecosystem, such as removing a predator, affects the '
    'populations of other organisms and the flow of energy through the food web.",Science,7\n'
    'LONG.2,"Plan and carry out a fair investigation that controls variables, records measurements '
    'in a data table of the students\' own design, and explains how sources of error could change '
    'the conclusion drawn from the results.",Science,7\n'
    'LONG.3,"Write an argument to support claims with clear reasons and relevant evidence, '
    'acknowledging and answering an opposing claim, for an audience outside the classroom such as '
    'the school board or a local newspaper.",English Language Arts,7\n'
)


def submit_button(page: Any) -> Any:
    return page.get_by_role("button", name="Submit this workbook")


def expand_challenges(page: Any, tmp: Path) -> None:
    page.get_by_text("guardrail checks pass", exact=False).first.wait_for()
    csv = tmp / "long-standards.csv"
    csv.write_text(LONG_STANDARDS, encoding="utf-8")
    page.get_by_label("Load your own standards (CSV or .xlsx)").set_input_files(str(csv))
    page.get_by_text("Loaded 3 standards from long-standards.csv", exact=False).wait_for()
    long_one = page.get_by_label(re.compile(r"^LONG\.2: Plan and carry out"))
    long_one.wait_for()
    long_one.check()
    evidence = page.locator("fieldset", has_text="Evidence of learning: who decides?")
    evidence.get_by_role("radio", name="Students choose within guardrails").check()
    page.get_by_label(re.compile(r"^Guardrail for evidence of learning")).wait_for()
    page.get_by_role("button", name="Add a success criterion").click()
    page.get_by_label("Success criterion 1").wait_for()
    long_one.scroll_into_view_if_needed()  # the list in view, as a teacher ticking it sees it


def expand_nightmares(page: Any, _tmp: Path) -> None:
    page.get_by_text("Showing nightmare 1 of 15", exact=False).wait_for()
    page.get_by_role("radio", name="All fifteen in a list").check()
    page.get_by_role("button", name="Next nightmare").wait_for(state="hidden")  # all fifteen shown


def expand_classdata(page: Any, _tmp: Path) -> None:
    page.get_by_text("No class loaded yet", exact=False).wait_for()
    page.get_by_role("button", name="Use the demo class").click()
    page.get_by_text("Loaded the demo class: 24 students", exact=False).wait_for()
    page.locator("figure [role=img]").first.wait_for()


def expand_start_here(page: Any, _tmp: Path) -> None:
    page.get_by_text("Your recommended pathway").wait_for()
    page.get_by_role("radio", name="Classroom teacher").check()
    page.locator("ol > li a", has_text="Designing guardrailed challenges").first.wait_for()


def expand_sharing(page: Any, _tmp: Path) -> None:
    page.get_by_role("heading", name="Seven guidelines for talking about PL").wait_for()
    page.get_by_role("button", name="Add a step").click()
    page.get_by_role("button", name="Remove step 2").wait_for()


def wait_text(text: str) -> Callable[[Any, Path], None]:
    def expand(page: Any, _tmp: Path) -> None:
        page.get_by_text(text, exact=False).first.wait_for()
    return expand


PAGES: dict[str, Callable[[Any, Path], None]] = {
    "home.ipynb": lambda page, _tmp: page.locator("li.plkit-panel h3 a").first.wait_for(),
    "start-here/start-here.ipynb": expand_start_here,
    "defining/defining-personalized-learning.ipynb": wait_text("Card 16 of 16"),
    "nightmares/fifteen-nightmares.ipynb": expand_nightmares,
    "challenges/designing-guardrailed-challenges.ipynb": expand_challenges,
    "sharing/sharing-the-why.ipynb": expand_sharing,
    "classdata/analysing-your-class-data.ipynb": expand_classdata,
    "looking-back/looking-back.ipynb": wait_text("Question"),
    "checkin-2w/checkin-two-weeks.ipynb": lambda page, _tmp: submit_button(page).wait_for(),
    "checkin-6w/checkin-six-weeks.ipynb": lambda page, _tmp: submit_button(page).wait_for(),
}


def test_every_workbook_page_is_listed() -> None:
    here = Path(__file__).resolve().parents[1] / "workbooks"
    shipped = {p.relative_to(here).as_posix() for p in here.glob("*/*.ipynb")} | {"home.ipynb"}
    assert shipped == set(PAGES), "a notebook was added or renamed: add it to PAGES"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server of this module's own: what these tests open (all nightmares in a list, long
    standards) stays out of the other browser tests' workspace."""
    srv = Server(tmp_path_factory.mktemp("layout") / "workspace")
    try:
        srv.wait_ready()
        yield srv
    finally:
        srv.stop()


@pytest.fixture()
def wide_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": WIDTHS[0][0], "height": WIDTHS[0][1]},
                                  accept_downloads=True)
    context.set_default_navigation_timeout(LOAD)
    context.set_default_timeout(90_000)
    pg = context.new_page()
    yield pg
    context.close()


def settled(page: Any) -> None:
    """Two animation frames: the browser has laid the page out again after a resize."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def check_layout(page: Any, name: str, axe_js: Path, artifacts: Path) -> list[str]:
    """What is wrong with the page's layout at each width, one line per problem."""
    problems: list[str] = []
    # what a person opens: every "more" section (<details>) on the page
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        settled(page)
        for o in overlapping_text(page):
            problems.append(f"{width}px: {o['a']!r} and {o['b']!r} overlap by "
                            f"{o['width']}x{o['height']} px at {o['at']}")
        if width < 1000:
            for box, extra in horizontal_overflow(page).items():
                problems.append(f"{width}px: scrolls sideways by {extra} px ({box})")
        for v in run_axe(page, axe_js):
            problems.append(f"{width}px: axe {v['impact']} {v['id']}: {v['help']} {v['nodes'][:2]}")
        shoot(page, artifacts, f"layout-{name}-{width}")
    return problems


@pytest.mark.parametrize("path", list(PAGES))
def test_no_overlapping_text_no_sideways_scroll(
    wide_page: Any, server: Server, axe_js: Path, artifacts: Path, tmp_path: Path, path: str
) -> None:
    wide_page.goto(server.url(path))
    if path != "home.ipynb":
        submit_button(wide_page).wait_for()  # the last cell's widgets are drawn
    PAGES[path](wide_page, tmp_path)
    problems = check_layout(wide_page, Path(path).stem, axe_js, artifacts)
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The facilitator's server on plkit's demo workshop: 8 invented participants, every workbook
    released, answered in part or in full and submitted through the real exchange, so the
    dashboard shows its groups' views and charts (nothing under 3 responses)."""
    root = tmp_path_factory.mktemp("layout-workshop") / "course"
    ws = demo.create(root, participants=8, seed=1, grade="fast")
    srv = Server(root.parent / "unused", participant="facilitator",
                 args=["--facilitator", "--workshop", str(ws.root)])
    try:
        srv.wait_ready()
        yield srv
    finally:
        srv.stop()


def test_dashboard_no_overlapping_text_no_sideways_scroll(
    wide_page: Any, dashboard: Server, axe_js: Path, artifacts: Path
) -> None:
    wide_page.goto(dashboard.url("dashboard.ipynb"))
    wide_page.locator("table.plkit-table", has_text="Completion by participant").wait_for()
    wide_page.get_by_text("impact report", exact=False).first.wait_for()  # the last cell
    problems = check_layout(wide_page, "dashboard", axe_js, artifacts)
    assert not problems, "\n".join(problems)
