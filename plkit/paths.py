"""Where plkit finds its notebooks and where a participant's workspace lives."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["notebooks_source", "default_workspace"]

_PACKAGE = Path(__file__).resolve().parent


def notebooks_source(kind: str = "workbooks") -> Path:
    """Folder holding the shipped notebooks of ``kind`` ("workbooks" or "facilitator").

    A source checkout (or an editable install) uses the repository folder; a wheel install uses
    the copy the build placed under ``plkit/_notebooks``.
    """
    if kind not in {"workbooks", "facilitator"}:
        raise ValueError(f"unknown notebook kind {kind!r}")
    repo = _PACKAGE.parent / kind
    if repo.is_dir() and (_PACKAGE.parent / "pyproject.toml").is_file():
        return repo
    return _PACKAGE / "_notebooks" / kind


def default_workspace() -> Path:
    """The participant workspace used when none is given: ``$PLKIT_WORKSPACE`` or ~/plkit-workspace."""
    env = os.environ.get("PLKIT_WORKSPACE")
    if env:
        return Path(env).expanduser()
    return Path.home() / "plkit-workspace"
