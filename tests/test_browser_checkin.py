""""Check-in: two weeks on" in the browser: the page finds the participant's own action plan in
the Fifteen nightmares answers saved in the workspace (and their challenge and class snapshots),
the plan is updated by keyboard (arrow keys in the radio groups, typing in the text boxes), every
answer is back after a reload, the updated plan downloads, and axe-core finds no serious or
critical problem."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import Server, responses, run_axe, shoot, wait_for

from plkit.store import FileStore
from plkit.workbooks.challenges.keys import KEYS as CHALLENGES
from plkit.workbooks.challenges.keys import challenge_key
from plkit.workbooks.checkin.keys import KEYS
from plkit.workbooks.checkin.page import SNAPSHOTS_KEY
from plkit.workbooks.nightmares.keys import KEYS as NIGHTMARES
from plkit.workbooks.nightmares.keys import plan_key

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WORKBOOK = "checkin-2w/checkin-two-weeks.ipynb"
FOLDER = "checkin-2w"
RISK, LOOP = "risk-punished", "no-reflection"
FIRST_STEP = "Ask my principal to watch a lesson where students choose"
OTHERS: dict[str, dict[str, Any]] = {
    "nightmares": {
        NIGHTMARES["top_three"]: [RISK, LOOP],
        NIGHTMARES["ratings"]: {RISK: {"presence": "3", "impact": "3"}, LOOP: {"presence": "2", "impact": "3"}},
        plan_key(RISK, "first-step"): FIRST_STEP,
        plan_key(RISK, "by-when"): "1 October",
        plan_key(LOOP, "first-step"): "Ask students for feedback every Friday",
    },
    "challenges": {CHALLENGES["index"]: ["c1"], challenge_key("c1"): {"id": "c1", "title": "Plastic-free lunch"}},
    "classdata": {SNAPSHOTS_KEY: {"before": {"taken": "2026-09-01", "standards": {"RL.1": 0.4, "RL.2": None}},
                                  "after": {"taken": "2026-10-15", "standards": {"RL.1": 0.65, "RL.2": 0.5}}}},
}


@pytest.fixture
def saved_elsewhere(server: Server) -> Iterator[Path]:
    """The participant's answers in the other workbooks, in the server's workspace; everything as
    it was afterwards (the other browser tests share this workspace)."""
    ws = server.workspace
    files = [ws / folder / "plkit-responses.json" for folder in (*OTHERS, FOLDER)]
    before = {f: f.read_bytes() if f.exists() else None for f in files}
    try:
        for folder, answers in OTHERS.items():
            FileStore(ws / folder, folder, "browser-tester").set_many(answers)
        yield ws
    finally:
        for f, content in before.items():
            if content is None:
                f.unlink(missing_ok=True)
            else:
                f.write_bytes(content)


def choose(page: Any, group: str, start: str, presses: int, key: str = "ArrowDown") -> None:
    """Choose in a radio group by keyboard: focus one option, then the arrow keys."""
    fieldset = page.get_by_role("group", name=group)
    fieldset.get_by_role("radio", name=start).focus()
    for _ in range(presses):
        page.keyboard.press(key)


def type_into(page: Any, label: str, text: str) -> None:
    page.get_by_label(label).focus()
    page.keyboard.type(text, delay=1)


def saved(ws: Path) -> dict[str, Any]:
    return responses(ws, FOLDER)


def test_check_in_finds_the_plan_updates_it_by_keyboard_reloads_downloads(
        page: Any, server: Server, saved_elsewhere: Path, artifacts: Path, tmp_path: Path, axe_js: Path) -> None:
    ws = saved_elsewhere
    page.goto(server.url(WORKBOOK))
    page.get_by_text(FIRST_STEP).first.wait_for(timeout=180_000)
    body = page.inner_text("body")
    assert "plkit.checkin" not in body and "import plkit" not in body
    assert "Nightmare 11: Systems that punish risk" in body and "Plastic-free lunch" in body
    page.get_by_text("Share of your students ready on each standard").wait_for()
    assert "+25.0" in page.inner_text("table")

    # The first step: started (arrow down from "Done"), and what got in the way.
    choose(page, "Nightmare 11: did you take this first step?", "Done", 1)
    wait_for(lambda: (saved(ws).get(KEYS["steps"]) or {}).get(RISK, {}).get("status") == "started",
             what="step status saved")
    type_into(page, "Nightmare 11: what got in the way?", "Our timetable changed in September")
    type_into(page, "What did you try, and what happened?", "Students chose how to show their learning in one unit.")
    type_into(page, "What evidence do you have? (in words, no names)", "Eighteen of 25 finished a product.")

    # The plan revised, and the nightmare rated again (arrow up from "Very present").
    type_into(page, "Nightmare 11: your next step", "Invite my principal to the student showcase")
    type_into(page, "Nightmare 11: by when?", "20 November")
    choose(page, "Nightmare 11: how present is it in your school now?", "Very present", 1, "ArrowUp")

    # Support: each scale from 1, two presses down to 3.
    for name in ("Time", "Coaching or support", "Evaluation"):
        group = page.get_by_role("group", name=re.compile(f"^{name}:"))
        group.get_by_role("radio", name=re.compile(r"^1 - ")).focus()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
    choose(page, re.compile(r"^Challenge 1 \(Plastic-free lunch\)"), "Yes", 1)

    wait_for(lambda: saved(ws).get(KEYS["support"]) == {"time": 3, "coaching": 3, "evaluation": 3},
             what="support saved")
    wait_for(lambda: (saved(ws).get(KEYS["next"]) or {}).get(RISK, {}).get("by-when") == "20 November",
             what="next step saved")
    wait_for(lambda: saved(ws).get(KEYS["presence"]) == {RISK: "2"}, what="presence saved")
    wait_for(lambda: (saved(ws).get(KEYS["challenges"]) or {}).get("c1", {}).get("status") == "partly",
             what="challenge saved")
    page.get_by_text("All steps done", exact=False).wait_for(timeout=30_000)
    assert saved(ws)[KEYS["steps"]][RISK]["obstacle"] == "Our timetable changed in September"
    shoot(page, artifacts, "checkin-done")

    page.reload()
    page.get_by_text(FIRST_STEP).first.wait_for(timeout=180_000)
    started = page.get_by_role("group", name="Nightmare 11: did you take this first step?")
    assert started.get_by_role("radio", name="Started").is_checked()
    assert page.get_by_label("Nightmare 11: what got in the way?").input_value() == "Our timetable changed in September"
    nxt = page.get_by_label("Nightmare 11: your next step")
    assert nxt.input_value() == "Invite my principal to the student showcase"
    now = page.get_by_role("group", name="Nightmare 11: how present is it in your school now?")
    assert now.get_by_role("radio", name="Quite a lot").is_checked()
    time = page.get_by_role("group", name=re.compile("^Time:"))
    assert time.get_by_role("radio", name=re.compile(r"^3 - ")).is_checked()
    page.get_by_text("All steps done", exact=False).wait_for()

    with page.expect_download() as dl:
        page.get_by_role("link", name=re.compile(r"updated action plan \(web page")).click()
    f = tmp_path / dl.value.suggested_filename
    dl.value.save_as(f)
    html = f.read_text(encoding="utf-8")
    assert "Invite my principal to the student showcase" in html and "Our timetable changed" in html
    assert "Quite a lot (before: Very present)" in html
    with page.expect_download() as dl:
        page.get_by_role("link", name=re.compile(r"updated action plan \(Markdown")).click()
    f = tmp_path / dl.value.suggested_filename
    dl.value.save_as(f)
    md = f.read_text(encoding="utf-8")
    assert "- **Taken:** Started" in md and "| RL.1 | 40% | 65% | +25.0 |" in md

    violations = run_axe(page, axe_js)
    assert violations == [], violations
