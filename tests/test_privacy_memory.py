"""The privacy guard remembers every class loaded on this computer, as keyed hashes only, so it
works after the class has left memory (a page reload, another workbook) without keeping a name.

Matching rule under test (see plkit/privacy.py): full names (either order, any case, accents
folded), IDs, logins and emails match anywhere; a lone name part matches only in answers, only
written capitalised, and never when it is an ordinary English word ("Will", "May", "Grace");
a full name made only of such words matches only when each word is capitalised."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from plkit.privacy import Identifiers, identifiers_file, memory, remember_identifiers

SECRET = b"0123456789abcdef0123456789abcdef-test-secret"
ROSTER = {
    "k1": {"name": "Zorblatt, Émilie", "first": "Émilie", "last": "Zorblatt", "ids": ["#778812", "S-2093-1"],
           "logins": ["ezorb7"], "emails": ["emilie.z@school.test"]},
    "k2": {"name": "Thompson, Will", "first": "Will", "last": "Thompson", "ids": ["1234"], "logins": [],
           "emails": []},
    "k3": {"name": "May, Grace", "first": "Grace", "last": "May", "ids": [], "logins": ["mark"], "emails": []},
    "k4": {"name": "Al Li", "ids": ["12"], "logins": [], "emails": []},
}
SECOND = {"j1": {"name": "Quillfeather, Orsolya", "ids": ["99001122"], "emails": ["oq@other.test"]}}


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "config" / "classdata-secret"
    path.parent.mkdir()
    path.write_bytes(SECRET)
    return path


def ids() -> Identifiers:
    return Identifiers(SECRET).add_roster(ROSTER)


@pytest.mark.parametrize("text", [
    "Émilie Zorblatt needs help", "EMILIE ZORBLATT", "zorblatt, emilie", "Zorblatt Émilie", "emilie  zorblatt",
    "Will Thompson", "will thompson was away", "Thompson, Will",
    "id 778812 here", "#778812", "S-2093-1", "s 2093 1",
    "mail Emilie.Z@School.test", "by EZORB7",
    "Grace May", "Quiet day for Grace May.",
])
def test_full_names_ids_logins_and_emails_are_found_anywhere(text: str) -> None:
    assert ids().kinds(text, parts=False) and ids().kinds(text, parts=True)


@pytest.mark.parametrize("text", [
    "Zorblatt was absent", "I spoke to Émilie", "ZORBLATT", "Thompson struggled",
])
def test_a_capitalised_lone_name_part_is_found_in_answers_only(text: str) -> None:
    assert ids().kinds(text, parts=True) == {"name"}
    assert ids().kinds(text, parts=False) == set()  # the notebook quotes authors; whole names only there


@pytest.mark.parametrize("text", [
    "zorblatt in lower case is not read as a name",
    "Will this work? It may. We will see, by grace of May.",  # lone ordinary words: never
    "grace may be shown",  # a name of ordinary words, not capitalised
    "it will mark the start",  # a login that is an ordinary word is not remembered
    "Al said 12 is fine; Li",  # parts under 3 letters, ids under 4 characters
    "in 1234 and 2024 we met",  # numeric ids under 5 digits read as years and counts
    "1778812 and Zorblatter",  # whole words only
    "the standard score average",
])
def test_ordinary_words_are_not_found(text: str) -> None:
    assert ids().kinds(text, parts=True) == set()


def test_nothing_identifying_is_kept_on_disk(secret_file: Path) -> None:
    assert remember_identifiers(ROSTER, secret_file, SECRET) > 0
    path = identifiers_file(secret_file)
    assert path.parent == secret_file.parent
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    raw = path.read_text(encoding="ascii").lower()
    for entry in ROSTER.values():
        for value in [entry["name"], *entry["ids"], *entry["logins"], *entry["emails"]]:
            for part in str(value).lower().replace(",", " ").split():
                if len(part) > 2:
                    assert part not in raw, part
    assert "emilie" not in raw and "zorblatt" not in raw and "778812" not in raw
    assert Identifiers.load(secret_file, SECRET).kinds("Émilie Zorblatt", parts=False) == {"name"}


def test_the_set_only_grows_and_each_class_is_added_once(secret_file: Path) -> None:
    remember_identifiers(ROSTER, secret_file, SECRET)
    path = identifiers_file(secret_file)
    first = path.read_text(encoding="ascii")
    assert remember_identifiers(ROSTER, secret_file, SECRET) == 0
    assert path.read_text(encoding="ascii") == first
    assert remember_identifiers(SECOND, secret_file, SECRET) > 0
    assert path.read_text(encoding="ascii").startswith(first)  # appended
    loaded = Identifiers.load(secret_file, SECRET)
    assert loaded.kinds("Orsolya Quillfeather", parts=False) and loaded.kinds("Émilie Zorblatt", parts=False)


def test_the_file_is_bounded_and_keeps_the_newest(secret_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "MAX_REMEMBERED", 30)
    remember_identifiers(ROSTER, secret_file, SECRET)
    remember_identifiers(SECOND, secret_file, SECRET)
    lines = identifiers_file(secret_file).read_text(encoding="ascii").splitlines()
    assert len(lines) <= 31  # the header and at most MAX_REMEMBERED hashes
    assert Identifiers.load(secret_file, SECRET).kinds("Orsolya Quillfeather", parts=False)


def test_hashes_made_with_another_secret_are_dropped(secret_file: Path) -> None:
    remember_identifiers(ROSTER, secret_file, SECRET)
    other = b"another-secret-another-secret-another-secret"
    assert Identifiers.load(secret_file, other).kinds("Émilie Zorblatt", parts=False) == set()
    remember_identifiers(SECOND, secret_file, other)
    loaded = Identifiers.load(secret_file, other)
    assert loaded.kinds("Orsolya Quillfeather", parts=False) and not loaded.kinds("Émilie Zorblatt", parts=False)


def test_no_file_means_nothing_remembered(secret_file: Path) -> None:
    assert not Identifiers.load(secret_file, SECRET)


def test_a_damaged_file_keeps_its_good_lines(secret_file: Path) -> None:
    remember_identifiers(ROSTER, secret_file, SECRET)
    path = identifiers_file(secret_file)
    path.write_text(path.read_text(encoding="ascii") + "garbage line\nN2 zz\n", encoding="ascii")
    assert Identifiers.load(secret_file, SECRET).kinds("Émilie Zorblatt", parts=False)
    assert remember_identifiers(SECOND, secret_file, SECRET) > 0


def test_answers_are_found_by_key_and_field() -> None:
    answers = {
        "classdata.next-week": "Group Zorblatt with the others",
        "challenges.challenge.ab12": {"title": "Lunch", "rubric": [{"criterion": "like ezorb7 did"}],
                                      "dimensions": {"task": {"guardrail": "fine"}}},
        "nightmares.reflective": "Will this work? We will see.",
        "defining.card-sort": {"Émilie Zorblatt": "is"},
        "classdata.min-n": 778812,
    }
    found = ids().find_in_answers(answers)
    assert found == {"classdata.next-week": {"name"}, "challenges.challenge.ab12 (rubric, criterion)": {"id"},
                     "defining.card-sort": {"name"}, "classdata.min-n": {"id"}}


def test_the_demo_and_a_gradebook_work_as_rosters(tmp_path: Path) -> None:
    from plkit.classdata import demo_gradebook

    gb = demo_gradebook()
    first = next(iter(gb.roster.values()))
    found = Identifiers(SECRET).add_roster(gb)
    assert "name" in found.kinds(f"note about {first['first']} {first['last']}", parts=False)
    assert found.kinds(gb.scores.to_csv(), parts=True) == set()
