""""Start here" headlessly: answering updates the recommendation, choosing a pathway saves it,
a reload restores it, and every control is labelled."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import ipywidgets as w
import pytest
from helpers_unit import walk

from plkit.home import pathway_of, show
from plkit.page import session
from plkit.store import FileStore, MemoryStore
from plkit.workbooks.start_here import page as start_here
from plkit.workbooks.start_here.keys import KEYS
from plkit.workbooks.start_here.model import chosen_pathway
from plkit.workbooks.start_here.widgets import IntakeForm, PathwayChooser, RecommendationView

_ACTIVITIES = [n for n in start_here.__all__ if n not in ("WORKBOOK", "LINK_PREFIX")]


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("PLKIT_CONTENT_DIR", raising=False)
    monkeypatch.delenv("PLKIT_STORE_DIR", raising=False)
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("PLKIT_SAVE_DELAY", "0")
    session.reset()
    yield
    session.reset()


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore("start-here", "ana")


def _controls(widget: object) -> list[object]:
    out = []
    for x in walk(widget):
        if isinstance(x, (w.HTML, w.Box)):
            continue
        has = getattr(x, "has_trait", None)
        if isinstance(x, w.Button) or (has and has("value")):
            out.append(x)
    return out


def _page(store: MemoryStore) -> tuple[IntakeForm, RecommendationView, PathwayChooser]:
    form = start_here.questions(store=store)
    view = start_here.recommendation()
    chooser = start_here.choose()
    return form, view, chooser


@pytest.mark.parametrize("name", _ACTIVITIES)
def test_every_control_is_labelled(name: str, store: MemoryStore) -> None:
    widget = getattr(start_here, name)(store=store)
    controls = _controls(widget)
    if name in ("start", "recommendation"):
        assert controls == [], f"{name} shows no controls"  # so there is nothing left unlabelled
    else:
        assert controls, f"{name} has no controls"
    for control in controls:
        description = getattr(control, "description", None)
        assert isinstance(description, str) and description.strip(), (
            f"{name}: unlabelled {type(control).__name__}"
        )


def test_answering_updates_the_recommendation(store: MemoryStore) -> None:
    form, view, chooser = _page(store)
    assert "Answer the questions above" in view.html.value
    form.role.input.value = "classroom-teacher"
    assert store.get(KEYS["role"]) == "classroom-teacher"
    assert view.pathway.ids[0] == "challenges"
    form.experience.input.value = "new"
    assert view.pathway.ids[:2] == ["defining", "challenges"]
    assert "Based on your answers" in view.html.value
    assert 'href="../defining/defining-personalized-learning.ipynb"' in view.html.value
    assert "Start at: section 1, Compare the definitions" in view.html.value
    assert "start with Defining personalized learning" in view.announce.value
    # not confirmed yet: the chooser shows the recommendation and nothing is saved as a pathway
    assert [p.value for p in chooser.pickers][:2] == ["defining", "challenges"]
    assert store.get(KEYS["pathway"]) is None


def test_checkboxes_and_free_text_save(store: MemoryStore) -> None:
    form, view, _ = _page(store)
    form.hopes.boxes["class-data"].value = True
    form.worries.boxes["no-definition"].value = True
    form.hopes_other.input.value = "Time to plan with my team"
    assert store.get(KEYS["hopes"]) == ["class-data"]
    assert store.get(KEYS["worries"]) == ["no-definition"]
    assert store.get(KEYS["hopes_other"]) == "Time to plan with my team"
    assert "1 nightmare," in view.html.value


def test_accepting_the_recommendation_saves_it(store: MemoryStore) -> None:
    form, view, chooser = _page(store)
    form.role.input.value = "school-leader"
    form.experience.input.value = "new"
    chooser.accept.click()
    saved = store.get(KEYS["pathway"])
    assert saved == {"order": view.pathway.ids, "source": "recommended"}
    assert "recommendation you accepted" in chooser.summary.value
    form.experience.input.value = "practising"  # the answers change; the accepted pathway stays
    assert store.get(KEYS["pathway"]) == saved
    assert "Your answers have changed since" in chooser.summary.value


def test_choosing_an_order_swaps_and_saves(store: MemoryStore) -> None:
    form, _view, chooser = _page(store)
    form.experience.input.value = "new"
    before = [p.value for p in chooser.pickers]
    assert before[0] == "defining"
    chooser.pickers[0].value = before[1]  # move the second workbook to the front: a swap
    assert chosen_pathway(store.all()) == [before[1], before[0], *before[2:]]
    assert store.get(KEYS["pathway"])["source"] == "own"
    assert [p.value for p in chooser.pickers] == [before[1], before[0], *before[2:]]
    chooser.pickers[-1].value = ""  # leave the last one out
    assert chosen_pathway(store.all()) == [before[1], before[0], *before[2:-1]]
    assert "your own order" in chooser.summary.value
    assert chooser.status.state == "saved"


def test_reload_restores_answers_and_pathway(tmp_path: Path) -> None:
    folder = tmp_path / "start-here"
    first = FileStore(folder, "start-here", "ana")
    form, _view, chooser = _page(first)
    form.role.input.value = "coach"
    form.experience.input.value = "leading"
    form.hopes.boxes["getting-started"].value = True
    chooser.choose(["nightmares", "defining"])
    session.reset()

    again = FileStore(folder, "start-here", "ana")
    form, view, chooser = _page(again)
    assert form.role.input.value == "coach" and form.experience.input.value == "leading"
    assert form.hopes.boxes["getting-started"].value is True
    assert [p.value for p in chooser.pickers][:3] == ["nightmares", "defining", ""]
    assert "Saved earlier" in chooser.status.message
    assert view.pathway.ids[0] == "challenges"  # the recommendation is still shown beside it


def test_progress_follows_the_intake(store: MemoryStore) -> None:
    form, _view, chooser = _page(store)
    prog = start_here.progress()
    assert prog.report.done == 0
    form.role.input.value = "other"
    form.experience.input.value = "exploring"
    assert prog.report.done == 2
    chooser.accept.click()
    assert prog.report.complete


def test_home_lists_workbooks_in_the_chosen_order(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert pathway_of(ws) is None
    store = FileStore(ws / "start-here", "start-here", "ana")
    PathwayChooser(store, start_here.WORKBOOKS).choose(["challenges", "defining"])
    assert pathway_of(ws) == ["challenges", "defining"]
    listing = next(x for x in walk(show(ws)) if isinstance(x, w.HTML) and "<nav" in x.value).value
    positions = [listing.index(f">{t}</a>") for t in
                 ("Start here", "Designing guardrailed challenges", "Defining personalized learning",
                  "Fifteen nightmares")]
    assert positions == sorted(positions)
    assert "Step 1 of your pathway" in listing and "Your pathway</strong>" in listing
