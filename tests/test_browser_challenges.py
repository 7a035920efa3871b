""""Designing guardrailed challenges" in the browser: design by keyboard, watch a failing
guardrail check turn to passing after the fix, reload, download both cards, load standards
through the native file input (a bad file names its row; a good one adds its standards)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_support import Server, responses, shoot, wait_for

from plkit.workbooks.challenges.keys import KEYS, challenge_key

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WORKBOOK = "challenges/designing-guardrailed-challenges.ipynb"
TITLE = "A plastic-free school lunch"


def saved_challenge(ws: Path) -> dict:
    r = responses(ws, "challenges")
    ids = r.get(KEYS["index"]) or []
    return r.get(challenge_key(ids[0]), {}) if ids else {}


def type_into(page: object, label: str | re.Pattern[str], text: str) -> None:
    field = page.get_by_label(label)
    field.focus()
    page.keyboard.type(text, delay=1)


def test_design_by_keyboard_fix_a_check_reload_download(
    page: object, server: Server, artifacts: Path, tmp_path: Path
) -> None:
    ws = server.workspace
    page.goto(server.url(WORKBOOK))
    page.get_by_text("guardrail checks pass", exact=False).first.wait_for(timeout=90_000)
    assert "plkit.challenges" not in page.inner_text("body")

    type_into(page, "Title of the challenge", TITLE)
    type_into(page, "Driving question", "How might we cut the plastic our lunches throw away?")
    type_into(page, "What students will make", "A proposal with data from our own lunch audit")
    page.get_by_label(re.compile(r"^SCI\.5\.ECO\.2:")).focus()
    page.keyboard.press("Space")

    # Open the evidence dimension to students within guardrails, by keyboard ...
    evidence = page.locator("fieldset", has_text="Evidence of learning: who decides?")
    evidence.locator("input[type=radio]").first.focus()
    page.keyboard.press("ArrowDown")
    assert evidence.get_by_role("radio", name="Students choose within guardrails").is_checked()
    # ... which fails the guardrail check until the guardrail is written.
    failing = page.locator("li", has_text="Needs work: Every choice given to students has guardrails")
    failing.first.wait_for()
    type_into(page, re.compile(r"^Guardrail for evidence of learning"),
              "A poster, a short video or a letter; each must use our audit numbers")
    page.locator("li", has_text="Passes: Every choice given to students has guardrails").first.wait_for()
    assert failing.count() == 0

    type_into(page, "Peer feedback (leave blank if none)", "Partners swap drafts on day 5")
    page.get_by_role("button", name="Add a success criterion").focus()
    page.keyboard.press("Enter")
    type_into(page, "Success criterion 1", "Uses evidence from the audit to argue for a change")
    page.get_by_label("Criterion 1 assesses SCI.5.ECO.2").focus()
    page.keyboard.press("Space")

    page.locator("li", has_text="Needs work: Reaches beyond the classroom").first.wait_for()
    type_into(page, "Audience or use beyond the classroom", "The school board's March meeting")
    page.get_by_text("All 8 guardrail checks pass.").wait_for()
    wait_for(lambda: saved_challenge(ws).get("audience") == "The school board's March meeting",
             what="challenge saved")
    page.get_by_text("All steps done", exact=False).wait_for()
    shoot(page, artifacts, "challenges-done")

    page.reload()
    page.get_by_text("All 8 guardrail checks pass.").wait_for(timeout=90_000)
    assert page.get_by_label("Title of the challenge").input_value() == TITLE
    assert page.get_by_label(re.compile(r"^SCI\.5\.ECO\.2:")).is_checked()

    for kind, must in (("Teacher card", "Guardrail checks"), ("Student card", "What you get to choose")):
        with page.expect_download() as dl:
            page.get_by_role("link", name=re.compile(rf"{kind} \(web page\)")).click()
        f = tmp_path / dl.value.suggested_filename
        dl.value.save_as(f)
        text = f.read_text(encoding="utf-8")
        assert TITLE in text and must in text and "audit numbers" in text
        with page.expect_download() as dl:
            page.get_by_role("link", name=re.compile(rf"{kind} \(Markdown\)")).click()
        f = tmp_path / dl.value.suggested_filename
        dl.value.save_as(f)
        assert TITLE in f.read_text(encoding="utf-8")

    # Duplicate, delete the copy, undo: nothing is lost.
    page.get_by_role("button", name="Duplicate this challenge").click()
    wait_for(lambda: len(responses(ws, "challenges").get(KEYS["index"]) or []) == 2, what="copy")
    page.get_by_role("button", name="Delete this challenge").click()
    wait_for(lambda: len(responses(ws, "challenges").get(KEYS["index"]) or []) == 1, what="delete")
    page.get_by_role("button", name=re.compile("Undo delete")).click()
    wait_for(lambda: len(responses(ws, "challenges").get(KEYS["index"]) or []) == 2, what="undo")


STANDARDS_INPUT = "Load your own standards (CSV or .xlsx)"


def upload_by_keyboard(page: object, path: Path) -> None:
    """Reach the standards file input by its label, open the browser's file chooser with the
    keyboard and answer it (as tests/test_browser_classdata.py does)."""
    page.get_by_label(STANDARDS_INPUT).focus()
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")  # the file input works by keyboard
    chooser.value.set_files(str(path))


def test_a_bad_standards_file_names_the_row_and_a_good_one_loads(
    page: object, server: Server, tmp_path: Path
) -> None:
    page.goto(server.url(WORKBOOK))
    page.get_by_text("guardrail checks pass", exact=False).first.wait_for(timeout=90_000)
    bad = tmp_path / "ours.csv"
    bad.write_text("code,description,subject,grade\nOUR.1,Argue from evidence,Science,6\n,No code,Science,6\n")
    upload_by_keyboard(page, bad)
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "Row 3 of ours.csv has no code" in alert.inner_text()
    assert page.get_by_label(re.compile(r"^OUR\.1:")).count() == 0  # nothing from the bad file
    assert page.get_by_label(re.compile(r"^SCI\.5\.ECO\.2:")).is_visible()  # the sample set stays
    good = tmp_path / "ours-fixed.csv"
    good.write_text("code;description;subject;grade\nOUR.1;Argue from evidence;Science;6\n"
                    "OUR.2;Plan a fair test;Science;6\n")
    page.get_by_label(STANDARDS_INPUT).set_input_files(str(good))
    page.get_by_text("Loaded 2 standards from ours-fixed.csv", exact=False).wait_for()
    page.get_by_label(re.compile(r"^OUR\.2: Plan a fair test")).wait_for()
