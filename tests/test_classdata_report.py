"""The class-data report and ``plkit classdata report``: the private report names students,
the shareable one is aggregate, suppressed, and proven leak-free by the privacy guard."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from helpers_unit import assert_one_sentence

from plkit.classdata import demo_gradebook, demo_gradebook_csv, demo_standards, read_gradebook
from plkit.classdata.report import ReportError, write_report
from plkit.classdata.summary import MethodChoice, analyse, standard_summary
from plkit.cli import main
from plkit.privacy import find_leaks, guard


@pytest.fixture(autouse=True)
def _secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLKIT_SECRET_FILE", str(tmp_path / "secret" / "classdata-secret"))


def canary_class(n: int = 14, sections: tuple[str, ...] = ("Block A", "Block B")) -> bytes:
    """A long table whose names, ids and emails are distinctive strings."""
    rows = ["student,student id,email,section,standard,assessment,score,max,date"]
    for i in range(n):
        name = f"Zq{chr(97 + i)}vor Canarystud{chr(97 + i)}"
        sec = sections[i % len(sections)]
        for j, (std, day) in enumerate([("RL.1", "01"), ("RL.1", "08"), ("W.1", "15"), ("W.1", "22")]):
            rows.append(f'"{name}",CX{880000 + i},{name.split()[0].lower()}@canary.test,{sec},{std},'
                        f"Task {j + 1},{(i + j) % 5},4,2025-09-{day}")
    return ("\n".join(rows) + "\n").encode()


def test_shareable_report_is_aggregate_and_passes_the_guard(tmp_path: Path) -> None:
    data = canary_class(24)
    gb = read_gradebook(data, secret=b"test")
    paths = write_report(gb, tmp_path / "out", shareable=True)
    assert sorted(p.name for p in paths) == ["shareable-summary.csv", "shareable-summary.html"]
    guard(paths, gb)  # no roster name, id or email anywhere in the output
    text = "".join(p.read_text(encoding="utf-8-sig") for p in paths)
    assert "canary" not in text.lower() and "CX88" not in text
    assert gb.students
    for key in gb.students:  # not even pseudonyms: aggregates only
        assert key not in text
    page = (tmp_path / "out" / "shareable-summary.html").read_text(encoding="utf-8")
    assert '<svg aria-hidden="true"' in page and 'role="img"' in page and "<caption>" in page
    table = list(csv.DictReader(io.StringIO(paths[1].read_text(encoding="utf-8-sig"))))
    assert [r["standard"] for r in table] == ["RL.1", "W.1"]


def test_small_groups_are_suppressed_never_with_their_n(tmp_path: Path) -> None:
    gb = read_gradebook(canary_class(8), secret=b"test")
    m = analyse(gb, MethodChoice())
    summary = standard_summary(m, min_n=10)
    assert set(summary["students"]) == {"suppressed (n<10)"}
    assert set(summary["ready to move on"]) == {"suppressed"}
    paths = write_report(gb, tmp_path, shareable=True)
    page = paths[0].read_text(encoding="utf-8")
    assert "suppressed (n&lt;10)" in page and ">8<" not in page


def test_forced_leak_fails_loudly_and_leaves_nothing(tmp_path: Path) -> None:
    gb = read_gradebook(canary_class(12), secret=b"test")
    # A standard named after a student (a real slip: a per-student "standard" column).
    name = gb.roster[gb.students[0]]["name"]
    leaky = gb.with_standards({"Task 1": name})
    with pytest.raises(ReportError) as err:
        write_report(leaky, tmp_path / "out", shareable=True)
    assert_one_sentence(str(err.value))
    assert "not written" in str(err.value) and name not in str(err.value)
    assert list((tmp_path / "out").iterdir()) == []


def test_private_report_names_students_in_a_user_only_folder(tmp_path: Path) -> None:
    gb = demo_gradebook()
    paths = write_report(gb, tmp_path / "private", method="highest", mastery=3.0)
    assert {p.name for p in paths} == {"report.html", "mastery-by-standard.csv", "students.csv", "groups.csv"}
    assert find_leaks(paths, gb)  # the teacher's own report does name them
    assert (tmp_path / "private").stat().st_mode & 0o077 == 0
    assert all(p.stat().st_mode & 0o077 == 0 for p in paths)


def test_csv_exports_neutralise_formulas(tmp_path: Path) -> None:
    gb = demo_gradebook().with_standards({"RL.1 check 1": "=HYPERLINK(1)"})
    paths = write_report(gb, tmp_path, shareable=True)
    text = paths[1].read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(1)" in text
    assert "'+0." in text or "'-0." in text  # signed changes cannot start a formula either


def write_inputs(tmp_path: Path) -> tuple[Path, Path]:
    gradebook = tmp_path / "gradebook.csv"
    gradebook.write_bytes(demo_gradebook_csv())
    standards = tmp_path / "standards.csv"
    standards.write_text("item,standard\n" + "".join(f'"{k}",{v}\n' for k, v in demo_standards().items()))
    return gradebook, standards


def test_cli_shareable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gradebook, standards = write_inputs(tmp_path)
    out = tmp_path / "share"
    rc = main(["classdata", "report", str(gradebook), "--standards", str(standards), "--method",
               "weighted_average", "--mastery", "2.5", "--out", str(out), "--shareable"])
    assert rc == 0
    assert "Shareable summary" in capsys.readouterr().out
    gb = demo_gradebook()
    guard(out, gb)
    page = (out / "shareable-summary.html").read_text(encoding="utf-8")
    assert "Weighted average" in page and "mastery at 2.5 of 4" in page


def test_cli_private_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gradebook, standards = write_inputs(tmp_path)
    assert main(["classdata", "report", str(gradebook), "--standards", str(standards), "--out",
                 str(tmp_path / "mine")]) == 0
    assert (tmp_path / "mine" / "students.csv").exists()
    capsys.readouterr()
    assert main(["classdata", "report", str(gradebook), "--out", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err
    assert "--standards" in err
    assert_one_sentence(err.removeprefix("plkit: "))
    bad = tmp_path / "notes.txt"
    bad.write_bytes(b"\x00\x01binary")
    assert main(["classdata", "report", str(bad), "--out", str(tmp_path / "y")]) == 2
    assert_one_sentence(capsys.readouterr().err.removeprefix("plkit: "))
    assert main(["classdata", "report", str(gradebook), "--standards", str(standards),
                 "--min-n", "3", "--out", str(tmp_path / "z")]) == 2
    assert "from 5 to 30" in capsys.readouterr().err


def test_cli_forced_leak_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "class.csv"
    data.write_bytes(canary_class(12))
    gb = read_gradebook(data, secret=b"x")
    name = gb.roster[gb.students[0]]["name"]
    standards = tmp_path / "standards.csv"
    standards.write_text(f"item,standard\nTask 1,{name}\n")
    rc = main(["classdata", "report", str(data), "--standards", str(standards), "--out",
               str(tmp_path / "out"), "--shareable"])
    assert rc == 2
    err = capsys.readouterr().err
    assert "not written" in err and name not in err
    assert not any((tmp_path / "out").iterdir())
