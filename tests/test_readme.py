"""README names real things: every ``plkit.…`` it tells a reader to call exists, and every
``plkit ...`` command it shows parses (so a facilitator copying a line never meets an old name)."""

from __future__ import annotations

import importlib
import re
import shlex

import pytest
from helpers_unit import REPO

from plkit.cli import build_parser

README = (REPO / "README.md").read_text(encoding="utf-8")


def _resolve(dotted: str) -> bool:
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for name in parts[i:]:
            if not hasattr(obj, name):
                return False
            obj = getattr(obj, name)
        return True
    return False


NAMES = sorted({n.rstrip(".") for n in re.findall(r"`(plkit\.[A-Za-z_][A-Za-z0-9_.]*)", README)})


def test_readme_names_some_api() -> None:
    assert len(NAMES) >= 5


@pytest.mark.parametrize("name", NAMES)
def test_every_python_name_in_readme_exists(name: str) -> None:
    assert _resolve(name), f"README names {name}, which plkit does not have"


def _commands() -> list[list[str]]:
    out = []
    for block in re.findall(r"```bash\n(.*?)```", README, flags=re.S):
        text = block.replace("\\\n", " ")
        for line in text.splitlines():
            line = line.split("#", 1)[0].strip()
            if line.startswith("plkit "):
                out.append(shlex.split(line)[1:])
    return out


COMMANDS = _commands()


def test_readme_shows_workshop_commands() -> None:
    assert any(c[:1] == ["workshop"] for c in COMMANDS)


@pytest.mark.parametrize("argv", COMMANDS, ids=[" ".join(c[:3]) for c in COMMANDS])
def test_every_command_in_readme_parses(argv: list[str]) -> None:
    parser = build_parser()
    try:
        parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on an unknown option or command
        pytest.fail(f"README shows `plkit {' '.join(argv)}`, which plkit's command line refuses ({exc})")
