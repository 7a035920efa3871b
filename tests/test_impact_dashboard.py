"""The facilitator dashboard's "Impact" and check-in sections, headless: nothing under three
participants, the five levels with a chart and a table each, downloads, and the notebook's cells."""

from __future__ import annotations

import base64
import json
import re
from types import SimpleNamespace
from typing import Any

import pytest
from helpers_unit import REPO, walk

from plkit.facilitator import dashboard as dash
from plkit.facilitator.collected import Collected
from plkit.facilitator.impact import SNAPSHOTS_KEY
from plkit.workbooks.checkin.keys import KEYS as CHECKIN
from plkit.workbooks.nightmares.keys import KEYS as NIGHTMARES


def text_of(section: object) -> str:
    return " ".join(getattr(w, "value", "") for w in walk(section) if isinstance(getattr(w, "value", None), str))


def group(people: str) -> dict[str, dict[str, dict[str, Any]]]:
    nid = "risk-punished"
    checkin = {CHECKIN["steps"]: {nid: {"status": "done"}}, CHECKIN["presence"]: {nid: "1"},
               CHECKIN["support"]: {"time": 2, "coaching": 4, "evaluation": 3}}
    snap = {"before": {"taken": "2026-09-01", "standards": {"RL.1": 0.4}},
            "after": {"taken": "2026-10-01", "standards": {"RL.1": 0.6}}}
    return {
        "defining": {p: {"exit.time-well-spent": 4, "exit.relevance": 5, "exit.wonder": "Why Ana Lopez?"}
                     for p in people},
        "nightmares": {p: {NIGHTMARES["ratings"]: {nid: {"presence": "3", "impact": "3"}},
                           NIGHTMARES["top_three"]: [nid]} for p in people},
        "checkin-2w": {p: checkin for p in people},
        "classdata": {p: {SNAPSHOTS_KEY: snap} for p in people},
    }


@pytest.fixture
def board(monkeypatch: pytest.MonkeyPatch) -> dash.Dashboard:
    b = dash.Dashboard(None)
    b.error = None
    b.ws = SimpleNamespace(course_id="pl-day")
    b.refresh = lambda: [v() for v in b.views]  # type: ignore[method-assign]
    monkeypatch.setattr(dash, "_DASHBOARD", b)
    return b


def test_impact_shows_nothing_under_three_then_five_levels(board: dash.Dashboard) -> None:
    board.collected = Collected(group("ab"))
    section = dash.impact()
    text = text_of(section)
    assert text.count("not enough responses yet") >= 10 and "4.0 of 5" not in text and "<img" not in text
    assert text.count("<table") == 5
    board.collected = Collected(group("abc"))
    board.refresh()
    text = text_of(section)
    for level in range(1, 6):
        assert f"Level {level}: " in text
    assert "4.0 of 5" in text and "5.0 of 5" in text and "20.0 points higher" in text
    assert text.count('class="plkit-table"') == 5 and text.count("<img") >= 4
    assert "Ana Lopez" not in text and ">a<" not in text
    csv_link = re.search(r'download="impact.csv" href="data:text/csv;charset=utf-8;base64,([^"]+)"', text)
    assert csv_link
    assert base64.b64decode(csv_link.group(1)).decode("utf-8").startswith("level,measure,n,value,note\n")
    assert 'download="impact.html"' in text


def test_checkins_show_the_group_view_of_each_check_in(board: dash.Dashboard) -> None:
    board.collected = Collected(group("ab"))
    section = dash.checkins()
    text = text_of(section)
    assert "Check-in: two weeks on" in text and "Not enough responses" in text and "1 done" not in text
    board.collected = Collected(group("abcd"))
    board.refresh()
    text = text_of(section)
    assert "4 done, 0 started, 0 not yet" in text
    assert "Support: time (mean, 1 to 5)" in text and "2.0 (4 participants)" in text
    assert "3.0 on the day, 1.0 now (4 participants)" in text
    six = text.split("Check-in: six weeks on")[1]
    assert "Not enough responses" in six


def test_an_error_shows_instead_of_the_sections(board: dash.Dashboard) -> None:
    board.error = "This dashboard needs a workshop."
    assert "needs a workshop" in text_of(dash.impact()) and "needs a workshop" in text_of(dash.checkins())


def test_the_notebook_has_the_impact_and_check_in_cells() -> None:
    nb = json.loads((REPO / "facilitator" / "dashboard.ipynb").read_text(encoding="utf-8"))
    cells = nb["cells"]
    tags = [c["metadata"].get("tags", [None])[0] for c in cells]
    for tag, call in (("dashboard.impact", "plkit.dashboard.impact()"),
                      ("dashboard.checkins", "plkit.dashboard.checkins()")):
        i = tags.index(tag)
        assert "".join(cells[i]["source"]) == call
        assert cells[i - 1]["cell_type"] == "markdown" and cells[i - 1]["source"][0].startswith("## ")
