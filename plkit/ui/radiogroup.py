"""A radio group that behaves like one: a named group in a fieldset with a legend.

ipywidgets' RadioButtons renders radios without a shared ``name``, so browsers treat every radio
on the page as one run: arrow keys in one card change the answer of the next card, and Tab stops
on every option. This widget renders native, named radios: Tab reaches the group once, arrow keys
move within it, and screen readers announce the question (legend) with each option.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import anywidget
import traitlets

from plkit.ui.shared import shared_layout

__all__ = ["RadioGroup"]

_ESM = r"""
function uniqueName() {
  // a fresh name per rendered group (each card is its own group), even within one millisecond
  const rand = Math.random().toString(36).slice(2, 10);
  return `plkit-radio-${Date.now().toString(36)}-${rand}`;
}
function render({ model, el }) {
  const name = uniqueName();
  const fieldset = document.createElement("fieldset");
  fieldset.className = "plkit-radio-group";
  const legend = document.createElement("legend");
  fieldset.appendChild(legend);
  const list = document.createElement("div");
  list.className = "plkit-radio-options";
  fieldset.appendChild(list);
  el.appendChild(fieldset);

  function draw() {
    legend.textContent = model.get("description");
    list.replaceChildren();
    const current = model.get("value");
    for (const [label, value] of model.get("options")) {
      const id = `${name}-${list.children.length}`;
      const row = document.createElement("div");
      row.className = "plkit-radio-option";
      const input = document.createElement("input");
      input.type = "radio";
      input.name = name;
      input.id = id;
      input.value = value;
      input.checked = value === current;
      input.addEventListener("change", () => {
        if (input.checked) {
          model.set("value", value);
          model.save_changes();
        }
      });
      const lab = document.createElement("label");
      lab.htmlFor = id;
      lab.textContent = label;
      row.appendChild(input);
      row.appendChild(lab);
      list.appendChild(row);
    }
  }
  function sync() {
    const current = model.get("value");
    for (const input of list.querySelectorAll("input")) {
      input.checked = input.value === current;
    }
  }
  // Optional feedback under the options (a card's "that matches" / "look again"): one live
  // region that is always there, so a screen reader announces the text when it appears.
  const note = document.createElement("p");
  note.className = "plkit-feedback";
  note.setAttribute("role", "status");
  note.setAttribute("aria-live", "polite");
  el.appendChild(note);
  function drawNote() {
    note.textContent = model.get("note") || "";
    // the card's border says at a glance which cards match (the text says it in words)
    const tone = model.get("tone") || "";
    el.classList.toggle("plkit-card-ok", tone === "ok");
    el.classList.toggle("plkit-card-look", tone === "look");
  }
  drawNote();
  model.on("change:note", drawNote);
  model.on("change:tone", drawNote);
  draw();
  model.on("change:options", draw);
  model.on("change:description", draw);
  model.on("change:value", sync);
}
export default { render };
"""

_CSS = """
.plkit-radio-group { border: 0; margin: 0; padding: 0; min-width: 0; }
.plkit-radio-group legend { font-weight: 600; font-size: 1rem; line-height: 1.4; padding: 0;
  margin-bottom: .3rem; color: #1b1b1b; white-space: normal; }
.plkit-radio-option { display: flex; align-items: center; gap: .45rem; margin: .2rem 0;
  font-size: 1rem; color: #1b1b1b; }
.plkit-radio-option input { width: 1.1rem; height: 1.1rem; margin: 0; }
.plkit-radio-option input:focus-visible { outline: 3px solid #c25400; outline-offset: 2px; }
.plkit-feedback:empty { margin: 0; }
"""


class RadioGroup(anywidget.AnyWidget):
    """Choose one of ``options`` (``[(label, value), ...]``); ``value`` is None until chosen."""

    _esm = _ESM
    _css = _CSS
    description = traitlets.Unicode("").tag(sync=True)
    options = traitlets.List(traitlets.List()).tag(sync=True)
    value = traitlets.Unicode(None, allow_none=True).tag(sync=True)
    #: Plain text shown under the options in a polite live region ("" shows nothing).
    note = traitlets.Unicode("").tag(sync=True)
    #: "ok" or "look" marks the group's border (classes plkit-card-ok / plkit-card-look).
    tone = traitlets.Unicode("").tag(sync=True)

    @traitlets.default("layout")
    def _default_layout(self) -> Any:
        return shared_layout()  # one layout model for every group on the page

    def __init__(self, options: Sequence[tuple[str, str]], value: str | None = None,
                 description: str = "", **kwargs: Any) -> None:
        opts = [[str(label), str(v)] for label, v in options]
        values = {v for _, v in opts}
        super().__init__(options=opts, value=value if value in values else None,
                         description=description, **kwargs)

    @traitlets.validate("value")
    def _valid_value(self, proposal: dict[str, Any]) -> str | None:
        v: str | None = proposal["value"]  # traitlets' proposal is untyped
        if v is not None and v not in {val for _, val in self.options}:
            raise traitlets.TraitError(f"{v!r} is not one of the options")
        return v
