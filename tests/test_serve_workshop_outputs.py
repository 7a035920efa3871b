"""``plkit workshop status --csv X`` and ``plkit workshop report --out X`` where X cannot be
written (a folder, under a file, under a path that cannot exist, a read-only folder): one
sentence saying what is wrong and what to do, a non-zero exit code, and nothing half-written."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers_unit import assert_one_sentence

from plkit.cli import main
from plkit.workshop.course import init


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("outputs") / "workshop"
    init(root, "pl-outputs")
    return root


def _a_folder(tmp: Path) -> Path:
    (tmp / "out").mkdir()
    return tmp / "out"


def _under_a_file(tmp: Path) -> Path:
    (tmp / "notes.txt").write_text("mine", encoding="utf-8")
    return tmp / "notes.txt" / "x.out"


def _under_a_path_that_cannot_exist(tmp: Path) -> Path:
    return Path("/proc/1/no-such-folder/x.out")


def _in_a_read_only_folder(tmp: Path) -> Path:
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    folder = tmp / "locked"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    return folder / "x.out"


TARGETS: list[Callable[[Path], Path]] = [_a_folder, _under_a_file, _under_a_path_that_cannot_exist,
                                         _in_a_read_only_folder]


def _files(tmp: Path) -> dict[str, bytes]:
    return {str(p.relative_to(tmp)): p.read_bytes() for p in sorted(tmp.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.__name__.strip("_"))
@pytest.mark.parametrize("command", [["status", "--csv"], ["report", "--out"]], ids=lambda c: c[0])
def test_an_output_that_cannot_be_written_is_one_sentence(
        workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        target: Callable[[Path], Path], command: list[str]) -> None:
    out = target(tmp_path)
    before = _files(tmp_path)
    reports_before = _files(workshop)
    code = main(["workshop", command[0], str(workshop), command[1], str(out)])
    captured = capsys.readouterr()
    assert code != 0
    assert "Traceback" not in captured.err
    assert_one_sentence(captured.err)
    assert str(out) in captured.err
    assert "Wrote" not in captured.out
    assert _files(tmp_path) == before  # nothing half-written, nothing of the person's touched
    assert _files(workshop) == reports_before
    for p in tmp_path.rglob("*"):
        assert not p.name.startswith(".") and not p.name.endswith(".tmp"), p


def test_a_writable_output_is_still_written(workshop: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "new" / "matrix.csv"
    assert main(["workshop", "status", str(workshop), "--csv", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("participant") or out.stat().st_size > 0
    assert f"Wrote {out}." in capsys.readouterr().out
    assert [p.name for p in out.parent.iterdir()] == ["matrix.csv"]  # no temporary file left
