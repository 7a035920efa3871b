"""plkit/workbooks/start_here."""
