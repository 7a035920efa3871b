"""The exit ticket (Guskey's level 1) headlessly: built once in plkit.page, the same keys in every
workbook that has it, every control labelled with every point of each scale in words, answers
saved at once (ratings as whole numbers) and back after a reload, and never part of completion."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import ipywidgets as w
import pytest
from helpers_unit import walk

from plkit.completion import evaluate
from plkit.page.exit_ticket import EXIT_KEYS, RELEVANCE_SCALE, TIME_SCALE, ExitTicket, exit_ticket_panel
from plkit.registry import get
from plkit.store import FileStore, MemoryStore
from plkit.ui.radiogroup import RadioGroup

pytestmark = pytest.mark.usefixtures("clean_session")

ROOT = Path(__file__).resolve().parents[1]
#: The workbooks that end with an exit ticket so far (the lead adds it to the others).
WITH_TICKET = ("start-here", "defining", "nightmares", "sharing", "looking-back")


def test_the_keys_are_the_four_of_the_issue() -> None:
    assert EXIT_KEYS == {"time": "exit.time-well-spent", "relevance": "exit.relevance",
                         "try_first": "exit.try-first", "wonder": "exit.wonder"}


def test_every_point_of_both_scales_has_words() -> None:
    for scale in (TIME_SCALE, RELEVANCE_SCALE):
        assert [n for n, _ in scale] == [1, 2, 3, 4, 5]
        assert all(text.strip() for _, text in scale) and len({t for _, t in scale}) == 5
    ticket = ExitTicket(MemoryStore("defining", "ana"), 0)
    assert [label for label, _ in ticket.time.input.options] == [f"{n}: {t}" for n, t in TIME_SCALE]
    assert TIME_SCALE[0][1] == "Not at all" and TIME_SCALE[-1][1] == "Very well"


def test_every_control_is_labelled_and_keyboard_operable() -> None:
    ticket = exit_ticket_panel("defining", MemoryStore("defining", "ana"))
    groups = [x for x in walk(ticket) if isinstance(x, RadioGroup)]
    assert len(groups) == 2 and all(g.description.strip() for g in groups)  # a legend each: arrow keys
    boxes = [x for x in walk(ticket) if type(x).__name__ == "Textarea"]
    assert len(boxes) == 2 and all(b.description.strip() for b in boxes)
    assert "Optional" in " ".join(x.value for x in walk(ticket) if isinstance(x, w.HTML))


def test_answers_save_at_once_and_come_back(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "defining", "defining", "ana")
    ticket = exit_ticket_panel("defining", store)
    ticket.time.input.value = "4"
    ticket.relevance.input.value = "5"
    ticket.try_first.input.value = "A student-led conference in my next unit"
    ticket.wonder.input.value = "How families will react"
    saved = FileStore(tmp_path / "defining", "defining", "ana").all()
    assert saved[EXIT_KEYS["time"]] == 4 and saved[EXIT_KEYS["relevance"]] == 5
    assert isinstance(saved[EXIT_KEYS["time"]], int)
    assert saved[EXIT_KEYS["try_first"]] == "A student-led conference in my next unit"
    assert saved[EXIT_KEYS["wonder"]] == "How families will react"
    again = ExitTicket(FileStore(tmp_path / "defining", "defining", "ana"), 0)
    assert again.answers() == saved
    assert "Saved earlier" in again.time.status.message
    ticket.time.input.value = None  # a rating can be taken back
    assert store.get(EXIT_KEYS["time"]) is None


@pytest.mark.parametrize("saved", ["4", 9, True, 4.5, [4]])
def test_a_saved_rating_of_the_wrong_form_shows_nothing_chosen(saved: object) -> None:
    store = MemoryStore("sharing", "ana")
    store.set(EXIT_KEYS["time"], saved)
    assert ExitTicket(store, 0).time.value is None


@pytest.mark.parametrize("wb", WITH_TICKET)
def test_each_workbook_ends_with_the_exit_ticket_before_submit(wb: str) -> None:
    workbook = get(wb)
    page = importlib.import_module(workbook.module("page"))
    assert page.PAGE[-2:] == (page.exit_ticket, page.submit)
    store = MemoryStore(wb, "ana")
    ticket = page.exit_ticket(store=store)
    assert isinstance(ticket, ExitTicket)
    ticket.relevance.input.value = "3"
    assert store.get(EXIT_KEYS["relevance"]) == 3  # in this workbook's own answers, same key
    nb = json.loads((ROOT / "workbooks" / workbook.path).read_text(encoding="utf-8"))
    cells = nb["cells"]
    at = next(n for n, c in enumerate(cells) if f"{wb}.exit-ticket" in c["metadata"].get("tags", []))
    assert cells[at - 1]["cell_type"] == "markdown" and "Exit ticket" in "".join(cells[at - 1]["source"])


@pytest.mark.parametrize("wb", WITH_TICKET)
def test_the_exit_ticket_never_counts_towards_completion(wb: str) -> None:
    ticket = {EXIT_KEYS["time"]: 5, EXIT_KEYS["relevance"]: 5, EXIT_KEYS["try_first"]: "one two three four five",
              EXIT_KEYS["wonder"]: "one two three four five"}
    assert evaluate(wb, ticket).done == 0
    assert evaluate(wb, {}).total == evaluate(wb, ticket).total
