"""The "Looking back" closing workbook (notebook: see its entry in plkit.registry)."""
