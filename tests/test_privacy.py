"""The privacy guard finds roster names, IDs, logins and emails in files and texts."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from plkit.classdata import demo_gradebook, mastery, read_gradebook, to_csv_bytes
from plkit.errors import PlkitError
from plkit.privacy import PrivacyError, find_leaks, guard

ROSTER = {
    "k1": {"name": "Zorblatt, Émilie", "first": "Émilie", "last": "Zorblatt", "ids": ["#778812"],
           "logins": ["ezorb7"], "emails": ["emilie.z@school.test"]},
    "k2": {"name": "Al Li", "ids": ["12"], "logins": [], "emails": []},
}


def kinds(items, roster=ROSTER) -> list[str]:
    return sorted(leak.kind for leak in find_leaks(items, roster))


@pytest.mark.parametrize(
    "text",
    ["Report: EMILIE ZORBLATT did well", "zorblatt, emilie", "Zorblatt,Émilie", "Émilie  Zorblatt"],
)
def test_names_in_both_orders_ignoring_case_and_accents(text: str) -> None:
    assert kinds([text]) == ["name"]


def test_ids_logins_emails() -> None:
    assert kinds(["student 778812 scored"]) == ["id"]
    assert kinds(["#778812"]) == ["id"]
    assert kinds(["by EZORB7 on tuesday"]) == ["login"]
    assert kinds(["mail Emilie.Z@School.test"]) == ["email"]


def test_lone_name_parts_and_short_tokens() -> None:
    assert kinds(["Zorblatt was absent"]) == ["name part"]
    assert kinds(["Al said 12 is fine; li"]) == []  # parts under 3 characters and tiny ids are ignored
    assert kinds(["the standard score average"]) == []
    assert kinds(["1778812 and zorblatter"]) == []  # whole tokens only


def test_findings_never_echo_the_identifier() -> None:
    leaks = find_leaks(["Émilie Zorblatt 778812"], ROSTER)
    assert {leak.kind for leak in leaks} == {"name", "id"}
    for leak in leaks:
        assert "zorblatt" not in repr(leak).lower() and "778812" not in repr(leak)
        assert leak.hint == "Z.É." and leak.student == "k1"


def test_files_folders_notebooks_and_xlsx(tmp_path: Path) -> None:
    (tmp_path / "clean.md").write_text("Class summary: 60% ready on RL.1", encoding="utf-8")
    nb = {"cells": [{"source": ["Émilie Zorblatt"]}]}
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "w.ipynb").write_text(json.dumps(nb), encoding="utf-8")  # ensure_ascii escapes É
    with zipfile.ZipFile(tmp_path / "book.xlsx", "w") as z:
        z.writestr("xl/sharedStrings.xml", "<t>ezorb7</t>")
    leaks = find_leaks([tmp_path], ROSTER)
    by_file = {Path(leak.source.split(":")[0]).name: leak.kind for leak in leaks}
    assert by_file == {"w.ipynb": "name", "book.xlsx": "login"}
    assert find_leaks([tmp_path / "clean.md"], ROSTER) == []


def test_guard_raises_one_sentence_and_passes_clean(tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    out.write_text("student,score\nk1,3\n", encoding="utf-8")
    guard([out], ROSTER)
    out.write_text("student,score\nZorblatt Émilie,3\n", encoding="utf-8")
    with pytest.raises(PrivacyError) as info:
        guard(out, ROSTER)
    msg = str(info.value)
    assert isinstance(info.value, PlkitError) and "\n" not in msg and msg.endswith(".")
    assert "Zorblatt" not in msg and "report.csv" in msg


def test_canary_gradebook_pseudonymous_outputs_are_clean(tmp_path: Path) -> None:
    text = (
        "Student,ID,SIS User ID,SIS Login ID,Section,Quiz (1),Quiz (2)\n"
        "    Points Possible,,,,,4,4\n"
        '"Qwyxlander, Ferdinanda",5550123,S5550123,canaryfq,P1,3,4\n'
        '"Vrombeck, Ottoline",5550124,S5550124,canaryov,P1,2,EX\n'
    )
    gb = read_gradebook(text.encode(), standards={"Quiz": "RL.1"}, secret=b"x")
    out = tmp_path / "share.csv"
    out.write_bytes(to_csv_bytes(mastery(gb.with_standards({"Quiz (1)": "RL.1", "Quiz (2)": "RL.1"}), "average")))
    guard([out], gb)  # a Gradebook works as the roster
    raw = tmp_path / "raw.csv"
    raw.write_text(text, encoding="utf-8")
    assert {leak.kind for leak in find_leaks([raw], gb)} == {"name", "id", "login"}


def test_demo_class_roster_is_guarded() -> None:
    gb = demo_gradebook()
    first = next(iter(gb.roster.values()))
    assert find_leaks([f"note about {first['first']} {first['last']}"], gb)
    assert find_leaks([gb.scores.to_csv()], gb) == []
