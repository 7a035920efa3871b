"""Shared fixtures: a real ``plkit serve`` on 127.0.0.1 and Debian's Chromium via Playwright."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(os.environ.get("PLKIT_TEST_ARTIFACTS", ROOT / "test-artifacts"))


def pytest_configure(config: pytest.Config) -> None:
    # Notebook smoke runs (nbval) must never write answers into the repository.
    os.environ.setdefault("PLKIT_STORE_DIR", tempfile.mkdtemp(prefix="plkit-nbval-"))
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
