"""The "Analysing your class data" workbook (notebook: see its entry in plkit.registry)."""
