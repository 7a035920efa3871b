"""The "Fifteen nightmares" widgets, headless: rate, switch views, click, type, and assert on
widget state and on the store."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w
import pytest
from helpers_unit import walk

from plkit.content import Catalog
from plkit.page import session
from plkit.page.progress import ProgressIndicator
from plkit.store import FileStore, MemoryStore
from plkit.ui.components import ReflectionBox
from plkit.ui.download import DownloadLinks
from plkit.ui.radiogroup import RadioGroup
from plkit.workbooks.nightmares import page as nightmares
from plkit.workbooks.nightmares.keys import KEYS, PLAN_FIELDS, plan_key
from plkit.workbooks.nightmares.model import NOT_SURE, plan_of, top_three
from plkit.workbooks.nightmares.widgets import (
    ActionPlans,
    NightmareCard,
    NightmareDeck,
    PriorityView,
    TopThreePicker,
)

pytestmark = pytest.mark.usefixtures("clean_session")  # conftest: fresh sessions, no delay


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore("nightmares", "ana")


def _id(cat: Catalog, number: int) -> str:
    return cat.nightmares[number - 1].id


def _title(cat: Catalog, number: int) -> str:
    return cat.nightmares[number - 1].title


def _shown(deck: NightmareDeck) -> list[int]:
    """Numbers of the cards on screen."""
    return [c.nightmare.number for c in deck.cards if c.layout.display != "none"]


def _rate_numbers(store: MemoryStore, cat: Catalog, **by_number: tuple[str, str]) -> None:
    store.set(KEYS["ratings"], {
        _id(cat, int(k[1:])): {"presence": p, "impact": i} for k, (p, i) in by_number.items()
    })


# -- rating cards -----------------------------------------------------------------------------


def test_card_rate_saves_and_keeps_other_ratings(store: MemoryStore, cat: Catalog) -> None:
    other = {"presence": "1", "impact": "2"}
    store.set(KEYS["ratings"], {_id(cat, 2): other})
    nm = cat.nightmares[0]
    card = NightmareCard(store, nm, "Professional development", 15, 0)
    assert card.presence.value is None and card.impact.value is None
    assert card.status.message == "Not rated yet."
    card.rate(presence="3")
    assert store.get(KEYS["ratings"]) == {_id(cat, 2): other, nm.id: {"presence": "3"}}
    card.rate(impact="2")
    assert store.get(KEYS["ratings"]) == {_id(cat, 2): other, nm.id: {"presence": "3", "impact": "2"}}
    assert card.status.state == "saved"
    card.rate(presence=NOT_SURE)
    assert store.get(KEYS["ratings"])[nm.id] == {"presence": NOT_SURE, "impact": "2"}
    again = NightmareCard(store, nm, "Professional development", 15, 0)
    assert (again.presence.value, again.impact.value) == (NOT_SURE, "2")
    assert f"Nightmare 1 of 15: {html.escape(nm.title)}" in again.text.value
    assert html.escape(nm.example) in again.text.value


def test_cards_of_one_deck_merge(store: MemoryStore, cat: Catalog) -> None:
    deck = NightmareDeck(store, cat, 0)
    deck.card(_id(cat, 1)).rate("3", "3")
    deck.card(_id(cat, 9)).rate("0", "1")
    deck.card(_id(cat, 15)).rate(NOT_SURE)
    assert store.get(KEYS["ratings"]) == {
        _id(cat, 1): {"presence": "3", "impact": "3"},
        _id(cat, 9): {"presence": "0", "impact": "1"},
        _id(cat, 15): {"presence": NOT_SURE},
    }
    with pytest.raises(KeyError):
        deck.card("no-such-nightmare")


def test_card_saves_despite_junk_saved_for_another_nightmare(store: MemoryStore,
                                                             cat: Catalog) -> None:
    """ratings_from ignores junk, so the card that merges into the saved ratings must too."""
    store.set(KEYS["ratings"], {_id(cat, 2): "3x2", _id(cat, 3): {"presence": "1"}})
    card = NightmareDeck(store, cat, 0).card(_id(cat, 1))
    card.rate("2", "2")
    saved = store.get(KEYS["ratings"])
    assert saved[_id(cat, 1)] == {"presence": "2", "impact": "2"}
    assert saved[_id(cat, 3)] == {"presence": "1"}


def test_two_tabs_keep_each_others_ratings(tmp_path: Path, cat: Catalog) -> None:
    """Two tabs (a kernel each, with its own FileStore on one folder), both open before rating."""
    tab1 = NightmareDeck(FileStore(tmp_path, "nightmares", "ana"), cat, 0)
    tab2 = NightmareDeck(FileStore(tmp_path, "nightmares", "ana"), cat, 0)
    a, b = _id(cat, 1), _id(cat, 2)
    tab1.card(a).rate("3", "3")
    tab2.card(b).rate("1", "2")
    tab2.card(a).rate(impact="1")  # tab 2 never saw tab 1's rating of A
    saved = FileStore(tmp_path, "nightmares", "ana").get(KEYS["ratings"])
    assert saved == {a: {"presence": "3", "impact": "1"}, b: {"presence": "1", "impact": "2"}}
    tab1.card(_id(cat, 3)).rate(NOT_SURE, NOT_SURE)
    saved = FileStore(tmp_path, "nightmares", "ana").get(KEYS["ratings"])
    assert set(saved) == {a, b, _id(cat, 3)}


# -- the deck ---------------------------------------------------------------------------------


def test_deck_starts_one_at_a_time(store: MemoryStore, cat: Catalog) -> None:
    deck = NightmareDeck(store, cat, 0)
    assert len(deck.cards) == 15
    assert deck.view.value == "one"
    assert _shown(deck) == [1]
    assert deck.nav.layout.display != "none"
    assert deck.prev.disabled and not deck.next.disabled
    assert "Showing nightmare 1 of 15." in deck.position.value
    assert store.get(KEYS["view"]) is None  # nothing chosen, nothing saved


def test_deck_previous_and_next(store: MemoryStore, cat: Catalog) -> None:
    deck = NightmareDeck(store, cat, 0)
    deck.next.click()
    assert _shown(deck) == [2]
    assert not deck.prev.disabled and not deck.next.disabled
    assert "Showing nightmare 2 of 15." in deck.position.value
    deck.prev.click()
    assert _shown(deck) == [1] and deck.prev.disabled
    deck.prev.click()  # disabled in the browser; a click here stays put
    assert _shown(deck) == [1]
    for expected in range(2, 16):
        deck.next.click()
        assert _shown(deck) == [expected]
    assert deck.next.disabled and not deck.prev.disabled
    assert "Showing nightmare 15 of 15." in deck.position.value
    deck.next.click()
    assert _shown(deck) == [15]
    deck.prev.click()
    assert _shown(deck) == [14] and not deck.next.disabled


def test_deck_view_toggle_is_saved_and_restored(store: MemoryStore, cat: Catalog) -> None:
    deck = NightmareDeck(store, cat, 0)
    deck.next.click()
    deck.next.click()
    deck.view.value = "all"
    assert _shown(deck) == list(range(1, 16))
    assert deck.nav.layout.display == "none"
    assert store.get(KEYS["view"]) == "all"
    again = NightmareDeck(store, cat, 0)
    assert again.view.value == "all"
    assert _shown(again) == list(range(1, 16))
    deck.view.value = "one"  # back to one at a time, where the teacher was
    assert _shown(deck) == [3]
    assert store.get(KEYS["view"]) == "one"
    assert _shown(NightmareDeck(store, cat, 0)) == [1]


def test_deck_ignores_a_junk_saved_view(store: MemoryStore, cat: Catalog) -> None:
    store.set(KEYS["view"], "grid")
    deck = NightmareDeck(store, cat, 0)
    assert deck.view.value == "one" and _shown(deck) == [1]


def test_deck_counts_rated_nightmares(store: MemoryStore, cat: Catalog) -> None:
    _rate_numbers(store, cat, n5=("1", "1"))
    deck = NightmareDeck(store, cat, 0)
    assert "1 of 15 nightmares rated." in deck.rated.value
    deck.cards[0].rate(presence="3")  # one scale only: not yet rated
    assert "1 of 15 nightmares rated." in deck.rated.value
    deck.cards[0].rate(impact="3")
    assert "2 of 15 nightmares rated." in deck.rated.value
    deck.cards[1].rate(presence=NOT_SURE)  # honestly not sure counts
    assert "3 of 15 nightmares rated." in deck.rated.value
    for card in deck.cards[2:]:
        card.rate(NOT_SURE, NOT_SURE)
    assert "15 of 15 nightmares rated." in deck.rated.value


# -- the priority chart and table -------------------------------------------------------------


def test_priority_view_follows_ratings(store: MemoryStore, cat: Catalog) -> None:
    pv = PriorityView(store, cat)
    assert "no nightmare rated yet" in pv.summary
    assert pv.table.value.count("Not rated") == 30
    assert "<svg" in pv.chart.value and 'aria-hidden="true"' in pv.chart.value
    _rate_numbers(store, cat, n4=("3", "3"), n9=("1", "2"))
    assert "for 2 rated nightmares" in pv.summary
    assert f"4. {_title(cat, 4)}" in pv.summary
    assert html.escape(pv.summary) in pv.chart.value  # the figure's label and caption
    assert "<!-- [4] -->" in pv.chart.value and "<!-- [9] -->" in pv.chart.value
    assert pv.table.value.count("Not rated") == 26
    first_row = pv.table.value.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert "<td>4</td>" in first_row and "<td>9</td>" in first_row
    store.set(KEYS["top_three"], [_id(cat, 9)])  # their own top three redraws too
    assert "<!-- 4 -->" in pv.chart.value and "<!-- [9] -->" in pv.chart.value


def test_priority_view_refresh_reads_another_tab(tmp_path: Path, cat: Catalog) -> None:
    pv = PriorityView(FileStore(tmp_path, "nightmares", "ana"), cat)
    other = FileStore(tmp_path, "nightmares", "ana")
    other.set(KEYS["ratings"], {_id(cat, 12): {"presence": "2", "impact": "2"}})
    assert "no nightmare rated yet" in pv.summary  # another kernel's save sends no event here
    pv.refresh()
    assert f"12. {_title(cat, 12)}" in pv.summary
    assert "<!-- [12] -->" in pv.chart.value


# -- the top three ----------------------------------------------------------------------------


def _picked(picker: TopThreePicker) -> list[str]:
    return [p.value for p in picker.pickers]


def test_top_three_picker_follows_the_suggestion(store: MemoryStore, cat: Catalog) -> None:
    picker = TopThreePicker(store, cat)
    assert picker.value == [] and _picked(picker) == ["", "", ""]
    assert "rate some nightmares first" in picker.suggestion.value
    _rate_numbers(store, cat, n2=("2", "2"), n6=("3", "3"), n11=("1", "1"), n13=("0", "3"))
    ids = [_id(cat, 6), _id(cat, 2), _id(cat, 11)]
    assert picker.value == ids and _picked(picker) == ids
    assert html.escape(f"6. {_title(cat, 6)}; 2. {_title(cat, 2)}; 11. {_title(cat, 11)}") in (
        picker.suggestion.value
    )
    assert store.get(KEYS["top_three"]) is None  # following the suggestion saves nothing
    _rate_numbers(store, cat, n2=("2", "2"), n6=("3", "3"), n11=("1", "1"), n13=("3", "3"))
    assert picker.value == [_id(cat, 6), _id(cat, 13), _id(cat, 2)]
    assert _picked(picker) == picker.value


def test_top_three_picker_own_choice_and_reset(store: MemoryStore, cat: Catalog) -> None:
    seen: list[list[str]] = []
    _rate_numbers(store, cat, n2=("2", "2"), n6=("3", "3"), n11=("1", "1"))
    picker = TopThreePicker(store, cat, on_change=seen.append)
    suggestion = [_id(cat, 6), _id(cat, 2), _id(cat, 11)]
    assert picker.value == suggestion  # from the ratings, before any choice
    labels = [label for label, _ in picker.pickers[0].options]
    assert labels[0] == "(none)" and labels[1:] == [f"{n.number}. {n.title}" for n in cat.nightmares]
    picker.pickers[0].value = _id(cat, 15)
    own = [_id(cat, 15), _id(cat, 2), _id(cat, 11)]
    assert store.get(KEYS["top_three"]) == own
    assert picker.value == own and seen[-1] == own
    assert "chosen your own top three" in picker.suggestion.value
    assert picker.status.state == "saved"
    picker.pickers[2].value = _id(cat, 15)  # a duplicate is dropped
    assert store.get(KEYS["top_three"]) == [_id(cat, 15), _id(cat, 2)]
    assert _picked(picker) == [_id(cat, 15), _id(cat, 2), ""]
    _rate_numbers(store, cat, n2=("2", "2"), n6=("3", "3"), n11=("1", "1"), n1=("3", "3"))
    assert picker.value == [_id(cat, 15), _id(cat, 2)]  # new ratings do not override a choice
    picker.reset.click()
    assert store.get(KEYS["top_three"]) is None
    back = [_id(cat, 1), _id(cat, 6), _id(cat, 2)]
    assert picker.value == back and _picked(picker) == back and seen[-1] == back
    assert "chosen your own" not in picker.suggestion.value
    picker.choose([_id(cat, 4), "no-such-nightmare", _id(cat, 4), _id(cat, 5), _id(cat, 7),
                   _id(cat, 8)])
    assert store.get(KEYS["top_three"]) == [_id(cat, 4), _id(cat, 5), _id(cat, 7)]
    picker.use_suggestion()
    assert picker.value == back and store.get(KEYS["top_three"]) is None


def test_top_three_picker_reload_shows_own_choice(store: MemoryStore, cat: Catalog) -> None:
    _rate_numbers(store, cat, n2=("2", "2"), n6=("3", "3"))
    store.set(KEYS["top_three"], [_id(cat, 9)])
    picker = TopThreePicker(store, cat)
    assert _picked(picker) == [_id(cat, 9), "", ""]
    assert store.get(KEYS["top_three"]) == [_id(cat, 9)]  # showing it saved nothing new


# -- action plans -----------------------------------------------------------------------------


def _form_numbers(plans: ActionPlans, cat: Catalog) -> list[int]:
    by_id = {n.id: n.number for n in cat.nightmares}
    forms = {id(f): nid for nid, f in plans.forms.items()}
    return [by_id[forms[id(child)]] for child in plans.children]


def test_action_plans_before_any_rating(store: MemoryStore, cat: Catalog) -> None:
    plans = ActionPlans(store, cat, 0)
    assert len(plans.children) == 1 and isinstance(plans.children[0], w.HTML)
    assert "Rate the nightmares" in plans.children[0].value
    assert plans.forms == {}


def test_action_plans_for_exactly_the_top_three(store: MemoryStore, cat: Catalog) -> None:
    _rate_numbers(store, cat, n3=("3", "3"), n7=("3", "2"), n10=("1", "1"), n1=("0", "3"))
    plans = ActionPlans(store, cat, 30)  # a long delay: only flush() saves
    assert _form_numbers(plans, cat) == [3, 7, 10]
    form = plans.forms[_id(cat, 3)]
    assert f"Plan for nightmare 3: {html.escape(_title(cat, 3))}" in form.children[0].value
    boxes = plans.fields[_id(cat, 3)]
    assert list(boxes) == list(PLAN_FIELDS)
    first = boxes["first-step"]
    first.input.value = "Ask the students what they need."
    assert store.get(plan_key(_id(cat, 3), "first-step")) is None
    first.flush()
    assert store.get(plan_key(_id(cat, 3), "first-step")) == "Ask the students what they need."
    plans.fields[_id(cat, 7)]["who"].input.value = "Heads of year"
    plans.flush()
    assert plan_of(store.all(), _id(cat, 7)) == {"who": "Heads of year"}


def test_changing_the_top_three_swaps_forms_and_keeps_plans(store: MemoryStore,
                                                            cat: Catalog) -> None:
    _rate_numbers(store, cat, n3=("3", "3"), n7=("3", "2"), n10=("1", "1"))
    plans = ActionPlans(store, cat, 0)
    picker = TopThreePicker(store, cat)
    a = _id(cat, 3)
    plans.fields[a]["first-step"].input.value = "Hold a listening meeting."
    plans.fields[a]["by-when"].input.value = "Friday"
    picker.choose([_id(cat, 12), _id(cat, 7)])
    assert _form_numbers(plans, cat) == [12, 7]
    assert plan_of(store.all(), a) == {"first-step": "Hold a listening meeting.", "by-when": "Friday"}
    assert a not in top_three(store.all(), [n.id for n in cat.nightmares])
    picker.reset.click()
    assert _form_numbers(plans, cat) == [3, 7, 10]
    assert plans.fields[a]["first-step"].value == "Hold a listening meeting."
    # a fresh page (a reload) shows the kept plan too
    reloaded = ActionPlans(store, cat, 0)
    assert reloaded.fields[a]["first-step"].input.value == "Hold a listening meeting."
    assert reloaded.fields[a]["by-when"].input.value == "Friday"


# -- the workbook's activities ----------------------------------------------------------------

_ACTIVITIES = ["start", "rate", "priorities", "action_plans", "yes_buts", "reflect", "progress",
               "download", "exit_ticket", "submit"]
_CONTROLS = (RadioGroup, w.Dropdown, w.Textarea, w.Text, w.Button, w.IntProgress, w.Checkbox,
             w.RadioButtons)


def _full(store: MemoryStore, cat: Catalog) -> None:
    _rate_numbers(store, cat, **{f"n{n.number}": (str(n.number % 4), str(1 + n.number % 3))
                                 for n in cat.nightmares})


def test_activity_list_matches_module() -> None:
    assert sorted(_ACTIVITIES) == sorted(n for n in nightmares.__all__ if n != "WORKBOOK")


@pytest.mark.parametrize("name", _ACTIVITIES)
def test_every_control_is_labelled(name: str, store: MemoryStore, cat: Catalog) -> None:
    _full(store, cat)  # so that the action plans show their forms
    widget = getattr(nightmares, name)(store=store)
    assert isinstance(widget, w.Box)
    assert session.session(nightmares.WORKBOOK).store is store
    controls = [x for x in walk(widget) if isinstance(x, _CONTROLS)]
    expected = {
        "start": 0,
        "rate": 1 + 15 * 2 + 15 + 2,  # view, two scales and a note per card, Previous, Next
        "priorities": 3 + 1,  # three dropdowns and the reset button
        "action_plans": 1 + 3 * len(PLAN_FIELDS),
        "yes_buts": 1,
        "reflect": 1,
        "progress": 1,
        "download": 0,
        "submit": 1,  # the submit button
        "exit_ticket": 4,  # two rating scales, two text boxes
    }
    assert len(controls) == expected[name], [type(c).__name__ for c in controls]
    for control in controls:
        description = getattr(control, "description", None)
        assert isinstance(description, str) and description.strip(), (
            f"{name}: unlabelled {type(control).__name__}"
        )


def test_activities_save_under_their_prompt_ids(store: MemoryStore, cat: Catalog) -> None:
    for name, key in (("yes_buts", "yes_buts"), ("reflect", "reflective")):
        box = getattr(nightmares, name)(store=store)
        assert isinstance(box, ReflectionBox)
        box.input.value = f"Text for {name}"
        box.flush()
        assert store.get(KEYS[key]) == f"Text for {name}"
    plans = nightmares.action_plans(store=store)
    not_fail = next(x for x in walk(plans) if isinstance(x, ReflectionBox))
    not_fail.input.value = "Drop the bells."
    assert store.get(KEYS["not_fail"]) == "Drop the bells."
    assert any(isinstance(x, w.HTML) and "Zmuda" in x.value for x in walk(plans))


def test_progress_reaches_complete(store: MemoryStore, cat: Catalog) -> None:
    p = nightmares.progress(store=store)
    assert isinstance(p, ProgressIndicator)
    assert (p.bar.value, p.bar.max) == (0, 3)
    assert "0 of 3 steps done" in p.text.value
    deck = nightmares.rate()  # the page's session: the same store
    for card in deck.cards:
        card.rate(NOT_SURE if card.nightmare.number == 8 else "2",
                  None if card.nightmare.number == 8 else "3")
    assert p.bar.value == 1
    plans = nightmares.action_plans()
    first = plans.children[-1].fields[_id(cat, 1)]["first-step"]  # all score 6: seed order
    first.input.value = "Start small."
    assert p.bar.value == 2 and not p.report.complete
    nightmares.reflect().input.value = "We need time to work together."
    assert p.bar.value == p.bar.max == 3
    assert p.report.complete and p.bar.bar_style == "success"
    assert "All steps done" in p.text.value


def test_download_carries_the_plan(store: MemoryStore, cat: Catalog) -> None:
    d = nightmares.download(store=store)
    assert isinstance(d, DownloadLinks)
    assert set(d.files) == {"action-plan.html", "action-plan.md"}
    assert "Rate the nightmares to find your top three." in d.files["action-plan.md"]
    _rate_numbers(store, cat, n5=("3", "3"))
    store.set(plan_key(_id(cat, 5), "first-step"), "Write the <plan> & share it.")
    store.set(KEYS["yes_buts"], "What about time?")
    md, page = d.files["action-plan.md"], d.files["action-plan.html"]
    assert f"## 1. {_title(cat, 5)} (nightmare 5)" in md
    assert "**First step:** Write the <plan> & share it." in md
    assert "What about time?" in md
    assert "Write the &lt;plan&gt; &amp; share it." in page
    assert 'download="action-plan.html"' in d.links.value and 'download="action-plan.md"' in d.links.value
