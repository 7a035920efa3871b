"""The critical-friend step headlessly: the page for a colleague (the challenge and the
protocol, escaped), the feedback saved inside the challenge open in the designer (following it
when another is opened, kept by the form's own saves, copied by duplicate, kept by delete and
undo, back after a rebuild from the same store), and completion unchanged."""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as w
import mistune
import pytest
from helpers_unit import walk

from plkit.completion import evaluate
from plkit.content import Catalog
from plkit.store import FileStore, MemoryStore
from plkit.workbooks.challenges import page as challenges
from plkit.workbooks.challenges.critical_friend import (
    PROTOCOL,
    STEPS,
    critical_friend_html,
    critical_friend_markdown,
)
from plkit.workbooks.challenges.feedback import CriticalFriendPanel
from plkit.workbooks.challenges.keys import challenge_key
from plkit.workbooks.challenges.model import FEEDBACK, Challenge, keep_feedback, with_feedback
from plkit.workbooks.challenges.standards import sample_standards
from plkit.workbooks.challenges.widgets import ChallengeDesigner

pytestmark = pytest.mark.usefixtures("clean_session")  # conftest: fresh sessions, no delay

ECO = "SCI.5.ECO.1"
TODAY = date(2025, 3, 4)
SLOW = 60.0  # text waits this long before saving, so a test sees the state before flush()


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore("challenges", "ana")


@pytest.fixture
def built() -> Iterator[list[Any]]:
    """Designers and panels made in a test; text still waiting is saved at the end."""
    made: list[Any] = []
    yield made
    for x in made:
        if isinstance(x, CriticalFriendPanel):
            x.flush()
        elif x.editor is not None:
            x.editor.flush()


@pytest.fixture
def pair(cat: Catalog, built: list[Any]) -> Any:
    """A designer and a critical-friend step on the same store, as the page builds them."""
    def _pair(st: Any, delay: float = SLOW) -> tuple[ChallengeDesigner, CriticalFriendPanel]:
        d = ChallengeDesigner(st, cat, delay)
        p = CriticalFriendPanel(st, cat, delay)
        built.extend([d, p])
        return d, p
    return _pair


def designed() -> Challenge:
    c = Challenge.new("c1", "Plastic-free lunch")
    d = c.data
    d["driving_question"] = "How might we cut the plastic our lunches throw away?"
    d["audience"] = "The school board"
    d["outcomes"] = [ECO]
    d["dimensions"]["evidence"] = {"who": "guardrails", "guardrail": "A poster, a video or a pitch"}
    d["checkpoints"]["peer"] = "Partners swap drafts on day 5"
    d["rubric"] = [{"criterion": "Uses data from our own lunch audit", "outcomes": [ECO]}]
    d["stage"] = "you-do-together"
    return c


def decoded(panel: CriticalFriendPanel, ext: str) -> str:
    """The file behind the panel's download link ending in ``ext``, as the browser gets it."""
    links = re.findall(r'download="([^"]+)" href="data:[^;]+;charset=utf-8;base64,([^"]+)"', panel.links.links.value)
    assert len(links) == 2, panel.links.links.value
    payload = next(data for name, data in links if name.endswith(ext))
    return base64.b64decode(payload).decode("utf-8")


def text_of(root: object) -> str:
    return html.unescape(" ".join(x.value for x in walk(root) if isinstance(x, w.HTML)))


# -- the page for a colleague --------------------------------------------------------------------


@pytest.mark.parametrize("render", [critical_friend_html, critical_friend_markdown])
def test_the_page_shows_the_challenge_and_the_protocol(render: Any, cat: Catalog) -> None:
    out = html.unescape(render(designed(), cat, sample_standards(), TODAY)).replace("\\", "")
    eco = next(s for s in sample_standards() if s.code == ECO)
    for must in ("Critical friend: Plastic-free lunch",
                 "How might we cut the plastic our lunches throw away?",
                 eco.label,  # the outcome in words, not only its code
                 "Who decides what", "Evidence of learning", "Students choose within guardrails",
                 "A poster, a video or a pitch", "Partners swap drafts on day 5",
                 "Uses data from our own lunch audit", "The school board", "You do together",
                 *PROTOCOL, *PROTOCOL.values(), *STEPS, "2025-03-04"):
        assert must in out, must
    assert cat.cite("kallick-zmuda-5-faq") in out  # critical friends, credited from content
    assert cat.cite("zmuda-thompson-ebook") in out  # "what if" questions


def test_an_empty_challenge_says_what_is_missing(cat: Catalog) -> None:
    out = critical_friend_markdown(Challenge.new("e"), cat, today=TODAY)
    assert out.startswith("# Critical friend: Untitled challenge")
    assert "(not written yet)" in out and "(none yet)" in out and "(not chosen yet)" in out


HOSTILE = "<script>alert(1)</script> [click](javascript:alert(2)) ![x](http://tracker/x.png) | *bold*"


def test_what_the_teacher_typed_cannot_become_markup(cat: Catalog) -> None:
    c = designed()
    c.data["title"] = "1. " + HOSTILE
    c.data["dimensions"]["task"] = {"who": "guardrails", "guardrail": HOSTILE}
    c.data["rubric"][0]["criterion"] = "- " + HOSTILE
    page = critical_friend_html(c, cat, today=TODAY)
    assert "<script>" not in page and "<a " not in page and "<img" not in page
    assert "&lt;script&gt;" in page
    md = critical_friend_markdown(c, cat, today=TODAY)
    rendered = str(mistune.create_markdown(escape=True, plugins=["table"])(md))
    assert "<a " not in rendered and "<img" not in rendered and "<em>bold" not in rendered
    assert "<ol" not in rendered.split("How to give feedback")[0]  # "1." in the title is text
    assert rendered.count("<tr>") == 1 + 6  # a "|" typed in a guardrail adds no table cell
    assert "alert(1)" in html.unescape(rendered)  # shown as typed, not dropped


# -- the step on the page ----------------------------------------------------------------------


def test_the_step_offers_the_page_of_the_open_challenge(store: MemoryStore, pair: Any) -> None:
    d, p = pair(store)
    assert d.editor is not None
    d.editor.title.value = "Plastic-free lunch"
    d.editor.flush()
    assert "Plastic-free lunch" in text_of(p)  # which challenge this step is about
    page = decoded(p, ".html")
    assert "Critical friend: Plastic-free lunch" in html.unescape(page)
    assert all(k in page for k in PROTOCOL)
    assert "# Critical friend: Plastic-free lunch" in decoded(p, ".md")
    assert re.search(r'download="critical-friend-page-plastic-free-lunch\.html"', p.links.links.value)
    assert "Download critical friend page: Plastic-free lunch (web page, printable)" in p.links.links.value


def test_every_feedback_field_is_labelled(store: MemoryStore, pair: Any) -> None:
    _d, p = pair(store)
    texts = [x for x in walk(p) if isinstance(x, w.Textarea)]
    assert [t.description for t in texts] == list(FEEDBACK.values())
    assert all(t.description for t in texts)
    intro = text_of(p).lower()
    assert all(part.lower() in intro for part in PROTOCOL)  # the three parts named before the fields


def test_feedback_is_saved_in_the_challenge_and_back_after_a_rebuild(store: MemoryStore, pair: Any,
                                                                  cat: Catalog) -> None:
    d, p = pair(store)
    assert d.editor is not None
    cid = d.editor.challenge.id
    p.fields["works"].value = "The audience is real."
    p.fields["changed"].value = "Added a second checkpoint."
    assert p.status.state == "saving"
    assert Challenge.from_dict(store.get(challenge_key(cid))).feedback["works"] == ""  # not yet
    p.flush()
    assert p.status.state == "saved"
    saved = Challenge.from_dict(store.get(challenge_key(cid))).feedback
    assert saved == {"works": "The audience is real.", "wonder": "", "what_if": "",
                     "changed": "Added a second checkpoint."}
    again = CriticalFriendPanel(store, cat, SLOW)
    assert again.value == saved
    assert "Saved earlier" in again.status.message


def test_feedback_comes_back_from_the_same_folder(tmp_path: Path, pair: Any, cat: Catalog) -> None:
    _d, p = pair(FileStore(tmp_path, "challenges", "ana"))
    p.fields["wonder"].value = "How will you judge the pitch?"
    p.flush()
    _d2, p2 = pair(FileStore(tmp_path, "challenges", "ana"))
    assert p2.fields["wonder"].value == "How will you judge the pitch?"


def test_the_forms_own_saves_keep_the_feedback(store: MemoryStore, pair: Any) -> None:
    d, p = pair(store)
    assert d.editor is not None
    p.fields["what_if"].value = "What if students pitched to the caterer?"
    p.flush()
    d.editor.title.value = "Lunch, rethought"  # the form holds the challenge from before the feedback
    d.editor.flush()
    saved = Challenge.from_dict(store.get(challenge_key(d.editor.challenge.id)))
    assert saved.title == "Lunch, rethought"
    assert saved.feedback["what_if"] == "What if students pitched to the caterer?"
    assert "Lunch, rethought" in text_of(p)  # the step shows the new title
    assert "critical-friend-page-lunch-rethought" in p.links.links.value


def test_the_step_follows_the_challenge_open_in_the_designer(store: MemoryStore, pair: Any) -> None:
    d, p = pair(store)
    assert d.editor is not None
    first = d.editor.challenge.id
    p.fields["works"].value = "Typed for the first one"  # still waiting to be saved ...
    second = d.new().id  # ... when another challenge is opened: saved to the first
    assert p.challenge_id == second and p.value["works"] == ""
    assert Challenge.from_dict(store.get(challenge_key(first))).feedback["works"] == "Typed for the first one"
    p.fields["works"].value = "For the second"
    p.flush()
    d.picker.value = first
    assert p.challenge_id == first and p.value["works"] == "Typed for the first one"
    assert Challenge.from_dict(store.get(challenge_key(second))).feedback["works"] == "For the second"
    assert "For the second" not in decoded(p, ".md") and "Untitled challenge" in decoded(p, ".md")


def test_duplicate_copies_the_feedback_and_delete_and_undo_keep_it(store: MemoryStore, pair: Any) -> None:
    d, p = pair(store)
    assert d.editor is not None
    original = d.editor.challenge.id
    p.fields["changed"].value = "Clearer guardrail for evidence"  # not yet saved when duplicating
    copy = d.duplicate()
    assert copy is not None and p.challenge_id == copy.id
    assert p.value["changed"] == "Clearer guardrail for evidence"
    for cid in (original, copy.id):
        assert Challenge.from_dict(store.get(challenge_key(cid))).feedback["changed"] == (
            "Clearer guardrail for evidence")
    p.fields["changed"].value = "Only in the copy"
    p.flush()
    d.picker.value = original
    assert p.value["changed"] == "Clearer guardrail for evidence"  # a separate copy
    d.delete()
    assert p.challenge_id == copy.id and p.value["changed"] == "Only in the copy"
    d.undo()
    assert p.challenge_id == original and p.value["changed"] == "Clearer guardrail for evidence"


def test_before_any_challenge_the_step_waits_for_the_designer(store: MemoryStore, cat: Catalog,
                                                            built: list[Any]) -> None:
    p = CriticalFriendPanel(store, cat, 0)
    built.append(p)
    assert p.challenge_id is None and all(f.disabled for f in p.fields.values())
    assert "Design a challenge above first" in text_of(p)
    p.fields["works"].value = "typed nowhere"
    assert store.all() == {}
    d = ChallengeDesigner(store, cat, 0)
    built.append(d)
    assert d.editor is not None and p.challenge_id == d.editor.challenge.id
    assert not any(f.disabled for f in p.fields.values()) and p.value["works"] == ""


def test_the_critical_friend_is_optional(store: MemoryStore) -> None:
    progress = challenges.progress(store)
    challenges.designer(store)
    step = challenges.critical_friend(store)
    before = (progress.bar.value, progress.bar.max, progress.report.complete)
    for f in step.fields.values():
        f.value = "Some feedback"
    step.flush()
    assert (progress.bar.value, progress.bar.max, progress.report.complete) == before
    assert [c.id for c in evaluate("challenges", store.all()).criteria] == ["designed", "guardrails"]


def test_the_step_comes_after_the_designer_on_the_page() -> None:
    assert challenges.PAGE.index(challenges.critical_friend) == challenges.PAGE.index(challenges.designer) + 1


# -- the model -----------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [None, "x", 5, [1], {"works": ["a"]}, {"works": "  a ", "other": "b"}])
def test_saved_feedback_tolerates_junk(raw: Any) -> None:
    c = Challenge.from_dict({"id": "c1", "critical_friend": raw})
    assert set(c.data["critical_friend"]) == set(FEEDBACK)
    assert c.feedback["works"] in ("", "a") and all(isinstance(v, str) for v in c.feedback.values())


def test_feedback_helpers_touch_only_the_feedback() -> None:
    c = designed()
    saved = with_feedback(c.to_dict(), c.id, {"works": " Real audience "})
    assert {k: v for k, v in saved.items() if k != "critical_friend"} == {
        k: v for k, v in c.to_dict().items() if k != "critical_friend"}
    assert saved["critical_friend"]["works"] == "Real audience"
    form = c.to_dict() | {"title": "Newer"}
    kept = keep_feedback(form, saved)
    assert kept["title"] == "Newer" and kept["critical_friend"]["works"] == "Real audience"
    assert with_feedback(None, "gone", {})["id"] == "gone"
    assert Challenge.from_dict(saved).duplicate().feedback["works"] == "Real audience"
