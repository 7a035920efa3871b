"""ipywidgets components shared by several workbooks; each is testable without a browser.

Import a component from its module (``from plkit.ui.components import Choice``): this package
imports nothing by itself, so a page loads only the widgets it uses.
"""
