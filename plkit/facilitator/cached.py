"""The collected answers, read again only where they changed: what keeps a dashboard refresh of a
big workshop fast. No widgets.

A refresh (the button, or each collect and check) used to read every
``submitted/<participant>/<workbook>/plkit-responses.json`` again and render every group view
again: for 500 participants x 9 workbooks about 3,000 files, several seconds. :class:`CollectedReader`
keeps each file's answers with its size and modification time and reads only new or changed
files, and hands back the very same objects for what did not change (the whole
:class:`~plkit.facilitator.collected.Collected`, or one workbook's answers), so a view can skip
rendering when nothing it shows has changed (:meth:`plkit.facilitator.dashboard.Dashboard.view`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from plkit.errors import StoreError
from plkit.facilitator.collected import Collected
from plkit.store import RESPONSES_FILE, read_document

__all__ = ["CollectedReader"]

Stamp = tuple[int, int]  # (size, modification time in ns)


class CollectedReader:
    """:func:`plkit.facilitator.collected.collect_responses`, incremental.

    >>> import tempfile
    >>> reader, folder = CollectedReader(), tempfile.mkdtemp()
    >>> first = reader.read(folder)
    >>> first.by_workbook, reader.read(folder) is first
    ({}, True)
    """

    def __init__(self) -> None:
        self._files: dict[Path, tuple[Stamp, dict[str, Any] | None]] = {}
        self._last = Collected({})

    def read(self, submitted_dir: str | Path) -> Collected:
        """The answers now: the same object as last time if no file changed; otherwise a new one
        that keeps each unchanged workbook's answers as the same object."""
        root = Path(submitted_dir)
        paths = sorted(root.glob(f"*/*/{RESPONSES_FILE}")) if root.is_dir() else []
        seen = {path: entry for path in paths if (entry := self._entry(path)) is not None}
        changed = {p.parent.name for p, entry in seen.items() if self._files.get(p) is not entry}
        changed.update(p.parent.name for p in self._files.keys() - seen.keys())  # removed
        self._files = seen
        if not changed:
            return self._last
        out: dict[str, dict[str, dict[str, Any]]] = {}
        for path, (_stamp, answers) in self._files.items():
            if answers is not None and path.parent.name in changed:
                out.setdefault(path.parent.name, {})[path.parent.parent.name] = answers
        out.update({wb: kept for wb, kept in self._last.by_workbook.items() if wb not in changed})
        bad = sum(1 for _stamp, answers in self._files.values() if answers is None)
        self._last = Collected(out, bad)
        return self._last

    def _entry(self, path: Path) -> tuple[Stamp, dict[str, Any] | None] | None:
        """The file's answers, kept from the last read (the same object) if it has not changed;
        None if it was removed meanwhile; its answers None if it cannot be read."""
        try:
            st = path.stat()
        except OSError:
            return None
        stamp = (st.st_size, st.st_mtime_ns)
        old = self._files.get(path)
        if old is not None and old[0] == stamp:
            return old
        try:
            doc = read_document(path)
        except StoreError:
            return (stamp, None)  # unreadable: counted, as collect_responses does
        return (stamp, {k: v["value"] for k, v in doc["responses"].items()})
