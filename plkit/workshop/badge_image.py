"""The badge image: a simple SVG drawn here (no external fonts, images or links), into which the
signed credential is baked.

Accessible: ``role="img"`` with a ``<title>`` and ``<desc>`` that say what the badge is; text in
white on a dark blue (contrast 12.6:1) and dark blue on white, both above WCAG's 4.5:1; the
workshop's title is wrapped, never shrunk below a readable size.

>>> svg = badge_svg("PL day 2026", "Personalized learning: my pathway completed")
>>> svg.startswith(b"<svg") and b"<title" in svg and b"PL day 2026" in svg
True
"""

from __future__ import annotations

import textwrap
from xml.sax.saxutils import escape

__all__ = ["badge_svg"]

_DARK, _LIGHT, _GOLD = "#1d3557", "#ffffff", "#f1c453"


def _lines(text: str, width: int, most: int) -> list[str]:
    lines = textwrap.wrap(text, width, break_long_words=True) or [""]
    if len(lines) > most:
        lines = [*lines[:most - 1], textwrap.shorten(" ".join(lines[most - 1:]), width, placeholder="...")]
    return lines


def _text(lines: list[str], y0: int, step: int, size: int, fill: str, weight: str = "normal") -> str:
    return "".join(
        f'<text x="150" y="{y0 + i * step}" font-size="{size}" font-weight="{weight}" fill="{fill}" '
        f'text-anchor="middle" font-family="Arial, Helvetica, sans-serif">{escape(line)}</text>'
        for i, line in enumerate(lines))


def badge_svg(workshop_title: str, achievement: str) -> bytes:
    """The badge for ``achievement`` at the workshop ``workshop_title``, as SVG bytes (300 x 300)."""
    title = f"Open Badge: {achievement}, {workshop_title}"
    desc = (f"A round dark blue badge with a gold ring. It reads: {workshop_title}. {achievement}. "
            "Issued with plkit as an Open Badges 3.0 credential.")
    head = _lines(workshop_title, 20, 4)
    body = _lines(achievement, 24, 3)
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300" viewBox="0 0 300 300" '
        'role="img" aria-labelledby="badge-title badge-desc">'
        f'<title id="badge-title">{escape(title)}</title><desc id="badge-desc">{escape(desc)}</desc>'
        f'<circle cx="150" cy="150" r="146" fill="{_GOLD}"/>'
        f'<circle cx="150" cy="150" r="134" fill="{_DARK}"/>'
        + _text(["OPEN BADGE"], 62, 0, 14, _GOLD, "bold")
        + _text(head, 96 if len(head) < 4 else 90, 21, 18, _LIGHT, "bold")
        + f'<rect x="44" y="178" width="212" height="{16 * len(body) + 14}" rx="8" fill="{_LIGHT}"/>'
        + _text(body, 196, 16, 13, _DARK, "bold")
        + "</svg>"
    )
    return svg.encode("utf-8")
