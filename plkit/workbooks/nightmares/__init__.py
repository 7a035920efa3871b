"""The "Fifteen nightmares" workbook (notebook: see its entry in plkit.registry)."""
