"""The one small settings object plkit reads inside a workbook's kernel.

Every key is described here; each comes from an environment variable that ``plkit serve`` (or a
JupyterHub spawner) sets, with a default that works on one machine.

>>> s = Settings.from_env({"PLKIT_PARTICIPANT": "ana", "PLKIT_SAVE_DELAY": "0.5"})
>>> s.participant, s.save_delay
('ana', 0.5)
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

__all__ = ["Settings", "current"]


def _default_participant(env: Mapping[str, str]) -> str:
    # nbgrader's convention: the Zero to JupyterHub image runs every user as "jovyan".
    user = env.get("USER") or ""
    if not user:
        try:
            user = getpass.getuser()
        except Exception:  # noqa: BLE001 - no user database in some containers
            user = "participant"
    if user == "jovyan" and env.get("JUPYTERHUB_USER"):
        return env["JUPYTERHUB_USER"]
    return user


@dataclass(frozen=True)
class Settings:
    participant: str = field(
        default="participant",
        metadata={"env": "PLKIT_PARTICIPANT", "help": "Who is answering: the nbgrader student id."},
    )
    content_dir: Path | None = field(
        default=None,
        metadata={
            "env": "PLKIT_CONTENT_DIR",
            "help": "A district's content folder that replaces or adds content items.",
        },
    )
    store_dir: Path | None = field(
        default=None,
        metadata={
            "env": "PLKIT_STORE_DIR",
            "help": "Folder for response files; default: the workbook's own folder.",
        },
    )
    course_id: str | None = field(
        default=None,
        metadata={"env": "PLKIT_COURSE_ID", "help": "The workshop's course id (to submit)."},
    )
    exchange: Path | None = field(
        default=None,
        metadata={"env": "PLKIT_EXCHANGE", "help": "The workshop's nbgrader exchange folder."},
    )
    save_delay: float = field(
        default=0.6,
        metadata={
            "env": "PLKIT_SAVE_DELAY",
            "help": "Seconds a text box waits after the last keystroke before saving.",
        },
    )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        participant = env.get("PLKIT_PARTICIPANT") or _default_participant(env)
        content = env.get("PLKIT_CONTENT_DIR")
        store = env.get("PLKIT_STORE_DIR")
        try:
            delay = float(env.get("PLKIT_SAVE_DELAY", "0.6"))
        except ValueError:
            delay = 0.6
        course = env.get("PLKIT_COURSE_ID") or None
        exchange = env.get("PLKIT_EXCHANGE")
        return cls(
            participant=participant,
            course_id=course,
            exchange=Path(exchange).expanduser() if exchange else None,
            content_dir=Path(content).expanduser() if content else None,
            store_dir=Path(store).expanduser() if store else None,
            save_delay=max(0.0, delay),
        )

    @classmethod
    def describe(cls) -> dict[str, str]:
        """Each key's environment variable and meaning (shown by ``plkit --help``)."""
        return {f.metadata["env"]: f.metadata["help"] for f in fields(cls)}


def current() -> Settings:
    """Settings for this process, read from the environment now."""
    return Settings.from_env()
