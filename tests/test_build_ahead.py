"""A preheated kernel builds its whole page before the page is opened (plkit.page.session.header).

Voila's ``wait_for_request`` is replaced here by a function that stands for the time the kernel
waits: what it does (save an answer from another page, nothing) happens while the kernel waits.
The real thing, through a real Jupyter server and Voila, is in tests/test_hub_preheat.py.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from ipywidgets.widgets.widget import _instances

import plkit
from plkit.page import ahead, session
from plkit.store import MemoryStore, store_for
from plkit.workbooks.defining.keys import KEYS

ROOT = Path(__file__).resolve().parents[1]
MODULES = {
    "define": "defining/defining-personalized-learning.ipynb",
    "nightmares": "nightmares/fifteen-nightmares.ipynb",
    "challenges": "challenges/designing-guardrailed-challenges.ipynb",
    "start_here": "start-here/start-here.ipynb",
    "classdata_workbook": "classdata/analysing-your-class-data.ipynb",
}


@pytest.fixture
def waiting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[Callable[[], None]]]:
    """A preheated kernel: returns the list of things that happen while it waits."""
    import voila.utils

    happens: list[Callable[[], None]] = []
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("PLKIT_STORE_DIR", str(tmp_path / "store"))
    monkeypatch.setenv("PLKIT_SAVE_DELAY", "0")
    monkeypatch.setenv("PLKIT_SECRET_FILE", str(tmp_path / "secret"))
    monkeypatch.delenv("PLKIT_CONTENT_DIR", raising=False)
    monkeypatch.setattr(voila.utils, "wait_for_request", lambda url=None: [f() for f in happens])
    session.reset()
    yield happens
    session.reset()


def cells(module: str) -> list[str]:
    nb = json.loads((ROOT / "workbooks" / MODULES[module]).read_text(encoding="utf-8"))
    calls = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            m = re.fullmatch(rf"(?:import plkit\n)?plkit\.{module}\.(\w+)\(\)\s*", "".join(cell["source"]))
            assert m, f"{MODULES[module]}: a cell that is not one plkit.{module} call"
            calls.append(m.group(1))
    return calls


def open_page(module: str) -> list[object]:
    """Run the notebook's cells as Voila does (the first one waits)."""
    mod = importlib.import_module(plkit.PAGES[module])
    return [getattr(mod, name)() for name in cells(module)]


def text_value(widget: object) -> str:
    from ipywidgets import Text

    found = [c for c in _walk(widget) if isinstance(c, Text)]
    return found[0].value


def _walk(widget: object) -> Iterator[object]:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_page_lists_the_notebooks_cells_in_order(module: str) -> None:
    mod = importlib.import_module(plkit.PAGES[module])
    assert ["start", *(f.__name__ for f in mod.PAGE)] == cells(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_cell_takes_what_was_built_while_the_kernel_waited(
        module: str, waiting: list[Callable[[], None]]) -> None:
    seen: dict[str, set[str]] = {}
    waiting.append(lambda: seen.setdefault("at wait", set(_instances)))
    page = open_page(module)
    built_at_wait = seen["at wait"]
    ids = {w.model_id for top in page for w in _walk(top) if hasattr(w, "model_id")}
    assert ids <= built_at_wait, "a cell built its widgets after the page was opened"
    assert ahead.built_ahead(session_id(module)) == {}  # each taken once


def session_id(module: str) -> str:
    return importlib.import_module(plkit.PAGES[module]).WORKBOOK


def test_answers_saved_while_the_kernel_waited_are_on_the_page(
        waiting: list[Callable[[], None]]) -> None:
    store_for("defining").set(KEYS["why_word"], "agency")
    stale: set[str] = set()
    waiting.append(lambda: stale.update(_instances))
    waiting.append(lambda: store_for("defining").set(KEYS["why_word"], "belonging"))
    before = set(_instances)
    page = open_page("define")
    why = page[cells("define").index("why_word")]
    assert text_value(why) == "belonging"
    # what was built before is closed, so the browser never receives it
    assert not (stale - before) & set(_instances)
    # and the new page saves into the file as usual
    store = session.session("defining").store
    store.set(KEYS["why_word"], "equity")
    assert store_for("defining").get(KEYS["why_word"]) == "equity"


def test_unchanged_answers_are_shown_from_the_page_built_ahead(
        waiting: list[Callable[[], None]]) -> None:
    store_for("defining").set(KEYS["why_word"], "agency")
    page = open_page("define")
    assert text_value(page[cells("define").index("why_word")]) == "agency"


def test_a_page_that_fails_to_build_ahead_is_built_when_opened(
        waiting: list[Callable[[], None]], monkeypatch: pytest.MonkeyPatch) -> None:
    import plkit.workbooks.defining.page as define

    calls = {"n": 0}
    real = define.PAGE[0]

    def flaky():  # noqa: ANN202
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("not yet")
        return real()

    flaky.__name__ = real.__name__
    monkeypatch.setattr(define, "PAGE", (flaky, *define.PAGE[1:]))
    head = define.start()
    assert head.children, "the header is still shown"
    assert ahead.built_ahead("defining") is None  # nothing half-built is used
    assert define.compare() is not None


def _notice(head: Any) -> str:
    """The text of the header's alert about the answers file (there is one, first after the styles)."""
    alerts = [c.value for c in head.children if 'role="alert"' in getattr(c, "value", "")]
    assert len(alerts) == 1, "the header shows exactly one notice about the answers file"
    return str(alerts[0])


def test_an_unreadable_answers_file_is_reported_either_way(
        waiting: list[Callable[[], None]], tmp_path: Path) -> None:
    folder = tmp_path / "store" / "defining"
    folder.mkdir(parents=True)
    (folder / "plkit-responses.json").write_text("{not json", encoding="utf-8")
    head = open_page("define")[0]
    assert "could not be read" in _notice(head)
    # the same when an answer is saved (a fresh file) while the kernel waits
    session.reset()
    (folder / "plkit-responses.json").write_text("{not json", encoding="utf-8")
    waiting.append(lambda: store_for("defining").set(KEYS["why_word"], "agency"))
    head = open_page("define")[0]
    assert "could not be read" in _notice(head)


def test_tests_and_demos_passing_a_store_build_as_before(
        waiting: list[Callable[[], None]]) -> None:
    import plkit.workbooks.defining.page as define

    store = MemoryStore("defining", "ana")
    define.start(store=store)
    assert ahead.built_ahead("defining") is None
    store.set(KEYS["why_word"], "equity")
    assert text_value(define.why_word(store=store)) == "equity"


def test_without_preheating_nothing_is_built_ahead(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("PLKIT_STORE_DIR", str(tmp_path / "store"))
    session.reset()
    import plkit.workbooks.defining.page as define

    before = len(_instances)
    define.start()
    assert ahead.built_ahead("defining") is None
    assert len(_instances) - before < 10  # the header only
    session.reset()


def test_a_save_in_another_tab_while_building_is_not_hidden_by_the_pages_own_save(
        waiting: list[Callable[[], None]], monkeypatch: pytest.MonkeyPatch) -> None:
    """Some pages save as they are built (a first challenge, the demo class chosen earlier).
    When another tab saved between the page reading an answer and the page's own save, the
    file's version is the page's own, yet part of the page shows the older answer."""
    import plkit.workbooks.defining.page as define

    store_for("defining").set(KEYS["why_word"], "agency")
    names = [f.__name__ for f in define.PAGE]
    at = names.index("why_word") + 1

    def another_tab():  # noqa: ANN202
        store_for("defining").set(KEYS["why_word"], "belonging")

    def own_save():  # noqa: ANN202
        session.session("defining").store.set("defining.seen", True)

    monkeypatch.setattr(define, "PAGE", (*define.PAGE[:at], another_tab, own_save, *define.PAGE[at:]))
    page = open_page("define")
    assert text_value(page[cells("define").index("why_word")]) == "belonging"


def test_home_reads_progress_when_opened_not_while_waiting(
        waiting: list[Callable[[], None]], tmp_path: Path) -> None:
    import plkit.home as home

    ws = tmp_path / "ws"
    ws.mkdir()
    waiting.append(lambda: store_for("defining").set(KEYS["why_word"], "agency"))
    page = home.show(ws)
    text = page.children[1].value
    defining = text[text.index("Defining"):]
    assert "In progress: 1 of" in defining[:2000]
