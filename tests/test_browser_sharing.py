""""Sharing the why" in the browser: the definition from "Defining" is offered, a draft gets live
feedback that changes as the teacher types, a "yes, but" is answered, a roadmap step is planned by
keyboard, everything comes back after a reload, the roadmap downloads, and axe-core finds no
serious or critical problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_support import Server, responses, run_axe, shoot, wait_for

from plkit.store import FileStore
from plkit.workbooks.defining.keys import KEYS as DEFINING
from plkit.workbooks.sharing.keys import KEYS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WORKBOOK = "sharing/sharing-the-why.ipynb"
JARGONY = ("Our pedagogy uses formative assessment and differentiated instruction to build "
           "metacognition, and research shows it is clearly the best way for every learner.")
WARM = (" This year your child will have more say in how they learn, because we want every "
        "student to find work that matters to them. For example, last week students chose how to "
        "show what they learned about plants. Come and visit our class on Friday to see their work.")


def test_draft_feedback_answer_roadmap_reload_download(page: object, server: Server, artifacts: Path,
                                                       tmp_path: Path, axe_js: Path) -> None:
    ws = server.workspace
    defining = ws / "defining" / "plkit-responses.json"
    before = defining.read_bytes() if defining.exists() else None
    try:
        FileStore(ws / "defining", "defining", "browser-tester").set_many({
            DEFINING["own_definition"]: "Students help shape challenges that matter to them.",
            DEFINING["why_word"]: "belonging",
        })
        _walk_through(page, server, artifacts, tmp_path, axe_js)
    finally:  # the other browser tests share this workspace
        if before is None:
            defining.unlink(missing_ok=True)
        else:
            defining.write_bytes(before)


def _walk_through(page: object, server: Server, artifacts: Path, tmp_path: Path, axe_js: Path) -> None:
    ws = server.workspace
    page.goto(server.url(WORKBOOK))
    page.get_by_role("heading", name="Seven guidelines for talking about PL").wait_for(timeout=90_000)
    page.get_by_text("Students help shape challenges that matter to them.").wait_for()
    body = page.inner_text("body")
    assert "plkit.sharing" not in body and "import plkit" not in body
    assert "Students help shape challenges that matter to them." in body  # from Defining

    page.get_by_role("radio", name="Families").check()
    wait_for(lambda: responses(ws, "sharing").get(KEYS["audience"]) == "families", what="audience saved")

    status = page.locator("[role=status]").filter(has_text="things this message does well")
    draft = page.get_by_label("Your message")
    draft.fill(JARGONY)
    page.get_by_text("Swap these for everyday words", exact=False).wait_for()
    feedback = page.locator(".plkit-panel").filter(has=status)
    text = feedback.inner_text()
    assert "0 of 6 things this message does well" in text
    assert "formative assessment" in text and "checking learning along the way" in text
    assert "“research shows”" in text
    shoot(page, artifacts, "sharing-feedback-jargon")

    draft.fill("Dear families,")
    page.get_by_role("button", name="Add my definition and why to the draft").click()
    draft.press("End")
    page.keyboard.type(WARM)
    status.filter(has_text="6 of 6").wait_for()
    wait_for(lambda: "visit our class" in (responses(ws, "sharing").get(KEYS["draft"]) or ""),
             what="draft saved")
    assert "belonging" in responses(ws, "sharing")[KEYS["draft"]]

    page.get_by_role("checkbox", name=re.compile("talk less")).check()
    page.get_by_role("radio", name=re.compile("talk less")).check()
    page.get_by_text("What speaks to", exact=False).wait_for()
    page.get_by_label("Your answer, in words your audience uses").fill(
        "When the task belongs to students they do most of the talking, and I coach them as they work.")

    page.get_by_label("Step 1: Who").focus()
    page.keyboard.type("Families of my class")
    page.get_by_label("Step 1: Which channel").select_option("Newsletter")
    page.get_by_label("Step 1: When").fill("First week of October")
    page.get_by_label("Step 1: Where they can come back to it").fill("The class page on the website")
    wait_for(lambda: (responses(ws, "sharing").get(KEYS["roadmap"]) or [{}])[0].get("return"),
             what="roadmap saved")
    page.get_by_text("All steps done", exact=False).wait_for(timeout=30_000)
    shoot(page, artifacts, "sharing-done")

    page.reload()
    page.get_by_role("heading", name="Seven guidelines for talking about PL").wait_for(timeout=90_000)
    assert page.get_by_role("radio", name="Families").is_checked()
    assert "visit our class" in page.get_by_label("Your message").input_value()
    assert page.get_by_label("Step 1: Who").input_value() == "Families of my class"
    page.get_by_text("6 of 6 things this message does well", exact=False).wait_for()
    page.get_by_text("All steps done", exact=False).wait_for()

    with page.expect_download() as dl:
        page.get_by_role("link", name=re.compile(r"communication roadmap \(web page")).click()
    f = tmp_path / dl.value.suggested_filename
    dl.value.save_as(f)
    html = f.read_text(encoding="utf-8")
    assert "visit our class" in html and "Families of my class" in html and "How can I talk less" in html
    with page.expect_download() as dl:
        page.get_by_role("link", name=re.compile(r"communication roadmap \(Markdown")).click()
    f = tmp_path / dl.value.suggested_filename
    dl.value.save_as(f)
    assert "| Families of my class |" in f.read_text(encoding="utf-8")

    violations = run_axe(page, axe_js)
    assert violations == [], violations
