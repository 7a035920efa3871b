"""The shipped PL content, district overlays, their error messages, and the content CLI."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import need
from helpers_unit import SEEDS, assert_one_sentence, write

from plkit.cli import main
from plkit.content import Catalog, load_catalog, validate_folder
from plkit.content.catalog import SECTIONS
from plkit.errors import ContentError


@pytest.fixture(autouse=True)
def _no_district(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLKIT_CONTENT_DIR", raising=False)


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog(use_settings=False)


# -- the shipped catalog ---------------------------------------------------------------------


def test_section_counts(cat: Catalog) -> None:
    counts = {
        "components": len(cat.components),
        "pillars": len(cat.pillars),
        "qualities": len(cat.qualities),
        "guidelines": len(cat.guidelines),
        "faq": len(cat.faq),
        "sample_questions": len(cat.sample_questions),
        "habits": len(cat.habits),
        "nightmares": len(cat.nightmares),
    }
    assert counts == {
        "components": 8,
        "pillars": 4,
        "qualities": 6,
        "guidelines": 7,
        "faq": 5,
        "sample_questions": 7,
        "habits": 16,
        "nightmares": 15,
    }


def test_each_component_has_one_is_and_one_isnt_statement(cat: Catalog) -> None:
    assert cat.components
    for c in cat.components:
        assert len(c.statements) == 2, c.id
        assert sorted(s.kind for s in c.statements) == ["is", "isnt"], c.id
        assert all(s.text and s.feedback for s in c.statements), c.id


def test_nightmares_are_numbered_1_to_15(cat: Catalog) -> None:
    assert [n.number for n in cat.nightmares] == list(range(1, 16))


def test_definition_has_three_parts(cat: Catalog) -> None:
    assert [p.id for p in cat.definition.parts] == [
        "student-driven",
        "deep-engagement",
        "desired-outcomes",
    ]


def test_ids_are_unique_within_each_section(cat: Catalog) -> None:
    listed = [section for section, (_, _, is_list) in SECTIONS.items() if is_list]
    assert len(listed) > 10
    for section in listed:
        ids = [item.id for item in getattr(cat, section)]
        assert ids, section
        assert len(ids) == len(set(ids)), section


def _items_with_source(cat: Catalog) -> Iterator[tuple[str, Any]]:
    d = cat.definition
    yield "definition", d
    for group in ("parts", "elements", "alternatives"):
        for item in getattr(d, group):
            yield f"definition.{group}[{item.id}]", item
    for section, (_, _, is_list) in SECTIONS.items():
        if section in ("sources", "definition"):
            continue
        values = getattr(cat, section) if is_list else [getattr(cat, section)]
        for item in values:
            yield f"{section}[{item.id}]", item


def test_every_item_source_resolves(cat: Catalog) -> None:
    checked = 0
    for where, item in _items_with_source(cat):
        assert item.source, f"{where} has no source"
        assert cat.source(item.source).id == item.source, where
        assert cat.cite(item.source) != item.source, where  # a real attribution line
        checked += 1
    assert checked > 80


def test_every_nightmare_component_resolves(cat: Catalog) -> None:
    ids = {c.id for c in cat.components}
    assert cat.nightmares
    for n in cat.nightmares:
        assert n.component in ids, n.id
        assert cat.component(n.component).id == n.component


def test_to_dict_keys_and_shapes(cat: Catalog) -> None:
    d = cat.to_dict()
    listed = ["components", "pillars", "qualities", "guidelines", "faq", "habits", "nightmares"]
    assert {"definition", *listed} <= set(d)
    assert list(d)[0] == "definition"
    assert isinstance(d["definition"], dict)
    assert d["definition"]["quote"] == cat.definition.quote
    for key in listed:
        assert isinstance(d[key], list), key
        assert len(d[key]) == len(getattr(cat, key)), key
    # the "is" field keeps its content-file spelling, not the Python one
    assert set(d["components"][0]) >= {"is", "isnt", "statements"}
    assert "is_" not in d["components"][0]
    json.dumps(d)  # JSON-ready


def test_content_show_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["content", "show", "--format", "json"]) == 0
    out = capsys.readouterr().out
    d = json.loads(out)
    for key in ["components", "pillars", "qualities", "guidelines", "faq", "habits", "nightmares"]:
        assert isinstance(d[key], list), key
    assert isinstance(d["definition"], dict)
    assert len(d["nightmares"]) == 15
    assert len(d["components"]) == 8


# -- paraphrase guard -------------------------------------------------------------------------

_RUN = 8


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.findall(r"[a-z0-9]+(?:'[a-z0-9]+)*", text)


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        label = f"{path}[id={value['id']}]" if isinstance(value.get("id"), str) else path
        for key, inner in value.items():
            yield from _strings(inner, f"{label}.{key}")
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _strings(inner, f"{path}[{i}]")
    elif isinstance(value, str):
        yield path, value


def _allowed_verbatim(path: str) -> bool:
    if path == "definition[id=zmuda-curtis-ullman].quote":
        return True
    if re.fullmatch(r"definition\[id=[^\]]+\]\.alternatives\[\d+\]\[id=[^\]]+\]\.quote", path):
        return True
    if re.fullmatch(r"nightmare_prompts\[\d+\]\[id=not-fail\]\.text", path):
        return True
    # The titles of cited works are attribution: they must match the work, word for word.
    if re.fullmatch(r"sources\[\d+\]\[id=[^\]]+\]\.title", path):
        return True
    return False


def test_content_paraphrases_the_seeds(cat: Catalog) -> None:
    need(SEEDS.is_dir() and any(SEEDS.glob("*.txt")),
         f"the seed texts are not at {SEEDS} (only present in the project workspace)")
    grams: set[tuple[str, ...]] = set()
    for seed in sorted(SEEDS.glob("*.txt")):
        w = _words(seed.read_text(encoding="utf-8"))
        grams.update(tuple(w[i : i + _RUN]) for i in range(len(w) - _RUN + 1))
    assert grams, "no seed text found"
    pasted = []
    checked = 0
    for path, text in _strings(cat.to_dict(), ""):
        path = path.lstrip(".")
        if _allowed_verbatim(path):
            continue
        checked += 1
        w = _words(text)
        for i in range(len(w) - _RUN + 1):
            if tuple(w[i : i + _RUN]) in grams:
                pasted.append(f"{path}: '{' '.join(w[i:i + _RUN])}'")
                break
    assert checked > 300
    assert not pasted, "copied from the seeds:\n" + "\n".join(pasted)


def test_paraphrase_guard_allows_only_the_named_quotes(cat: Catalog) -> None:
    # the exceptions exist and are the verbatim ones (so the guard above is not vacuous)
    paths = [p.lstrip(".") for p, _ in _strings(cat.to_dict(), "")]
    allowed = [p for p in paths if _allowed_verbatim(p)]
    assert "definition[id=zmuda-curtis-ullman].quote" in allowed
    assert any(p.endswith("[id=not-fail].text") for p in allowed)
    assert len(allowed) < 25


# -- district overlays ------------------------------------------------------------------------


def test_district_merge_replaces_same_id_and_adds_new(tmp_path: Path, cat: Catalog) -> None:
    write(
        tmp_path,
        "nightmares.yaml",
        """
        nightmares:
          - id: one-size-pd
            number: 1
            title: Our district's own title
            summary: A district rewrote this summary.
            example: An example from our district.
            component: professional-development
            source: zmuda-thompson-ebook
          - id: district-extra
            number: 16
            title: A sixteenth nightmare
            summary: One the district added.
            example: Something that happened here.
            component: leadership
            source: zmuda-thompson-ebook
        """,
    )
    for loaded in (validate_folder(tmp_path), load_catalog(tmp_path)):
        ids = [n.id for n in loaded.nightmares]
        assert len(ids) == 16
        assert ids[0] == "one-size-pd"
        assert ids[-1] == "district-extra"
        assert loaded.nightmares[0].title == "Our district's own title"
        # other sections keep the shipped content
        assert len(loaded.components) == len(cat.components)
        assert loaded.nightmares[1] == cat.nightmares[1]


def test_district_mode_replace(tmp_path: Path) -> None:
    write(
        tmp_path,
        "pillars.yaml",
        """
        mode: replace
        pillars:
          - id: only-one
            name: Our single pillar
            summary: The district keeps one pillar only.
            source: zmuda-thompson-ebook
        """,
    )
    loaded = load_catalog(tmp_path)
    assert [p.id for p in loaded.pillars] == ["only-one"]
    assert validate_folder(tmp_path).pillars[0].name == "Our single pillar"


def test_district_can_add_a_source_and_use_it(tmp_path: Path) -> None:
    write(
        tmp_path,
        "sources.yaml",
        """
        sources:
          - id: our-district
            title: Our district's PL framework
            authors: The district team
            year: 2024
        """,
    )
    write(
        tmp_path,
        "habits.yaml",
        """
        habits:
          - id: district-habit
            name: Celebrating mistakes
            summary: We treat errors as information.
            source: our-district
        """,
    )
    loaded = validate_folder(tmp_path)
    assert len(loaded.habits) == 17
    assert loaded.cite("our-district") == "The district team, Our district's PL framework (2024)"


def test_two_district_files_with_one_section_lose_nothing(tmp_path: Path) -> None:
    """A section split over two district files is either merged or refused with a clear error;
    it is never silently dropped."""
    habit = "habits:\n  - id: {id}\n    name: N\n    summary: S\n    source: zmuda-thompson-ebook\n"
    write(tmp_path, "a-habits.yaml", habit.format(id="district-habit-a"))
    write(tmp_path, "b-habits.yaml", habit.format(id="district-habit-b"))
    try:
        loaded = validate_folder(tmp_path)
    except ContentError as exc:
        assert "habits" in str(exc)
        assert "a-habits.yaml" in str(exc) or "b-habits.yaml" in str(exc)
        return
    ids = {h.id for h in loaded.habits}
    assert {"district-habit-a", "district-habit-b"} <= ids, "one file's habits were dropped"


_PILLAR = """
pillars:
  - id: p1
    name: A pillar
    summary: Its summary.
    source: zmuda-thompson-ebook
"""

BAD_FOLDERS = {
    "invalid-yaml": ("pillars.yaml", "pillars:\n  - id: [unclosed\n    name: x\n", "(file)"),
    "unknown-field": ("pillars.yaml", _PILLAR + "    colour: red\n", "colour"),
    "missing-field": (
        "pillars.yaml",
        "pillars:\n  - id: p1\n    name: A pillar\n    source: zmuda-thompson-ebook\n",
        "summary",
    ),
    "wrong-type": (
        "pillars.yaml",
        "pillars:\n  - id: p1\n    name: 42\n    summary: Its summary.\n    source: zmuda-thompson-ebook\n",
        "name",
    ),
    "unknown-component": (
        "nightmares.yaml",
        "nightmares:\n  - id: n99\n    number: 99\n    title: T\n    summary: S\n    example: E\n"
        "    component: no-such-component\n    source: zmuda-thompson-ebook\n",
        "component",
    ),
    "unknown-source": (
        "pillars.yaml",
        "pillars:\n  - id: p1\n    name: A pillar\n    summary: S\n    source: no-such-source\n",
        "source",
    ),
    "duplicate-id": ("pillars.yaml", _PILLAR + _PILLAR.split("\n", 2)[2], "id"),
    "unknown-section": ("extras.yaml", "colours:\n  - red\n", "colours"),
}


@pytest.mark.parametrize("case", sorted(BAD_FOLDERS))
def test_malformed_district_file_names_file_and_field(tmp_path: Path, case: str) -> None:
    name, text, field_word = BAD_FOLDERS[case]
    write(tmp_path, name, text)
    with pytest.raises(ContentError) as info:
        validate_folder(tmp_path)
    err = info.value
    message = str(err)
    assert name in message, message
    assert err.file.endswith(name)
    assert field_word in err.field, (err.field, message)
    assert f"'{err.field}'" in message
    assert_one_sentence(message)
    # load_catalog refuses the same folder the same way
    with pytest.raises(ContentError):
        load_catalog(tmp_path)


def test_malformed_messages_say_what_is_wrong(tmp_path: Path) -> None:
    expected = {
        "invalid-yaml": "not valid YAML",
        "unknown-field": "not a known field",
        "missing-field": "missing",
        "wrong-type": "must be non-empty text",
        "unknown-component": "no-such-component",
        "unknown-source": "no-such-source",
        "duplicate-id": "used twice",
        "unknown-section": "not a content section",
    }
    for case, words in expected.items():
        folder = tmp_path / case
        name, text, _ = BAD_FOLDERS[case]
        write(folder, name, text)
        with pytest.raises(ContentError, match=re.escape(words)):
            validate_folder(folder)


def test_empty_district_folder(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as info:
        validate_folder(tmp_path)
    assert str(tmp_path) in str(info.value)
    assert info.value.field == "(folder)"
    assert "no .yaml" in str(info.value)


def test_missing_district_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(ContentError) as info:
        validate_folder(missing)
    assert str(missing) in str(info.value)
    assert info.value.field == "(folder)"
    assert "does not exist" in str(info.value)


# -- the content CLI --------------------------------------------------------------------------


def test_cli_validate_good_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "pillars.yaml", _PILLAR)
    assert main(["content", "validate", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "valid" in captured.out
    assert captured.err == ""


@pytest.mark.parametrize("case", ["wrong-type", "invalid-yaml", "unknown-source"])
def test_cli_validate_bad_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    name, text, _ = BAD_FOLDERS[case]
    write(tmp_path, name, text)
    assert main(["content", "validate", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("plkit: ")
    assert name in captured.err
    assert_one_sentence(captured.err)


def test_cli_validate_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["content", "validate", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err
    assert_one_sentence(err)


def test_cli_show_with_district_overlay(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "pillars.yaml", "mode: replace\n" + _PILLAR)
    assert main(["content", "show", "--format", "json", "--content-dir", str(tmp_path)]) == 0
    d = json.loads(capsys.readouterr().out)
    assert [p["id"] for p in d["pillars"]] == ["p1"]


def test_content_dir_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "pillars.yaml", "mode: replace\n" + _PILLAR)
    monkeypatch.setenv("PLKIT_CONTENT_DIR", str(tmp_path))
    assert [p.id for p in load_catalog().pillars] == ["p1"]
    assert len(load_catalog(use_settings=False).pillars) == 4
