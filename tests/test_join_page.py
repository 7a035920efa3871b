"""The join page: one link and its QR code (segno's, for exactly that link), the link as text,
three lines of instructions; the hub's sign-in link going on to the home page, an nbgitpuller
link, or on one machine the ``plkit serve`` line. Addresses are checked (one sentence) and kept
with the workshop; ``plkit workshop join`` writes the printable page."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import segno
from helpers_unit import assert_one_sentence, walk

from plkit.cli import main
from plkit.errors import WorkshopError
from plkit.facilitator import join_page
from plkit.facilitator.join import (
    check_url,
    hub_link,
    join_html,
    join_info,
    puller_link,
    qr_svg,
    serve_line,
    set_links,
)
from plkit.workshop.config import CONFIG_FILE, Workshop, load

HUB = "https://hub.example.org"
LINK = f"{HUB}/hub/login?next=/hub/user-redirect/voila/render/home.ipynb"


@pytest.fixture
def ws(tmp_path: Path) -> Workshop:
    root = tmp_path / "pl day"
    root.mkdir()
    w = Workshop(root, "pl-day-2026", f"sqlite:///{root / 'gradebook.db'}", root / "exchange")
    w.save()
    return w


def svg_in(page: str) -> str:
    found = re.search(r"<svg .*?</svg>", page, re.S)
    assert found, "no inline SVG"
    return found.group(0)


def test_the_hub_link_signs_in_then_opens_the_home_page() -> None:
    assert hub_link(HUB) == LINK
    assert hub_link(HUB + "/") == LINK
    # A hub under a base path keeps it in both places.
    assert hub_link("https://district.org/pl") == (
        "https://district.org/pl/hub/login?next=/pl/hub/user-redirect/voila/render/home.ipynb")


def test_an_nbgitpuller_link_opens_the_repository_home_page() -> None:
    link = puller_link(HUB, "https://github.com/district/pl-day.git")
    assert link == (f"{HUB}/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fdistrict"
                    "%2Fpl-day.git&urlpath=voila/render/pl-day/home.ipynb")


@pytest.mark.parametrize("bad", ["hub.example.org", "ftp://hub.example.org", "https://", "https://a b.org",
                                 "javascript:alert(1)", "https://hub.example.org/?x=1"])
def test_an_address_that_is_not_a_web_address_is_one_sentence(bad: str) -> None:
    with pytest.raises(WorkshopError) as err:
        check_url(bad)
    assert_one_sentence(str(err.value))
    assert "https://" in str(err.value)


def test_the_page_holds_segnos_code_for_exactly_that_link_and_the_link_as_text(ws: Workshop) -> None:
    set_links(ws, HUB)
    page = join_html(ws)
    svg = svg_in(page)
    assert svg == qr_svg(LINK)
    # segno's own drawing of exactly this link (same path data), and not of any other link
    expected = segno.make(LINK, error="m").svg_inline(scale=5, lineclass=None)
    path = re.search(r' d="([^"]+)"', svg)
    assert path and path.group(1) == re.search(r' d="([^"]+)"', expected).group(1)  # type: ignore[union-attr]
    other = segno.make(LINK + "x", error="m").svg_inline(scale=5, lineclass=None)
    assert path.group(1) not in other
    assert 'role="img"' in svg and "aria-label=" in svg and f"<title>QR code for {html.escape(LINK)}" in svg
    # the text alternative: the link itself, as text and as a link
    assert f'<a href="{html.escape(LINK)}">{html.escape(LINK)}</a>' in page
    assert page.count("<li>") == 3 and "Sign in" in page
    assert "@media print" in page and "Content-Security-Policy" in page
    assert "<script" not in page and "http://" not in page.replace(LINK, "")


def test_on_one_machine_the_page_shows_the_line_to_type(ws: Workshop) -> None:
    info = join_info(ws)
    assert info.link is None
    line = f"plkit serve --course-id pl-day-2026 --exchange '{ws.exchange}' --participant YOUR-ID"
    assert serve_line(ws) == line
    page = join_html(ws)
    assert html.escape(line) in page and "<svg" not in page and page.count("<li>") == 3


def test_addresses_are_saved_with_the_workshop_and_a_bad_one_saves_nothing(ws: Workshop) -> None:
    set_links(ws, HUB + "/", "https://github.com/district/pl-day")
    again = load(ws.root)
    assert (again.hub_url, again.repo_url) == (HUB, "https://github.com/district/pl-day")
    assert join_info(again).link == puller_link(HUB, "https://github.com/district/pl-day")
    before = (ws.root / CONFIG_FILE).read_text(encoding="utf-8")
    for hub, repo in (("not a url", ""), ("", "https://github.com/district/pl-day")):
        with pytest.raises(WorkshopError) as err:
            set_links(load(ws.root), hub, repo)
        assert_one_sentence(str(err.value))
    assert (ws.root / CONFIG_FILE).read_text(encoding="utf-8") == before
    set_links(again, "", "")  # back to one machine: the fields are gone from the file
    assert "hub_url" not in json.loads((ws.root / CONFIG_FILE).read_text(encoding="utf-8"))


def test_the_join_command_writes_the_printable_page(ws: Workshop, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out" / "join.html"
    assert main(["workshop", "join", str(ws.root), "--out", str(out), "--hub-url", HUB]) == 0
    assert svg_in(out.read_text(encoding="utf-8")) == qr_svg(LINK)
    assert LINK in capsys.readouterr().out
    assert main(["workshop", "join", str(ws.root), "--hub-url", "www.hub.org"]) == 2
    err = capsys.readouterr().err
    assert_one_sentence(err.removeprefix("plkit: "))
    assert load(ws.root).hub_url == HUB  # the bad address changed nothing
    assert main(["workshop", "join", str(ws.root)]) == 0  # default: DIR/reports/join.html
    assert (ws.root / "reports" / "join.html").exists()
    assert main(["workshop", "join", str(ws.root), "--out", str(tmp_path)]) == 2  # a folder
    assert "is a folder" in capsys.readouterr().err


def test_init_refuses_a_bad_hub_address_before_writing_anything(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "new"
    assert main(["workshop", "init", str(root), "--course-id", "x", "--hub-url", "hub"]) == 2
    assert_one_sentence(capsys.readouterr().err.removeprefix("plkit: "))
    assert not root.exists()


def _text(widget: object) -> str:
    return " ".join(getattr(x, "value", "") for x in walk(widget) if isinstance(getattr(x, "value", None), str))


def test_the_join_notebook_form_saves_checks_and_redraws(ws: Workshop, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(join_page, "_PAGE", None)
    form = join_page.settings(ws.root)
    shown = join_page.page()
    assert "YOUR-ID" in _text(shown) and "<svg" not in _text(shown)
    hub, repo, button = [x for x in walk(form) if type(x).__name__ in ("Text", "Button")]
    assert hub.description and repo.description  # labelled
    hub.value = "hub.example.org"
    button.click()
    assert "is not a web address" in _text(form) and 'role="status"' in _text(form)
    assert load(ws.root).hub_url == ""
    hub.value = HUB
    button.click()
    assert f"Saved: the link now leads to {HUB}." in _text(form)
    assert svg_in(_text(shown)) == qr_svg(LINK)
    assert 'download="join-pl-day-2026.html"' in _text(shown)
    assert load(ws.root).hub_url == HUB


def test_without_a_workshop_the_page_says_how_to_start_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLKIT_WORKSHOP", raising=False)
    monkeypatch.setattr(join_page, "_PAGE", None)
    form, shown = join_page.settings(), join_page.page()
    assert "plkit serve --facilitator --workshop DIR" in _text(shown) and "role=\"alert\"" in _text(shown)
    assert not [x for x in walk(form) if type(x).__name__ == "Button"]


@pytest.mark.slow
def test_init_saves_the_hub_address_and_init_again_keeps_it(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    assert main(["workshop", "init", str(root), "--course-id", "pl-hub", "--hub-url", HUB + "/",
                 "--repo-url", "https://github.com/district/pl-day"]) == 0
    assert (load(root).hub_url, load(root).repo_url) == (HUB, "https://github.com/district/pl-day")
    assert main(["workshop", "init", str(root), "--course-id", "pl-hub"]) == 0  # again, without them
    assert load(root).hub_url == HUB and join_info(load(root)).link == puller_link(
        HUB, "https://github.com/district/pl-day")
