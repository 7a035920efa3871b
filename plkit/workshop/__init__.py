"""Workshops: nbgrader records who completed which workbook.

``plkit workshop`` (see :mod:`plkit.cli.workshop`) forwards to these modules: ``course`` (init,
release, collect, autograde, feedback), ``roster``, ``status`` and ``config``. The participant's
side (fetch and submit) is :mod:`plkit.exchange`.
"""
