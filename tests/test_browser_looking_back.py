""""Looking back" in the browser: the knowledge check is answered by keyboard, each item's
feedback appears once it is answered (and not before), the change since the first attempt in
"Start here" follows, everything comes back after a reload, the summary downloads, and axe-core
finds no serious or critical problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_support import Server, responses, run_axe, shoot, wait_for

from plkit.content import load_catalog
from plkit.store import FileStore
from plkit.workbooks.looking_back.keys import KEYS
from plkit.workbooks.start_here.keys import KEYS as START

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WORKBOOK = "looking-back/looking-back.ipynb"
ITEMS = load_catalog(use_settings=False).knowledge
#: The first attempt saved in Start here: the first four items right, the rest wrong.
PRE = {i.id: i.answer if n < 4 else next(o.id for o in i.options if o.id != i.answer)
       for n, i in enumerate(ITEMS)}


def test_answer_by_keyboard_feedback_change_reload_download(page: object, server: Server, artifacts: Path,
                                                            tmp_path: Path, axe_js: Path) -> None:
    ws = server.workspace
    start_here = ws / "start-here" / "plkit-responses.json"
    before = start_here.read_bytes() if start_here.exists() else None
    try:
        FileStore(ws / "start-here", "start-here", "browser-tester").set(START["knowledge_pre"], PRE)
        _walk_through(page, server, artifacts, tmp_path, axe_js)
    finally:  # the other browser tests share this workspace
        if before is None:
            start_here.unlink(missing_ok=True)
        else:
            start_here.write_bytes(before)


def _group(page: object, n: int) -> object:
    """Question ``n``'s widget: its fieldset (legend, radios) and the feedback under it."""
    return page.locator(".plkit-knowledge-check div:has(> fieldset.plkit-radio-group)").filter(
        has=page.locator("legend", has_text=re.compile(rf"^Question {n} of {len(ITEMS)}\.")))


def _answer_by_keyboard(page: object, n: int, option_text: str) -> None:
    """Tab into the question's group (its first radio), then arrow down to the option."""
    group = _group(page, n)
    radios = group.get_by_role("radio")
    texts = [group.locator("label").nth(k).inner_text() for k in range(radios.count())]
    radios.first.focus()
    for _ in range(texts.index(option_text)):
        page.keyboard.press("ArrowDown")
    if texts.index(option_text) == 0:
        page.keyboard.press("Space")


def _walk_through(page: object, server: Server, artifacts: Path, tmp_path: Path, axe_js: Path) -> None:
    ws = server.workspace
    page.goto(server.url(WORKBOOK))
    page.get_by_text(f"Question {len(ITEMS)} of {len(ITEMS)}.", exact=False).wait_for(timeout=90_000)
    body = page.inner_text("body")
    assert "plkit.looking_back" not in body and "import plkit" not in body
    page.get_by_text("The first time: 4 of 16 right.", exact=False).wait_for()  # read from Start here
    assert _group(page, 1).locator(".plkit-feedback").inner_text() == ""  # nothing before answering

    first, second = ITEMS[0], ITEMS[1]
    _answer_by_keyboard(page, 1, next(o.text for o in first.options if o.id == first.answer))
    _group(page, 1).get_by_text("Right.", exact=False).wait_for()
    assert _group(page, 2).locator(".plkit-feedback").inner_text() == ""  # still nothing on question 2
    wrong = next(o for o in second.options if o.id != second.answer)
    _answer_by_keyboard(page, 2, wrong.text)
    _group(page, 2).get_by_text("Not quite", exact=False).wait_for()
    assert second.explanation.split(".")[0] in _group(page, 2).locator(".plkit-feedback").inner_text()
    wait_for(lambda: (responses(ws, "looking-back").get(KEYS["knowledge_post"]) or {}).get(second.id) == wrong.id,
             what="second answer saved")
    shoot(page, artifacts, "looking-back-feedback")

    for n, item in enumerate(ITEMS[2:], 3):
        _answer_by_keyboard(page, n, next(o.text for o in item.options if o.id == item.answer))
    wait_for(lambda: len(responses(ws, "looking-back").get(KEYS["knowledge_post"]) or {}) == len(ITEMS),
             what="every answer saved")
    page.get_by_text("All questions answered", exact=False).wait_for(timeout=30_000)
    page.get_by_text("Now: 15 of 16 right.", exact=False).wait_for()
    page.get_by_text("That is 11 more right than at the start of the day.", exact=False).wait_for()
    reflection = page.get_by_label("Looking back on the whole day", exact=False)
    reflection.focus()
    page.keyboard.type("Student-led conferences with my Year 8 class")
    wait_for(lambda: "Year 8" in (responses(ws, "looking-back").get(KEYS["take_back"]) or ""),
             what="reflection saved")
    page.get_by_role("radio", name="4: Well").focus()
    page.keyboard.press("Space")
    wait_for(lambda: responses(ws, "looking-back").get("exit.time-well-spent") == 4, what="exit ticket saved")
    shoot(page, artifacts, "looking-back-done")

    page.reload()
    page.get_by_text(f"Question {len(ITEMS)} of {len(ITEMS)}.", exact=False).wait_for(timeout=90_000)
    assert _group(page, 2).get_by_role("radio", name=wrong.text).is_checked()
    _group(page, 2).get_by_text("Not quite", exact=False).wait_for()
    _group(page, 3).get_by_text("Right.", exact=False).wait_for()
    page.get_by_text("Now: 15 of 16 right.", exact=False).wait_for()
    assert "Year 8" in page.get_by_label("Looking back on the whole day", exact=False).input_value()
    assert page.get_by_role("radio", name="4: Well").is_checked()

    with page.expect_download() as dl:
        page.get_by_role("link", name=re.compile(r"summary of my day \(web page")).click()
    f = tmp_path / dl.value.suggested_filename
    dl.value.save_as(f)
    html = f.read_text(encoding="utf-8")
    assert "The first time: 4 of 16 right. Now: 15 of 16 right." in html and "Year 8" in html
    with page.expect_download() as dl:
        page.get_by_role("link", name=re.compile(r"summary of my day \(Markdown")).click()
    f = tmp_path / dl.value.suggested_filename
    dl.value.save_as(f)
    assert "| Question | The first time | Now | Change |" in f.read_text(encoding="utf-8")

    violations = run_axe(page, axe_js)
    assert violations == [], violations
