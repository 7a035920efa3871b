"""README's test command run as a new user would (root, a Python under /root/.pyenv): when the
hub test's system users cannot run this Python, the hub test says why and the command that fixes
it (skipped on a developer's machine, failed in CI), instead of erroring."""

from __future__ import annotations

import stat
from pathlib import Path

import test_hub


def _python_under_a_closed_folder(tmp_path: Path) -> tuple[Path, Path]:
    closed = tmp_path / "home-of-root"
    python = closed / ".pyenv" / "versions" / "3.11" / "bin" / "python3.11"
    python.parent.mkdir(parents=True)
    python.write_text("", encoding="utf-8")
    for d in [*python.parents][: len(python.parents) - len(tmp_path.parents)]:
        d.chmod(d.stat().st_mode | stat.S_IXOTH)
    closed.chmod(0o700)
    return python, closed


def test_the_reason_names_the_chmod_that_fixes_it(tmp_path: Path) -> None:
    python, closed = _python_under_a_closed_folder(tmp_path)
    why = test_hub.python_for_test_users(lambda: "other accounts cannot run it", [python])
    assert why.startswith("other accounts cannot run it")
    listed = why.split("chmod o+x ", 1)[1].split()
    assert str(closed) in listed
    assert not {str(d) for d in python.parents if d != closed and closed in d.parents} & set(listed)


def test_nothing_to_say_when_the_test_users_can_run_it(tmp_path: Path) -> None:
    python, _ = _python_under_a_closed_folder(tmp_path)
    assert test_hub.python_for_test_users(lambda: "", [python]) == ""
