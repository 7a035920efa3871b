"""Reading what the participant saved in another workbook (read only).

A page may build on answers given elsewhere: "Sharing the why" starts from the participant's own
definition and why word, a check-in from their action plan. It reads them here, through the same
files the home page reads, and never writes them. Which keys it may read is written down in the
import contracts (a workbook imports another workbook's ``keys`` module only where allowed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from plkit.errors import StoreError, WorkbookNotFound
from plkit.registry import get
from plkit.settings import current
from plkit.store import RESPONSES_FILE, read_document

__all__ = ["answers_file", "saved_answers"]


def answers_file(workbook: str, here: Path | None = None) -> Path:
    """Where ``workbook``'s answers are saved, seen from the folder of the page asking (``here``,
    by default the kernel's folder: a workbook's folder inside the workspace)."""
    s = current()
    wb = get(workbook)
    if s.store_dir:
        return s.store_dir / wb.id / RESPONSES_FILE
    return (here or Path.cwd()).resolve().parent / wb.folder / RESPONSES_FILE


def saved_answers(workbook: str, here: Path | None = None) -> dict[str, Any]:
    """``{key: value}`` of what the participant saved in ``workbook``; empty when there is
    nothing yet, or the file cannot be read (that workbook's own page reports it)."""
    try:
        path = answers_file(workbook, here)
    except WorkbookNotFound:
        return {}
    if not path.exists():
        return {}
    try:
        doc = read_document(path)
    except StoreError:
        return {}
    responses = doc.get("responses")
    if not isinstance(responses, dict):
        return {}
    return {k: v.get("value") for k, v in responses.items() if isinstance(v, dict)}
