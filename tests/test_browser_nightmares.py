""""Fifteen nightmares" in the browser: rate all fifteen by keyboard, see the chart and its table,
change the top three, write a plan, reload and find everything, download the plan."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_support import Server, responses, shoot, wait_for

from plkit.content import load_catalog
from plkit.workbooks.nightmares.keys import KEYS, plan_key
from plkit.workbooks.nightmares.model import IMPACT, PRESENCE, Rating, suggested_top_three

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WORKBOOK = "nightmares/fifteen-nightmares.ipynb"
PRES = list(PRESENCE)  # "0".."3", "not-sure": the order of the radios
IMP = list(IMPACT)


def planned(number: int) -> tuple[str, str | None]:
    """A varied, deterministic set of ratings (nightmare 8 is 'not sure')."""
    if number == 8:
        return "not-sure", None
    return str(number % 4), str(1 + number % 3)


def choose_by_keyboard(page: object, group: object, options: list[str], value: str) -> None:
    """Focus the group's first radio; Space picks it, each ArrowDown moves on and picks."""
    group.locator("input[type=radio]").first.focus()
    steps = options.index(value)
    if steps == 0:
        page.keyboard.press("Space")
    for _ in range(steps):
        page.keyboard.press("ArrowDown")


def test_rate_plan_reload_download(page: object, server: Server, artifacts: Path,
                                   tmp_path: Path) -> None:
    ws = server.workspace
    cat = load_catalog(use_settings=False)
    page.goto(server.url(WORKBOOK))
    page.get_by_text("Showing nightmare 1 of 15", exact=False).wait_for(timeout=90_000)
    body = page.inner_text("body")
    assert "plkit.nightmares" not in body and "import plkit" not in body

    next_button = page.get_by_role("button", name="Next nightmare")
    assert len(cat.nightmares) == 15
    for nm in cat.nightmares:
        card = page.locator(".plkit-card:visible")
        assert card.count() == 1 and f"Nightmare {nm.number} of 15" in card.inner_text()
        presence, impact = planned(nm.number)
        groups = card.locator("fieldset")
        choose_by_keyboard(page, groups.nth(0), PRES, presence)
        if impact is not None:
            page.keyboard.press("Tab")  # Tab moves from one scale's group to the next
            assert groups.nth(1).evaluate("(el) => el.contains(document.activeElement)")
            choose_by_keyboard(page, groups.nth(1), IMP, impact)
        scale, want = ("impact", impact) if impact else ("presence", presence)
        wait_for(
            lambda nid=nm.id, scale=scale, want=want:
                (responses(ws, "nightmares").get(KEYS["ratings"]) or {}).get(nid, {}).get(scale) == want,
            what=f"rating of nightmare {nm.number} saved",
        )
        if nm.number < 15:
            next_button.focus()
            page.keyboard.press("Enter")
            page.get_by_text(f"Showing nightmare {nm.number + 1} of 15").wait_for()
    page.get_by_text("15 of 15 nightmares rated").wait_for()

    ratings = {nm.id: Rating(*planned(nm.number)) for nm in cat.nightmares}
    order = [n.id for n in cat.nightmares]
    suggested = suggested_top_three(ratings, order)
    titles = {n.id: n.title for n in cat.nightmares}
    numbers = {n.id: n.number for n in cat.nightmares}

    # The chart has a text alternative naming the top three; the table holds every nightmare.
    chart = page.locator("figure [role=img]")
    label = chart.get_attribute("aria-label") or ""
    assert suggested and all(titles[t] in label for t in suggested), label
    assert page.locator("figure svg").count() == 1
    table = page.locator("table.plkit-table")
    assert table.locator("tbody tr").count() == 15
    assert titles[suggested[0]] in table.locator("tbody tr").first.inner_text()

    # The suggested top three, then the teacher swaps the third for another nightmare.
    option = {n.id: f"{n.number}. {n.title}" for n in cat.nightmares}  # what the list shows
    assert page.get_by_label("Priority 1").input_value() == option[suggested[0]]
    swap = next(n for n in order if n not in suggested and ratings[n].scored)
    page.get_by_label("Priority 3").select_option(label=option[swap])
    own = [suggested[0], suggested[1], swap]
    wait_for(lambda: responses(ws, "nightmares").get(KEYS["top_three"]) == own, what="own top three")

    # Plans: the first step for priority 1, a what-if, then the reflection and yes-buts.
    first = suggested[0]
    page.get_by_label(f"The first step (nightmare {numbers[first]})").fill(
        "Survey staff about which PD formats help them, then offer three pathways in January."
    )
    page.get_by_label(re.compile(rf"what if.*\(nightmare {numbers[first]}\)", re.I)).fill(
        "What if teachers chose their own PD pathway?"
    )
    page.get_by_label(re.compile("could not fail")).fill("Let every student lead a conference.")
    page.get_by_label(re.compile("yes, but", re.I)).fill("Yes, but how do we find the time?")
    page.get_by_label(re.compile("what might need to change", re.I)).fill(
        "Our evaluation system needs to reward teachers who try new things."
    )
    wait_for(lambda: responses(ws, "nightmares").get(plan_key(first, "first-step")),
             what="first step saved")
    page.get_by_text("All steps done", exact=False).wait_for(timeout=30_000)
    shoot(page, artifacts, "nightmares-done")

    # Reload: everything comes back from the store.
    page.reload()
    page.get_by_text("15 of 15 nightmares rated").wait_for(timeout=90_000)
    first_card = page.locator(".plkit-card:visible")
    p1, i1 = planned(1)
    assert first_card.get_by_role("radio", name=PRESENCE[p1], exact=True).is_checked()
    assert first_card.get_by_role("radio", name=IMPACT[i1], exact=True).is_checked()
    assert page.get_by_label("Priority 3").input_value() == option[swap]
    assert "Survey staff" in page.get_by_label(f"The first step (nightmare {numbers[first]})").input_value()
    page.get_by_text("All steps done", exact=False).wait_for()

    # Changing the top three loses nothing: swap back, and the plan is still there.
    page.get_by_role("button", name="Use the suggested top three").click()
    wait_for(lambda: responses(ws, "nightmares").get(KEYS["top_three"]) is None, what="reset")
    assert responses(ws, "nightmares")[plan_key(first, "first-step")].startswith("Survey staff")

    with page.expect_download() as dl:
        page.get_by_role("link", name=re.compile(r"action plan \(web page")).click()
    f = tmp_path / dl.value.suggested_filename
    dl.value.save_as(f)
    html = f.read_text(encoding="utf-8")
    assert "Survey staff" in html and titles[first] in html
    with page.expect_download() as dl:
        page.get_by_role("link", name=re.compile(r"action plan \(Markdown")).click()
    f = tmp_path / dl.value.suggested_filename
    dl.value.save_as(f)
    assert "Survey staff" in f.read_text(encoding="utf-8")
    shoot(page, artifacts, "nightmares-reloaded")
