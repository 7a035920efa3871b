"""The challenge designer's introduction and Habits of Mind headlessly: the tensions and
strategies of personalizing (seed 002) with their sources and the optional, saved question;
the gradual-release stages credited from content; each habit's meaning beside its checkbox and
why self-directed learners need the habits (FAQ 5)."""

from __future__ import annotations

import dataclasses
import html
import re
from typing import Any

import ipywidgets as w
import pytest
from helpers_unit import walk

from plkit.content import Catalog
from plkit.store import MemoryStore
from plkit.ui.components import Choice, ReflectionBox
from plkit.workbooks.challenges import page as challenges
from plkit.workbooks.challenges.editor import why_habits_html
from plkit.workbooks.challenges.intro import STRATEGY_NOTE, STRATEGY_QUESTION, manageable_html, personalizable_html
from plkit.workbooks.challenges.keys import KEYS
from plkit.workbooks.challenges.widgets import ChallengeDesigner

pytestmark = pytest.mark.usefixtures("clean_session")  # conftest: fresh sessions, no delay


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore("challenges", "ana")


def page_text(root: object) -> str:
    """Every HTML widget's text and every control's label, tags removed, entities decoded."""
    parts = []
    for x in walk(root):
        if isinstance(x, w.HTML):
            parts.append(x.value)
        elif getattr(x, "description", None):
            parts.append(x.description)
    return html.unescape(re.sub(r"<[^>]+>", " ", " ".join(parts)))


def one(root: object, kind: type) -> Any:
    hits = [x for x in walk(root) if isinstance(x, kind)]
    assert len(hits) == 1, f"{len(hits)} {kind.__name__}"
    return hits[0]


# -- tensions and strategies ------------------------------------------------------------------


def test_every_tension_and_strategy_is_on_the_page_with_its_source(store: MemoryStore, cat: Catalog) -> None:
    assert cat.tensions and cat.strategies
    text = " ".join(page_text(challenges.background(store)).split())
    for item in [*cat.tensions, *cat.strategies]:
        assert item.name in text and " ".join(item.summary.split()) in text, item.id
        assert cat.cite(item.source) in text
    examples = [s for s in cat.strategies if s.example]
    assert examples, "content gives no strategy an example"
    for s in examples:
        assert " ".join(s.example.split()) in text
    assert "West Belden" in text and "Chicago" in text
    assert "Why personalizing is hard" in text and "What makes it manageable" in text


def test_the_strategy_question_is_optional_labelled_and_saved(store: MemoryStore, cat: Catalog) -> None:
    bg = challenges.background(store)
    choice, note = one(bg, Choice), one(bg, ReflectionBox)
    assert choice.input.description == STRATEGY_QUESTION and "(optional)" in STRATEGY_QUESTION
    assert note.input.description == STRATEGY_NOTE and "(optional)" in STRATEGY_NOTE
    assert [v for _, v in choice.input.options] == [s.id for s in cat.strategies] + ["other"]
    assert store.get(KEYS["strategy"]) is None  # nothing chosen until the teacher chooses
    choice.input.value = "flipped-or-blended"
    note.input.value = "Videos at home so I can conference with groups in class."
    note.flush()
    assert store.get(KEYS["strategy"]) == "flipped-or-blended"
    assert store.get(KEYS["strategy_note"]) == "Videos at home so I can conference with groups in class."
    again = challenges.background(store)
    assert one(again, Choice).value == "flipped-or-blended"
    assert one(again, ReflectionBox).value.startswith("Videos at home")


def test_the_strategy_question_does_not_change_completion(store: MemoryStore) -> None:
    p = challenges.progress(store)
    challenges.designer(store)
    before = (p.bar.value, p.report.complete)
    one(challenges.background(store), Choice).input.value = "student-ownership"
    assert (p.bar.value, p.report.complete) == before


def test_district_text_in_the_introduction_is_escaped(cat: Catalog) -> None:
    hostile = dataclasses.replace(cat.strategies[0], name="<script>x</script>", example="<img src=x>")
    out = manageable_html(dataclasses.replace(cat, strategies=[hostile]))
    assert "<script>" not in out and "<img" not in out and "&lt;script&gt;" in out


def test_an_introduction_without_tensions_or_strategies_shows_no_empty_list(cat: Catalog) -> None:
    assert manageable_html(dataclasses.replace(cat, tensions=[], strategies=[])) == ""
    only = manageable_html(dataclasses.replace(cat, tensions=[]))
    assert "What makes it manageable" in only and "Why personalizing is hard" not in only


# -- gradual release credited from content -------------------------------------------------


def test_the_stages_show_their_source_from_content(store: MemoryStore, cat: Catalog) -> None:
    assert cat.gradual_release and {s.source for s in cat.gradual_release} == {"fisher-frey-2008"}
    text = page_text(challenges.background(store))
    assert f"Source: {cat.cite('fisher-frey-2008')}." in " ".join(text.split())
    assert "Fisher" in text and "Frey" in text


def test_the_stages_credit_whatever_source_content_names(cat: Catalog) -> None:
    """Not a hard-coded attribution: a district that credits another source sees that one."""
    stages = [dataclasses.replace(s, source="zmuda-thompson-ebook") for s in cat.gradual_release]
    out = html.unescape(personalizable_html(dataclasses.replace(cat, gradual_release=stages)))
    stage_part = out[out.index("Handing over responsibility"):]
    assert cat.cite("zmuda-thompson-ebook") in stage_part and "Fisher" not in stage_part


# -- the Habits of Mind explained --------------------------------------------------------------


def test_each_habit_shows_its_meaning_with_its_checkbox(store: MemoryStore, cat: Catalog) -> None:
    d = ChallengeDesigner(store, cat, 0)
    assert d.editor is not None and len(cat.habits) == 16
    boxes = d.editor.habit_boxes
    assert list(boxes) == [h.id for h in cat.habits]
    for h in cat.habits:
        cb = boxes[h.id]
        assert cb.description == f"{h.name}: {h.summary}"  # visible text, not a tooltip
        assert not cb.description_allow_html and cb.tooltip in (None, "")
    boxes["persisting"].value = True
    assert store.get(next(k for k in store.all() if k.startswith("challenges.challenge.")))["habits"] == [
        "persisting"]


def test_why_self_directed_learners_need_the_habits_is_shown_with_its_source(
    store: MemoryStore, cat: Catalog
) -> None:
    faq = next(q for q in cat.faq if q.id == "why-habits-of-mind")
    d = ChallengeDesigner(store, cat, 0)
    text = " ".join(page_text(d).split())
    assert faq.question in text and " ".join(faq.summary.split()) in text
    assert cat.cite(faq.source) in text and cat.cite(cat.habits[0].source) in text
    # the note comes before the checkboxes, in the habits section
    assert text.index(faq.question) < text.index(f"{cat.habits[0].name}: ")


def test_without_the_faq_the_habits_still_name_their_source(cat: Catalog) -> None:
    out = why_habits_html(dataclasses.replace(cat, faq=[q for q in cat.faq if q.id != "why-habits-of-mind"]))
    assert "Why do we pair" not in out and "Costa" in out
    assert why_habits_html(dataclasses.replace(cat, faq=[], habits=[])) == ""
