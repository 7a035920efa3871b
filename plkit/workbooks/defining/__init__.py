"""plkit/workbooks/defining."""
