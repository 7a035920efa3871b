"""Static HTML with one shared layout and style per page.

Every ipywidgets widget gets its own ``Layout`` model, and an ``HTML`` widget its own
``HTMLStyle`` model too: three widget models, each opened, sent and rendered, for one paragraph of
text. A page of plkit has dozens of these (card statements, prompts, feedback), so :class:`Html`
gives every one of them the same two models. That shared layout and style must then never be
changed through one widget: trying raises, with what to do instead (pass ``layout=`` a
``Layout`` of the widget's own).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
from ipywidgets.widgets.widget import _instances
from ipywidgets.widgets.widget_string import HTMLStyle
from traitlets import default

__all__ = ["live_widget_ids", "close_widgets", "Html", "shared_layout", "shared_html_style", "shared_style"]


class _Frozen:
    """Mixin: after construction, any change of a synced trait is refused."""

    _sealed = False

    def seal(self) -> _Frozen:
        self._sealed = True
        return self

    def __setattr__(self, name: str, value: Any) -> None:
        if self._sealed and name in self.keys:  # type: ignore[attr-defined]
            raise TypeError(
                f"This {type(self).__name__} is shared by many widgets; give the widget its own "
                f"(e.g. Html(..., layout=ipywidgets.Layout({name}=...))).")
        super().__setattr__(name, value)


class SharedLayout(_Frozen, w.Layout):  # type: ignore[misc]  # ipywidgets has no type information: Layout is Any
    pass


class SharedHTMLStyle(_Frozen, HTMLStyle):  # type: ignore[misc]  # ipywidgets has no type information: HTMLStyle is Any
    pass


_SHARED: dict[tuple[str, tuple[tuple[str, Any], ...]], Any] = {}


def _get(kind: str, cls: type, **traits: Any) -> Any:
    key = (kind, tuple(sorted(traits.items())))
    obj = _SHARED.get(key)
    if obj is None or getattr(obj, "comm", None) is None:  # first use, or closed since
        obj = _SHARED[key] = cls(**traits).seal()
    return obj


def shared_layout(**traits: str) -> w.Layout:
    """The page's one layout with these settings (none: the default), for widgets whose layout
    never changes."""
    return _get("layout", SharedLayout, **traits)


_STYLE_CLASSES: dict[type, type] = {}


def shared_style(style_cls: type, **traits: Any) -> Any:
    """The page's one ``style_cls`` (e.g. ``CheckboxStyle``) with these settings."""
    frozen = _STYLE_CLASSES.get(style_cls)
    if frozen is None:
        frozen = _STYLE_CLASSES[style_cls] = type(f"Shared{style_cls.__name__}",
                                                  (_Frozen, style_cls), {})
    return _get(style_cls.__name__, frozen, **traits)


def shared_html_style() -> HTMLStyle:
    """The page's one default style for :class:`Html` widgets."""
    return _get("html-style", SharedHTMLStyle)


class Html(w.HTML):  # type: ignore[misc]  # ipywidgets has no type information: HTML is Any
    """``ipywidgets.HTML`` with the page's shared layout and style (two widget models fewer)."""

    @default("layout")
    def _default_layout(self) -> w.Layout:
        return shared_layout()

    @default("style")
    def _default_style(self) -> HTMLStyle:
        return shared_html_style()


def live_widget_ids() -> set[str]:
    """Model ids of every widget alive in this kernel.

    ipywidgets keeps them in a private registry (``ipywidgets.widgets.widget._instances``) and
    offers no public way to list them; this is the one place plkit reads it. A page built ahead
    uses it to find (and close) everything it built, shared layouts included."""
    return set(_instances)


def close_widgets(model_ids: set[str]) -> None:
    """Close the widgets with these model ids, so the browser never receives them."""
    for model_id in model_ids:
        widget = _instances.get(model_id)
        if widget is not None:
            widget.close()
