"""The answers participants submitted, as collected into the workshop folder. No widgets.

Each workbook's ``group.py`` turns these into its anonymous view for the facilitator.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plkit.errors import StoreError
from plkit.store import RESPONSES_FILE, read_document

__all__ = [
        "Collected",
    "collect_responses",
]



@dataclass
class Collected:
    """{workbook: {participant: responses}} plus files that could not be read (counted only)."""

    by_workbook: dict[str, dict[str, dict[str, Any]]]
    unreadable: int = 0

    def answers(self, workbook: str) -> list[dict[str, Any]]:
        """The responses for one workbook, in no particular participant order."""
        return [r for _, r in sorted(self.by_workbook.get(workbook, {}).items())]

    def participants(self, workbook: str) -> list[str]:
        return sorted(self.by_workbook.get(workbook, {}))


def collect_responses(submitted_dir: str | Path) -> Collected:
    """Read ``submitted/<participant>/<workbook>/plkit-responses.json`` (nbgrader's layout)."""
    root = Path(submitted_dir)
    out: dict[str, dict[str, dict[str, Any]]] = {}
    bad = 0
    if root.is_dir():
        for path in sorted(root.glob(f"*/*/{RESPONSES_FILE}")):
            workbook, participant = path.parent.name, path.parent.parent.name
            try:
                doc = read_document(path)
            except StoreError:
                bad += 1
                continue
            out.setdefault(workbook, {})[participant] = {
                k: v["value"] for k, v in doc["responses"].items()
            }
    return Collected(out, bad)


