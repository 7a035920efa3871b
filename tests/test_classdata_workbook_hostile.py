""""Analysing your class data" with hostile but fair files (issue 16): one bad link is blocked
alone, an ordinary class gets its shareable summary, and a workbook's sheet can be chosen."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from helpers_unit import assert_one_sentence
from test_classdata_privacy_report import ordinary_class
from test_classdata_workbook import page, upload

from plkit.page import session
from plkit.store import MemoryStore
from plkit.workbooks.classdata import page as cw
from plkit.workbooks.classdata.keys import KEYS


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("PLKIT_SAVE_DELAY", "0")
    monkeypatch.setenv("PLKIT_SECRET_FILE", str(tmp_path / "secret"))
    session.reset()
    yield
    session.reset()


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore("classdata", "ana")


def class_with_a_named_item() -> bytes:
    rows = ["student,student id,assessment,score,max"]
    for i in range(12):
        for item in ("Quiz 1", "Quiz 2", "Zqavor Canarystuda retake"):
            rows.append(f"Zq{chr(97 + i)}vor Canarystud{chr(97 + i)},CX{880000 + i},{item},{i % 5},4")
    return ("\n".join(rows) + "\n").encode()


def test_an_item_title_naming_a_student_blocks_only_its_own_link(store: MemoryStore) -> None:
    p = page(store)
    upload(p["load"], "class.csv", class_with_a_named_item())
    inputs = p["standards"].inputs
    assert set(inputs) == {"Quiz 1", "Quiz 2", "Zqavor Canarystuda retake"}
    for box in inputs.values():
        box.value = "RL.1"
    message = p["standards"].save()
    assert_one_sentence(message)
    assert "Zqavor Canarystuda retake" in message  # on the teacher's own screen: which one
    saved = store.get(KEYS["item_standards"])
    assert saved == {"Quiz 1": "RL.1", "Quiz 2": "RL.1"}
    assert "Canarystud" not in json.dumps(store.all())
    assert "1 standards in use" in p["standards"].status.message or "1 standard in use" in p["standards"].status.message


def test_an_ordinary_class_is_offered_its_shareable_summary(store: MemoryStore) -> None:
    p = page(store)
    upload(p["load"], "class.csv", ordinary_class())
    assert set(p["share"].files) == {"class-summary-shareable.html", "class-summary-shareable.csv"}


def two_sheets() -> bytes:
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


def test_a_sheet_can_be_chosen_when_uploading(store: MemoryStore) -> None:
    p = page(store)
    p["load"].use_demo()
    upload(p["load"], "book.xlsx", two_sheets())
    assert "Grades" in p["load"].alert.value
    assert "the demo class" in p["load"].status.value  # what was loaded stays
    chooser = p["load"].sheet
    assert chooser.layout.display != "none" and [v for _l, v in chooser.options if v] == ["Read me", "Grades"]
    chooser.value = "Grades"
    assert p["load"].alert.value == ""
    assert "your file: 3 students" in p["load"].status.value
    assert cw.state(store).gb is not None and cw.state(store).raw is not None
