"""The check-in workbooks, two and six weeks after the day (notebooks: see their entries in
plkit.registry): one package, one page module per check-in, the same keys and completion rules."""
