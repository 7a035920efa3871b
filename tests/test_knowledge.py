"""The knowledge check as content and as scoring, without widgets: the shipped items cover what
the day teaches, every answer is one of its item's options and every reference exists (a
district's bad file is refused with one sentence), scoring and the pairing of one participant's
two attempts."""

from __future__ import annotations

import doctest
from pathlib import Path
from typing import Any

import pytest
from helpers_unit import assert_one_sentence, write

import plkit.content.knowledge as knowledge
from plkit.classdata.methods import METHODS
from plkit.content import Catalog, load_catalog, validate_folder
from plkit.content.knowledge import Score, change, clean_answers, is_right, results, score
from plkit.content.model import KNOWLEDGE_KINDS, KnowledgeItem
from plkit.errors import ContentError
from plkit.workbooks.challenges.guardrails import guardrails


@pytest.fixture(autouse=True)
def _no_district(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLKIT_CONTENT_DIR", raising=False)


@pytest.fixture(scope="module")
def items() -> list[KnowledgeItem]:
    return load_catalog(use_settings=False).knowledge


def test_doctests() -> None:
    result = doctest.testmod(knowledge)
    assert result.attempted > 0 and result.failed == 0


# -- the shipped items ------------------------------------------------------------------------


def test_at_least_ten_items_of_every_kind(items: list[KnowledgeItem]) -> None:
    assert len(items) >= 10
    assert {i.kind for i in items} == set(KNOWLEDGE_KINDS)
    assert len({i.id for i in items}) == len(items)
    for i in items:
        assert i.scenario and i.explanation and i.source, i.id
        assert len(i.options) >= 3, f"{i.id}: a guess should not be right half the time"


def test_is_or_isnt_items_cover_the_eight_components(items: list[KnowledgeItem], cat: Catalog) -> None:
    pl = [i for i in items if i.kind == "is-or-isnt"]
    assert {i.component for i in pl} == {c.id for c in cat.components}
    for i in pl:  # each option says whether it is PL and why
        assert all(o.text.startswith(("It is", "It isn't")) and ":" in o.text for o in i.options), i.id
    verdicts = [next(o.text for o in i.options if o.id == i.answer).startswith("It is ") for i in pl]
    assert 0 < sum(verdicts) < len(verdicts), "both PL and not-PL scenarios"


def test_references_are_real(items: list[KnowledgeItem], cat: Catalog) -> None:
    nightmares = {n.id: n.title for n in cat.nightmares}
    checks = {g.id: g.title for g in guardrails()}
    for i in items:
        ids = [o.id for o in i.options]
        if i.kind == "nightmare":
            assert all(nightmares[o.id] == o.text for o in i.options), i.id
        if i.kind == "guardrail":
            assert all(checks[o.id] == o.text for o in i.options), i.id  # named as the designer names them
        if i.kind == "roll-up":
            assert set(ids) <= set(METHODS), i.id
        if i.kind == "challenge":
            assert set(ids) == {"meaningful", "authentic", "rigorous"}, i.id
        cat.source(i.source)


def test_the_right_answer_is_not_always_in_the_same_place(items: list[KnowledgeItem]) -> None:
    places = [[o.id for o in i.options].index(i.answer) for i in items]
    assert len(set(places)) == 3 and max(places.count(p) for p in set(places)) <= len(items) // 2


# -- a district's own items ------------------------------------------------------------------

_ITEM = """\
knowledge:
  - id: d1
    kind: {kind}
    scenario: A teacher lets students choose where to sit.
    options:
      - id: {first}
        text: First
      - id: b
        text: Second
    answer: {answer}
    explanation: Because.
    source: zmuda-thompson-ebook
"""


@pytest.mark.parametrize("case, fields, field_word, words", [
    ("answer not offered", {"answer": "zzz"}, "answer", "not one of its options"),
    ("unknown kind", {"kind": "riddle"}, "kind", "must be one of"),
    ("unknown nightmare", {"kind": "nightmare", "first": "pilot-label"}, "options", "nightmares.yaml"),
    ("duplicate option", {"first": "b"}, "options", "twice"),
])
def test_a_bad_district_item_is_refused_in_one_sentence(tmp_path: Path, case: str, fields: dict[str, str],
                                                        field_word: str, words: str) -> None:
    values = {"kind": "is-or-isnt", "first": "a", "answer": "b", **fields}
    write(tmp_path, "knowledge.yaml", _ITEM.format(**values))
    with pytest.raises(ContentError) as info:
        validate_folder(tmp_path)
    message = str(info.value)
    assert "knowledge.yaml" in message and field_word in info.value.field and words in message, message
    assert_one_sentence(message)


def test_an_unknown_component_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "knowledge.yaml", _ITEM.format(kind="is-or-isnt", first="a", answer="b")
          + "    component: no-such-component\n")
    with pytest.raises(ContentError, match="no-such-component"):
        validate_folder(tmp_path)


def test_a_district_can_replace_the_items(tmp_path: Path) -> None:
    write(tmp_path, "knowledge.yaml", "mode: replace\n" + _ITEM.format(kind="challenge", first="a", answer="a"))
    cat = validate_folder(tmp_path)
    assert [i.id for i in cat.knowledge] == ["d1"]
    write(tmp_path / "merge", "knowledge.yaml", _ITEM.format(kind="challenge", first="a", answer="a"))
    merged = validate_folder(tmp_path / "merge").knowledge
    assert merged[-1].id == "d1" and len(merged) == len(load_catalog(use_settings=False).knowledge) + 1


# -- scoring ---------------------------------------------------------------------------------


def _wrong(i: KnowledgeItem) -> str:
    return next(o.id for o in i.options if o.id != i.answer)


def test_score_counts_right_answered_and_total(items: list[KnowledgeItem]) -> None:
    answers = {items[0].id: items[0].answer, items[1].id: _wrong(items[1]), items[2].id: items[2].answer}
    assert score(answers, items) == Score(2, 3, len(items))
    right, answered, total = score(answers, items)
    assert (right, answered, total) == (2, 3, len(items))
    assert score({}, items) == Score(0, 0, len(items))
    every = {i.id: i.answer for i in items}
    assert score(every, items) == Score(len(items), len(items), len(items))


def test_per_item_results(items: list[KnowledgeItem]) -> None:
    r = results({items[0].id: items[0].answer, items[1].id: _wrong(items[1])}, items)
    assert list(r) == [i.id for i in items]
    assert r[items[0].id] is True and r[items[1].id] is False
    assert all(v is None for k, v in r.items() if k not in (items[0].id, items[1].id))
    assert is_right(items[0], items[0].answer) is True
    assert is_right(items[0], _wrong(items[0])) is False
    assert is_right(items[0], "no-such") is None and is_right(items[0], None) is None


@pytest.mark.parametrize("saved", [None, [], "x", 3, {"no-such-item": "a"}, {"coaching-small-groups": 1},
                                   {"coaching-small-groups": "no-such-option"}, {1: 2}])
def test_anything_saved_that_is_not_an_answer_counts_as_not_answered(saved: Any,
                                                                     items: list[KnowledgeItem]) -> None:
    assert clean_answers(saved, items) == {}
    assert score(saved, items) == Score(0, 0, len(items))
    assert change(saved, saved, items).has_pre is False


# -- pairing the two attempts of one participant ---------------------------------------------


def test_change_pairs_the_same_items_and_names_each_change(items: list[KnowledgeItem]) -> None:
    a, b, c, d, e = items[:5]
    pre = {a.id: a.answer, b.id: _wrong(b), c.id: c.answer, d.id: _wrong(d)}
    post = {a.id: a.answer, b.id: b.answer, c.id: _wrong(c), d.id: _wrong(d), e.id: e.answer}
    ch = change(pre, post, items)
    assert ch.has_pre and ch.before == Score(2, 4, len(items)) and ch.now == Score(3, 5, len(items))
    status = {x.item: x.status for x in ch.items}
    assert status[a.id] == "kept" and status[b.id] == "gained" and status[c.id] == "slipped"
    assert status[d.id] == "not-yet" and status[e.id] == "new"
    assert all(status[i.id] == "open" for i in items[5:])
    assert ch.difference == 1 and ch.count("gained") == 1
    assert [x.item for x in ch.items] == [i.id for i in items]


def test_a_skipped_first_attempt_is_counted_apart(items: list[KnowledgeItem]) -> None:
    post = {i.id: i.answer for i in items}
    ch = change(None, post, items)
    assert not ch.has_pre and ch.before is None and ch.difference is None
    assert ch.now == Score(len(items), len(items), len(items))
    assert all(x.before is None for x in ch.items)
    assert {x.status for x in ch.items} == {"new"}
    wrong_now = change({}, {items[0].id: _wrong(items[0])}, items)
    assert wrong_now.items[0].status == "not-yet-new"


def test_every_status_has_words() -> None:
    assert set(knowledge.STATUS_TEXT) == {"kept", "gained", "new", "slipped", "not-yet", "not-yet-new", "open"}
