"""The "Defining personalized learning" workbook (notebook: see its entry in plkit.registry)."""
