"""Headless widget tests: set values and click in plain Python, assert on state and on the store."""

from __future__ import annotations

import base64
import html
import os
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest
from helpers_unit import walk

from plkit.content import Catalog
from plkit.errors import StoreError
from plkit.page import session
from plkit.page.progress import ProgressIndicator
from plkit.store import FileStore, MemoryStore
from plkit.ui.autosave import Debouncer
from plkit.ui.components import Choice, MultiChoice, ReflectionBox, ShortAnswer
from plkit.ui.download import DownloadLinks
from plkit.workbooks.defining import page as define
from plkit.workbooks.defining.builder import DefinitionBuilder
from plkit.workbooks.defining.cardsort import deck
from plkit.workbooks.defining.keys import KEYS
from plkit.workbooks.defining.takeaway import definition_card_html, definition_card_markdown
from plkit.workbooks.defining.widgets import CardSort

pytestmark = pytest.mark.usefixtures("clean_session")  # conftest: fresh sessions, no delay


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore("defining", "ana")


def _writes(store: MemoryStore) -> list[tuple[str, Any]]:
    calls: list[tuple[str, Any]] = []
    store.on_change(lambda k, v: calls.append((k, v)))
    return calls


class FailingStore(MemoryStore):
    """A store whose every write fails, as a full or read-only disk would."""

    def _apply(self, updaters: dict[str, Any]) -> dict[str, Any]:
        raise StoreError("your answer could not be saved (No space left on device)")


# -- autosave ---------------------------------------------------------------------------------


def test_reflection_box_saves_at_once_with_no_delay(store: MemoryStore) -> None:
    box = ReflectionBox(store, "defining.note", "Your note", delay=0)
    assert box.status.state == "idle"
    assert box.status.message == ""  # nothing to report before the first answer
    box.input.value = "Students steer."
    assert store.get("defining.note") == "Students steer."
    assert box.status.state == "saved"
    assert box.status.message.startswith("Saved")
    assert "Saved" in box.status.value and 'aria-live="polite"' in box.status.value


def test_reflection_box_reload_shows_saved_text(store: MemoryStore) -> None:
    store.set("defining.note", "From before.")
    box = ReflectionBox(store, "defining.note", "Your note", delay=0)
    assert box.input.value == "From before."
    assert box.value == "From before."
    assert box.status.message.startswith("Saved earlier")


def test_reflection_box_debounces_typing(store: MemoryStore) -> None:
    writes = _writes(store)
    box = ReflectionBox(store, "defining.note", "Your note", delay=30)
    for text in ("S", "St", "Stu", "Students lead."):
        box.input.value = text
    assert writes == []
    assert box.status.state == "saving"
    assert box.saver.debouncer.pending
    box.flush()
    assert writes == [("defining.note", "Students lead.")]
    assert not box.saver.debouncer.pending
    assert box.status.state == "saved"
    box.flush()  # nothing pending: no second write
    assert len(writes) == 1


def test_short_answer_strips_and_limits(store: MemoryStore) -> None:
    box = ShortAnswer(store, "defining.why-word", "One word", delay=0, max_length=10)
    assert isinstance(box.input, w.Text)
    box.input.value = "   equity for every learner   "
    assert store.get("defining.why-word") == "equity for"


def test_debouncer_fires_after_delay_without_event_loop() -> None:
    fired = threading.Event()
    calls: list[float] = []

    def fn() -> None:
        calls.append(time.monotonic())
        fired.set()

    d = Debouncer(fn, 0.05)
    start = time.monotonic()
    d.trigger()
    d.trigger()  # restarts the wait; still one call
    assert d.pending
    assert fired.wait(5), "the debounced call never ran"
    assert calls[0] - start >= 0.045
    assert not d.pending
    d.flush()  # nothing pending now
    assert len(calls) == 1


def test_debouncer_zero_delay_runs_now() -> None:
    calls: list[int] = []
    d = Debouncer(lambda: calls.append(1), 0)
    d.trigger()
    assert calls == [1] and not d.pending


def test_store_error_shows_not_saved_and_keeps_text() -> None:
    store = FailingStore("defining", "ana")
    box = ReflectionBox(store, "defining.note", "Your note", delay=0)
    box.input.value = "Words I do not want to lose."
    assert box.status.state == "error"
    assert box.status.message.startswith("Not saved")
    assert "No space left" in box.status.message
    assert "plkit-status-error" in box.status.value
    assert box.input.value == "Words I do not want to lose."


def test_store_error_in_card_sort_keeps_choice(cat: Catalog) -> None:
    store = FailingStore("defining", "ana")
    cs = CardSort(store, KEYS["card_sort"], deck(cat))
    first = cs.cards[0]
    cs.choose(first.id, "is")
    assert cs.status.state == "error"
    assert cs.views[0].radio.value == "is"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root ignores folder permissions; FailingStore covers the same path",
)
def test_read_only_folder_shows_not_saved(tmp_path: Path) -> None:
    store = FileStore(tmp_path, "defining", "ana")
    tmp_path.chmod(0o500)
    try:
        box = ReflectionBox(store, "defining.note", "Your note", delay=0)
        box.input.value = "Kept in the box."
        assert box.status.state == "error"
        assert box.status.message.startswith("Not saved")
        assert box.input.value == "Kept in the box."
    finally:
        tmp_path.chmod(0o700)


# -- card sort --------------------------------------------------------------------------------


def test_card_sort_choose_saves_and_gives_feedback(store: MemoryStore, cat: Catalog) -> None:
    cards = deck(cat)
    cs = CardSort(store, KEYS["card_sort"], cards)
    assert "0 of 16 cards sorted" in cs.summary.value
    assert len(cs.views) == len(cards) == 16
    assert all(v.feedback.value == "" for v in cs.views)
    first, second = cards[0], cards[1]
    cs.choose(first.id, first.statement.kind)
    assert store.get(KEYS["card_sort"]) == {first.id: first.statement.kind}
    fb = cs.views[0].feedback.value
    assert html.escape(first.statement.feedback) in fb
    assert html.escape(first.component.name) in fb
    assert cs.views[1].feedback.value == ""
    assert "plkit-card-ok" in cs.views[0]._dom_classes
    wrong = "isnt" if second.statement.kind == "is" else "is"
    cs.choose(second.id, wrong)
    assert store.get(KEYS["card_sort"]) == {first.id: first.statement.kind, second.id: wrong}
    assert "Look again" in cs.views[1].feedback.value
    assert "plkit-card-look" in cs.views[1]._dom_classes
    assert "2 of 16 cards sorted; 1 match" in cs.summary.value
    with pytest.raises(KeyError):
        cs.choose("no-such-card", "is")


def test_card_sort_reload_shows_saved_choices(store: MemoryStore, cat: Catalog) -> None:
    cards = deck(cat)
    cs = CardSort(store, KEYS["card_sort"], cards)
    for card in cards[:3]:
        cs.choose(card.id, card.statement.kind)
    again = CardSort(store, KEYS["card_sort"], cards)
    values = [v.radio.value for v in again.views]
    assert values[:3] == [c.statement.kind for c in cards[:3]]
    assert values[3:] == [None] * 13
    assert "3 of 16 cards sorted; 3 match" in again.summary.value
    assert html.escape(cards[0].statement.feedback) in again.views[0].feedback.value


def test_card_sort_two_tabs_keep_both_choices(tmp_path: Path, cat: Catalog) -> None:
    """Two tabs of one workbook (each a kernel with its own store on one folder), both opened
    before sorting: a card sorted in one tab must survive a card sorted in the other."""
    cards = deck(cat)
    tab1 = CardSort(FileStore(tmp_path, "defining", "ana"), KEYS["card_sort"], cards)
    tab2 = CardSort(FileStore(tmp_path, "defining", "ana"), KEYS["card_sort"], cards)
    tab1.choose(cards[0].id, "is")
    tab2.choose(cards[1].id, "isnt")
    saved = FileStore(tmp_path, "defining", "ana").get(KEYS["card_sort"])
    assert saved == {cards[0].id: "is", cards[1].id: "isnt"}


def test_card_sort_all_sorted_invites_argument(store: MemoryStore, cat: Catalog) -> None:
    cards = deck(cat)
    cs = CardSort(store, KEYS["card_sort"], cards)
    for card in cards:
        cs.choose(card.id, "is")
    assert "16 of 16 cards sorted; 8 match" in cs.summary.value
    assert "would you argue" in cs.summary.value


# -- definition builder -----------------------------------------------------------------------


def test_definition_builder_checklist_follows_text(store: MemoryStore, cat: Catalog) -> None:
    b = DefinitionBuilder(store, KEYS["own_definition"], cat.definition.elements, "Our definition",
                          delay=0, min_words=12)
    assert b.covered == []
    assert len(b.missing) == len(cat.definition.elements)
    assert "0 words so far; aim for at least 12." in b.checklist.value
    b.editor.input.value = "Students take on rigorous work."
    assert b.covered == ["rigorous"]
    assert "rigorous" not in b.missing
    assert "5 words so far; aim for at least 12." in b.checklist.value
    assert "Covered:</strong> Rigorous" in b.checklist.value
    assert store.get(KEYS["own_definition"]) == "Students take on rigorous work."
    long = ("Students take on rigorous, authentic and meaningful challenges, "
            "working toward clear goals they set.")
    b.editor.input.value = long
    assert {"rigorous", "authentic", "challenges", "meaningful", "outcomes"} <= set(b.covered)
    assert "14 words." in b.checklist.value
    assert "aim for" not in b.checklist.value


def test_definition_builder_reload(store: MemoryStore, cat: Catalog) -> None:
    store.set(KEYS["own_definition"], "Authentic projects.")
    b = DefinitionBuilder(store, KEYS["own_definition"], cat.definition.elements, "Ours", delay=0)
    assert b.editor.input.value == "Authentic projects."
    assert "authentic" in b.covered and "challenges" in b.covered


# -- choices ----------------------------------------------------------------------------------

_OPTIONS = [("First option", "a"), ("Second option", "b"), ("Third option", "c")]


def test_choice_saves_and_reloads(store: MemoryStore) -> None:
    seen: list[str | None] = []
    c = Choice(store, "defining.closest-definition", "Pick one", _OPTIONS, on_choice=seen.append)
    assert c.value is None
    c.input.value = "b"
    assert store.get("defining.closest-definition") == "b"
    assert seen == ["b"]
    assert c.status.state == "saved"
    assert Choice(store, "defining.closest-definition", "Pick one", _OPTIONS).value == "b"


def test_choice_ignores_a_saved_value_no_longer_offered(store: MemoryStore) -> None:
    store.set("k", "gone")
    assert Choice(store, "k", "Pick one", _OPTIONS).value is None


def test_multichoice_saves_and_reloads(store: MemoryStore) -> None:
    m = MultiChoice(store, "defining.misunderstandings", "Tick", _OPTIONS)
    m.boxes["c"].value = True
    m.boxes["a"].value = True
    assert store.get("defining.misunderstandings") == ["a", "c"]  # option order
    m.boxes["c"].value = False
    assert store.get("defining.misunderstandings") == ["a"]
    again = MultiChoice(store, "defining.misunderstandings", "Tick", _OPTIONS)
    assert {v: cb.value for v, cb in again.boxes.items()} == {"a": True, "b": False, "c": False}
    assert again.value == ["a"]


# -- progress and downloads -------------------------------------------------------------------


def test_progress_indicator_follows_answers(store: MemoryStore, cat: Catalog) -> None:
    p = ProgressIndicator(store, "defining")
    assert (p.bar.value, p.bar.max) == (0, 5)
    assert "0 of 5 steps done" in p.text.value
    store.set(KEYS["compare"], "four-pillars")
    assert p.bar.value == 1
    store.set(KEYS["why_word"], "equity")
    assert p.bar.value == 2
    assert "2 of 5 steps done" in p.text.value
    store.set(KEYS["card_sort"], {c.id: "is" for c in deck(cat)})
    store.set(KEYS["own_definition"], " ".join(["word"] * 12))
    assert p.bar.value == 4 and p.bar.bar_style == ""
    store.set(KEYS["reflection"], "one two three four five")
    assert p.bar.value == p.bar.max == 5
    assert p.bar.bar_style == "success"
    assert p.report.complete
    assert "All steps done" in p.text.value


def _data_uris(links_html: str) -> dict[str, tuple[str, str]]:
    """download name -> (mime, decoded text) for every link."""
    out = {}
    for name, mime, payload in re.findall(
        r'download="([^"]+)" href="data:([^;]+);charset=utf-8;base64,([^"]+)"', links_html
    ):
        out[name] = (mime, base64.b64decode(payload).decode("utf-8"))
    return out


def test_download_links_carry_latest_definition(store: MemoryStore) -> None:
    d = DownloadLinks(store, "definition card", definition_card_html, definition_card_markdown)
    assert set(d.files) == {"definition-card.html", "definition-card.md"}
    assert "(not written yet)" in d.files["definition-card.md"]
    store.set(KEYS["own_definition"], "Our learners co-design authentic projects.")
    assert "Our learners co-design authentic projects." in d.files["definition-card.md"]
    assert "Our learners co-design authentic projects." in d.files["definition-card.html"]
    links = _data_uris(d.links.value)
    assert set(links) == {"definition-card.html", "definition-card.md"}
    assert links["definition-card.html"] == ("text/html", d.files["definition-card.html"])
    assert links["definition-card.md"] == ("text/markdown", d.files["definition-card.md"])


# -- the workbook's activities ----------------------------------------------------------------

_ACTIVITIES = [
    "start", "compare", "card_sort", "write_definition", "why_word", "misunderstandings",
    "progress", "download", "exit_ticket", "submit",
]
_CONTROLS = (w.Text, w.Textarea, w.RadioButtons, w.Checkbox, w.IntProgress, w.Button)
_DISPLAY_ONLY = (w.HTML, w.HTMLMath, w.Label)


def _is_control(x: object) -> bool:
    """An interactive control: a known input widget, or any other widget holding a chosen
    ``value`` (plkit's own radio group, for example), but not a display-only text widget."""
    if isinstance(x, _CONTROLS):
        return True
    has = getattr(x, "has_trait", None)
    return bool(has and has("value") and not isinstance(x, (*_DISPLAY_ONLY, w.Box)))


def _is_radio(x: object) -> bool:
    """A one-of-many choice: ipywidgets' RadioButtons or plkit's own radio group."""
    return isinstance(x, w.RadioButtons) or (
        _is_control(x) and hasattr(x, "options") and not isinstance(x, (w.Checkbox,))
    )


def test_activity_list_matches_module() -> None:
    assert sorted(_ACTIVITIES) == sorted(n for n in define.__all__ if n != "WORKBOOK")


@pytest.mark.parametrize("name", _ACTIVITIES)
def test_activity_builds_with_memory_store(name: str, store: MemoryStore) -> None:
    widget = getattr(define, name)(store=store)
    assert isinstance(widget, w.Box)
    assert session.session(define.WORKBOOK).store is store
    parts = list(walk(widget))
    expected: dict[str, Callable[[object], bool]] = {
        "start": lambda x: isinstance(x, w.HTML) and "save by themselves" in x.value,
        "compare": _is_radio,
        "card_sort": _is_radio,
        "write_definition": lambda x: isinstance(x, w.Textarea),
        "why_word": lambda x: isinstance(x, w.Text),
        "misunderstandings": lambda x: isinstance(x, w.Checkbox),
        "progress": lambda x: isinstance(x, w.IntProgress),
        "download": lambda x: isinstance(x, w.HTML) and "download=" in x.value,
        "submit": lambda x: isinstance(x, w.Button) and x.description == "Submit this workbook",
        "exit_ticket": lambda x: isinstance(x, w.Textarea),
    }
    assert any(expected[name](x) for x in parts)


@pytest.mark.parametrize("name", _ACTIVITIES)
def test_every_control_is_labelled(name: str, store: MemoryStore) -> None:
    widget = getattr(define, name)(store=store)
    controls = [x for x in walk(widget) if _is_control(x)]
    if name in ("start", "download"):
        assert controls == [], f"{name} shows no controls"  # so there is nothing left unlabelled
    else:
        assert controls, f"{name} has no controls"
    if name == "card_sort":
        assert len(controls) == 16  # one labelled group per card
    for control in controls:
        description = getattr(control, "description", None)
        assert isinstance(description, str) and description.strip(), (
            f"{name}: unlabelled {type(control).__name__}"
        )


def test_start_shows_a_store_notice(store: MemoryStore) -> None:
    store.notice = "Your saved answers file could not be read."
    header = define.start(store=store)
    alerts = [x for x in walk(header) if isinstance(x, w.HTML) and 'role="alert"' in x.value]
    assert len(alerts) == 1
    assert "could not be read" in alerts[0].value


def test_activities_share_one_store(store: MemoryStore) -> None:
    writes = _writes(store)
    builder = define.write_definition(store=store)
    prog = define.progress()  # no store: uses the page's session
    builder.editor.input.value = (
        "Students co-design authentic, rigorous projects toward goals they choose with their teachers."
    )
    assert writes[-1][0] == KEYS["own_definition"]
    assert any(c.id == "own-definition" and c.met for c in prog.report.criteria)


def test_compare_offers_every_definition(store: MemoryStore, cat: Catalog) -> None:
    widget = define.compare(store=store)
    radio = next(x for x in walk(widget) if _is_radio(x))
    values = [v for _, v in radio.options]
    assert values == [cat.definition.id, *(a.id for a in cat.definition.alternatives)]
    radio.value = values[1]
    assert store.get(KEYS["compare"]) == values[1]


def _wait(cond: Callable[[], bool], timeout: float = 5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.01)
    return cond()


def test_activity_uses_save_delay_setting(store: MemoryStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLKIT_SAVE_DELAY", "0.05")
    widget = define.why_word(store=store)
    answer = next(x for x in walk(widget) if isinstance(x, ShortAnswer))
    assert answer.saver.debouncer.delay == 0.05
    answer.input.value = "agency"
    assert _wait(lambda: store.get(KEYS["why_word"]) == "agency")


def test_a_file_over_the_limit_is_refused_without_its_bytes() -> None:
    """The browser sends only the name and size of a file over ``max_bytes``; the kernel hears of
    it through ``on_too_big`` and never holds the bytes (and a page that sent them anyway is
    refused too)."""
    from plkit.ui.fileinput import FileInput

    got: list[tuple[str, object]] = []
    fi = FileInput(description="Upload", max_bytes=10)
    fi.on_file(lambda name, data: got.append(("file", len(data))))
    fi.on_too_big(lambda name, size: got.append(("too big", size)))
    fi._message(fi, {"kind": "too-big", "name": "huge.csv", "size": 10**9}, [])
    fi._message(fi, {"kind": "file", "name": "sneaky.csv", "size": 11}, [memoryview(b"x" * 11)])
    fi._message(fi, {"kind": "file", "name": "ok.csv", "size": 3}, [memoryview(b"abc")])
    assert got == [("too big", 10**9), ("too big", 11), ("file", 3)]
    assert "max" in fi._esm and "too-big" in fi._esm
