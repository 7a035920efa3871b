"""The real thing: ``plkit serve`` (Voila) serving the workbooks to headless Chromium.

A teacher's path through "Defining personalized learning" by keyboard, a reload that finds every
answer again, the downloads, and an axe-core check for serious or critical violations.
Screenshots land in ``test-artifacts/``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from browser_support import Server, responses, run_axe, shoot, wait_for

from plkit.content import load_catalog
from plkit.workbooks.defining.cardsort import deck
from plkit.workbooks.defining.keys import KEYS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WORKBOOK = "defining/defining-personalized-learning.ipynb"
DEFINITION = (
    "At Riverside, personalized learning is a progressively student-driven way of learning where "
    "students take on meaningful, authentic and rigorous challenges that show our shared outcomes, "
    "with guardrails from the standards."
)


def open_workbook(page: object, server: Server) -> None:
    page.goto(server.url(WORKBOOK))
    page.get_by_text("Card 16 of 16", exact=False).wait_for(timeout=90_000)
    page.locator(".plkit-status-ok, .plkit-status").first.wait_for()


def test_teacher_works_through_defining_by_keyboard_and_finds_it_after_reload(
    page: object, server: Server, artifacts: Path, tmp_path: Path
) -> None:
    ws = server.workspace
    page.goto(server.url("home.ipynb"))
    link = page.get_by_role("link", name="Defining personalized learning")
    link.wait_for(timeout=90_000)
    page.screenshot(path=str(artifacts / "home-before.png"))
    link.click()
    page.get_by_text("Card 16 of 16", exact=False).wait_for(timeout=90_000)
    assert page.url.endswith(WORKBOOK)

    # No code is visible anywhere in the app.
    body = page.inner_text("body")
    assert "plkit.define" not in body and "import plkit" not in body

    # 1. Compare: choose by keyboard (focus the group, arrow down selects the second option).
    compare = page.get_by_role("radio", name="The three-part definition")
    compare.focus()
    page.keyboard.press("Space")
    wait_for(lambda: responses(ws, "defining").get(KEYS["compare"]), what="compare choice saved")

    # 2. Card sort entirely by keyboard: Tab from card to card, Space = "is", ArrowDown = "isn't".
    cards = deck(load_catalog(use_settings=False))
    assert len(cards) == 16
    first = page.locator(".plkit-card").nth(0).locator("input[type=radio]").first
    first.focus()
    wrong_on_purpose = cards[2].id
    for i, card in enumerate(cards):
        container = page.locator(".plkit-card").nth(i)
        assert container.evaluate("(el) => el.contains(document.activeElement)"), f"focus not on card {i + 1}"
        answer = card.statement.kind
        if card.id == wrong_on_purpose:
            answer = "isnt" if answer == "is" else "is"
        page.keyboard.press("Space" if answer == "is" else "ArrowDown")
        expected = "Yes." if card.id != wrong_on_purpose else "Look again"
        container.get_by_text(expected, exact=False).wait_for()
        tone = "plkit-card-ok" if card.id != wrong_on_purpose else "plkit-card-look"
        assert tone in container.evaluate("(el) => el.className"), f"card {i + 1} border"
        assert card.component.name in container.inner_text()
        if i + 1 < len(cards):
            page.keyboard.press("Tab")
    saved = wait_for(
        lambda: (r := responses(ws, "defining").get(KEYS["card_sort"])) and len(r) == 16 and r,
        what="all 16 cards saved",
    )
    assert sum(saved[c.id] == c.statement.kind for c in cards) == 15
    page.get_by_text("16 of 16 cards sorted; 15 match", exact=False).wait_for()

    # 3. Write a definition: the checklist reacts live, the box autosaves.
    box = page.get_by_label("Our school's definition of personalized learning")
    box.click()
    page.keyboard.type(DEFINITION, delay=2)
    page.get_by_text("Covered: Meaningful", exact=False).wait_for()
    wait_for(lambda: responses(ws, "defining").get(KEYS["own_definition"]) == DEFINITION,
             what="definition saved")
    page.locator(".plkit-status-ok", has_text="Saved at").first.wait_for()

    # 4. Why word; 5. misunderstandings and reflection.
    page.get_by_label("My one word or phrase").fill("equity")
    first_mis = load_catalog(use_settings=False).misunderstandings[0]
    page.get_by_label(first_mis.text).focus()
    page.keyboard.press("Space")
    page.get_by_label(re.compile("How has one of these affected you")).fill(
        "Families thought PL meant children on screens all day, so we invited them in to see."
    )
    wait_for(lambda: len(responses(ws, "defining")) >= 6, what="every answer saved")
    page.get_by_text("All steps done", exact=False).wait_for()
    shoot(page, artifacts, "defining-done")

    # Reload: a new kernel, and every answer is read back from the store.
    page.reload()
    page.get_by_text("Card 16 of 16", exact=False).wait_for(timeout=90_000)
    assert page.get_by_label("Our school's definition of personalized learning").input_value() == DEFINITION
    assert page.get_by_label("My one word or phrase").input_value() == "equity"
    assert page.get_by_label(first_mis.text).is_checked()
    assert page.get_by_role("radio", name="The three-part definition").is_checked()
    checked = page.locator(".plkit-card input[type=radio]:checked")
    assert checked.count() == 16
    page.get_by_text("All steps done", exact=False).wait_for()
    shoot(page, artifacts, "defining-reloaded")

    # Downloads: the card as a printable web page and as Markdown.
    with page.expect_download() as dl:
        page.get_by_role("link", name=re.compile(r"definition card \(web page")).click()
    html_file = tmp_path / dl.value.suggested_filename
    dl.value.save_as(html_file)
    text = html_file.read_text(encoding="utf-8")
    assert html_file.suffix == ".html" and "Riverside" in text and "equity" in text
    with page.expect_download() as dl:
        page.get_by_role("link", name=re.compile(r"definition card \(Markdown")).click()
    md_file = tmp_path / dl.value.suggested_filename
    dl.value.save_as(md_file)
    md = md_file.read_text(encoding="utf-8")
    assert md.startswith("# Our definition of personalized learning") and "Riverside" in md

    # The home page now shows the workbook complete.
    page.goto(server.url("home.ipynb"))
    item = page.get_by_role("listitem").filter(has_text="Defining personalized learning")
    item.get_by_text("Complete", exact=True).wait_for(timeout=90_000)
    page.screenshot(path=str(artifacts / "home-after.png"))


@pytest.mark.parametrize(
    "path",
    ["home.ipynb", WORKBOOK, "nightmares/fifteen-nightmares.ipynb",
     "challenges/designing-guardrailed-challenges.ipynb"],
)
def test_no_serious_or_critical_accessibility_violations(
    page: object, server: Server, axe_js: Path, path: str
) -> None:
    page.goto(server.url(path))
    page.locator(".plkit").first.wait_for(timeout=90_000)
    if path == WORKBOOK:
        page.get_by_text("Card 16 of 16", exact=False).wait_for(timeout=90_000)
    if "challenges" in path:
        page.get_by_text("guardrail checks pass", exact=False).first.wait_for(timeout=90_000)
    if "nightmares" in path:
        page.get_by_text("Showing nightmare 1 of 15", exact=False).wait_for(timeout=90_000)
        page.locator("figure [role=img]").wait_for()
    violations = run_axe(page, axe_js)
    assert violations == [], violations


def test_a_corrupt_answers_file_is_kept_and_the_teacher_is_told(
    page: object, tmp_path: Path, browser: object
) -> None:
    ws = tmp_path / "workspace"
    (ws / "defining").mkdir(parents=True)
    (ws / "defining" / "plkit-responses.json").write_bytes(b'{"schema": 2, "responses": {"trunc')
    srv = Server(ws, args=["--no-preheat"])
    try:
        srv.wait_ready()
        page.goto(srv.url(WORKBOOK))
        alert = page.get_by_role("alert")
        alert.wait_for(timeout=90_000)
        assert "could not be read" in alert.inner_text()
        kept = list((ws / "defining").glob("plkit-responses.unreadable-*.json"))
        assert len(kept) == 1 and kept[0].read_bytes().startswith(b'{"schema": 2')
    finally:
        srv.stop()


def test_a_second_serve_on_a_busy_port_says_so(server: Server) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "plkit", "serve", "--no-browser", "--port", str(server.port),
         "--workspace", str(server.workspace)],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert f"Port {server.port}" in result.stderr and "already in use" in result.stderr
    assert "Traceback" not in result.stderr
