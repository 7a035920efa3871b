"""Workshops: nbgrader records who completed which workbook; facilitators see the group.

``plkit workshop`` (see ``plkit.workshop.cli``) forwards to these modules:
``course`` (init, release, collect, autograde, feedback), ``roster``, ``status`` and, for
participants, ``participant`` (fetch and submit).
"""

__all__ = ["config", "course", "errors", "participant", "roster", "status"]
