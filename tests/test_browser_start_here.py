""""Start here" in the browser: answer the intake by keyboard, watch the recommendation change,
pick your own order, reload and find it, see it on the home page, follow a recommended link,
and check the page with axe-core."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import Server, responses, run_axe, shoot, wait_for

from plkit.workbooks.start_here.keys import KEYS
from plkit.workbooks.start_here.model import EXPERIENCE, ROLES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WORKBOOK = "start-here/start-here.ipynb"
ROLE = dict((v, label) for label, v in ROLES)
EXP = dict((v, label) for label, v in EXPERIENCE)


def first_recommended(page: object) -> str:
    return page.locator("main ol:has(a[href$='.ipynb']) > li").first.locator("a").inner_text()


def saved(ws: Path, key: str) -> object:
    return responses(ws, "start-here").get(KEYS[key])


def test_intake_by_keyboard_own_order_reload_and_follow_a_link(
    page: object, server: Server, artifacts: Path, axe_js: Path
) -> None:
    ws = server.workspace
    page.goto(server.url(WORKBOOK))
    page.get_by_text("Your recommended pathway").wait_for(timeout=90_000)
    body = page.inner_text("body")
    assert "plkit.start_here" not in body and "import plkit" not in body
    assert first_recommended(page) == "Defining personalized learning"  # registry order so far

    # Role by keyboard: focus the group's first radio ("Classroom teacher") and Space picks it.
    page.get_by_role("radio", name=ROLE["classroom-teacher"]).focus()
    page.keyboard.press("Space")
    wait_for(lambda: saved(ws, "role") == "classroom-teacher", what="role saved")
    page.locator("main ol > li a", has_text="Designing guardrailed challenges").first.wait_for()
    wait_for(lambda: first_recommended(page) == "Designing guardrailed challenges",
             what="recommendation follows the role")

    # Experience: Tab leaves the role group for the experience group; ArrowDown picks "Exploring",
    # ArrowUp goes back to "New", which puts the definition first.
    page.keyboard.press("Tab")
    experience = page.locator("fieldset", has_text="How much experience")
    assert experience.evaluate("(el) => el.contains(document.activeElement)")
    page.keyboard.press("ArrowDown")
    wait_for(lambda: saved(ws, "experience") == "exploring", what="experience saved")
    page.keyboard.press("ArrowUp")
    wait_for(lambda: saved(ws, "experience") == "new", what="experience changed")
    wait_for(lambda: first_recommended(page) == "Defining personalized learning",
             what="recommendation follows experience")
    page.get_by_role("status").filter(has_text="Recommendation updated").first.wait_for()

    # Hopes and worries are checkboxes: Space ticks the focused one.
    page.get_by_role("checkbox", name="Getting started in my classroom").focus()
    page.keyboard.press("Space")
    page.get_by_role("checkbox", name="No shared definition").focus()
    page.keyboard.press("Space")
    wait_for(lambda: saved(ws, "hopes") == ["getting-started"], what="hopes saved")
    wait_for(lambda: saved(ws, "worries") == ["no-definition"], what="worries saved")
    item = page.locator("main ol > li", has_text="Fifteen nightmares")
    item.get_by_text("You ticked 1 nightmare", exact=False).wait_for()

    # My own order: the nightmares first (the workbook that was there moves to its place).
    step1 = page.get_by_label("Step 1 of your pathway")
    assert step1.input_value() == "Defining personalized learning"
    step1.select_option(label="Fifteen nightmares")
    wait_for(lambda: (saved(ws, "pathway") or {}).get("order", [None])[0] == "nightmares",
             what="own pathway saved")
    order = saved(ws, "pathway")["order"]
    assert saved(ws, "pathway")["source"] == "own" and "defining" in order
    page.get_by_text("Your pathway: your own order.").wait_for()
    page.get_by_text("All steps done", exact=False).wait_for(timeout=30_000)
    shoot(page, artifacts, "start-here-done")

    # Reload: the answers and my order come back from the store.
    page.reload()
    page.get_by_text("Your pathway: your own order.").wait_for(timeout=90_000)
    assert page.get_by_role("radio", name=ROLE["classroom-teacher"]).is_checked()
    assert page.get_by_role("radio", name=EXP["new"]).is_checked()
    assert page.get_by_role("checkbox", name="No shared definition").is_checked()
    assert page.get_by_label("Step 1 of your pathway").input_value() == "Fifteen nightmares"
    assert first_recommended(page) == "Defining personalized learning"
    violations = run_axe(page, axe_js)
    assert violations == [], violations

    # The home page follows my pathway.
    page.goto(server.url("home.ipynb"))
    page.get_by_text("Step 1 of your pathway").wait_for(timeout=90_000)
    item = page.get_by_role("listitem").filter(has_text="Step 1 of your pathway")
    assert "Fifteen nightmares" in item.inner_text()
    assert "Your pathway" in page.inner_text("body")
    violations = run_axe(page, axe_js)
    assert violations == [], violations

    # Follow a recommended link from Start here into the workbook.
    page.goto(server.url(WORKBOOK))
    page.get_by_text("Your recommended pathway").wait_for(timeout=90_000)
    link = page.locator("main ol > li").first.get_by_role("link", name="Defining personalized learning")
    link.focus()
    page.keyboard.press("Enter")
    page.get_by_text("Card 16 of 16", exact=False).wait_for(timeout=90_000)
    assert page.url.endswith("defining/defining-personalized-learning.ipynb")
