"""Shared fixtures: a real ``plkit serve`` on 127.0.0.1 and Debian's Chromium via Playwright."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import CHROMIUM, CHROMIUM_FLAGS, Server, ensure_axe

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(os.environ.get("PLKIT_TEST_ARTIFACTS", ROOT / "test-artifacts"))


def pytest_configure(config: pytest.Config) -> None:
    # Notebook smoke runs (nbval) must never write answers into the repository.
    os.environ.setdefault("PLKIT_STORE_DIR", tempfile.mkdtemp(prefix="plkit-nbval-"))
    # Nor write a pseudonym secret or remembered student identifiers into the tester's home.
    os.environ.setdefault("PLKIT_SECRET_FILE", str(Path(tempfile.mkdtemp(prefix="plkit-secret-")) / "classdata-secret"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def need(condition: bool, reason: str) -> None:
    """Skip when a system part is missing on a developer machine; fail in CI, where it must be."""
    if condition:
        return
    if in_ci():
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    return ARTIFACTS


@pytest.fixture
def clean_session(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Widget tests: no district content, no preheat, saves at once, and a fresh page session."""
    from plkit.page import session

    monkeypatch.delenv("PLKIT_CONTENT_DIR", raising=False)
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("PLKIT_SAVE_DELAY", "0")
    session.reset()
    yield
    session.reset()


@pytest.fixture(scope="session")
def cat() -> object:
    """The shipped content catalog (no district overlay)."""
    from plkit.content import load_catalog

    return load_catalog(use_settings=False)


# -- browser tests: one real `plkit serve` and one Chromium for the whole run -------------

@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    need(Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    ws = tmp_path_factory.mktemp("browser") / "workspace"
    srv = Server(ws)
    try:
        srv.wait_ready()
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="session")
def axe_js() -> Path:
    path = ensure_axe()
    need(path is not None, "axe-core could not be installed from npm (npm install axe-core)")
    assert path is not None
    return path


@pytest.fixture()
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True)
    # A page's first load starts a kernel and builds every widget: on a busy 2-core machine that
    # can take well over Playwright's default 30 s. Waits still end as soon as the page is there.
    context.set_default_navigation_timeout(180_000)
    context.set_default_timeout(60_000)
    pg = context.new_page()
    yield pg
    context.close()
