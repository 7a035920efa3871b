"""One package per workbook, each with the same file roles (see ARCHITECTURE.md):

``keys.py`` the store keys (prompt ids) · ``model.py`` the domain, no widgets ·
``completion.py`` what "complete" means · ``group.py`` the facilitator's anonymous group view ·
``takeaway.py`` the cards a participant downloads · ``widgets.py`` the workbook's own controls ·
``page.py`` one function per notebook cell.

Workbooks never import each other; a new workbook is a new package here and its entry in
:mod:`plkit.registry`.
"""
