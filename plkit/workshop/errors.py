"""Errors a facilitator or participant can cause in a workshop."""

from __future__ import annotations

from plkit.errors import PlkitError

__all__ = ["WorkshopError", "RosterError"]


class WorkshopError(PlkitError):
    """A workshop command could not do what was asked; the message says why and what to do."""


class RosterError(WorkshopError):
    """A roster row is unusable; the message names the row."""
