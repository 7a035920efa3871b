"""The "Designing guardrailed challenges" workbook (notebook: see its entry in plkit.registry)."""
