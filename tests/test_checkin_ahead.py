"""A check-in in a preheated kernel: the cells that read nothing from other workbooks are built
while the kernel waits; the ones that show the plan are built when the page is opened, so a plan
written in Fifteen nightmares while the kernel waited is on the page (tests/test_build_ahead.py
has the mechanism; Voila's wait is replaced by what happens meanwhile)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers_unit import walk
from ipywidgets.widgets.widget import _instances

import plkit
from plkit.page import ahead, session
from plkit.store import FileStore
from plkit.workbooks.checkin.page import AHEAD, CELLS
from plkit.workbooks.checkin.widgets import StepReport
from plkit.workbooks.nightmares.keys import KEYS as NIGHTMARES
from plkit.workbooks.nightmares.keys import plan_key


@pytest.fixture
def waiting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[Callable[[], None]]]:
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


def test_a_plan_written_while_the_kernel_waited_is_on_the_page(waiting: list[Callable[[], None]],
                                                                tmp_path: Path) -> None:
    page = plkit.checkin_2w
    FileStore(tmp_path / "store" / "checkin-2w", "checkin-2w", "ana").set("checkin.happened", "Earlier")
    seen: dict[str, set[str]] = {}
    waiting.append(lambda: seen.setdefault("at wait", set(_instances)))
    waiting.append(lambda: FileStore(tmp_path / "store" / "nightmares", "nightmares", "ana").set_many(
        {NIGHTMARES["top_three"]: ["risk-punished"], plan_key("risk-punished", "first-step"): "Talk to Sam"}))
    page.start()
    assert set(ahead.built_ahead("checkin-2w") or {}) == set(AHEAD)
    built = {fn.__name__: fn() for fn in page.PAGE}
    assert [fn.__name__ for fn in page.PAGE] == list(CELLS)
    ids = {name: {x.model_id for x in walk(top) if hasattr(x, "model_id")} for name, top in built.items()}
    for name in AHEAD:
        assert ids[name] <= seen["at wait"], f"{name} was built after the page was opened"
    assert ahead.built_ahead("checkin-2w") == {}  # each taken once
    assert not ids["plan"] & seen["at wait"]
    assert "Talk to Sam" in " ".join(str(getattr(x, "value", "")) for x in walk(built["plan"]))
    assert [x for x in walk(built["first_steps"]) if isinstance(x, StepReport)]
