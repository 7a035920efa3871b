""""Designing guardrailed challenges" in the browser: design by keyboard, watch a failing
guardrail check turn to passing after the fix, reload, download both cards, load standards
through the native file input (a bad file names its row; a good one adds its standards); the
critical-friend step (feedback typed, saved, back after reload; its page downloaded), habits'
meanings that wrap without overlapping, and no serious accessibility violation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_support import Server, responses, run_axe, shoot, wait_for

from plkit.workbooks.challenges.keys import KEYS, challenge_key

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WORKBOOK = "challenges/designing-guardrailed-challenges.ipynb"
TITLE = "A plastic-free school lunch"
LOAD = 120_000  # ms: Voila sends the page once every cell has run, slower on a busy machine


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
    page.goto(server.url(WORKBOOK), timeout=LOAD)
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

    page.reload(timeout=LOAD)
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
    page.goto(server.url(WORKBOOK), timeout=LOAD)
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


WORKS = "What works: what your colleague said will serve students well"
CHANGED = "What I changed because of this feedback"
FRIEND_TITLE = "Water in our town"


def current_challenge(ws: Path) -> dict:
    r = responses(ws, "challenges")
    cur = r.get(KEYS["current"])
    return r.get(challenge_key(cur), {}) if isinstance(cur, str) else {}


def feedback(ws: Path) -> dict:
    return current_challenge(ws).get("critical_friend") or {}


def test_critical_friend_feedback_by_keyboard_reload_download_and_accessibility(
    page: object, server: Server, artifacts: Path, axe_js: Path, tmp_path: Path
) -> None:
    ws = server.workspace
    page.goto(server.url(WORKBOOK), timeout=LOAD)
    page.get_by_text("guardrail checks pass", exact=False).first.wait_for(timeout=90_000)
    # A challenge of its own (other tests use the same server); the step follows it.
    page.get_by_role("button", name="New challenge").click()
    page.get_by_text("A new, empty challenge is ready below.").wait_for()
    type_into(page, "Title of the challenge", FRIEND_TITLE)
    wait_for(lambda: current_challenge(ws).get("title") == FRIEND_TITLE, what="new challenge titled")

    page.get_by_role("heading", name="Ask a critical friend (optional)").wait_for()
    step = page.locator(".plkit", has=page.get_by_label(CHANGED)).last
    step.get_by_text(FRIEND_TITLE, exact=True).wait_for()  # the step names the open challenge
    assert page.get_by_label(WORKS).is_visible() and page.get_by_label(CHANGED).is_visible()
    type_into(page, WORKS, "Students choose the water source they test")
    type_into(page, CHANGED, "Added a peer check on day 4")
    wait_for(lambda: feedback(ws).get("changed") == "Added a peer check on day 4", what="feedback saved")
    assert feedback(ws).get("works") == "Students choose the water source they test"
    shoot(page, artifacts, "challenges-critical-friend")

    page.reload(timeout=LOAD)
    page.get_by_text("guardrail checks pass", exact=False).first.wait_for(timeout=90_000)
    page.get_by_label(CHANGED).wait_for()
    assert page.get_by_label(CHANGED).input_value() == "Added a peer check on day 4"
    assert page.get_by_label(WORKS).input_value() == "Students choose the water source they test"

    with page.expect_download() as dl:
        page.get_by_role("link", name=re.compile(rf"critical friend page: {FRIEND_TITLE} \(web page")).click()
    f = tmp_path / dl.value.suggested_filename
    dl.value.save_as(f)
    text = f.read_text(encoding="utf-8")
    assert f.name == "critical-friend-page-water-in-our-town.html"
    assert f"Critical friend: {FRIEND_TITLE}" in text and "Who decides what" in text
    assert all(part in text for part in ("What works", "What I wonder", "What if"))

    # Each habit's meaning shows in its label, wrapping: no label runs over the next row.
    habits = page.locator(".widget-checkbox", has_text="Persisting: ")
    habits.first.scroll_into_view_if_needed()
    rows = page.locator(".plkit-grid .widget-checkbox")
    boxes = [rows.nth(i).bounding_box() for i in range(rows.count())]
    spans = [rows.nth(i).locator("label span").bounding_box() for i in range(rows.count())]
    assert len(boxes) >= 16 and all(boxes) and all(spans)
    for box, span in zip(boxes, spans, strict=True):
        assert span["y"] + span["height"] <= box["y"] + box["height"] + 1, (span, box)  # the row grows
    by_column: dict[int, list[dict]] = {}
    for box in boxes:
        by_column.setdefault(round(box["x"]), []).append(box)
    for column in by_column.values():
        column.sort(key=lambda b: b["y"])
        for upper, lower in zip(column, column[1:]):
            assert upper["y"] + upper["height"] <= lower["y"] + 1, (upper, lower)

    violations = run_axe(page, axe_js)
    assert violations == [], violations
