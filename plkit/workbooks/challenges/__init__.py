"""plkit/workbooks/challenges."""
