"""A workshop in the browser: a participant submits from the app's submit panel, the
facilitator collects and autogrades, and the dashboard shows who did what (axe-checked).
Participants' own server cannot open the dashboard."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import Server, run_axe

from plkit.store import FileStore
from plkit.workbooks.defining.keys import KEYS
from plkit.workshop.config import Workshop
from plkit.workshop.course import autograde, collect, init, release
from plkit.workshop.roster import Participant

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WORKBOOK = "defining/defining-personalized-learning.ipynb"


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> Workshop:
    root = tmp_path_factory.mktemp("workshop") / "course"
    people = [Participant("ana", "Ana", "Lopez", "ana@example.org"), Participant("ben", "Ben"),
              Participant("cy", "Cy")]
    ws = init(root, "pl-browser", people, workbooks=["defining", "nightmares"])
    release(ws, ["defining"])
    return ws


@pytest.fixture(scope="module")
def participant(workshop: Workshop, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    ws = tmp_path_factory.mktemp("ana") / "workspace"
    srv = Server(ws, participant="ana",
                 args=["--course-id", workshop.course_id, "--exchange", str(workshop.exchange)])
    try:
        srv.wait_ready()
        yield srv
    finally:
        srv.stop()


def test_participant_submits_from_the_app_and_the_dashboard_shows_it(
    page: object, workshop: Workshop, participant: Server, axe_js: Path, artifacts: Path
) -> None:
    ws = participant.workspace
    # Only released workbooks were fetched; the home page says the other one is not out yet.
    assert (ws / "defining").is_dir() and not (ws / "nightmares").exists()
    page.goto(participant.url("home.ipynb"))
    page.get_by_text("Not released yet", exact=False).first.wait_for(timeout=90_000)

    # Ana answers part of the workbook (as the app saves it) and submits from the page.
    FileStore(ws / "defining", "defining", "ana").set_many(
        {KEYS["why_word"]: "belonging", KEYS["compare"]: "glossary"})
    page.goto(participant.url(WORKBOOK))
    panel = page.locator(".plkit-panel", has_text="Submit")
    button = page.get_by_role("button", name="Submit this workbook")
    button.wait_for(timeout=90_000)
    assert "2 of 5 steps done" in page.inner_text("body")
    button.focus()
    page.keyboard.press("Enter")
    status = page.get_by_role("status").filter(has_text="Submitted at")
    status.wait_for(timeout=60_000)
    inbound = workshop.exchange / workshop.course_id / "inbound"
    assert any(p.name.startswith("ana+defining+") for p in inbound.iterdir())
    violations = run_axe(page, axe_js)
    assert violations == [], violations
    assert panel.count() >= 1

    # Submitting again says it replaces the earlier one.
    button.focus()
    page.keyboard.press("Enter")
    page.get_by_text("replaces your earlier submission", exact=False).wait_for(timeout=60_000)

    # The home page shows the submission.
    page.goto(participant.url("home.ipynb"))
    page.get_by_text("submitted at", exact=False).first.wait_for(timeout=90_000)

    # The facilitator collects and autogrades, then opens the dashboard on their own server.
    collect(workshop, ["defining"])
    result = autograde(workshop, ["defining"])
    assert result.graded == [("defining", "ana")] and not result.failed
    facilitator = Server(participant.workspace.parent / "unused", participant="facilitator",
                         args=["--facilitator", "--workshop", str(workshop.root)])
    try:
        facilitator.wait_ready()
        page.goto(facilitator.url("dashboard.ipynb"))
        table = page.locator("table.plkit-table", has_text="Completion by participant")
        table.wait_for(timeout=90_000)
        row = table.locator("tr", has_text="ana")
        assert "incomplete" in row.inner_text()
        assert "missing" in table.locator("tr", has_text="ben").inner_text()
        # Aggregates stay empty with one response: nothing identifies Ana's answers.
        assert "belonging" not in page.inner_text("body")
        page.get_by_text("Not enough responses to show yet", exact=False).first.wait_for()
        page.screenshot(path=str(artifacts / "dashboard.png"))
        violations = run_axe(page, axe_js)
        assert violations == [], violations
    finally:
        facilitator.stop()

    # The participant's server has no dashboard: Voila serves only the participant's workspace.
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(participant.url("dashboard.ipynb"), timeout=30)
    assert err.value.code == 404
