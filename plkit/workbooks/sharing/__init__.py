"""The "Sharing the why" workbook (notebook: see its entry in plkit.registry)."""
