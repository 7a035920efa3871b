"""Downloaded cards load nothing from outside: opening one must not tell any server that (or
when, or from where) it was opened. Whatever a participant typed, every card's page carries no
external image, stylesheet, frame, script or CSS ``url()``, and a Content-Security-Policy that
blocks anything that could still slip through."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest

from plkit.ui.printable import CSP, page_html, sanitise_html
from plkit.workbooks.challenges.model import CHECKPOINTS, SELF_CHECK, Challenge
from plkit.workbooks.challenges.standards import Standard
from plkit.workbooks.challenges.takeaway import student_card_html, teacher_card_html
from plkit.workbooks.defining.keys import KEYS as DEFINING
from plkit.workbooks.defining.takeaway import definition_card_html
from plkit.workbooks.nightmares.keys import KEYS as NIGHTMARES
from plkit.workbooks.nightmares.keys import plan_key
from plkit.workbooks.nightmares.takeaway import plan_card_html

TODAY = date(2025, 3, 4)

#: Ways to make a page fetch something when it is opened.
VECTORS = [
    '<img src="http://evil.test/a.png" alt="chart">',
    "<img src=//evil.test/a.png>",
    '<img srcset="http://evil.test/a.png 2x" src="data:image/png;base64,AAAA">',
    '<link rel="stylesheet" href="https://evil.test/s.css">',
    '<link rel="prefetch" href="https://evil.test/p">',
    '<p style="background:url(http://evil.test/bg.png)">styled</p>',
    "<p style=\"background-image:image-set('http://evil.test/i.png' 1x)\">set</p>",
    '<p style="background:u\\72l(http://evil.test/esc.png)">escaped</p>',
    "<style>@import 'http://evil.test/i.css'; body{background:url(http://evil.test/b.png)}</style>",
    '<iframe src="https://evil.test/frame"></iframe>',
    '<script src="https://evil.test/s.js"></script>',
    "<script>fetch('https://evil.test/x')</script>",
    '<object data="https://evil.test/o.swf"></object><embed src="https://evil.test/e">',
    '<video poster="https://evil.test/p.png" src="https://evil.test/v.mp4"></video>',
    '<audio src="https://evil.test/a.mp3"></audio><source src="https://evil.test/s.mp4">',
    '<svg><image href="https://evil.test/svg.png"/><use xlink:href="https://evil.test/u.svg#a"/></svg>',
    '<table background="https://evil.test/t.png"><tr><td>cell</td></tr></table>',
    '<meta http-equiv="refresh" content="0;url=https://evil.test/">',
    '<base href="https://evil.test/">',
    '<form action="https://evil.test/f"><input type="image" src="https://evil.test/i.png"></form>',
    '<a href="javascript:fetch(1)">js</a><a href=" JaVaScRiPt:alert(1)">js2</a>',
    '<a href="https://example.org/read" ping="https://evil.test/ping">a link to follow</a>',
    '<div onmouseover="fetch(\'https://evil.test\')">hover</div>',
    "<!--[if IE]><img src=http://evil.test/ie.png><![endif]-->",
]


class _Loads(HTMLParser):
    """Everything in a page that a browser fetches on opening it (links to follow are not)."""

    ATTRS = {"src", "srcset", "data", "poster", "background", "action", "formaction", "xlink:href",
             "ping", "lowsrc", "dynsrc", "manifest", "codebase", "archive", "cite", "longdesc", "icon"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loads: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "iframe", "frame", "object", "embed", "link", "base", "applet"}:
            self.loads.append(f"<{tag}>")
        if tag == "meta" and any(k == "http-equiv" and (v or "").lower() == "refresh" for k, v in attrs):
            self.loads.append("<meta refresh>")
        self.in_style = tag == "style"
        for key, value in attrs:
            v = (value or "").strip().lower()
            if key in self.ATTRS and not (key == "src" and tag == "img" and v.startswith("data:image/")):
                self.loads.append(f"{tag}[{key}]={v}")
            if key == "href" and tag != "a":
                self.loads.append(f"{tag}[href]={v}")
            if key == "href" and tag == "a" and v.replace(" ", "").startswith(("javascript:", "data:", "vbscript:")):
                self.loads.append(f"a[href]={v}")
            if key.startswith("on"):
                self.loads.append(f"{tag}[{key}]")
            if key == "style" and any(s in v for s in ("url(", "image", "@import", "\\")):
                self.loads.append(f"{tag}[style]={v}")

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style and any(s in data.lower() for s in ("url(", "@import", "image")):
            self.loads.append(f"<style>{data[:60]}")

    def handle_comment(self, data: str) -> None:
        if "<" in data:
            self.loads.append(f"<!--{data[:60]}")


def external_loads(page: str) -> list[str]:
    parser = _Loads()
    parser.feed(page)
    parser.close()
    return parser.loads


def has_csp(page: str) -> bool:
    head = page[: page.index("</head>")]
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    return meta in head and head.index(meta) < head.index("<style>")


def test_the_policy_blocks_everything_but_inline_style_and_data_images() -> None:
    assert CSP == "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def test_the_checker_itself_sees_every_vector() -> None:
    for vector in VECTORS:
        assert external_loads(vector), vector


@pytest.mark.parametrize("vector", VECTORS)
def test_page_html_neutralises_every_external_resource(vector: str) -> None:
    page = page_html("A card", f"<h1>Card</h1><p>before</p>{vector}<p>after</p>")
    assert external_loads(page) == []
    assert has_csp(page)
    assert "<p>before</p>" in page and "<p>after</p>" in page  # the card itself is kept


def test_sanitising_keeps_what_cards_use() -> None:
    body = ('<h1>T &amp; &ldquo;Q&rdquo;</h1><blockquote><p>Ours</p></blockquote><ul><li><strong>a</strong>'
            '</li></ul><table><caption>c</caption><thead><tr><th scope="col">#</th></tr></thead><tbody>'
            '<tr><td colspan="2">1</td></tr></tbody></table><p class="muted">m<br>n</p>'
            '<a href="https://example.org/x?a=1&amp;b=2">read</a><img src="data:image/png;base64,AAAA" alt="d">'
            '<span style="color:#4a4a4a">grey</span>')
    out = sanitise_html(body)
    for kept in ('<th scope="col">', '<td colspan="2">', '<p class="muted">', "<br>", "<blockquote>",
                 '<a href="https://example.org/x?a=1&amp;b=2">', 'src="data:image/png;base64,AAAA"',
                 'style="color:#4a4a4a"', "T &amp; \u201cQ\u201d"):
        assert kept in out, kept


def test_a_dropped_image_leaves_its_words() -> None:
    out = sanitise_html('<p>See <img src="http://evil.test/a.png" alt="the chart"> here</p>')
    assert "the chart" in out and "evil.test" not in out


def test_text_typed_as_markup_stays_text() -> None:
    out = sanitise_html("<p>&lt;img src=http://evil.test/a.png&gt;</p>")
    assert out == "<p>&lt;img src=http://evil.test/a.png&gt;</p>"


# -- every card a participant downloads -------------------------------------------------------

MD_IMAGE = "![chart](http://evil.test/md.png)"
HOSTILE = MD_IMAGE + ' <img src="http://evil.test/raw.png"> [ok](https://example.org/x) <http://evil.test/auto>'


def _challenge() -> tuple[Challenge, list[Standard]]:
    c = Challenge.new("c1", "Lunch " + MD_IMAGE)
    d = c.data
    for key in ("driving_question", "for_whom", "audience", "product", "timeline"):
        d[key] = key + " " + HOSTILE
    d["outcomes"] = ["S1"]
    d["habits"] = []
    for k in CHECKPOINTS:
        d["checkpoints"][k] = HOSTILE
    for k in SELF_CHECK:
        d["self_check"][k] = HOSTILE
    for dim in d["dimensions"].values():
        dim.update(who="guardrails", guardrail=HOSTILE)
    d["rubric"] = [{"criterion": "crit " + HOSTILE, "outcomes": ["S1"]}]
    return c, [Standard("S1", "desc " + MD_IMAGE, "Sci", "5")]


def _cards() -> dict[str, str]:
    c, st = _challenge()
    defining = {DEFINING[k]: HOSTILE for k in ("own_definition", "why_word", "compare_note", "reflection")}
    nightmares = {NIGHTMARES[k]: HOSTILE for k in ("not_fail", "yes_buts", "reflective")}
    nightmares[plan_key("no-definition", "first-step")] = HOSTILE
    return {
        "challenge teacher": teacher_card_html(c, st, TODAY),
        "challenge student": student_card_html(c, st, TODAY),
        "definition": definition_card_html(defining, today=TODAY),
        "action plan": plan_card_html(nightmares, today=TODAY),
    }


@pytest.mark.parametrize("name", ["challenge teacher", "challenge student", "definition", "action plan"])
def test_every_card_loads_nothing_from_outside(name: str) -> None:
    page = _cards()[name]
    assert external_loads(page) == []
    assert "<img" not in page
    assert has_csp(page)


def test_a_markdown_image_in_a_challenge_shows_its_words_not_the_picture() -> None:
    page = _cards()["challenge teacher"]
    assert "<img" not in page
    assert "chart" in page  # the alt text is what the reader sees
    assert 'href="https://example.org/x"' in page  # an ordinary link stays a link to follow
