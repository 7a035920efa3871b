"""The "Sharing the why" workbook without a browser: feedback on a draft, the "yes, buts", the
roadmap, completion, the facilitator's view and the takeaway."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from helpers_unit import walk

import plkit.workbooks.sharing.page as page
from plkit.completion import evaluate
from plkit.content import Catalog
from plkit.store import FileStore, MemoryStore
from plkit.workbooks.defining.keys import KEYS as DEFINING
from plkit.workbooks.sharing.group import group_view
from plkit.workbooks.sharing.keys import KEYS
from plkit.workbooks.sharing.model import draft_feedback, jargon_in
from plkit.workbooks.sharing.plan import complete_rows, own_questions, roadmap_rows
from plkit.workbooks.sharing.takeaway import roadmap_html, roadmap_markdown
from plkit.workbooks.sharing.widgets import MAX_ROWS, MessageDraft, RoadmapEditor, YesButs

pytestmark = pytest.mark.usefixtures("clean_session")

GOOD = ("Dear families, this year your child will have more say in how they learn, because we "
        "want every student to find work that matters to them. For example, last week students "
        "chose how to show what they learned about plants: some built models, some wrote "
        "stories. Come and visit our class on Friday to see their work and tell us your questions.")
PUSHY = ("Research shows that differentiated instruction and formative assessment with robust "
         "metacognition scaffolding is clearly the best way, and you must trust us on this, "
         "because competency-based pedagogy produces undeniably superior learner profile outcomes.")


def checks(text: str, audience: str | None, cat: Catalog, why: str = "") -> dict[str, bool]:
    return {c.id: c.ok for c in draft_feedback(text, audience, cat.jargon, why).checks}


def test_a_warm_plain_message_does_everything(cat: Catalog) -> None:
    assert checks(GOOD, "families", cat) == dict.fromkeys(
        ["reading", "jargon", "why", "example", "invites", "not-selling"], True)


def test_a_jargon_heavy_pushy_message_gets_advice_on_each_point(cat: Catalog) -> None:
    got = checks(PUSHY, "families", cat)
    assert got == {"reading": False, "jargon": False, "why": True, "example": False,
                   "invites": False, "not-selling": False}
    fb = draft_feedback(PUSHY, "families", cat.jargon)
    found = [term for term, _ in fb.jargon]
    assert {"differentiated instruction", "formative assessment", "metacognition", "scaffolding",
            "pedagogy", "learner profile", "competency-based"} <= set(found)
    advice = next(c.advice for c in fb.checks if c.id == "jargon")
    assert "checking learning along the way" in advice  # a plain alternative is offered
    assert fb.grade is not None and fb.grade > 8 and fb.reading_ease is not None


def test_jargon_is_matched_as_whole_words_only(cat: Catalog) -> None:
    assert [t.term for t in jargon_in("Our pilots flew; a PLCs-free rigorously planned day.", cat.jargon)] == []
    assert [t.term for t in jargon_in("A PLC met. We ran a pilot.", cat.jargon)] == ["PLC", "pilot"]


def test_the_audience_changes_what_reads_easily_enough(cat: Catalog) -> None:
    text = ("This year our school changes how students learn. Students will pick projects linked "
            "to what they study, and teachers will coach each of them through hard questions with "
            "regular feedback.")
    fb_col = draft_feedback(text, "colleagues", cat.jargon)
    fb_stu = draft_feedback(text, "students", cat.jargon)
    assert fb_col.grade == fb_stu.grade
    assert next(c.ok for c in fb_col.checks if c.id == "reading") != next(
        c.ok for c in fb_stu.checks if c.id == "reading")


def test_a_short_draft_asks_for_more_before_judging_readability(cat: Catalog) -> None:
    fb = draft_feedback("Hello families.", "families", cat.jargon)
    assert fb.grade is None and "20 words" in fb.checks[0].advice


def test_the_why_word_counts_as_saying_why(cat: Catalog) -> None:
    text = "Equity sits at the heart of our plans for next year in every class."
    assert checks(text, "families", cat)["why"] is False
    assert checks(text, "families", cat, why="equity")["why"] is True


def test_the_draft_widget_follows_typing_and_the_audience(cat: Catalog) -> None:
    store = MemoryStore("sharing", "ana")
    draft = MessageDraft(store, cat, 0)
    assert draft.feedback is not None and draft.feedback.done < 6
    draft.editor.input.value = GOOD
    assert store.get(KEYS["draft"]) == GOOD
    assert "6 of 6" in draft.feedback_html.value
    store.set(KEYS["audience"], "students")  # another cell chose the audience
    assert draft.feedback is not None
    assert "Choose an audience" not in draft.feedback_html.value


def test_the_draft_starts_from_the_participants_definition_and_why(cat: Catalog) -> None:
    store = MemoryStore("sharing", "ana")
    draft = MessageDraft(store, cat, 0, definition="Students steer challenges that matter.",
                         why_word="agency")
    assert "Students steer challenges that matter." in draft.children[0].value
    assert draft.use_button is not None
    draft.editor.input.value = "Dear families,"
    draft.use_button.click()
    assert store.get(KEYS["draft"]).startswith("Dear families,\n\nStudents steer challenges that matter.")
    assert "agency" in store.get(KEYS["draft"])


def test_the_page_reads_the_defining_workbook_saved_next_to_it(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLKIT_STORE_DIR", raising=False)
    FileStore(tmp_path / "defining", "defining", "ana").set_many(
        {DEFINING["own_definition"]: "Learning students help to shape.", DEFINING["why_word"]: "belonging"})
    (tmp_path / "sharing").mkdir()
    monkeypatch.chdir(tmp_path / "sharing")
    built = page.draft()
    assert isinstance(built, MessageDraft)
    assert built.definition == "Learning students help to shape." and built.why_word == "belonging"
    assert not (tmp_path / "defining" / "plkit-responses.json").read_text().count("sharing.")


def test_yes_buts_link_each_question_to_nightmares_and_faq(cat: Catalog) -> None:
    store = MemoryStore("sharing", "ana")
    yb = YesButs(store, cat, 0)
    questions = cat.sample_questions
    assert len(questions) == 7
    for q in questions:
        assert q.nightmares and q.faq, q.id
        yb.choice.input.value = q.id
        assert q.text in yb.links.value
        for n in (n for n in cat.nightmares if n.id in q.nightmares):
            assert n.title in yb.links.value
    yb.own.input.value = "But what about the state test?\nAnd grades?"
    yb.choice.input.value = "own"
    assert "But what about the state test?" in yb.links.value
    yb.heard.boxes[questions[0].id].value = True
    assert store.get(KEYS["heard"]) == [questions[0].id]
    assert own_questions(store.get(KEYS["own_yes_buts"])) == ["But what about the state test?", "And grades?"]


def test_the_roadmap_adds_removes_and_saves_rows() -> None:
    store = MemoryStore("sharing", "ana")
    rm = RoadmapEditor(store, 0)
    assert len(rm.rows) == 1
    rm.rows[0]["who"].value = "Families of my class"
    rm.rows[0]["channel"].value = "Newsletter"
    rm.rows[0]["when"].value = "Start of October"
    rm.rows[0]["return"].value = "The class page on the school website"
    rm.add_row()
    rm.rows[1]["who"].value = "Colleagues"
    saved = store.get(KEYS["roadmap"])
    assert [r["who"] for r in saved] == ["Families of my class", "Colleagues"]
    assert len(complete_rows(saved)) == 1
    rm.remove_row(0)
    assert [r["who"] for r in store.get(KEYS["roadmap"])] == ["Colleagues"]
    for _ in range(MAX_ROWS + 2):
        rm.add_row()
    assert len(rm.rows) == MAX_ROWS and rm.add_button.disabled
    again = RoadmapEditor(store, 0)  # the page rebuilt from the same answers
    assert len(again.rows) == MAX_ROWS and again.rows[0]["who"].value == "Colleagues"


def test_every_control_is_labelled() -> None:
    store = MemoryStore("sharing", "ana")
    built = [f(store=store) for f in page.PAGE]
    controls = [w for top in built for w in walk(top)
                if type(w).__name__ in {"Text", "Textarea", "Dropdown", "Checkbox", "Button"}]
    assert len(controls) > 10
    assert all(getattr(c, "description", "") for c in controls)


def answers(**extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        KEYS["audience"]: "families",
        KEYS["draft"]: GOOD,
        KEYS["answer_to"]: "talk-less",
        KEYS["answer"]: "Students do more of the talking when the task is theirs, and I coach them as they work.",
        KEYS["roadmap"]: [{"who": "Families", "message": "", "channel": "Newsletter", "when": "October",
                           "return": "class web page"}],
    }
    base.update(extra)
    return base


def test_completion_needs_audience_draft_answer_and_a_roadmap_step() -> None:
    assert evaluate("sharing", answers()).complete
    assert evaluate("sharing", {}).done == 0
    for key, bad in [(KEYS["audience"], "martians"), (KEYS["draft"], "Too short."),
                     (KEYS["answer"], 42), (KEYS["roadmap"], [{"who": "Families"}])]:
        report = evaluate("sharing", answers(**{key: bad}))
        assert not report.complete, key
        assert report.done == report.total - 1


def test_roadmap_rows_survive_damaged_values() -> None:
    assert roadmap_rows("nonsense") == [] and roadmap_rows([1, None, {"who": 5}]) == [
        {"who": "", "message": "", "channel": "", "when": "", "return": ""}]


def test_group_view_counts_only_and_hides_below_three(cat: Catalog) -> None:
    two = [answers(), answers()]
    assert not group_view(two, cat.jargon, cat.sample_questions).enough
    rows = [answers(), answers(**{KEYS["draft"]: PUSHY, KEYS["audience"]: "colleagues"}),
            answers(**{KEYS["heard"]: ["talk-less", "empower-students"]}),
            answers(**{KEYS["heard"]: ["talk-less"]})]
    view = group_view(rows, cat.jargon, cat.sample_questions)
    assert view.enough and view.responses == 4
    assert view.audiences[0] == ("Families", 3)
    assert ("pedagogy", 1) in view.jargon
    talk = next(q.text for q in cat.sample_questions if q.id == "talk-less")
    assert view.yes_buts[0] == (talk, 2)
    assert GOOD not in json.dumps(view.__dict__)  # never a draft


def test_the_roadmap_card_holds_message_answer_and_steps() -> None:
    r = answers()
    md = roadmap_markdown(r, date(2026, 11, 30))
    assert md.startswith("# Our communication roadmap") and "2026-11-30" in md
    assert GOOD in md and "| Families | " in md and "How can I talk less" in md
    page_ = roadmap_html(r, date(2026, 11, 30))
    assert "<table>" in page_ and "Newsletter" in page_ and "<script" not in page_
    empty = roadmap_markdown({}, date(2026, 11, 30))
    assert "_Not written yet._" in empty and "_No steps planned yet._" in empty


def test_the_dashboard_shows_the_sharing_view_only_from_three(monkeypatch: pytest.MonkeyPatch) -> None:
    from plkit.facilitator import dashboard as dash
    from plkit.facilitator.collected import Collected

    board = dash.Dashboard(None)
    board.error = None
    monkeypatch.setattr(dash, "_DASHBOARD", board)
    board.collected = Collected({"sharing": {"ana": answers(), "ben": answers()}})
    section = dash.sharing()
    text = " ".join(getattr(w, "value", "") for w in walk(section) if isinstance(getattr(w, "value", None), str))
    assert "Families" not in text and GOOD not in text
    board.collected = Collected({"sharing": {p: answers(**{KEYS["draft"]: PUSHY}) for p in ("a", "b", "c")}})
    board.refresh = lambda: [v() for v in board.views]  # type: ignore[method-assign]
    board.refresh()
    text = " ".join(getattr(w, "value", "") for w in walk(section) if isinstance(getattr(w, "value", None), str))
    assert "Families" in text and "pedagogy" in text and PUSHY not in text


def test_a_definition_written_while_the_kernel_waited_is_in_the_draft(monkeypatch: pytest.MonkeyPatch,
                                                                      tmp_path: Path) -> None:
    """In a preheated kernel every cell but the draft is built ahead; the draft, which shows what
    was saved in Defining, is built when the page is opened."""
    import voila.utils

    from plkit.page import ahead, session

    happens: list[Any] = []
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("PLKIT_STORE_DIR", str(tmp_path / "store"))
    monkeypatch.setattr(voila.utils, "wait_for_request", lambda url=None: [f() for f in happens])
    session.reset()
    happens.append(lambda: FileStore(tmp_path / "store" / "defining", "defining", "ana").set(
        DEFINING["own_definition"], "Written while the kernel waited."))
    page.start()
    waiting = ahead.built_ahead("sharing") or {}
    assert "draft" not in waiting and "learn" in waiting
    built = page.draft()
    assert isinstance(built, MessageDraft) and built.definition == "Written while the kernel waited."
    session.reset()
