"""The "Defining personalized learning" workbook: one function per activity.

Each function builds one activity's widgets on the page's session and returns them, so a
notebook cell is a single call (``plkit.workbooks.defining.page.card_sort()``). Pass ``store=`` to use another
store (tests, demos).
"""

from __future__ import annotations

import html

import ipywidgets as w

from plkit.page.ahead import activity
from plkit.page.exit_ticket import exit_ticket_panel
from plkit.page.parts import page_progress, page_start, page_submit
from plkit.page.session import Session, bind
from plkit.store import ResponseStore
from plkit.ui.components import Choice, MultiChoice, ReflectionBox, ShortAnswer, box
from plkit.ui.download import DownloadLinks
from plkit.ui.shared import Html, shared_layout
from plkit.workbooks.defining.builder import DefinitionBuilder
from plkit.workbooks.defining.cardsort import deck
from plkit.workbooks.defining.completion import MIN_DEFINITION_WORDS
from plkit.workbooks.defining.keys import KEYS
from plkit.workbooks.defining.takeaway import definition_card_html, definition_card_markdown
from plkit.workbooks.defining.widgets import CardSort

__all__ = [
    "WORKBOOK",
    "submit",
    "start",
    "compare",
    "card_sort",
    "write_definition",
    "why_word",
    "misunderstandings",
    "progress",
    "download",
    "exit_ticket",
]

WORKBOOK = "defining"


def _s(store: ResponseStore | None) -> Session:
    return bind(WORKBOOK, store)


def start(store: ResponseStore | None = None) -> w.VBox:
    """The page header: styles, navigation, and any notice about saved answers."""
    return page_start(WORKBOOK, store, ahead=PAGE)


def _panel(title: str, body_html: str, cite: str) -> w.HTML:
    return Html(
        f'<section class="plkit-panel" aria-label="{html.escape(title)}">'
        f"<h3>{html.escape(title)}</h3>{body_html}"
        f'<p class="plkit-status">Source: {html.escape(cite)}</p></section>'
    )


@activity(WORKBOOK)
def compare(store: ResponseStore | None = None) -> w.VBox:
    """Four ways of defining PL side by side, and which is closest to the participant's school."""
    s = _s(store)
    cat = s.catalog
    d = cat.definition
    e = html.escape
    parts_html = "".join(f"<li><strong>{e(p.title)}:</strong> {e(p.summary)}</li>" for p in d.parts)
    faq1 = next((q for q in cat.faq if q.id == "what-is-pl"), None)
    gloss = (f'<p><em>{e(faq1.question)}</em> {e(faq1.summary)} <span class="plkit-status">'
             f"({e(cat.cite(faq1.source))})</span></p>") if faq1 else ""
    panels = [
        _panel(
            "The three-part definition",
            f"<blockquote><p>&ldquo;{e(d.quote)}&rdquo;</p></blockquote><ul>{parts_html}</ul>{gloss}",
            cat.cite(d.source),
        )
    ]
    options = [("The three-part definition", d.id)]
    for alt in d.alternatives:
        body = f"<p>{e(alt.summary)}</p>"
        if alt.quote:
            body = f"<blockquote><p>&ldquo;{e(alt.quote)}&rdquo;</p></blockquote>" + body
        if alt.id == "four-pillars":
            body += "<ul>" + "".join(
                f"<li><strong>{e(p.name)}:</strong> {e(p.summary)}</li>" for p in cat.pillars
            ) + "</ul>"
        if alt.id == "six-qualities":
            body += "<ul>" + "".join(
                f"<li><strong>{e(q.name)}:</strong> {e(q.summary)}</li>" for q in cat.qualities
            ) + "</ul>"
        panels.append(_panel(alt.title, body, cat.cite(alt.source)))
        options.append((alt.title, alt.id))
    grid = w.Box(panels, layout=shared_layout(width="100%"))
    grid.add_class("plkit-grid")
    choice = Choice(
        s.store,
        KEYS["compare"],
        "Which of these is closest to how your school talks about personalized learning today?",
        options,
    )
    note = ReflectionBox(
        s.store,
        KEYS["compare_note"],
        "What does your choice leave out that matters to you? (optional)",
        rows=3,
        delay=s.settings.save_delay,
    )
    return box([grid, choice, note])


@activity(WORKBOOK)
def card_sort(store: ResponseStore | None = None) -> CardSort:
    """Sort statements into "what PL is" and "what it isn't", with feedback on each card."""
    s = _s(store)
    sort = CardSort(s.store, KEYS["card_sort"], deck(s.catalog))
    sort.children = (*sort.children, _components_table(s))
    return sort


def _components_table(s: Session) -> w.HTML:
    """The eight components, what PL is and isn't in each, with the source (after the cards)."""
    cat, e = s.catalog, html.escape
    rows = "".join(f'<tr><th scope="row">{e(c.name)}</th><td>{e(c.is_)}</td><td>{e(c.isnt)}</td></tr>'
                   for c in cat.components)
    source = cat.cite(cat.components[0].source) if cat.components else ""
    return Html(
        "<details><summary>The eight components: what PL is and isn't in each</summary>"
        '<table class="plkit-table"><thead><tr><th scope="col">Component</th>'
        '<th scope="col">What it is</th><th scope="col">What it isn\'t</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></details>"
        f'<p class="plkit-status">Cards paraphrased from {e(source)}.</p>')


@activity(WORKBOOK, "own-definition")
def write_definition(store: ResponseStore | None = None) -> DefinitionBuilder:
    """Write your school's definition, with live feedback on the elements it covers."""
    s = _s(store)
    return DefinitionBuilder(
        s.store,
        KEYS["own_definition"],
        s.catalog.definition.elements,
        "Our school's definition of personalized learning",
        delay=s.settings.save_delay,
        min_words=MIN_DEFINITION_WORDS,
    )


@activity(WORKBOOK)
def why_word(store: ResponseStore | None = None) -> w.VBox:
    """The participant's one word or phrase for why they choose PL."""
    s = _s(store)
    cat = s.catalog
    examples = ", ".join(f"“{x.word}”" for x in cat.why_words)
    intro = Html(
        f"<p>{html.escape(cat.why_prompt.text)}</p>"
        f"<p>Other educators have said: {html.escape(examples)}. "
        f'<span class="plkit-status">({html.escape(cat.cite(cat.why_prompt.source))})</span></p>'
    )
    answer = ShortAnswer(s.store, KEYS["why_word"], "My one word or phrase",
                         placeholder="e.g. equity", delay=s.settings.save_delay)
    faq2 = next((q for q in cat.faq if q.id == "worth-the-effort"), None)
    parts: list[w.Widget] = [intro, answer]
    if faq2 is not None:
        parts.append(Html(
            f'<details><summary>{html.escape(faq2.question)}</summary><p>{html.escape(faq2.summary)} '
            f'<span class="plkit-status">({html.escape(cat.cite(faq2.source))})</span></p></details>'))
    return box(parts)


@activity(WORKBOOK)
def misunderstandings(store: ResponseStore | None = None) -> w.VBox:
    """Which misunderstandings of PL have affected you, your students, families or colleagues."""
    s = _s(store)
    cat = s.catalog
    picks = MultiChoice(
        s.store,
        KEYS["misunderstandings"],
        "Tick the misunderstandings you have met (as many as apply):",
        [(m.text, m.id) for m in cat.misunderstandings],
    )
    corrections = Html(
        "<details><summary>What the sources say instead</summary><ul>"
        + "".join(
            f"<li><strong>{html.escape(m.text)}</strong> {html.escape(m.correction)}</li>"
            for m in cat.misunderstandings
        )
        + "</ul></details>"
    )
    reflection = ReflectionBox(
        s.store,
        KEYS["reflection"],
        "How has one of these affected you, your students and their families, or your colleagues?",
        rows=5,
        delay=s.settings.save_delay,
    )
    return box([picks, corrections, reflection])


@activity(WORKBOOK)
def progress(store: ResponseStore | None = None) -> w.VBox:
    """Steps done in this workbook, updated after every saved answer."""
    return page_progress(WORKBOOK, store,
                         "All steps done: download your card below, and submit when you are ready.")


@activity(WORKBOOK)
def download(store: ResponseStore | None = None) -> DownloadLinks:
    """Download the one-page definition card (HTML and Markdown)."""
    return DownloadLinks(
        _s(store).store, "definition card", definition_card_html, definition_card_markdown
    )


@activity(WORKBOOK)
def exit_ticket(store: ResponseStore | None = None) -> w.VBox:
    """How well the time was spent, how relevant it was, what to try first, what is still open."""
    return exit_ticket_panel(WORKBOOK, store)


@activity(WORKBOOK)
def submit(store: ResponseStore | None = None) -> w.VBox:
    """Submit this workbook to the workshop (when this computer is part of one)."""
    return page_submit(WORKBOOK, store)


#: The page's activities in the notebook's order (built ahead in a preheated kernel).
PAGE = (compare, card_sort, write_definition, why_word, misunderstandings, progress, download, exit_ticket, submit)
