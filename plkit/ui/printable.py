"""A printable, self-contained HTML page (no external assets) for what participants take away and for reports."""

from __future__ import annotations

import html

__all__ = ["page_html"]


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


def page_html(title: str, body: str) -> str:
    """A complete, self-contained, printable HTML page (no external assets)."""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )
