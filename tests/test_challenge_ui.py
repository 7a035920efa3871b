"""The challenge designer headlessly: set values and click in plain Python, then assert on the
widgets and on the store (saving, picker, new/duplicate/delete/undo, reload, own standards)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest
from helpers_unit import walk

from plkit.content import Catalog
from plkit.store import FileStore, MemoryStore
from plkit.ui.fileinput import FileInput
from plkit.ui.radiogroup import RadioGroup
from plkit.workbooks.challenges import page as challenges
from plkit.workbooks.challenges.keys import KEYS, STANDARDS_KEY, challenge_key
from plkit.workbooks.challenges.model import Challenge
from plkit.workbooks.challenges.widgets import ChallengeDesigner, ChallengeEditor

ECO, DATA = "SCI.5.ECO.1", "MATH.5.DATA.1"
SLOW = 60.0  # text waits this long before saving, so a test sees the state before flush()
MINE = b"code,description,subject,grade\nMY.1,Argue from our own data.,Science,5\nMY.2,Pitch to a real client.,ELA,5\n"


pytestmark = pytest.mark.usefixtures("clean_session")  # conftest: fresh sessions, no delay


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore("challenges", "ana")


@pytest.fixture
def designers() -> Iterator[list[ChallengeDesigner]]:
    """Designers made in a test; any text still waiting is saved at the end (no stray timers)."""
    made: list[ChallengeDesigner] = []
    yield made
    for d in made:
        if d.editor is not None:
            d.editor.flush()


@pytest.fixture
def make(cat: Catalog, designers: list[ChallengeDesigner]) -> Any:
    def _make(st: Any, delay: float = SLOW) -> ChallengeDesigner:
        d = ChallengeDesigner(st, cat, delay)
        designers.append(d)
        return d
    return _make


def find(root: object, kind: type, description: str) -> Any:
    hits = [x for x in walk(root) if isinstance(x, kind) and getattr(x, "description", None) == description]
    assert len(hits) == 1, f"{len(hits)} {kind.__name__} widgets described {description!r}"
    return hits[0]


def ed(d: ChallengeDesigner) -> ChallengeEditor:
    assert d.editor is not None
    return d.editor


def saved(st: Any, d: ChallengeDesigner) -> dict[str, Any]:
    return st.get(challenge_key(ed(d).challenge.id))


def design_passing(e: ChallengeEditor) -> None:
    """Fill the form as a teacher would, until every check passes."""
    e.title.value = "Plastic-free lunch"
    e.question.value = "How might we cut the plastic our lunches throw away?"
    e.audience.value = "The school board"
    e.outcome_boxes[ECO].value = True
    e.who["evidence"].value = "guardrails"
    e.rails["evidence"].value = "A poster, a video or a pitch"
    e.checkpoints["self"].value = "Day 3 checklist"
    e.add_criterion.click()
    find(e, w.Text, "Success criterion 1").value = "Uses data from our own lunch audit"
    find(e, w.Checkbox, f"Criterion 1 assesses {ECO}").value = True
    e.flush()


# -- creating, saving and the live checks ----------------------------------------------------


def test_empty_store_gets_one_challenge(store: MemoryStore, make: Any) -> None:
    d = make(store)
    ids = store.get(KEYS["index"])
    assert isinstance(ids, list) and len(ids) == 1
    assert store.get(KEYS["current"]) == ids[0]
    assert isinstance(store.get(challenge_key(ids[0])), dict)
    assert d.picker.options == (("Untitled challenge", ids[0]),)
    assert d.picker.value == ids[0] and ed(d).challenge.id == ids[0]
    assert d.del_button.disabled  # the only challenge cannot be deleted
    make(store)  # opening again does not add another
    assert store.get(KEYS["index"]) == ids


def test_title_saves_on_flush_and_renames_the_picker_option(store: MemoryStore, make: Any) -> None:
    d = make(store)
    cid = ed(d).challenge.id
    ed(d).title.value = "Plastic-free lunch"
    assert saved(store, d)["title"] == ""  # still waiting: text is debounced
    assert d.picker.options == (("Untitled challenge", cid),)
    ed(d).flush()
    assert saved(store, d)["title"] == "Plastic-free lunch"
    assert d.picker.options == (("Plastic-free lunch", cid),)
    assert d.picker.value == cid
    assert ed(d).status.state == "saved"
    assert "Plastic-free lunch" in d.downloads.value  # the cards follow the new title
    assert set(d.files) == {"plastic-free-lunch-teacher.html", "plastic-free-lunch-teacher.md",
                            "plastic-free-lunch-student.html", "plastic-free-lunch-student.md"}


def test_checks_panel_updates_before_saving(store: MemoryStore, make: Any) -> None:
    d = make(store)
    e = ed(d)
    assert "Reaches beyond the classroom" in e.checks_panel.value
    before = e.checks_panel.value
    assert 'class="plkit-check-no"><strong>Needs work:</strong> Reaches beyond' in before
    e.audience.value = "Families at the spring fair"
    assert saved(store, d)["audience"] == ""  # not saved yet ...
    after = e.checks_panel.value
    assert after != before  # ... but the check already passes
    assert 'class="plkit-check-yes"><strong>Passes:</strong> Reaches beyond the classroom' in after
    assert "Reaches beyond the classroom" not in e.checks_footer.value
    assert 'role="status"' in after


def test_a_fully_designed_challenge_passes_every_check(store: MemoryStore, make: Any) -> None:
    d = make(store)
    design_passing(ed(d))
    assert ed(d).checks and all(k.ok for k in ed(d).checks)
    assert "All 8 guardrail checks pass." in ed(d).checks_panel.value
    assert "all pass" in ed(d).checks_footer.value
    data = saved(store, d)
    assert data["outcomes"] == [ECO]
    assert data["rubric"] == [{"criterion": "Uses data from our own lunch audit", "outcomes": [ECO]}]
    assert data["dimensions"]["evidence"] == {"who": "guardrails",
                                              "guardrail": "A poster, a video or a pitch"}


def test_outcome_list_scrolls_within_its_height(store: MemoryStore, make: Any) -> None:
    layout = ed(make(store)).outcomes_box.layout
    assert layout.max_height == "18rem"
    assert "auto" in (layout.overflow or "") or "scroll" in (layout.overflow or ""), (
        f"overflow={layout.overflow!r}: a long standards list spills out of its box")


def test_filter_hides_other_standards_but_keeps_ticked_ones(store: MemoryStore, make: Any) -> None:
    e = ed(make(store))
    e.outcome_boxes[ECO].value = True
    e.filter.value = "mathematics"
    shown = {c for c, cb in e.outcome_boxes.items() if cb.layout.display != "none"}
    assert DATA in shown and ECO in shown
    assert "ELA.5.W.1" not in shown
    e.filter.value = ""
    assert all(cb.layout.display != "none" for cb in e.outcome_boxes.values())


# -- new, duplicate, delete, undo, switching -------------------------------------------------


def test_new_duplicate_and_switching(store: MemoryStore, make: Any) -> None:
    d = make(store)
    first = ed(d).challenge.id
    ed(d).title.value = "Lunch"
    ed(d).who["task"].value = "free"
    second = d.new()
    assert ed(d).challenge.id == second.id and d.picker.value == second.id
    assert saved(store, d)["title"] == "" and ed(d).title.value == ""
    assert store.get(challenge_key(first))["title"] == "Lunch"  # pending text saved before leaving
    assert 'role="status"' in d.message.value
    ed(d).title.value = "Rivers"
    ed(d).flush()
    d.picker.value = first
    assert ed(d).challenge.id == first
    assert ed(d).title.value == "Lunch" and ed(d).who["task"].value == "free"
    copy = d.duplicate()
    assert copy is not None and copy.id not in (first, second.id)
    assert ed(d).challenge.id == copy.id and ed(d).title.value == "Lunch (copy)"
    assert ed(d).who["task"].value == "free"
    assert store.get(KEYS["index"]) == [first, second.id, copy.id]
    assert [label for label, _ in d.picker.options] == ["Lunch", "Rivers", "Lunch (copy)"]
    ed(d).who["task"].value = "teacher"  # changing the copy leaves the original alone
    assert store.get(challenge_key(first))["dimensions"]["task"]["who"] == "free"
    assert not d.del_button.disabled


def test_delete_refuses_the_last_challenge(store: MemoryStore, make: Any) -> None:
    d = make(store)
    only = ed(d).challenge.id
    d.delete()
    d.del_button.click()
    assert store.get(KEYS["index"]) == [only]
    assert ed(d).challenge.id == only and d.deleted is None
    assert d.undo_button.layout.display == "none"


def test_delete_then_undo_restores_the_same_challenge_in_place(store: MemoryStore, make: Any) -> None:
    d = make(store)
    a = ed(d).challenge.id
    b = d.new().id
    ed(d).title.value = "Middle one"
    ed(d).audience.value = "Families"
    c = d.new().id
    d.picker.value = b
    kept = store.get(challenge_key(b))
    assert kept["title"] == "Middle one"
    d.del_button.click()
    assert store.get(KEYS["index"]) == [a, c]
    assert ed(d).challenge.id == c and d.picker.value == c  # the next one opens
    assert [v for _, v in d.picker.options] == [a, c]
    assert d.undo_button.layout.display != "none" and "Middle one" in d.undo_button.description
    assert "Deleted" in d.message.value and "Middle one" in d.message.value
    assert store.get(challenge_key(b)) == kept  # its data stays saved while deleted
    d.undo_button.click()
    assert store.get(KEYS["index"]) == [a, b, c]
    assert ed(d).challenge.id == b and d.picker.value == b
    assert ed(d).title.value == "Middle one" and ed(d).audience.value == "Families"
    assert store.get(challenge_key(b)) == kept
    assert d.undo_button.layout.display == "none" and d.deleted is None
    d.undo()  # nothing left to undo
    assert store.get(KEYS["index"]) == [a, b, c]


def test_undo_of_the_last_in_the_list(store: MemoryStore, make: Any) -> None:
    d = make(store)
    a = ed(d).challenge.id
    b = d.new().id
    d.delete()
    assert store.get(KEYS["index"]) == [a] and ed(d).challenge.id == a
    d.undo()
    assert store.get(KEYS["index"]) == [a, b] and ed(d).challenge.id == b


# -- reload ------------------------------------------------------------------------------------


def test_reload_from_the_same_folder_shows_saved_values(tmp_path: Path, make: Any) -> None:
    d = make(FileStore(tmp_path, "challenges", "ana"))
    e = ed(d)
    design_passing(e)
    e.outcome_boxes[DATA].value = True
    e.add_criterion.click()
    find(e, w.Text, "Success criterion 2").value = "Reads line plots"
    find(e, w.Checkbox, f"Criterion 2 assesses {DATA}").value = True
    e.habit_boxes["persisting"].value = True
    e.habit_boxes["thinking-interdependently"].value = True
    e.stage.value = "we-do"
    e.timeline.value = "Three weeks"
    e.self_check["authentic"].value = "The board decides the contract."
    e.flush()
    cid = e.challenge.id

    again = make(FileStore(tmp_path, "challenges", "ana"))
    r = ed(again)
    assert r.challenge.id == cid
    assert r.title.value == "Plastic-free lunch"
    assert r.question.value == "How might we cut the plastic our lunches throw away?"
    assert r.audience.value == "The school board"
    assert {c for c, cb in r.outcome_boxes.items() if cb.value} == {ECO, DATA}
    assert r.who["evidence"].value == "guardrails"
    assert r.rails["evidence"].value == "A poster, a video or a pitch"
    assert r.who["task"].value == "teacher"
    assert find(r, w.Text, "Success criterion 1").value == "Uses data from our own lunch audit"
    assert find(r, w.Text, "Success criterion 2").value == "Reads line plots"
    ticks = {cb.description: cb.value for cb in walk(r) if isinstance(cb, w.Checkbox)
             and cb.description.startswith("Criterion ")}
    assert ticks == {f"Criterion 1 assesses {ECO}": True, f"Criterion 1 assesses {DATA}": False,
                     f"Criterion 2 assesses {ECO}": False, f"Criterion 2 assesses {DATA}": True}
    assert {h for h, cb in r.habit_boxes.items() if cb.value} == {"persisting",
                                                                 "thinking-interdependently"}
    assert r.stage.value == "we-do" and r.timeline.value == "Three weeks"
    assert r.self_check["authentic"].value == "The board decides the contract."
    assert r.checks and all(k.ok for k in r.checks)
    assert again.picker.options == (("Plastic-free lunch", cid),)


def test_reload_reopens_the_challenge_last_edited(tmp_path: Path, make: Any) -> None:
    d = make(FileStore(tmp_path, "challenges", "ana"))
    first = ed(d).challenge.id
    second = d.new().id
    d.picker.value = first
    assert ed(make(FileStore(tmp_path, "challenges", "ana"))).challenge.id == first
    assert second in FileStore(tmp_path, "challenges", "ana").get(KEYS["index"])


def test_damaged_saved_challenge_still_opens(store: MemoryStore, make: Any) -> None:
    store.set(KEYS["index"], ["bad"])
    store.set(challenge_key("bad"), {"id": "bad", "title": 5, "outcomes": ECO,
                                     "dimensions": {"task": {"who": "nobody"}}})
    d = make(store)
    assert ed(d).challenge.id == "bad"
    assert ed(d).title.value == ""
    assert ed(d).who["task"].value == "teacher"


# -- standards ---------------------------------------------------------------------------------


def test_bad_standards_file_shows_an_alert_and_changes_nothing(store: MemoryStore, make: Any) -> None:
    d = make(store)
    d.load_standards_file(MINE, "mine.csv")
    ed(d).outcome_boxes["MY.1"].value = True
    ed(d).title.value = "Kept"
    ed(d).flush()
    before_standards = list(d.standards)
    before_saved = store.get(STANDARDS_KEY)
    before_challenge = saved(store, d)
    d.load_standards_file(b"code,description\nA,first\n,second\n", "broken.csv")
    assert 'role="alert"' in d.upload_status.value
    assert "Row 3 of broken.csv" in d.upload_status.value
    assert d.standards == before_standards
    assert store.get(STANDARDS_KEY) == before_saved
    assert saved(store, d) == before_challenge
    assert ed(d).outcome_boxes["MY.1"].value and ed(d).title.value == "Kept"
    d.load_standards_file(b"\x00\x01", "old.xls")
    assert 'role="alert"' in d.upload_status.value and ".xls" in d.upload_status.value
    assert d.standards == before_standards


def test_hostile_file_name_in_the_alert_is_escaped(store: MemoryStore, make: Any) -> None:
    d = make(store)
    d.load_standards_file(b"", "<img src=x onerror=alert(1)>.csv")
    assert "<img" not in d.upload_status.value and "&lt;img" in d.upload_status.value


def test_own_standards_come_first_and_survive_reload(tmp_path: Path, make: Any) -> None:
    d = make(FileStore(tmp_path, "challenges", "ana"))
    sample = [s.code for s in d.standards]
    d.load_standards_file(MINE, "mine.csv")
    assert 'role="alert"' not in d.upload_status.value
    assert "Loaded 2 standards from mine.csv" in d.upload_status.value
    assert [s.code for s in d.standards] == ["MY.1", "MY.2", *sample]
    saved_list = FileStore(tmp_path, "challenges", "ana").get(STANDARDS_KEY)
    assert [s["code"] for s in saved_list] == ["MY.1", "MY.2"]
    assert saved_list[0]["description"] == "Argue from our own data."
    assert list(ed(d).outcome_boxes)[:2] == ["MY.1", "MY.2"]  # the open form shows them now
    ed(d).outcome_boxes["MY.2"].value = True

    again = make(FileStore(tmp_path, "challenges", "ana"))
    assert [s.code for s in again.standards] == ["MY.1", "MY.2", *sample]
    assert ed(again).outcome_boxes["MY.2"].value is True
    assert "Using your 2 standards" in again.upload_status.value


def test_file_input_loads_standards(store: MemoryStore, make: Any) -> None:
    d = make(store)
    assert isinstance(d.upload, FileInput)  # a native file input: ipywidgets' FileUpload may open no chooser
    assert d.upload.description == "Load your own standards (CSV or .xlsx)"
    assert d.upload.accept == ".csv,.xlsx,.txt"
    d.upload.receive("mine.csv", MINE)  # what choosing a file in the browser does
    assert d.standards[0].code == "MY.1"
    assert "Loaded 2 standards from mine.csv" in d.upload_status.value
    assert list(ed(d).outcome_boxes)[:2] == ["MY.1", "MY.2"]
    d.upload.receive("broken.csv", b"code,description\nA,first\n,second\n")
    assert "Row 3 of broken.csv" in d.upload_status.value
    assert [s.code for s in d.standards][:2] == ["MY.1", "MY.2"]


# -- rubric ------------------------------------------------------------------------------------


def test_rubric_add_and_remove_renumber_labels(store: MemoryStore, make: Any) -> None:
    d = make(store)
    e = ed(d)
    e.outcome_boxes[ECO].value = True
    for text in ("First", "Second", "Third"):
        e.add_criterion.click()
        find(e, w.Text, f"Success criterion {len(saved(store, d)['rubric'])}").value = text
    e.flush()
    assert [r["criterion"] for r in saved(store, d)["rubric"]] == ["First", "Second", "Third"]
    find(e, w.Checkbox, f"Criterion 3 assesses {ECO}").value = True
    find(e, w.Button, "Remove criterion 2").click()
    assert [r["criterion"] for r in saved(store, d)["rubric"]] == ["First", "Third"]
    assert saved(store, d)["rubric"][1]["outcomes"] == [ECO]
    labels = [x.description for x in walk(e) if isinstance(x, (w.Text, w.Button))
              and ("criterion" in x.description.lower())]
    assert labels == ["Success criterion 1", "Remove criterion 1", "Success criterion 2",
                      "Remove criterion 2", "Add a success criterion"]
    assert find(e, w.Text, "Success criterion 2").value == "Third"
    assert find(e, w.Checkbox, f"Criterion 2 assesses {ECO}").value is True
    assert not [x for x in walk(e) if isinstance(x, w.Checkbox)
                and x.description.startswith("Criterion 3")]
    e.add_criterion.click()
    assert find(e, w.Text, "Success criterion 3").value == ""
    assert len(saved(store, d)["rubric"]) == 3


def test_rubric_ticks_follow_the_chosen_outcomes(store: MemoryStore, make: Any) -> None:
    e = ed(make(store))
    e.add_criterion.click()
    assert not [x for x in walk(e) if isinstance(x, w.Checkbox) and x.description.startswith("Criterion 1")]
    assert "Choose outcomes above first" in "".join(
        x.value for x in walk(e) if isinstance(x, w.HTML))
    e.outcome_boxes[ECO].value = True
    e.outcome_boxes[DATA].value = True
    find(e, w.Checkbox, f"Criterion 1 assesses {ECO}").value = True
    e.outcome_boxes[DATA].value = False
    find(e, w.Checkbox, f"Criterion 1 assesses {ECO}")  # ticks for chosen outcomes only
    assert not [x for x in walk(e) if isinstance(x, w.Checkbox)
                and x.description == f"Criterion 1 assesses {DATA}"]
    assert find(e, w.Checkbox, f"Criterion 1 assesses {ECO}").value is True


# -- the workbook functions ------------------------------------------------------------------

CONTROLS = (w.Text, w.Textarea, w.Checkbox, w.Dropdown, w.Button, RadioGroup, FileInput)


def test_every_control_is_described(store: MemoryStore) -> None:
    d = challenges.designer(store)
    e = ed(d)
    e.outcome_boxes[ECO].value = True
    e.add_criterion.click()  # so the rubric's text, ticks and remove button are there too
    controls = [x for x in walk(d) if isinstance(x, CONTROLS)]
    missing = [k.__name__ for k in CONTROLS if not any(isinstance(x, k) for x in controls)]
    assert missing == []
    bare = [type(x).__name__ for x in controls if not str(getattr(x, "description", "")).strip()]
    assert bare == []
    assert len(controls) > 60


def test_progress_completes_once_a_challenge_passes(store: MemoryStore) -> None:
    p = challenges.progress(store)
    d = challenges.designer(store)
    assert p.bar.max == 2
    assert p.bar.value == 0 and not p.report.complete  # the blank challenge the designer opens with is not yet one
    e = ed(d)
    design_passing(e)
    assert p.report.complete and p.bar.value == p.bar.max
    assert p.bar.bar_style == "success"
    e.audience.value = "   "
    e.flush()
    assert not p.report.complete and p.bar.value == 1


def test_designer_uses_the_session_store(store: MemoryStore) -> None:
    challenges.start(store)
    d = challenges.designer()
    assert d.store is store
    assert challenges.background(store).children
    assert isinstance(store.get(KEYS["index"]), list)
    assert Challenge.from_dict(store.get(challenge_key(store.get(KEYS["index"])[0]))).title == (
        "Untitled challenge")
