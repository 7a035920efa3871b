"""Writing a report's files: all or nothing, and the private report private from its first byte.

Every file is first written beside its final name (created with ``os.open``: mode 0600 for the
private report, so no other user can read it even for a moment, whatever the umask), then all are
moved into place (``os.replace``). If any write fails, the partial files are removed and the
files already in the folder (an earlier report) are left as they were.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

from plkit.errors import PlkitError

__all__ = ["OutputError", "folder_for", "write_files"]


class OutputError(PlkitError):
    """The report's folder could not be made, made private, or written."""


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def folder_for(out: str | os.PathLike[str], private: bool) -> tuple[Path, list[str]]:
    """The report's folder, made if needed (0700 when private); an existing private folder that
    others could read is narrowed to 0700, and the notes say so."""
    folder = Path(out).expanduser()
    notes: list[str] = []
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not folder.is_dir():
            raise NotADirectoryError(20, "Not a directory")
        mode = stat.S_IMODE(folder.stat().st_mode)
        if private and mode & 0o077:
            os.chmod(folder, 0o700)
            notes.append(f"The folder {folder} could be opened by other users; plkit made it private (only you "
                         "can open it now).")
    except OSError as exc:
        raise OutputError(
            f"The folder {folder} could not be made ready for the report ({_why(exc)}); choose another with --out."
        ) from None
    return folder, notes


def write_files(folder: Path, files: Mapping[str, bytes], private: bool) -> list[Path]:
    """Write ``files`` (name -> bytes) into ``folder``, all or nothing; return the final paths."""
    mode = 0o600 if private else 0o644
    temps: list[tuple[Path, Path]] = []
    moved = 0
    try:
        for name, data in files.items():
            final = folder / name
            temp = folder / f".{name}.{os.getpid()}.partial"
            temp.unlink(missing_ok=True)  # a crashed run's leftover keeps its own mode: start anew
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), mode)
            temps.append((temp, final))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        for temp, final in temps:
            os.replace(temp, final)
            moved += 1
    except OSError as exc:
        for temp, _final in temps[moved:]:
            temp.unlink(missing_ok=True)
        kept = "nothing there was changed" if not moved else f"only {moved} of its {len(files)} files were replaced"
        raise OutputError(
            f"The report could not be written to {folder} ({_why(exc)}); {kept}, so free some space or "
            "choose another folder with --out."
        ) from None
    return [final for _temp, final in temps]
