"""Errors a person can cause, each carrying one clear sentence for them."""

from __future__ import annotations

__all__ = ["PlkitError", "ContentError", "StoreError", "ServeError", "WorkbookNotFound", "WorkshopError", "RosterError"]


class PlkitError(Exception):
    """Base class: ``str(error)`` is one sentence saying what was wrong and what to do."""


class ContentError(PlkitError):
    """A content file is malformed; the message names the file and the field."""

    def __init__(self, file: str, field: str, problem: str) -> None:
        self.file = file
        self.field = field
        self.problem = problem
        super().__init__(f"{file}: field '{field}' {problem}; fix that field and try again.")


class StoreError(PlkitError):
    """The response store could not read or write a participant's answers."""


class ServeError(PlkitError):
    """``plkit serve`` could not start."""


class WorkbookNotFound(PlkitError):
    """An unknown workbook id was asked for."""


class WorkshopError(PlkitError):
    """A workshop command could not do what was asked; the message says why and what to do."""


class RosterError(WorkshopError):
    """A roster row is unusable; the message names the row."""
