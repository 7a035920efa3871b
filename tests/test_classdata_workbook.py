""""Analysing your class data", headless: load the demo, upload good and bad files, map columns
and standards, change the method, form groups, and prove nothing identifying is saved."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import ipywidgets as w
import pytest
from helpers_unit import assert_one_sentence, walk
from test_classdata_report import canary_class

from plkit.classdata import demo_gradebook_csv
from plkit.completion import evaluate
from plkit.page import session
from plkit.store import MemoryStore
from plkit.ui.components import ReflectionBox
from plkit.ui.fileinput import FileInput
from plkit.ui.radiogroup import RadioGroup
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


def page(store: MemoryStore) -> dict[str, w.Widget]:
    names = ["start", "load", "columns", "standards", "method", "mastery", "groups", "profiles",
             "growth", "share", "reflect", "progress", "submit"]
    return {n: getattr(cw, n)(store) for n in names}


def identities(store: MemoryStore) -> list[str]:
    data = cw.state(store)
    assert data.gb is not None
    out = []
    for entry in data.gb.roster.values():
        out += [entry["name"], entry["first"], entry["last"], *entry["ids"], *entry["logins"], *entry["emails"]]
    return [x for x in out if x]


def upload(panel: w.Widget, name: str, data: bytes) -> None:
    """What choosing a file does: the browser sends its bytes as one binary message."""
    panel.upload._message(panel.upload, {"kind": "file", "name": name, "size": len(data)}, [memoryview(data)])


def test_demo_load_and_method_change_updates_mastery(store: MemoryStore) -> None:
    p = page(store)
    p["load"].use_demo()
    assert "24 students, 4 standards" in p["load"].status.value
    assert store.get(KEYS["loaded"]) == {"source": "demo", "layout": "canvas_gradebook"}
    before = p["mastery"].summary
    assert "Mastery per standard for 4 standards" in before
    assert '<svg aria-hidden="true"' in p["mastery"].body.value and "<caption>" in p["mastery"].body.value
    p["method"].method.value = "highest"
    assert p["mastery"].summary != before
    assert store.get(KEYS["method"])["method"] == "highest"
    p["method"].method.value = "weighted_average"
    assert p["method"].weight.value == 65 and p["method"].weight.layout.display == ""
    p["method"].mastery.value = 2.5
    assert store.get(KEYS["method"]) == {"method": "weighted_average", "weight": 65, "n": 5, "at": "last",
                                         "mastery": 2.5, "min_evidence": 1}
    assert "Side by side" in p["method"].preview.value
    assert "test student" in p["columns"].found.value  # the reader's notes, in plain words
    p["columns"].confirm_layout()
    assert store.get(KEYS["layout_confirmed"]) == "canvas_gradebook"


def test_upload_good_and_bad_files_keep_what_is_loaded(store: MemoryStore) -> None:
    p = page(store)
    upload(p["load"], "gradebook.csv", demo_gradebook_csv())
    assert p["load"].alert.value == "" and "your file" in p["load"].status.value
    assert "data" not in p["load"].upload.get_state()  # the file is not kept in the widget
    assert "not linked to a standard" in p["mastery"].body.value or "No item" in p["mastery"].body.value
    for bad in (b"\x00\x01\x02 not text", b"", b"a,b\n1,2\n", b"just one line"):
        upload(p["load"], "bad.csv", bad)
        alert = p["load"].alert.value
        assert 'role="alert"' in alert
        message = alert.split(">", 1)[1].rsplit("<", 1)[0]
        assert_one_sentence(message)
        assert "your file" in p["load"].status.value  # the class loaded before is still here
    assert store.get(KEYS["loaded"])["source"] == "own"
    upload(p["load"], "good.csv", demo_gradebook_csv())
    assert p["load"].alert.value == ""


def test_standards_mapping_and_column_mapping(store: MemoryStore) -> None:
    p = page(store)
    upload(p["load"], "gradebook.csv", demo_gradebook_csv())
    inputs = p["standards"].inputs
    assert len(inputs) == 14 and all(t.description.startswith("Standard for") for t in inputs.values())
    for item, box in inputs.items():
        box.value = item.split()[0]
    assert p["standards"].save() == ""
    assert "4 standards in use" in p["standards"].status.message
    assert "Mastery per standard for 4 standards" in p["mastery"].summary
    assert store.get(KEYS["item_standards"])["RL.1 check 1"] == "RL.1"
    # A hand-kept wide sheet: plkit guesses, the teacher maps the columns.
    sheet = b"Name,Team,Essay 1,Essay 2,Essay 3\nOno Kiri,red,3,4,4\nPaz Lund,blue,2,2,3\n"
    upload(p["load"], "sheet.csv", sheet)
    cols = p["columns"]
    assert cols.form.layout.display == "" and cols.roles["name"].value == "Name"
    for c, box in cols.score_boxes.items():
        box.value = c.startswith("Essay")
    cols.max_points.value = 4
    assert cols.apply_mapping() == ""
    assert store.get(KEYS["mapping"]) == {"name": "Name", "scores": ["Essay 1", "Essay 2", "Essay 3"],
                                          "max_points": 4.0}
    cols.roles["name"].value = ""
    cols.roles["id"].value = ""
    message = cols.apply_mapping()
    assert_one_sentence(message) and 'role="alert"' in cols.alert.value


def test_full_walk_saves_nothing_identifying(store: MemoryStore) -> None:
    p = page(store)
    upload(p["load"], "canary.csv", canary_class(24))
    names = identities(store)
    assert any("Canary" in n for n in names)
    p["columns"].confirm_layout()
    p["method"].method.value = "decaying_average"
    p["method"].min_evidence.value = 2
    p["mastery"].hide.value = True
    assert "Canary" not in p["mastery"].body.value  # hidden for screen sharing
    p["mastery"].hide.value = False
    assert "Canary" in p["mastery"].body.value  # the teacher's own screen, from memory
    p["groups"].size.value = 4
    assert p["groups"].use() == ""
    p["profiles"].student.value = p["profiles"].student.options[3][1]
    p["profiles"].interests.value = "football and chess"
    assert "football" in p["profiles"].body.value
    p["growth"].min_n.value = 12
    p["standards"].save()
    boxes = [b for b in walk(p["reflect"]) if isinstance(b, ReflectionBox)]
    boxes[0].input.value = "Competency-based progression: half the class is ready on RL.1."
    boxes[1].input.value = "Run two small groups on citing evidence while others start W.1."
    for b in boxes:
        b.flush()
    share = p["share"].files
    assert set(share) == {"class-summary-shareable.html", "class-summary-shareable.csv"}
    saved = json.dumps(store.all(), ensure_ascii=False)
    for ident in names:
        assert ident.lower() not in saved.lower(), ident
    students = cw.state(store).gb.students
    assert students
    for key in students:
        assert key not in saved
    assert "football" not in saved
    shared = " ".join(share.values()).lower()
    for ident in names:
        assert ident.lower() not in shared
    report = evaluate("classdata", store.all())
    assert report.complete, report
    assert session.session("classdata").roster  # the submit panel's guard knows the roster


def test_saving_refuses_identifiers(store: MemoryStore) -> None:
    p = page(store)
    upload(p["load"], "canary.csv", canary_class(12))
    name = identities(store)[0]
    first = next(iter(p["standards"].inputs))
    p["standards"].inputs[first].value = name
    message = p["standards"].save()
    assert_one_sentence(message)
    assert name not in json.dumps(store.all())


def test_reload_restores_choices_and_the_demo(store: MemoryStore) -> None:
    p = page(store)
    p["load"].use_demo()
    p["method"].method.value = "latest"
    p["groups"].use()
    session.reset()
    cw._STATES.clear()
    again = page(store)
    assert cw.state(store).source == "demo"
    assert again["method"].method.value == "latest"
    assert "24 students" in again["load"].status.value
    assert "Saved earlier" in again["groups"].status.message
    own = MemoryStore("classdata", "bo")
    own.set(KEYS["loaded"], {"source": "own", "layout": "long"})
    session.reset()
    later = page(own)
    assert "upload it again" in later["load"].status.value


def test_completion_criteria() -> None:
    assert evaluate("classdata", {}).done == 0
    done = {KEYS["loaded"]: {"source": "demo"}, KEYS["method"]: {"method": "highest"},
            KEYS["groups"]: {"confirmed": True}, KEYS["reflection"]: "one two three four five"}
    assert evaluate("classdata", done).complete
    assert not evaluate("classdata", {**done, KEYS["reflection"]: "too short"}).complete


def test_every_control_is_labelled(store: MemoryStore) -> None:
    p = page(store)
    p["load"].use_demo()
    upload(p["load"], "sheet.csv", b"Name,Essay 1,Essay 2\nOno Kiri,3,4\nPaz Lund,2,2\n")
    widgets = [(name, widget) for name, root in p.items() for widget in walk(root)]
    controls = [(name, widget) for name, widget in widgets
                if isinstance(widget, (w.Text, w.Textarea, w.Dropdown, w.BoundedIntText, w.BoundedFloatText,
                                       w.Checkbox, FileInput, RadioGroup))]
    buttons = [(name, widget) for name, widget in widgets if isinstance(widget, w.Button)]
    assert controls and buttons
    for name, widget in controls:
        assert widget.description.strip(), f"{name}: unlabelled {type(widget).__name__}"
    for name, widget in buttons:
        assert widget.description.strip(), f"{name}: a button with no text"


def test_a_snapshot_keeps_only_suppressed_shares_and_shows_the_change() -> None:
    """Guskey's fifth level: a before and an after snapshot of the class, aggregate only."""
    from datetime import date

    from plkit.workbooks.classdata.snapshot import SnapshotPanel, snapshot_rows

    store = MemoryStore("classdata", "ana")
    data = cw.state(store)
    panel = SnapshotPanel(data)
    assert "Load a class first" in panel.keep("before")
    data.load_demo()
    assert panel.keep("before", date(2026, 11, 30)) == ""
    saved = store.get(KEYS["snapshots"])
    before = saved["before"]
    assert before["taken"] == "2026-11-30" and before["standards"]
    shares = before["standards"]
    assert all(v is None or 0 <= v <= 1 for v in shares.values())
    text = json.dumps(saved)
    who = [x for x in identities(store) if len(x) > 3]
    assert who, "the demo class has no identities to check"
    assert not [x for x in who if x in text]  # no name, ID, login or email of any student
    data.set_min_n(30)  # larger than the demo class: every standard suppressed
    panel.keep("after", date(2027, 1, 15))
    after = store.get(KEYS["snapshots"])["after"]["standards"]
    assert after and all(v is None for v in after.values())
    rows = snapshot_rows(store.get(KEYS["snapshots"]))
    assert rows and all(r[2] == "suppressed" and r[3] == "" for r in rows)
    assert "Before 2026-11-30" in panel.table.value and "After 2027-01-15" in panel.table.value


def test_snapshot_rows_give_the_change_in_points() -> None:
    from plkit.workbooks.classdata.snapshot import snapshot_rows

    saved = {"before": {"taken": "2026-11-30", "standards": {"A": 0.4, "B": None}},
             "after": {"taken": "2027-01-15", "standards": {"A": 0.65, "B": 0.5, "C": 0.1}}}
    assert snapshot_rows(saved) == [("A", "40%", "65%", "+25 points"), ("B", "suppressed", "50%", ""),
                                    ("C", "", "10%", "")]
    assert snapshot_rows("nonsense") == [] and snapshot_rows({"before": 3}) == []
