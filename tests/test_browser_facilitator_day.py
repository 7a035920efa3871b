"""The facilitator's day in the browser, on the real ``plkit serve --facilitator`` and Chromium:
release from the dashboard, a participant submits through the real exchange, "Collect and check
now" changes the completion matrix, then the join page (set the hub's address, the QR code and
the link appear). axe-core finds no serious or critical problem on either page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import Server, run_axe

from plkit.exchange import Exchange, fetch, submit
from plkit.facilitator.join import hub_link
from plkit.store import FileStore
from plkit.workbooks.defining.keys import KEYS
from plkit.workshop.config import Workshop
from plkit.workshop.course import init
from plkit.workshop.roster import Participant

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HUB = "https://hub.example.org"


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> Workshop:
    root = tmp_path_factory.mktemp("day-browser") / "course"
    people = [Participant("ana", "Ana", "Lopez"), Participant("ben", "Ben"), Participant("cy", "Cy")]
    return init(root, "pl-day-browser", people, workbooks=["defining", "checkin-2w"])


@pytest.fixture(scope="module")
def facilitator(workshop: Workshop, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv = Server(tmp_path_factory.mktemp("facilitator") / "unused", participant="facilitator",
                 args=["--facilitator", "--workshop", str(workshop.root)])
    try:
        srv.wait_ready()
        yield srv
    finally:
        srv.stop()


def press(page: object, name: str) -> None:
    """Press a button by keyboard (focus, Enter), as a keyboard user does."""
    button = page.get_by_role("button", name=name)
    button.wait_for()
    button.focus()
    page.keyboard.press("Enter")


def test_release_collect_and_check_then_the_join_page(page: object, workshop: Workshop, facilitator: Server,
                                                     axe_js: Path, artifacts: Path, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page.goto(facilitator.url("dashboard.ipynb"))
    table = page.locator("table.plkit-table", has_text="Completion by participant")
    table.wait_for(timeout=120_000)
    assert "Defining personalized learning" in table.inner_text()  # a title, not the id
    ana = table.locator("tr", has_text="Ana Lopez")
    expect(ana).to_contain_text("missing")
    violations = run_axe(page, axe_js)
    assert violations == [], violations

    # Release: the day's workbook is ticked, the check-in is not.
    expect(page.get_by_role("checkbox", name="Defining personalized learning")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Check-in: two weeks on")).not_to_be_checked()
    press(page, "Release the ticked workbooks")
    page.get_by_role("status").filter(has_text="Released “Defining personalized learning”").wait_for(timeout=120_000)
    assert (workshop.exchange / workshop.course_id / "outbound" / "defining").is_dir()

    # Ana fetches, answers and submits through the real exchange, as the app does.
    ex = Exchange(workshop.course_id, workshop.exchange)
    fetch(ex, tmp_path, "ana")
    FileStore(tmp_path / "defining", "defining", "ana").set_many({KEYS["why_word"]: "belonging"})
    submit(ex, tmp_path / "defining", "defining", "ana")

    press(page, "Collect and check now")
    page.get_by_role("status").filter(has_text="Checked 1 new submission").wait_for(timeout=180_000)
    expect(ana).to_contain_text("incomplete", timeout=60_000)
    expect(table.locator("tr", has_text="Ben")).to_contain_text("missing")
    page.screenshot(path=str(artifacts / "facilitator-day-dashboard.png"), full_page=True)
    violations = run_axe(page, axe_js)
    assert violations == [], violations

    # The join page, from the dashboard's link: one machine first, then the hub's address.
    page.get_by_role("link", name="The join page for participants").click()
    page.get_by_role("heading", name="Join the workshop pl-day-browser").wait_for(timeout=120_000)
    assert "--participant YOUR-ID" in page.inner_text("body")
    address = page.get_by_label("JupyterHub address")
    address.fill(HUB)
    press(page, "Save the join page's addresses")
    page.get_by_role("status").filter(has_text="Saved: the link now leads to").wait_for(timeout=60_000)
    page.get_by_role("img", name="QR code for the link below").wait_for()
    page.get_by_role("link", name=hub_link(HUB)).wait_for()
    page.screenshot(path=str(artifacts / "facilitator-join-page.png"), full_page=True)
    violations = run_axe(page, axe_js)
    assert violations == [], violations
