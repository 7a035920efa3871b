"""How participants join a workshop: one link, its QR code, three lines of instructions. No widgets.

On JupyterHub the link signs a participant in and lands them on their home page with the released
workbooks (``<hub>/hub/login?next=<base>/hub/user-redirect/voila/render/home.ipynb``, the page
``plkit.hub`` serves); where the workbooks come from a git repository it is an nbgitpuller link
that opens the repository's home page in Voila. On one machine there is no link to give: the page
shows the ``plkit serve`` line each participant types, with their own id.

>>> hub_link("https://hub.example.org/")
'https://hub.example.org/hub/login?next=/hub/user-redirect/voila/render/home.ipynb'
>>> hub_link("https://example.org/pl")
'https://example.org/pl/hub/login?next=/pl/hub/user-redirect/voila/render/home.ipynb'
"""

from __future__ import annotations

import html
import shlex
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import segno

from plkit.errors import WorkshopError
from plkit.workshop.config import Workshop
from plkit.workshop.status import write

__all__ = ["HOME", "JoinInfo", "check_url", "hub_link", "puller_link", "serve_line", "join_info",
           "qr_svg", "join_body", "join_html", "set_links", "write_join", "JOIN_CSS"]

#: The participant's home page under their server (as plkit.hub.bootstrap lands them).
HOME = "voila/render/home.ipynb"

e = html.escape


def check_url(text: str, what: str = "The hub address") -> str:
    """``text`` as a web address (http or https, with a host), without a trailing slash; ``""``
    stays empty (no address); anything else is one sentence."""
    v = (text or "").strip()
    if not v:
        return ""
    parts = urlsplit(v)
    if (parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in v)
            or parts.query or parts.fragment):
        raise WorkshopError(f"{what} '{v}' is not a web address; write it in full, starting with "
                            "https://, such as https://hub.example.org.")
    return v.rstrip("/")


def hub_link(hub_url: str) -> str:
    """The hub's sign-in page, going on to the participant's home page once signed in."""
    hub = check_url(hub_url)
    base = urlsplit(hub).path.rstrip("/")
    return f"{hub}/hub/login?next={quote(f'{base}/hub/user-redirect/{HOME}', safe='/')}"


def puller_link(hub_url: str, repo_url: str) -> str:
    """An nbgitpuller link: the repository is pulled into the participant's server (never over
    their edits) and its home page opens in Voila. The repository holds plkit's ``workbooks``
    folder as shipped (``home.ipynb`` at its top); nbgitpuller names the folder after it."""
    hub, repo = check_url(hub_url), check_url(repo_url, "The repository address")
    folder = repo.rsplit("/", 1)[-1].removesuffix(".git")
    return (f"{hub}/hub/user-redirect/git-pull?repo={quote(repo, safe='')}"
            f"&urlpath={quote(f'voila/render/{folder}/home.ipynb', safe='/')}")


def serve_line(ws: Workshop) -> str:
    """What a participant types on their own computer (one machine, no hub)."""
    return (f"plkit serve --course-id {shlex.quote(ws.course_id)} --exchange "
            f"{shlex.quote(str(ws.exchange))} --participant YOUR-ID")


@dataclass(frozen=True)
class JoinInfo:
    course_id: str
    link: str | None  # None on one machine
    line: str  # the plkit serve line (always shown to the facilitator; the page's text without a hub)
    steps: tuple[str, str, str]


def join_info(ws: Workshop) -> JoinInfo:
    """The link (if the workshop has a hub), the serve line and the three instructions."""
    if ws.hub_url:
        link = puller_link(ws.hub_url, ws.repo_url) if ws.repo_url else hub_link(ws.hub_url)
        steps = ("Scan the code with your phone or tablet camera, or type the link into your "
                 "browser.",
                 "Sign in with the username and password your facilitator gave you.",
                 "Your home page opens with today's workbooks: begin with “Start here”.")
        return JoinInfo(ws.course_id, link, serve_line(ws), steps)
    steps = ("Open a terminal on the computer you use today (plkit is installed on it).",
             "Type the line below, with the id your facilitator gave you in place of YOUR-ID.",
             "Your browser opens your home page with today's workbooks: begin with “Start here”.")
    return JoinInfo(ws.course_id, None, serve_line(ws), steps)


def qr_svg(link: str) -> str:
    """The link's QR code as inline SVG (drawn here, offline), named for screen readers."""
    qr = segno.make(link, error="m")
    svg: str = qr.svg_inline(scale=5, title=f"QR code for {link}", svgclass="plkit-qr",
                             lineclass=None)
    return svg.replace("<svg ", '<svg role="img" aria-label="QR code for the link below" ', 1)


JOIN_CSS = """
.plkit-join{max-width:40rem;font-size:1.15rem;line-height:1.5;color:#1b1b1b}
.plkit-join h1,.plkit-join h2{font-size:1.6rem;margin:.2rem 0 .6rem}
.plkit-join ol{padding-left:1.6rem}.plkit-join li{margin:.3rem 0}
.plkit-join .plkit-join-link{font-size:1.2rem;word-break:break-all;font-family:ui-monospace,monospace}
.plkit-join pre{white-space:pre-wrap;word-break:break-all;background:#f2f2f2;padding:.6rem;
border:1px solid #8a8a8a;font-size:1.05rem}
.plkit-join figure{margin:1rem 0}.plkit-qr{display:block;background:#fff}
@media print{.plkit-join{max-width:none;font-size:14pt}.plkit-join a{color:#000;text-decoration:none}
.plkit-join figure,.plkit-join ol{break-inside:avoid}}
"""


def join_body(info: JoinInfo, heading: str = "h1") -> str:
    """The page's content: heading, the three steps, then the link with its QR code (or the line)."""
    steps = "".join(f"<li>{e(s)}</li>" for s in info.steps)
    if info.link:
        what = (f'<figure>{qr_svg(info.link)}<figcaption><p>Or type this link:</p>'
                f'<p class="plkit-join-link"><a href="{e(info.link)}">{e(info.link)}</a></p>'
                "</figcaption></figure>")
    else:
        what = f"<p>The line to type:</p><pre><code>{e(info.line)}</code></pre>"
    return (f'<div class="plkit-join"><{heading}>Join the workshop {e(info.course_id)}</{heading}>'
            f"<ol>{steps}</ol>{what}</div>")


def join_html(ws: Workshop) -> str:
    """A printable page of its own (no script, nothing fetched)."""
    info = join_info(ws)
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            'style-src \'unsafe-inline\'; img-src data:">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Join the workshop {e(ws.course_id)}</title>"
            "<style>body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
            f"margin:2rem auto;max-width:42rem;padding:0 1rem}}@page{{margin:1.5cm}}{JOIN_CSS}</style>"
            f"</head><body><main>{join_body(info)}</main></body></html>\n")


def set_links(ws: Workshop, hub_url: str, repo_url: str = "") -> Workshop:
    """Check both addresses (a repository needs a hub), then save them with the workshop."""
    hub, repo = check_url(hub_url), check_url(repo_url, "The repository address")
    if repo and not hub:
        raise WorkshopError("A repository link needs the hub's address too; give the hub address "
                            "(such as https://hub.example.org) or leave the repository empty.")
    ws.hub_url, ws.repo_url = hub, repo
    ws.save()
    return ws


def write_join(ws: Workshop, out: str | Path) -> Path:
    """Write the printable join page to ``out`` (whole or not at all)."""
    return write(out, join_html(ws), "join.html")
