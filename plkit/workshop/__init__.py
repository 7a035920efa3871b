"""Workshops: nbgrader records who completed which workbook.

``plkit workshop`` (see :mod:`plkit.cli.workshop`) forwards to these modules: ``course`` (init,
release, collect, autograde, feedback), ``roster``, ``status`` and ``config``. The participant's
side (fetch and submit) is :mod:`plkit.exchange`. ``export`` writes completion for the district's
platform (Canvas's gradebook import, a long CSV); ``badges`` issues Open Badges 3.0 credentials
(``badge_rules``: what an achievement requires; ``badge_image``: the badge drawn as SVG).
"""
