""""Looking back" without a browser: the knowledge check asked again with feedback only once an
item is answered, the participant's own change against their first attempt in "Start here" (and
a plain word when they skipped it), completion, the one-page summary and the facilitator's view
(shares of the same people before and after, nothing under three, never a name)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest
import voila.utils
from helpers_unit import walk

import plkit.workbooks.looking_back.page as page
from plkit.completion import evaluate
from plkit.content import Catalog
from plkit.content.model import KnowledgeItem
from plkit.page import ahead
from plkit.privacy import MIN_RESPONSES
from plkit.registry import WORKBOOKS, get
from plkit.store import FileStore, MemoryStore, store_for
from plkit.ui.radiogroup import RadioGroup
from plkit.workbooks.looking_back.group import group_view
from plkit.workbooks.looking_back.keys import KEYS
from plkit.workbooks.looking_back.model import my_change, rows, summary_sentence
from plkit.workbooks.looking_back.takeaway import summary_html, summary_markdown
from plkit.workbooks.looking_back.widgets import ChangeView, KnowledgeReview, feedback
from plkit.workbooks.start_here.keys import KEYS as START

pytestmark = pytest.mark.usefixtures("clean_session")


@pytest.fixture
def items(cat: Catalog) -> list[KnowledgeItem]:
    return cat.knowledge


def wrong(i: KnowledgeItem) -> str:
    return next(o.id for o in i.options if o.id != i.answer)


def pre_of(items: list[KnowledgeItem], right: int) -> dict[str, Any]:
    """Start here's answers: the first ``right`` items right, the rest wrong."""
    return {START["knowledge_pre"]: {i.id: i.answer if n < right else wrong(i) for n, i in enumerate(items)}}


# -- the registry and the page ----------------------------------------------------------------


def test_registered_as_the_closing_workbook_after_the_day() -> None:
    wb = get("looking-back")
    assert (wb.package, wb.folder, wb.notebook, wb.stage, wb.minutes) == (
        "looking_back", "looking-back", "looking-back.ipynb", "closing", 15)
    assert wb.title == "Looking back: what changed for you"
    ids = [w.id for w in WORKBOOKS]
    day = [w for w in WORKBOOKS if w.stage == "day"]
    later = [w for w in WORKBOOKS if w.stage == "follow-up"]
    assert all(ids.index(d.id) < ids.index(wb.id) for d in day)
    assert all(ids.index(f.id) > ids.index(wb.id) for f in later)


def test_every_control_is_labelled(cat: Catalog) -> None:
    store = MemoryStore("looking-back", "ana")
    for fn in (page.start, *page.PAGE):
        for x in walk(fn(store=store)):
            if isinstance(x, RadioGroup) or type(x).__name__ in ("Textarea", "Text", "Dropdown"):
                assert x.description.strip(), f"{fn.__name__}: unlabelled {type(x).__name__}"


# -- the second attempt: feedback only once answered -------------------------------------------


def test_no_feedback_until_an_item_is_answered_then_right_or_not_and_why(items: list[KnowledgeItem]) -> None:
    store = MemoryStore("looking-back", "ana")
    review = KnowledgeReview(store, items)
    groups = [i.input for i in review.items]
    assert len(groups) == len(items) and all(g.note == "" and g.tone == "" for g in groups)
    first, second = items[0], items[1]
    review.answer(first.id, first.answer)
    assert groups[0].tone == "ok" and groups[0].note == f"Right. {first.explanation}"
    assert all(g.note == "" for g in groups[1:])  # the others still say nothing
    review.answer(second.id, wrong(second))
    right_text = next(o.text for o in second.options if o.id == second.answer)
    assert groups[1].tone == "look" and right_text in groups[1].note and second.explanation in groups[1].note
    review.answer(second.id, second.answer)  # the note follows a change of mind
    assert groups[1].tone == "ok"
    assert store.get(KEYS["knowledge_post"]) == {first.id: first.answer, second.id: second.answer}


def test_a_reload_keeps_answers_and_their_feedback(tmp_path: Path, items: list[KnowledgeItem]) -> None:
    folder = tmp_path / "looking-back"
    KnowledgeReview(FileStore(folder, "looking-back", "ana"), items).answer(items[2].id, wrong(items[2]))
    again = KnowledgeReview(FileStore(folder, "looking-back", "ana"), items)
    assert again.items[2].input.value == wrong(items[2]) and again.items[2].input.tone == "look"
    assert again.items[3].input.note == ""
    assert "Saved earlier" in again.items[2].status.message


def test_feedback_says_nothing_for_an_answer_that_is_not_an_option(items: list[KnowledgeItem]) -> None:
    assert feedback(items[0], None) == ("", "")
    assert feedback(items[0], "no-such-option") == ("", "")


# -- the participant's own change --------------------------------------------------------------


def test_the_change_follows_every_answer(cat: Catalog, items: list[KnowledgeItem]) -> None:
    store = MemoryStore("looking-back", "ana")
    review = KnowledgeReview(store, items)
    view = ChangeView(store, cat, pre_of(items, 4))
    assert "The first time: 4 of 16 right. Now: 0 of 16 right (0 answered)." in view.summary.value
    for i in items:
        review.answer(i.id, i.answer)
    assert view.change.now.right == len(items)
    assert "That is 12 more right than at the start of the day." in view.summary.value
    table = view.table.value
    assert "<caption>" in table and table.count("<tr>") == len(items) + 1
    assert "Right both times" in table and "Right now, not the first time" in table
    assert "1. Is this personalized learning, and why? (Role of teachers)" in table


def test_a_skipped_first_attempt_is_said_plainly(cat: Catalog, items: list[KnowledgeItem]) -> None:
    store = MemoryStore("looking-back", "ana")
    store.set(KEYS["knowledge_post"], {i.id: i.answer for i in items[:10]})
    view = ChangeView(store, cat, {})
    assert "You did not take the knowledge check in Start here" in view.summary.value
    assert "Now: 10 of 16 right (10 answered)" in view.summary.value
    assert "The first time" not in view.table.value and "Change" not in view.table.value


def test_a_fall_and_no_change_are_said_too(items: list[KnowledgeItem]) -> None:
    post = {i.id: i.answer if n < 3 else wrong(i) for n, i in enumerate(items)}
    fewer = my_change(pre_of(items, 5), {KEYS["knowledge_post"]: post}, items)
    assert "2 fewer right" in summary_sentence(fewer)
    same = my_change(pre_of(items, 3), {KEYS["knowledge_post"]: post}, items)
    assert "The same number right" in summary_sentence(same)


def test_the_page_reads_the_first_attempt_saved_in_start_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              items: list[KnowledgeItem]) -> None:
    monkeypatch.delenv("PLKIT_STORE_DIR", raising=False)
    FileStore(tmp_path / "start-here", "start-here", "ana").set_many(pre_of(items, 6))
    (tmp_path / "looking-back").mkdir()
    monkeypatch.chdir(tmp_path / "looking-back")
    view = page.change()
    assert isinstance(view, ChangeView) and view.change.has_pre and view.change.before is not None
    assert view.change.before.right == 6
    assert not (tmp_path / "looking-back" / "plkit-responses.json").exists()  # reading writes nothing


# -- completion ---------------------------------------------------------------------------------


def test_complete_once_every_item_is_answered_in_the_second_attempt(items: list[KnowledgeItem]) -> None:
    assert not evaluate("looking-back", {}).complete
    some = {i.id: i.answer for i in items[:-1]}
    report = evaluate("looking-back", {KEYS["knowledge_post"]: some})
    assert not report.complete and f"{len(items) - 1} of {len(items)} answered" in report.criteria[0].todo
    all_wrong = {i.id: wrong(i) for i in items}
    assert evaluate("looking-back", {KEYS["knowledge_post"]: all_wrong}).complete  # answered, not right
    bad = {**all_wrong, items[0].id: "no-such-option"}
    assert not evaluate("looking-back", {KEYS["knowledge_post"]: bad}).complete
    assert not evaluate("looking-back", {KEYS["take_back"]: "one two three four five six"}).complete


def test_progress_follows_the_answers(items: list[KnowledgeItem]) -> None:
    store = MemoryStore("looking-back", "ana")
    review = page.knowledge_check(store=store)
    prog = page.progress(store=store)
    assert not prog.report.complete
    checker = next(x for x in walk(review) if isinstance(x, KnowledgeReview))
    for i in items:
        checker.answer(i.id, wrong(i))
    assert prog.report.complete


# -- the summary to take away ------------------------------------------------------------------


def test_the_summary_shows_the_change_and_what_they_take_back(cat: Catalog, items: list[KnowledgeItem]) -> None:
    answers = {KEYS["knowledge_post"]: {i.id: i.answer for i in items},
               KEYS["take_back"]: "Student-led conferences <b>first</b>\n\nThen the card sort with my team"}
    day = date(2026, 11, 30)
    html = summary_html(answers, pre_of(items, 7), cat, day)
    assert "What changed for me today" in html and "2026-11-30" in html
    assert "The first time: 7 of 16 right. Now: 16 of 16 right." in html
    assert "&lt;b&gt;first&lt;/b&gt;" in html and "<b>first</b>" not in html
    assert html.count("<tr>") == len(items) + 1 and "Content-Security-Policy" in html
    md = summary_markdown(answers, pre_of(items, 7), cat, day)
    assert "| Question | The first time | Now | Change |" in md and md.count("\n| ") == len(items) + 1
    assert "Then the card sort with my team" in md
    skipped = summary_markdown(answers, {}, cat, day)
    assert "You did not take the knowledge check" in skipped and "| Question | Now |" in skipped
    assert "_Not written yet._" in summary_markdown({}, {}, cat, day)


def test_the_download_links_carry_the_first_attempt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    items: list[KnowledgeItem]) -> None:
    monkeypatch.delenv("PLKIT_STORE_DIR", raising=False)
    FileStore(tmp_path / "start-here", "start-here", "ana").set_many(pre_of(items, 2))
    (tmp_path / "looking-back").mkdir()
    monkeypatch.chdir(tmp_path / "looking-back")
    links = page.download()
    page.knowledge_check()  # the same session's store
    md = links.files["summary-of-my-day.md"]
    assert "The first time: 2 of 16 right" in md
    assert isinstance(links.links, w.HTML) and "summary of my day (web page" in links.links.value


# -- the facilitator's view ------------------------------------------------------------------


def _people(items: list[KnowledgeItem], n: int, right_before: int, right_after: int) -> tuple[dict[str, Any], ...]:
    pre = {f"person-{k}": pre_of(items, right_before) for k in range(n)}
    post = {f"person-{k}": {KEYS["knowledge_post"]: {i.id: i.answer if m < right_after else wrong(i)
                                                     for m, i in enumerate(items)}} for k in range(n)}
    return pre, post


def test_nothing_is_shown_under_three_pairs(items: list[KnowledgeItem]) -> None:
    pre, post = _people(items, MIN_RESPONSES - 1, 2, 8)
    post["only-at-the-end"] = post["person-0"]
    pre["only-at-the-start"] = pre["person-0"]
    g = group_view(pre, post, items)
    assert not g.enough and g.items == [] and g.pairs == MIN_RESPONSES - 1
    assert (g.only_before, g.only_after) == (1, 1)
    assert "at least 3" in g.message


def test_shares_before_and_after_are_of_the_same_people_and_name_no_one(items: list[KnowledgeItem]) -> None:
    pre, post = _people(items, 4, 2, 8)
    post["late-arrival"] = {KEYS["knowledge_post"]: {i.id: wrong(i) for i in items}}  # no first attempt
    pre["left-early"] = {START["knowledge_pre"]: {i.id: i.answer for i in items}}
    pre["skipped"] = {START["role"]: "coach"}  # answered the intake, not the check
    g = group_view(pre, post, items)
    assert g.enough and g.pairs == 4 and (g.only_before, g.only_after) == (1, 1)
    shares = {s.item: (s.before, s.after) for s in g.items}
    assert shares[items[0].id] == (1.0, 1.0) and shares[items[5].id] == (0.0, 1.0)
    assert shares[items[-1].id] == (0.0, 0.0)
    assert g.before == pytest.approx(2 / len(items)) and g.after == pytest.approx(8 / len(items))
    assert not any(name in repr(g) for name in [*pre, *post])


def test_an_item_answered_by_too_few_shows_no_share(items: list[KnowledgeItem]) -> None:
    pre, post = _people(items, 3, 5, 5)
    del post["person-0"][KEYS["knowledge_post"]][items[0].id]
    g = group_view(pre, post, items)
    shares = {s.item: (s.before, s.after) for s in g.items}
    assert shares[items[0].id] == (1.0, None) and shares[items[1].id] == (1.0, 1.0)


def test_rows_leave_the_first_time_empty_without_one(cat: Catalog, items: list[KnowledgeItem]) -> None:
    c = my_change({}, {KEYS["knowledge_post"]: {items[0].id: items[0].answer}}, items)
    r = rows(c, items, cat)
    assert r[0].before == "" and r[0].now == "Right" and r[1].now == "Not answered"


# -- a page built ahead in a preheated kernel ----------------------------------------------------


def test_a_first_attempt_saved_while_a_preheated_kernel_waited_is_on_the_page(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, items: list[KnowledgeItem]) -> None:
    """Only this workbook's answers decide whether a page built ahead is current; the first
    attempt lives in Start here, so the change and the summary read it again on opening."""
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("PLKIT_STORE_DIR", str(tmp_path / "store"))
    monkeypatch.setenv("PLKIT_SECRET_FILE", str(tmp_path / "secret"))
    store_for("looking-back").set(KEYS["take_back"], "Conferences")  # so the page is built ahead
    monkeypatch.setattr(voila.utils, "wait_for_request",
                        lambda url=None: store_for("start-here").set_many(pre_of(items, 5)))
    head = page.start()
    assert "plkit-built-ahead" in head._dom_classes  # the page was built while waiting
    view = page.change()
    links = page.download()
    assert ahead.built_ahead("looking-back") is not None
    assert isinstance(view, ChangeView) and view.change.before is not None and view.change.before.right == 5
    assert "The first time: 5 of 16 right" in links.files["summary-of-my-day.md"]
