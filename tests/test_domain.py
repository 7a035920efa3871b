"""Domain modules without widgets: definition coverage, the card sort, completion, takeaway cards."""

from __future__ import annotations

import html
from datetime import date

import pytest

from plkit.completion import evaluate
from plkit.content import Catalog, load_catalog
from plkit.errors import WorkbookNotFound
from plkit.workbooks.defining import cardsort
from plkit.workbooks.defining.completion import MIN_DEFINITION_WORDS
from plkit.workbooks.defining.keys import KEYS
from plkit.workbooks.defining.model import coverage, normalise, summary, word_count
from plkit.workbooks.defining.takeaway import definition_card_html, definition_card_markdown


@pytest.fixture(autouse=True)
def _no_district(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLKIT_CONTENT_DIR", raising=False)


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog(use_settings=False)


def _covered(text: str, cat: Catalog) -> set[str]:
    return {c.id for c in coverage(text, cat.definition.elements) if c.covered}


# -- definition coverage ----------------------------------------------------------------------


def test_canonical_quote_covers_core_elements(cat: Catalog) -> None:
    got = _covered(cat.definition.quote, cat)
    assert {"student-driven", "meaningful", "authentic", "rigorous", "outcomes"} <= got
    # the quote says nothing about guardrails or partnership
    assert "guardrails" not in got


def test_matched_words_are_reported(cat: Catalog) -> None:
    cov = {c.id: c for c in coverage("Students tackle rigorous, authentic work.", cat.definition.elements)}
    assert cov["rigorous"].covered
    assert len(cov["rigorous"].matched) == 1 and cov["rigorous"].matched[0].startswith("rigor")
    assert cov["authentic"].matched == ("authentic",)
    assert not cov["outcomes"].covered and cov["outcomes"].matched == ()
    assert cov["outcomes"].hint  # a hint for what is missing


def test_empty_text_covers_nothing(cat: Catalog) -> None:
    assert _covered("", cat) == set()
    assert _covered("   \n ", cat) == set()


def test_the_term_itself_covers_nothing(cat: Catalog) -> None:
    assert "meaningful" not in _covered("personalized learning", cat)
    assert _covered("Personalized learning. Personalised learning. Personalization.", cat) == set()


def test_accents_and_case_are_ignored(cat: Catalog) -> None:
    plain = _covered("students show authentic, rigorous outcomes", cat)
    assert plain == _covered("STUDENTS SHOW AUTHÉNTIC, RÍGOROUS OUTCÔMES", cat)
    assert {"authentic", "rigorous", "outcomes"} <= plain
    assert normalise("Élèves  Personalized Learning  RIGOUR") == "eleves rigour"


def test_keywords_must_start_a_word(cat: Catalog) -> None:
    # "inauthentic" contains "authentic" but does not start with it
    assert "authentic" not in _covered("inauthentic", cat)


def test_summary_wording(cat: Catalog) -> None:
    els = cat.definition.elements
    n = len(els)
    assert summary(coverage("", els)).startswith("Start writing")
    some = summary(coverage("Students take on rigorous work.", els))
    assert some == f"Your definition touches 1 of {n} elements."
    everything = (
        "Over time, step by step, students take ownership and voice, deeply engaged in "
        "meaningful, authentic, real-world, rigorous challenges and projects, toward goals and "
        "outcomes, in partnership with the community, within clear guardrails and standards."
    )
    assert _covered(everything, cat) == {e.id for e in els}
    assert summary(coverage(everything, els)) == f"Your definition touches all {n} elements."


def test_word_count() -> None:
    assert word_count("") == 0
    assert word_count(None) == 0
    assert word_count("Students drive, teachers coach.") == 4


# -- card sort --------------------------------------------------------------------------------


def test_deck_has_every_statement_in_a_stable_mixed_order(cat: Catalog) -> None:
    cards = cardsort.deck(cat)
    assert len(cards) == 16
    ids = [c.id for c in cards]
    assert ids == [c.id for c in cardsort.deck(load_catalog(use_settings=False))]
    assert set(ids) == {s.id for comp in cat.components for s in comp.statements}
    kinds = [c.statement.kind for c in cards]
    assert kinds.count("is") == kinds.count("isnt") == 8
    assert kinds not in (sorted(kinds), sorted(kinds, reverse=True))  # not grouped by kind
    # nor in content order (each component's pair side by side)
    assert ids != [s.id for comp in cat.components for s in comp.statements]


def test_check_right_and_wrong(cat: Catalog) -> None:
    card = cardsort.deck(cat)[0]
    kind = card.statement.kind
    other = "isnt" if kind == "is" else "is"
    right = cardsort.check(card, kind)
    wrong = cardsort.check(card, other)
    assert right.correct and not wrong.correct
    assert right.message.startswith("Yes.")
    assert wrong.message.startswith("Look again")
    for fb in (right, wrong):
        assert card.component.name in fb.message
        assert card.statement.feedback in fb.message
    assert "this one is what PL is" in wrong.message  # the acronym keeps its capitals


def test_check_without_a_choice(cat: Catalog) -> None:
    card = cardsort.deck(cat)[3]
    for choice in (None, "", "maybe"):
        fb = cardsort.check(card, choice)
        assert fb.message == ""
        assert not fb.correct


def test_tally(cat: Catalog) -> None:
    cards = cardsort.deck(cat)
    assert cardsort.tally(cards, {}) == (0, 0, 16)
    answers = {
        cards[0].id: cards[0].statement.kind,
        cards[1].id: cards[1].statement.kind,
        cards[2].id: "isnt" if cards[2].statement.kind == "is" else "is",
        cards[3].id: "unsure",  # not a choice: not counted
        "no-such-card": "is",
    }
    assert cardsort.tally(cards, answers) == (3, 2, 16)
    all_right = {c.id: c.statement.kind for c in cards}
    assert cardsort.tally(cards, all_right) == (16, 16, 16)


# -- completion -------------------------------------------------------------------------------


def _complete(cat: Catalog) -> dict[str, object]:
    return {
        KEYS["compare"]: "four-pillars",
        KEYS["card_sort"]: {c.id: "is" for c in cardsort.deck(cat)},  # sorted, right or not
        KEYS["own_definition"]: " ".join(["word"] * MIN_DEFINITION_WORDS),
        KEYS["why_word"]: "equity",
        KEYS["reflection"]: "one two three four five",
    }


def test_keys_are_the_stable_prompt_ids() -> None:
    assert KEYS == {
        "compare": "defining.closest-definition",
        "compare_note": "defining.compare-note",
        "card_sort": "defining.card-sort",
        "own_definition": "defining.own-definition",
        "why_word": "defining.why-word",
        "misunderstandings": "defining.misunderstandings",
        "reflection": "defining.misunderstandings-reflection",
    }


def test_evaluate_empty() -> None:
    r = evaluate("defining", {})
    assert (r.complete, r.done, r.total, r.fraction) == (False, 0, 5, 0.0)
    assert [c.id for c in r.criteria] == ["compare", "card-sort", "own-definition", "why-word", "reflection"]
    assert all(c.todo for c in r.criteria)


def test_evaluate_complete(cat: Catalog) -> None:
    r = evaluate("defining", _complete(cat))
    assert r.complete
    assert (r.done, r.total, r.fraction) == (5, 5, 1.0)


def test_evaluate_partial(cat: Catalog) -> None:
    responses = _complete(cat)
    cards = cardsort.deck(cat)
    responses[KEYS["card_sort"]] = {c.id: "is" for c in cards[:15]}
    responses[KEYS["own_definition"]] = " ".join(["word"] * (MIN_DEFINITION_WORDS - 1))
    responses[KEYS["why_word"]] = "   "
    r = evaluate("defining", responses)
    met = {c.id: c.met for c in r.criteria}
    assert met == {
        "compare": True,
        "card-sort": False,
        "own-definition": False,
        "why-word": False,
        "reflection": True,
    }
    assert not r.complete and r.done == 2
    todo = {c.id: c.todo for c in r.criteria}
    assert "1 statements" in todo["card-sort"]
    assert f"now {MIN_DEFINITION_WORDS - 1}" in todo["own-definition"]


@pytest.mark.parametrize(
    "key, value",
    [
        ("compare", ""),
        ("reflection", "only four words here"),
        ("card_sort", "not a mapping"),
        ("why_word", 42),
    ],
)
def test_each_criterion_can_fail(cat: Catalog, key: str, value: object) -> None:
    responses = _complete(cat)
    responses[KEYS[key]] = value
    r = evaluate("defining", responses)
    assert r.done == 4 and not r.complete


def test_evaluate_unknown_workbook() -> None:
    with pytest.raises(WorkbookNotFound, match="no-such-workbook"):
        evaluate("no-such-workbook", {})


# -- takeaway cards ---------------------------------------------------------------------------

_TODAY = date(2025, 3, 14)


def test_definition_card_markdown(cat: Catalog) -> None:
    r = {
        KEYS["own_definition"]: "Students co-design rigorous, authentic projects with us.",
        KEYS["why_word"]: "agency",
        KEYS["compare"]: "four-pillars",
    }
    md = definition_card_markdown(r, today=_TODAY)
    assert md.startswith("# Our definition of personalized learning\n")
    assert "> Students co-design rigorous, authentic projects with us." in md
    assert "**Why we personalize:** agency" in md
    assert cat.definition.quote in md
    assert cat.cite(cat.definition.source) in md
    assert "Zmuda" in md
    assert "2025-03-14" in md
    four = next(a for a in cat.definition.alternatives if a.id == "four-pillars")
    assert four.title in md
    assert "Covers: " in md and "Rigorous" in md


def test_definition_card_html(cat: Catalog) -> None:
    r = {
        KEYS["own_definition"]: "Students co-design rigorous, authentic projects with us.",
        KEYS["why_word"]: "agency",
    }
    page = definition_card_html(r, today=_TODAY)
    assert page.startswith("<!DOCTYPE html>")
    assert "Students co-design rigorous, authentic projects with us." in page
    assert "agency" in page
    assert html.escape(cat.cite(cat.definition.source)) in page
    assert html.escape(cat.definition.quote) in page
    assert "http://" not in page and "https://" not in page  # no external assets


def test_definition_card_escapes_hostile_input() -> None:
    evil = "<script>alert(1)</script>"
    r = {
        KEYS["own_definition"]: f"Ours {evil}",
        KEYS["why_word"]: "<img src=x onerror=alert(2)>",
        KEYS["compare_note"]: evil,
        KEYS["compare"]: "four-pillars",
        KEYS["reflection"]: evil,
    }
    page = definition_card_html(r, today=_TODAY)
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # the Markdown keeps the text as typed (it is not rendered by plkit)
    assert evil in definition_card_markdown(r, today=_TODAY)


def test_definition_card_before_anything_is_written() -> None:
    md = definition_card_markdown({}, today=_TODAY)
    assert "(not written yet)" in md
    assert "Why we personalize" not in md
    assert "0 of 16 statements sorted" in md
    assert "(not written yet)" in definition_card_html({}, today=_TODAY)


def test_definition_card_reports_card_sort(cat: Catalog) -> None:
    cards = cardsort.deck(cat)
    answers = {c.id: c.statement.kind for c in cards[:5]}
    md = definition_card_markdown({KEYS["card_sort"]: answers}, today=_TODAY)
    assert "5 of 16 statements sorted, 5 as the source sorts them" in md
