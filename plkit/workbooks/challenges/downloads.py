"""The challenge cards as files to download: the teacher and the student card, each as a web
page and as Markdown, named after the challenge's title."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from plkit.ui.download import data_uri
from plkit.workbooks.challenges.model import Challenge
from plkit.workbooks.challenges.standards import Standard
from plkit.workbooks.challenges.takeaway import (
    student_card_html,
    student_card_markdown,
    teacher_card_html,
    teacher_card_markdown,
)

__all__ = ["slug", "card_files", "card_links_html"]

#: A card file: its text, its media type and how the link names it.
CardFile = tuple[str, str, str]


def slug(title: str) -> str:
    """A file-name stem from a title.

    >>> slug("A plastic-free lunch!"), slug("???")
    ('a-plastic-free-lunch', 'challenge')
    """
    return "".join(ch if ch.isalnum() else "-" for ch in title.lower()).strip("-")[:40] or "challenge"


def card_files(ch: Challenge, standards: Sequence[Standard]) -> dict[str, CardFile]:
    """The four card files: file name -> (text, media type, link label)."""
    stem = slug(ch.title)
    return {
        f"{stem}-teacher.html": (teacher_card_html(ch, standards), "text/html", "Teacher card (web page)"),
        f"{stem}-teacher.md": (teacher_card_markdown(ch, standards), "text/markdown", "Teacher card (Markdown)"),
        f"{stem}-student.html": (student_card_html(ch, standards), "text/html", "Student card (web page)"),
        f"{stem}-student.md": (student_card_markdown(ch, standards), "text/markdown", "Student card (Markdown)"),
    }


def card_links_html(files: Mapping[str, CardFile], title: str) -> str:
    """A heading and one download link per file, each naming the card and the challenge."""
    links = "".join(
        f'<a class="plkit-button" download="{html.escape(name)}" href="{data_uri(text, mime)}">'
        f"Download {html.escape(label)}: {html.escape(title)}</a>"
        for name, (text, mime, label) in files.items()
    )
    return f"<h3>Challenge cards</h3><p>{links}</p>"
