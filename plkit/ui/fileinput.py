"""A labelled, keyboard-operable file input that hands the file's bytes to the kernel.

ipywidgets' FileUpload (8.1) empties its button to draw the label, which also removes the hidden
``<input type=file>`` it clicks, so browsers may open no file chooser. This widget renders a
native file input with a ``<label for>``: Tab reaches it, Enter or Space opens the chooser, and
screen readers announce the label. The file is sent once as a binary message, never kept in the
widget's state. A file larger than ``max_bytes`` is never read into the page: the browser only
tells the kernel its name and size (``on_too_big``), so a huge file costs no memory.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anywidget
import traitlets

__all__ = ["FileInput"]

_ESM = r"""
function render({ model, el }) {
  const id = `plkit-file-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const label = document.createElement("label");
  label.htmlFor = id;
  label.className = "plkit-file-label";
  const input = document.createElement("input");
  input.type = "file";
  input.id = id;
  input.className = "plkit-file-input";
  function draw() {
    label.textContent = model.get("description");
    input.accept = model.get("accept");
  }
  draw();
  model.on("change:description", draw);
  model.on("change:accept", draw);
  input.addEventListener("change", async () => {
    const file = input.files && input.files[0];
    if (!file) return;
    const max = model.get("max_bytes");
    if (max > 0 && file.size > max) {
      model.send({ kind: "too-big", name: file.name, size: file.size });
      input.value = "";
      return;
    }
    const buffer = await file.arrayBuffer();
    model.send({ kind: "file", name: file.name, size: file.size }, undefined, [buffer]);
    input.value = "";
  });
  el.appendChild(label);
  el.appendChild(input);
}
export default { render };
"""

_CSS = """
.plkit-file-label { display: block; font-weight: 600; font-size: 1rem; margin-bottom: .25rem; color: #1b1b1b; }
.plkit-file-input { font-size: 1rem; color: #1b1b1b; }
.plkit-file-input:focus-visible { outline: 3px solid #c25400; outline-offset: 2px; }
"""


class FileInput(anywidget.AnyWidget):
    """Choose one file; ``on_file(fn)`` registers ``fn(name, data)`` for each file chosen, and
    ``on_too_big(fn)`` ``fn(name, size)`` for a file over ``max_bytes`` (0: no limit)."""

    _esm = _ESM
    _css = _CSS
    description = traitlets.Unicode("").tag(sync=True)
    accept = traitlets.Unicode("").tag(sync=True)
    max_bytes = traitlets.Int(0).tag(sync=True)

    def __init__(self, description: str = "", accept: str = "", max_bytes: int = 0, **kwargs: Any) -> None:
        super().__init__(description=description, accept=accept, max_bytes=max_bytes, **kwargs)
        self._handlers: list[Callable[[str, bytes], None]] = []
        self._too_big: list[Callable[[str, int], None]] = []
        self.on_msg(self._message)

    def on_file(self, fn: Callable[[str, bytes], None]) -> None:
        self._handlers.append(fn)

    def on_too_big(self, fn: Callable[[str, int], None]) -> None:
        self._too_big.append(fn)

    def _message(self, _widget: Any, content: Any, buffers: list[Any]) -> None:
        if not isinstance(content, dict):
            return
        if content.get("kind") == "too-big":
            size = content.get("size")
            for fn in list(self._too_big):
                fn(str(content.get("name", "")), size if isinstance(size, int) else 0)
            return
        if content.get("kind") != "file" or not buffers:
            return
        data = bytes(buffers[0])
        if self.max_bytes and len(data) > self.max_bytes:  # a page that skipped the browser's check
            for fn in list(self._too_big):
                fn(str(content.get("name", "")), len(data))
            return
        self.receive(str(content.get("name", "")), data)

    def receive(self, name: str, data: bytes) -> None:
        """What choosing a file in the browser does (tests call this directly)."""
        for fn in list(self._handlers):
            fn(name, data)
