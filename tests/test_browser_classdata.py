""""Analysing your class data" in the browser: load the demo class, change the method by
keyboard, see the chart and its table, upload a broken file and hear the alert, reload and find
the saved choices, download the shareable summary (no student named), and pass axe."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from browser_support import Server, responses, run_axe, shoot, wait_for

from plkit.classdata import demo_gradebook
from plkit.classdata.summary import METHOD_LABELS
from plkit.workbooks.classdata.keys import KEYS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WORKBOOK = "classdata/analysing-your-class-data.ipynb"


def demo_identifiers() -> list[str]:
    out = []
    for entry in demo_gradebook().roster.values():
        out += [entry["first"], entry["last"], *entry["ids"], *entry["logins"]]
    return [x for x in out if len(x) >= 3]


def test_demo_method_alert_reload_share_axe(page: object, server: Server, artifacts: Path,
                                            axe_js: Path, tmp_path: Path) -> None:
    ws = server.workspace
    page.goto(server.url(WORKBOOK))
    page.get_by_text("No class loaded yet", exact=False).wait_for(timeout=120_000)
    assert "plkit.classdata_workbook" not in page.inner_text("body")

    demo = page.get_by_role("button", name="Use the demo class")
    demo.focus()
    page.keyboard.press("Enter")
    page.get_by_text("Loaded the demo class: 24 students", exact=False).wait_for(timeout=60_000)
    chart = page.locator("figure [role=img]").first
    chart.wait_for(timeout=60_000)
    assert chart.locator("svg").count() == 1
    before = chart.get_attribute("aria-label") or ""
    assert before.startswith("Mastery per standard for 4 standards")
    table = page.locator("table.plkit-table", has=page.locator("caption", has_text="the chart's data"))
    assert table.locator("tbody tr").count() == 4

    # Change the method by keyboard: the first option is chosen; ArrowDown picks the next.
    group = page.locator("fieldset", has=page.locator("legend", has_text="roll up each student"))
    group.get_by_role("radio", name=METHOD_LABELS["decaying_average"]).focus()
    page.keyboard.press("ArrowDown")
    wait_for(lambda: (responses(ws, "classdata").get(KEYS["method"]) or {}).get("method") == "weighted_average",
             what="method saved")
    wait_for(lambda: (chart.get_attribute("aria-label") or "") != before, what="chart redrawn")
    assert page.get_by_label("Weight of the newest score (percent)").input_value() == "65"

    # A broken file: one clear sentence in an alert, and the demo class is still loaded.
    upload = page.get_by_label("Upload your gradebook file (CSV or .xlsx)")
    upload.focus()
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")  # the file input works by keyboard
    chooser.value.set_files(
        files=[{"name": "broken.csv", "mimeType": "text/csv", "buffer": b"\x00\x01\x02\x03 broken"}])
    alert = page.get_by_role("alert").filter(has_text="not a text table")
    alert.wait_for(timeout=30_000)
    assert "Loaded the demo class" in page.inner_text("body")
    violations = run_axe(page, axe_js)
    shoot(page, artifacts, "classdata")
    assert violations == [], violations

    # Reload: the demo class comes back with the saved method.
    page.reload()
    page.get_by_text("Loaded the demo class: 24 students", exact=False).wait_for(timeout=120_000)
    group = page.locator("fieldset", has=page.locator("legend", has_text="roll up each student"))
    assert group.get_by_role("radio", name=METHOD_LABELS["weighted_average"]).is_checked()
    page.locator("figure [role=img]").first.wait_for(timeout=60_000)

    # The shareable summary names no demo student.
    link = page.get_by_role("link", name=re.compile(r"shareable summary \(web page\)"))
    link.wait_for(timeout=60_000)
    with page.expect_download() as dl:
        link.click()
    f = tmp_path / dl.value.suggested_filename
    dl.value.save_as(f)
    text = f.read_text(encoding="utf-8")
    assert "Mastery per standard" in text and "Weighted average" in text
    low = text.lower()
    identifiers = demo_identifiers()
    assert identifiers
    leaked = [x for x in identifiers if re.search(rf"\b{re.escape(x.lower())}\b", low)]
    assert leaked == []
    saved = str(responses(ws, "classdata")).lower()
    assert not [x for x in identifiers if x.lower() in saved]


def two_sheet_workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "Read me"
    book.active.append(["Type the scores on the next sheet"])
    book.active.append(["then upload"])
    ws = book.create_sheet("Grades")
    ws.append(["student", "standard", "assessment", "score", "max"])
    for i in range(3):
        ws.append([f"Student {i}", "RL.1", "Quiz 1", i + 1, 4])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_a_workbook_sheet_is_chosen_in_the_upload_step(page: object, server: Server, artifacts: Path,
                                                        axe_js: Path) -> None:
    page.goto(server.url(WORKBOOK))
    status = page.get_by_role("status").filter(has_text=re.compile("No class loaded yet|Loaded the demo class"))
    status.first.wait_for(timeout=120_000)
    before = status.first.inner_text()
    page.get_by_label("Upload your gradebook file (CSV or .xlsx)").set_input_files(
        files=[{"name": "book.xlsx", "mimeType": "application/octet-stream", "buffer": two_sheet_workbook()}])
    alert = page.get_by_role("alert").filter(has_text="Grades")
    alert.wait_for(timeout=30_000)
    assert "Read me" in alert.inner_text() and before in page.inner_text("body")  # what was loaded stays
    menu = page.get_by_label("Sheet of your workbook to read")
    menu.wait_for(timeout=30_000)
    menu.select_option("Grades")
    page.get_by_text("Loaded your file: 3 students", exact=False).wait_for(timeout=60_000)
    alert.wait_for(state="detached", timeout=30_000)  # the sheet loaded: its alert is gone
    violations = run_axe(page, axe_js)
    shoot(page, artifacts, "classdata-sheet")
    assert violations == [], violations
