"""Gaps between the groups of any column (issue 16): ``plkit classdata report FILE --by COLUMN``
with every suppression rule of CLASSDATA.md section 4, in the HTML and CSV reports."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from helpers_unit import assert_one_sentence

from plkit.classdata import GradebookError, read_gradebook
from plkit.classdata.report import write_report
from plkit.classdata.summary import MethodChoice, analyse, group_columns, student_groups, subgroup_report
from plkit.cli import main
from plkit.privacy import guard

PROGRAMS = ["A"] * 12 + ["B"] * 12 + ["C"] * 12 + ["D"] * 4


@pytest.fixture(autouse=True)
def _secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLKIT_SECRET_FILE", str(tmp_path / "secret" / "classdata-secret"))


def long_class() -> bytes:
    """40 students; extra columns: program (A, B, C of 12 and D of 4), ell (6 Y, the rest blank), school."""
    rows = ["student,student id,program,ell,school,standard,assessment,score,max"]
    for i, program in enumerate(PROGRAMS):
        ell = "Y" if i % 7 == 0 else ""
        for j, std in enumerate(["RL.1", "RL.1", "W.1"]):
            score = 4 if program in "AB" and (i + j) % 3 else (i + j) % 3
            rows.append(f"Qx{i:02d}vor Zzcan{i:02d},CX{770000 + i},{program},{ell},North,{std},Task {j + 1},{score},4")
    return ("\n".join(rows) + "\n").encode()


def canvas_class() -> bytes:
    head = "Student,ID,SIS User ID,Section,ELL,Quiz 1 (1001),Quiz 2 (1002)\n    Points Possible,,,,,4.00,4.00\n"
    body = "".join(f'"Zzcan{i:02d}, Qx{i:02d}vor",{600 + i},S{600 + i},P1,{"Y" if i < 11 else "N"},'
                   f"{i % 5}.00,3.00\n" for i in range(30))
    return (head + body).encode()


def test_a_long_files_extra_columns_are_kept_in_memory_only() -> None:
    gb = read_gradebook(long_class(), secret=b"t")
    assert group_columns(gb) == ["program", "ell", "school"]
    groups = student_groups(gb, "Program")
    assert sorted(groups.value_counts().to_dict().items()) == [("A", 12), ("B", 12), ("C", 12), ("D", 4)]
    assert "program" not in gb.scores.columns


def test_suppression_rules_hold_for_any_column() -> None:
    gb = read_gradebook(long_class(), secret=b"t")
    m = analyse(gb, MethodChoice("highest"))
    rep = subgroup_report(gb, m, "RL.1", student_groups(gb, "program"), min_n=10)
    rows = rep.groups.set_index("subgroup")
    assert rows.loc["D", "n"] == "suppressed (n<10)" and rows.loc["D", "result"] == "suppressed (n<10)"
    assert rows.loc["A", "n"] == "suppressed"  # complementary: the next smallest is hidden too
    assert rows.loc["B", "n"] == "12" and rows.loc["C", "n"] == "12"
    assert rep.gaps["between"].tolist() == ["B vs C"]
    assert rep.gaps["note"].tolist() == ["unstable (a group has n<20)"]
    ell = subgroup_report(gb, m, "RL.1", student_groups(gb, "ell"), min_n=10).groups
    assert set(ell["n"]) == {"suppressed (n<10)", "suppressed"} and "6" not in ell.to_string()
    whole = subgroup_report(gb, m, "RL.1", student_groups(gb, "school"), min_n=10).groups
    assert whole["result"].tolist() == ["not reported"]


def test_unknown_or_identity_columns_are_one_sentence() -> None:
    gb = read_gradebook(long_class(), secret=b"t")
    with pytest.raises(GradebookError) as err:
        student_groups(gb, "grade level")
    assert_one_sentence(str(err.value))
    assert all(c in str(err.value) for c in ("program", "ell", "school"))
    with pytest.raises(GradebookError) as err:
        student_groups(gb, "student id")
    assert_one_sentence(str(err.value))
    assert "identif" in str(err.value)


def test_canvas_custom_columns_and_sections_can_group() -> None:
    gb = read_gradebook(canvas_class(), secret=b"t", standards={"Quiz 1": "RL.1", "Quiz 2": "RL.1"})
    assert "ELL" in group_columns(gb) and "Section" in group_columns(gb)
    assert student_groups(gb, "ell").value_counts().to_dict() == {"N": 19, "Y": 11}
    assert set(student_groups(gb, "section")) == {"P1"}


def test_report_by_column_shareable_html_and_csv(tmp_path: Path) -> None:
    gb = read_gradebook(long_class(), secret=b"t")
    paths = write_report(gb, tmp_path / "share", shareable=True, by="program")
    names = sorted(p.name for p in paths)
    assert names == ["shareable-gaps.csv", "shareable-subgroups.csv", "shareable-summary.csv",
                     "shareable-summary.html"]
    guard([p for p in paths if p.suffix == ".csv"], gb)
    page = (tmp_path / "share" / "shareable-summary.html").read_text(encoding="utf-8")
    assert "Ready to move on by program, RL.1" in page and "Gaps between program groups, RL.1" in page
    rows = list(csv.DictReader(io.StringIO((tmp_path / "share" / "shareable-subgroups.csv").read_text("utf-8-sig"))))
    d = [r for r in rows if r["standard"] == "RL.1" and r["subgroup"] == "D"]
    assert d and d[0]["n"] == "suppressed (n<10)"
    gaps = list(csv.DictReader(io.StringIO((tmp_path / "share" / "shareable-gaps.csv").read_text("utf-8-sig"))))
    assert {g["between"] for g in gaps} == {"B vs C"}


def test_cli_by(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "class.csv"
    data.write_bytes(long_class())
    assert main(["classdata", "report", str(data), "--by", "ell", "--out", str(tmp_path / "p")]) == 0
    assert (tmp_path / "p" / "subgroups.csv").exists() and (tmp_path / "p" / "gaps.csv").exists()
    capsys.readouterr()
    assert main(["classdata", "report", str(data), "--by", "nope", "--out", str(tmp_path / "q")]) == 2
    err = capsys.readouterr().err.removeprefix("plkit: ")
    assert_one_sentence(err)
    assert "nope" in err and "program" in err
    assert not (tmp_path / "q").exists()
