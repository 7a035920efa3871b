"""The report's privacy (issue 16): the shareable report's self-check reads what a person reads
(the page's text, the CSV's cells) on word boundaries, so any ordinary class gets its report,
while a real identifier in it still stops it; the private report is private from the first byte."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest
from helpers_unit import assert_one_sentence

from plkit.classdata import read_gradebook
from plkit.classdata.report import ReportError, shareable_leaks, visible_text, write_report
from plkit.cli import main
from plkit.privacy import find_leaks

# First and last names that are also words of HTML, SVG, CSS or the report's own wording.
NAMES = [("Aria", "Lang"), ("Per", "Line"), ("Img", "Http"), ("Line", "Per"), ("Lang", "Aria"),
         ("Http", "Img"), ("Per", "Made"), ("Aria", "Ready"), ("Svg", "Rect"), ("Style", "Font"),
         ("Fill", "Path"), ("Mean", "Group")]


@pytest.fixture(autouse=True)
def _secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLKIT_SECRET_FILE", str(tmp_path / "secret" / "classdata-secret"))


def ordinary_class(names: list[tuple[str, str]] = NAMES) -> bytes:
    """A long table whose students have markup-like names and small numeric IDs (the year among them)."""
    ids = [str(date.today().year), "1000", "1001", "1002", "2024", "1100", "1200", "1500", "1999", "3000",
           "4000", "204417"]
    rows = ["student,student id,section,standard,assessment,score,max,date"]
    for i, (first, last) in enumerate(names):
        for j, (std, day) in enumerate([("RL.1", "01"), ("RL.1", "08"), ("W.1", "15"), ("W.1", "22")]):
            rows.append(f"{first} {last},{ids[i % len(ids)]},Block {'AB'[i % 2]},{std},Task {j + 1},"
                        f"{(i + j) % 5},4,2025-09-{day}")
    return ("\n".join(rows) + "\n").encode()


def test_visible_text_skips_tags_attributes_css_and_svg_metadata() -> None:
    page = ('<html lang="en"><head><style>p{line-height:1.5}</style><title>Per class</title></head>'
            '<body><div role="img" aria-label="Chart"><svg xmlns="http://www.w3.org/2000/svg"><metadata>'
            "<dc:title>Matplotlib, https://matplotlib.org</dc:title></metadata><text>RL.1</text></svg></div>"
            "<p>Mean change &amp; more</p><script>var line = 1;</script></body></html>")
    text = visible_text(page)
    assert "Per class" in text and "RL.1" in text and "Mean change & more" in text
    for word in ("lang", "line-height", "aria", "http", "img", "Matplotlib", "var line"):
        assert word not in text


def test_an_ordinary_class_gets_its_shareable_report(tmp_path: Path) -> None:
    gb = read_gradebook(ordinary_class(), secret=b"test")
    paths = write_report(gb, tmp_path / "share", shareable=True)
    assert sorted(p.name for p in paths) == ["shareable-summary.csv", "shareable-summary.html"]
    page = (tmp_path / "share" / "shareable-summary.html").read_text(encoding="utf-8")
    assert 'lang="en"' in page and "aria-label" in page and "line-height" in page  # markup is still there


def test_an_ordinary_class_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "class.csv"
    data.write_bytes(ordinary_class())
    rc = main(["classdata", "report", str(data), "--out", str(tmp_path / "share"), "--shareable"])
    assert rc == 0, capsys.readouterr().err


@pytest.mark.parametrize("leak", ["Aria Lang", "Lang, Aria", "Http", "Img Http", "Rect"])
def test_a_real_identifier_in_the_text_still_stops_the_report(tmp_path: Path, leak: str) -> None:
    gb = read_gradebook(ordinary_class(), secret=b"test").with_standards({"Task 1": leak})
    with pytest.raises(ReportError) as err:
        write_report(gb, tmp_path / "out", shareable=True)
    assert_one_sentence(str(err.value))
    assert leak not in str(err.value)
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_a_student_id_in_a_csv_cell_is_found_and_a_count_is_not(tmp_path: Path) -> None:
    gb = read_gradebook(ordinary_class(), secret=b"test")
    assert shareable_leaks("<p>fine</p>", "standard,students\nRL.1,12\nW.1,204417\n".encode("utf-8-sig"), gb)
    assert not shareable_leaks("<p>fine</p>", "standard,students\nRL.1,12\nW.1,1999\n".encode("utf-8-sig"), gb)
    assert not shareable_leaks("<p>fine</p>", "standard,students\nRL.1,12\n".encode("utf-8-sig"), gb)


def test_the_old_whole_file_scan_would_have_refused_it(tmp_path: Path) -> None:
    """The cause, kept as a check: the markup and wording carry these names' words."""
    gb = read_gradebook(ordinary_class(), secret=b"test")
    paths = write_report(gb, tmp_path / "share", shareable=True)
    assert find_leaks(paths, gb)  # what privacy.guard sees in the raw files
    page = (tmp_path / "share" / "shareable-summary.html").read_text(encoding="utf-8")
    assert not shareable_leaks(page, (tmp_path / "share" / "shareable-summary.csv").read_bytes(), gb)


# --- the private report is private from the first byte --------------------------------------------


def test_private_files_are_created_user_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gb = read_gradebook(ordinary_class(), secret=b"test")
    out = tmp_path / "private"
    modes: list[tuple[str, int]] = []
    real_open = os.open

    def spy(path: str, flags: int, mode: int = 0o777, **kw: object) -> int:
        if flags & os.O_CREAT:
            modes.append((str(path), mode))
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", spy)
    old = os.umask(0)
    try:
        paths = write_report(gb, out)
    finally:
        os.umask(old)
    assert modes and all(mode & 0o077 == 0 for _p, mode in modes)
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in paths)
    assert stat.S_IMODE(out.stat().st_mode) == 0o700


def test_an_existing_open_folder_is_narrowed_and_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "class.csv"
    data.write_bytes(ordinary_class())
    out = tmp_path / "private"
    out.mkdir(mode=0o755)
    out.chmod(0o755)
    old = out / "report.html"
    old.write_text("an older report")
    old.chmod(0o644)
    assert main(["classdata", "report", str(data), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "only you" in printed and str(out.name) in printed
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert stat.S_IMODE(old.stat().st_mode) == 0o600 and "older" not in old.read_text(encoding="utf-8")
    assert main(["classdata", "report", str(data), "--out", str(out)]) == 0
    assert "only you" not in capsys.readouterr().out  # said once, when it was narrowed


def test_a_count_equal_to_a_short_numeric_id_is_not_taken_for_it(tmp_path: Path) -> None:
    """1,000 students, one with the ID 1000: the report's count of students is not that student."""
    rows = ["student,student id,standard,assessment,score,max"]
    rows += [f"Zq{i:04d}vor Canary,{1000 + i},RL.1,Task 1,{i % 5},4" for i in range(1000)]
    gb = read_gradebook(("\n".join(rows) + "\n").encode(), secret=b"test")
    paths = write_report(gb, tmp_path / "share", shareable=True)
    assert ">1000<" in (tmp_path / "share" / "shareable-summary.html").read_text(encoding="utf-8")
    assert len(paths) == 2
