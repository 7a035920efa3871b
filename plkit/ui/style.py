"""plkit's stylesheet: readable labels that wrap, visible focus, AA contrast."""

from __future__ import annotations

import ipywidgets as w

from plkit.ui.shared import Html

__all__ = ["stylesheet", "CSS"]

CSS = """
<style>
.plkit { max-width: 100%; min-width: 0; box-sizing: border-box; font-size: 1rem; line-height: 1.5;
  color: #1b1b1b; }
.plkit p, .plkit li, .plkit blockquote, .plkit h2, .plkit h3, .plkit h4, .plkit figcaption,
.plkit .widget-label, .plkit .widget-checkbox label, .plkit .widget-radio-box label { max-width: 75ch; }
/* A control is as wide as its box at most, its margins included (ipywidgets adds 2px each side). */
.plkit .jupyter-widgets:not(.widget-box) { max-width: calc(100% - 2 * var(--jp-widgets-margin, 2px)) !important; }
.plkit .jupyter-widgets.widget-textarea, .plkit .jupyter-widgets.widget-text,
.plkit .jupyter-widgets.plkit-stacked {
  max-width: min(48rem, calc(100% - 2 * var(--jp-widgets-margin, 2px))) !important; }
/* A column's rows keep their height (a scroll box used to squeeze wrapped rows into one line);
   nothing in a box is wider than the box. */
.plkit .widget-vbox > * { flex-shrink: 0; }
.plkit .widget-box > * { min-width: 0; }
/* A data table wider than a tablet scrolls inside its own box, never the page (WCAG 1.4.10
   exempts data tables): plkit.ui.tables.table_region() wraps one in a focusable region. */
.plkit .widget-html-content:has(table), .plkit .plkit-table-scroll { overflow-x: auto; }
.plkit .plkit-table-scroll:focus-visible { outline-offset: -3px; }
.plkit .widget-box { max-width: 100%; box-sizing: border-box; }
.plkit .widget-hbox { flex-wrap: wrap; }
.plkit .widget-label, .plkit .widget-label-basic { white-space: normal; overflow: visible;
  text-overflow: clip; height: auto; line-height: 1.4; width: auto !important; max-width: 100%; }
.plkit-stacked { flex-direction: column !important; align-items: stretch !important; }
.plkit-stacked { height: auto !important; }
.plkit-stacked > select, .plkit .widget-dropdown > select { min-height: var(--jp-widgets-inline-height, 28px); }
.plkit-stacked > .widget-label { text-align: left; margin-bottom: .25rem; font-weight: 600; font-size: 1rem; }
.plkit .widget-radio-box label, .plkit .widget-checkbox label { font-size: 1rem; }
.plkit .widget-checkbox { height: auto; min-height: var(--jp-widgets-inline-height); align-items: flex-start; }
.plkit .widget-checkbox label { white-space: normal; line-height: 1.4; height: auto; overflow: visible; }
.plkit .widget-checkbox label.widget-label-basic { display: flex; align-items: flex-start; gap: .35rem; }
.plkit .widget-checkbox input[type=checkbox] { margin-top: .3rem; flex: 0 0 auto; align-self: flex-start; }
.plkit textarea, .plkit input[type=text] { font-size: 1rem; line-height: 1.45; font-family: inherit; }
.plkit .widget-html-content { line-height: 1.5; font-size: 1rem; }
.plkit .widget-html, .plkit .widget-htmlmath { height: auto; }
.plkit blockquote { border-left: 4px solid #1f5f8b; margin: .3rem 0; padding: .2rem .8rem; background: #eef4f9; }
.plkit-card { border: 1px solid #8a8a8a; border-radius: 6px; padding: .5rem .8rem;
  margin: .35rem 0; background: #ffffff; }
.plkit-card-ok { border-left: 6px solid #1e6b34; }
.plkit-card-look { border-left: 6px solid #8a4b00; }
.plkit-panel { border: 1px solid #8a8a8a; border-radius: 6px; padding: .6rem 1rem;
  margin: .4rem 0; background: #f7f9fb; }
.plkit-status { min-height: 1.4em; font-size: .9rem; color: #3d3d3d; }
.plkit-status-ok { color: #1e6b34; }
.plkit-status-error, .plkit-error { color: #a4000f; font-weight: 600; }
.plkit-notice { border: 2px solid #8a4b00; background: #fff6e5; padding: .5rem .8rem;
  border-radius: 6px; }
.plkit-feedback { font-size: .95rem; }
.plkit-check-yes { color: #1e6b34; } .plkit-check-no { color: #5c3d00; }
.plkit a { color: #0b4f8a; text-decoration: underline; }
.plkit a.plkit-button { display: inline-block; padding: .35rem .9rem; margin: .2rem .4rem .2rem 0;
  border: 1px solid #0b4f8a; border-radius: 4px; background: #0b4f8a; color: #ffffff;
  text-decoration: none; }
.plkit :focus-visible, .plkit input:focus, .plkit textarea:focus, .plkit a:focus {
  outline: 3px solid #c25400 !important; outline-offset: 2px; }
.plkit .widget-radio-box label { margin: .15rem 0; }
.plkit-table { border-collapse: collapse; width: 100%; font-size: .95rem; margin: .4rem 0; }
.plkit-table caption { text-align: left; font-weight: 600; padding: .3rem 0; }
.plkit-table th, .plkit-table td { border: 1px solid #8a8a8a; padding: .2rem .45rem;
  text-align: left; vertical-align: top; }
.plkit figure { margin: .4rem 0; } .plkit figure svg { max-width: 100%; height: auto; }
/* Lists of panels (the home page's workbooks) are grids of cards. */
.plkit ul:has(> li.plkit-panel), .plkit ol:has(> li.plkit-panel) { display: grid; gap: .6rem;
  grid-template-columns: repeat(auto-fit, minmax(min(100%, 24rem), 1fr)); }
.plkit li.plkit-panel { max-width: none; margin: 0; }
/* Cards side by side where two fit (a laptop), one column on a tablet (768px). */
.plkit-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 24rem), 1fr));
  gap: .6rem; }
.plkit-grid > * { min-width: 0; max-width: 100%; margin-top: 0; margin-bottom: 0; }
</style>
"""


def stylesheet() -> w.HTML:
    """An invisible widget carrying plkit's CSS; display it once per page."""
    return Html(CSS, layout=w.Layout(height="0px", margin="0", overflow="hidden"))
