"""The "Start here" workbook (notebook: see its entry in plkit.registry)."""
