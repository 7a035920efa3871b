"""A person who opens the server's address (``http://127.0.0.1:8866/``) lands on the home page
(the facilitator on the dashboard), never on Voila's raw file listing."""

from __future__ import annotations

import http.client
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import Server

from plkit.workshop.course import init

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

LISTING = "Select items to open"


def _get(url: str) -> tuple[int, str, str]:
    """Status, final address and body, following redirects as a browser does."""
    with urllib.request.urlopen(url, timeout=180) as r:  # noqa: S310 - loopback only
        return r.status, r.geturl(), r.read().decode("utf-8", errors="replace")


def _location(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        return r.status, r.getheader("Location") or ""
    finally:
        conn.close()


@pytest.fixture(scope="module")
def participant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv = Server(tmp_path_factory.mktemp("home") / "workspace")
    try:
        srv.wait_ready()
        yield srv
    finally:
        srv.stop()


@pytest.mark.parametrize("path", ["/", "/voila/tree", "/voila/tree/", "/voila/tree/defining"])
def test_the_server_address_and_the_listing_lead_to_the_home_page(participant: Server,
                                                                   path: str) -> None:
    status, location = _location(participant.port, path)
    assert status in (301, 302), (path, status)
    assert location.endswith("/voila/render/home.ipynb"), location


def test_opening_the_address_shows_the_home_page(participant: Server) -> None:
    status, final, body = _get(participant.base + "/")
    assert status == 200
    assert final == participant.url("home.ipynb")
    assert "Personalized learning workbooks" in body
    assert LISTING not in body


def test_the_pages_still_open_at_their_own_address(participant: Server) -> None:
    status, _, body = _get(participant.url("defining/defining-personalized-learning.ipynb"))
    assert status == 200
    assert LISTING not in body


def test_the_facilitator_lands_on_the_dashboard(tmp_path: Path) -> None:
    workshop = tmp_path / "workshop"
    init(workshop, "pl-home")
    srv = Server(tmp_path / "unused", args=["--facilitator", "--workshop", str(workshop)])
    try:
        srv.wait_ready()
        status, location = _location(srv.port, "/")
        assert status in (301, 302) and location.endswith("/voila/render/dashboard.ipynb"), location
        status, final, body = _get(srv.base + "/")
        assert status == 200 and final == srv.url("dashboard.ipynb")
        assert "Facilitator dashboard" in body and LISTING not in body
    finally:
        srv.stop()
