"""A printable, self-contained HTML page for what participants take away and for reports.

Every card passes through :func:`page_html`, so this is where a card is made safe to open: its
body is sanitised (:func:`sanitise_html`) so that nothing in it makes the browser fetch anything
(no external image, stylesheet, frame, script, plugin or CSS ``url()``, whatever a participant
typed), and the page carries a Content-Security-Policy (:data:`CSP`) that blocks anything else
that could. Opening a card tells no server that, when or where it was opened.

>>> sanitise_html('<p>Hi <img src="http://x.test/a.png" alt="chart"><script>x()</script></p>')
'<p>Hi chart</p>'
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

__all__ = ["CSP", "page_html", "sanitise_html"]

#: Nothing may load but the page's own inline style and images written into it as data.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;
max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:1.4rem;
border-bottom:2px solid #1f5f8b;padding-bottom:.1rem}
blockquote{border-left:4px solid #1f5f8b;margin:0;padding:.4rem 1rem;background:#f2f7fb}
.muted{color:#4a4a4a;font-size:.9rem}ul{padding-left:1.3rem}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{border:1px solid #8a8a8a;padding:.2rem .45rem;text-align:left;vertical-align:top}
@media print{body{margin:0}}
"""

#: Elements a card may use; any other element is dropped and its text kept.
_TAGS = frozenset(
    """a abbr article b blockquote br caption code col colgroup dd del details div dl dt em
    figcaption figure footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd li main mark nav ol p pre q
    s section small span strong sub summary sup table tbody td tfoot th thead time tr u ul""".split()
)
#: Elements dropped with everything inside them (code, frames, plugins, media, forms, styles).
_DROP = frozenset(
    """script style iframe frame frameset object embed applet noscript template svg math audio
    video picture canvas form select textarea button title head noembed noframes""".split()
)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_ATTRS = frozenset(
    "class id title lang dir scope colspan rowspan headers alt role open datetime start reversed".split()
)
#: Schemes a link may follow when clicked (a link is never fetched by opening the page).
_LINK = re.compile(r"^(https?:|mailto:|#|[^:/?#]*(?:[/?#]|$))", re.IGNORECASE)
#: CSS that can fetch: url(), image(), image-set(), @import, old expression(), and escapes or
#: comments that could hide any of them.
_CSS_FETCH = re.compile(r"url|image|@import|expression|src|\\|/\*", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def _attribute(tag: str, name: str, value: str) -> str | None:
    """The attribute as it may stay in a card, or None to drop it."""
    if name in _ATTRS or name.startswith("aria-"):
        return value
    if name == "href" and tag == "a":
        return value if _LINK.match(_CONTROL.sub("", value)) else None
    if name == "src" and tag == "img":
        return value if _CONTROL.sub("", value).lower().startswith("data:image/") else None
    if name == "style":
        return None if _CSS_FETCH.search(value) else value
    return None


class _Sanitiser(HTMLParser):
    """Re-writes HTML keeping only elements and attributes that cannot fetch anything."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.dropping: list[str] = []  # open elements whose whole content is dropped

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropping or tag in _DROP:
            if tag not in _VOID:
                self.dropping.append(tag)
            return
        if tag not in _TAGS:
            return
        kept = [(k, v) for k, raw in attrs if (v := _attribute(tag, k, raw or "")) is not None]
        if tag == "img" and not any(k == "src" for k, _ in kept):
            alt = dict(attrs).get("alt") or ""
            self.out.append(html.escape(alt, quote=False))  # an image from outside: its words only
            return
        self.out.append(f"<{tag}" + "".join(f' {k}="{html.escape(v)}"' for k, v in kept) + ">")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.dropping and self.dropping[-1] == tag:
            self.dropping.pop()  # <svg/>: opened and closed at once
        elif tag not in _VOID and not self.dropping and tag in _TAGS:
            self.out.append(f"</{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag in self.dropping:
                while self.dropping.pop() != tag:
                    pass
            return
        if tag in _TAGS and tag not in _VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))


def sanitise_html(body: str) -> str:
    """``body`` with everything that could load from outside removed (comments too); the text
    and the structure a card uses (headings, lists, tables, links to follow) are kept."""
    parser = _Sanitiser()
    parser.feed(body)
    parser.close()
    return "".join(parser.out)


def page_html(title: str, body: str) -> str:
    """A complete, self-contained, printable HTML page that loads nothing from outside."""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>"
        f"<body><main>{sanitise_html(body)}</main></body></html>\n"
    )
