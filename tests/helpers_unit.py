"""Small helpers shared by plkit's unit-test files (no fixtures here: see each test file)."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


def write(folder: Path, name: str, text: str) -> Path:
    """Write dedented ``text`` to ``folder/name`` and return the path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def sentences(text: str) -> int:
    """How many sentences ``text`` holds (a sentence ends in . ! or ? before a space or the end)."""
    return len(re.findall(r"[.!?](?=\s|$)", text.strip()))


def assert_one_sentence(text: str) -> None:
    """A person-facing error: one line, one sentence, no traceback."""
    text = text.strip()
    assert text, "expected a message, got nothing"
    assert "Traceback" not in text, text
    assert "\n" not in text, f"expected one line, got:\n{text}"
    assert sentences(text) == 1, f"expected one sentence, got: {text!r}"


def walk(widget: object) -> Iterator[object]:
    """Every widget in a tree (the widget itself, then its children, depth first)."""
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from walk(child)


def outputs_across_hash_seeds(script: str, seeds: tuple[str, ...] = ("0", "1", "2", "3")) -> set[str]:
    """What ``script`` prints under each PYTHONHASHSEED; one element means the output is stable."""
    import os
    import subprocess
    import sys

    results = set()
    for seed in seeds:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                             text=True, check=True, timeout=60)
        results.add(out.stdout.strip())
    return results
